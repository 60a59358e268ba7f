"""``kis-xl watchlist [GROUP]``: the HTS id's watchlist groups (관심종목), or a group's stocks."""

from __future__ import annotations

from dataclasses import asdict

from ..i18n import t
from .context import client_for
from .output import add_format_options, emit

GROUP_COLUMNS = ["group_code", "group", "count"]
STOCK_COLUMNS = ["code", "name", "exchange", "memo"]


def register(subparsers, common) -> None:
    note = t("KIS keeps watchlists under the profile's hts_id, as the HTS (영웅문/eFriend Plus) edits them; real "
             "accounts only (모의투자 미지원)")
    p = subparsers.add_parser("watchlist", parents=[common], epilog=note,
                              help=t("watchlists (관심종목): the groups, or a group's stocks"))
    p.add_argument("group", nargs="?", metavar="GROUP", help=t("a group's name or code (001); none: list the groups"))
    add_format_options(p)
    p.set_defaults(func=watchlist)


def watchlist(args) -> int:
    with client_for(args) as client:
        if not args.group:
            rows = [{"group_code": g.code, "group": g.name, "count": g.count} for g in client.watchlist_groups()]
            emit(rows, GROUP_COLUMNS, args.fmt)
            return 0
        stocks = client.watchlist(args.group)
    emit([asdict(s) for s in stocks], STOCK_COLUMNS, args.fmt)
    return 0
