"""Trading sessions: which market is open at a moment, and until when, from one table.

A ``Session`` is a market's session on its exchange's calendar (XKRX, XNYS, over ``calendars``' fixed
window) at its local hours; the US session takes each day's own hours from the calendar (early closes).
The moment is always handed in (the server's clock), never read here. Further sessions (NXT, KRX
after-hours, the US daytime session) are further rows of ``SESSIONS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .calendars import calendar

KST = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")
LOOKAHEAD_DAYS = 31  # the longest closure looked past for the next open (Chuseok and weekends: about a week)


@dataclass(frozen=True)
class Session:
    """One session of one market: its calendar, time zone and local hours."""

    key: str  # what a cell names it by
    name: str
    korean: str
    calendar: str  # "XKRX" or "XNYS"
    tz: ZoneInfo
    opens: time
    closes: time
    calendar_hours: bool = False  # each day's hours from the calendar (early closes) rather than opens/closes

    @property
    def label(self) -> str:
        return f"{self.name} ({self.korean})"

    def hours(self, day: date) -> tuple[datetime, datetime] | None:
        """(open, close) on a local day, aware; None on a day the exchange does not trade."""
        cal = calendar(self.calendar)
        if not cal.is_session(day):
            return None
        own = cal.hours(day) if self.calendar_hours else None
        if own:
            return own[0].astimezone(self.tz), own[1].astimezone(self.tz)
        return datetime.combine(day, self.opens, tzinfo=self.tz), datetime.combine(day, self.closes, tzinfo=self.tz)

    def is_open(self, at: datetime) -> bool:
        hours = self.hours(at.astimezone(self.tz).date())
        return hours is not None and hours[0] <= at < hours[1]

    def last_close(self, at: datetime) -> datetime | None:
        """When the latest session that ended at or before ``at`` closed: after hours, the time of the last
        trade a quote shows."""
        day = at.astimezone(self.tz).date()
        for back in range(LOOKAHEAD_DAYS):
            hours = self.hours(day - timedelta(days=back))
            if hours and hours[1] <= at:
                return hours[1]
        return None

    def state(self, at: datetime) -> SessionState:
        """Open or closed at ``at``, and until when: the close while open, the next open while closed."""
        day = at.astimezone(self.tz).date()
        for ahead in range(LOOKAHEAD_DAYS):
            hours = self.hours(day + timedelta(days=ahead))
            if hours and at < hours[1]:
                return SessionState(self, hours[0] <= at, hours[1] if hours[0] <= at else hours[0], at)
        return SessionState(self, False, None, at)


@dataclass(frozen=True)
class SessionState:
    session: Session
    open: bool
    until: datetime | None  # when this changes (aware); None if no session within LOOKAHEAD_DAYS
    at: datetime

    @property
    def status(self) -> str:
        """``open until 15:30 KST`` or ``closed until 2025-06-03 09:00 KST`` (another day shows its date)."""
        word = "open" if self.open else "closed"
        if self.until is None:
            return f"{word}, no session within {LOOKAHEAD_DAYS} days"
        until = self.until.astimezone(KST)
        when = f"{until:%H:%M}" if until.date() == self.at.astimezone(KST).date() else f"{until:%Y-%m-%d %H:%M}"
        return f"{word} until {when} KST"


KRX_REGULAR = Session("KRX", "KRX regular session", "KRX 정규장", "XKRX", KST, time(9, 0), time(15, 30))
US_REGULAR = Session("US", "US regular session", "미국 정규장", "XNYS", NEW_YORK, time(9, 30), time(16, 0),
                     calendar_hours=True)
SESSIONS: tuple[Session, ...] = (KRX_REGULAR, US_REGULAR)


def _words(text: str) -> str:
    return "".join(str(text).split()).lower()


def find(name: str) -> Session:
    """A session by its key, name or Korean name (``KRX``, ``us``, ``KRX 정규장``); ValueError naming them all."""
    for session in SESSIONS:
        if _words(name) in {_words(session.key), _words(session.name), _words(session.korean)}:
            return session
    raise ValueError(f"unknown session {name!r}: {', '.join(s.key for s in SESSIONS)}")


def states(at: datetime, sessions: tuple[Session, ...] = SESSIONS) -> list[SessionState]:
    """Every session's state at ``at``, in table order."""
    return [s.state(at) for s in sessions]
