"""``kis-xl events``: KSD's schedules of the events a holder acts on (예탁원 권리일정): dividends, bonus and rights
issues, par-value changes, mergers and splits, capital reductions, shareholder meetings."""

from __future__ import annotations

from dataclasses import asdict

from ..client.events import EVENT_KINDS
from ..dates import cli_date
from ..i18n import t
from ..services.events import EVENT_COLUMNS
from ..services.fundamentals import dividend_window
from .context import client_for
from .output import add_format_options, emit


def register(subparsers, common) -> None:
    p = subparsers.add_parser("events", parents=[common], help=t(
        "KSD's corporate events (예탁원 권리일정): dividends, bonus and rights issues, splits, mergers, "
        "capital reductions, shareholder meetings"))
    p.add_argument("code", nargs="?", help=t("stock code (default: every stock)"))
    p.add_argument("--kind", default="all",
                   help=t("all or one of {kinds} (default: all)", kinds=", ".join(EVENT_KINDS)))
    p.add_argument("--from", dest="start", type=cli_date, help=t(
        "record dates from this date (default: a year ago for one stock, else today)"))
    p.add_argument("--to", dest="end", type=cli_date, help=t("record dates up to this date (default: 90 days ahead)"))
    add_format_options(p)
    p.set_defaults(func=events)


def events(args) -> int:
    with client_for(args) as client:
        code = client.resolve(args.code, strict=False).code if args.code else None
        start, end = dividend_window(client.now().date(), args.start, args.end, code)
        rows = [asdict(e) for e in client.events(start, end, code, args.kind)]
    emit(rows, EVENT_COLUMNS, args.fmt)
    return 0
