"""REFRESH: every sent row brought up to what KIS's lists say its order has become.

A row's order is (trading day, book, number): each book's list is read from the earliest day a row
shows, and a row is updated only by its own order, whose code and side must be the row's (numbers
restart daily). What the order has become counts its modifications and cancellations; a day order
still open after its day has EXPIRED. A status never moves back, and a CANCEL the user typed stays until
the order is final. CANCEL rows are carried out first.
"""

from __future__ import annotations

from ..client.parse import integer
from ..errors import KisXlError
from . import gate, lifecycle
from .cancel import cancel_rows
from .ledger import Ledger, Outcome, state_cells
from .lifecycle import CANCEL_REQUEST, FINAL
from .lists import Orders
from .rows import SheetRow


def refresh(sheet, client, confirm: gate.Confirm | None = None) -> Outcome:
    ledger = Ledger(sheet, None)
    rows = sheet.rows()
    cancel_rows(ledger, client, rows, sheet.settings, confirm)
    sent = [r for r in rows if r.order_id is not None and r.status not in FINAL]
    if not sent:
        return ledger.outcome
    orders = Orders(client)
    today = {book: orders.today(book) for book in ("KR", "US")}
    first: dict = {}
    for r in sent:
        first[r.order_id.book] = min(first.get(r.order_id.book, r.order_id.day), r.order_id.day)
    listed = orders.since(first)
    if listed is None:
        raise KisXlError("KIS's order lists could not be read (rate limit or network): run REFRESH again")
    for row in sent:
        _update(ledger, row, lifecycle.state_of(row.order_id, listed, today))
    return ledger.outcome


def _update(ledger: Ledger, row: SheetRow, state: lifecycle.OrderState | None) -> None:
    order = row.order_id
    if state is None:
        ledger.note(row, f"order {order} is not in KIS's list of {order.day:%Y-%m-%d}: check Order No and Order Date")
        return
    if state.code.upper() != row.code or state.side != row.side:
        ledger.note(row, f"order {order} in KIS's list is {state.side.value} {state.code}, not this row's "
                         f"{row.side.value if row.side else '?'} {row.code}: not updated (check Order No and Order "
                         f"Date)")
        return
    values = state_cells(state) | ({"message": state.summary()} if row.status != CANCEL_REQUEST else {})
    if state.filled < integer(row.get("filled")):  # a read behind the notices already written: never lower
        del values["filled"], values["avg_price"]
    status = lifecycle.progress(row.status, values.pop("status"))
    if status is not None:
        values["status"] = status
    ledger.write(row, values)
