"""The clock: decisions follow the server's clock, and the simulated market is the same whatever day it runs."""

from datetime import datetime, timedelta

import pytest
import time_machine

from kis_xl import krx
from kis_xl.calendars import calendar
from kis_xl.client import KisClient
from kis_xl.sim.clock import carried_on, embedded_start
from kis_xl.sim.market import MarketModel
from kis_xl.sim.server import SimServer
from tests.conftest import new_account

TUESDAY_OPEN = "2025-06-10T10:30:00+09:00"
SUNDAY_NIGHT = "2025-06-01T03:00:00+09:00"


def _quotes() -> list:
    calendar.cache_clear()
    model = MarketModel(seed=7)
    at = datetime.fromisoformat("2025-06-02T11:00:00+09:00")
    return [model.quote(code, at).price for code in ("005930", "005380", "069500")] + [
        b.close for b in model.bars("000660", at.date().replace(month=1), at.date(), at)]


@pytest.mark.heavy
def test_the_simulated_market_is_the_same_on_any_day_it_runs(tmp_path, monkeypatch):
    """Today's market (its calendars built today, by the suite) is the one a run 500 days away builds afresh."""
    try:
        today = _quotes()
        monkeypatch.setenv("KIS_XL_CACHE_DIR", str(tmp_path / "later"))  # nothing carried over from today's run
        with time_machine.travel(datetime.now(krx.KST) + timedelta(days=500), tick=False):
            later = _quotes()
        assert today == later and len(today) > 100
    finally:
        calendar.cache_clear()


@pytest.mark.parametrize(("clock", "open_"), [(TUESDAY_OPEN, True), (SUNDAY_NIGHT, False)])
def test_market_hours_are_judged_on_the_servers_clock_before_any_call(make_profile, clock, open_):
    """A live-money profile (no simulator hint) pointed at a simulator started at a fixed time."""
    from kis_xl.orders.rows import SheetRow
    from kis_xl.orders.validate import gather_context, validate

    with SimServer(seed=7, clock=clock) as server:
        client = KisClient(make_profile(rest_url=server.real_url, simulator=False, account=new_account()))
        assert abs((client.now() - datetime.fromisoformat(clock)).total_seconds()) < 60  # the first decision
        rows = [SheetRow(5, {"code": "005930", "side": "BUY", "quantity": 1, "type": "MARKET"})]
        [checked] = validate(rows, gather_context(client, rows))
        assert checked.ok is open_
        assert open_ or "KRX is closed for MARKET orders until 2025-06-02 09:00 KST" in checked.message  # the next open
        client.close()


def test_us_hours_follow_the_nyse_calendar():
    assert krx.is_us_regular_session(datetime.fromisoformat("2025-06-02T10:00:00-04:00"))
    assert not krx.is_us_regular_session(datetime.fromisoformat("2025-07-04T10:00:00-04:00"))  # Independence Day
    assert not krx.is_us_regular_session(datetime.fromisoformat("2025-11-28T13:30:00-05:00"))  # early close 13:00
    assert krx.is_us_regular_session(datetime.fromisoformat("2025-11-28T12:30:00-05:00"))


@pytest.mark.parametrize(("setting", "now", "start", "words"), [
    (None, SUNDAY_NIGHT, "2025-05-30T10:00:00+09:00", "simulated KRX session of 2025-05-30, from 10:00 KST"),
    (None, "2025-06-06T12:00:00+09:00", "2025-06-05T10:00:00+09:00", "simulated KRX session"),  # 현충일
    (None, TUESDAY_OPEN, None, "real clock (KRX is open)"),
    ("real", SUNDAY_NIGHT, None, "real clock"),
    ("2025-06-02T14:00:00+09:00", SUNDAY_NIGHT, "2025-06-02T14:00:00+09:00", "KIS_XL_SIM_CLOCK"),
])
def test_the_built_in_simulator_trades_when_krx_is_closed(setting, now, start, words):
    at, note = embedded_start(setting, datetime.fromisoformat(now))
    assert at == (datetime.fromisoformat(start) if start else None)
    assert words in note


FRIDAY_10 = "2025-05-30T10:00:00+09:00"


@pytest.mark.parametrize(("carried", "goes_on_at"), [
    (None, FRIDAY_10),  # nothing kept: the latest trading day's session from 10:00
    ("2025-05-30T11:40:00+09:00", "2025-05-30T11:40:00+09:00"),  # inside its session: where it got to
    ("2025-05-30T16:10:00+09:00", "2025-06-02T10:00:00+09:00"),  # past Friday's close: Monday's session
    ("2025-06-02T12:00:00+09:00", "2025-06-02T12:00:00+09:00"),  # ahead of the wall clock's day: never back
    ("2025-05-29T14:00:00+09:00", FRIDAY_10),  # an older day's session: the latest trading day's
    ("2025-06-03T08:00:00+09:00", "2025-06-04T10:00:00+09:00"),  # 6/3 is election day: the next session
])
def test_a_simulated_session_goes_on_between_processes(carried, goes_on_at):
    fresh = datetime.fromisoformat(FRIDAY_10)
    assert carried_on(datetime.fromisoformat(carried) if carried else None, fresh) == datetime.fromisoformat(goes_on_at)
    at, note = embedded_start(None, datetime.fromisoformat(SUNDAY_NIGHT), datetime.fromisoformat(carried or FRIDAY_10))
    assert at == datetime.fromisoformat(goes_on_at) and f"session of {goes_on_at[:10]}" in note
