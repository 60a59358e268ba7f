"""Fundamentals (재무) and KSD's dividend schedule for Excel and the CLI: cached a day under the quote service's
``name`` kind (a company's statements and dividend schedule change a few times a year), and as tables.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, timedelta

from ..client.fundamentals import STATEMENTS, financial_kind, period_code
from ..codes import normalize_code
from ..models import Estimates, Opinion

OPINION_DAYS = 365  # opinions since this many days ago when no start is given
DIVIDEND_DAYS_BACK, DIVIDEND_DAYS_AHEAD = 365, 90  # one stock's schedule when no dates are given


def fetch(client, code, kind="ratio", period="year", start: date | None = None, end: date | None = None):
    """One kind of fundamentals as the client gives it (opinions between ``start`` and ``end``)."""
    kind = financial_kind(kind)
    if kind == "estimate":
        return client.estimates(code)
    if kind == "opinion":
        end = end or client.now().date()
        return client.opinions(code, start or end - timedelta(days=OPINION_DAYS), end)
    return client.financials(code, kind, period)


def table(kind, result) -> tuple[list[str], list[dict]]:
    """Columns and rows of what ``fetch`` gave: a statement per period, an opinion per report, an estimate line per
    row with one column per settlement period."""
    if isinstance(result, Estimates):
        periods = list(result.periods)
        return ["block", "line", *periods], [{"block": r.block, "line": r.line, **dict(zip(periods, r.values))}
                                             for r in result.rows]
    kind = financial_kind(kind)
    model = STATEMENTS[kind].model if kind in STATEMENTS else Opinion
    return [f.name for f in fields(model)], [asdict(r) for r in result]


def cached_financials(svc, code, kind="ratio", period="year"):
    code, kind = normalize_code(code), financial_kind(kind)
    period = period_code(period)
    return svc.cached("name", ("financials", code, kind, period), lambda: fetch(svc.client, code, kind, period))


def dividend_window(today: date, start: date | None, end: date | None, code) -> tuple[date, date]:
    """The record dates asked: as given, else a year back and 90 days ahead (one stock) or the next 90 days (all)."""
    end = end or today + timedelta(days=DIVIDEND_DAYS_AHEAD)
    return start or (today - timedelta(days=DIVIDEND_DAYS_BACK) if code else today), end


def cached_dividends(svc, start: date, end: date, code=None, kind="all"):
    code = normalize_code(code) if code not in (None, "") else ""
    return svc.cached("name", ("dividends", code, start, end, kind),
                      lambda: svc.client.dividends(start, end, code or None, kind))
