"""``orders watch``: an order sheet's sent rows follow KIS's fill notices until every row is final.

The rows still working (SENT, PARTIAL) are followed by order number on the real-time notice feed
(H0STCNI0/H0STCNI9, keyed by the profile's HTS id): a fill adds to the row's filled quantity and
average price, a cancel or a refusal closes the row, a modification moves the row to the new order
number. The day's orders are read once over REST when the feed is up (and again after each
reconnect), so fills that happened while nobody listened are not missed; between those reads the
watch costs no REST request.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..models import FillNotice, NoticeKind, OrderStatus
from .book import OrderSheet
from .rows import CANCELLED, FILLED, PARTIAL, REJECTED, SENT
from .submit import RECORD_STATUS, Outcome

FINAL = frozenset({FILLED, CANCELLED, REJECTED})


@dataclass
class _Tracked:
    row: object
    quantity: int
    filled: int = 0
    amount: float = 0.0
    status: str = SENT

    @property
    def avg(self) -> float:
        return self.amount / self.filled if self.filled else 0.0


def _int(value) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def _message(t: _Tracked) -> str:
    if not t.filled:
        return f"filled 0 of {t.quantity:,}"
    avg = f"{t.avg:,.0f}" if float(t.avg).is_integer() else f"{t.avg:,.2f}"
    return f"filled {t.filled:,} of {t.quantity:,} at avg {avg}"


class SheetWatch:
    """Follows one sheet's working rows; ``apply`` takes notices, ``sync`` takes the day's orders (REST)."""

    def __init__(self, sheet: OrderSheet, on_update: Callable[[dict], None] | None = None):
        self.sheet = sheet
        self.on_update = on_update
        self.by_order: dict[str, _Tracked] = {}
        for row in sheet.rows():
            if row.order_no and row.status in (SENT, PARTIAL):
                t = _Tracked(row, _int(row.get("quantity")), _int(row.get("filled")), status=row.status)
                self.by_order[row.order_no.lstrip("0")] = t

    @property
    def done(self) -> bool:
        return all(t.status in FINAL for t in self.by_order.values())

    def _write(self, t: _Tracked, extra: dict | None = None) -> None:
        values = {"status": t.status, "filled": t.filled, "message": _message(t), **(extra or {})}
        self.sheet.write(t.row, values)
        if self.on_update:
            self.on_update({"row": t.row.number, "code": t.row.get("code"), "status": t.status, "filled": t.filled,
                            "avg_price": round(t.avg, 4), "order_no": t.row.order_no})

    def apply(self, n: FillNotice) -> None:
        own = self.by_order.get(n.order_no.lstrip("0"))
        orig = self.by_order.get(n.orig_order_no.lstrip("0")) if n.orig_order_no else None
        if n.kind is NoticeKind.FILLED and own is not None and own.status not in FINAL:
            own.filled += n.filled_qty
            own.amount += n.filled_qty * n.fill_price
            own.status = FILLED if own.filled >= own.quantity > 0 else PARTIAL
            self._write(own)
        elif n.kind is NoticeKind.REJECTED and own is not None:
            own.status = REJECTED
            self._write(own)
        elif n.kind is NoticeKind.CANCELLED and (orig or own) is not None:
            t = orig or own
            if t.status not in FINAL:
                t.status = CANCELLED
                self._write(t)
        elif n.kind is NoticeKind.MODIFIED and orig is not None and orig.status not in FINAL:
            # the modified order lives on under its new number; what filled before stays counted
            self.by_order[n.order_no.lstrip("0")] = orig
            orig.quantity = orig.filled + n.quantity
            self._write(orig, {"order_no": n.order_no})

    def sync(self, records) -> None:
        """Bring rows up to the day's orders (REST): what happened while no notice could be heard."""
        for r in records:
            t = self.by_order.get(r.order_no.lstrip("0"))
            if t is None or t.status in FINAL:
                continue
            status = RECORD_STATUS[r.status]
            if r.filled_qty > t.filled or status != t.status:
                t.filled, t.amount = r.filled_qty, r.filled_amount or r.filled_qty * r.avg_fill_price
                t.status = status if r.status is not OrderStatus.OPEN or not t.filled else PARTIAL
                self._write(t)


def watch_sheet(sheet: OrderSheet, client, stream, *, timeout: float | None = None,
                on_update: Callable[[dict], None] | None = None) -> Outcome:
    """Update the sheet's working rows from fill notices until each is final (or ``timeout`` seconds)."""
    watch = SheetWatch(sheet, on_update)
    outcome = Outcome()
    if not watch.by_order:
        return outcome
    notices: queue.Queue[FillNotice] = queue.Queue()
    stream.on_notice(notices.put)
    stream.watch_notices()
    deadline = None if timeout is None else time.monotonic() + timeout
    synced_at = -1
    while not watch.done:
        if deadline is not None and time.monotonic() >= deadline:
            break
        if stream.notices_live() and stream.stats.connects != synced_at:
            synced_at = stream.stats.connects  # after each (re)connect: what the feed could not tell
            watch.sync(client.daily_orders().orders)
            continue
        try:
            watch.apply(notices.get(timeout=0.1))
        except queue.Empty:
            continue
    for t in {id(t): t for t in watch.by_order.values()}.values():
        outcome.add(t.row, t.status, _message(t), t.row.order_no)
    return outcome


def cli_watch(args) -> int:
    """``kis-xl orders watch FILE``: one line per row update, then the rows' final table."""
    from ..cli.output import emit
    from ..client.stream import stream_for
    from .book import OpenpyxlSheet
    from .service import client_for

    sheet = OpenpyxlSheet(args.file)
    client = client_for(sheet, args.profile)
    stream = stream_for(client.profile)
    try:
        def show(update: dict) -> None:
            if args.fmt == "table":
                print(f"row {update['row']}: {update['code']} {update['status']} filled {update['filled']:,}"
                      f" avg {update['avg_price']:,}", flush=True)

        outcome = watch_sheet(sheet, client, stream, timeout=args.timeout, on_update=show)
    finally:
        stream.close()
        client.close()
    emit(outcome.rows, ["row", "code", "side", "quantity", "price", "status", "order_no", "message"], args.fmt)
    return 0 if all(r["status"] in FINAL for r in outcome.rows) else 4
