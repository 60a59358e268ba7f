"""Trading days and sessions: holidays, is the market open, which session runs when."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import xlwings as xw

from .. import sessions
from ..errors import CellError
from ..i18n import label
from ..services import cached
from ..services.quotes import service
from ..sessions import KST
from ._cells import _date, _each, _excel, _field, _header, _safe, _value, _wants_header


def _days_from_today(value, svc, what: str) -> date:
    """A date, or a small number of days from today (0 today, -7 a week ago, 30 a month on)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and -1000 < value < 1000:
        return svc.today() + timedelta(days=int(value))
    return _date(value, what)


def _holidays(start, end, header):
    svc = service()
    first = _days_from_today(start if start not in (None, "") else 0, svc, "start")
    last = _days_from_today(end, svc, "end") if end not in (None, "") else first + timedelta(days=30)
    if first > last:
        raise CellError(f"start {first} is after end {last}")
    days = cached.holidays(svc, first, last)
    names = ["date", "weekday", "open", "business_day", "settlement_day"]
    rows = [_header(names)] if _wants_header(header) else []
    rows += [[_excel(d.date), d.weekday, d.open_day, d.business_day, d.settlement_day] for d in days]
    return rows


@xw.func
def KIS_HOLIDAYS(start=0, end=None, header=True, refresh=None):
    """The KRX calendar from start to end (default 30 days on) as KIS gives it: date, weekday, open (개장일),
    business day, settlement day. start/end may be dates or days from today (0, -7, 30)."""
    return _safe(_holidays, start, end, header)


def _isopen(day):
    svc = service()
    return _each(day if day not in (None, "") else svc.today(),
                 lambda d: cached.is_open(svc, d if isinstance(d, date) and not isinstance(d, datetime)
                                      else _date(d, "date")))


@xw.func
@xw.arg("day", ndim=2)
def KIS_ISTRADINGDAY(day=None, refresh=None):
    """TRUE on a KRX trading day (default today), as KIS's calendar says, even after the close; a range gives an
    array. Whether a market is open now: KIS_SESSION."""
    return _safe(_isopen, day)


@xw.func
@xw.arg("day", ndim=2)
def KIS_ISOPEN(day=None, refresh=None):
    """The old name of KIS_ISTRADINGDAY: TRUE on a KRX trading day, even after the close. Whether a market is
    open now: KIS_SESSION."""
    return _safe(_isopen, day)


SESSION_FIELDS = {"status": "status", "상태": "status", "open": "open", "개장": "open", "until": "until",
                  "까지": "until"}


def _session_row(state) -> list:
    until = state.until.astimezone(KST).replace(tzinfo=None) if state.until else None  # Excel has no time zones
    return [state.session.label, state.open, until, state.status]


DAY_COLUMNS = ("venue", "session", "opens", "closes", "order_types", "now")


def _day(session) -> date | None:
    """A date asked of KIS_SESSION (a date cell, an Excel serial, 2026-12-07), or None for a session's name."""
    if isinstance(session, (date, datetime, int, float)) and not isinstance(session, bool):
        return _date(session, "date")
    if isinstance(session, str) and session.strip()[:1].isdigit():
        return _date(session, "date")
    return None


def _session_day(day: date, header):
    """A day's sessions per venue (the dated table): venue, session, opens, closes (KST), order types, and
    whether each is open now when the day is today on the server's clock."""
    now = service().client.now()
    table = sessions.day_table(day, now if now.astimezone(KST).date() == day else None)
    columns = [c for c in DAY_COLUMNS if c != "now" or table["sessions"] and "now" in table["sessions"][0]]
    rows = [[r.get(c) for c in columns] for r in table["sessions"]]
    return ([[label(c) for c in columns]] if _wants_header(header) else []) + rows


def _session(session, field, header):
    day = _day(session)
    if day is not None:
        return _session_day(day, header)
    states = cached.sessions_now(service())
    if session in (None, ""):
        rows = [_session_row(s) for s in states]
        return ([["session", "open", "until (KST)", "status"]] if _wants_header(header) else []) + rows
    wanted = sessions.find(session)
    values = dict(zip(("open", "until", "status"), _session_row(next(s for s in states if s.session is wanted))[1:]))
    return _value(values[_field(field, SESSION_FIELDS, "status")])


@xw.func
def KIS_SESSION(session=None, field=None, header=True, refresh=None):
    """What is open now and until when, on the server's clock: without a session a table (session, open, until
    in KST, status) of the KRX and US regular sessions; with one ("KRX", "US") its status ("open until 15:30
    KST"), or the field open (TRUE/FALSE) or until (the close, or the next open); with a date (2026-12-07, or a
    date cell) that day's sessions per venue by the dated table: hours, order types and, today, which is open."""
    return _safe(_session, session, field, header)
