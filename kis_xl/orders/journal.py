"""An append-only journal of order intents and outcomes, written before anything goes on the wire.

Each line is JSON: ``intent`` (row, client id, code, side, quantity, price, type, time) fsynced before the
request is sent, then ``outcome`` once known. After a crash, an intent without an outcome marks a row
whose order may have reached KIS: it is reconciled against the day's orders, never resent blindly.
No secrets are written; the account appears only as a hash.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from ..config import cache_dir
from ..errors import KisXlError


class Journal:
    def __init__(self, workbook: str, profile: str, account: str, folder: Path | None = None):
        folder = folder or cache_dir() / "journal"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = hashlib.sha256(f"{Path(workbook).resolve()}|{profile}|{account}".encode()).hexdigest()[:24]
        self.path = folder / f"{key}.jsonl"

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

    def intent(self, client_id: str, row: int, fields: dict, *, at: datetime) -> None:
        """Record an order about to be sent; ``at`` is the server's clock (what reconciliation searches by)."""
        self._append({"kind": "intent", "client_id": client_id, "row": row, "at": at.isoformat(), **fields})

    def outcome(self, client_id: str, status: str, order_no: str = "", message: str = "") -> None:
        self._append({"kind": "outcome", "client_id": client_id, "status": status, "order_no": order_no,
                      "message": message, "at": datetime.now().isoformat()})

    def pending(self) -> dict[int, dict]:
        """Intents with no outcome yet, by sheet row: orders that may or may not have reached KIS."""
        if not self.path.exists():
            return {}
        intents, done = {}, set()
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash
            if record.get("kind") == "intent":
                intents[record["client_id"]] = record
            elif record.get("kind") == "outcome":
                done.add(record["client_id"])
        return {r["row"]: r for cid, r in intents.items() if cid not in done}
