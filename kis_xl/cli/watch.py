"""``kis-xl watch CODE…``: a live table of prices streamed over KIS's WebSocket, and the day's fills.

Each row says where its price comes from in the same words ``KIS_LIVE()`` uses (``stream``: the code's
feed is registered in the app key's session; ``rest``: polled), whether its market is open, and the time
of the last trade it shows: a streamed trade's time, or after hours the session's close, never the
moment it was polled. ``--json`` writes one JSON object per update (NDJSON) as they come.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime

from .. import krx
from ..codes import parse_symbol
from ..errors import KisXlError
from ..i18n import label, t
from ..models import FillNotice, NoticeKind, Quote
from ..sessions import KRX_REGULAR, US_REGULAR
from .context import client_for
from .output import add_format_options, emit, emit_line

COLUMNS = ["code", "price", "change", "change_pct", "volume", "time", "source", "market"]
FILL_COLUMNS = ["time", "order_no", "code", "side", "quantity", "price"]
TICK_S = 0.25  # how often the table is redrawn and updates are written


def register(subparsers, common) -> None:
    p = subparsers.add_parser("watch", parents=[common],
                              help=t("live prices (실시간 시세, KIS WebSocket) and the day's fills: "
                                     "kis-xl watch 005930 NAS:AAPL"))
    p.add_argument("codes", nargs="+", metavar="CODE", help=t("stock codes (종목코드) or US symbols (NAS:AAPL)"))
    p.add_argument("--seconds", type=float, help=t("stop after this many seconds (default: until Ctrl-C)"))
    add_format_options(p)
    p.set_defaults(func=run)


def _key(q: Quote) -> str:
    return q.code if q.market == "KRX" else f"{q.market}:{q.code}"


def _open(q: Quote, now: datetime) -> bool:
    return krx.is_regular_session(now) if q.market == "KRX" else krx.is_us_regular_session(now)


def _row(q: Quote, source: str, now: datetime, streamed: bool) -> dict:
    """A price row: the last trade's time is a streamed trade's, or the session's close when the market is shut."""
    open_ = streamed or _open(q, now)
    when = q.as_of if open_ else (KRX_REGULAR if q.market == "KRX" else US_REGULAR).last_close(now)
    return {"code": _key(q), "price": q.price, "change": q.change, "change_pct": q.change_pct, "volume": q.volume,
            "time": when, "source": source, "market": "open" if open_ else "closed"}


def _fill_row(n: FillNotice) -> dict:
    return {"time": n.time.strftime("%H:%M:%S") if n.time else "", "order_no": n.order_no,
            "code": n.code if n.market == "KRX" else f"{n.market}:{n.code}", "side": n.side.value,
            "quantity": n.filled_qty, "price": n.fill_price}


def _clock(when: datetime | None, now: datetime) -> str:
    if when is None:
        return ""
    when = when.astimezone(krx.KST)
    return when.strftime("%H:%M:%S") if when.date() == now.date() else when.strftime("%m-%d %H:%M")


def _render(rows: dict[str, dict], fills: list[dict], now: datetime):
    from rich.console import Group
    from rich.table import Table

    prices = Table(title=t("prices (stream = KIS WebSocket, rest = polled; time = the last trade's)"))
    for c in COLUMNS:
        prices.add_column(label(c), justify="right" if c in ("price", "change", "change_pct", "volume") else "left")
    for r in rows.values():
        style = "green" if r["change"] > 0 else "red" if r["change"] < 0 else None
        prices.add_row(r["code"], f"{r['price']:,.2f}".removesuffix(".00"), f"{r['change']:+,.2f}".removesuffix(".00"),
                       f"{r['change_pct']:+.2f}%", f"{r['volume']:,}", _clock(r["time"], now), r["source"],
                       t("open") if r["market"] == "open" else t("closed"), style=style)
    table = Table(title=t("today's fills"))
    for c in FILL_COLUMNS:
        table.add_column(label("fill_price" if c == "price" else c))
    for f in fills[-15:]:
        table.add_row(*(f"{f[c]:,}" if isinstance(f[c], (int, float)) else str(f[c]) for c in FILL_COLUMNS))
    return Group(prices, table)


def run(args) -> int:
    from ..client.stream import stream_for

    symbols = [parse_symbol(c) for c in args.codes]
    client = client_for(args)
    lock = threading.Lock()
    rows: dict[str, dict] = {}
    changed: set[str] = set()
    fills: list[dict] = []
    new_fills: list[dict] = []
    try:
        now = client.now()
        domestic = client.prices([s.code for s in symbols if s.is_domestic])
        for s in symbols:
            q = domestic.get(s.code) if s.is_domestic else client.us_price(s.code, s.market)
            if q is None:
                raise KisXlError(t("unknown code: {code}", code=s.code))
            rows[_key(q)] = _row(q, "rest", now, streamed=False)
        changed.update(rows)
        if client.profile.account and client.profile.hts_id:
            for o in client.daily_orders(filled="filled").orders:
                fills.append({"time": o.time.strftime("%H:%M:%S") if o.time else "", "order_no": o.order_no,
                              "code": o.code, "side": o.side.value, "quantity": o.filled_qty,
                              "price": o.avg_fill_price})
        market = client.market_client or client
        stream = stream_for(market.profile)
        stream.use_clock(market.now)  # KIS's clock picks a US symbol's key (R in the daytime session), not this PC's
        notice_stream = stream_for(client.profile) if client.profile.hts_id else None

        def on_quotes(quotes: list[Quote]) -> None:
            with lock:
                for q in quotes:
                    key = _key(q)
                    if key in rows:
                        rows[key] = _row(q, stream.source(key), now, streamed=True)
                        changed.add(key)

        def on_notice(n: FillNotice) -> None:
            if n.kind is NoticeKind.FILLED:
                with lock:
                    fills.append(_fill_row(n))
                    new_fills.append(fills[-1])

        stream.on_quotes(on_quotes)
        if notice_stream is not None:
            notice_stream.on_notice(on_notice)
            notice_stream.watch_notices()
        deadline = None if args.seconds is None else time.monotonic() + args.seconds
        live = None
        if args.fmt == "table":
            from rich.live import Live

            live = Live(_render(rows, fills, now), refresh_per_second=4)
            live.start()
        try:
            while True:
                stream.watch(list(rows))  # still asked for: the session keeps them
                with lock:
                    for key, row in rows.items():  # a feed registered or lost: the same word as KIS_LIVE
                        source = stream.source(key)
                        if row["source"] != source:
                            rows[key] = dict(row, source=source)
                            changed.add(key)
                    updates, fresh_fills = [rows[k] for k in sorted(changed)], list(new_fills)
                    changed.clear()
                    new_fills.clear()
                if args.fmt == "json":
                    for row in updates:
                        emit_line({"type": "price", **row})
                    for fill in fresh_fills:
                        emit_line({"type": "fill", **fill})
                elif live is not None:
                    with lock:
                        live.update(_render(rows, fills, now))
                if deadline is not None and time.monotonic() >= deadline:
                    break
                time.sleep(TICK_S)
        except KeyboardInterrupt:
            pass
        finally:
            if live is not None:
                live.stop()
        stream.close()
        if notice_stream is not None and notice_stream is not stream:
            notice_stream.close()
    finally:
        client.close()
    if args.fmt == "csv":
        with lock:
            emit(list(rows.values()), COLUMNS, args.fmt)
    return 0
