"""The cancel stage: rows whose Status the user set to CANCEL (취소), each carried out or told why not.

A reservation (예약주문) not yet sent is cancelled as a reservation (KIS takes that while its window is open).
A row names its order by (trading day, book, number): KIS cancels only today's orders and restarts its
numbers daily, so an earlier day's row is refused (yesterday's number is another order today). Today's
list is read first: an order already final (filled, or cancelled by a cancel whose answer was lost)
only has its row brought up to date. Each row's failure stays on its row; the rest of the run goes on.
"""

from __future__ import annotations

from ..errors import (
    InvalidOrder,
    KisError,
    KisXlError,
    OrderNotSent,
    OrderOutcomeUnknown,
)
from . import gate
from .broker import Broker
from .ledger import Ledger
from .lifecycle import CANCEL_REQUEST, CANCELLED
from .lists import Orders
from .rows import SheetRow, SheetSettings
from .state import OrderState


def cancel_rows(ledger: Ledger, broker: Broker, rows: list[SheetRow], settings: SheetSettings,
                confirm: gate.Confirm | None) -> None:
    """Carry out the CANCEL rows of ``rows`` behind the send gate."""
    asked = [r for r in rows if r.status == CANCEL_REQUEST]
    if not asked:
        return
    orders = Orders(broker)
    today = {book: orders.today(book) for book in ("KR", "US")}
    wanted, waiting = [], []
    for row in asked:
        order = row.order_id
        if order is None and row.reservation_id is not None:  # a reservation not yet an order: cancel it
            waiting.append(row)
        elif order is None and row.order_no:
            ledger.note(row, f"not cancelled: order {row.order_no} has no Order Date, and KIS's numbers restart "
                             f"daily: type the day it was placed (YYYY-MM-DD) in Order Date")
        elif order is None:
            ledger.note(row, "nothing to cancel: this row shows no order (Order No and Order Date); clear CANCEL "
                             "to send the row as a new order")
        elif order.day != today[order.book]:
            ledger.note(row, f"not cancelled: order {order} is from an earlier day; KIS cancels only today's "
                             f"orders and its numbers restart daily (a day order ends with its day): REFRESH shows "
                             f"what became of it")
        else:
            wanted.append(row)
    if wanted:
        listed = orders.since({book: today[book] for book in {r.order_id.book for r in wanted}})
    for row in list(wanted):
        state = OrderState.from_records(row.order_id, listed or [], today)
        if state is not None and state.is_final:  # done before the cancel got there (or a lost answer's)
            ledger.write(row, state.cells() | {"message": f"order {row.order_id} is {state.status}: "
                                                            f"filled {state.filled:,} of {state.quantity:,}"})
            wanted.remove(row)
    if not wanted + waiting:
        return
    try:
        gate.check(settings, broker.profile, confirm, f"{len(wanted + waiting)} cancellations",
                   [f"CANCEL {r.order_id or r.reservation_id} (row {r.number})" for r in wanted + waiting])
    except KisXlError as exc:
        for row in wanted + waiting:
            ledger.note(row, f"not cancelled: {exc}")
        return
    for row in wanted + waiting:
        _cancel(ledger, broker, row)


def _cancel(ledger: Ledger, broker: Broker, row: SheetRow) -> None:
    order = row.order_id
    try:
        ack = broker.cancel_reservation(row.reservation_id) if order is None else broker.cancel_order(order,
                                                                                                      code=row.code)
    except OrderOutcomeUnknown as exc:
        ledger.note(row, f"cancel may have been carried out ({exc}): REFRESH, or the next run, reads what KIS did")
    except OrderNotSent as exc:
        ledger.note(row, f"cancel not sent ({exc}): run again")
    except (InvalidOrder, KisError) as exc:
        ledger.note(row, f"not cancelled: {exc}")
    except KisXlError as exc:
        ledger.note(row, f"cancel failed ({exc}): REFRESH reads the order's status")
    else:
        what = f"{ack.id} cancelled ({ack.message})" if order is None else f"cancelled by order {ack.order_no}"
        ledger.write(row, {"status": CANCELLED, "message": what})

