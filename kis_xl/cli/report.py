"""``kis-xl report``: the daily account report as an .xlsx."""

from __future__ import annotations

import argparse
import os

from ..config import read_config
from ..dates import cli_date
from ..i18n import t


def register(subparsers, common) -> None:
    p = subparsers.add_parser("report", parents=[common],
                              help=t("the daily account report: KIS_report_YYYY-MM-DD_<profile>.xlsx"))
    p.add_argument("--date", type=cli_date,
                   help=t("report date (default: the latest trading day on the account's server)"))
    p.add_argument("--from", dest="start", type=cli_date, help=t("orders from this date (a period report)"))
    p.add_argument("--to", dest="end", type=cli_date, help=t("orders up to this date"))
    p.add_argument("--out", default=".", help=t("folder to write into (default: here)"))
    p.add_argument("--force", action="store_true", help=t("overwrite an existing report of that date"))
    p.add_argument("--colors", choices=["kr", "us"], default="kr",
                   help=t("kr: gains red, losses blue; us: the reverse"))
    p.add_argument("--profiles", "--accounts", dest="profiles", type=profile_list, metavar="A,B",
                   help=t("several accounts in one report: profiles separated by commas (real,isa,pension); "
                          "a consolidated summary first, then each account's sheets"))
    p.set_defaults(func=run)


def profile_list(text: str) -> list[str]:
    """``real,isa`` → ["real", "isa"]; an empty name is refused."""
    names = [n.strip() for n in text.split(",")]
    if not all(names):
        raise argparse.ArgumentTypeError(t("--profiles takes profile names separated by commas, not {text!r}",
                                           text=text))
    return names


def run(args) -> int:
    from ..report import run as run_report
    from ..report import run_book

    profiles = args.profiles or (None if args.profile or os.environ.get("KIS_XL_PROFILE")
                                 else read_config().get("report_profiles"))
    if profiles:
        path = run_book(profiles, args.date, args.out, args.force, start=args.start, end=args.end,
                        colors=args.colors)
    else:
        path = run_report(args.profile, args.date, args.out, args.force, start=args.start, end=args.end,
                          colors=args.colors)
    print(t("report written: {path}", path=path))
    return 0
