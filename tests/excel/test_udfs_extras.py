"""Issue 15's worksheet functions against the session simulator: values, headers, errors."""

from datetime import date, datetime

import pytest

from kis_xl import krx, udfs
from kis_xl.services.quotes import reset_services
from kis_xl.sim.indices import index_model
from tests.conftest import point_profile


@pytest.fixture
def excel(sim_env):
    reset_services()
    yield udfs
    reset_services()


@pytest.fixture
def mock_excel(sim, monkeypatch):
    point_profile(monkeypatch, "mock", sim.mock_url)
    reset_services()
    yield udfs
    reset_services()


def levels(sim, code, read):
    """``read()`` and the simulator's index levels just before and after it (its clock may turn a minute)."""
    model = index_model(sim.world.market)
    before = model.state(code, sim.world.now())
    value = read()
    after = model.state(code, sim.world.now())
    return value, (before, after)


def test_index_level_fields_and_ranges(excel, sim):
    level, states = levels(sim, "0001", lambda: excel.KIS_INDEX("KOSPI"))
    assert level in {s.level for s in states} and 2000 < level < 3500
    assert excel.KIS_INDEX("0001") == level  # cached: the same answer by code
    pct, states = levels(sim, "1001", lambda: excel.KIS_INDEX(1001.0, "등락률"))  # Excel's number for 1001
    assert pct in {s.change_pct for s in states}
    grid = excel.KIS_INDEX([["KOSPI", "KOSDAQ"], [2001.0, "0003"]], "prev_close")
    assert grid[0][0] == index_model(sim.world.market).state("0001", sim.world.now()).prev_close
    assert grid[1][0] == index_model(sim.world.market).state("2001", sim.world.now()).prev_close
    assert grid[1][1] == "#KIS! unknown code 0003"
    assert excel.KIS_INDEX("KOSPI", "advancing") + excel.KIS_INDEX("KOSPI", "declining") > 500


def test_index_history_spills_pages_and_matches_the_model(excel, sim):
    table = excel.KIS_INDEX_HISTORY("KOSDAQ", "2024-01-01", "2025-05-30")
    assert table[0] == ["date", "open", "high", "low", "close", "volume", "value"]
    rows = table[1:]
    assert len(rows) > 300  # more than the 100 rows KIS gives per call
    assert rows[0][0] == datetime(2024, 1, 2) and rows[-1][0] == datetime(2025, 5, 30)
    bars = index_model(sim.world.market).bars("1001", date(2024, 1, 1), date(2025, 5, 30), sim.world.now())
    assert [r[4] for r in rows] == [b.close for b in bars]
    desc = excel.KIS_INDEX_HISTORY("KOSDAQ", "2024-01-01", "2025-05-30", "D", "desc", False)
    assert desc[0] == rows[-1] and len(desc) == len(rows)
    monthly = excel.KIS_INDEX_HISTORY("0001", "2025-01-01", "2025-05-30", "M")
    assert [r[0].month for r in monthly[1:]] == [1, 2, 3, 4, 5]


def test_index_errors_are_cell_messages(excel):
    assert excel.KIS_INDEX("NASDAQ").startswith("#KIS! not an index code: 'NASDAQ'")
    assert excel.KIS_INDEX("0001", "nonsense") == "#KIS! unknown field nonsense"
    assert excel.KIS_INDEX_HISTORY("0001", "2025-06-01", "2025-01-01") == \
        "#KIS! start 2025-06-01 is after end 2025-01-01"
    refused = excel.KIS_INDEX_HISTORY("0001", "1999-01-01", "1999-12-31")
    assert refused.startswith("#KIS! KIS refuses the dates asked") and "DATE" in refused
    assert excel.KIS_INDEX_HISTORY("0001", "2025-01-01", "2025-02-01", "Y").startswith("#KIS! period must be D, W or M")


def test_index_on_the_mock_domain_says_to_use_a_real_key(mock_excel):
    message = mock_excel.KIS_INDEX("KOSPI")
    assert message.startswith("#KIS! index_price is not offered on the mock domain")
    assert 'use a real-domain key for market data (market_data = "real"' in message
    assert "not offered on the mock domain" in mock_excel.KIS_INDEX_HISTORY("KOSPI", -30)


def test_info_fields_table_and_search_info(excel):
    assert excel.KIS_INFO("005930", "name") == "삼성전자"
    assert excel.KIS_INFO(5930.0, "업종") == "전기전자" and excel.KIS_INFO("005930", "market") == "KOSPI"
    assert excel.KIS_INFO("005930", "par_value") == 100 and excel.KIS_INFO("005930", "listed_shares") == 5_969_000_000
    assert isinstance(excel.KIS_INFO("005930", "listed"), datetime)
    assert excel.KIS_INFO("069500", "kind") == "ETF"
    assert excel.KIS_INFO("005930", "product_class") == "101210"  # from search-info (CTPF1604R)
    table = excel.KIS_INFO("000660")
    assert table[0] == ["name", "SK하이닉스"] and ["market", "KOSPI"] in table and len(table) > 15
    assert excel.KIS_INFO("995000", "name") == "#KIS! unknown code 995000"
    assert excel.KIS_INFO("AAPL").startswith("#KIS! KIS_INFO takes KRX codes")
    assert excel.KIS_INFO("005930", "colour") == "#KIS! unknown field colour"


def test_holidays_and_isopen_follow_kis_calendar(excel, sim):
    table = excel.KIS_HOLIDAYS("2025-06-01", "2025-06-08")
    assert table[0] == ["date", "weekday", "open", "business_day", "settlement_day"]
    assert [r[0].day for r in table[1:]] == list(range(1, 9))
    assert [r[2] for r in table[1:]] == [False, True, False, True, True, False, False, False]  # 6/3 election, 6/6
    long = excel.KIS_HOLIDAYS("2025-01-01", "2025-12-31", False)
    sessions = krx.trading_days(date(2025, 1, 1), date(2025, 12, 31))
    assert len(long) == 365 and [r[0].date() for r in long if r[2]] == sessions  # many chk-holiday pages
    assert excel.KIS_ISOPEN("2025-06-03") is False and excel.KIS_ISOPEN("20250602") is True
    assert excel.KIS_ISOPEN() is True  # the session clock's day, 2025-06-02
    assert excel.KIS_ISOPEN([["2025-06-02", "2025-06-06"]]) == [[True, False]]
    assert excel.KIS_HOLIDAYS("2025-06-08", "2025-06-01") == "#KIS! start 2025-06-08 is after end 2025-06-01"
    assert excel.KIS_ISOPEN("soon").startswith("#KIS! date is not a date")


def test_sellable_after_a_buy(excel):
    from kis_xl.services.quotes import service

    assert excel.KIS_SELLABLE("005930") == 0
    service().client.buy("005930", 7)  # a market order fills at once in the session
    service().refresh()
    assert excel.KIS_SELLABLE("005930") == 7
    assert excel.KIS_SELLABLE([["005930", "000660"]], "holding_qty") == [[7, 0]]
    assert excel.KIS_SELLABLE("005930", "bought_today") == 7 and excel.KIS_SELLABLE("005930", "avg_price") > 0
    assert excel.KIS_SELLABLE("995000") == "#KIS! unknown code 995000"


def test_mock_domain_info_holidays_and_sellable(mock_excel):
    assert "use a real-domain key for market data" in mock_excel.KIS_INFO("005930", "name")
    assert "use a real-domain key for market data" in mock_excel.KIS_ISOPEN("2025-06-02")
    assert mock_excel.KIS_SELLABLE("005930") == 0  # from the balance: the mock domain has no inquire-psbl-sell
