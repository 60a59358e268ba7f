"""Pairing orders whose answer was lost with KIS's own order list: one-to-one, or not at all.

An intent (journaled just before sending) may have been booked only inside its *window*: from its
journal time (less ``SKEW_S``: KIS's order times and the Date header both count whole seconds) to
the client's timeout plus the profile's settle time after it. An order of the day's list is a
*candidate* for an intent when code, side, quantity, type (and price, for priced types) are equal,
its time lies in the window, it is an original order (not a modification or cancel record), and no
row of the sheet or outcome of any journal of the account already claims its number.

The decision, for each unresolved intent:

- FOUND: the evidence pairs it with exactly one order. An intent with a single candidate that no
  other unresolved intent could also claim takes it; a group of intents of one journal (sent one
  after another, so booked in that order) whose candidates are exactly as many as they are pairs
  in send order with order-number order. Each number is handed out once.
- NOT_BOOKED: no candidate, and the window has closed: KIS's list, read after the last moment the
  order could have been booked, does not hold it. It may go out again.
- PENDING: no candidate yet, but the window is still open: look again later.
- AMBIGUOUS: candidates the evidence cannot tell apart: the row says UNKNOWN with their numbers,
  and nothing is sent or guessed.

Pure functions: the caller reads the list and the journals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .. import krx
from ..models import OrderRecord, OrderRequest
from .journal import Entry, order_key

SKEW_S = 2.0
FOUND, NOT_BOOKED, PENDING, AMBIGUOUS = "FOUND", "NOT_BOOKED", "PENDING", "AMBIGUOUS"


@dataclass
class Decision:
    kind: str
    order: OrderRecord | None = None
    candidates: list[str] = field(default_factory=list)  # order numbers, for AMBIGUOUS


def same_order(request: OrderRequest, order: OrderRecord) -> bool:
    """Whether a listed order carries exactly what the request asked for."""
    code = request.code.upper()
    priced = request.order_type.needs_price or request.market != "KRX"
    return (order.code.upper() == code and order.side == request.side and order.quantity == request.quantity
            and order.order_type == request.order_type and not order.orig_order_no
            and (not priced or abs(order.price - (request.price or 0)) < 1e-6))


def _booked_at(order: OrderRecord) -> datetime | None:
    if order.placed_at is not None:
        return order.placed_at
    if order.time is None or order.market != "KRX":  # a US list's own times are New York's
        return None
    return datetime.combine(order.order_date, order.time, tzinfo=krx.KST)


def decide(unresolved: list[Entry], orders: list[OrderRecord], claimed: set[str], *, now: datetime,
           window_s: float, mine: str) -> dict[str, Decision]:
    """Decisions for the unresolved intents of journal ``mine`` (others' only stand in the way).

    ``unresolved`` holds the unresolved intents of every journal of the account, in send order;
    ``claimed`` the order numbers already shown by a row or a journal outcome.
    """
    free = [o for o in orders if order_key(o.order_no) not in claimed]

    def window(e: Entry) -> tuple[datetime, datetime]:
        return e.at - timedelta(seconds=SKEW_S), e.at + timedelta(seconds=window_s)

    def in_window(e: Entry, o: OrderRecord) -> bool:
        at = _booked_at(o)
        start, end = window(e)
        return at is None or start <= at <= end

    cands = {e.client_id: [o for o in free if same_order(e.request, o) and in_window(e, o)] for e in unresolved}
    taken: set[str] = set()
    assigned: dict[str, OrderRecord] = {}
    changed = True
    while changed:
        changed = False
        for e in unresolved:
            if e.client_id in assigned:
                continue
            left = [o for o in cands[e.client_id] if order_key(o.order_no) not in taken]
            rivals = [r for r in unresolved if r.client_id != e.client_id and r.client_id not in assigned]
            if len(left) == 1 and not any(left[0] in cands[r.client_id] for r in rivals):
                assigned[e.client_id] = left[0]
                taken.add(order_key(left[0].order_no))
                changed = True
        if not changed:
            changed = _pair_in_send_order(unresolved, cands, assigned, taken)
    out = {}
    for e in unresolved:
        if e.journal != mine:
            continue
        if e.client_id in assigned:
            out[e.client_id] = Decision(FOUND, assigned[e.client_id])
            continue
        left = [o for o in cands[e.client_id] if order_key(o.order_no) not in taken]
        if left:
            out[e.client_id] = Decision(AMBIGUOUS, candidates=sorted(o.order_no for o in left))
        elif now > window(e)[1]:
            out[e.client_id] = Decision(NOT_BOOKED)
        else:
            out[e.client_id] = Decision(PENDING)
    return out


def _pair_in_send_order(unresolved: list[Entry], cands: dict[str, list[OrderRecord]],
                        assigned: dict[str, OrderRecord], taken: set[str]) -> bool:
    """A closed group (intents of one journal, exactly as many shared candidates) pairs in order."""
    open_ = [e for e in unresolved if e.client_id not in assigned]
    for e in open_:
        group = [e]
        orders = {order_key(o.order_no): o for o in cands[e.client_id] if order_key(o.order_no) not in taken}
        grew = True
        while grew:
            grew = False
            for other in open_:
                if other in group:
                    continue
                theirs = {order_key(o.order_no) for o in cands[other.client_id]} - taken
                if theirs & orders.keys():
                    group.append(other)
                    orders.update({order_key(o.order_no): o for o in cands[other.client_id]
                                   if order_key(o.order_no) not in taken})
                    grew = True
        if len(group) < 2 or len(orders) != len(group) or len({g.journal for g in group}) != 1:
            continue
        group.sort(key=unresolved.index)
        ranked = sorted(orders.values(), key=lambda o: int(order_key(o.order_no) or 0))
        if all(o in cands[g.client_id] for g, o in zip(group, ranked)):
            for g, o in zip(group, ranked):
                assigned[g.client_id] = o
                taken.add(order_key(o.order_no))
            return True
    return False
