"""A KIS client written by someone else (python-kis), pointed at the simulator, works unmodified.

Only its base URLs are configured (the module globals pykis.kis.REAL_DOMAIN/VIRTUAL_DOMAIN); its
own request building, header handling, paging and parsing run as they do against KIS.
"""

from datetime import date, datetime

import pykis.api.account.daily_order
import pykis.kis
from pykis import PyKis

from tests.conftest import new_account, new_app_key, new_app_secret


def test_python_kis_quotes_charts_and_orders(sim, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(pykis.kis, "REAL_DOMAIN", sim.real_url)
    monkeypatch.setattr(pykis.kis, "VIRTUAL_DOMAIN", sim.mock_url)
    key, account = new_app_key(), new_account()
    kis = PyKis(id="simuser", account=account, appkey=key, secretkey=new_app_secret(), keep_token=False)
    market = sim.world.market
    before = market.quote("005930", sim.world.now())
    quote = kis.stock("005930").quote()
    after = market.quote("005930", sim.world.now())  # the session clock runs on: a minute may turn meanwhile
    assert quote.name == "삼성전자"
    assert (float(quote.price), float(quote.change)) in {(s.price, s.change) for s in (before, after)}

    now = sim.world.now()
    chart = kis.stock("000660").chart(start=date(2025, 1, 2), end=now.date())
    closes = {bar.time.date(): float(bar.close) for bar in chart.bars}
    expected = {b.day: b.close for b in market.bars("000660", date(2025, 1, 2), now.date(), now)}
    today = now.date()
    assert {d: c for d, c in closes.items() if d != today} == {d: c for d, c in expected.items() if d != today}
    assert set(closes) == set(expected)

    order = kis.stock("005930").buy(qty=3)
    assert order.number
    trading = sim.world.trading
    acct = trading.accounts[trading.key("real", key, account)]
    assert acct.positions["005930"].qty == 3


def test_python_kis_account_balance_and_orders(monkeypatch, tmp_path):
    """python-kis's account calls: the integrated balance (domestic, and the US present balance with its USD
    deposit), the day's orders on both markets (inquire-daily-ccld, inquire-ccnl) and the pending ones."""
    from kis_xl import spec
    from kis_xl.sim.accounts import Position
    from kis_xl.sim.server import SimServer

    monkeypatch.setenv("HOME", str(tmp_path))
    with SimServer(seed=9, clock="2025-06-02T23:00:00+09:00") as server:  # 10:00 in New York
        monkeypatch.setattr(pykis.kis, "REAL_DOMAIN", server.real_url)
        monkeypatch.setattr(pykis.kis, "VIRTUAL_DOMAIN", server.mock_url)
        key, account = new_app_key(), new_account()
        kis = PyKis(id="simuser", account=account, appkey=key, secretkey=new_app_secret(), keep_token=False)
        trading = server.world.trading
        acct = trading.account("real", key, *account.split("-"))
        acct.positions["005930"] = Position("005930", "삼성전자", 10, 700_000.0)
        aapl = server.world.market.us_quote("AAPL", server.world.now()).price
        filled = trading.place_us(acct, domain="real", tr_id="TTTT1002U", side=spec.SIDE_BUY, exchange="NASD",
                                  symbol="AAPL", ord_dvsn="00", qty_text="2", price_text=f"{aapl * 1.01:.2f}")
        resting = trading.place_us(acct, domain="real", tr_id="TTTT1002U", side=spec.SIDE_BUY, exchange="NASD",
                                   symbol="MSFT", ord_dvsn="00", qty_text="3", price_text="1.00")

        balance = kis.account().balance()
        held = {s.symbol: int(s.quantity) for s in balance.stocks}
        assert held == {"005930": 10, "AAPL": 2}
        assert float(balance.deposits["USD"].amount) == acct.usd
        assert float(balance.deposits["KRW"].amount) == acct.cash

        # python-kis picks the recent or the old daily-orders tr_id by its own wall clock: give it the simulator's
        monkeypatch.setattr(pykis.api.account.daily_order, "datetime", _clock_of(server.world))
        orders = kis.account().daily_orders(start=date(2025, 6, 2), end=date(2025, 6, 3))
        numbers = {o.order_number.number.lstrip("0"): o for o in orders.orders}
        assert {filled.order_no.lstrip("0"), resting.order_no.lstrip("0")} <= set(numbers)
        assert int(numbers[filled.order_no.lstrip("0")].executed_quantity) == 2

        pending = kis.account().pending_orders()
        assert [o.symbol for o in pending.orders] == ["MSFT"]


def _clock_of(world) -> type[datetime]:
    """A datetime class whose now() is the simulator's clock (for a library that reads the wall clock)."""

    class SimDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return world.now().astimezone(tz) if tz else world.now().replace(tzinfo=None)

    return SimDatetime


def test_python_kis_streams_prices_over_the_websocket(sim, monkeypatch, tmp_path):
    """python-kis's own WebSocket client (websocket-client) subscribes to H0STCNT0 and parses KIS's 46 fields."""
    import time

    import pykis.client.websocket

    from kis_xl.sim.ws import hub, ws_url

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(pykis.kis, "REAL_DOMAIN", sim.real_url)
    monkeypatch.setattr(pykis.kis, "VIRTUAL_DOMAIN", sim.mock_url)
    monkeypatch.setattr(pykis.client.websocket, "WEBSOCKET_REAL_DOMAIN", ws_url(sim.real_url))
    monkeypatch.setattr(pykis.client.websocket, "WEBSOCKET_VIRTUAL_DOMAIN", ws_url(sim.mock_url))
    settings = hub(sim.world).settings
    monkeypatch.setattr(settings, "trade_rate", 20.0)
    kis = PyKis(id="simuser", account=new_account(), appkey=new_app_key(), secretkey=new_app_secret(),
                keep_token=False)
    prices = []
    ticket = kis.stock("005930").on("price", lambda sender, e: prices.append(e.response))
    try:
        deadline = time.monotonic() + 10
        while not prices:
            assert time.monotonic() < deadline, "python-kis received no price"
            time.sleep(0.02)
        state = sim.world.market.quote("005930", sim.world.now())
        assert prices[-1].symbol == "005930"
        assert float(prices[-1].price) in {state.price, sim.world.market.quote("005930", sim.world.now()).price}
        assert int(prices[-1].volume) > 0
    finally:
        ticket.unsubscribe()
        kis.websocket.disconnect()

