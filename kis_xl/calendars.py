"""Trading calendars (XKRX, XNYS) over one fixed window, so every answer is the same on any day it is asked.

``exchange_calendars`` builds a calendar over a window that, by default, moves with the wall clock
(about 20 years back, 1 ahead): a simulated market walked over that window would change from one
day to the next. Pinning the window keeps the calendar, and everything derived from it, a pure
function of the installed library.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from datetime import date, datetime

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
    """``XKRX`` or ``XNYS``, loaded once per process."""
    import exchange_calendars

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cal = exchange_calendars.get_calendar(name, start=FIRST.isoformat(), end=LAST.isoformat())
        schedule = cal.schedule
    days = tuple(ts.date() for ts in schedule.index)
    return Calendar(name, days, {d: i for i, d in enumerate(days)},
                    tuple(t.to_pydatetime() for t in schedule["open"]),
                    tuple(t.to_pydatetime() for t in schedule["close"]))
