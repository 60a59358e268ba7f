"""The clock: decisions follow the server's clock, and the simulated market is the same whatever day it runs."""

from datetime import datetime

import pytest
import time_machine

from kis_xl import krx
from kis_xl.calendars import calendar
from kis_xl.client import KisClient
from kis_xl.sim.clock import embedded_start
from kis_xl.sim.market import MarketModel
from kis_xl.sim.server import SimServer
from tests.conftest import new_account

TUESDAY_OPEN = "2025-06-10T10:30:00+09:00"
SUNDAY_NIGHT = "2025-06-01T03:00:00+09:00"


def _quotes_on(wall_clock: str, cache, monkeypatch) -> list:
    monkeypatch.setenv("KIS_XL_CACHE_DIR", str(cache))  # nothing carried over from the other day's run
    with time_machine.travel(datetime.fromisoformat(wall_clock), tick=False):
        calendar.cache_clear()
        model = MarketModel(seed=7)
        at = datetime.fromisoformat("2025-06-02T11:00:00+09:00")
        return [model.quote(code, at).price for code in ("005930", "005380", "069500")] + [
            b.close for b in model.bars("000660", at.date().replace(month=1), at.date(), at)]


def test_the_simulated_market_is_the_same_on_any_day_it_runs(tmp_path, monkeypatch):
    try:
        night = _quotes_on("2026-11-29T03:00:00+09:00", tmp_path / "a", monkeypatch)
        later = _quotes_on("2027-08-15T12:00:00+09:00", tmp_path / "b", monkeypatch)
        assert night == later and len(night) > 100
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
        assert open_ or "KRX is closed at 2025-06-01 03:0" in checked.message
        client.close()


def test_us_hours_follow_the_nyse_calendar():
    assert krx.is_us_regular_session(datetime.fromisoformat("2025-06-02T10:00:00-04:00"))
    assert not krx.is_us_regular_session(datetime.fromisoformat("2025-07-04T10:00:00-04:00"))  # Independence Day
    assert not krx.is_us_regular_session(datetime.fromisoformat("2025-11-28T13:30:00-05:00"))  # early close 13:00
    assert krx.is_us_regular_session(datetime.fromisoformat("2025-11-28T12:30:00-05:00"))


@pytest.mark.parametrize(("setting", "now", "start", "words"), [
    (None, SUNDAY_NIGHT, "2025-05-30T10:00:00+09:00", "simulated KRX session, 10:00 KST"),
    (None, "2025-06-06T12:00:00+09:00", "2025-06-05T10:00:00+09:00", "simulated KRX session"),  # 현충일
    (None, TUESDAY_OPEN, None, "real clock (KRX is open)"),
    ("real", SUNDAY_NIGHT, None, "real clock"),
    ("2025-06-02T14:00:00+09:00", SUNDAY_NIGHT, "2025-06-02T14:00:00+09:00", "KIS_XL_SIM_CLOCK"),
])
def test_the_built_in_simulator_trades_when_krx_is_closed(setting, now, start, words):
    at, note = embedded_start(setting, datetime.fromisoformat(now))
    assert at == (datetime.fromisoformat(start) if start else None)
    assert words in note
