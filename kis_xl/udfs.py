"""Excel worksheet functions (xlwings UDFs): ``=KIS_PRICE("005930")`` and friends.

A thin layer: arguments in, ``services.quotes`` asked, plain values out. Ranges in give arrays of the
same shape out (Excel 365 spills them). Nothing here raises into a cell: bad input or a KIS error
becomes a short ``#KIS! …`` text, missing data ``#N/A``. No function places an order, and none is
volatile: values change when inputs change, on ``KIS_REFRESH()`` or when the cache expires.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import date, datetime, timedelta

import xlwings as xw

from .codes import parse_symbol
from .dates import parse_date
from .errors import CellError, KisXlError
from .services.quotes import service
from .services.status import status_rows

log = logging.getLogger(__name__)
NA = "#N/A"

# field → Quote attribute; English names, Korean names and KIS mnemonics.
_QUOTE_ALIASES = {
    "price": ("현재가", "stck_prpr", "last", "close", "inter2_prpr"),
    "open": ("시가", "stck_oprc"), "high": ("고가", "stck_hgpr"), "low": ("저가", "stck_lwpr"),
    "prev_close": ("전일종가", "기준가", "stck_sdpr", "base", "base_price"),
    "change": ("전일대비", "대비", "prdy_vrss"), "change_pct": ("등락률", "prdy_ctrt", "change%", "rate"),
    "volume": ("거래량", "acml_vol"), "value": ("거래대금", "acml_tr_pbmn"), "name": ("종목명", "hts_kor_isnm"),
    "market_cap": ("시가총액", "hts_avls", "mktcap"), "per": ("PER",), "pbr": ("PBR",), "eps": ("EPS",),
    "bps": ("BPS",), "high_52w": ("52주최고", "52주최고가", "w52_hgpr"), "low_52w": ("52주최저", "52주최저가", "w52_lwpr"),
    "upper_limit": ("상한가", "stck_mxpr"), "lower_limit": ("하한가", "stck_llam"), "tick": ("호가단위", "aspr_unit"),
    "listed_shares": ("상장주수", "lstn_stcn"), "market": ("시장",), "currency": ("통화",),
}
QUOTE_FIELDS = {alias.lower(): name for name, aliases in _QUOTE_ALIASES.items() for alias in (name, *aliases)}
DETAIL_ONLY = {"market_cap", "per", "pbr", "eps", "bps", "high_52w", "low_52w", "tick", "listed_shares"}
_BALANCE_ALIASES = {
    "code": ("종목코드", "pdno"), "name": ("종목명", "prdt_name"), "quantity": ("수량", "보유수량", "hldg_qty"),
    "orderable_qty": ("주문가능수량", "ord_psbl_qty"), "avg_price": ("평균단가", "매입단가", "pchs_avg_pric"),
    "purchase_amount": ("매입금액", "pchs_amt"), "price": ("현재가", "prpr"), "evaluation": ("평가금액", "evlu_amt"),
    "pnl": ("평가손익", "evlu_pfls_amt"), "pnl_pct": ("수익률", "evlu_pfls_rt"), "market": ("시장",),
    "currency": ("통화",),
}
BALANCE_FIELDS = {alias.lower(): name for name, aliases in _BALANCE_ALIASES.items() for alias in (name, *aliases)}
_CASH_ALIASES = {
    "deposit": ("예수금", "dnca_tot_amt"), "d2_cash": ("d+2", "d+2예수금", "prvs_rcdl_excc_amt"),
    "total_eval": ("총평가", "총평가금액", "tot_evlu_amt"), "securities_eval": ("유가평가", "scts_evlu_amt"),
    "pnl_total": ("pnl", "평가손익", "evlu_pfls_smtl_amt"), "purchase_total": ("매입금액", "pchs_amt_smtl_amt"),
    "net_assets": ("순자산", "nass_amt"),
}
# The US side (USD, from the US balance; the deposit is the present balance's frcr_dncl_amt_2).
_USD_ALIASES = {
    "usd_deposit": ("usd", "usd_cash", "외화예수금", "frcr_dncl_amt_2"), "usd_securities_eval": ("usd_eval", "외화평가"),
    "usd_total_eval": ("usd_total", "외화총평가"), "usd_pnl_total": ("usd_pnl", "외화평가손익"),
}
CASH_FIELDS = {alias.lower(): name for name, aliases in (_CASH_ALIASES | _USD_ALIASES).items()
               for alias in (name, *aliases)}
HISTORY_FIELDS = ("date", "open", "high", "low", "close", "volume", "value")
HISTORY_ALIASES = {"날짜": "date", "일자": "date", "시가": "open", "고가": "high", "저가": "low", "종가": "close",
                   "거래량": "volume", "거래대금": "value", **{f: f for f in HISTORY_FIELDS}}
_NEWEST_FIRST = {"desc": True, "newest": True, "최신순": True, "내림차순": True,
                 "asc": False, "oldest": False, "과거순": False, "오름차순": False}


def _message(exc: Exception) -> str:
    if isinstance(exc, (KisXlError, ValueError)):
        return f"#KIS! {exc}"[:255]
    log.exception("unexpected error in a KIS function")
    return f"#KIS! internal error ({type(exc).__name__})"


def _safe(fn, *args):
    try:
        return fn(*args)
    except Exception as exc:  # a cell shows a message, never a traceback
        return _message(exc)


def _grid(value) -> list[list]:
    """Any Excel argument as a 2-D list, trailing empty rows and columns of a whole-column range trimmed."""
    if not isinstance(value, (list, tuple)):
        return [[value]]
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in value]
    while rows and all(c in (None, "") for c in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, c in enumerate(r) if c not in (None, "")), default=0) for r in rows), default=0)
    return [r[:width] for r in rows] if rows else []


def _flat(value) -> list:
    return [c for row in _grid(value) for c in row if c not in (None, "")]


def _scalar_or_grid(grid: list[list]):
    if len(grid) == 1 and len(grid[0]) == 1:
        return grid[0][0]
    return grid or [[""]]


def _field(name, table: dict[str, str], default: str) -> str:
    if name in (None, ""):
        return default
    key = str(name).strip().lower()
    if key not in table:
        raise CellError(f"unknown field {name}")
    return table[key]


def _value(v):
    return NA if v is None else v


def _excel(v):
    """Dates as datetimes, which every xlwings engine writes as Excel dates."""
    return datetime.combine(v, datetime.min.time()) if isinstance(v, date) and not isinstance(v, datetime) else v


def _date(value, what: str) -> date:
    """Excel serials, datetimes and text (2025-01-31, 20250131, 2025.01.31, 2025/01/31) as a date."""
    return parse_date(value, what)


# quotes --------------------------------------------------------------------------------------
def _quote_value(svc, quote, field: str):
    if field in DETAIL_ONLY and quote.market == "KRX":
        quote = svc.detail(quote.code)
    if field == "name" and not quote.name:
        return svc.name(quote.code) if quote.market == "KRX" else quote.code
    return _value(getattr(quote, field, None))


def _attempt(fn, *args):
    """fn's result, or the exception it raised: one cell's error stays in that cell."""
    try:
        return fn(*args)
    except Exception as exc:
        return exc


def _quote(svc, symbol):
    return svc.price(symbol.code) if symbol.is_domestic else svc.us_price(symbol.code, symbol.market)


def _quotes(svc, cells: list) -> dict:
    """Quotes (or exceptions) for non-empty cells: domestic codes in one batched call, US tickers one by one.
    A lone domestic code joins the service's batch window, where cells calculated concurrently meet."""
    symbols = {cell: _attempt(parse_symbol, cell) for cell in cells}
    domestic = {s.code for s in symbols.values() if not isinstance(s, Exception) and s.is_domestic}
    batch = svc.prices(domestic) if len(domestic) > 1 else {}
    return {cell: s if isinstance(s, Exception) else batch.get(s.code) or _attempt(_quote, svc, s)
            for cell, s in symbols.items()}


def _price(codes, field):
    svc = service()
    attr = _field(field, QUOTE_FIELDS, "price")
    grid = codes if isinstance(codes, (list, tuple)) else [[codes]]
    if len(grid) == 1 and isinstance(grid[0], (list, tuple)) and len(grid[0]) == 1:  # one cell: the fast path
        cell = grid[0][0]
        return "" if cell in (None, "") else _quote_value(svc, _quote(svc, parse_symbol(cell)), attr)
    grid = _grid(codes)
    quotes = _quotes(svc, [c for row in grid for c in row if c not in (None, "")])
    result = [["" if cell in (None, "") else _message(quotes[cell]) if isinstance(quotes[cell], Exception)
               else _safe(_quote_value, svc, quotes[cell], attr) for cell in row] for row in grid]
    return _scalar_or_grid(result)


@xw.func
@xw.arg("codes", ndim=2)
def KIS_PRICE(codes, field=None, refresh=None):
    """Current price (or another field) of a code or a range of codes; ranges spill in the same shape."""
    return _safe(_price, codes, field)


def _quote_table(codes, fields, header):
    svc = service()
    names = _flat(fields) or ["price"]
    attrs = [_field(f, QUOTE_FIELDS, "price") for f in names]
    cells = _flat(codes)
    quotes = _quotes(svc, cells)
    rows = [["code", *names]] if header in (None, True, 1, "TRUE", "true") else []
    for cell in cells:
        q = quotes[cell]
        label = f"{int(cell):06d}" if isinstance(cell, float) and cell.is_integer() else str(cell)
        if isinstance(q, Exception):
            rows.append([label, *[_message(q)] * len(attrs)])
        else:
            rows.append([q.code, *[_safe(_quote_value, svc, q, a) for a in attrs]])
    return rows


@xw.func
@xw.arg("codes", ndim=2)
@xw.arg("fields", ndim=2)
def KIS_QUOTE(codes, fields, header=True, refresh=None):
    """A table: one row per code, one column per field, with a header row unless header is FALSE."""
    return _safe(_quote_table, codes, fields, header)


# history, order book ---------------------------------------------------------------------------
def _history_order(order) -> bool:
    """True for newest first; the order argument as typed (asc/desc, 과거순/최신순…)."""
    key = str(order if order not in (None, "") else "asc").strip().lower()
    if key not in _NEWEST_FIRST:
        raise CellError(f'order must be "asc" (oldest first) or "desc" (newest first), not {order!r}')
    return _NEWEST_FIRST[key]


def _history(code, start, end, period, fields, order, header):
    svc = service()
    symbol = parse_symbol(code)
    last = _date(end, "end") if end not in (None, "") else svc.today()
    if isinstance(start, (int, float)) and not isinstance(start, bool) and start <= 0:  # -60: 60 days back
        first = last - timedelta(days=int(-start))
    else:
        first = _date(start, "start")
    period = str(period or "D").strip().upper()[:1]
    if period not in ("D", "W", "M", "Y"):
        raise CellError(f"period must be D, W, M or Y, not {period!r}")
    names = [HISTORY_ALIASES.get(str(f).strip().lower(), str(f)) for f in _flat(fields)] or list(HISTORY_FIELDS)
    bad = [f for f in names if f not in HISTORY_FIELDS]
    if bad:
        raise CellError(f"unknown field {bad[0]}: {', '.join(HISTORY_FIELDS)} (or 일자, 시가, 고가, 저가, 종가, 거래량, "
                        f"거래대금)")
    newest_first = _history_order(order)
    if symbol.is_domestic:
        bars = svc.history(symbol.code, first, last, period)
    else:
        bars = svc.us_history(symbol.code, first, last, period, symbol.market)
    if newest_first:
        bars = list(reversed(bars))
    rows = [names] if header in (None, True, 1, "TRUE", "true") else []
    rows += [[_excel(getattr(b, f)) for f in names] for b in bars]
    return rows if len(rows) > (1 if rows and rows[0] == names else 0) else rows + [[NA] * len(names)]


@xw.func
@xw.arg("fields", ndim=2)
def KIS_HISTORY(code, start, end=None, period="D", fields=None, order="asc", header=True, refresh=None):
    """OHLCV bars from start to end (default today) as a spilling table, oldest first unless order="desc".

    ``start`` may be a date, or a number of days back from ``end`` written as a negative number (-60):
    unlike TODAY()-60 that keeps the formula non-volatile.
    """
    return _safe(_history, code, start, end, period, fields, order, header)


def _orderbook(code):
    book = service().orderbook(parse_symbol(code).code)
    rows = [["ask_qty", "price", "bid_qty"]]
    rows += [[lv.quantity, lv.price, ""] for lv in reversed(book.asks)]
    rows += [["", lv.price, lv.quantity] for lv in book.bids]
    return rows


@xw.func
def KIS_ORDERBOOK(code, refresh=None):
    """Ten ask levels above ten bid levels: ask quantity, price, bid quantity."""
    return _safe(_orderbook, code)


# account ------------------------------------------------------------------------------------------
def _balance(fields, header):
    names = _flat(fields) or ["code", "name", "quantity", "avg_price", "price", "evaluation", "pnl", "pnl_pct"]
    attrs = [_field(f, BALANCE_FIELDS, "code") for f in names]
    svc = service()
    us = svc.us_balance()
    holdings = svc.balance().holdings + (us.holdings if us else [])
    rows = [list(names)] if header in (None, True, 1, "TRUE", "true") else []
    rows += [[getattr(h, a) for a in attrs] for h in holdings]
    return rows if holdings else rows + [["(no holdings)", *[""] * (len(attrs) - 1)]]


@xw.func
@xw.arg("fields", ndim=2)
def KIS_BALANCE(fields=None, header=True, refresh=None):
    """The active account's holdings as a table (code, name, quantity, average price, price, evaluation, P&L);
    US holdings follow the domestic ones (in USD; ask for "market" and "currency" to tell them apart)."""
    return _safe(_balance, fields, header)


def _cash(field):
    svc = service()
    summary = svc.balance().summary
    if field in (None, ""):
        us = svc.us_balance()
        usd = [[name, getattr(us.summary, name[4:])] for name in _USD_ALIASES] if us else []
        return [[name, getattr(summary, name)] for name in _CASH_ALIASES] + usd
    name = _field(field, CASH_FIELDS, "deposit")
    if name in _USD_ALIASES:
        us = svc.us_balance()
        if us is None:
            raise CellError("this account has no US trading")
        return getattr(us.summary, name[4:])
    return getattr(summary, name)


@xw.func
def KIS_CASH(field=None, refresh=None):
    """Deposit, D+2 cash, total evaluation, P&L…: one field, or all of them as a two-column table; the US side
    in USD as usd_deposit, usd_securities_eval, usd_total_eval, usd_pnl_total."""
    return _safe(_cash, field)


# status and refresh ---------------------------------------------------------------------------------
@xw.func
def KIS_STATUS(refresh=None):
    """What to look at when something seems off: profile, token age, requests, cache hits, last error."""
    return _safe(lambda: status_rows(service()))


@xw.func
def KIS_LIVE(header=True, refresh=None):
    """Which watched codes stream (KIS WebSocket) and which are polled (REST), in live mode."""
    def table():
        rows = [[code, source] for code, source in service().live_status().items()]
        return ([["code", "source"]] if header in (None, True, 1, "TRUE", "true") else []) + (rows or [["", ""]])
    return _safe(table)


def _com_loop():
    """The event loop of xlwings' COM server, where its calling-cell objects may be used (Windows only)."""
    from xlwings.com_server import loop

    return loop


def _recalc_caller(caller):
    """For periodic mode on desktop Excel: a tick that re-enters the refresh cell's formula, as xlwings'
    own async functions do, so that cell and every formula pointing at it recalculate. None without a
    calling cell (plain calls, Office.js)."""
    if caller is None or not hasattr(caller, "set_formula"):
        return None
    loop = _com_loop()

    def tick() -> None:
        async def rewrite():
            await caller.set_formula(await caller.get_formula())

        future = asyncio.run_coroutine_threadsafe(rewrite(), loop)
        try:
            future.result(timeout=30)
        except FutureTimeout:  # Excel busy (a cell being edited): skip this tick
            future.cancel()

    return tick


def _refresh(mode, seconds, caller):
    if isinstance(mode, (list, tuple)) or isinstance(seconds, (list, tuple)):
        raise CellError('KIS_REFRESH takes one mode ("manual", "periodic" or "auto") and one number of seconds, '
                        'not a range')
    if seconds not in (None, "") and (isinstance(seconds, bool) or not isinstance(seconds, (int, float))
                                      or not 0 < seconds < 86_400):
        raise CellError(f"seconds must be a number between 1 and 86399, not {seconds!r}")
    svc = service(reread=True)
    if mode not in (None, ""):
        svc.set_mode(str(mode), float(seconds) if seconds not in (None, "") else None,
                     on_tick=_recalc_caller(caller))
    generation = svc.refresh()
    label = f"periodic {svc.period:g} s" if svc.mode == "periodic" else svc.mode
    if svc.live_mode:
        label = f"live {svc.period:g} s"
    return f"{label} · refreshed {datetime.now():%H:%M:%S} (#{generation})"


@xw.func
def KIS_REFRESH(mode=None, seconds=None, caller=None):
    """Refresh all KIS values now; KIS_REFRESH("manual"), ("periodic", 30), ("live") or ("auto") also set the mode.

    ``live``: prices of watched codes come from KIS's WebSocket (40 most recently used codes) and the
    sheet recalculates every second (or N), so those cells show a trade within a second at no REST cost.

    Point other functions' ``refresh`` argument at this cell so they recalculate when it does. In
    periodic mode desktop Excel recalculates this cell (and so its dependents) every N seconds.
    """
    return _safe(_refresh, mode, seconds, caller)
