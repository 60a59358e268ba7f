"""KIS_EVENTS and KIS_DIVIDEND_RANK against the session simulator (issue 30)."""

from datetime import datetime

import pytest

from kis_xl import udfs
from kis_xl.services.quotes import reset_services


@pytest.fixture
def excel(sim_env):
    reset_services()
    yield udfs
    reset_services()


def test_events_by_code_and_by_dates(excel):
    mine = excel.KIS_EVENTS("005930")
    assert mine[0][:4] == ["record_date", "code", "kind", "detail"] and len(mine[0]) == 12
    assert {r[1] for r in mine[1:]} == {"005930"} and {"dividend", "meeting"} <= {r[2] for r in mine[1:]}
    assert all(r[0] >= datetime(2024, 6, 2) for r in mine[1:])  # a year back from 2025-06-02
    meetings = excel.KIS_EVENTS("2024-01-01", "2025-06-02", "주주총회", False)
    assert len({r[1] for r in meetings}) > 5 and {r[2] for r in meetings} == {"meeting"}
    assert all(isinstance(r[8], datetime) for r in meetings)  # meeting_date


def test_dividend_rank(excel):
    table = excel.KIS_DIVIDEND_RANK("all", "2024-01-01", "2024-12-31", 5)
    assert table[0] == ["rank", "code", "record_date", "per_share", "rate_pct", "kind"] and len(table) == 6
    assert [r[0] for r in table[1:]] == [1, 2, 3, 4, 5] and table[1][4] >= table[5][4]
    assert excel.KIS_DIVIDEND_RANK()[1][0] == 1  # the last year by default


def test_bad_input_is_one_line_in_the_cell(excel):
    assert excel.KIS_EVENTS("005930", None, "ipo").startswith("#KIS! event kind must be all or one of")
    assert excel.KIS_EVENTS("").startswith("#KIS! KIS_EVENTS takes a stock code")
    assert excel.KIS_EVENTS("2025-06-01", "2025-01-01").startswith("#KIS! start 2025-06-01 is after end")
    assert excel.KIS_DIVIDEND_RANK("nasdaq").startswith("#KIS! market must be all")
    assert excel.KIS_DIVIDEND_RANK("all", None, None, 500).startswith("#KIS! n must be a number from 1 to 100")
