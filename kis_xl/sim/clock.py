"""The simulator's market clock: the real clock, or a session clock that starts at a given time and runs on."""

from __future__ import annotations

import json
import threading
from datetime import datetime, time, timedelta
from pathlib import Path

from .. import krx
from ..files import write_json
from ..i18n import t

SIMULATED_SESSION_TIME = time(10, 0)


def simulated_session(now: datetime) -> datetime:
    """10:00 KST of the latest KRX trading day at ``now``: a session that trades whatever the hour."""
    day = now.astimezone(krx.KST).date()
    if not krx.is_trading_day(day):
        day = krx.previous_trading_day(day)
    return datetime.combine(day, SIMULATED_SESSION_TIME, tzinfo=krx.KST)


def embedded_start(setting: str | None, now: datetime, carried: datetime | None = None) -> tuple[datetime | None, str]:
    """Where the built-in simulator's clock starts, and the line that says so.

    ``setting`` is ``KIS_XL_SIM_CLOCK``: empty follows the real clock while KRX is open and runs a
    simulated session when it is closed; ``real`` always follows the real clock; an ISO time starts there.
    ``carried`` is where the market clock of earlier processes has run on to (``SessionFile``): a simulated
    session goes on from there instead of starting over, so time moves on between commands.
    """
    setting = (setting or "").strip()
    if setting.lower() == "real":
        return None, t("KIS simulator on the real clock")
    if setting:
        at = parse_time(setting)
        return at, t("KIS simulator clock set to {at:%Y-%m-%d %H:%M} KST (KIS_XL_SIM_CLOCK)", at=at.astimezone(krx.KST))
    if krx.is_regular_session(now):
        return None, t("KIS simulator on the real clock (KRX is open)")
    fresh = simulated_session(now)
    at = carried_on(carried, fresh)
    if at.time() == SIMULATED_SESSION_TIME:
        return at, t("KRX is closed now: simulated KRX session of {at:%Y-%m-%d}, from {at:%H:%M} KST "
                     "(KIS_XL_SIM_CLOCK=real follows the real clock)", at=at)
    return at, t("KRX is closed now: simulated KRX session of {at:%Y-%m-%d}, continued at {at:%H:%M} KST "
                 "(KIS_XL_SIM_CLOCK=real follows the real clock)", at=at)


def carried_on(carried: datetime | None, fresh: datetime) -> datetime:
    """Where a market clock carried from earlier processes goes on: as it is inside a session; at the next
    session's simulated start once past a close; never behind ``fresh`` (the latest trading day's session)."""
    if carried is None or carried <= fresh:
        return fresh
    carried = carried.astimezone(krx.KST)
    if krx.is_regular_session(carried):
        return carried
    day = carried.date()
    if not (krx.is_trading_day(day) and carried.time() < SIMULATED_SESSION_TIME):
        day = krx.next_trading_day(day)
    return datetime.combine(day, SIMULATED_SESSION_TIME, tzinfo=krx.KST)


class SessionFile:
    """The built-in simulator's market clock, kept beside its accounts so the next process carries it on.

    It holds one moment of the market clock and the wall-clock time it was read: the market clock runs on
    at the wall clock's pace while no process runs, as a session would.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def carried(self, now: datetime) -> datetime | None:
        """The market clock at wall-clock ``now``, as the last process left it; None if none was kept."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            market, wall = parse_time(data["market"]), parse_time(data["wall"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # never kept, or unreadable: a fresh session
        return (market + (now - wall)).astimezone(krx.KST)

    def keep(self, market: datetime, now: datetime) -> None:
        write_json(self.path, {"market": market.isoformat(), "wall": now.isoformat()}, private=False)


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
