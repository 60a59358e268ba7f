"""KSD's corporate-event schedules and the dividend-rate ranking for Excel and the CLI: their columns, the dates
asked when none are given, and a day's cache under the quote service's ``name`` kind (schedules change a few times a
month)."""

from __future__ import annotations

from datetime import date, timedelta

from ..client.events import event_kinds
from ..codes import normalize_code

EVENT_COLUMNS = ["record_date", "code", "kind", "detail", "rate", "per_share", "ex_date", "pay_date", "meeting_date",
                 "subscription_start", "subscription_end", "listing_date", "halt", "share_kind"]
RANK_COLUMNS = ["rank", "code", "record_date", "per_share", "rate_pct", "kind"]
RANK_DAYS = 365  # the ranking's record dates: the last year when no dates are given


def rank_window(today: date, start: date | None, end: date | None) -> tuple[date, date]:
    """The ranking's record dates: as given, else the year up to today."""
    end = end or today
    return start or end - timedelta(days=RANK_DAYS), end


def cached_events(svc, start: date, end: date, code=None, kind="all"):
    code = normalize_code(code) if code not in (None, "") else ""
    kinds = event_kinds(kind)
    return svc.cached("name", ("events", code, start, end, kinds),
                      lambda: svc.client.events(start, end, code or None, kind))


def cached_dividend_rank(svc, start: date, end: date, market="all", n: int = 30):
    return svc.cached("name", ("dividend_rank", start, end, str(market).lower(), n),
                      lambda: svc.client.dividend_rank(start, end, market, n=n))
