"""The client's venues and sessions: quotes, charts and minute bars by venue; domestic orders on NXT and SOR with
the venue carried into the lists and the cancel; the US daytime endpoints; reservations placed, listed,
modified, cancelled and found as the orders they became; what the mock domain does not offer; the profile's
default venues."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from kis_xl import krx
from kis_xl.client import KisClient
from kis_xl.config import load_profile
from kis_xl.errors import ConfigError, InvalidCode, InvalidOrder
from kis_xl.models import OrderRequest, OrderType, ReservationStatus, Side
from kis_xl.sim.server import SimServer

DAY = date(2025, 6, 4)


def at(hhmm: str, day: date = DAY) -> datetime:
    return datetime.fromisoformat(f"{day.isoformat()}T{hhmm}+09:00")


@pytest.fixture(scope="module")
def server():
    with SimServer(seed=21, clock=at("17:00:00"), starting_cash=10**9) as s:
        yield s


@pytest.fixture
def client(server, make_profile):
    c = KisClient(make_profile(rest_url=server.real_url), timeout=5)
    yield c
    c.close()


def moment(server, client, when: datetime) -> None:
    server.world.clock.set(when)
    client.transport.server_offset = None  # the clock jumped: the client reads it again


def test_quotes_history_and_minutes_by_venue(server, client):
    moment(server, client, at("17:00:00"))
    nxt = server.world.tracks.venue_state("005930", "NXT", server.world.now())
    assert client.price("005930", "NXT").price == nxt.price == client.price("005930", "통합").price
    assert client.price("005930").venue == "KRX" and client.price("005930").price != nxt.price
    before = client.stats.requests
    quotes = client.prices(["005930", "035900", "000660"], "NXT")
    assert client.stats.requests - before == 1 and set(quotes) == {"005930", "000660"}  # JYP: not on NXT
    assert quotes["005930"].price == nxt.price and quotes["005930"].venue == "NXT"
    with pytest.raises(InvalidCode, match="035900 is not traded on NXT"):
        client.price("035900", "NXT")
    assert client.nxt_listed("005930") is True and client.nxt_listed("035900") is False
    bars = client.history("005930", date(2025, 2, 1), DAY, venue="NXT")
    assert bars[0].date == date(2025, 3, 4) and bars[-1].date == DAY and bars[-1].close == nxt.price
    minutes = client.minute_bars("005930", venue="NXT")
    assert minutes[0].at.time() == time(8, 1) and minutes[-1].at.time() == time(17, 0)
    assert len(minutes) == 50 + 379 + 90  # pre-market, main session, the after-market so far
    assert client.orderbook("005930", "NXT").asks[0].price > nxt.price - 1


def test_an_nxt_order_carries_its_venue_into_the_lists_and_its_cancel(server, client):
    moment(server, client, at("17:00:00"))
    low = client.price("005930").lower_limit
    with pytest.raises(InvalidOrder, match="KRX is closed for LIMIT orders .* NXT after-market until 20:00 KST"):
        client.buy("005930", 1, low)
    ack = client.buy("005930", 1, low, venue="NXT")
    assert ack.venue == "NXT"
    [record] = client.daily_orders().orders
    assert (record.venue, record.id) == ("NXT", ack.id)
    cancel = client.cancel_order(ack.id)
    assert cancel.venue == "NXT"
    assert [o.venue for o in client.daily_orders().orders] == ["NXT", "NXT"]
    with pytest.raises(InvalidOrder, match="NXT takes no MARKET/시장가 orders"):
        client.buy("005930", 1, venue="NXT")


def test_the_us_daytime_endpoints(server, client):
    moment(server, client, at("11:00:00"))
    ack = client.place_order(OrderRequest("AAPL", Side.BUY, 1, 1.0, market="NAS"))  # "now": the daytime session
    assert ack.venue == "US-DAY" and ack.day == DAY
    [record] = client.us_daily_orders().orders
    assert record.venue == "US-DAY"
    modified = client.modify_us_order(ack.order_no, 1.5)
    assert modified.venue == "US-DAY"
    orders = server.world.trading.accounts[server.world.trading.key("real", client.profile.app_key,
                                                                    client.profile.account)].orders
    assert (orders[-1].venue, orders[-1].price) == ("US-DAY", 1.5)
    client.cancel_us_order(modified.order_no)
    assert not orders[-1].working or orders[-1].cancelled_qty
    moment(server, client, at("17:30:00"))  # the daytime session and the pre-market both run
    ack = client.place_order(OrderRequest("AAPL", Side.BUY, 1, 1.0, market="NAS"))
    assert client.cancel_us_order(ack.order_no).venue == "US-DAY"  # this PC remembers where it sent it
    ack = client.place_order(OrderRequest("AAPL", Side.BUY, 1, 1.0, market="NAS"))
    client._us_venues.path.unlink()  # an order another PC placed: the time alone cannot tell
    with pytest.raises(InvalidOrder, match="say which it went to"):
        client.cancel_us_order(ack.order_no)
    assert client.cancel_us_order(ack.order_no, session="day").venue == "US-DAY"


def test_reservations_from_placing_to_the_order_they_became(server, client):
    moment(server, client, at("20:00:00"))
    price = float(krx.round_to_tick(client.price("005930", "KRX").price * 0.9, "up"))
    taken = client.reserve(OrderRequest("005930", Side.BUY, 3, price))
    assert taken.release == at("09:00:00", date(2025, 6, 5)) and taken.id.day == DAY
    dropped = client.reserve(OrderRequest("005930", Side.BUY, 1, None, OrderType.MARKET))
    [first, second] = sorted(client.reservations(), key=lambda r: r.id.number)
    assert (first.id, first.status, first.price, first.quantity) == (taken.id, ReservationStatus.WAITING, price, 3)
    client.modify_reservation(taken.id, price=price - krx.tick_size(price))
    client.cancel_reservation(dropped.id)
    states = {r.id: (r.status, r.price) for r in client.reservations()}
    assert states == {taken.id: (ReservationStatus.WAITING, price - krx.tick_size(price)),
                      dropped.id: (ReservationStatus.CANCELLED, 0.0)}
    moment(server, client, at("09:05:00", date(2025, 6, 5)))
    sent = next(r for r in client.reservations(DAY) if r.id == taken.id)
    assert sent.status == ReservationStatus.SENT and sent.order.day == date(2025, 6, 5)
    order = next(o for o in client.daily_orders(date(2025, 6, 5)).orders if o.id == sent.order)
    assert (order.code, order.quantity, order.price) == ("005930", 3, price - krx.tick_size(price))
    with pytest.raises(InvalidOrder, match="closed until 15:40 KST"):
        client.cancel_reservation(taken.id)
    with pytest.raises(InvalidOrder, match="KRX reservations .* are closed until 15:40 KST"):
        client.reserve(OrderRequest("005930", Side.BUY, 1, price))


def test_a_period_reservation_goes_out_each_day_until_its_end(server, client):
    moment(server, client, at("20:00:00"))
    low = float(krx.round_to_tick(client.price("005930", "KRX").price * 0.85, "up"))  # rests, within the limits
    taken = client.reserve(OrderRequest("005930", Side.BUY, 2, low), until=date(2025, 6, 9))
    moment(server, client, at("10:00:00", date(2025, 6, 9)))  # Thursday, (Friday 6/6 a holiday), Monday
    [r] = [r for r in client.reservations(DAY) if r.id == taken.id]
    assert r.end_date == date(2025, 6, 9) and r.order.day == date(2025, 6, 9)
    assert any(o.id == r.order for o in client.daily_orders(date(2025, 6, 9)).orders)
    assert [o.order_date for o in client.daily_orders(date(2025, 6, 5), date(2025, 6, 9)).orders if o.code == "005930"
            and o.price == low] == [date(2025, 6, 9), date(2025, 6, 5)]


def test_reservation_terms_kis_would_refuse_are_refused_before_sending(server, client):
    """Issue 28, defects 1, 2, 7, 9: a US reservation's --until and --session day were dropped silently; a past
    or too distant end date went to KIS; the end date was shown nowhere."""
    moment(server, client, at("17:30:00"))
    with pytest.raises(InvalidOrder, match="US reservation lasts one day"):
        client.reserve(OrderRequest("AAPL", Side.BUY, 1, 200.0, market="NAS"), until=date(2025, 6, 10))
    with pytest.raises(InvalidOrder, match="daytime session .* takes none"):
        client.reserve(OrderRequest("AAPL", Side.BUY, 1, 200.0, market="NAS", session="day"))
    moment(server, client, at("20:00:00"))
    low = float(krx.round_to_tick(client.price("005930", "KRX").price * 0.85, "up"))
    with pytest.raises(InvalidOrder, match=r"ends after the day it first goes out \(2025-06-05\)"):
        client.reserve(OrderRequest("005930", Side.BUY, 1, low), until=date(2025, 6, 4))
    with pytest.raises(InvalidOrder, match="by 2025-07-05"):
        client.reserve(OrderRequest("005930", Side.BUY, 1, low), until=date(2025, 7, 6))
    assert client.reservations() == []  # nothing reached KIS
    taken = client.reserve(OrderRequest("005930", Side.BUY, 1, low), until=date(2025, 7, 5))
    assert taken.until == date(2025, 7, 5)
    [listed] = client.reservations()
    assert listed.end_date == date(2025, 7, 5)


def test_what_the_mock_domain_does_not_offer(server, make_profile):
    mock = KisClient(make_profile("mock", rest_url=server.mock_url), timeout=5)
    try:
        moment(server, mock, at("11:00:00"))
        with pytest.raises(InvalidOrder, match=r"mock domain \(모의투자\) takes KRX orders only, not NXT"):
            mock.buy("005930", 1, venue="NXT")
        with pytest.raises(InvalidOrder, match="offers no US daytime session"):
            mock.place_order(OrderRequest("AAPL", Side.BUY, 1, 1.0, market="NAS"))
        moment(server, mock, at("20:00:00"))
        with pytest.raises(InvalidOrder, match="offers no domestic reservations"):
            mock.reserve(OrderRequest("005930", Side.BUY, 1, None, OrderType.MARKET))
    finally:
        mock.close()


def test_the_profile_names_its_default_venues(tmp_path, monkeypatch, server, make_profile):
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[profiles.mock]\nvenue = "sor"\nquote_venue = "UN"\n', encoding="utf-8")
    profile = load_profile("mock")
    assert (profile.venue, profile.quote_venue) == ("sor", "UN")
    client = KisClient(make_profile(rest_url=server.real_url, venue="sor", quote_venue="UN"), timeout=5)
    try:
        assert client.order_venue() == "SOR" and client.order_venue("KRX") == "KRX"
        assert client.quote_venue() == "UN" and client.price("005930").venue == "UN"
    finally:
        client.close()
    config.write_text('[profiles.mock]\nvenue = "LSE"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[profiles.mock\] venue = 'LSE': expected KRX, NXT or SOR"):
        load_profile("mock")


def test_a_us_daytime_order_placed_while_the_pre_market_runs_is_listed_on_its_venue(make_profile):
    """Issue 28, defect 4: at 17:30 KST in US summer time the daytime session and the pre-market both run, so the
    list's time cannot tell which endpoint took an order: it showed venue "" although the answer said US-DAY."""
    with SimServer(seed=5, clock=at("17:30:00")) as server:
        server.world.starting_usd = 10**6
        client = KisClient(make_profile(rest_url=server.real_url), timeout=30)
        ack = client.place_order(OrderRequest("AAPL", Side.BUY, 1, 1.0, market="NAS"))
        assert ack.venue == "US-DAY"
        [listed] = client.us_daily_orders().orders
        assert listed.venue == "US-DAY"
        other = KisClient(make_profile(rest_url=server.real_url, app_key=client.profile.app_key,
                                       app_secret=client.profile.app_secret, account=client.profile.account),
                          timeout=30)  # another process of this PC reads the same account
        assert [o.venue for o in other.us_daily_orders().orders] == ["US-DAY"]
        client.close()
        other.close()
