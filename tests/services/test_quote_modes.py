"""Refresh modes alone: what each mode makes of a key's lifetime, the argument check, the periodic ticker."""

from __future__ import annotations

import math
import threading

import pytest

from kis_xl.services.quotes import modes
from kis_xl.services.quotes.modes import AUTO, MANUAL, PERIODIC, SPREAD, Expiry, Ticker, checked, phase


def test_live_is_periodic_every_second_unless_told():
    assert checked("live", None) == (PERIODIC, 1.0)
    assert checked("live", 5) == (PERIODIC, 5.0)
    assert checked("auto", None) == (AUTO, 0.0) and checked("manual", None) == (MANUAL, 0.0)
    assert checked("periodic", 3) == (PERIODIC, 3.0)


@pytest.mark.parametrize("mode, seconds, message", [
    ("weekly", None, "auto, manual, periodic or live"), ("periodic", None, "positive number of seconds"),
    ("periodic", 0, "positive number of seconds"), ("manual", -1, "positive number of seconds")])
def test_bad_modes_are_refused(mode, seconds, message):
    with pytest.raises(ValueError, match=message):
        checked(mode, seconds)


def test_each_mode_gives_its_lifetime():
    expiry = Expiry()
    key = ("price", "005930")
    assert expiry.lifetime(key) == modes.DEFAULT_TTL["price"] and expiry.lifetime(("history", 1)) == 300.0
    expiry.mode, expiry.period = PERIODIC, 7.0
    assert expiry.lifetime(key) == 7.0 and expiry.lifetime(("history", 1)) == 7.0
    expiry.mode = MANUAL
    assert expiry.lifetime(key) == math.inf


def test_live_lifetimes_are_stretched_and_spread_by_key():
    expiry = Expiry(mode=PERIODIC, period=1.0, live=True, stretch=3.0)
    keys = [("price", f"{100_000 + i:06d}") for i in range(200)]
    lives = [expiry.lifetime(k) for k in keys]
    base = 2.0 * 3.0
    assert all(base <= life < base * (1 + SPREAD) for life in lives)
    assert max(lives) - min(lives) > 0.8 * base * SPREAD  # spread over nearly the whole half TTL
    assert lives == [Expiry(mode=PERIODIC, live=True, stretch=3.0).lifetime(k) for k in keys]  # fixed per key


def test_a_key_phase_is_fixed_and_spread():
    phases = [phase(("price", f"{i:06d}")) for i in range(1000)]
    assert all(0 <= p < 1 for p in phases) and phases[0] == phase(("price", "000000"))
    assert all(sum(1 for p in phases if q / 4 <= p < (q + 1) / 4) > 150 for q in range(4))


def test_a_tick_calls_the_hook_and_refreshes_itself_once_the_hook_fails():
    calls, errors = [], []
    ticker = Ticker(lambda: calls.append("refresh"), before=lambda: calls.append("before"), on_error=errors.append)
    ticker.tick()
    assert calls == ["before", "refresh"]
    ticker.hook = lambda: calls.append("hook")
    ticker.tick()
    assert calls[2:] == ["before", "hook"]

    def closed():
        raise RuntimeError("the workbook was closed")

    ticker.hook = closed
    ticker.tick()
    assert calls[4:] == ["before", "refresh"] and errors == ["periodic refresh: the workbook was closed"]
    assert ticker.hook is None


def test_restart_runs_one_thread_at_the_period_and_zero_stops_it():
    ticked = threading.Event()
    ticker = Ticker(ticked.set)
    ticker.restart(0.01)
    first = ticker.thread
    assert first is not None and ticked.wait(10)
    ticker.restart(0.01)
    first.join(10)
    assert not first.is_alive() and ticker.thread is not first and ticker.thread.is_alive()
    second = ticker.thread
    ticker.restart(0)
    second.join(10)
    assert ticker.thread is None and not second.is_alive()
