"""Market indices (KOSPI, KOSDAQ, KOSPI200): now and their history."""

from __future__ import annotations


import xlwings as xw

from ..errors import CellError
from ..services import cached
from ..services.quotes import service
from ._cells import _each, _excel, _field, _header, _history_order, NA, _safe, _start_end, _value, _wants_header


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


def _index(codes, field):
    svc = service()
    attr = _field(field, INDEX_FIELDS, "level")
    return _each(codes, lambda c: _value(getattr(cached.index(svc, c), attr)))


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
    bars = cached.index_history(svc, code, first, last, period)
    if _history_order(order):
        bars = list(reversed(bars))
    names = list(INDEX_HISTORY_FIELDS)
    rows = [_header(names)] if _wants_header(header) else []
    rows += [[_excel(getattr(b, f)) for f in names] for b in bars]
    return rows if bars else rows + [[NA] * len(names)]


@xw.func
def KIS_INDEX_HISTORY(code, start, end=None, period="D", order="asc", header=True, refresh=None):
    """Daily (W, M) index levels from start to end as a spilling table: date, open, high, low, close, volume
    (thousands of shares), value (millions of won). ``start`` may be -N: N days back from ``end``."""
    return _safe(_index_history, code, start, end, period, order, header)
