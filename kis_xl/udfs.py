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

from . import sessions
from .codes import Symbol, parse_symbol
from .dates import parse_date
from .errors import CellError, InvalidCode, KisXlError
from .services import extras as _x
from .services.quotes import service
from .services.status import status_rows
from .sessions import KST

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
    "status": ("상태", "거래상태", "vi", "halt"), "expected_price": ("예상체결가", "antc_cnpr", "expected"),
}
QUOTE_FIELDS = {alias.lower(): name for name, aliases in _QUOTE_ALIASES.items() for alias in (name, *aliases)}
DETAIL_ONLY = {"market_cap", "per", "pbr", "eps", "bps", "high_52w", "low_52w", "tick", "listed_shares"}
LIVE_ONLY = {"status", "expected_price"}  # KRX trading state and auctions: KIS's real-time feeds in live mode
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
    if field in LIVE_ONLY:
        if quote.market != "KRX":
            return NA
        return svc.status(quote.code) if field == "status" else _value(svc.expected_price(quote.code))
    if field in DETAIL_ONLY and quote.market == "KRX":
        quote = svc.detail(quote.code)
    if field == "name" and not quote.name:
        return svc.name(quote.code) if quote.market == "KRX" else svc.client.name_of(quote.code) or quote.code
    return _value(getattr(quote, field, None))


def _symbol(value) -> Symbol:
    """A cell as the instrument it means: a code as typed (KIS answers for it), or a name (삼성전자, NAVER)
    through KIS's stock master, which lists the candidates of an unknown or ambiguous one."""
    try:
        symbol = parse_symbol(value)
    except InvalidCode:
        if not isinstance(value, str):
            raise
        symbol = None
    if symbol is not None and (symbol.is_domestic or symbol.market is not None):
        return symbol
    return service().client.resolve(value, strict=False)


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
    symbols = {cell: _attempt(_symbol, cell) for cell in cells}
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
        return "" if cell in (None, "") else _quote_value(svc, _quote(svc, _symbol(cell)), attr)
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
    symbol = _symbol(code)
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
    book = service().orderbook(_symbol(code).code)
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


LIVE_COLUMNS = ["key", "feed", "source", "held_by"]


@xw.func
def KIS_LIVE(header=True, refresh=None):
    """In live mode, every feed watched here or held in the app key's shared session: key, feed (trades,
    order book, index, status, auction, notices), source (``stream`` or ``rest``, and why) and the
    processes holding its registration."""
    def table():
        rows = [[r[c] for c in LIVE_COLUMNS] for r in service().live_rows()]
        return ([LIVE_COLUMNS] if _wants_header(header) else []) + (rows or [[""] * len(LIVE_COLUMNS)])
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


# more of the market and the account (issue 15) --------------------------------------------------------

_INDEX_ALIASES = {
    "level": ("price", "지수", "현재가", "현재지수", "bstp_nmix_prpr", "close", "종가"), "name": ("지수명",),
    "change": ("전일대비", "대비", "bstp_nmix_prdy_vrss"), "change_pct": ("등락률", "bstp_nmix_prdy_ctrt", "change%"),
    "open": ("시가", "bstp_nmix_oprc"), "high": ("고가", "bstp_nmix_hgpr"), "low": ("저가", "bstp_nmix_lwpr"),
    "prev_close": ("전일종가", "기준가"), "volume": ("거래량", "acml_vol"), "value": ("거래대금", "acml_tr_pbmn"),
    "advancing": ("상승", "상승종목수", "ascn_issu_cnt"), "declining": ("하락", "하락종목수", "down_issu_cnt"),
    "unchanged": ("보합", "보합종목수", "stnr_issu_cnt"), "year_high": ("연중최고", "dryy_bstp_nmix_hgpr"),
    "year_low": ("연중최저", "dryy_bstp_nmix_lwpr"),
}
INDEX_FIELDS = {alias.lower(): name for name, aliases in _INDEX_ALIASES.items() for alias in (name, *aliases)}
INDEX_HISTORY_FIELDS = ("date", "open", "high", "low", "close", "volume", "value")


def _wants_header(header) -> bool:
    return header in (None, True, 1, "TRUE", "true")


def _each(cells, fn):
    """fn over every non-empty cell of an argument: a scalar for one cell, else a grid of the same shape
    (each cell its own value or its own ``#KIS!`` message)."""
    grid = _grid(cells)
    result = [["" if c in (None, "") else _safe(fn, c) for c in row] for row in grid]
    return _scalar_or_grid(result)


def _start_end(start, end, svc):
    last = _date(end, "end") if end not in (None, "") else svc.today()
    if isinstance(start, (int, float)) and not isinstance(start, bool) and start <= 0:
        return last - timedelta(days=int(-start)), last
    first = _date(start, "start")
    if first > last:
        raise CellError(f"start {first} is after end {last}")
    return first, last


def _index(codes, field):
    svc = service()
    attr = _field(field, INDEX_FIELDS, "level")
    return _each(codes, lambda c: _value(getattr(_x.index(svc, c), attr)))


@xw.func
@xw.arg("codes", ndim=2)
def KIS_INDEX(codes, field=None, refresh=None):
    """An index now: KOSPI (0001), KOSDAQ (1001), KOSPI200 (2001); level unless another field is named
    (change, change_pct, open, high, low, prev_close, volume, value, advancing, declining, year_high…)."""
    return _safe(_index, codes, field)


def _index_history(code, start, end, period, order, header):
    svc = service()
    first, last = _start_end(start, end, svc)
    period = str(period or "D").strip().upper()[:1]
    if period not in ("D", "W", "M"):
        raise CellError(f"period must be D, W or M, not {period!r}")
    bars = _x.index_history(svc, code, first, last, period)
    if _history_order(order):
        bars = list(reversed(bars))
    names = list(INDEX_HISTORY_FIELDS)
    rows = [names] if _wants_header(header) else []
    rows += [[_excel(getattr(b, f)) for f in names] for b in bars]
    return rows if bars else rows + [[NA] * len(names)]


@xw.func
def KIS_INDEX_HISTORY(code, start, end=None, period="D", order="asc", header=True, refresh=None):
    """Daily (W, M) index levels from start to end as a spilling table: date, open, high, low, close, volume
    (thousands of shares), value (millions of won). ``start`` may be -N: N days back from ``end``."""
    return _safe(_index_history, code, start, end, period, order, header)


_INFO_ALIASES = {
    "name": ("종목명", "prdt_abrv_name"), "name_en": ("영문명", "prdt_eng_abrv_name"), "market": ("시장", "mket_id_cd"),
    "kind": ("종류",), "sector": ("업종", "idx_bztp_lcls_cd_name"), "sector_medium": ("업종중분류", "idx_bztp_mcls_cd_name"),
    "industry": ("산업", "표준산업분류", "std_idst_clsf_cd_name"), "listed": ("상장일",), "delisted": ("상장폐지일",),
    "par_value": ("액면가", "papr"), "listed_shares": ("상장주수", "lstg_stqt"), "capital": ("자본금", "cpta"),
    "settlement_month": ("결산월", "setl_mmdd"), "isin": ("표준코드", "std_pdno"), "kospi200": ("kospi200_item_yn",),
    "halted": ("거래정지", "tr_stop_yn"), "administrative": ("관리종목", "admn_item_yn"), "close": ("당일종가", "thdt_clpr"),
    "prev_close": ("전일종가", "bfdy_clpr"), "product_class": ("상품분류", "prdt_clsf_cd"), "registered": ("최초등록일", "frst_erlm_dt"),
}
INFO_FIELDS = {alias.lower(): name for name, aliases in _INFO_ALIASES.items() for alias in (name, *aliases)}
_SEARCH_INFO_ONLY = {"product_class", "registered"}


def _info(code, field):
    svc = service()
    symbol = _symbol(code)
    if not symbol.is_domestic:
        raise CellError(f"KIS_INFO takes KRX codes, not {code!r}")
    if field in (None, ""):
        info = _x.stock_info(svc, symbol.code)
        return [[name, _excel(_value(getattr(info, name)))] for name in _INFO_ALIASES if name not in _SEARCH_INFO_ONLY]
    attr = _field(field, INFO_FIELDS, "name")
    info = _x.stock_info(svc, symbol.code, attr in _SEARCH_INFO_ONLY)
    return _excel(_value(getattr(info, attr)))


@xw.func
def KIS_INFO(code, field=None, refresh=None):
    """What KIS's stock master says about a code: name, market, sector, listing date, par value, shares…
    (one field, or every field as a two-column table when none is named)."""
    return _safe(_info, code, field)


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
    days = _x.holidays(svc, first, last)
    names = ["date", "weekday", "open", "business_day", "settlement_day"]
    rows = [names] if _wants_header(header) else []
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
                 lambda d: _x.is_open(svc, d if isinstance(d, date) and not isinstance(d, datetime)
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


def _session(session, field, header):
    states = _x.sessions_now(service())
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
    KST"), or the field open (TRUE/FALSE) or until (the close, or the next open)."""
    return _safe(_session, session, field, header)


_SELLABLE_ALIASES = {
    "sellable_qty": ("qty", "매도가능수량", "주문가능수량", "ord_psbl_qty"), "holding_qty": ("보유수량", "잔고수량", "cblc_qty"),
    "bought_today": ("금일매수", "buy_qty"), "sold_today": ("금일매도", "sll_qty"), "avg_price": ("평균단가", "pchs_avg_pric"),
    "price": ("현재가", "now_pric"), "evaluation": ("평가금액", "evlu_amt"), "pnl": ("평가손익", "evlu_pfls_amt"),
    "pnl_pct": ("수익률", "evlu_pfls_rt"),
}
SELLABLE_FIELDS = {alias.lower(): name for name, aliases in _SELLABLE_ALIASES.items() for alias in (name, *aliases)}


def _sellable(codes, field):
    svc = service()
    attr = _field(field, SELLABLE_FIELDS, "sellable_qty")

    def one(cell):
        symbol = _symbol(cell)
        if not symbol.is_domestic:
            raise CellError(f"KIS_SELLABLE takes KRX codes, not {cell!r}")
        return getattr(_x.sellable(svc, symbol.code), attr)

    return _each(codes, one)


@xw.func
@xw.arg("codes", ndim=2)
def KIS_SELLABLE(codes, field=None, refresh=None):
    """The quantity of a stock the account can sell now (inquire-psbl-sell), or another field: holding_qty,
    bought_today, sold_today, avg_price, price, evaluation, pnl, pnl_pct. A range gives an array."""
    return _safe(_sellable, codes, field)


def _table(names: list[str], records: list[list], header, empty: str = NA) -> list[list]:
    rows = [list(names)] if _wants_header(header) else []
    rows += [[_excel(v) for v in r] for r in records]
    return rows if records else rows + [[empty] + [""] * (len(names) - 1)]


def _domestic(code, fn: str):
    symbol = _symbol(code)
    if not symbol.is_domestic:
        raise CellError(f"{fn} takes KRX codes, not {code!r}")
    return symbol.code


def _count(value, what: str, default: int, most: int) -> int:
    if value in (None, ""):
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= most:
        raise CellError(f"{what} must be a number from 1 to {most}, not {value!r}")
    return int(value)


INVESTOR_COLUMNS = ["date", "close", "individuals", "foreigners", "institutions", "individuals_value",
                    "foreigners_value", "institutions_value"]


def _investors(code, days, header):
    svc = service()
    rows = _x.investors(svc, _domestic(code, "KIS_INVESTORS"), _count(days, "days", 30, 30))
    return _table(INVESTOR_COLUMNS, [[getattr(r, c) for c in INVESTOR_COLUMNS] for r in rows], header)


@xw.func
def KIS_INVESTORS(code, days=30, header=True, refresh=None):
    """Net buying by individuals, foreigners and institutions per session, newest first (shares; *_value in
    millions of won), up to 30 sessions."""
    return _safe(_investors, code, days, header)


TICK_COLUMNS = ["time", "price", "volume", "change", "change_pct", "strength"]


def _ticks(code, n, header):
    svc = service()
    rows = _x.ticks(svc, _domestic(code, "KIS_TICKS"), _count(n, "n", 30, 30))
    return _table(TICK_COLUMNS, [[t.time.strftime("%H:%M:%S"), t.price, t.volume, t.change, t.change_pct,
                                  t.strength] for t in rows], header)


@xw.func
def KIS_TICKS(code, n=30, header=True, refresh=None):
    """The latest trades (체결), newest first: time, price, volume, change, change %, strength (체결강도)."""
    return _safe(_ticks, code, n, header)


MINUTE_COLUMNS = ["time", "open", "high", "low", "close", "volume"]


def _minutes(code, day, header):
    svc = service()
    symbol = _symbol(code)
    when = None if day in (None, "") else _date(day, "date")
    bars = _x.minutes(svc, symbol, when)
    return _table(MINUTE_COLUMNS, [[b.at.replace(tzinfo=None), b.open, b.high, b.low, b.close, b.volume]
                                   for b in bars], header)


@xw.func
def KIS_MINUTES(code, day=None, header=True, refresh=None):
    """One-minute bars, oldest first: today's, or a past session's (KRX, about a year back), or a US
    session's (New York time) for a US ticker."""
    return _safe(_minutes, code, day, header)


_ETF_ALIASES = {
    "nav": ("순자산가치",), "price": ("현재가", "stck_prpr"), "prev_nav": ("전일nav", "prdy_last_nav"),
    "premium_pct": ("괴리율", "premium", "discount", "dprt"), "tracking_error": ("추적오차율", "trc_errt"),
    "change": ("전일대비",), "change_pct": ("등락률",), "nav_change_pct": ("nav등락률", "nav_prdy_ctrt"),
    "volume": ("거래량",), "net_assets": ("순자산총액", "etf_ntas_ttam"), "units": ("상장좌수", "etf_crcl_stcn"),
    "multiple": ("추적배수", "etf_trc_ert_mltp"), "components": ("구성종목수", "etf_cnfg_issu_cnt"),
}
ETF_FIELDS = {alias.lower(): name for name, aliases in _ETF_ALIASES.items() for alias in (name, *aliases)}


def _etf(codes, field):
    svc = service()
    if str(field).strip().lower() == "all" and not isinstance(codes, (list, tuple)):
        q = _x.etf(svc, _domestic(codes, "KIS_ETF"))
        return [[name, getattr(q, name)] for name in _ETF_ALIASES]
    attr = _field(field, ETF_FIELDS, "nav")
    return _each(codes, lambda c: getattr(_x.etf(svc, _domestic(c, "KIS_ETF")), attr))


@xw.func
@xw.arg("codes", ndim=2)
def KIS_ETF(codes, field=None, refresh=None):
    """An ETF/ETN against its NAV: nav (default), premium_pct (괴리율), tracking_error (추적오차율), price,
    net_assets…; "all" gives every field as a two-column table."""
    return _safe(_etf, _scalar_or_grid(_grid(codes)), field)


MEMBER_COLUMNS = ["side", "rank", "broker", "quantity", "share_pct", "foreign"]


def _members(code, header):
    rows = _x.members(service(), _domestic(code, "KIS_MEMBERS"))
    return _table(MEMBER_COLUMNS, [[getattr(m, c) for c in MEMBER_COLUMNS] for m in rows], header)


@xw.func
def KIS_MEMBERS(code, header=True, refresh=None):
    """Today's top five selling and top five buying brokers (회원사): side, rank, broker, quantity, share %,
    foreign broker."""
    return _safe(_members, code, header)


RANK_COLUMNS = ["rank", "code", "name", "price", "change_pct", "volume"]
_RANK_KINDS = {"volume": "volume", "거래량": "volume", "value": "value", "거래대금": "value", "gainers": "gainers",
               "상승률": "gainers", "up": "gainers", "losers": "losers", "하락률": "losers", "down": "losers",
               "market_cap": "market_cap", "시가총액": "market_cap", "cap": "market_cap"}


def _rank(kind, n, market, header):
    key = str(kind or "volume").strip().lower()
    if key not in _RANK_KINDS:
        raise CellError(f"ranking must be volume, value, gainers, losers or market_cap, not {kind!r}")
    kind = _RANK_KINDS[key]
    rows = _x.rank(service(), kind, str(market or "all"))[: _count(n, "n", 10, 30)]
    extra = {"value": "value", "market_cap": "market_cap"}.get(kind)
    names = RANK_COLUMNS + ([extra] if extra else [])
    return _table(names, [[getattr(r, c) for c in names] for r in rows], header)


@xw.func
def KIS_RANK(kind="volume", n=10, market="all", header=True, refresh=None):
    """The top n (≤ 30) KRX stocks by volume, value, gainers, losers or market_cap; market all, KOSPI or
    KOSDAQ."""
    return _safe(_rank, kind, n, market, header)


PNL_DAY_COLUMNS = ["date", "realized", "pnl_pct", "sell_amount", "buy_amount", "fees", "taxes"]
PNL_STOCK_COLUMNS = ["date", "code", "name", "sell_qty", "sell_price", "avg_cost", "realized", "pnl_pct", "fees",
                     "taxes"]
_PNL_BY = {"stock": "stock", "종목": "stock", "종목별": "stock", "day": "day", "일별": "day", "date": "day"}


def _pnl(start, end, by, header):
    svc = service()
    first, last = _start_end(start, end, svc)
    key = str(by or "stock").strip().lower()
    if key not in _PNL_BY:
        raise CellError(f'by must be "stock" or "day", not {by!r}')
    by = _PNL_BY[key]
    records, total = _x.pnl(svc, first, last, by)
    names = PNL_DAY_COLUMNS if by == "day" else PNL_STOCK_COLUMNS
    rows = [[getattr(r, c) for c in names] for r in records]
    if rows:
        totals = {"realized": total.realized, "sell_amount": total.sell_amount, "buy_amount": total.buy_amount,
                  "fees": total.fees, "taxes": total.taxes, "pnl_pct": "" if total.pnl_pct is None else total.pnl_pct}
        rows.append(["total", *[totals.get(c, "") for c in names[1:]]])
    return _table(names, rows, header, empty="(no realised P&L)")


@xw.func
def KIS_PNL(start, end=None, by="stock", header=True, refresh=None):
    """Realised profit from start to end (default today): by "stock" (each stock each day: quantity sold,
    price, average cost, profit, fees, taxes) or by "day"; a total row last. Real accounts (KIS offers no
    period P&L on the mock domain)."""
    return _safe(_pnl, start, end, by, header)


def _kis_value(text):
    """A KIS string as a cell value: numbers as numbers, but codes and text with leading zeros stay text."""
    s = str(text if text is not None else "").strip()
    if not s or (len(s) > 1 and s[0] == "0" and s[1] != ".") or (s.startswith("-0") and len(s) > 2 and s[2] != "."):
        return s
    try:
        number = float(s)
    except ValueError:
        return s
    return int(number) if number.is_integer() and "." not in s and abs(number) < 2**53 else number


def _param_text(value) -> str:
    if isinstance(value, datetime) or (isinstance(value, date)):
        return value.strftime("%Y%m%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "Y" if value else "N"
    return "" if value is None else str(value).strip()


def _query(api, args):
    if api in (None, ""):
        raise CellError("KIS_QUERY needs an API name, such as \"inquire-index-price\"")
    args = list(args)
    if len(args) % 2:  # a trailing odd argument is the refresh cell
        args = args[:-1]
    params, output, header = {}, None, True
    for name, value in zip(args[::2], args[1::2]):
        if name in (None, ""):
            continue
        key = str(name).strip()
        if key.lower() == "output":
            output = _param_text(value)
        elif key.lower() == "header":
            header = value
        else:
            params[key.upper()] = _param_text(value)
    result = _x.query(service(), str(api).strip(), params, output)
    names = list(dict.fromkeys(k for row in result.rows for k in row))
    rows = [names] if _wants_header(header) else []
    rows += [[_kis_value(row.get(k)) for k in names] for row in result.rows]
    return rows if result.rows else rows + [[NA]]


@xw.func
def KIS_QUERY(api, *args):
    """Any read-only KIS endpoint the simulator and client know, by its path name, with KIS's parameter names
    and values in pairs: =KIS_QUERY("inquire-index-price", "FID_COND_MRKT_DIV_CODE", "U", "FID_INPUT_ISCD",
    "0001"). Spills the output with KIS's field names; "output", "output2" picks another output. Same cache
    (30 s) and rate budget as every other function; a trailing odd argument is the refresh cell."""
    return _safe(_query, api, args)
