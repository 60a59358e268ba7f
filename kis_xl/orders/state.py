"""What an order has become, as one object (in the manner of ib_async's ``Trade``): built from KIS's lists
(``from_records``) or from what its row shows (``of_row``), moved by a notice (``apply``) or a newer read
(``advance``), rendered onto its row (``cells``). REFRESH, reconciliation, cancelling and following all hold
this object; the one rule for what a row shows next is ``lifecycle.progress``.

A modification (정정) chain is always counted whole: KIS lists each number with its own fills, so the state
sums the original and every modification, whichever of the chain's numbers it is built from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from datetime import time as dtime

from ..client.parse import integer, num
from ..models import FillNotice, NoticeKind, OrderId, OrderRecord, Side
from .lifecycle import (
    CANCEL_REQUEST,
    CANCELLED,
    EXPIRED,
    FILLED,
    FINAL,
    PARTIAL,
    REJECTED,
    SENT,
    WORKING,
    RowStatus,
    fill_summary,
    progress,
)
from .rows import SheetRow


@dataclass
class OrderState:
    """One order's chain: where it lives now, what it ordered, what filled, what still works, its status."""

    latest: OrderId  # the number the order lives under now (a modification's new number)
    code: str
    side: Side | None
    quantity: int  # what the row ordered (the original's quantity)
    filled: int = 0
    amount: float = 0.0  # filled value, for the average price
    working: int = 0  # shares still working, on any number of the chain
    status: RowStatus = SENT
    ids: set[OrderId] = field(default_factory=set)  # every number of its chain known so far
    at: dtime | None = None  # when KIS booked the original (the row's Order Time)
    note: str = ""  # what the last notice added to the summary (a partial cancel)

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    @property
    def avg_price(self) -> float:
        return self.amount / self.filled if self.filled else 0.0

    def summary(self) -> str:
        return fill_summary(self.filled, self.quantity, self.amount) + self.note

    @classmethod
    def from_records(cls, order: OrderId, records: list[OrderRecord], today: dict[str, date]) -> OrderState | None:
        """The whole modification chain ``order`` belongs to, as ``records`` (KIS's lists) hold it: its original
        and every modification or cancellation descending from it, whichever of the chain's numbers ``order``
        is. A partial cancel leaves the rest working; a day order still working after its day (``today`` per
        book) has EXPIRED. None when ``records`` do not hold the order."""
        by_id = {r.id: r for r in records}
        root = by_id.get(order)
        if root is None:
            return None
        seen = {root.id}
        while root.action != "NEW" and root.orig_order_no:  # up to the original: it holds what the row ordered
            parent = by_id.get(OrderId.of(root.order_date, root.market, root.orig_order_no))
            if parent is None or parent.id in seen:
                break
            root = parent
            seen.add(root.id)
        children: dict[OrderId, list[OrderRecord]] = {}
        for r in records:
            if r.orig_order_no and r.action != "NEW":
                children.setdefault(OrderId.of(r.order_date, r.market, r.orig_order_no), []).append(r)
        chain, todo = [], [root]
        while todo:
            node = todo.pop()
            chain.append(node)
            todo += children.get(node.id, [])
        orders = [r for r in chain if r.action != "CANCEL"]
        modified = {OrderId.of(r.order_date, r.market, r.orig_order_no) for r in orders if r.action == "MODIFY"}
        filled = sum(r.filled_qty for r in orders)
        amount = sum(r.filled_amount or r.filled_qty * r.avg_fill_price for r in orders)
        working = sum(r.remaining_qty for r in orders)
        cancelled = any(r.action == "CANCEL" for r in chain) or any(r.cancelled and r.id not in modified
                                                                    for r in orders)
        live = [r for r in orders if r.remaining_qty > 0]
        latest = max(live or orders, key=lambda r: int(r.id.number or 0)).id
        if root.rejected_qty and root.rejected_qty >= root.quantity:
            status = REJECTED
        elif filled >= root.quantity > 0:
            status = FILLED
        elif working:
            status = EXPIRED if root.id.day < today[root.id.book] else PARTIAL if filled else SENT
        else:  # nothing left: cancelled (by the user, or an IOC/FOK remainder), else dropped when its day ended
            status = CANCELLED if cancelled else EXPIRED
        return cls(latest, root.code.upper(), root.side, root.quantity, filled, amount, working, status,
                   {r.id for r in orders}, root.time)

    @classmethod
    def of_row(cls, row: SheetRow) -> OrderState | None:
        """What a row shows of its order (None without one): a CANCEL the user typed is the order's working status
        underneath; the row's fills and average price as written."""
        order = row.order_id
        if order is None:
            return None
        quantity, filled = integer(row.get("quantity")), integer(row.get("filled"))
        status = RowStatus.read(row.status)
        if status not in WORKING | FINAL:
            status = PARTIAL if filled else SENT
        return cls(order, row.code, row.side, quantity, filled, filled * num(row.get("avg_price")),
                   max(0, quantity - filled), status, {order})

    def apply(self, n: FillNotice, day: date) -> bool:
        """A notice of this order (``day``: the trading day its numbers are of): a fill adds to what filled, a
        refusal or a cancel closes it (a partial cancel leaves the rest working), a modification moves it to
        its new number. Whether anything changed."""
        if self.is_final or n.code.strip().upper() != self.code:
            return False
        own = OrderId.of(day, n.market, n.order_no) in self.ids
        orig = bool(n.orig_order_no) and OrderId.of(day, n.market, n.orig_order_no) in self.ids
        self.note = ""
        if n.kind is NoticeKind.FILLED and own:
            self.filled += n.filled_qty
            self.amount += n.filled_qty * n.fill_price
            self.working = max(0, self.working - n.filled_qty)
            self.status = FILLED if self.filled >= self.quantity > 0 else PARTIAL if self.working else CANCELLED
            return True
        if n.kind is NoticeKind.REJECTED and own:
            self.status = REJECTED
            return True
        if n.kind is NoticeKind.CANCELLED and (own or orig):
            self.working = max(0, self.working - (n.quantity if orig else self.working))
            if self.working:
                self.note = f"; {n.quantity:,} cancelled, {self.working:,} working"
            else:
                self.status = CANCELLED
            return True
        if n.kind is NoticeKind.MODIFIED and orig:  # what filled before stays counted
            self.latest = OrderId.of(day, n.market, n.order_no)
            self.ids.add(self.latest)
            return True
        return False

    def advance(self, news: OrderState) -> bool:
        """Take a newer read of the same chain (``from_records``): its numbers, and its fills unless the read is
        behind what is counted already (a lagging list never lowers a row; only a final word closes it then);
        the status by ``lifecycle.progress``. Whether anything changed."""
        if self.is_final:
            return False
        latest = max(self.latest, news.latest, key=_number)  # a read from before a modification never moves it back
        changed = latest != self.latest
        self.latest, self.ids = latest, self.ids | news.ids
        self.quantity, self.at = news.quantity or self.quantity, news.at or self.at
        if news.filled < self.filled and not news.is_final:
            return changed
        if news.filled >= self.filled:
            changed |= news.filled > self.filled
            self.filled, self.amount = news.filled, news.amount
        self.working, self.note = news.working, ""
        status = progress(self.status, news.status if news.is_final else PARTIAL if self.filled else SENT)
        if status is not None:
            self.status, changed = RowStatus(status), True
        return changed

    def cells(self, showing: str | None = None) -> dict:
        """The row's result cells; for a row ``showing`` a status, only what ``lifecycle.progress`` lets it
        take (a CANCEL the user typed keeps its Status and Message until the order is final)."""
        values = {"status": self.status, "filled": self.filled,
                  "avg_price": round(self.avg_price, 4) if self.filled else "",
                  "order_no": self.latest.number.zfill(10), "order_date": self.latest.day.isoformat(),
                  "message": self.summary()}
        if self.at is not None:
            values["order_time"] = self.at.strftime("%H:%M:%S")
        return values if showing is None else onto(showing, values)


def _number(order: OrderId) -> int:
    return int(order.number or 0)


def onto(showing: str, values: dict) -> dict:
    """What a row showing ``showing`` takes of an order's result cells: its status only where
    ``lifecycle.progress`` lets it move; a CANCEL the user typed keeps Status and Message until the order is
    final; a final row takes nothing."""
    showing = RowStatus.read(showing)
    if showing in FINAL:
        return {}
    values = dict(values)
    new = values.pop("status", None)
    status = progress(showing, new) if new is not None else None
    if status is not None:
        values["status"] = status
    elif showing == CANCEL_REQUEST:
        values.pop("message", None)
    return values

