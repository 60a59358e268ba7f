"""=KIS_BALANCE and =KIS_CASH show the US side (USD holdings after the domestic ones, USD cash from the present
balance); KIS_PRICE's detail fields, KIS_ORDERBOOK and KIS_PNL(…, "US") answer for US stocks."""

import pytest

from kis_xl import udfs
from kis_xl.models import OrderRequest, Side
from kis_xl.services.quotes import reset_services, service
from kis_xl.sim.accounts import USD_KRW
from kis_xl.sim.server import SimServer
from kis_xl.udfs.market import DETAIL_ONLY
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


def test_detail_fields_answer_for_us_symbols(excel):
    detail = service().client.us_price_detail("AAPL")
    for field in sorted(DETAIL_ONLY):
        value = excel.KIS_PRICE("AAPL", field)
        assert isinstance(value, (int, float)) and value == getattr(detail, field), field
    assert excel.KIS_PRICE("AAPL", "PER") == excel.KIS_PRICE("AAPL", "per") > 0
    assert excel.KIS_PRICE("AAPL", "52주최고") >= excel.KIS_PRICE("AAPL") >= excel.KIS_PRICE("AAPL", "52주최저")
    grid = excel.KIS_PRICE([["AAPL", "IBM"]], "market_cap")
    assert all(isinstance(v, float) and v > 0 for v in grid[0])


def test_quote_table_mixes_us_detail_with_the_price(excel):
    rows = excel.KIS_QUOTE([["AAPL"], ["NYS:IBM"]], [["price", "pbr", "tick"]])
    assert rows[0] == ["code", "price", "pbr", "tick"]
    assert [r[0] for r in rows[1:]] == ["AAPL", "IBM"] and all(r[2] > 0 and r[3] == 0.01 for r in rows[1:])


def test_us_orderbook_spills_the_one_level_kis_gives(excel):
    rows = excel.KIS_ORDERBOOK("AAPL")
    assert rows[0] == ["ask_qty", "price", "bid_qty"] and len(rows) == 3
    (ask_qty, ask, blank), (empty, bid, bid_qty) = rows[1], rows[2]
    assert ask > bid > 0 and ask_qty > 0 and bid_qty > 0 and blank == empty == ""
    assert excel.KIS_ORDERBOOK("NOSUCH").startswith("#")


def test_pnl_for_the_us_in_dollars_and_won(excel):
    client = service().client
    price = client.us_price("AAPL").price
    client.place_order(OrderRequest("AAPL", Side.BUY, 2, round(price * 1.02, 2), market="NAS"))
    client.place_order(OrderRequest("AAPL", Side.SELL, 2, round(price * 0.98, 2), market="NAS"))
    assert excel.KIS_PNL("2025-06-02", "2025-06-02")[1][0] == "(no realised P&L)"  # domestic: none
    table = excel.KIS_PNL("2025-06-02", "2025-06-02", "stock", True, "US")
    assert table[0][:4] == ["date", "code", "exchange", "sell_qty"]
    head, row, total = table
    assert row[1:4] == ["AAPL", "NASD", 2] and total[0] == "total"
    realized = head.index("realized")
    assert total[realized] == pytest.approx(row[realized], abs=0.01) and row[realized] < 0
    won = excel.KIS_PNL("2025-06-02", "2025-06-02", "krw", False, "미국")
    assert won[0][realized] == pytest.approx(row[realized] * USD_KRW, abs=2)


def test_pnl_refuses_a_bad_market_or_by_in_its_cell(excel):
    assert excel.KIS_PNL("2025-06-02", None, "stock", True, "JP").startswith("#KIS! market must be")
    assert excel.KIS_PNL("2025-06-02", None, "day", True, "US").startswith('#KIS! with market "US"')
