"""The simulator's market clock: the real clock, or a session clock that starts at a given time and runs on."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from .. import krx


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
