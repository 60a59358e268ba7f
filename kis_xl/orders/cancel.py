"""The cancel stage: rows whose Status the user set to CANCEL (취소), each carried out or told why not.

A reservation (예약주문) not yet sent is cancelled as a reservation (KIS takes that while its window is open).
A row names its order by (trading day, book, number): KIS cancels only today's orders and restarts its
numbers daily, so an earlier day's row is refused (yesterday's number is another order today). Today's
list is read first: an order already final (filled, or cancelled by a cancel whose answer was lost)
only has its row brought up to date. Each row's failure stays on its row; the rest of the run goes on.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import (
    InvalidOrder,
    KisError,
    KisXlError,
    OrderNotSent,
    OrderOutcomeUnknown,
)
from . import gate
from .broker import Broker
from .lifecycle import CANCEL_REQUEST, CANCELLED
from .lists import Orders
from .placement import placed
from .rows import SheetRow, SheetSettings
from .state import OrderState


def cancel_results(broker: Broker, rows: list[SheetRow], settings: SheetSettings,
                   confirm: gate.Confirm | None) -> Iterator[tuple[SheetRow, dict]]:
    """Each CANCEL row's new cells, in turn, behind the send gate: why not, what KIS's list says it already
    became, or the cancel's result (yielded as soon as it is known: the caller writes it through its ledger
    before the next cancel goes out)."""
    asked = [r for r in rows if r.status == CANCEL_REQUEST]
    if not asked:
        return
    orders = Orders(broker)
    today = {book: orders.today(book) for book in ("KR", "US")}
    wanted, waiting = [], []
    for row in asked:
        order = row.order_id
        if order is None and row.ids:  # placed as another kind (a reservation not yet an order): cancel that
            waiting.append(row)
        elif order is None and row.order_no:
            yield row, _note(f"not cancelled: order {row.order_no} has no Order Date, and KIS's numbers restart "
                             f"daily: type the day it was placed (YYYY-MM-DD) in Order Date")
        elif order is None:
            yield row, _note("nothing to cancel: this row shows no order (Order No and Order Date); clear CANCEL "
                             "to send the row as a new order")
        elif order.day != today[order.book]:
            yield row, _note(f"not cancelled: order {order} is from an earlier day; KIS cancels only today's "
                             f"orders and its numbers restart daily (a day order ends with its day): REFRESH shows "
                             f"what became of it")
        else:
            wanted.append(row)
    listed = orders.since({book: today[book] for book in {r.order_id.book for r in wanted}}) if wanted else []
    for row in list(wanted):
        state = OrderState.from_records(row.order_id, listed or [], today)
        if state is not None and state.is_final:  # done before the cancel got there (or a lost answer's)
            wanted.remove(row)
            yield row, state.cells() | {"message": f"order {row.order_id} is {state.status}: filled "
                                                   f"{state.filled:,} of {state.quantity:,}"}
    if not wanted + waiting:
        return
    try:
        gate.check(settings, broker.profile, confirm, f"{len(wanted + waiting)} cancellations",
                   [f"CANCEL {r.ids[0]} (row {r.number})" for r in wanted + waiting])
    except KisXlError as exc:
        for row in wanted + waiting:
            yield row, _note(f"not cancelled: {exc}")
        return
    for row in wanted + waiting:
        yield row, _cancel(broker, row)


def _note(message: str) -> dict:
    return {"message": message}


def _cancel(broker: Broker, row: SheetRow) -> dict:
    """One cancel sent (an order, or a reservation not yet an order); the row's new cells."""
    try:
        what = placed(row.ids[0]).cancel(broker, row.code)
    except OrderOutcomeUnknown as exc:
        return _note(f"cancel may have been carried out ({exc}): REFRESH, or the next run, reads what KIS did")
    except OrderNotSent as exc:
        return _note(f"cancel not sent ({exc}): run again")
    except (InvalidOrder, KisError) as exc:
        return _note(f"not cancelled: {exc}")
    except KisXlError as exc:
        return _note(f"cancel failed ({exc}): REFRESH reads the order's status")
    return {"status": CANCELLED, "message": what}
