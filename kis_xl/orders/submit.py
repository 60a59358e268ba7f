"""Validate, then send the valid rows of an order sheet once each, writing every row's result as soon as known.

The same code runs behind the Excel macro and ``kis-xl orders submit``. A run is a pipeline, each
stage once: rows → reconcile (results the sheet missed are written back from the journal; orders whose
answer was lost are looked up in KIS's list, never resent) → cancellations → validate → gate (the
sheet and the profile's send switches, the real account's confirmation, a workbook that can be
written) → send (journal, wire, row, one at a time) → write back.

What a failure means for a row: REJECTED only when KIS refused the order on its merits (HTTP 200,
``rt_cd`` ≠ 0); NOT SENT when it provably never reached processing (it goes out on the next run);
UNKNOWN when it may have reached KIS: the run then waits out the order's booking window and looks it
up before sending anything else, so a lost answer is never followed by a twin that could be confused
with it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from .. import rules
from ..errors import (
    InvalidOrder,
    KisError,
    KisXlError,
    OrderNotSent,
    OrderOutcomeUnknown,
    SendingDisabled,
)
from ..models import OrderRecord, OrderRequest, OrderStatus
from . import reconcile as rc
from .book import OrderSheet
from .journal import RELEASED, Entry, Journal, order_key
from .rows import (
    CANCEL_REQUEST,
    CANCELLED,
    FILLED,
    INVALID,
    NOT_SENT,
    PARTIAL,
    REJECTED,
    SENT,
    UNKNOWN,
    VALID,
    SheetRow,
)
from .validate import Checked, Context, gather_context, validate

RECORD_STATUS = {OrderStatus.FILLED: FILLED, OrderStatus.PARTIAL: PARTIAL, OrderStatus.OPEN: SENT,
                 OrderStatus.CANCELLED: CANCELLED, OrderStatus.REJECTED: REJECTED}


NEW_YORK = ZoneInfo("America/New_York")
LOOKUP_ATTEMPTS = 4  # reading KIS's order list through a rate-limit storm: back off 1, 2, 4 s between tries
NOT_SENT_STATUS = "NOT_SENT"  # journal word for NOT SENT (the sheet shows rows.NOT_SENT)


@dataclass
class Outcome:
    """What a run did, row by row (for the CLI, the demo and the macro's closing message)."""

    rows: list[dict] = field(default_factory=list)

    def add(self, row: SheetRow, status: str, message: str = "", order_no: str = "") -> None:
        self.rows.append({"row": row.number, "code": row.get("code"), "side": row.get("side"),
                          "quantity": row.get("quantity"), "price": row.get("price"), "status": status,
                          "order_no": order_no, "message": message})

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r["status"] == status)


def _describe(c: Checked) -> str:
    return f"{_describe_request(c.request)}, {c.amount_text}"


def _describe_request(r: OrderRequest) -> str:
    price = f"{r.price:,.0f}" if r.price is not None else "market"
    return f"{r.side.value} {r.quantity:,} {r.code} at {price} ({r.order_type.name})"


def _record_values(record: OrderRecord) -> dict:
    return {"status": RECORD_STATUS[record.status], "order_no": record.order_no,
            "order_time": record.time.strftime("%H:%M:%S") if record.time else "", "filled": record.filled_qty,
            "avg_price": record.avg_fill_price if record.filled_qty else ""}


def _key(r: OrderRequest) -> tuple:
    return r.code.upper(), r.side, r.quantity, r.price if r.order_type.needs_price else None, r.order_type, r.market


class Run:
    """One submit run: the sheet, the client, the journal and what has been decided so far."""

    def __init__(self, sheet: OrderSheet, client, journal: Journal, outcome: Outcome):
        self.sheet, self.client, self.journal, self.outcome = sheet, client, journal, outcome
        self.window_s = client.transport.timeout + client.profile.order_settle_s
        self.blocked: set[tuple] = set()  # request keys with an order still unknown: identical rows wait

    # writing -------------------------------------------------------------------------------
    def write(self, row: SheetRow, values: dict, client_id: str = "", journal_status: str = "") -> None:
        """The row first, then the journal; a sheet that cannot be written stops the run, the journal keeps it."""
        try:
            self.sheet.write(row, values)
        except OSError as exc:
            if client_id:
                self.journal.outcome(client_id, journal_status or values.get("status", ""),
                                     values.get("order_no", ""), values.get("message", ""), unwritten=True)
            raise KisXlError(f"the results cannot be written to the workbook ({exc}); row {row.number}'s result is "
                             f"kept in the journal and nothing more was sent: close the workbook (or make it "
                             f"writable) and run again to write it back") from None
        if client_id:
            self.journal.outcome(client_id, journal_status or values.get("status", ""), values.get("order_no", ""),
                                 values.get("message", ""))
        self.outcome.add(row, values.get("status", row.status), values.get("message", ""),
                         values.get("order_no", row.order_no))

    # reconcile -----------------------------------------------------------------------------
    def orders_list(self, since: datetime, us: bool = False) -> list[OrderRecord] | None:
        """KIS's orders from ``since``'s day to today (and the US list when ``us``), read through rate-limit
        storms; None if they cannot be read."""
        for attempt in range(LOOKUP_ATTEMPTS):
            try:
                now = self.client.now()
                orders = self.client.daily_orders(since.date(), now.date()).orders
                if us:
                    ny = (since.astimezone(NEW_YORK).date(), now.astimezone(NEW_YORK).date())
                    orders += self.client.us_daily_orders(*ny).orders
                return orders
            except KisXlError:
                if attempt == LOOKUP_ATTEMPTS - 1:
                    return None
                time.sleep(2 ** attempt)
        return None

    def reconcile(self, rows: list[SheetRow], only: str | None = None) -> None:
        """Write back what the journal knows and the sheet lacks; decide every unresolved intent."""
        mine = self.journal.entries()
        by_id = {r.get("client_id"): r for r in rows if r.get("client_id")}
        by_number = {r.number: r for r in rows}
        for entry in mine:
            row = by_id.get(entry.client_id) or by_number.get(entry.row)
            if row is None or (only and entry.client_id != only):
                continue
            if entry.unwritten:
                self._restore(entry, row)
            elif entry.status is None and row.get("client_id") == entry.client_id and row.status != UNKNOWN:
                # the row took this order's result (its client id is written with it); the journal had not yet
                self.journal.outcome(entry.client_id, _journal_status(row.status), row.order_no,
                                     "taken from the sheet")
                entry.status = _journal_status(row.status)
            elif entry.status == UNKNOWN and row.status != UNKNOWN and not row.order_no:
                self.journal.outcome(entry.client_id, RELEASED, message="the user cleared the row to send it again")
                entry.status = RELEASED
        account = self.journal.account_entries()
        unresolved = [e for e in account if e.unresolved]
        todo = [e for e in unresolved if e.journal == self.journal.path.name and (not only or e.client_id == only)]
        if not todo:
            return
        claimed = {order_key(r.order_no) for r in rows if r.order_no}
        claimed |= {order_key(e.order_no) for e in account if e.order_no and e.status != RELEASED}
        orders = self.orders_list(min(e.at for e in todo), us=any(e.request.market != "KRX" for e in todo))
        if orders is None:
            for e in todo:
                self._unknown(e, by_id.get(e.client_id) or by_number.get(e.row),
                              "KIS's order list could not be read (rate limit or network): run again to look it up")
            return
        now = self.client.now()
        decisions = rc.decide(unresolved, orders, claimed, now=now, window_s=self.window_s,
                              mine=self.journal.path.name)
        for e in todo:
            self._apply(e, by_id.get(e.client_id) or by_number.get(e.row), decisions[e.client_id])
        self.blocked |= {_key(e.request) for e in unresolved  # another workbook's order in doubt today
                         if e.journal != self.journal.path.name and e.at.date() == now.date()}

    def _restore(self, entry: Entry, row: SheetRow) -> None:
        values = {"status": _sheet_status(entry.status), "order_no": entry.order_no, "client_id": entry.client_id,
                  "message": f"written back from the journal: {entry.message}"}
        self.write(row, values, entry.client_id, entry.status)
        entry.unwritten = False

    def _unknown(self, entry: Entry, row: SheetRow | None, message: str) -> None:
        self.blocked.add(_key(entry.request))
        if row is not None:
            self.write(row, {"status": UNKNOWN, "message": message}, entry.client_id, UNKNOWN)
        else:
            self.journal.outcome(entry.client_id, UNKNOWN, message=message)

    def _apply(self, entry: Entry, row: SheetRow | None, decision: rc.Decision) -> None:
        sent = _describe_request(entry.request)
        edited = row is not None and _written_request(row, entry.at) != entry.request
        if decision.kind == rc.FOUND:
            order = decision.order
            if row is None or edited:
                where = f"row {entry.row} was edited since" if row is not None else f"row {entry.row} is gone"
                self.journal.outcome(entry.client_id, SENT, order.order_no, f"{sent}: order {order.order_no}")
                if row is not None:
                    self.write(row, {"status": UNKNOWN, "message": (
                        f"{where}: {sent} was sent from it as order {order.order_no}; this row was not sent: "
                        f"review it, then clear Status to send it")})
                return
            values = _record_values(order) | {"client_id": entry.client_id,
                                              "message": f"reconciled: order {order.order_no} in KIS's list"}
            self.write(row, values, entry.client_id, SENT)
        elif decision.kind == rc.NOT_BOOKED:
            message = (f"not in KIS's order list {self.window_s:.0f} s after it was sent: it was not booked, "
                       f"and may go out again")
            if row is None or edited:
                self.journal.outcome(entry.client_id, NOT_SENT_STATUS, message=f"{sent}: {message}")
                return
            self.write(row, {"status": NOT_SENT, "client_id": entry.client_id, "message": message},
                       entry.client_id, NOT_SENT_STATUS)
        elif decision.kind == rc.AMBIGUOUS:
            self._unknown(entry, row, f"{sent} matches orders {', '.join(decision.candidates)} of KIS's list that "
                                      f"cannot be told apart: check them in your HTS/MTS; nothing was sent again")
        else:
            until = entry.at + timedelta(seconds=self.window_s)
            self._unknown(entry, row, f"{sent}: not in KIS's order list yet; looked up again on the next run "
                                      f"(after {until:%H:%M:%S})")

    def settle(self, client_id: str, rows: list[SheetRow]) -> None:
        """After a lost answer: wait out the order's booking window (server clock), then look it up."""
        entry = next(e for e in self.journal.entries() if e.client_id == client_id)
        until = entry.at + timedelta(seconds=self.window_s)
        self.sheet.progress(f"kis-xl: an answer was lost; looking the order up in KIS's list after {until:%H:%M:%S}")
        while (left := (until - self.client.now()).total_seconds()) > -1:
            time.sleep(min(max(left + 1, 0.05), 1.0))
        self.reconcile(rows, only=client_id)

    # sending -------------------------------------------------------------------------------
    def send(self, c: Checked, kind: str) -> str:
        """Journal, wire, row; the row's status."""
        r = c.request
        if _key(r) in self.blocked:
            values = {"status": NOT_SENT, "message": "held: an identical order's outcome is still unknown; "
                                                     "run again once it is known"}
            self.write(c.row, values)
            return NOT_SENT
        client_id = f"{c.row.number}-{uuid.uuid4().hex[:10]}"
        submitted = self.client.now()
        self.journal.intent(client_id, c.row.number, r, at=submitted)
        base = {"client_id": client_id, "submitted_at": submitted.strftime("%Y-%m-%d %H:%M:%S")}
        journal_status = ""
        try:
            ack = self.client.place_order(r, kind=kind)
        except OrderOutcomeUnknown as exc:
            values = base | {"status": UNKNOWN, "message": f"{exc} — it is looked up in KIS's list, not resent"}
        except OrderNotSent as exc:
            values, journal_status = base | {"status": NOT_SENT, "message": str(exc)}, NOT_SENT_STATUS
        except InvalidOrder as exc:
            values, journal_status = base | {"status": INVALID, "message": str(exc)}, NOT_SENT_STATUS
        except KisError as exc:
            values = base | {"status": REJECTED, "message": str(exc)}
        except KisXlError as exc:  # anything else after the intent: it may have gone out
            values = base | {"status": UNKNOWN, "message": f"{exc} — it is looked up in KIS's list, not resent"}
        else:
            values = base | {"status": SENT, "order_no": ack.order_no, "filled": 0, "message": ack.message,
                             "order_time": ack.time.strftime("%H:%M:%S") if ack.time else ""}
        self.write(c.row, values, client_id, journal_status)
        return values["status"]


def _journal_status(sheet_status: str) -> str:
    return NOT_SENT_STATUS if sheet_status == NOT_SENT else sheet_status


def _sheet_status(journal_status: str | None) -> str:
    return {NOT_SENT_STATUS: NOT_SENT, None: UNKNOWN}.get(journal_status, journal_status)


def _written_request(row: SheetRow, at: datetime) -> OrderRequest | None:
    """The request a row holds as written (market checks aside)."""
    parsed = validate([row], Context(now=at))
    return parsed[0].request if parsed else None


def cancel_requested(sheet: OrderSheet, client, rows: list[SheetRow], outcome: Outcome,
                     confirm: Callable[[list[str]], None] | None = None) -> None:
    """Cancel the orders of rows marked CANCEL, behind the same switches and confirmation as new orders."""
    wanted = []
    for row in rows:
        if row.status != CANCEL_REQUEST:
            continue
        if row.order_no:
            wanted.append(row)
        else:
            sheet.write(row, {"status": INVALID, "message": "CANCEL needs the order number of a sent order"})
            outcome.add(row, INVALID, "no order number to cancel")
    if not wanted:
        return
    try:
        _check_switches(sheet, client, confirm, f"{len(wanted)} cancellations",
                        [f"CANCEL order {r.order_no} (row {r.number})" for r in wanted])
    except KisXlError as exc:
        for row in wanted:
            sheet.write(row, {"message": f"not cancelled: {exc}"})
            outcome.add(row, CANCEL_REQUEST, f"not cancelled: {exc}", row.order_no)
        return
    for row in wanted:
        try:
            ack = client.cancel_order(row.order_no)
        except KisError as exc:
            sheet.write(row, {"message": f"cancel refused: {exc}"})
            outcome.add(row, CANCEL_REQUEST, f"cancel refused: {exc}", row.order_no)
            continue
        sheet.write(row, {"status": CANCELLED, "message": f"cancelled by order {ack.order_no}"})
        outcome.add(row, CANCELLED, f"cancelled by order {ack.order_no}", row.order_no)


def run_sheet(sheet: OrderSheet, client, journal: Journal, *, dry_run: bool = False,
              confirm: Callable[[list[str]], None] | None = None,
              progress: Callable[[int, int], None] | None = None,
              after_row: Callable[[SheetRow], None] | None = None,
              clock: Callable[[], datetime] | None = None) -> Outcome:
    """Validate the sheet and (unless ``dry_run``) send its valid rows; every result is written to its row.

    ``clock`` replaces the server's clock for the market-hours check only; journal and reconciliation
    always use the server's clock, since that is what the day's order list is kept by.
    """
    outcome = Outcome()
    rows = sheet.rows()
    run = Run(sheet, client, journal, outcome)
    if not dry_run:
        sheet.check_writable()
        run.reconcile(rows)
        cancel_requested(sheet, client, rows, outcome, confirm)
    candidates = [r for r in rows if not r.is_blank and not r.already_sent and r.status != UNKNOWN]
    sent = [r for r in rows if not r.is_blank and (r.already_sent or r.status == UNKNOWN)]
    ctx = gather_context(client, candidates, clock)
    checked = validate(candidates, ctx, sent)
    for c in checked:
        if not c.ok:
            sheet.write(c.row, {"status": INVALID, "message": c.message})
            outcome.add(c.row, INVALID, c.message)
    valid = [c for c in checked if c.ok]
    if dry_run:
        for c in valid:
            sheet.write(c.row, {"status": VALID, "message": f"would send: {_describe(c)}"})
            outcome.add(c.row, VALID, _describe(c))
        return outcome
    if not valid:
        return outcome
    _check_switches(sheet, client, confirm, f"{len(valid)} orders, about {sum(c.amount for c in valid):,.0f} in total",
                    [_describe(c) for c in valid])
    for i, c in enumerate(valid, 1):
        sheet.progress(f"kis-xl: sending order {i} of {len(valid)} (row {c.row.number})")
        status = run.send(c, rules.kind_of(ctx.quotes.get(c.request.code)))
        if status == UNKNOWN:
            run.settle(c.row.get("client_id"), rows)
        if progress:
            progress(i, len(valid))
        if after_row:
            after_row(c.row)
    sheet.progress("")
    return outcome


def _check_switches(sheet: OrderSheet, client, confirm, summary: str, lines: list[str]) -> None:
    """Raise unless both send switches are on and, for live money, the sheet says real and the user confirms."""
    profile = client.profile
    if not sheet.settings.send_enabled:
        raise SendingDisabled(sheet.settings.send_refusal)
    if not profile.send_orders:
        raise SendingDisabled(f"sending is switched off for profile {profile.name!r} (send_orders = false in the "
                              f"config): nothing was sent")
    if profile.live_money:
        if sheet.settings.profile not in ("real", profile.name.lower()):
            raise SendingDisabled(f"this would go to the REAL account, but the sheet's Profile cell is not 'real' "
                                  f"(or {profile.name!r})")
        if confirm is None:
            raise SendingDisabled("orders to the REAL account need an explicit confirmation")
        confirm([f"account {profile.masked_account} (profile {profile.name})", summary, *lines[:10],
                 *(["…"] if len(lines) > 10 else [])])


def refresh(sheet: OrderSheet, client, confirm: Callable[[list[str]], None] | None = None) -> Outcome:
    """Filled quantities and statuses of sent rows from the day's orders; CANCEL requests carried out."""
    outcome = Outcome()
    rows = sheet.rows()
    cancel_requested(sheet, client, rows, outcome, confirm)
    records = {o.order_no.lstrip("0"): o for o in client.daily_orders().orders}
    for row in rows:
        record = records.get(row.order_no.lstrip("0")) if row.order_no else None
        if record is None:
            continue
        values = _record_values(record)
        if row.status == CANCEL_REQUEST and values["status"] in (SENT, PARTIAL):
            del values["status"]  # a cancellation still asked for (not carried out) stays asked for
        sheet.write(row, values)
        outcome.add(row, row.status, f"filled {record.filled_qty:,} of {record.quantity:,}", record.order_no)
    return outcome
