"""REFRESH: every sent row brought up to what KIS's lists say its order has become.

A row's order is (trading day, book, number): each book's list is read from the earliest day a row
shows, and a row is updated only by its own order, whose code and side must be the row's (numbers
restart daily). What the order has become counts its modifications and cancellations; a day order
still open after its day has EXPIRED. A status never moves back, and a CANCEL the user typed stays until
the order is final. CANCEL rows are carried out first.
"""

from __future__ import annotations

from datetime import date

from ..errors import KisXlError
from . import gate, placement
from .book import OrderSheet
from .broker import Broker
from .cancel import cancel_results
from .ledger import Ledger, Outcome
from .lists import Orders


def refresh(sheet: OrderSheet, broker: Broker, confirm: gate.Confirm | None = None) -> Outcome:
    """CANCEL rows carried out, then each kind's rows brought up to what its list says (a reservation's first: one
    that went out as an order is followed as that order at once)."""
    ledger = Ledger(sheet, None)
    rows = sheet.rows()
    for row, values in cancel_results(broker, rows, sheet.settings, confirm):
        ledger.write(row, values)
    lists = Orders(broker)
    today = {book: lists.today(book) for book in ("KR", "US")}
    for kind in placement.KINDS.values():
        followed = [(row, p) for row in rows if (p := kind.followed(row)) is not None]
        if not followed:
            continue
        first: dict[str, date] = {}
        for _, p in followed:
            first[p.id.book] = min(first.get(p.id.book, p.id.day), p.id.day)
        listed = kind.listed(lists, first)
        if listed is None:
            raise KisXlError(kind.unreadable)
        for row, p in followed:
            values, became = p.refreshed(row, listed, today)
            if values:
                ledger.write(row, values, order=became)
    return ledger.outcome
