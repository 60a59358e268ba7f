"""A KIS client written by someone else (python-kis), pointed at the simulator, works unmodified.

Only its base URLs are configured (module globals, as kis-api-reference.md §11 describes); its
own request building, header handling, paging and parsing run as they do against KIS.
"""

from datetime import date

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
