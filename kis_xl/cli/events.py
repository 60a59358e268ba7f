"""``kis-xl events``: KSD's schedules of the events a holder acts on (예탁원 권리일정): dividends, bonus and rights
issues, par-value changes, mergers and splits, capital reductions, shareholder meetings."""

from __future__ import annotations

from ..client.events import EVENT_KINDS
from ..dates import cli_date
from ..i18n import t
from ..services.events import EVENT_COLUMNS
from .fundamentals import schedule
from .output import add_format_options


def register(subparsers, common) -> None:
    p = subparsers.add_parser("events", parents=[common], help=t(
        "KSD's corporate events (예탁원 권리일정): dividends, bonus and rights issues, splits, mergers, "
        "appraisal rights, capital reductions, shareholder meetings"))
    p.add_argument("code", nargs="?", help=t("stock code (default: every stock)"))
    p.add_argument("--kind", default="all",
                   help=t("all or one of {kinds} (default: all)", kinds=", ".join(EVENT_KINDS)))
    p.add_argument("--from", dest="start", type=cli_date, help=t(
        "record dates from this date (default: a year ago for one stock, else today)"))
    p.add_argument("--to", dest="end", type=cli_date, help=t("record dates up to this date (default: 90 days ahead)"))
    add_format_options(p)
    p.set_defaults(func=events)


def events(args) -> int:
    return schedule(args, lambda client, start, end, code: client.events(start, end, code, args.kind), EVENT_COLUMNS)
