"""Watchlists (관심종목): ``=KIS_WATCHLIST()`` lists the HTS id's groups, ``=KIS_WATCHLIST("group")`` spills a
group's stocks; its code column is plain codes, so ``=KIS_PRICE(TAKE(KIS_WATCHLIST("관심종목1", FALSE), , 1))``
prices a watchlist."""

from __future__ import annotations

import xlwings as xw

from ..services import screens
from ..services.quotes import service
from ._cells import _safe
from .screens import _labelled

STOCK_COLUMNS = ["code", "name", "exchange", "memo"]
GROUP_COLUMNS = ["group_code", "group", "count"]


def _watchlist(group, header):
    svc = service()
    if group in (None, ""):
        return _labelled(GROUP_COLUMNS, [[g.code, g.name, g.count] for g in screens.watchlist_groups(svc)], header)
    stocks = screens.watchlist(svc, group)
    return _labelled(STOCK_COLUMNS, [[getattr(s, c) for c in STOCK_COLUMNS] for s in stocks], header)


@xw.func
def KIS_WATCHLIST(group=None, header=True, refresh=None):
    """A watchlist group's stocks (code, name, exchange, memo) as the HTS keeps them, by the group's name or code
    (001); without a group the groups (code, name, number of stocks)."""
    return _safe(_watchlist, group, header)
