"""Quotes, history, order book, stock information, ticks and minutes, ETFs and rankings."""

from __future__ import annotations

from datetime import timedelta

import xlwings as xw

from ..errors import CellError
from ..services import cached
from ..services.quotes import service
from ._cells import (
    _attempt, _count, _date, _domestic, _each, _excel, _field, _flat, _grid, _header, _history_order, _message, NA,
    _safe, _scalar_or_grid, _symbol, _table, _value, _wants_header)


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
    "source": ("출처",), "age": ("경과초", "age_s"),
}


QUOTE_FIELDS = {alias.lower(): name for name, aliases in _QUOTE_ALIASES.items() for alias in (name, *aliases)}


DETAIL_ONLY = {"market_cap", "per", "pbr", "eps", "bps", "high_52w", "low_52w", "tick", "listed_shares"}


LIVE_ONLY = {"status", "expected_price"}  # KRX trading state and auctions: KIS's real-time feeds in live mode


PROVENANCE = {"source", "age"}  # where a price comes from (stream, rest, stale, loading) and its age in seconds


HISTORY_FIELDS = ("date", "open", "high", "low", "close", "volume", "value")


HISTORY_ALIASES = {"날짜": "date", "일자": "date", "시가": "open", "고가": "high", "저가": "low", "종가": "close",
                   "거래량": "volume", "거래대금": "value", **{f: f for f in HISTORY_FIELDS}}


# quotes --------------------------------------------------------------------------------------
def _quote_value(svc, quote, field: str):
    if field in PROVENANCE:
        if quote.market != "KRX":
            return NA
        source, age = svc.source(quote.code)
        return source if field == "source" else NA if age != age else round(age, 1)
    if field in LIVE_ONLY:
        if quote.market != "KRX":
            return NA
        return svc.status(quote.code) if field == "status" else _value(svc.expected_price(quote.code))
    if field in DETAIL_ONLY:
        quote = svc.detail(quote.code) if quote.market == "KRX" else cached.us_detail(svc, quote.code, quote.market)
    if field == "name" and not quote.name:
        return svc.name(quote.code) if quote.market == "KRX" else svc.client.name_of(quote.code) or quote.code
    return _value(getattr(quote, field, None))


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
    rows = [_header(["code", *names])] if _wants_header(header) else []
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
    rows = [_header(names)] if _wants_header(header) else []
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
    svc, symbol = service(), _symbol(code)
    book = svc.orderbook(symbol.code) if symbol.is_domestic else cached.us_orderbook(svc, symbol.code, symbol.market)
    rows = [["ask_qty", "price", "bid_qty"]]
    rows += [[lv.quantity, lv.price, ""] for lv in reversed(book.asks)]
    rows += [["", lv.price, lv.quantity] for lv in book.bids]
    return rows


@xw.func
def KIS_ORDERBOOK(code, refresh=None):
    """Ten ask levels above ten bid levels: ask quantity, price, bid quantity (a US stock: the one level KIS
    gives each side)."""
    return _safe(_orderbook, code)


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
        info = cached.stock_info(svc, symbol.code)
        return [[name, _excel(_value(getattr(info, name)))] for name in _INFO_ALIASES if name not in _SEARCH_INFO_ONLY]
    attr = _field(field, INFO_FIELDS, "name")
    info = cached.stock_info(svc, symbol.code, attr in _SEARCH_INFO_ONLY)
    return _excel(_value(getattr(info, attr)))


@xw.func
def KIS_INFO(code, field=None, refresh=None):
    """What KIS's stock master says about a code: name, market, sector, listing date, par value, shares…
    (one field, or every field as a two-column table when none is named)."""
    return _safe(_info, code, field)


TICK_COLUMNS = ["time", "price", "volume", "change", "change_pct", "strength"]


def _ticks(code, n, header):
    svc = service()
    rows = cached.ticks(svc, _domestic(code, "KIS_TICKS"), _count(n, "n", 30, 30))
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
    bars = cached.minutes(svc, symbol, when)
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
        q = cached.etf(svc, _domestic(codes, "KIS_ETF"))
        return [[name, getattr(q, name)] for name in _ETF_ALIASES]
    attr = _field(field, ETF_FIELDS, "nav")
    return _each(codes, lambda c: getattr(cached.etf(svc, _domestic(c, "KIS_ETF")), attr))


@xw.func
@xw.arg("codes", ndim=2)
def KIS_ETF(codes, field=None, refresh=None):
    """An ETF/ETN against its NAV: nav (default), premium_pct (괴리율), tracking_error (추적오차율), price,
    net_assets…; "all" gives every field as a two-column table."""
    return _safe(_etf, _scalar_or_grid(_grid(codes)), field)


RANK_COLUMNS = ["rank", "code", "name", "price", "change_pct", "volume"]


_RANK_KINDS = {"volume": "volume", "거래량": "volume", "value": "value", "거래대금": "value", "gainers": "gainers",
               "상승률": "gainers", "up": "gainers", "losers": "losers", "하락률": "losers", "down": "losers",
               "market_cap": "market_cap", "시가총액": "market_cap", "cap": "market_cap"}


def _rank(kind, n, market, header):
    key = str(kind or "volume").strip().lower()
    if key not in _RANK_KINDS:
        raise CellError(f"ranking must be volume, value, gainers, losers or market_cap, not {kind!r}")
    kind = _RANK_KINDS[key]
    rows = cached.rank(service(), kind, str(market or "all"))[: _count(n, "n", 10, 30)]
    extra = {"value": "value", "market_cap": "market_cap"}.get(kind)
    names = RANK_COLUMNS + ([extra] if extra else [])
    return _table(names, [[getattr(r, c) for c in names] for r in rows], header)


@xw.func
def KIS_RANK(kind="volume", n=10, market="all", header=True, refresh=None):
    """The top n (≤ 30) KRX stocks by volume, value, gainers, losers or market_cap; market all, KOSPI or
    KOSDAQ."""
    return _safe(_rank, kind, n, market, header)
