"""KSD's corporate events (예탁원 권리일정) and the dividend-rate ranking (배당률 상위): tables that spill with their
headers."""

from __future__ import annotations

import xlwings as xw

from ..i18n import value
from ..services import events as ev
from ..services.quotes import service
from ._cells import _count, _date, _safe, _table
from .fundamentals import schedule_window

EVENT_COLUMNS = ev.EVENT_COLUMNS[:-2]  # a cell table leaves out the trading halt and the share kind


def _events(code_or_from, to, kind, header):
    svc = service()
    code, start, end = schedule_window(svc, code_or_from, to, "KIS_EVENTS")
    rows = [[value(getattr(e, c)) if c == "kind" else getattr(e, c) for c in EVENT_COLUMNS]
            for e in ev.cached_events(svc, start, end, code, kind)]
    return _table(EVENT_COLUMNS, rows, header)


@xw.func
def KIS_EVENTS(code_or_from, to=None, kind="all", header=True, refresh=None):
    """KSD's corporate events: one stock's (a year back, 90 days ahead) or, given two dates, every stock's with a
    record date between them; kind all, dividend, bonus, rights, split, merger, appraisal, reduction or
    meeting."""
    return _safe(_events, code_or_from, to, kind, header)


def _dividend_rank(market, start, end, n, header):
    svc = service()
    start, end = ev.rank_window(svc.today(), _date(start, "from") if start not in (None, "") else None,
                                _date(end, "to") if end not in (None, "") else None)
    rows = ev.cached_dividend_rank(svc, start, end, market or "all", _count(n, "n", 30, 100))
    return _table(ev.RANK_COLUMNS, [[getattr(r, c) for c in ev.RANK_COLUMNS] for r in rows], header)


@xw.func
def KIS_DIVIDEND_RANK(market="all", start=None, end=None, n=30, header=True, refresh=None):
    """배당률 상위: the stocks with the highest cash dividend rates of the record dates between start and end
    (default: the last year); market all, KOSPI, KOSDAQ or KOSPI200."""
    return _safe(_dividend_rank, market, start, end, n, header)
