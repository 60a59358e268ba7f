"""``kis-xl index``: the market's indices (KOSPI, KOSDAQ, KOSPI200) now, or their history."""

from __future__ import annotations


from ..dates import cli_date
from ..i18n import t
from .context import client_for
from .output import add_format_options, emit

INDEX_COLUMNS = ["code", "name", "level", "change", "change_pct", "open", "high", "low", "volume", "value",
                 "advancing", "declining"]
BAR_COLUMNS = ["date", "open", "high", "low", "close", "volume", "value"]


def register(subparsers, common) -> None:
    p = subparsers.add_parser("index", parents=[common],
                              help=t("indices (지수) now, or their history: kis-xl index KOSPI KOSDAQ [--from D]"))
    p.add_argument("codes", nargs="*", metavar="INDEX", help=t("KOSPI (0001), KOSDAQ (1001), KOSPI200 (2001)"))
    p.add_argument("--from", dest="start", type=cli_date, help=t("daily levels from this date (one index)"))
    p.add_argument("--to", dest="end", type=cli_date, help=t("up to this date (default: today)"))
    p.add_argument("--period", choices=["D", "W", "M"], default="D", help=t("D daily, W weekly, M monthly"))
    add_format_options(p)
    p.set_defaults(func=index)


def index(args) -> int:
    codes = args.codes or ["KOSPI", "KOSDAQ", "KOSPI200"]
    with client_for(args) as client:
        if args.start:
            bars = client.index_history(codes[0], args.start, args.end, args.period)
            emit([{c: getattr(b, c) for c in BAR_COLUMNS} for b in bars], BAR_COLUMNS, args.fmt)
            return 0
        rows = [client.index(c) for c in codes]
    emit([{c: getattr(q, c) for c in INDEX_COLUMNS} for q in rows], INDEX_COLUMNS, args.fmt)
    return 0
