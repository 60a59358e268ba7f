"""An order row's life in one place: the statuses it shows, which step may lead where, and what KIS's
list says a row's order has become.

    DRAFT ──validate──▶ VALID | INVALID
    DRAFT | VALID | INVALID | NOT SENT ──journal──▶ JOURNALED ──wire──▶ SENDING
    SENDING ──answer──▶ SENT | REJECTED | NOT SENT | UNKNOWN        (INVALID: the client's own check refused it)
    SENDING ──a reservation's answer──▶ RESERVED ──its session opens──▶ SENT … (or REJECTED, CANCELLED)
    UNKNOWN ──reconcile──▶ SENT | NOT SENT | UNKNOWN;  cleared by the user ──▶ DRAFT (its intent released)
    SENT | PARTIAL ──fills, cancels, the day's end──▶ PARTIAL | FILLED | CANCELLED | EXPIRED
    SENT | PARTIAL ──the user types CANCEL──▶ CANCEL ──carried out──▶ CANCELLED (or what KIS's list says)

JOURNALED and SENDING are the journal's: a row never shows them. A process that dies there leaves the row
as it was and the journal decides: an intent that never reached SENDING provably never left the machine.
An order is (trading day, book, number): KIS restarts numbers every day, per book (``models.OrderId``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import KisXlError
from ..models import OrderId, OrderRecord, Side

DRAFT = ""
VALID = "VALID"
INVALID = "INVALID"
SENT = "SENT"
PARTIAL = "PARTIAL"
FILLED = "FILLED"
CANCELLED = "CANCELLED"
EXPIRED = "EXPIRED"  # a day order still open when its day ended: nothing more can fill
REJECTED = "REJECTED"
UNKNOWN = "UNKNOWN"  # it may have reached KIS: reconciled against KIS's list, never resent blindly
NOT_SENT = "NOT SENT"  # provably never booked: goes out on the next run
CANCEL_REQUEST = "CANCEL"  # typed by the user on a working row
RESERVED = "RESERVED"  # a reservation (예약주문) waiting for its session: it becomes an order when that opens
JOURNALED, SENDING = "JOURNALED", "SENDING"  # the journal's steps between a row and KIS

WORKING = frozenset({SENT, PARTIAL})
FINAL = frozenset({FILLED, CANCELLED, EXPIRED, REJECTED})
DONE = WORKING | FINAL | {RESERVED}  # a row showing one of these is never sent again
_RANK = {RESERVED: -1, SENT: 0, PARTIAL: 1, FILLED: 2, CANCELLED: 2, EXPIRED: 2, REJECTED: 2}

_UNSENT = frozenset({VALID, INVALID, NOT_SENT, JOURNALED, UNKNOWN}) | DONE  # DONE: a result written back
TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: _UNSENT,
    VALID: _UNSENT,
    INVALID: _UNSENT,
    NOT_SENT: _UNSENT,
    JOURNALED: frozenset({SENDING, NOT_SENT, INVALID}),
    SENDING: frozenset({SENDING, SENT, REJECTED, NOT_SENT, UNKNOWN, RESERVED}),
    UNKNOWN: frozenset({UNKNOWN, SENT, PARTIAL, FILLED, CANCELLED, EXPIRED, REJECTED, NOT_SENT, DRAFT, RESERVED}),
    RESERVED: frozenset({RESERVED, SENT, PARTIAL, FILLED, CANCELLED, EXPIRED, REJECTED, CANCEL_REQUEST}),
    SENT: frozenset({SENT, PARTIAL, FILLED, CANCELLED, EXPIRED, CANCEL_REQUEST}),
    PARTIAL: frozenset({PARTIAL, FILLED, CANCELLED, EXPIRED, CANCEL_REQUEST}),
    CANCEL_REQUEST: frozenset({CANCEL_REQUEST, SENT, PARTIAL, FILLED, CANCELLED, EXPIRED, REJECTED, RESERVED}),
    FILLED: frozenset({FILLED}),
    CANCELLED: frozenset({CANCELLED}),
    EXPIRED: frozenset({EXPIRED}),
    REJECTED: frozenset({REJECTED}),
}
"""Where a row may go from a status. Unsent rows may also take a result the journal or KIS's list holds
(written back after a lost save, or found for a lost answer)."""


class IllegalStep(KisXlError):
    """A write that would move a row where its life cannot go (a bug, never the user's input)."""


def check(current: str, new: str) -> None:
    """Raise IllegalStep unless a row showing ``current`` may show ``new`` next. A status kis-xl does not
    know (typed by hand) counts as DRAFT."""
    allowed = TRANSITIONS.get(current, TRANSITIONS[DRAFT])
    if new not in allowed:
        raise IllegalStep(f"a row showing {current or 'nothing'!r} cannot become {new!r}")


def progress(current: str, new: str) -> str | None:
    """What a row showing ``current`` shows once KIS's list (or a notice) says ``new``: never lower (a lagging
    read, or a notice after a final one), and a CANCEL the user typed stays until the order is final."""
    if current == CANCEL_REQUEST:
        return new if new in FINAL else None
    if current in FINAL or _RANK.get(new, -1) < _RANK.get(current, -1):
        return None
    return new if new != current else None


@dataclass(frozen=True)
class OrderState:
    """What a row's order has become, summed over its modifications (KIS counts each number's fills apart)."""

    latest: OrderId  # the number the order lives under now (a modification's new number)
    code: str
    side: Side
    quantity: int  # what the row ordered
    filled: int
    amount: float  # filled value, for the average price
    working: int  # shares still working, on any number of the chain
    status: str

    @property
    def avg_price(self) -> float:
        return self.amount / self.filled if self.filled else 0.0

    def summary(self) -> str:
        return fill_summary(self.filled, self.quantity, self.amount)


def fill_summary(filled: int, quantity: int, amount: float) -> str:
    """``filled 3 of 10 at avg 70,100``: what a row's Message says of its fills."""
    if not filled:
        return f"filled 0 of {quantity:,}"
    avg = amount / filled
    return f"filled {filled:,} of {quantity:,} at avg {avg:,.0f}" if float(avg).is_integer() else \
        f"filled {filled:,} of {quantity:,} at avg {avg:,.2f}"


def state_of(order: OrderId, records: list[OrderRecord], today: dict[str, date]) -> OrderState | None:
    """The state of the whole modification chain ``order`` belongs to: its original and every modification or
    cancellation descending from it in ``records``, whichever of the chain's numbers ``order`` is (a row shows
    the latest modification's number once REFRESH or a notice wrote it).

    A partial cancel leaves the rest working; a day order still working after its day (``today`` per book)
    has EXPIRED. None when ``records`` do not hold the order.
    """
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
    cancelled = any(r.action == "CANCEL" for r in chain) or any(r.cancelled and r.id not in modified for r in orders)
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
    return OrderState(latest, root.code, root.side, root.quantity, filled, amount, working, status)
