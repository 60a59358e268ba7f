"""Who trades a stock: investors by type, the brokers (회원사) buying and selling it, the flows by day
(investors in detail, program trading, short selling, credit) and trade strength (체결강도)."""

from __future__ import annotations

from datetime import time

import xlwings as xw

from ..client.flows import MARKETS, flow_columns, flow_kind
from ..services import cached
from ..services.quotes import service
from ._cells import NA, _count, _domestic, _safe, _table


INVESTOR_COLUMNS = ["date", "close", "individuals", "foreigners", "institutions", "individuals_value",
                    "foreigners_value", "institutions_value"]


def _investors(code, days, header):
    svc = service()
    rows = cached.investors(svc, _domestic(code, "KIS_INVESTORS"), _count(days, "days", 30, 30))
    return _table(INVESTOR_COLUMNS, [[getattr(r, c) for c in INVESTOR_COLUMNS] for r in rows], header)


@xw.func
def KIS_INVESTORS(code, days=30, header=True, refresh=None):
    """Net buying by individuals, foreigners and institutions per session, newest first (shares; *_value in
    millions of won), up to 30 sessions."""
    return _safe(_investors, code, days, header)


MEMBER_COLUMNS = ["side", "rank", "broker", "quantity", "share_pct", "foreign"]


def _members(code, header):
    rows = cached.members(service(), _domestic(code, "KIS_MEMBERS"))
    return _table(MEMBER_COLUMNS, [[getattr(m, c) for c in MEMBER_COLUMNS] for m in rows], header)


@xw.func
def KIS_MEMBERS(code, header=True, refresh=None):
    """Today's top five selling and top five buying brokers (회원사): side, rank, broker, quantity, share %,
    foreign broker."""
    return _safe(_members, code, header)


def _cell(v):
    """A time of day as text (as KIS_TICKS shows it); everything else as it is."""
    return v.strftime("%H:%M:%S") if isinstance(v, time) else v


def _flows(code, kind, days, header):
    kind = flow_kind("investors" if kind in (None, "") else kind)
    rows = cached.flows(service(), _domestic(code, "KIS_FLOWS"), kind, _count(days, "days", 30, 250))
    names = flow_columns(kind)
    return _table(names, [[_cell(getattr(r, c)) for c in names] for r in rows], header)


@xw.func
def KIS_FLOWS(code, kind="investors", days=30, header=True, refresh=None):
    """A stock's flows by session, newest first: investors (투자자, institutions broken down), program
    (프로그램), program_today (today's program trading by minute), short (공매도) or credit (신용잔고);
    days up to 250."""
    return _safe(_flows, code, kind, days, header)


STRENGTH_COLUMNS = ["rank", "code", "name", "price", "change_pct", "volume", "strength", "buy_volume",
                    "sell_volume"]


def _strength(target, n, header):
    key = str(target if target not in (None, "") else "all").strip().lower()
    svc = service()
    if key in MARKETS:
        rows = cached.strength(svc, key)[: _count(n, "n", 10, 30)]
        return _table(STRENGTH_COLUMNS, [[getattr(r, c) for c in STRENGTH_COLUMNS] for r in rows], header)
    ticks = cached.ticks(svc, _domestic(target, "KIS_STRENGTH"), 1)
    return ticks[0].strength if ticks else NA


@xw.func
def KIS_STRENGTH(target="all", n=10, header=True, refresh=None):
    """Trade strength (체결강도, buy volume / sell volume × 100): a stock's today (one number), or a market's
    top n (all, KOSPI, KOSDAQ, KOSPI200; KIS's volume-power ranking) as a table."""
    return _safe(_strength, target, n, header)
