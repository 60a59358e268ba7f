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
    assert excel.KIS_ISTRADINGDAY([["2025-06-02", "2025-06-06"]]) == [[True, False]]  # the same, by its right name


def test_session_says_what_is_open_now_and_until_when(excel):
    """On the session simulator's clock, 2025-06-02 from 10:00 KST: KRX open, New York not yet."""
    table = excel.KIS_SESSION()
    assert table[0] == ["session", "open", "until (KST)", "status"] and len(table) == 14  # every session in the table
    rows = {row[0]: row[1:] for row in table[1:]}
    assert rows["KRX regular session (KRX 정규장)"] == [True, datetime(2025, 6, 2, 15, 30), "open until 15:30 KST"]
    assert rows["NXT main session (NXT 메인마켓)"] == [True, datetime(2025, 6, 2, 15, 20), "open until 15:20 KST"]
    assert rows["NXT after-market (NXT 애프터마켓)"] == [False, datetime(2025, 6, 2, 15, 30), "closed until 15:30 KST"]
    assert rows["US daytime session (미국 주간거래)"] == [True, datetime(2025, 6, 2, 18, 0), "open until 18:00 KST"]
    assert rows["US regular session (미국 정규장)"] == [False, datetime(2025, 6, 2, 22, 30), "closed until 22:30 KST"]
    assert excel.KIS_SESSION("KRX") == "open until 15:30 KST" and excel.KIS_SESSION("krx", "open") is True
    assert excel.KIS_SESSION("US", "until") == datetime(2025, 6, 2, 22, 30)
    assert excel.KIS_SESSION("nxt-after") == "closed until 15:30 KST"
    assert excel.KIS_SESSION(None, None, False) == table[1:]
    assert excel.KIS_SESSION("LSE").startswith("#KIS! unknown session 'LSE': KRX-PREMARKET, NXT-PRE, KRX-PRE, KRX")
    assert excel.KIS_SESSION("KRX", "colour") == "#KIS! unknown field colour"


def test_session_of_a_day_by_the_dated_table(excel):
    """=KIS_SESSION(date): that day's sessions per venue (issue 28): 2025's single-price session, 2026's KRX
    after-market with its unpublished order parameters, the exam day's late open; today also says what is open."""
    old = {row[1]: row[2:] for row in excel.KIS_SESSION("2025-06-04")[1:]}
    assert old["KRX after-hours single price"][:2] == ["16:00", "18:00"]
    new = {row[1]: row[2:] for row in excel.KIS_SESSION(datetime(2026, 12, 7))[1:]}
    assert new["KRX after-market"][:3] == ["16:00", "20:00", "not published by KIS"]
    assert "KRX after-hours single price" not in new
    exam = excel.KIS_SESSION("2026-11-19", None, False)
    assert ["KRX", "KRX regular session", "10:00", "16:30"] in [row[:4] for row in exam]
    today = excel.KIS_SESSION("2025-06-02")
    assert today[0][-1] == "now" and {row[1]: row[-1] for row in today[1:]}["KRX regular session"] == "open"


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


def test_investors_ticks_members(excel, sim):
    table = excel.KIS_INVESTORS("005930", 5)
    assert table[0][:5] == ["date", "close", "individuals", "foreigners", "institutions"] and len(table) == 6
    assert table[1][0] == datetime(2025, 6, 2) and table[2][0] == datetime(2025, 5, 30)  # newest first
    bars = sim.world.market.bars("005930", date(2025, 5, 30), date(2025, 5, 30), sim.world.now())
    assert table[2][1] == bars[0].close
    assert all(abs(r[2] + r[3] + r[4]) <= 2 for r in table[1:])  # net buying balances out
    ticks = excel.KIS_TICKS("005930", 5)
    assert ticks[0] == ["time", "price", "volume", "change", "change_pct", "strength"] and len(ticks) == 6
    assert ticks[1][0] >= ticks[2][0] and ticks[1][0] <= sim.world.now().strftime("%H:%M:%S") and ticks[1][2] > 0
    assert ticks[1][1] == sim.world.market.quote("005930", sim.world.now()).price or ticks[1][1] > 0
    members = excel.KIS_MEMBERS("005930")
    assert members[0] == ["side", "rank", "broker", "quantity", "share_pct", "foreign"] and len(members) == 11
    assert [r[0] for r in members[1:]] == ["sell"] * 5 + ["buy"] * 5
    assert members[1][3] >= members[2][3] > 0
    assert excel.KIS_INVESTORS("995000") == "#KIS! unknown code 995000"
    assert excel.KIS_TICKS("005930", 50) == "#KIS! n must be a number from 1 to 30, not 50"
    assert excel.KIS_MEMBERS("AAPL").startswith("#KIS! KIS_MEMBERS takes KRX codes")


def test_minutes_today_past_and_us(excel, sim):
    before = sim.world.market.session_for(sim.world.now())[1]
    today = excel.KIS_MINUTES("005930")
    after = sim.world.market.session_for(sim.world.now())[1]
    assert today[0] == ["time", "open", "high", "low", "close", "volume"]
    assert today[1][0] == datetime(2025, 6, 2, 9, 1) and before <= len(today) - 1 <= after  # 09:01 to the clock's minute
    past = excel.KIS_MINUTES("005930", "2025-05-30", False)
    assert len(past) == 390 and past[0][0] == datetime(2025, 5, 30, 9, 1) and past[-1][0] == datetime(2025, 5, 30, 15, 30)
    path = sim.world.market.minute_path("005930", date(2025, 5, 30))
    assert [r[4] for r in past] == [float(p) for p in path[1:]]
    us = excel.KIS_MINUTES("AAPL", None, False)  # the latest New York session, before Seoul's 10:00 (KST)
    assert len(us) == 390 and us[0][0] == datetime(2025, 5, 30, 9, 30)  # New York time, each bar's start
    assert excel.KIS_MINUTES("005930", "2023-01-05").startswith("#KIS! KIS refuses the dates asked")
    assert excel.KIS_MINUTES("995000", "2025-05-30") == "#KIS! unknown code 995000"


def test_etf_nav_premium_and_errors(excel):
    nav, price = excel.KIS_ETF("069500"), excel.KIS_ETF("069500", "price")
    assert abs(price / nav - 1) < 0.0025 and excel.KIS_ETF("069500", "괴리율") == round((price / nav - 1) * 100, 2)
    table = excel.KIS_ETF(69500.0, "all")
    assert table[0][0] == "nav" and ["multiple", 1.0] in table
    assert excel.KIS_ETF("252670", "multiple") == -2.0
    assert excel.KIS_ETF([["069500"], ["005930"]], "tracking_error")[1][0] == \
        "#KIS! unknown code 005930 or not an ETF/ETN"


def test_rankings(excel, sim):
    top = excel.KIS_RANK("volume", 5)
    assert top[0] == ["rank", "code", "name", "price", "change_pct", "volume"] and [r[0] for r in top[1:]] == [1, 2, 3, 4, 5]
    assert [r[5] for r in top[1:]] == sorted((r[5] for r in top[1:]), reverse=True)
    gainers, losers = excel.KIS_RANK("gainers", 3), excel.KIS_RANK("하락률", 3)
    assert gainers[1][4] >= gainers[2][4] and losers[1][4] <= losers[2][4] and gainers[1][4] > losers[1][4]
    cap = excel.KIS_RANK("market_cap", 2, "KOSPI")
    assert cap[0][-1] == "market_cap" and cap[1][1] == "005930"
    assert excel.KIS_RANK("momentum").startswith("#KIS! ranking must be volume")
    assert excel.KIS_RANK("volume", 5, "NYSE").startswith("#KIS! market must be all, KOSPI")


def test_mock_domain_flows(mock_excel):
    assert mock_excel.KIS_INVESTORS("005930", 2)[0][0] == "date"  # offered on the mock domain
    assert mock_excel.KIS_MEMBERS("005930")[0][0] == "side"
    assert "use a real-domain key for market data" in mock_excel.KIS_ETF("069500")
    assert "use a real-domain key for market data" in mock_excel.KIS_RANK("volume")
    assert "use a real-domain key for market data" in mock_excel.KIS_MINUTES("005930", "2025-05-30")


def test_pnl_by_stock_and_day(excel, sim):
    from kis_xl.services.quotes import service

    client = service().client
    assert excel.KIS_PNL("2025-06-02")[1][0] == "(no realised P&L)"
    client.buy("005930", 10)
    client.sell("005930", 4)
    client.buy("000660", 3)
    client.sell("000660", 3)
    service().refresh()
    table = excel.KIS_PNL("2025-06-01", "2025-06-02")
    assert table[0] == ["date", "code", "name", "sell_qty", "sell_price", "avg_cost", "realized", "pnl_pct", "fees",
                        "taxes"]
    rows = {r[1]: r for r in table[1:-1]}
    assert set(rows) == {"005930", "000660"} and rows["005930"][3] == 4 and rows["005930"][2] == "삼성전자"
    samsung = rows["005930"]
    fills = [f for f in sim.world.trading.account("real", client.profile.app_key, *client.profile.account.split("-"))
             .fills if f["code"] == "005930" and f["side"] == "01"]
    expected = sum(f["qty"] * f["price"] - f["cost"] - f["fee"] - f["tax"] for f in fills)
    assert samsung[6] == round(expected) and samsung[9] == round(sum(f["tax"] for f in fills)) > 0
    total = table[-1]
    assert total[0] == "total" and total[6] == rows["005930"][6] + rows["000660"][6]
    by_day = excel.KIS_PNL(-7, "2025-06-02", "day")
    assert by_day[0][:3] == ["date", "realized", "pnl_pct"] and by_day[1][0] == datetime(2025, 6, 2)
    assert by_day[1][1] == total[6] and by_day[-1][0] == "total"
    assert excel.KIS_PNL("2025-06-02", "2025-05-01") == "#KIS! start 2025-06-02 is after end 2025-05-01"
    assert excel.KIS_PNL("2025-06-02", None, "week").startswith('#KIS! by must be "stock" or "day"')


def test_pnl_on_the_mock_domain_says_real_accounts_only(mock_excel):
    message = mock_excel.KIS_PNL("2025-06-01")
    assert "not offered on the mock domain" in message and "real accounts only" in message


def test_query_any_read_only_endpoint(excel, sim):
    table = excel.KIS_QUERY("inquire-index-price", "FID_COND_MRKT_DIV_CODE", "U", "FID_INPUT_ISCD", "0001")
    assert table[0][0] == "bstp_nmix_prpr" and len(table) == 2 and "ascn_issu_cnt" in table[0]
    assert abs(table[1][0] - excel.KIS_INDEX("0001")) < 50  # the same index (the clock may turn a minute)
    daily = excel.KIS_QUERY("inquire-index-daily-price", "fid_period_div_code", "D", "FID_COND_MRKT_DIV_CODE", "U",
                            "FID_INPUT_ISCD", 1001.0, "FID_INPUT_DATE_1", datetime(2025, 5, 30))
    assert daily[0][0] == "stck_bsop_date" and daily[1][0] == 20250530 and len(daily) == 101  # output2, 100 rows
    summary = excel.KIS_QUERY("index_daily", "FID_PERIOD_DIV_CODE", "D", "FID_COND_MRKT_DIV_CODE", "U",
                              "FID_INPUT_ISCD", "1001", "FID_INPUT_DATE_1", "20250530", "output", "output1")
    assert summary[0][0] == "bstp_nmix_prpr" and len(summary) == 2
    etf = excel.KIS_QUERY("etfetn/inquire-price", "FID_COND_MRKT_DIV_CODE", "J", "FID_INPUT_ISCD", "069500", "$B$3")
    assert "nav" in etf[0]
    code_col = excel.KIS_QUERY("volume-rank", "FID_COND_MRKT_DIV_CODE", "J", "FID_COND_SCR_DIV_CODE", "20171",
                               "FID_INPUT_ISCD", "0000", "FID_DIV_CLS_CODE", "0", "FID_BLNG_CLS_CODE", "0")
    assert code_col[1][code_col[0].index("mksc_shrn_iscd")] == "005930"  # a code keeps its leading zeros
    holdings = excel.KIS_QUERY("inquire-psbl-sell", "PDNO", "005930")  # CANO/ACNT_PRDT_CD from the profile
    assert holdings[0][0] == "pdno" and holdings[1][0] == "005930"


def test_query_validates_against_the_spec(excel):
    assert excel.KIS_QUERY("order-cash", "PDNO", "005930") == "#KIS! order-cash places orders: KIS_QUERY only reads"
    assert excel.KIS_QUERY("nope") == "#KIS! unknown API 'nope'"
    assert excel.KIS_QUERY("inquire-ccnl", "FID_COND_MRKT_DIV_CODE", "J", "FID_INPUT_ISCD", "005930")[0][0] == \
        "stck_cntg_hour"  # a bare name means the domestic-stock API
    assert excel.KIS_QUERY("inquire-index-price", "FID_INPUT_ISCD", "0001") == \
        "#KIS! index_price needs FID_COND_MRKT_DIV_CODE"
    bad = excel.KIS_QUERY("inquire-index-price", "FID_COND_MRKT_DIV_CODE", "U", "FID_INPUT_ISCD", "0001", "COLOUR", "x")
    assert bad.startswith("#KIS! unknown parameter COLOUR for index_price: it takes FID_COND_MRKT_DIV_CODE")
    assert excel.KIS_QUERY("inquire-index-price", "FID_COND_MRKT_DIV_CODE", "U", "FID_INPUT_ISCD", "0009") == \
        "#KIS! KIS refused the input: ERROR : INPUT INVALID_CHECK_ISCD"
    assert excel.KIS_QUERY("index_daily", "FID_PERIOD_DIV_CODE", "D", "FID_COND_MRKT_DIV_CODE", "U",
                           "FID_INPUT_ISCD", "0001", "FID_INPUT_DATE_1", "19990101").startswith(
        "#KIS! KIS refuses the dates asked")


def test_query_shares_cache_and_budget(excel):
    from kis_xl.services.quotes import service

    svc = service()
    args = ("inquire-index-price", "FID_COND_MRKT_DIV_CODE", "U", "FID_INPUT_ISCD", "2001")
    first = excel.KIS_QUERY(*args)
    before = svc.client.stats.requests
    assert excel.KIS_QUERY(*args) == first and svc.client.stats.requests == before  # cached: no request


def test_query_on_the_mock_domain(mock_excel):
    message = mock_excel.KIS_QUERY("inquire-index-price", "FID_COND_MRKT_DIV_CODE", "U", "FID_INPUT_ISCD", "0001")
    assert "use a real-domain key for market data" in message
    assert mock_excel.KIS_QUERY("inquire-price", "FID_COND_MRKT_DIV_CODE", "J", "FID_INPUT_ISCD", "005930")[0][0] \
        == "iscd_stat_cls_code"
