"""Validate, then send the valid rows of an order sheet once each, writing every row's result as soon as known.

The same code runs behind the Excel macro and ``kis-xl orders submit``. Order of work on each run:
reconcile rows whose outcome is unknown (never resend them), carry out requested cancellations,
validate the rest, then — only if the sheet's and the profile's send switches are on, and for the real
account only with the sheet set to ``real`` and an explicit confirmation — send the valid rows in order.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from .. import krx
from ..errors import KisError, KisXlError, OrderOutcomeUnknown, TransportError
from ..models import OrderRecord, OrderRequest, OrderStatus, OrderType, Side
from .book import OrderSheet
from .journal import Journal
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


class SendingDisabled(KisXlError):
    """The sheet's or the profile's send switch is off."""


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
    return f"{_describe_request(c.request)}, ~{c.amount:,.0f}"


def _since(row: SheetRow, fallback: datetime) -> datetime:
    value = row.get("submitted_at")
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=krx.KST)
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=krx.KST) if value else fallback
    except ValueError:
        return fallback


def _record_values(record: OrderRecord) -> dict:
    return {"status": RECORD_STATUS[record.status], "order_no": record.order_no,
            "order_time": record.time.strftime("%H:%M:%S") if record.time else "", "filled": record.filled_qty}


def reconcile(sheet: OrderSheet, client, journal: Journal, rows: list[SheetRow], outcome: Outcome) -> None:
    """Rows whose order may have reached KIS (UNKNOWN, or journaled without a result) looked up, not resent.

    A journaled intent is matched only to the row it came from *as it was then*: if the user edited the
    row since, the row is held as UNKNOWN with what was sent from it, for the user to decide. Every intent
    looked at is closed in the journal, so a row the user clears afterwards can be sent again.
    """
    pending = journal.pending()
    for row in rows:
        intent = pending.get(row.number)
        if row.status != UNKNOWN and not (intent and not row.already_sent):
            continue
        parsed = validate([row], Context(now=client.now()))  # the request as written; market checks don't apply
        written = parsed[0].request if parsed else None
        journaled = _request_from(intent)
        request = journaled or written
        if request is None:
            continue
        found = client.find_order(request, _since(row, _intent_time(intent) if intent else client.now()))
        if journaled and written != journaled:
            where = f"as order {found.order_no}" if found else "not found in today's orders"
            message = (f"before this row was edited, {_describe_request(journaled)} was sent from it ({where}); "
                       f"this row was not sent: review it, then clear Status to send it")
            values = {"status": UNKNOWN, "message": message}
        elif found:
            values = _record_values(found) | {"message": "reconciled: found in today's orders"}
        else:
            values = {"status": UNKNOWN, "message": "not found in today's orders: check your HTS/MTS; clear Status "
                                                    "to send it again, or leave it"}
        sheet.write(row, values)
        if intent:
            journal.outcome(intent["client_id"], values["status"], found.order_no if found else "", "reconciled")
        outcome.add(row, values["status"], values["message"], values.get("order_no", ""))


def _intent_time(intent: dict) -> datetime:
    """When the intent was journaled, on the server's clock (older records without a zone are KST)."""
    at = datetime.fromisoformat(intent["at"])
    return at if at.tzinfo else at.replace(tzinfo=krx.KST)


def _describe_request(r: OrderRequest) -> str:
    price = f"{r.price:,.0f}" if r.price is not None else "market"
    return f"{r.side.value} {r.quantity:,} {r.code} at {price} ({r.order_type.name})"


def _request_from(intent: dict | None) -> OrderRequest | None:
    """The request exactly as it was journaled before sending."""
    if not intent:
        return None
    return OrderRequest(intent["code"], Side(intent["side"]), int(intent["quantity"]), intent.get("price"),
                        OrderType(intent["order_type"]), intent.get("market", "KRX"))


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
    if not dry_run:
        reconcile(sheet, client, journal, rows, outcome)
        cancel_requested(sheet, client, rows, outcome, confirm)
    candidates = [r for r in rows if not r.is_blank and not r.already_sent and r.status != UNKNOWN]
    sent = [r for r in rows if not r.is_blank and (r.already_sent or r.status == UNKNOWN)]
    checked = validate(candidates, gather_context(client, candidates, clock), sent)
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
        _send(sheet, client, journal, c, outcome)
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
        raise SendingDisabled("the sheet's 'Send orders' switch is OFF: nothing was sent (rows are validated)")
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


def _send(sheet: OrderSheet, client, journal: Journal, c: Checked, outcome: Outcome) -> None:
    r = c.request
    client_id = f"{c.row.number}-{uuid.uuid4().hex[:10]}"
    submitted = client.now()
    journal.intent(client_id, c.row.number, {"code": r.code, "side": r.side.value, "quantity": r.quantity,
                                             "price": r.price, "order_type": r.order_type.value, "market": r.market},
                   at=submitted)
    base = {"client_id": client_id, "submitted_at": submitted.strftime("%Y-%m-%d %H:%M:%S")}
    try:
        ack = client.place_order(r)
    except OrderOutcomeUnknown as exc:
        values = base | {"status": UNKNOWN, "message": f"{exc} — the next run reconciles it"}
    except KisError as exc:
        values = base | {"status": REJECTED, "message": str(exc)}
    except TransportError as exc:
        values = base | {"status": NOT_SENT, "message": f"not sent: {exc}"}
    else:
        values = base | {"status": SENT, "order_no": ack.order_no, "filled": 0, "message": ack.message,
                         "order_time": ack.time.strftime("%H:%M:%S") if ack.time else ""}
    sheet.write(c.row, values)
    journal.outcome(client_id, values["status"], values.get("order_no", ""), values["message"])
    outcome.add(c.row, values["status"], values["message"], values.get("order_no", ""))


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
