"""One run of an order sheet, as a pipeline: rows → reconcile → cancel → validate → gate → send → write back.

The same code runs behind the Excel macro and ``kis-xl orders submit``. Each stage runs once, in order:

1. **reconcile** (``reconcile.py``): results the sheet lacks are written back from the journal; orders
   whose answer was lost are looked up in KIS's list, never resent;
2. **cancel** (``cancel.py``): rows the user set to CANCEL, each failure on its own row;
3. **validate** (``validate.py``): every problem of every row still to send;
4. **gate** (``gate.py``): both send switches, and the real account's confirmation;
5. **send** (``sender.py``): journal, wire, row, one at a time; after a lost answer the order's booking
   window is waited out and the order looked up before anything else goes out;
6. **write back**: the workbook saved (headless after every row; Excel at the end).

A row's statuses and where they may lead are in ``lifecycle.py``; every write goes through ``ledger.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain

from ..client import pace
from ..i18n import t
from . import gate
from .book import OrderSheet
from .broker import Broker
from .cancel import cancel_results
from .journal import Journal
from .ledger import Ledger, Outcome
from .lifecycle import CANCEL_REQUEST, INVALID, UNKNOWN, VALID
from .reconcile import Reconciler
from .rows import SheetRow, describe
from .sender import Sender
from .validate import Checked, Context, gather_context, read, validate

__all__ = ["Outcome", "run_sheet"]
HELD = (UNKNOWN, CANCEL_REQUEST)  # rows never sent as new orders: in doubt, or marked for cancelling


def may_send(row: SheetRow) -> bool:
    """A row a run may send as a new order: not blank, not sent already, not held."""
    return not row.is_blank and not row.already_sent and row.status not in HELD


def _describe(c: Checked) -> str:
    return f"{describe(c.request, c.name)}, {c.amount_text}" + (f" ({c.note})" if c.note else "")


def check_rows(broker: Broker, rows: list[SheetRow], clock: Callable[[], datetime] | None = None,
               progress: Callable[[int, int], None] | None = None) -> tuple[list[Checked], Context]:
    """Every row a run may send, checked against one gathered context; the other rows count as already sent."""
    candidates = [r for r in rows if may_send(r)]
    numbers = {r.number for r in candidates}
    ctx = gather_context(broker, candidates, clock, progress)
    return validate(candidates, ctx, [r for r in rows if not r.is_blank and r.number not in numbers]), ctx


@dataclass
class _Found:
    """What the validate stage found: every row still to send, checked against one gathered context."""

    checked: list[Checked] = field(default_factory=list)
    ctx: Context | None = None


def _validated(broker: Broker, rows: list[SheetRow], clock: Callable[[], datetime] | None,
               status_bar: Callable[[str], None], notes: list[str], dry_run: bool,
               found: _Found) -> Iterator[tuple[SheetRow, dict]]:
    """The validate stage, run when its cells are asked for (after the cancel stage's): what it found, row by row,
    kept in ``found``; a dry run also says what each valid row would send. The quotes' progress shows in the
    status bar while they come (one request a code on the mock domain), with the mock domain's hint among the
    closing ``notes`` when there were many."""
    def progress(done: int, total: int) -> None:
        hint = pace.quotes_hint(broker, total) if done == 1 else None
        if hint:
            notes.append(hint)
        status_bar(f"kis-xl: {pace.progress_text(done, total)}" if done < total else "")

    found.checked, found.ctx = check_rows(broker, rows, clock, progress)
    for c in found.checked:
        if not c.ok:
            yield c.row, c.filled | {"status": INVALID, "message": c.message}
        elif dry_run:
            yield c.row, c.filled | {"status": VALID, "message": f"would send: {_describe(c)}"}


def run_sheet(sheet: OrderSheet, broker: Broker, journal: Journal, *, dry_run: bool = False,
              confirm: gate.Confirm | None = None,
              progress: Callable[[int, int], None] | None = None,
              after_row: Callable[[SheetRow], None] | None = None,
              clock: Callable[[], datetime] | None = None) -> Outcome:
    """Validate the sheet and (unless ``dry_run``) send its valid rows; every result is written to its row.

    ``clock`` replaces the server's clock for the market-hours check only; journal and reconciliation
    always use the server's clock, since that is what the day's order list is kept by.
    """
    ledger = Ledger(sheet, journal)
    rows = sheet.rows()
    reconciler = Reconciler(ledger, journal, broker, lambda r: read(r, broker.profile.venue).request,
                            settle_s=broker.profile.order_settle_s,
                            fallback_s=broker.timeout + broker.profile.order_settle_s)
    if not dry_run:
        sheet.check_writable()
        reconciler.run(rows)
    found = _Found()
    for row, values in chain(() if dry_run else cancel_results(broker, rows, sheet.settings, confirm),
                             _validated(broker, rows, clock, sheet.progress, ledger.outcome.notes, dry_run,
                                        found)):  # each written as soon as it is known, in stage order
        ledger.write(row, values)
    valid, ctx = [c for c in found.checked if c.ok], found.ctx
    if dry_run:
        return ledger.outcome
    if valid:
        gate.check(sheet.settings, broker.profile, confirm,
                   t("{n} orders, about {amount} won in total: {stocks}", n=len(valid),
                     amount=f"{sum(c.estimate.won or 0 for c in valid):,.0f}",
                     stocks=", ".join(dict.fromkeys(c.name or c.request.code for c in valid))),
                   [_describe(c) for c in valid])
        sender = Sender(ledger, broker, reconciler)
        for i, c in enumerate(valid, 1):
            sheet.progress(f"kis-xl: sending order {i} of {len(valid)} (row {c.row.number})")
            if sender.send(c, ctx.tick_tables.get(c.request.code), ctx.quotes.get(c.request.code)) == UNKNOWN:
                reconciler.settle(c.row.get("client_id"), rows, sheet.progress)
            if progress:
                progress(i, len(valid))
            if after_row:
                after_row(c.row)
        sheet.progress("")
    note = sheet.finish()
    if note:
        ledger.outcome.notes.append(note)
    return ledger.outcome
