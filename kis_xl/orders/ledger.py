"""Writing a row's result: the sheet first, then the journal, each step checked against the row's life.

Every stage of a run writes through one ``Ledger``: the row is written (headless: saved at once), then the
outcome is journaled; a sheet that cannot be written stops the run and the journal keeps the result for
the next run to write back. ``Outcome`` collects what happened, row by row, for the CLI and Excel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import KisXlError
from ..i18n import t
from ..models import OrderId, OrderRequest, ReservationId
from . import lifecycle
from .book import OrderSheet
from .journal import Entry, Journal, JournalUnwritable
from .placement import Placement, placed
from .rows import SheetRow

Placed = OrderId | ReservationId | Placement


@dataclass
class Outcome:
    """What a run did, row by row (for the CLI, the demo and the macro's closing message)."""

    rows: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the run as a whole (the workbook could not be saved)

    def add(self, row: SheetRow, status: str, message: str = "", order_no: str = "") -> None:
        self.rows.append({"row": row.number, "code": row.get("code"), "side": row.get("side"),
                          "quantity": row.get("quantity"), "price": row.get("price"), "status": str(status),
                          "order_no": order_no, "message": message})

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r["status"] == status)


class Ledger:
    """The sheet and the journal of one run, written together."""

    def __init__(self, sheet: OrderSheet, journal: Journal | None, outcome: Outcome | None = None):
        self.sheet, self.journal = sheet, journal
        self.outcome = outcome or Outcome()

    def write(self, row: SheetRow, values: dict, *, client_id: str = "", order: Placed | None = None,
              journal_status: str = "") -> None:
        """A row's new values, checked against the row's life; with ``client_id`` the outcome is journaled after
        the row took it (``journal_status`` when the journal's outcome is not the row's status)."""
        status = values.get("status")
        if status is not None:
            status = lifecycle.check(row.status, status)
            values = values | {"status": str(status)}
        order = placed(order)
        values = values | (order.cells() if order is not None else {})
        word = journal_status or status or ""
        try:
            self.sheet.write(row, values)
        except OSError as exc:
            if client_id:
                try:
                    self.journal.outcome(client_id, word, order, values.get("message", ""), unwritten=True)
                except JournalUnwritable as lost:
                    raise KisXlError(t("row {row}'s result could be written neither to the workbook ({reason}) nor "
                                       "to the journal ({journal}); the next run looks its order up in KIS's list",
                                       row=row.number, reason=exc, journal=lost)) from None
            raise KisXlError(f"the results cannot be written to the workbook ({exc}); row {row.number}'s result is "
                             f"kept in the journal and nothing more was sent: close the workbook (or make it "
                             f"writable) and run again to write it back") from None
        self.outcome.add(row, status or row.status, values.get("message", ""), values.get("order_no", row.order_no))
        if client_id:
            try:
                self.journal.outcome(client_id, word, order, values.get("message", ""))
            except JournalUnwritable as exc:  # the row shows it: the next run takes it from the row
                raise JournalUnwritable(t("row {row} shows its result, but {reason}", row=row.number,
                                          reason=exc)) from None

    def intent(self, client_id: str, row: SheetRow, request: OrderRequest, *, wire_price: str | None, at,
               reserve: bool = False) -> None:
        """A row's order (or reservation) about to be sent, journaled (fsynced) before anything leaves."""
        self.journal.intent(client_id, row.number, request, tag=row.tag, wire_price=wire_price, at=at,
                            reserve=reserve)

    def sending(self, client_id: str, at, until) -> None:
        """Its bytes are about to leave (server time ``at``); KIS may book it until ``until``."""
        self.journal.sending(client_id, at, until)

    def record(self, e: Entry, status: str, order: Placed | None = None, message: str = "") -> None:
        """An outcome for the journal alone (the row is gone or was edited, or already shows it), checked against
        the intent's life as the journal left it (``Entry.stage``); the entry takes it too."""
        status = lifecycle.check(e.stage, status)
        order = placed(order)
        self.journal.outcome(e.client_id, status, order, message)
        e.status, e.message = status, message
        if order is not None:
            setattr(e, order.key, order.id)

    def note(self, row: SheetRow, message: str, status: str | None = None) -> None:
        """A message on a row (and a status, when it changes): nothing journaled."""
        self.write(row, {"message": message} | ({"status": status} if status is not None else {}))
