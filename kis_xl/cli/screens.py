"""``kis-xl screen [NAME]``: the conditions saved from the HTS (조건검색), or the stocks one finds now."""

from __future__ import annotations

import sys
from dataclasses import asdict, fields

from .. import spec
from ..i18n import t
from ..models import ScreenRow
from .context import client_for
from .output import add_format_options, emit

CONDITION_COLUMNS = ["seq", "name", "group"]
TABLE_COLUMNS = ["code", "name", "price", "change", "change_pct", "volume", "value", "strength"]
ALL_COLUMNS = [f.name for f in fields(ScreenRow)]


def hts_note() -> str:
    return t("KIS searches only conditions saved to its server from the HTS (영웅문/eFriend Plus [0110] 조건검색 → "
             "사용자조건 서버저장), under the profile's hts_id; real accounts only (모의투자 미지원)")


def register(subparsers, common) -> None:
    p = subparsers.add_parser("screen", parents=[common], epilog=hts_note(),
                              help=t("condition search (조건검색): the saved conditions, or the stocks one finds now"))
    p.add_argument("name", nargs="?", metavar="NAME",
                   help=t("a saved condition's name or number (seq); none: list the saved conditions"))
    add_format_options(p)
    p.set_defaults(func=screen)


def screen(args) -> int:
    with client_for(args) as client:
        if not args.name:
            emit([asdict(c) for c in client.conditions()], CONDITION_COLUMNS, args.fmt)
            return 0
        result = client.screen(args.name)
    emit([asdict(r) for r in result.rows], TABLE_COLUMNS if args.fmt == "table" else ALL_COLUMNS, args.fmt,
         title=f"{result.condition.name} ({len(result.rows)})" if args.fmt == "table" else None)
    if not result.rows:
        print("kis-xl: " + t("no stock matches {name} now", name=result.condition.name), file=sys.stderr)
    if result.capped:
        print("kis-xl: " + t("KIS returns at most {n} stocks a condition: more may match", n=spec.SCREEN_MAX_ROWS),
              file=sys.stderr)
    return 0
