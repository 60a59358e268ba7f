"""Pairing the journal with the sheet and with KIS's order list, one-to-one or not at all (pure decisions).

Two pure decisions, the caller reads the journal, the rows and the list:

``restore``: which row a journaled outcome belongs to when the row lacks it (Excel closed without saving,
an older copy restored, a crash before the save). By its client id; for the day's intents whose row lost
its client id too, by row number with the identical request and tag, else by the identical request and
tag on a row still unsent, in row order. Each entry takes at most one row and each row at most one entry.

``decide``: what became of each unresolved intent. KIS may have booked it only inside its *window*: from
its last send (less ``SKEW_S``: KIS's order times and the Date header count whole seconds) to the last
moment the request could still have been under way, plus the settle time and ``SKEW_S``. An order of
the list is a *candidate* when code, side, quantity, type (and the price as sent, for priced types) are
equal, it is an original order (not a modification or cancel record), it was booked inside the window,
and no row of the sheet or outcome of any journal of the account already claims it. Orders are compared
by identity, (trading day, book, number): numbers restart daily.

- FOUND: the evidence pairs it with exactly one order (a single candidate no other unresolved intent
  could claim; or a group of one journal's intents, sent one after another, with exactly as many
  candidates: they pair in send order; or identical intents of several workbooks with exactly as many
  candidates, once all their windows have closed: one-to-one as the windows allow). Each order is handed
  out once.
- NOT_BOOKED: it never left the machine (no send was journaled), or no candidate and the window has
  closed. It may go out again.
- PENDING: no candidate yet, but the window is still open: look again later.
- AMBIGUOUS: candidates the evidence cannot tell apart (another program's identical order inside the
  window): the row says UNKNOWN with their numbers, and nothing is sent or guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from .. import krx
from ..models import OrderId, OrderRecord, OrderRequest, Reservation
from ..sessions import trading_day
from .journal import Entry
from .lifecycle import MAY_EXIST, SENT

SKEW_S = 2.0
FOUND, NOT_BOOKED, PENDING, AMBIGUOUS = "FOUND", "NOT_BOOKED", "PENDING", "AMBIGUOUS"


@dataclass
class Decision:
    kind: str
    order: OrderRecord | Reservation | None = None
    candidates: list = field(default_factory=list)  # OrderIds (or ReservationIds), for AMBIGUOUS
    never_left: bool = False  # NOT_BOOKED because no send was ever journaled
    key: tuple = ()  # its request's ``request_key``: identical rows wait while it is in doubt


@dataclass
class Plan:
    """What reconciliation does with the unresolved intents: a decision for each of this journal's, and the
    requests another workbook's intent may still be booked as (its window open): identical rows wait."""

    decisions: dict[str, Decision]
    held: set[tuple]


def plan(unresolved: list[Entry], orders: list[OrderRecord], claimed: set, *, now: datetime, settle_s: float,
         fallback_s: float, mine: str, reservations: list[Reservation] = ()) -> Plan:
    """``decide``, with the requests held by other journals' intents whose booking window is still open."""
    held = {request_key(e.request) for e in unresolved
            if e.journal != mine and e.left and now <= booking_window(e, settle_s=settle_s, fallback_s=fallback_s)[1]}
    return Plan(decide(unresolved, orders, claimed, now=now, settle_s=settle_s, fallback_s=fallback_s, mine=mine,
                       reservations=reservations), held)


def request_key(r: OrderRequest) -> tuple:
    """What makes two requests the same order on the wire."""
    return (r.code.upper(), r.side, r.quantity, r.price if r.order_type.needs_price or r.market != "KRX" else None,
            r.order_type, r.market, r.stop_price)


def typed(request: OrderRequest | None) -> OrderRequest | None:
    """A request as a row holds it: without the US session it was given when prepared (the row names none)."""
    return replace(request, session="") if request is not None else None


def same_order(request: OrderRequest, order: OrderRecord) -> bool:
    """Whether a listed order carries exactly what the request asked for."""
    code = request.code.upper()
    priced = request.order_type.needs_price or request.market != "KRX"
    return (order.code.upper() == code and order.side == request.side and order.quantity == request.quantity
            and order.order_type == request.order_type and order.action == "NEW"
            and (not priced or abs(order.price - (request.price or 0)) < 1e-6)
            and abs(order.stop_price - (request.stop_price or 0)) < 1e-6)


def same_reservation(request: OrderRequest, r: Reservation) -> bool:
    """Whether a listed reservation carries exactly what the request asked for."""
    priced = request.order_type.needs_price or request.market != "KRX"
    return (r.code.upper() == request.code.upper() and r.side == request.side and r.quantity == request.quantity
            and r.order_type == request.order_type and (not priced or abs(r.price - (request.price or 0)) < 1e-6))


def _booked_at(order: OrderRecord | Reservation) -> datetime | None:
    if order.placed_at is not None:
        return order.placed_at
    if isinstance(order, Reservation):
        return None
    if order.time is None or order.market != "KRX":  # a US list's own times are New York's
        return None
    return datetime.combine(order.order_date, order.time, tzinfo=krx.KST)


def decide(unresolved: list[Entry], orders: list[OrderRecord], claimed: set, *, now: datetime,
           settle_s: float, fallback_s: float, mine: str, reservations: list[Reservation] = ()) -> dict[str, Decision]:
    """Decisions for the unresolved intents of journal ``mine`` (others' only stand in the way).

    ``unresolved`` holds the unresolved intents of every journal of the account, in send order; ``claimed``
    the orders and reservations already shown by a row or a journal outcome. A window ends ``settle_s`` after
    its ``until`` (``fallback_s`` after the intent for journals that did not record sends). A reservation's
    intent is paired with KIS's reservations (``reservations``) the same way an order's is with its orders.
    """
    free = [o for o in orders if o.id not in claimed]
    free_reservations = [r for r in reservations if r.id not in claimed]

    def window(e: Entry) -> tuple[datetime, datetime]:
        return booking_window(e, settle_s=settle_s, fallback_s=fallback_s)

    def in_window(e: Entry, o: OrderRecord | Reservation) -> bool:
        at = _booked_at(o)
        start, end = window(e)
        if isinstance(o, Reservation):
            return at is not None and start <= at <= end
        days = {trading_day(o.id.book, start), trading_day(o.id.book, end)}  # a window may cross into a new day
        return o.id.day in days and (at is None or start <= at <= end)

    def candidates(e: Entry) -> list:
        if not e.left:
            return []
        if e.reserve:
            return [r for r in free_reservations if same_reservation(e.request, r) and in_window(e, r)]
        return [o for o in free if same_order(e.request, o) and in_window(e, o)]

    cands = {e.client_id: candidates(e) for e in unresolved}
    taken: set[OrderId] = set()
    assigned: dict[str, OrderRecord] = {}
    changed = True
    while changed:
        changed = False
        for e in unresolved:
            if e.client_id in assigned:
                continue
            left = [o for o in cands[e.client_id] if o.id not in taken]
            rivals = [r for r in unresolved if r.client_id != e.client_id and r.client_id not in assigned]
            if len(left) == 1 and not any(left[0] in cands[r.client_id] for r in rivals):
                assigned[e.client_id] = left[0]
                taken.add(left[0].id)
                changed = True
        if not changed:
            closed = {e.client_id for e in unresolved if now > window(e)[1]}
            changed = _pair_in_send_order(unresolved, cands, assigned, taken, closed)
    out = {}
    for e in unresolved:
        if e.journal != mine:
            continue
        key = request_key(e.request)
        left = [o for o in cands[e.client_id] if o.id not in taken]
        if e.client_id in assigned:
            out[e.client_id] = Decision(FOUND, assigned[e.client_id], key=key)
        elif not e.left:
            out[e.client_id] = Decision(NOT_BOOKED, never_left=True, key=key)
        elif left:
            out[e.client_id] = Decision(AMBIGUOUS, candidates=sorted((o.id for o in left), key=lambda i: i.number),
                                        key=key)
        elif now > window(e)[1]:
            out[e.client_id] = Decision(NOT_BOOKED, key=key)
        else:
            out[e.client_id] = Decision(PENDING, key=key)
    return out


def booking_window(e: Entry, *, settle_s: float, fallback_s: float) -> tuple[datetime, datetime]:
    """When KIS may have booked ``e``: from its last send (less ``SKEW_S``) to ``settle_s`` + ``SKEW_S`` after
    the last moment its request could still have been under way."""
    start, until = e.window(fallback_s)
    return start - timedelta(seconds=SKEW_S), until + timedelta(seconds=settle_s + SKEW_S)


def _pair_in_send_order(unresolved: list[Entry], cands: dict[str, list[OrderRecord]],
                        assigned: dict[str, OrderRecord], taken: set[OrderId], closed: set[str]) -> bool:
    """A closed group (intents sharing exactly as many candidates) pairs one-to-one.

    One journal's intents went out one after another: they pair in send order with the orders in booking
    order. Intents of several workbooks (each the account's own identical order) pair once all their windows
    have closed (no order of theirs is still to be listed): in send order where that fits the windows, else
    by any one-to-one match the windows allow; the orders are identical, so each row shows one of them.
    """
    open_ = [e for e in unresolved if e.client_id not in assigned]
    for e in open_:
        group = [e]
        orders = {o.id: o for o in cands[e.client_id] if o.id not in taken}
        grew = True
        while grew:
            grew = False
            for other in open_:
                if other in group:
                    continue
                theirs = {o.id for o in cands[other.client_id]} - taken
                if theirs & orders.keys():
                    group.append(other)
                    orders.update({o.id: o for o in cands[other.client_id] if o.id not in taken})
                    grew = True
        if len(group) < 2 or len(orders) != len(group):
            continue
        several = len({g.journal for g in group}) > 1
        if several and not all(g.client_id in closed for g in group):
            continue
        group.sort(key=(lambda g: (g.sent_at or g.at, unresolved.index(g))) if several else unresolved.index)
        ranked = sorted(orders.values(), key=lambda o: int(o.id.number or 0))
        pairs = list(zip(group, ranked))
        if not all(o in cands[g.client_id] for g, o in pairs):
            pairs = _matching(group, ranked, cands) if several else None
        if pairs:
            for g, o in pairs:
                assigned[g.client_id] = o
                taken.add(o.id)
            return True
    return False


def _matching(group: list[Entry], orders: list[OrderRecord], cands: dict[str, list[OrderRecord]]) -> list | None:
    """A one-to-one match of ``group`` with ``orders`` inside each intent's candidates (augmenting paths), or
    None when the windows allow none."""
    owner: dict[OrderId, Entry] = {}

    def place(e: Entry, seen: set) -> bool:
        for o in cands[e.client_id]:
            if o.id in seen or o not in orders:
                continue
            seen.add(o.id)
            if o.id not in owner or place(owner[o.id], seen):
                owner[o.id] = e
                return True
        return False

    if not all(place(e, set()) for e in group):
        return None
    by_id = {o.id: o for o in orders}
    return [(e, by_id[i]) for i, e in owner.items()]


@dataclass(frozen=True)
class RowView:
    """What ``restore`` needs of a row: its number, its client id, whether it shows an order or a final status,
    whether it says UNKNOWN, and the request and tag it holds as written (None when they cannot be read)."""

    number: int
    client_id: str
    has_result: bool
    request: OrderRequest | None
    tag: str
    doubt: bool = False


def stale(row: RowView, entries: dict[str, Entry]) -> bool:
    """A row whose client id names an intent that never became an order (not booked, released): an older copy
    of the row, which a later intent of the journal may have replaced."""
    e = entries.get(row.client_id)
    return e is not None and e.status not in MAY_EXIST


def restore(entries: list[Entry], rows: list[RowView]) -> list[tuple[Entry, int]]:
    """(entry, row number) for each journaled intent whose order may exist, where its row is now.

    ``entries`` are this workbook's, in send order. A row carrying the entry's client id is its row wherever it moved: it is returned when it lacks a
    result the journal holds (an unresolved intent's row always is, for the decision to be written to it);
    a REJECTED row the user cleared stays cleared. Otherwise an intent is matched by its request and tag (its
    own row first), whatever its day, on rows with no client id or a stale one (an older copy): a row that
    repeats an order already placed is that order, and a different Tag makes a repeat intentional, as within a
    sheet; an unresolved intent with no such row takes its own row as edited since, to be held for review.
    """
    named = {e.client_id: e for e in entries}
    by_id: dict[str, RowView] = {}
    for r in rows:
        if r.client_id and not stale(r, named):
            by_id.setdefault(r.client_id, r)
    pool = {r.number: r for r in rows if r.request is not None and not r.has_result
            and (stale(r, named) if r.client_id else not r.doubt)}
    out = []
    for e in entries:
        if e.status not in MAY_EXIST:
            continue
        row = by_id.get(e.client_id)
        if row is not None:
            if e.unresolved or e.unwritten or (e.status == SENT and not row.has_result):
                out.append((e, row.number))
            continue
        if not e.left:
            continue
        same = [r for r in ([pool[e.row]] if e.row in pool else []) + list(pool.values())
                if (typed(r.request), r.tag) == (typed(e.request), e.tag)]
        match = same[0] if same else pool.get(e.row) if e.unresolved else None  # an edited row: held for review
        if match is not None:
            del pool[match.number]
            out.append((e, match.number))
    return out
