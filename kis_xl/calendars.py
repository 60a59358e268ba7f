"""Trading calendars (XKRX, XNYS) over one fixed window, so every answer is the same on any day it is asked.

``exchange_calendars`` builds a calendar over a window that, by default, moves with the wall clock
(about 20 years back, 1 ahead): a simulated market walked over that window would change from one
day to the next. Pinning the window keeps the calendar, and everything derived from it, a pure
function of the installed library.
"""

from __future__ import annotations

import functools
import json
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timezone

from .files import write_json

FIRST = date(2006, 1, 2)
LAST = date(2030, 12, 30)


@dataclass(frozen=True)
class Calendar:
    """An exchange's sessions in the fixed window, with each session's open and close (aware, UTC)."""

    name: str
    days: tuple[date, ...]
    index: dict[date, int]
    opens: tuple[datetime, ...]
    closes: tuple[datetime, ...]

    def is_session(self, day: date) -> bool:
        """True on trading days; outside the window weekdays count."""
        if FIRST <= day <= LAST:
            return day in self.index
        return day.weekday() < 5

    def hours(self, day: date) -> tuple[datetime, datetime] | None:
        """(open, close) of a session day (early closes included), None on other days."""
        i = self.index.get(day)
        return None if i is None else (self.opens[i], self.closes[i])


@functools.cache
def calendar(name: str) -> Calendar:
    """``XKRX`` or ``XNYS``, loaded once per process.

    Building XKRX takes exchange_calendars seconds, so the sessions are kept in the user cache folder,
    keyed by the library's version (a new version may know new holidays): later processes read them.
    """
    from importlib.metadata import version

    from .config import cache_dir

    path = cache_dir() / "calendars" / f"{name}-{version('exchange_calendars')}-{FIRST}-{LAST}.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        rows = _build(name)
        try:
            write_json(path, rows, private=False)
        except OSError:
            pass  # an unwritable cache costs the next process the same few seconds, nothing else
    days = tuple(date.fromisoformat(d) for d, _, _ in rows)
    return Calendar(name, days, {d: i for i, d in enumerate(days)},
                    tuple(datetime.fromtimestamp(o, timezone.utc) for _, o, _ in rows),
                    tuple(datetime.fromtimestamp(c, timezone.utc) for _, _, c in rows))


def _build(name: str) -> list[tuple[str, int, int]]:
    """(day, open, close as epoch seconds) of every session in the window, from exchange_calendars."""
    import exchange_calendars

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        schedule = exchange_calendars.get_calendar(name, start=FIRST.isoformat(), end=LAST.isoformat()).schedule
    return [(ts.date().isoformat(), int(o.timestamp()), int(c.timestamp()))
            for ts, o, c in zip(schedule.index, schedule["open"], schedule["close"])]
