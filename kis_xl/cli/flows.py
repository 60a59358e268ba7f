"""``kis-xl investors`` and ``members``: who trades a stock (investors by type per day, the top brokers)."""

from __future__ import annotations

from dataclasses import asdict

from ..i18n import t
from .context import client_for
from .output import add_format_options, emit


def register(subparsers, common) -> None:
    for name, helptext in (
            ("investors", t("net buying by individuals, foreigners and institutions, by day (투자자별 매매동향)")),
            ("members", t("today's top brokers selling and buying (회원사)"))):
        p = subparsers.add_parser(name, parents=[common], help=helptext)
        p.add_argument("code", help=t("stock code (종목코드), e.g. 005930"))
        add_format_options(p)
        p.set_defaults(func=flows, view=name)


def flows(args) -> int:
    with client_for(args) as client:
        rows = [asdict(r) for r in getattr(client, args.view)(client.resolve(args.code, strict=False).code)]
    emit(rows, list(rows[0]) if rows else ["date"], args.fmt)
    return 0
