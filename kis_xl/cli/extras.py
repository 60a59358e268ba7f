"""``kis-xl index``, and the other issue-15 views: the market's indices, a stock's details and flows,
the KRX calendar, the account's sellable quantity and realised P&L, and any read-only endpoint."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

from ..dates import cli_date
from ..i18n import t
from .context import client_for
from .output import add_format_options, emit, emit_mapping

INDEX_COLUMNS = ["code", "name", "level", "change", "change_pct", "open", "high", "low", "volume", "value",
                 "advancing", "declining"]
BAR_COLUMNS = ["date", "open", "high", "low", "close", "volume", "value"]


def register(subparsers, common) -> None:
    p = subparsers.add_parser("index", parents=[common],
                              help=t("indices (지수) now, or their history: kis-xl index KOSPI KOSDAQ [--from D]"))
    p.add_argument("codes", nargs="*", metavar="INDEX", help="KOSPI (0001), KOSDAQ (1001), KOSPI200 (2001)")
    p.add_argument("--from", dest="start", type=cli_date, help=t("daily levels from this date (one index)"))
    p.add_argument("--to", dest="end", type=cli_date, help=t("up to this date (default: today)"))
    p.add_argument("--period", choices=["D", "W", "M"], default="D", help=t("D daily, W weekly, M monthly"))
    add_format_options(p)
    p.set_defaults(func=index)
    p = subparsers.add_parser("info", parents=[common], help=t("what KIS's stock master says about a code (종목정보)"))
    p.add_argument("code", help=t("stock code (종목코드), e.g. 005930"))
    add_format_options(p)
    p.set_defaults(func=info)
    p = subparsers.add_parser("holidays", parents=[common], help=t("the KRX calendar as KIS gives it (휴장일)"))
    p.add_argument("--from", dest="start", type=cli_date, help=t("YYYY-MM-DD (default: today)"))
    p.add_argument("--to", dest="end", type=cli_date, help=t("YYYY-MM-DD (default: 30 days on)"))
    add_format_options(p)
    p.set_defaults(func=holidays)
    p = subparsers.add_parser("sellable", parents=[common],
                              help=t("what the account can sell of a stock now (매도가능수량)"))
    p.add_argument("codes", nargs="+", metavar="CODE", help=t("stock codes (종목코드)"))
    add_format_options(p)
    p.set_defaults(func=sellable)
    for name, helptext in (
            ("investors", t("net buying by individuals, foreigners and institutions, by day (투자자별 매매동향)")),
            ("ticks", t("the latest trades (체결)")), ("members", t("today's top brokers selling and buying (회원사)")),
            ("etf", t("an ETF/ETN against its NAV (괴리율)"))):
        p = subparsers.add_parser(name, parents=[common], help=helptext)
        p.add_argument("code", help=t("stock code (종목코드), e.g. 005930"))
        add_format_options(p)
        p.set_defaults(func=_flows, view=name)
    p = subparsers.add_parser("minutes", parents=[common],
                              help=t("one-minute bars (분봉): today, a past day (--date), US"))
    p.add_argument("code", help=t("stock code (종목코드) or US symbol, e.g. 005930, NAS:AAPL"))
    p.add_argument("--date", dest="day", type=cli_date, help=t("a past day, YYYY-MM-DD (default: today)"))
    add_format_options(p)
    p.set_defaults(func=minutes)
    p = subparsers.add_parser("pnl", parents=[common],
                              help=t("realised P&L (실현손익) by stock or by day (real accounts)"))
    p.add_argument("--from", dest="start", type=cli_date, required=True, help=t("from this day, YYYY-MM-DD"))
    p.add_argument("--to", dest="end", type=cli_date, help=t("YYYY-MM-DD (default: today)"))
    p.add_argument("--by", choices=["stock", "day"], default="stock", help=t("stock: by stock (종목별), day: by day"))
    add_format_options(p)
    p.set_defaults(func=pnl)
    p = subparsers.add_parser("rank", parents=[common],
                              help=t("top stocks (순위): volume, value, gainers, losers, market_cap"))
    p.add_argument("kind", nargs="?", default="volume",
                   help=t("volume (거래량), value (거래대금), gainers (상승률), losers (하락률), market_cap (시가총액)"))
    p.add_argument("-n", type=int, default=10, help=t("how many rows (default: 10)"))
    p.add_argument("--market", default="all", help=t("all, KOSPI, KOSDAQ"))
    add_format_options(p)
    p.set_defaults(func=rank)


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


def info(args) -> int:
    with client_for(args) as client:
        record = client.stock_info(client.resolve(args.code, strict=False).code, product_class=True)
    emit_mapping(asdict(record), args.fmt, title=f"{record.code} {record.name}")
    return 0


def holidays(args) -> int:
    with client_for(args) as client:
        start = args.start or client.now().date()
        days = client.holidays(start, args.end or start + timedelta(days=30))
    columns = ["date", "weekday", "open_day", "business_day", "trading_day", "settlement_day"]
    emit([asdict(d) for d in days], columns, args.fmt)
    return 0


def sellable(args) -> int:
    with client_for(args) as client:
        rows = [asdict(client.sellable(client.resolve(c, strict=False).code)) for c in args.codes]
    emit(rows, ["code", "sellable_qty", "holding_qty", "bought_today", "sold_today", "avg_price", "price", "pnl"],
         args.fmt)
    return 0


def _flows(args) -> int:
    with client_for(args) as client:
        result = getattr(client, args.view)(client.resolve(args.code, strict=False).code)
    if args.view == "etf":
        emit_mapping(asdict(result), args.fmt, title=f"{result.code} ETF")
        return 0
    rows = [asdict(r) for r in result]
    emit(rows, list(rows[0]) if rows else ["date"], args.fmt)
    return 0


def minutes(args) -> int:
    from ..codes import parse_symbol

    symbol = parse_symbol(args.code)
    with client_for(args) as client:
        if not symbol.is_domestic:
            bars = client.us_minute_bars(symbol.code, args.day, 1, symbol.market)
        elif args.day and args.day < client.now().date():
            bars = client.minute_bars_on(symbol.code, args.day)
        else:
            bars = client.minute_bars(symbol.code)
    emit([asdict(b) for b in bars], ["at", "open", "high", "low", "close", "volume"], args.fmt)
    return 0


def rank(args) -> int:
    with client_for(args) as client:
        rows = client.rank(args.kind, args.n, args.market)
    emit([asdict(r) for r in rows], ["rank", "code", "name", "price", "change", "change_pct", "volume", "value",
                                     "market_cap"], args.fmt)
    return 0


def pnl(args) -> int:
    with client_for(args) as client:
        if args.by == "day":
            rows, total = client.pnl_by_day(args.start, args.end)
        else:
            rows, total = client.pnl_by_stock(args.start, args.end)
    records = [asdict(r) for r in rows]
    columns = list(records[0]) if records else ["date", "realized"]
    if records:
        total_word = t("total") if args.fmt == "table" else "total"  # scripts read the word "total"
        records.append({"date": total_word, **{k: v for k, v in asdict(total).items() if k in columns}})
    emit(records, columns, args.fmt)
    return 0
