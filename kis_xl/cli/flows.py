"""``kis-xl investors``, ``members``, ``flows`` and ``strength``: who trades a stock (investors by type per day,
the top brokers, program trading, short selling and credit by day) and the trade-strength ranking (체결강도).

``flows CODE --kind …`` is one command for the five day-by-day tables because they share a stock and a number
of days, as ``=KIS_FLOWS(code, kind, days)`` does in Excel; ``strength`` takes a stock (its trade strength now)
or a market (KIS's top 30 by strength)."""

from __future__ import annotations

from dataclasses import asdict

from ..client.flows import MARKETS, flow_columns, flow_kind
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
    p = subparsers.add_parser("flows", parents=[common], help=t(
        "a stock's flows by day: investors, program trading, short selling, credit (수급)"))
    p.add_argument("code", help=t("stock code (종목코드), e.g. 005930"))
    p.add_argument("--kind", default="investors", help=t(
        "investors (투자자), program (프로그램), program_today (프로그램당일), short (공매도) or credit (신용); "
        "default investors"))
    p.add_argument("--days", type=int, default=30, help=t("sessions to show, newest first (default 30)"))
    add_format_options(p)
    p.set_defaults(func=flow_table)
    p = subparsers.add_parser("strength", parents=[common], help=t(
        "trade strength (체결강도): a stock's now, or a market's top 30"))
    p.add_argument("target", nargs="?", default="all", help=t(
        "a stock code, or a market: all, kospi, kosdaq, kospi200 (default all)"))
    p.add_argument("-n", type=int, default=30, help=t("rows of a ranking (default 30)"))
    add_format_options(p)
    p.set_defaults(func=strength)


def flows(args) -> int:
    with client_for(args) as client:
        rows = [asdict(r) for r in getattr(client, args.view)(client.resolve(args.code, strict=False).code)]
    emit(rows, list(rows[0]) if rows else ["date"], args.fmt)
    return 0


def flow_table(args) -> int:
    kind = flow_kind(args.kind)  # refused before any connection
    with client_for(args) as client:
        rows = client.flows(client.resolve(args.code, strict=False).code, kind, args.days)
    emit([asdict(r) for r in rows], flow_columns(kind), args.fmt)
    return 0


def strength(args) -> int:
    with client_for(args) as client:
        if args.target.strip().lower() in MARKETS:
            rows = [asdict(r) for r in client.strength_rank(args.n, args.target)]
            emit(rows, ["rank", "code", "name", "price", "change_pct", "volume", "strength", "buy_volume",
                        "sell_volume"], args.fmt)
            return 0
        code = client.resolve(args.target, strict=False).code
        tick = next(iter(client.ticks(code, 1)), None)
    emit([{"code": code, "time": tick.time if tick else None, "price": tick.price if tick else None,
           "strength": tick.strength if tick else None}], ["code", "time", "price", "strength"], args.fmt)
    return 0
