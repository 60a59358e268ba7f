"""Who trades a stock: investors by type, the brokers (회원사) buying and selling it."""

from __future__ import annotations


import xlwings as xw

from ..services import cached
from ..services.quotes import service
from ._cells import _count, _domestic, _safe, _table


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
