"""Order rules by venue and session: which types each venue takes, which session serves a request at a
moment, the after-hours price rules, and the message naming what is open instead."""

from datetime import datetime

import pytest

from kis_xl import rules
from kis_xl.models import OrderRequest, OrderType, Quote, Side

CLOSE = Quote("005930", 70_000, 0, 0, None, None, None, 70_000, 0, 0, upper_limit=91_000, lower_limit=49_000)
EVENING, NIGHT, MORNING = (datetime.fromisoformat(t) for t in (
    "2025-06-02T17:00:00+09:00", "2025-06-02T21:00:00+09:00", "2025-06-02T10:00:00+09:00"))


def buy(price=70_000.0, order_type=OrderType.LIMIT, **kw) -> OrderRequest:
    return OrderRequest(kw.pop("code", "005930"), Side.BUY, 1, price, order_type, **kw)


def problems(request, when, **kw):
    return rules.request_problems(request, quote=CLOSE, at=when, **kw)


@pytest.mark.parametrize(("venue", "order_type", "ok"), [
    ("KRX", OrderType.MARKET, True), ("NXT", OrderType.MARKET, False), ("NXT", OrderType.CONDITIONAL, False),
    ("NXT", OrderType.MID, True), ("SOR", OrderType.MARKET, True), ("SOR", OrderType.MID, False),
    ("SOR", OrderType.STOP_LIMIT, False), ("NXT", OrderType.AFTER_SINGLE, False), ("SOR", OrderType.PRE_MARKET, False),
])
def test_each_venue_takes_kis_types(venue, order_type, ok):
    assert (rules.venue_problems(order_type, venue) == []) is ok


def test_nxt_refuses_a_market_order_saying_where_it_goes():
    assert rules.venue_problems(OrderType.MARKET, "NXT") == [
        "NXT takes no MARKET/시장가 orders: set Venue to KRX or SOR, or choose another type"]


def test_a_limit_order_at_17_is_told_what_is_open_instead():
    assert problems(buy(), EVENING) == [
        "KRX is closed for LIMIT orders until 2025-06-04 09:00 KST (KRX regular session); open now: NXT "
        "after-market until 20:00 KST (set Venue to NXT or SOR), KRX after-hours single price until 18:00 KST "
        "(type AFTER_SINGLE), KRX reservations until 23:40 KST (reserve it: 예약주문)"]
    assert problems(buy(venue="NXT"), EVENING) == [] and problems(buy(venue="SOR"), EVENING) == []
    assert rules.route(buy(venue="SOR"), EVENING).session.key == "NXT-AFTER"
    assert rules.route(buy(venue="SOR"), MORNING).session.key == "KRX"  # KRX's session first while it runs


def test_a_stock_nxt_does_not_list_goes_to_krx_only():
    assert problems(buy(venue="NXT"), MORNING, nxt_listed=False) == [
        "005930 is not traded on NXT (the stock master's NXT flag): set Venue to KRX or SOR"]
    sor = problems(buy(venue="SOR"), EVENING, nxt_listed=False)[0]
    assert sor.startswith("SOR is closed for LIMIT orders until 2025-06-04 09:00 KST") and "NXT" not in sor


def test_after_hours_types_in_their_sessions_with_their_prices():
    assert problems(buy(76_000.0, OrderType.AFTER_SINGLE), EVENING) == []
    assert problems(buy(78_000.0, OrderType.AFTER_SINGLE), EVENING) == [
        "a 시간외 단일가 price stays within ±10 % of the close 70,000: 63,000 to 77,000, not 78,000"]
    assert problems(buy(None, OrderType.AFTER_MARKET), datetime.fromisoformat("2025-06-02T15:45:00+09:00")) == []
    assert problems(buy(70_000.0, OrderType.AFTER_MARKET), EVENING) == [
        "a AFTER_MARKET order takes no price: drop the price 70,000, it trades at the close"]
    closed = problems(buy(None, OrderType.PRE_MARKET), EVENING)[0]
    assert closed.startswith("KRX is closed for PRE_MARKET orders until 2025-06-04 08:30 KST (KRX pre-market "
                             "closing price)")
    assert problems(buy(76_000.0, OrderType.AFTER_SINGLE), MORNING)[0].startswith(
        "KRX is closed for AFTER_SINGLE orders until 16:00 KST")


def test_without_a_clock_after_hours_types_are_left_to_senders_that_check_sessions():
    assert rules.type_problems(OrderType.AFTER_SINGLE) == [
        "AFTER_SINGLE/시간외단일가 orders trade only in KRX after-hours single price (시간외 단일가), 16:00-18:00 KST: "
        "send it where sessions are checked (kis-xl buy/sell, or the Python API)"]
    assert rules.type_problems(OrderType.AFTER_SINGLE, at=EVENING) == []


def test_us_orders_go_to_the_daytime_session_or_the_order_endpoint():
    aapl = OrderRequest("AAPL", Side.BUY, 1, 200.0, market="NAS")
    assert rules.us_session(aapl, MORNING) == "day" and rules.us_session(aapl, NIGHT) == "regular"
    assert rules.route(aapl, MORNING).session.key == "US-DAY" and rules.route(aapl, NIGHT).session.key == "US-PRE"
    regular_at_noon = OrderRequest("AAPL", Side.BUY, 1, 200.0, market="NAS", session="regular")
    assert problems(regular_at_noon, MORNING) == [
        "the US market is closed for LIMIT orders until 17:00 KST (US pre-market); open now: US daytime session "
        "until 18:00 KST (--session day (주간거래)), US reservations until 16:30 KST (reserve it: 예약주문)"]
    day_at_night = OrderRequest("AAPL", Side.BUY, 1, 200.0, market="NAS", session="day")
    assert problems(day_at_night, NIGHT)[0].startswith(
        "the US daytime session is closed for LIMIT orders until 2025-06-03 10:00 KST")
    assert problems(OrderRequest("AAPL", Side.BUY, 1, 200.0, market="NAS", venue="NXT"), NIGHT) == [
        "a venue (KRX, NXT, SOR) is for domestic orders: drop NXT"]
    assert problems(buy(session="day"), MORNING) == ["a session (day, regular) is for US orders: drop 'day'"]


def test_reservations_have_their_windows_types_and_tomorrows_limits():
    assert problems(buy(), NIGHT, reserve=True) == []
    assert problems(buy(), MORNING, reserve=True) == ["KRX reservations (국내 예약주문) are closed until 15:40 KST"]
    assert problems(buy(None, OrderType.PRE_MARKET), NIGHT, reserve=True) == []
    assert problems(buy(venue="NXT"), NIGHT, reserve=True) == [
        "a reservation goes to KRX (KIS's order-resv takes no venue), not NXT: set Venue to KRX"]
    assert problems(buy(70_000.0, OrderType.IOC_LIMIT), NIGHT, reserve=True) == [
        "KRX reservations take LIMIT, MARKET, CONDITIONAL, PRE_MARKET orders, not IOC_LIMIT"]
    assert problems(buy(91_000.0), NIGHT, reserve=True) == []  # the limits from the price now: 70,000 ± 30 %
    assert problems(buy(92_000.0), NIGHT, reserve=True) == [
        "price 92,000 is above the next session's expected upper limit 91,000"]


def test_an_after_hours_single_price_order_without_a_price_is_not_told_to_go_market():
    """Issue 28, defect 8: at 17:00 a MARKET order is closed, so the advice is a price, not a market order."""
    from kis_xl.rules import price_problems

    [problem] = price_problems(OrderType.AFTER_SINGLE, None)
    assert "MARKET" not in problem and "±10 %" in problem
    assert "MARKET" in price_problems(OrderType.LIMIT, None)[0]
