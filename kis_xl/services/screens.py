"""Condition search and watchlists through the quote service's cache: a sheet of KIS_SCREEN and KIS_WATCHLIST
cells asks KIS once per condition or group. A condition's stocks are cached as prices (they move with the market),
the lists of conditions and groups and a group's stocks as details (the HTS changes them rarely)."""

from __future__ import annotations


def conditions(svc):
    return svc.cached("detail", ("conditions",), svc.client.conditions)


def screen(svc, name_or_seq):
    return svc.cached("price", ("screen", str(name_or_seq)), lambda: svc.client.screen(name_or_seq))


def watchlist_groups(svc):
    return svc.cached("detail", ("watchlist_groups",), svc.client.watchlist_groups)


def watchlist(svc, group):
    return svc.cached("detail", ("watchlist", str(group)), lambda: svc.client.watchlist(group))
