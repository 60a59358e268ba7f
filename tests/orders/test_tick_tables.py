"""An ETF/ETN's tick table comes from KIS (its quoted tick, else the stock master), never from its name."""

from kis_xl import krx
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import submit

from .test_order_sheet import make_sheet, results

INVERSE = "114800"  # KODEX 인버스, about 4,480 won in the test session: stock and ETF ticks agree (5) there


def test_kis_says_which_tick_table_a_code_trades_on(make_client):
    real, mock = make_client(), make_client("mock")
    assert real.tick_table("005930", real.price("005930")) == krx.STOCK  # the quoted tick (100) tells
    assert real.tick_table(INVERSE, real.price(INVERSE)) == krx.ETP  # the tick cannot: the stock master does
    assert mock.tick_table(INVERSE, mock.price(INVERSE)) is None  # the mock domain has no stock master


def test_an_etf_price_on_its_own_grid_is_valid_where_kis_can_say_so(make_client, tmp_path):
    rows = [(INVERSE, "BUY", 1, "LIMIT", 5_005, "KRX", "etf"), ("000660", "BUY", 1, "LIMIT", 5_005, "KRX", "stock")]
    real = make_sheet(tmp_path / "real.xlsx", rows, send=False)
    submit(OpenpyxlSheet(real), str(real), client=make_client(), dry_run=True)
    etf, stock = (r for r in results(real).values())
    assert etf["Status"] == "VALID"  # 5,005 is on the ETF grid (5 won from 2,000 up)
    assert stock["Status"] == "INVALID" and "off the tick grid" in stock["Message"]
    mock = make_sheet(tmp_path / "mock.xlsx", rows[:1], send=False)
    submit(OpenpyxlSheet(mock), str(mock), client=make_client("mock"), dry_run=True)
    [row] = results(mock).values()
    assert row["Status"] == "INVALID" and "its own tick could not be confirmed" in row["Message"]
