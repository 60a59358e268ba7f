"""``kis-xl sessions``: a day's trading sessions per venue (장 운영 시간), their hours and what is open now.

The rows come from ``sessions.day_table``: the rule set of the day's date with its source, the special day that
shifts it (수능, the year's first trading day), and each session's hours and order types.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

from ..dates import cli_date
from ..i18n import t
from ..sessions import day_table
from .context import client_for
from .output import add_format_options, emit

COLUMNS = ["venue", "session", "opens", "closes", "order_types", "now"]


def register(subparsers, common) -> None:
    p = subparsers.add_parser("sessions", parents=[common],
                              help=t("a day's trading sessions per venue (장 운영 시간): hours and what is open now"))
    p.add_argument("--date", type=cli_date, help=t("the day, KST (default: today on the profile's server clock)"))
    add_format_options(p)
    p.set_defaults(func=sessions_cmd)
    p = subparsers.add_parser("holidays", parents=[common], help=t("the KRX calendar as KIS gives it (휴장일)"))
    p.add_argument("--from", dest="start", type=cli_date, help=t("YYYY-MM-DD (default: today)"))
    p.add_argument("--to", dest="end", type=cli_date, help=t("YYYY-MM-DD (default: 30 days on)"))
    add_format_options(p)
    p.set_defaults(func=holidays)


def sessions_cmd(args) -> int:
    now = None if args.date else client_for(args).now()
    table = day_table(args.date or now.date(), now)
    if args.fmt == "json":
        import json

        json.dump(table, __import__("sys").stdout, ensure_ascii=False, indent=2, default=str)
        print()
        return 0
    if args.fmt == "table":
        print(t("{day}: {rules} (from {start}; source: {source})", day=table["date"], rules=table["rules"]["name"],
                start=table["rules"]["from"], source=table["rules"]["source"]))
        if table["special"]:
            print(t("special day: {name} (source: {source})", name=table["special"]["name"],
                    source=table["special"]["source"]))
        if table["rules"]["unpublished"]:
            print(table["rules"]["unpublished"])
    emit(table["sessions"], COLUMNS if now else COLUMNS[:-1], args.fmt)
    return 0


def holidays(args) -> int:
    with client_for(args) as client:
        start = args.start or client.now().date()
        days = client.holidays(start, args.end or start + timedelta(days=30))
    columns = ["date", "weekday", "open_day", "business_day", "trading_day", "settlement_day"]
    emit([asdict(d) for d in days], columns, args.fmt)
    return 0
