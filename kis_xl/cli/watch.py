"""``kis-xl watch CODE…``: a live table of prices streamed over KIS's WebSocket, and the day's fills."""

from __future__ import annotations

import threading
import time

from ..codes import parse_symbol
from ..errors import KisXlError
from ..models import FillNotice, NoticeKind, Quote
from .context import client_for
from .output import add_format_options, emit

COLUMNS = ["code", "price", "change", "change_pct", "volume", "time", "source"]
FILL_COLUMNS = ["time", "order_no", "code", "side", "quantity", "price"]


def register(subparsers, common) -> None:
    p = subparsers.add_parser("watch", parents=[common],
                              help="live prices (실시간 시세, KIS WebSocket) and the day's fills: kis-xl watch 005930 NAS:AAPL")
    p.add_argument("codes", nargs="+", metavar="CODE")
    p.add_argument("--seconds", type=float, help="stop after this many seconds (default: until Ctrl-C)")
    add_format_options(p)
    p.set_defaults(func=run)


def _row(q: Quote, source: str) -> dict:
    return {"code": q.code if q.market == "KRX" else f"{q.market}:{q.code}", "price": q.price, "change": q.change,
            "change_pct": q.change_pct, "volume": q.volume,
            "time": q.as_of.strftime("%H:%M:%S") if q.as_of else "", "source": source}


def _fill_row(n: FillNotice) -> dict:
    return {"time": n.time.strftime("%H:%M:%S") if n.time else "", "order_no": n.order_no, "code": n.code,
            "side": n.side.value, "quantity": n.filled_qty, "price": n.fill_price}


def _render(rows: dict[str, dict], fills: list[dict]):
    from rich.console import Group
    from rich.table import Table

    prices = Table(title="prices (stream = KIS WebSocket, rest = polled)")
    for c in COLUMNS:
        prices.add_column(c, justify="right" if c in ("price", "change", "change_pct", "volume") else "left")
    for r in rows.values():
        style = "green" if r["change"] > 0 else "red" if r["change"] < 0 else None
        prices.add_row(r["code"], f"{r['price']:,.2f}".removesuffix(".00"), f"{r['change']:+,.2f}".removesuffix(".00"),
                       f"{r['change_pct']:+.2f}%", f"{r['volume']:,}", r["time"], r["source"], style=style)
    table = Table(title="today's fills")
    for c in FILL_COLUMNS:
        table.add_column(c)
    for f in fills[-15:]:
        table.add_row(*(f"{f[c]:,}" if isinstance(f[c], (int, float)) else str(f[c]) for c in FILL_COLUMNS))
    return Group(prices, table)


def run(args) -> int:
    from ..client.stream import stream_for

    symbols = [parse_symbol(c) for c in args.codes]
    client = client_for(args)
    lock = threading.Lock()
    rows: dict[str, dict] = {}
    fills: list[dict] = []
    try:
        domestic = client.prices([s.code for s in symbols if s.is_domestic])
        keys = []
        for s in symbols:
            q = domestic.get(s.code) if s.is_domestic else client.us_price(s.code, s.market)
            if q is None:
                raise KisXlError(f"unknown code: {s.code}")
            key = q.code if q.market == "KRX" else f"{q.market}:{q.code}"
            keys.append(key)
            rows[q.code] = _row(q, "rest")
        if client.profile.account and client.profile.hts_id:
            for o in client.daily_orders(filled="filled").orders:
                fills.append({"time": o.time.strftime("%H:%M:%S") if o.time else "", "order_no": o.order_no,
                              "code": o.code, "side": o.side.value, "quantity": o.filled_qty,
                              "price": o.avg_fill_price})
        market = client.market_client or client
        stream = stream_for(market.profile)
        notice_stream = stream_for(client.profile) if client.profile.hts_id else None

        def on_quotes(quotes: list[Quote]) -> None:
            with lock:
                for q in quotes:
                    if q.code in rows:
                        rows[q.code] = _row(q, "stream")

        def on_notice(n: FillNotice) -> None:
            if n.kind is NoticeKind.FILLED:
                with lock:
                    fills.append(_fill_row(n))

        stream.on_quotes(on_quotes)
        stream.watch(keys)
        if notice_stream is not None:
            notice_stream.on_notice(on_notice)
            notice_stream.watch_notices()
        deadline = None if args.seconds is None else time.monotonic() + args.seconds
        try:
            if args.fmt == "table":
                from rich.live import Live

                with Live(_render(rows, fills), refresh_per_second=4) as live:
                    while deadline is None or time.monotonic() < deadline:
                        time.sleep(0.25)
                        with lock:
                            live.update(_render(rows, fills))
            else:
                while deadline is None or time.monotonic() < deadline:
                    time.sleep(0.1)
        except KeyboardInterrupt:
            pass
        stream.close()
        if notice_stream is not None and notice_stream is not stream:
            notice_stream.close()
    finally:
        client.close()
    if args.fmt != "table":
        with lock:
            emit(list(rows.values()), COLUMNS, args.fmt)
    return 0
