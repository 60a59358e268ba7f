"""REFRESH: every sent row brought up to what KIS's lists say its order has become.

A row's order is (trading day, book, number): each book's list is read from the earliest day a row
shows, and a row is updated only by its own order, whose code and side must be the row's (numbers
restart daily). What the order has become counts its modifications and cancellations; a day order
still open after its day has EXPIRED. A status never moves back, and a CANCEL the user typed stays until
the order is final. CANCEL rows are carried out first.
"""

from __future__ import annotations

from ..errors import KisXlError
from . import gate
from .book import OrderSheet
from .broker import Broker
from .cancel import cancel_rows
from .ledger import Ledger, Outcome
from .lifecycle import FINAL, RESERVED
from .lists import Orders
from .placement import PlacedReservation
from .rows import SheetRow
from .state import OrderState


def refresh(sheet: OrderSheet, broker: Broker, confirm: gate.Confirm | None = None) -> Outcome:
    ledger = Ledger(sheet, None)
    rows = sheet.rows()
    cancel_rows(ledger, broker, rows, sheet.settings, confirm)
    orders = Orders(broker)
    _reservations(ledger, orders, [r for r in rows if r.status == RESERVED and r.reservation_id is not None])
    sent = [r for r in rows if r.order_id is not None and r.status not in FINAL]
    if not sent:
        return ledger.outcome
    today = {book: orders.today(book) for book in ("KR", "US")}
    first: dict = {}
    for r in sent:
        first[r.order_id.book] = min(first.get(r.order_id.book, r.order_id.day), r.order_id.day)
    listed = orders.since(first)
    if listed is None:
        raise KisXlError("KIS's order lists could not be read (rate limit or network): run REFRESH again")
    for row in sent:
        _update(ledger, row, OrderState.from_records(row.order_id, listed, today))
    return ledger.outcome


def _reservations(ledger: Ledger, orders: Orders, rows: list[SheetRow]) -> None:
    """RESERVED rows as KIS lists their reservations: still waiting, sent as an order (the row takes the order,
    which the order update then follows), cancelled or refused when its session opened."""
    if not rows:
        return
    listed = orders.reservations(min(r.reservation_id.day for r in rows))
    if listed is None:
        raise KisXlError("KIS's reservation list could not be read (rate limit or network): run REFRESH again")
    for row in rows:
        reservation = PlacedReservation(row.reservation_id)
        found = reservation.lookup(listed)
        if found is None:
            ledger.note(row, f"{row.reservation_id} is not in KIS's reservation list: check Reservation No")
            continue
        values, order = reservation.became(found)
        if values:
            ledger.write(row, values, order=order)


def _update(ledger: Ledger, row: SheetRow, listed: OrderState | None) -> None:
    """The row brought up to what its order's chain has become: from what the row shows, advanced by the list."""
    order = row.order_id
    if listed is None:
        ledger.note(row, f"order {order} is not in KIS's list of {order.day:%Y-%m-%d}: check Order No and Order Date")
        return
    if listed.code != row.code or listed.side != row.side:
        ledger.note(row, f"order {order} in KIS's list is {listed.side.value} {listed.code}, not this row's "
                         f"{row.side.value if row.side else '?'} {row.code}: not updated (check Order No and Order "
                         f"Date)")
        return
    state = OrderState.of_row(row)
    state.advance(listed)
    ledger.write(row, state.cells(row.status))
