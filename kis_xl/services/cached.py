"""What Excel asks beyond prices (indices, flows, calendar, P&L…) through the quote service's cache,
coalescing and rate budget.

Each function takes the profile's ``QuoteService`` and caches under one of its kinds (and so its TTL
and refresh mode): index levels, ticks and rankings (trade strength too) as prices (2 s), investor and
broker flows and the flows tables as details (30 s), history and minute bars as history (5 min), stock info
and the calendar as names (1 day), the account's sellable quantity and realised P&L as account data (5 s);
US price detail as details and the US book as order books.
"""

from __future__ import annotations

from datetime import date, timedelta

from .. import sessions
from ..client.indices import index_code
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


def sessions_now(svc):
    """Each market session's state on the server's clock (no KIS request beyond the clock's first read)."""
    return sessions.states(svc.client.now())


def sellable(svc, code):
    code = normalize_code(code)
    return svc.cached("account", ("sellable", code), lambda: svc.client.sellable(code))


def investors(svc, code, days: int = 30):
    code = normalize_code(code)
    return svc.cached("detail", ("investors", code), lambda: svc.client.investors(code, 30))[:days]


def flows(svc, code, kind: str, days: int):
    """A flows table (investor flows, program trading, short selling, credit by day) as details (30 s)."""
    code = normalize_code(code)
    return svc.cached("detail", ("flows", kind, code, days), lambda: svc.client.flows(code, kind, days))


def strength(svc, market: str):
    """KIS's trade-strength ranking of a market, as prices (2 s)."""
    return svc.cached("price", ("strength", market), lambda: svc.client.strength_rank(30, market))


def ticks(svc, code, n: int = 30):
    code = normalize_code(code)
    return svc.cached("price", ("ticks", code), lambda: svc.client.ticks(code, 30))[:n]


def members(svc, code):
    code = normalize_code(code)
    return svc.cached("detail", ("members", code), lambda: svc.client.members(code))


def minutes(svc, symbol, day: date | None):
    """Minute bars: today's (inquire-time-itemchartprice), a past session's, or a US session's."""
    if not symbol.is_domestic:
        return svc.cached("history", ("us_minutes", symbol.code, symbol.market, day),
                          lambda: svc.client.us_minute_bars(symbol.code, day, 1, symbol.market))
    today = svc.today()
    if day is None or day >= today:
        return svc.cached("price", ("minutes", symbol.code), lambda: svc.client.minute_bars(symbol.code))
    return svc.cached("history", ("minutes", symbol.code, day), lambda: svc.client.minute_bars_on(symbol.code, day))


def etf(svc, code):
    code = normalize_code(code)
    return svc.cached("price", ("etf", code), lambda: svc.client.etf(code))


def rank(svc, kind: str, market: str):
    return svc.cached("price", ("rank", kind, market), lambda: svc.client.rank(kind, 30, market))


def pnl(svc, start: date, end: date, by: str):
    fetch = svc.client.pnl_by_day if by == "day" else svc.client.pnl_by_stock
    return svc.cached("account", ("pnl", by, start, end), lambda: fetch(start, end))


def us_pnl(svc, start: date, end: date, won: bool):
    return svc.cached("account", ("us_pnl", won, start, end), lambda: svc.client.us_pnl(start, end, won=won))


def us_detail(svc, symbol: str, exchange: str | None):
    """US price-detail (PER, PBR, market cap, 52-week range…) cached as details, like the domestic full quote."""
    return svc.cached("detail", ("US", symbol, exchange), lambda: svc.client.us_price_detail(symbol, exchange))


def us_orderbook(svc, symbol: str, exchange: str | None):
    return svc.cached("orderbook", ("US", symbol, exchange), lambda: svc.client.us_orderbook(symbol, exchange))


def query(svc, api: str, params: dict, output: str | None):
    key = ("query", api, tuple(sorted(params.items())), output)
    return svc.cached("detail", key, lambda: svc.client.query(api, params, output))
