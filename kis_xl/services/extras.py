"""Issue 15's data for Excel through the quote service's cache, coalescing and rate budget.

Each function takes the profile's ``QuoteService`` and caches under one of its kinds (and so its TTL
and refresh mode): index levels, ticks and rankings as prices (2 s), investor and broker flows as
details (30 s), history and minute bars as history (5 min), stock info and the calendar as names
(1 day), the account's sellable quantity and realised P&L as account data (5 s).
"""

from __future__ import annotations

from datetime import date, timedelta

from ..client.extras import index_code
from ..codes import normalize_code


def index(svc, code):
    code = index_code(code)
    return svc.cached("price", ("index", code), lambda: svc.client.index(code))


def index_history(svc, code, start: date, end: date, period: str = "D"):
    code = index_code(code)
    return svc.cached("history", ("index", code, start, end, period),
                      lambda: svc.client.index_history(code, start, end, period))


def stock_info(svc, code, product_class: bool = False):
    code = normalize_code(code)
    return svc.cached("name", ("info", code, product_class),
                      lambda: svc.client.stock_info(code, product_class=product_class))


def holidays(svc, start: date, end: date):
    return svc.cached("name", ("holidays", start, end), lambda: svc.client.holidays(start, end))


def is_open(svc, day: date):
    """From the cached month around ``day``: one chk-holiday call serves a sheet of KIS_ISOPEN cells."""
    first = day.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    month = holidays(svc, first, last)
    return next(d.open_day for d in month if d.date == day)


def sellable(svc, code):
    code = normalize_code(code)
    return svc.cached("account", ("sellable", code), lambda: svc.client.sellable(code))
