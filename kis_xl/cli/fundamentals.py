"""``kis-xl financials`` and ``dividends``: a company's statements, ratios, estimates and analysts' opinions (재무),
and KSD's dividend schedule (배당일정)."""

from __future__ import annotations

from dataclasses import asdict

from ..client.fundamentals import KINDS
from ..dates import cli_date
from ..errors import InvalidInput
from ..i18n import t
from ..services.events import RANK_COLUMNS, rank_window
from ..services.fundamentals import dividend_window, fetch, table
from .context import client_for
from .output import add_format_options, emit

DIVIDEND_COLUMNS = ["record_date", "code", "kind", "cash_per_share", "cash_rate_pct", "stock_rate_pct", "pay_date",
                    "par_value", "share_kind", "high_dividend", "stock_pay_date", "odd_lot_pay_date"]


def register(subparsers, common) -> None:
    p = subparsers.add_parser("financials", parents=[common], help=t(
        "a company's financial ratios, statements, estimates or analysts' opinions (재무)"))
    p.add_argument("code", help=t("stock code (종목코드), e.g. 005930"))
    p.add_argument("--kind", default="ratio", help=t("one of {kinds} (default: ratio)", kinds=", ".join(KINDS)))
    p.add_argument("--period", default="year", help=t("year or quarter (연간/분기; default: year)"))
    p.add_argument("--from", dest="start", type=cli_date, help=t("opinions from this date (default: a year ago)"))
    p.add_argument("--to", dest="end", type=cli_date, help=t("up to this date (default: today)"))
    add_format_options(p)
    p.set_defaults(func=financials)
    p = subparsers.add_parser("dividends", parents=[common], help=t(
        "KSD's dividend schedule (예탁원 배당일정): one stock's, or every stock's by record date"))
    p.add_argument("code", nargs="?", help=t("stock code (default: every stock)"))
    p.add_argument("--from", dest="start", type=cli_date, help=t(
        "record dates from this date (default: a year ago for one stock, else today)"))
    p.add_argument("--to", dest="end", type=cli_date, help=t("record dates up to this date (default: 90 days ahead)"))
    p.add_argument("--kind", default="all", help=t("all, final or interim (전체/결산/중간)"))
    p.add_argument("--rank", action="store_true", help=t(
        "the dividend-rate ranking (배당률 상위) of the record dates asked (default: the last year) instead"))
    p.add_argument("--market", default="all", help=t("with --rank: all, KOSPI, KOSDAQ or KOSPI200"))
    p.add_argument("-n", type=int, default=30, help=t("with --rank: how many rows (default: 30)"))
    add_format_options(p)
    p.set_defaults(func=dividends)


def financials(args) -> int:
    with client_for(args) as client:
        code = client.resolve(args.code, strict=False).code
        columns, rows = table(args.kind, fetch(client, code, args.kind, args.period, args.start, args.end))
    emit(rows, columns, args.fmt)
    return 0


def dividends(args) -> int:
    if args.rank:
        return dividend_rank(args)
    return schedule(args, lambda client, start, end, code: client.dividends(start, end, code, args.kind),
                    DIVIDEND_COLUMNS)


def schedule(args, fetch, columns: list[str]) -> int:
    """A KSD schedule (dividends, events): one stock's, or every stock's, of the record dates asked."""
    with client_for(args) as client:
        code = client.resolve(args.code, strict=False).code if args.code else None
        start, end = dividend_window(client.now().date(), args.start, args.end, code)
        rows = [asdict(r) for r in fetch(client, start, end, code)]
    emit(rows, columns, args.fmt)
    return 0


def dividend_rank(args) -> int:
    """배당률 상위: every stock's cash dividends by rate, of the record dates asked."""
    if args.code:
        raise InvalidInput(t("--rank ranks every stock: give no stock code"))
    with client_for(args) as client:
        start, end = rank_window(client.now().date(), args.start, args.end)
        rows = [asdict(r) for r in client.dividend_rank(start, end, args.market, args.kind, args.n)]
    emit(rows, RANK_COLUMNS, args.fmt)
    return 0
