"""KIS_FINANCIALS and KIS_DIVIDENDS against the session simulator (issue 30)."""

from datetime import datetime

import pytest

from kis_xl import udfs
from kis_xl.services.quotes import reset_services


@pytest.fixture
def excel(sim_env):
    reset_services()
    yield udfs
    reset_services()


def test_financials_spill_with_headers(excel):
    table = excel.KIS_FINANCIALS("005930")
    assert table[0][:3] == ["period", "sales_growth", "operating_profit_growth"] and table[1][0] == "2024.12"
    assert len(table) == 6 and isinstance(table[1][4], float)
    quarters = excel.KIS_FINANCIALS(5930.0, "balance", "quarter", False)
    assert quarters[0][0] == "2025.03" and len(quarters) == 8
    estimate = excel.KIS_FINANCIALS("삼성전자", "추정실적")
    assert estimate[0] == ["block", "line", "2023.12", "2024.12", "2025.12", "2026.12", "2027.12"]
    opinions = excel.KIS_FINANCIALS("005930", "opinion")
    assert opinions[0][:2] == ["date", "opinion"] and isinstance(opinions[1][0], datetime)


def test_dividends_by_code_and_by_dates(excel):
    mine = excel.KIS_DIVIDENDS("005930")
    assert mine[0] == ["record_date", "code", "kind", "cash_per_share", "cash_rate_pct", "pay_date", "high_dividend"]
    assert mine[1][0] == datetime(2024, 12, 31) and mine[1][1] == "005930"  # a year back from 2025-06-02
    december = excel.KIS_DIVIDENDS("2024-12-01", "2024-12-31", False)
    assert len({r[1] for r in december}) > 5 and all(r[0] == datetime(2024, 12, 31) for r in december)


def test_bad_input_is_one_line_in_the_cell(excel):
    assert excel.KIS_FINANCIALS("005930", "cashflow").startswith("#KIS! kind must be one of ratio, income")
    assert excel.KIS_FINANCIALS("005930", "ratio", "month").startswith("#KIS! period must be year or quarter")
    assert excel.KIS_FINANCIALS("995000") == "#KIS! unknown code 995000"
    assert excel.KIS_DIVIDENDS("2025-06-01", "2025-01-01") == "#KIS! start 2025-06-01 is after end 2025-01-01"
    assert excel.KIS_DIVIDENDS("") == "#KIS! KIS_DIVIDENDS takes a stock code, or a from and a to date"
