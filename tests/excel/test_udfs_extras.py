"""Issue 15's worksheet functions against the session simulator: values, headers, errors."""

from datetime import date, datetime

import pytest

from kis_xl import udfs
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
