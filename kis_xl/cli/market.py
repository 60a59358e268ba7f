"""``kis-xl quote``, ``history`` and ``orderbook``: domestic ones on a venue (``--venue`` KRX, NXT, or UN for the
integrated price; the profile's quote venue by default)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from ..client import pace
from ..dates import cli_date
from ..errors import InvalidCode, KisXlError, NotOffered
from ..i18n import t
from ..venues import quote_venue
from .context import client_for
from .output import add_format_options, emit, emit_mapping
from .progress import TerminalProgress

QUOTE_COLUMNS = ["code", "name", "market", "venue", "price", "change", "change_pct", "open", "high", "low", "volume",
                 "currency"]
# --detail: domestic from inquire-price, US from price-detail (현재가상세); krw_price and trading_unit are US-only
DETAIL_COLUMNS = ["market_cap", "per", "pbr", "eps", "bps", "high_52w", "low_52w", "tick", "listed_shares",
                  "trading_unit", "krw_price"]


def _venue(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError(t("--venue needs a venue: KRX, NXT or UN (leave it out for the profile's)"))
    try:
        return quote_venue(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _venue_option(p) -> None:
    p.add_argument("--venue", type=_venue, metavar="VENUE",
                   help=t("whose price (거래소): KRX (한국거래소), NXT (넥스트레이드) or UN (통합, integrated); "
                        "default: the profile's quote venue"))


def register(subparsers, common) -> None:
    p = subparsers.add_parser("quote", parents=[common], help=t("current prices (현재가): kis-xl quote 005930 000660 AAPL"))
    p.add_argument("codes", nargs="+", metavar="CODE")
    _venue_option(p)
    p.add_argument("--detail", action="store_true",
                   help=t("PER, PBR, EPS, BPS, market cap, 52-week range, shares, tick (현재가상세; US: price-detail, "
                          "real domain)"))
    add_format_options(p)
    p.set_defaults(func=quote)
    p = subparsers.add_parser("history", parents=[common], help=t("daily/weekly/monthly bars of one stock (기간별 시세: 일봉·주봉·월봉)"))
    p.add_argument("code")
    p.add_argument("--from", dest="start", type=cli_date, required=True, help=t("YYYY-MM-DD"))
    p.add_argument("--to", dest="end", type=cli_date, help=t("YYYY-MM-DD (default: today)"))
    p.add_argument("--period", choices=["D", "W", "M", "Y"], default="D")
    _venue_option(p)
    add_format_options(p)
    p.set_defaults(func=history)
    p = subparsers.add_parser("orderbook", parents=[common],
                              help=t("10 ask and 10 bid levels (호가); a US stock: the one level KIS gives (1호가)"))
    p.add_argument("code")
    _venue_option(p)
    add_format_options(p)
    p.set_defaults(func=orderbook)
    p = subparsers.add_parser("info", parents=[common], help=t("what KIS's stock master says about a code (종목정보)"))
    p.add_argument("code", help=t("stock code (종목코드), e.g. 005930"))
    add_format_options(p)
    p.set_defaults(func=info)
    for name, helptext in (("ticks", t("the latest trades (체결)")),
                           ("etf", t("an ETF/ETN against its NAV (괴리율)"))):
        p = subparsers.add_parser(name, parents=[common], help=helptext)
        p.add_argument("code", help=t("stock code (종목코드), e.g. 005930"))
        add_format_options(p)
        p.set_defaults(func=details, view=name)
    p = subparsers.add_parser("minutes", parents=[common],
                              help=t("one-minute bars (분봉): today, a past day (--date), US"))
    p.add_argument("code", help=t("stock code (종목코드) or US symbol, e.g. 005930, NAS:AAPL"))
    p.add_argument("--date", dest="day", type=cli_date, help=t("a past day, YYYY-MM-DD (default: today)"))
    add_format_options(p)
    p.set_defaults(func=minutes)
    p = subparsers.add_parser("rank", parents=[common],
                              help=t("top stocks (순위): volume, value, gainers, losers, market_cap"))
    p.add_argument("kind", nargs="?", default="volume",
                   help=t("volume (거래량), value (거래대금), gainers (상승률), losers (하락률), market_cap (시가총액)"))
    p.add_argument("-n", type=int, default=10, help=t("how many rows (default: 10)"))
    p.add_argument("--market", default="all", help=t("all, KOSPI, KOSDAQ"))
    add_format_options(p)
    p.set_defaults(func=rank)


def quote(args) -> int:
    columns = QUOTE_COLUMNS + DETAIL_COLUMNS if args.detail else QUOTE_COLUMNS
    with client_for(args) as client:
        symbols = [client.resolve(c, strict=False) for c in args.codes]  # names (삼성전자) through the master
        domestic = {} if args.detail else _domestic_quotes(client, [s.code for s in symbols if s.is_domestic],
                                                                      args.venue)
        rows, missing = [], []
        for s in symbols:
            try:
                q = _quote(client, s, domestic, args)
            except NotOffered:  # --detail on a mock profile: say why, not "unknown code"
                raise
            except KisXlError:
                missing.append(str(s) if not s.is_domestic else s.code)
                continue
            if q is None:
                missing.append(s.code)
                continue
            row = {c: getattr(q, c, None) for c in columns}
            if not row["name"]:  # the mock domain's per-code quote and KIS's US quote carry no name
                row["name"] = client.name_of(q.code) or None
            rows.append(row)
        off_venue = [c for c in missing if _not_on(client, c, args.venue)]
    emit(rows, columns, args.fmt)
    if off_venue:
        raise KisXlError(t("{codes}: not traded on NXT (넥스트레이드 미거래 종목): quote them on KRX or UN",
                           codes=", ".join(off_venue)))
    if missing:
        raise KisXlError(t("unknown code(s): {codes}", codes=", ".join(missing)))
    return 0


def _quote(client, symbol, domestic: dict, args):
    """One symbol's quote: from the batch, or with --detail the full quote (inquire-price, US price-detail)."""
    if symbol.is_domestic:
        if args.detail:
            try:
                return client.price(symbol.code, args.venue)
            except InvalidCode:
                return None
        return domestic.get(symbol.code)
    if args.detail:
        return client.us_price_detail(symbol.code, symbol.market)
    return client.us_price(symbol.code, symbol.market)


def _not_on(client, code: str, venue: str | None) -> bool:
    """A stock the master lists that NXT does not trade: missing from an NXT quote for that reason, not unknown."""
    return venue is not None and quote_venue(venue) == "NXT" and code.isalnum() and len(code) == 6 and \
        bool(client.name_of(code)) and client.nxt_listed(code) is False


def _domestic_quotes(client, codes: list[str], venue: str | None) -> dict:
    """The quotes, with the mock domain's hint said once before a slow fetch, and progress on a terminal."""
    hint = pace.quotes_hint(client, len(set(codes)))
    if hint:
        print(f"kis-xl: {hint}", file=sys.stderr)
    with TerminalProgress(pace.progress_text) as progress:
        return client.prices(codes, venue, progress=progress)


def history(args) -> int:
    with client_for(args) as client:
        symbol = client.resolve(args.code, strict=False)
        if symbol.is_domestic:
            bars = client.history(symbol.code, args.start, args.end, args.period, venue=args.venue)
        else:
            bars = client.us_history(symbol.code, args.start, args.end, args.period, symbol.market)
    emit([{"date": b.date, "open": b.open, "high": b.high, "low": b.low, "close": b.close, "volume": b.volume,
           "value": b.value} for b in bars], ["date", "open", "high", "low", "close", "volume", "value"], args.fmt)
    return 0


def orderbook(args) -> int:
    with client_for(args) as client:
        symbol = client.resolve(args.code, strict=False)
        if symbol.is_domestic:
            book = client.orderbook(symbol.code, args.venue)
            title = t("{stock} order book", stock=client.label_of(book.code))
        else:
            book = client.us_orderbook(symbol.code, symbol.market)
            title = t("{stock} order book: KIS gives US stocks one level each side (1호가)", stock=book.code)
    rows = [{"side": "ask", "level": i, "price": lv.price, "quantity": lv.quantity}
            for i, lv in reversed(list(enumerate(book.asks, 1)))]
    rows += [{"side": "bid", "level": i, "price": lv.price, "quantity": lv.quantity} for i, lv in enumerate(book.bids, 1)]
    emit(rows, ["side", "level", "price", "quantity"], args.fmt, title=title,
         headers={"level": t("bid/ask level"), "price": t("bid/ask price")})
    return 0


def info(args) -> int:
    with client_for(args) as client:
        record = client.stock_info(client.resolve(args.code, strict=False).code, product_class=True)
    emit_mapping(asdict(record), args.fmt, title=f"{record.code} {record.name}")
    return 0


def details(args) -> int:
    """``ticks`` and ``etf``: a stock's latest trades, an ETF against its NAV."""
    with client_for(args) as client:
        result = getattr(client, args.view)(client.resolve(args.code, strict=False).code)
    if args.view == "etf":
        emit_mapping(asdict(result), args.fmt, title=f"{result.code} ETF")
        return 0
    rows = [asdict(r) for r in result]
    emit(rows, list(rows[0]) if rows else ["at"], args.fmt)
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
