"""The run's first stage: the sheet brought back in line with the journal and with KIS's order list.

Results the sheet lacks (an unsaved workbook, an older copy, a crash before the save) are written back
from the journal; intents whose answer was lost are looked up in KIS's list (``pairing.decide``), never
resent; an UNKNOWN row the user cleared releases its intent. What is still in doubt blocks identical
requests for the rest of the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta

from ..krx import KST
from ..models import OrderRecord, OrderRequest, Reservation, book_of
from . import pairing
from .broker import Broker
from .journal import Entry, Journal
from .ledger import Ledger
from .lifecycle import DONE, NOT_SENT, REJECTED, RELEASED, RESERVED, SENT, UNKNOWN
from .lists import Orders
from .rows import SheetRow, describe
from .state import OrderState


class Reconciler:
    """The reconcile stage of one run, and the look-up after an answer lost mid-run (``settle``)."""

    def __init__(self, ledger: Ledger, journal: Journal, broker: Broker,
                 written: Callable[[SheetRow], OrderRequest | None], *, settle_s: float, fallback_s: float):
        self.ledger, self.journal, self.broker = ledger, journal, broker
        self.orders = Orders(broker)
        self.written = written  # the request a row holds as written, or None
        self.settle_s, self.fallback_s = settle_s, fallback_s
        self.blocked: set[tuple] = set()  # requests with an order in doubt: identical rows wait

    def run(self, rows: list[SheetRow], only: str | None = None) -> None:
        """Write back what the journal knows and the sheet lacks; decide every unresolved intent."""
        own = self.journal.entries()
        mine = [e for e in own if not only or e.client_id == only]
        self._release_cleared(mine, rows)
        places = self._places(mine, rows)
        for e in mine:
            row = places.get(e.client_id)
            if row is None:
                continue
            if e.unresolved and (row.order_id or row.reservation_id) is not None and row.status != UNKNOWN:
                self._take_from_sheet(e, row)
            elif e.status in (SENT, RESERVED, REJECTED):
                self._write_back(e, row)
        account = [e for e in self.journal.account_entries() if e.journal != self.journal.path.name] + own
        unresolved = [e for e in account if e.unresolved]
        todo = [e for e in unresolved if e.journal == self.journal.path.name and (not only or e.client_id == only)]
        today = {book: self.orders.today(book) for book in ("KR", "US")}
        claimed = ({i for r in rows for i in (r.order_id, r.reservation_id) if i}
                   | {i for e in account if e.status != RELEASED for i in (e.order, e.reservation) if i})
        first: dict[str, date] = {}
        for e in todo:
            if e.left and not e.reserve:
                book = book_of(e.request.market)
                first[book] = min(first.get(book, e.day), e.day)
        reserved = [e.at.astimezone(KST).date() for e in todo if e.left and e.reserve]
        orders = self.orders.since(first) if first else []
        reservations = self.orders.reservations(min(reserved)) if reserved else []
        unreadable = orders is None or reservations is None  # only an intent that never left is decided then
        orders, reservations = orders or [], reservations or []
        plan = pairing.plan(unresolved, orders, claimed, now=self.broker.now(), settle_s=self.settle_s,
                            fallback_s=self.fallback_s, mine=self.journal.path.name, reservations=reservations)
        self.blocked |= plan.held
        for e in todo:
            decision = plan.decisions[e.client_id]
            if not (unreadable and e.left):
                self._apply(e, places.get(e.client_id), decision, orders, today)
            else:
                self._unknown(e, places.get(e.client_id), decision.key, "KIS's order list could not be read (rate "
                                                                        "limit or network): run again to look it up")

    def _places(self, entries: list[Entry], rows: list[SheetRow]) -> dict[str, SheetRow]:
        """Where each journaled intent's row is now (``pairing.restore``)."""
        views = [pairing.RowView(r.number, str(r.get("client_id") or "").strip(), bool(r.order_no) or r.status in DONE,
                                 self.written(r), r.tag, r.status == UNKNOWN) for r in rows if not r.is_blank]
        by_number = {r.number: r for r in rows}
        pairs = pairing.restore(entries, views)
        places = {e.client_id: by_number[n] for e, n in pairs}
        named = {e.client_id: e for e in entries}
        taken = {id(row) for row in places.values()}
        for view in views:  # an older copy's UNKNOWN whose intent the journal has since found was never booked
            row = by_number[view.number]
            if view.doubt and id(row) not in taken and pairing.stale(view, named):
                e = named[view.client_id]
                self.ledger.write(row, {"status": NOT_SENT, "message": f"written back from the journal: {e.message}"})
        return places

    def _release_cleared(self, entries: list[Entry], rows: list[SheetRow]) -> None:
        """An UNKNOWN row the user cleared (found by its client id, not by whatever row took its place)."""
        by_id = {str(r.get("client_id") or "").strip(): r for r in rows if r.get("client_id")}
        for e in entries:
            row = by_id.get(e.client_id)
            if e.status == UNKNOWN and row is not None and row.status != UNKNOWN and not row.order_no:
                self.ledger.record(e, RELEASED, message="the user cleared the row to send it again")

    def _take_from_sheet(self, e: Entry, row: SheetRow) -> None:
        """The row took this order's result (its client id is written with it); the journal had not yet. An intent
        that never left owns no order, whatever a copied row shows."""
        if not e.left:
            self.ledger.record(e, NOT_SENT, message="it never left this machine")
            return
        if e.reserve and row.reservation_id is not None and row.order_id is None:
            self.ledger.record(e, RESERVED, row.reservation_id, "taken from the sheet")
            return
        status = row.status if row.status in (NOT_SENT, SENT, REJECTED) else SENT
        self.ledger.record(e, status, row.order_id, "taken from the sheet")

    def _write_back(self, e: Entry, row: SheetRow) -> None:
        again = (" (to send this row again, give it another Tag)"
                 if e.day != self.orders.today(book_of(e.request.market)) else "")
        values = {"status": e.status, "client_id": e.client_id, "submitted_at": e.at.strftime("%Y-%m-%d %H:%M:%S"),
                  "message": f"written back from the journal (the workbook was not saved after it was sent){again}: "
                             f"{e.message}"}
        self.ledger.write(row, values, client_id=e.client_id, order=e.reservation or e.order)

    def _unknown(self, e: Entry, row: SheetRow | None, key: tuple, message: str) -> None:
        """An intent still in doubt: its row (or, the row gone, its journal) says UNKNOWN; identical rows wait."""
        self.blocked.add(key)
        if row is not None:
            self.ledger.write(row, {"status": UNKNOWN, "client_id": e.client_id, "message": message},
                              client_id=e.client_id)
        else:
            self.ledger.record(e, UNKNOWN, message=message)

    def _apply(self, e: Entry, row: SheetRow | None, decision: pairing.Decision, orders: list[OrderRecord],
               today: dict) -> None:
        sent = describe(e.request)
        edited = row is not None and pairing.typed(self.written(row)) != pairing.typed(e.request)
        if decision.kind == pairing.FOUND and isinstance(decision.order, Reservation):
            reservation = decision.order.id
            if row is None or edited:
                self.ledger.record(e, RESERVED, reservation, f"{sent}: {reservation}")
                if row is not None:
                    self.ledger.write(row, {"status": UNKNOWN, "message": (
                        f"row {e.row} was edited since: {sent} was reserved from it as {reservation}; this row was "
                        f"not sent: review it, then clear Status to send it")})
                return
            self.ledger.write(row, {"status": RESERVED, "client_id": e.client_id,
                                    "message": f"reconciled: {reservation} in KIS's list (REFRESH follows it)"},
                              client_id=e.client_id, order=reservation)
        elif decision.kind == pairing.FOUND:
            order = decision.order
            if row is None or edited:
                where = f"row {e.row} was edited since" if row is not None else f"row {e.row} is gone"
                self.ledger.record(e, SENT, order.id, f"{sent}: order {order.id}")
                if row is not None:
                    self.ledger.write(row, {"status": UNKNOWN, "message": (
                        f"{where}: {sent} was sent from it as order {order.id}; this row was not sent: "
                        f"review it, then clear Status to send it")})
                return
            state = OrderState.from_records(order.id, orders, today)
            values = state.cells() | {"client_id": e.client_id,
                                      "message": f"reconciled: order {order.id} in KIS's list"}
            self.ledger.write(row, values, client_id=e.client_id, order=state.latest, journal_status=SENT)
        elif decision.kind == pairing.NOT_BOOKED:
            message = ("it never left this machine (the run ended before sending it): it may go out again"
                       if decision.never_left else
                       "not in KIS's order list after its booking window closed: it was not booked, and may go "
                       "out again")
            if row is None or edited:
                self.ledger.record(e, NOT_SENT, message=f"{sent}: {message}")
                return
            self.ledger.write(row, {"status": NOT_SENT, "client_id": e.client_id, "message": message},
                              client_id=e.client_id)
        elif decision.kind == pairing.AMBIGUOUS:
            numbers = ", ".join(str(c) for c in decision.candidates)
            self._unknown(e, row, decision.key, f"{sent} matches orders {numbers} of KIS's list that cannot be told "
                                                f"apart (another program placed the same order meanwhile): check them "
                                                f"in your HTS/MTS; nothing was sent again")
        else:
            _, until = e.window(self.fallback_s)
            after = until + timedelta(seconds=self.settle_s + pairing.SKEW_S)
            self._unknown(e, row, decision.key, f"{sent}: not in KIS's order list yet; looked up again on the next "
                                                f"run (after {after:%H:%M:%S})")

    def settle(self, client_id: str, rows: list[SheetRow], progress: Callable[[str], None]) -> None:
        """After a lost answer: wait out the order's booking window (server clock), then look it up."""
        entry = next(e for e in self.journal.entries() if e.client_id == client_id)
        if entry.left:  # an order that never left needs no waiting: it was not booked
            _, until = entry.window(self.fallback_s)
            until += timedelta(seconds=self.settle_s + pairing.SKEW_S)
            progress(f"kis-xl: an answer was lost; looking the order up in KIS's list after {until:%H:%M:%S}")
            while (left := (until - self.broker.now()).total_seconds()) > -0.5:
                time.sleep(min(max(left + 0.5, 0.05), 1.0))
        self.run(rows, only=client_id)
