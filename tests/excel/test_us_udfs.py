"""=KIS_BALANCE and =KIS_CASH show the US side: USD holdings after the domestic ones, USD cash from the present balance."""

import pytest

from kis_xl import udfs
from kis_xl.models import OrderRequest, Side
from kis_xl.services.quotes import reset_services, service
from kis_xl.sim.server import SimServer
from tests.conftest import point_profile


@pytest.fixture(scope="module")
def us_open():
    with SimServer(seed=17, clock="2025-06-02T23:00:00+09:00") as server:  # 10:00 in New York
        yield server


@pytest.fixture
def excel(us_open, monkeypatch):
    point_profile(monkeypatch, "sim", us_open.real_url)
    reset_services()
    yield udfs
    reset_services()


def test_balance_and_cash_show_usd_holdings_and_cash(excel, us_open):
    assert excel.KIS_CASH("usd") == 10_000.0
    client = service().client
    price = client.us_price("AAPL").price
    client.place_order(OrderRequest("AAPL", Side.BUY, 2, round(price * 1.01, 2), market="NAS"))
    excel.KIS_REFRESH()
    rows = excel.KIS_BALANCE(["code", "market", "currency", "수량"])
    assert rows == [["code", "market", "currency", "수량"], ["AAPL", "NAS", "USD", 2]]
    [acct] = us_open.world.trading.accounts.values()
    cash = dict(excel.KIS_CASH())
    assert cash["usd_deposit"] == excel.KIS_CASH("외화예수금") == acct.usd < 10_000
    assert cash["usd_securities_eval"] == excel.KIS_BALANCE(["evaluation"], False)[0][0] > 0  # one cached balance
    assert cash["deposit"] == 10_000_000  # the won side is untouched
