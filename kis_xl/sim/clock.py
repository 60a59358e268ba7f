"""The simulator's market clock: the real clock, or a session clock that starts at a given time and runs on."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta

from .. import krx

SIMULATED_SESSION_TIME = time(10, 0)


def simulated_session(now: datetime) -> datetime:
    """10:00 KST of the latest KRX trading day at ``now``: a session that trades whatever the hour."""
    day = now.astimezone(krx.KST).date()
    if not krx.is_trading_day(day):
        day = krx.previous_trading_day(day)
    return datetime.combine(day, SIMULATED_SESSION_TIME, tzinfo=krx.KST)


def embedded_start(setting: str | None, now: datetime) -> tuple[datetime | None, str]:
    """Where the built-in simulator's clock starts, and the line that says so.

    ``setting`` is ``KIS_XL_SIM_CLOCK``: empty follows the real clock while KRX is open and runs a
    simulated session when it is closed; ``real`` always follows the real clock; an ISO time starts there.
    """
    setting = (setting or "").strip()
    if setting.lower() == "real":
        return None, "KIS simulator on the real clock"
    if setting:
        at = parse_time(setting)
        return at, f"KIS simulator clock set to {at.astimezone(krx.KST):%Y-%m-%d %H:%M} KST (KIS_XL_SIM_CLOCK)"
    if krx.is_regular_session(now):
        return None, "KIS simulator on the real clock (KRX is open)"
    at = simulated_session(now)
    return at, (f"KRX is closed now: simulated KRX session, {at:%H:%M} KST on {at:%Y-%m-%d} "
                f"(KIS_XL_SIM_CLOCK=real follows the real clock)")


def parse_time(value: str | datetime) -> datetime:
    """An aware datetime from ISO text or a datetime; naive values are taken as KST."""
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return at if at.tzinfo else at.replace(tzinfo=krx.KST)


class SimClock:
    """``now()`` in KST. Started at ``start`` it runs forward in real time from there; tests may jump it."""

    def __init__(self, start: str | datetime | None = None):
        self._lock = threading.Lock()
        self._offset = timedelta(0)
        if start is not None:
            self.set(start)

    def now(self) -> datetime:
        with self._lock:
            return (datetime.now(krx.KST) + self._offset).astimezone(krx.KST)

    def set(self, at: str | datetime) -> None:
        with self._lock:
            self._offset = parse_time(at) - datetime.now(krx.KST)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += timedelta(seconds=seconds)

    @property
    def is_real(self) -> bool:
        return abs(self._offset.total_seconds()) < 1e-3
