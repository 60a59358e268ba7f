"""Issue 15's data for Excel through the quote service's cache, coalescing and rate budget.

Each function takes the profile's ``QuoteService`` and caches under one of its kinds (and so its TTL
and refresh mode): index levels, ticks and rankings as prices (2 s), investor and broker flows as
details (30 s), history and minute bars as history (5 min), stock info and the calendar as names
(1 day), the account's sellable quantity and realised P&L as account data (5 s).
"""

from __future__ import annotations

from datetime import date

from ..client.extras import index_code


def index(svc, code):
    code = index_code(code)
    return svc.cached("price", ("index", code), lambda: svc.client.index(code))


def index_history(svc, code, start: date, end: date, period: str = "D"):
    code = index_code(code)
    return svc.cached("history", ("index", code, start, end, period),
                      lambda: svc.client.index_history(code, start, end, period))
