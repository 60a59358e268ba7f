"""A company's fundamentals (재무) and KSD's dividend schedule (배당일정): tables that spill with their headers."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import xlwings as xw

from ..errors import CellError
from ..i18n import t
from ..services import fundamentals as fund
from ..services.quotes import service
from ._cells import _date, _domestic, _safe, _table

DIVIDEND_COLUMNS = ["record_date", "code", "kind", "cash_per_share", "cash_rate_pct", "pay_date", "high_dividend"]


def _financials(code, kind, period, header):
    columns, rows = fund.table(kind, fund.cached_financials(service(), _domestic(code, "KIS_FINANCIALS"), kind,
                                                            period))
    return _table(columns, [[r.get(c) for c in columns] for r in rows], header)


@xw.func
def KIS_FINANCIALS(code, kind="ratio", period="year", header=True, refresh=None):
    """A company's financial ratios (ratio), income statement (income), balance sheet (balance), growth or
    profitability ratios (growth, profit) by year or quarter, newest first; estimates (estimate) or analysts'
    opinions of the last year (opinion)."""
    return _safe(_financials, code, kind, period, header)


def schedule_window(svc, code_or_from, to, fn: str) -> tuple[str | None, date, date]:
    """A KSD schedule's cell arguments: a stock code (a year back, 90 days ahead), or a from and a to date."""
    if to in (None, ""):
        if code_or_from in (None, ""):
            raise CellError(t("{fn} takes a stock code, or a from and a to date", fn=fn))
        code, start, end = _domestic(code_or_from, fn), None, None
    else:
        code, start, end = None, _date(code_or_from, "from"), _date(to, "to")
        if start > end:
            raise CellError(t("start {start} is after end {end}", start=start, end=end))
    return code, *fund.dividend_window(svc.today(), start, end, code)


def _dividends(code_or_from, to, header):
    svc = service()
    code, start, end = schedule_window(svc, code_or_from, to, "KIS_DIVIDENDS")
    rows = [asdict(d) for d in fund.cached_dividends(svc, start, end, code)]
    return _table(DIVIDEND_COLUMNS, [[r[c] for c in DIVIDEND_COLUMNS] for r in rows], header)


@xw.func
def KIS_DIVIDENDS(code_or_from, to=None, header=True, refresh=None):
    """KSD's dividend schedule: one stock's (a year back, 90 days ahead) or, given two dates, every stock's with a
    record date between them."""
    return _safe(_dividends, code_or_from, to, header)
