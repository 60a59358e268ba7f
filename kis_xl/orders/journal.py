"""An append-only journal of order intents and outcomes, written before anything goes on the wire.

One folder per account (and server), one file per workbook in it. Each line is JSON: an ``intent``
(client id, row, the request exactly as sent, the server's time) fsynced before the request leaves,
then ``outcome`` records (status, order number) as they become known. An intent whose last outcome
is missing or UNKNOWN is *unresolved*: its order may or may not have reached KIS, and it is
reconciled against KIS's order list, never resent blindly. Order numbers in the outcomes of every
journal of the account are *claimed*: reconciliation never hands them to another row.
No secrets are written; the account appears only as a hash.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from .. import krx
from ..config import cache_dir
from ..errors import KisXlError
from ..models import OrderRequest, OrderType, Side
from .rows import UNKNOWN

RELEASED = "RELEASED"  # the user cleared an UNKNOWN row to send it again: the intent no longer claims anything


def order_key(order_no: str) -> str:
    """Order numbers compare without their leading zeros (KIS pads them to 10 digits)."""
    return str(order_no or "").strip().lstrip("0")


@dataclass
class Entry:
    """One intent and what is known of it, in send order."""

    client_id: str
    row: int
    request: OrderRequest
    at: datetime  # the server's clock just before sending
    journal: str  # the file it came from (several workbooks may trade one account)
    status: str | None = None  # the last outcome's status; None: the process died before knowing it
    order_no: str = ""
    message: str = ""
    unwritten: bool = False  # the outcome is known but could not be written to the sheet yet

    @property
    def unresolved(self) -> bool:
        return self.status is None or self.status == UNKNOWN


def _request(record: dict) -> OrderRequest:
    return OrderRequest(record["code"], Side(record["side"]), int(record["quantity"]), record.get("price"),
                        OrderType(record["order_type"]), record.get("market", "KRX"))


def _aware(text: str) -> datetime:
    at = datetime.fromisoformat(text)
    return at if at.tzinfo else at.replace(tzinfo=krx.KST)


class Journal:
    def __init__(self, workbook: str, server: str, account: str, folder: Path | None = None):
        root = folder or cache_dir() / "journal"
        account_id = hashlib.sha256(f"{server.rstrip('/')}|{account}".encode()).hexdigest()[:24]
        self.folder = root / account_id
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = self.folder / f"{hashlib.sha256(str(Path(workbook).resolve()).encode()).hexdigest()[:24]}.jsonl"

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """One sending run per workbook and account at a time (a second CLI run, or Excel and the CLI)."""
        try:
            with FileLock(str(self.path.with_suffix(".lock")), timeout=0):
                yield
        except Timeout:
            raise KisXlError("another kis-xl run is sending from this workbook: wait for it, then run again") from None

    def _append(self, record: dict) -> None:
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def intent(self, client_id: str, row: int, request: OrderRequest, *, at: datetime) -> None:
        """Record an order about to be sent; ``at`` is the server's clock (what reconciliation searches by)."""
        self._append({"kind": "intent", "client_id": client_id, "row": row, "at": at.isoformat(),
                      "code": request.code, "side": request.side.value, "quantity": request.quantity,
                      "price": request.price, "order_type": request.order_type.value, "market": request.market})

    def outcome(self, client_id: str, status: str, order_no: str = "", message: str = "", *,
                unwritten: bool = False) -> None:
        """What became of an intent; ``unwritten`` when the sheet could not take it (the next run writes it)."""
        self._append({"kind": "outcome", "client_id": client_id, "status": status, "order_no": order_no,
                      "message": message, "unwritten": unwritten})

    def _read(self, path: Path) -> list[Entry]:
        entries: dict[str, Entry] = {}
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash
            if record.get("kind") == "intent":
                entries[record["client_id"]] = Entry(record["client_id"], int(record["row"]), _request(record),
                                                     _aware(record["at"]), path.name)
            elif record.get("kind") == "outcome" and record.get("client_id") in entries:
                entry = entries[record["client_id"]]
                entry.status = record["status"]
                entry.order_no = record.get("order_no") or entry.order_no
                entry.message = record.get("message") or ""
                entry.unwritten = bool(record.get("unwritten"))
        return list(entries.values())

    def entries(self) -> list[Entry]:
        """This workbook's intents with what is known of them, in the order they were sent."""
        return self._read(self.path)

    def account_entries(self) -> list[Entry]:
        """The intents of every workbook's journal on this account (this one's included)."""
        return [e for path in sorted(self.folder.glob("*.jsonl")) for e in self._read(path)]
