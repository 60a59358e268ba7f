"""The record of what was sent: an append-only journal of order intents, sends and outcomes.

The journal, not the workbook, is the record (people close Excel without saving). One folder per
account (and server), one file per workbook in it (keyed by the id the workbook keeps: ``identity.py``), both
private to the user. Each line is JSON:

Statuses are ``lifecycle.RowStatus`` words, the sheet's (older journals wrote ``NOT_SENT``: read alike).

- ``intent`` (status JOURNALED): client id, row, the request exactly as it goes on the wire, the row's tag, the server's
  time, its ``placement`` (the kind's word: ``order``, ``reservation``; older journals wrote ``reserve``: true
  for a reservation, read alike); fsynced before anything leaves;
- ``sending`` (status SENDING): the server's time just before the request's bytes leave (after the token and the rate
  limiter, once per attempt) and the last moment KIS may book it (``until``): the booking window;
- ``outcome``: status and, once known, what it was placed as, under its kind's key: the order (trading day, book,
  number) or the reservation (KST day placed, book, number) a reservation (예약주문) got; and when it was decided.

Each line is framed: the JSON, a tab and the CRC-32 of the JSON (8 hex digits). A crash or a full disk can
leave the last line cut short; before the next append such a torn tail is set aside (moved to a ``.torn``
file beside the journal, the journal cut back to its last whole line), so it is never merged into the next
record nor drops it. A line without a frame (journals written before framing) is read as plain JSON, and a
record glued onto an earlier torn line is still found.

An intent without a ``sending`` line never left this machine. An intent whose last outcome is missing or
UNKNOWN is *unresolved*: it is reconciled against KIS's order list, never resent blindly. The orders in
the outcomes of every journal of the account are *claimed*: reconciliation never hands them to another
row. No secrets are written; the account appears only as a hash.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from filelock import FileLock, Timeout

from .. import krx
from ..config import cache_dir
from ..errors import KisXlError
from ..i18n import t
from ..models import (
    OrderId,
    OrderRequest,
    OrderType,
    ReservationId,
    Side,
    book_of,
)
from ..sessions import trading_day
from .identity import is_id
from .lifecycle import JOURNALED, SENDING, UNKNOWN, RowStatus
from .placement import Placement, from_record, named, placed

VERSION = 2  # intents since sends were journaled: one without a ``sending`` line never left


@dataclass
class Entry:
    """One intent and what is known of it, in send order."""

    client_id: str
    row: int
    request: OrderRequest
    tag: str
    at: datetime  # the server's clock when the intent was written
    journal: str  # the file it came from (several workbooks may trade one account)
    version: int = 1
    kind: str = "order"  # its placement's kind (``placement.named``): an order, a reservation (예약주문)…
    sent_at: datetime | None = None  # the last time its bytes were about to leave
    until: datetime | None = None  # the last moment KIS may have booked it
    status: RowStatus | str | None = None  # the last outcome's status; None: the process died before knowing it
    placements: list[Placement] = field(default_factory=list)  # what KIS booked it as, in the order learnt
    message: str = ""
    unwritten: bool = False  # the outcome is known but could not be written to the sheet yet

    @property
    def placed(self) -> Placement | None:
        """What it became last (a reservation's order once it went out), or None while unknown."""
        return self.placements[-1] if self.placements else None

    @property
    def unresolved(self) -> bool:
        return self.status is None or self.status == UNKNOWN

    @property
    def stage(self) -> RowStatus | str:
        """Where its life stands as the journal tells: its last outcome, else SENDING once it may have left,
        else JOURNALED (it never left this machine)."""
        return self.status if self.status is not None else SENDING if self.left else JOURNALED

    @property
    def left(self) -> bool:
        """Whether its request may have left the machine (journals before sends were recorded: assume so)."""
        return self.version < VERSION or self.sent_at is not None

    @property
    def day(self) -> date:
        """The trading day it was meant for."""
        return trading_day(book_of(self.request.market), self.at)

    def window(self, fallback_s: float) -> tuple[datetime, datetime]:
        """When KIS may have booked it: from its last send to ``until``; an older journal's intents from the
        intent to ``fallback_s`` after it."""
        if self.sent_at is not None and self.until is not None:
            return self.sent_at, self.until
        return self.at, self.at + timedelta(seconds=fallback_s)


def _aware(text: str) -> datetime:
    at = datetime.fromisoformat(text)
    return at if at.tzinfo else at.replace(tzinfo=krx.KST)


def _request(record: dict) -> OrderRequest:
    price = record.get("wire_price") or record.get("price")
    stop = record.get("stop_price")
    return OrderRequest(record["code"], Side(record["side"]), int(record["quantity"]),
                        float(price) if price not in (None, "") else None, OrderType(record["order_type"]),
                        record.get("market", "KRX"), float(stop) if stop not in (None, "") else None,
                        record.get("venue") or "KRX", record.get("session") or "")


def _kind(record: dict) -> str:
    """An intent's kind: its ``placement`` word, or (journals before kinds) its ``reserve`` flag; KeyError for a
    kind this version does not know."""
    kind = record.get("placement") or ("reservation" if record.get("reserve") else "order")
    return named(kind).key


class JournalUnwritable(KisXlError):
    """The journal cannot be written (a full disk, a read-only folder): nothing may go out unrecorded."""


def frame(record: dict) -> bytes:
    """A record as one journal line: its JSON, a tab, the JSON's CRC-32 (JSON never holds a raw tab)."""
    text = json.dumps(record, ensure_ascii=False, default=str)
    return f"{text}\t{zlib.crc32(text.encode()):08x}\n".encode()


def parse(line: str) -> dict | None:
    """A journal line's record: framed and whole, or an unframed line of an older journal; else the whole record
    glued onto the end of a torn line (before framing, the next record was appended onto it); None when torn."""
    line = line.rstrip("\n")
    text, tab, crc = line.rpartition("\t")
    framed = bool(tab) and len(crc) == 8
    body = text if framed else line
    start = 0
    while start >= 0:
        candidate = body[start:]
        if not framed or f"{zlib.crc32(candidate.encode()):08x}" == crc:
            record = _object(candidate)
            if record is not None:
                return record
        start = body.find('{"kind"', start + 1)
    return None


def _object(text: str) -> dict | None:
    try:
        record = json.loads(text)
    except ValueError:
        return None
    return record if isinstance(record, dict) and "kind" in record else None


def _write_all(fd: int, data: bytes) -> None:
    """All of ``data``, or OSError (a full disk can take part of a write)."""
    while data:
        written = os.write(fd, data)
        if written <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        data = data[written:]


def sync_folder(folder: Path) -> None:
    """A new file's name made durable: the folder itself fsynced (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _file_key(workbook: str) -> str:
    """A journal's file name: the workbook's id, or (without one) its resolved path, hashed."""
    return hashlib.sha256((workbook if is_id(workbook) else str(Path(workbook).resolve())).encode()).hexdigest()[:24]


def _forward(path: Path) -> tuple[str | None, str]:
    """A forward file's id (None when it holds none) and the name it forwards ("" in older files)."""
    try:
        first, _, name = path.read_text(encoding="utf-8").strip().partition("\n")
    except (FileNotFoundError, UnicodeDecodeError):
        return None, ""
    return (first if is_id(first) else None), name.strip()


class Journal:
    def __init__(self, workbook: str, server: str, account: str, folder: Path | None = None,
                 clock: Callable[[], datetime] | None = None):
        """``workbook``: the id the workbook keeps (``identity``), else its path or Excel's name for it (a name
        forwarded to an id, ``take_over``, opens that id's journal)."""
        root = folder or cache_dir() / "journal"
        account_id = hashlib.sha256(f"{server.rstrip('/')}|{account}".encode()).hexdigest()[:24]
        self.folder = root / account_id
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.folder, 0o700)
        self.forward = self.folder / f"{_file_key(workbook)}.id"
        self.name = "" if is_id(workbook) else workbook  # the caller's name for the workbook (path or URL)
        self.key = workbook if is_id(workbook) else self.forwarded() or workbook
        self.path = self.folder / f"{_file_key(self.key)}.jsonl"
        self.clock = clock  # the server's clock, stamped on outcomes

    def take_over(self, former: Journal) -> None:
        """The workbook kept no id when ``former`` (keyed by its path or URL) was written: that journal becomes
        this one (when this one has nothing yet), and a forward (``.id``) is left under the former name, so an
        older copy of the workbook at that place, saved before it kept an id, is given the same id again."""
        if former.path == self.path:  # forwarded already
            return
        if not self.path.exists():
            for suffix in (".jsonl", ".torn"):
                try:
                    os.rename(former.path.with_suffix(suffix), self.path.with_suffix(suffix))
                except FileNotFoundError:
                    continue
        if former.forwarded() != self.key:
            try:
                fd = os.open(former.forward, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                try:
                    _write_all(fd, f"{self.key}\n{former.name}".encode())  # the id, then the name it forwards
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError as exc:
                raise self._unwritable(exc) from None
        sync_folder(self.folder)

    def forwarded(self) -> str | None:
        """The workbook id this name was forwarded to (``take_over``), or None."""
        return _forward(self.forward)[0]

    def forwards(self) -> list[tuple[str, str]]:
        """(name, id) of every name forwarded to an id on this account (names written since forwards kept them)."""
        found = [_forward(path) for path in sorted(self.folder.glob("*.id"))]
        return [(name, key) for key, name in found if key and name]

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """One sending run per workbook and account at a time (a second CLI run, or Excel and the CLI)."""
        try:
            with FileLock(str(self.path.with_suffix(".lock")), timeout=0, mode=0o600):
                yield
        except Timeout:
            raise KisXlError("another kis-xl run is sending from this workbook: wait for it, then run again") from None

    def _append(self, record: dict) -> None:
        """One framed record, fsynced; a torn tail set aside first; the folder synced when the file is new."""
        data = frame(record)
        created = not self.path.exists()
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                if os.fstat(fd).st_mode & 0o077:  # private to the user, whoever made the file
                    os.fchmod(fd, 0o600)
                self._mend_tail(fd)
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise self._unwritable(exc) from None
        if created:
            sync_folder(self.folder)

    def _unwritable(self, exc: OSError) -> JournalUnwritable:
        return JournalUnwritable(t("kis-xl's order journal cannot be written ({reason}; {path}): nothing more was "
                                   "sent; free disk space there, then run again",
                                   reason=exc.strerror or exc, path=self.path))

    def _mend_tail(self, fd: int) -> None:
        """A last line without its newline: a whole record gets its newline; a torn one is moved to the
        ``.torn`` file beside the journal and the journal cut back to its last whole line."""
        size = os.fstat(fd).st_size
        if not size or os.pread(fd, 1, size - 1) == b"\n":
            return
        start = size
        while start > 0:
            chunk = os.pread(fd, min(start, 65536), max(0, start - 65536))
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                start = start - len(chunk) + cut + 1
                break
            start -= len(chunk)
        tail = os.pread(fd, size - start, start)
        if parse(tail.decode("utf-8", "replace")) is not None:
            _write_all(fd, b"\n")
            return
        torn = os.open(self.path.with_suffix(".torn"), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            _write_all(torn, tail + b"\n")
            os.fsync(torn)
        finally:
            os.close(torn)
        os.ftruncate(fd, start)
        os.fsync(fd)

    def intent(self, client_id: str, row: int, request: OrderRequest, *, tag: str, wire_price: str | None,
               at: datetime, kind: str = "order") -> None:
        """Record an order (or a reservation, another ``kind``) about to be sent, exactly as prepared, its price as
        the wire will carry it; ``at`` is the server's clock."""
        self._append({"kind": "intent", "v": VERSION, "status": JOURNALED, "client_id": client_id, "row": row,
                      "at": at.isoformat(),
                      "code": request.code, "side": request.side.value, "quantity": request.quantity,
                      "price": request.price, "wire_price": wire_price, "order_type": request.order_type.value,
                      "market": request.market, "stop_price": request.stop_price, "venue": request.venue,
                      "session": request.session, "placement": kind, "tag": tag})

    def sending(self, client_id: str, at: datetime, until: datetime) -> None:
        """The request is about to leave (server time ``at``); KIS may book it until ``until``."""
        self._append({"kind": "sending", "status": SENDING, "client_id": client_id, "at": at.isoformat(),
                      "until": until.isoformat()})

    def outcome(self, client_id: str, status: str, order: OrderId | ReservationId | Placement | None = None,
                message: str = "",
                *, unwritten: bool = False) -> None:
        """What became of an intent (its order, or its reservation); ``unwritten`` when the sheet could not take
        it (the next run writes it)."""
        record = {"kind": "outcome", "client_id": client_id, "status": str(status),
                  "message": message,
                  "unwritten": unwritten}
        if self.clock is not None:
            record["at"] = self.clock().isoformat()
        if order is not None:
            record |= placed(order).journal_record()
        self._append(record)

    def _read(self, path: Path) -> list[Entry]:
        entries: dict[str, Entry] = {}
        try:
            # bytes, split on newlines alone: a torn tail may end inside a character (a full disk took half of a
            # Korean name), and a record's own text may hold what str.splitlines() would also split on (U+2028)
            lines = path.read_bytes().decode("utf-8", errors="replace").split("\n")
        except FileNotFoundError:
            return []
        for line in lines:
            record = parse(line)
            if record is None:
                continue  # a line cut short by a crash, or damaged
            try:
                kind = record.get("kind")
                if kind == "intent":
                    entries[record["client_id"]] = Entry(
                        record["client_id"], int(record["row"]), _request(record), str(record.get("tag") or ""),
                        _aware(record["at"]), path.name, int(record.get("v", 1)), _kind(record))
                    continue
                entry = entries.get(record.get("client_id"))
                if entry is None:
                    continue
                if kind == "sending":
                    entry.sent_at, entry.until = _aware(record["at"]), _aware(record["until"])
                elif kind == "outcome":
                    entry.status = RowStatus.read(record["status"])
                    entry.placements += from_record(record)
                    if entry.placed is None and record.get("order_no"):  # a journal from before orders had days
                        entry.placements.append(placed(OrderId.of(entry.day, entry.request.market,
                                                                  record["order_no"])))
                    entry.message = record.get("message") or ""
                    entry.unwritten = bool(record.get("unwritten"))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a record kis-xl cannot read
        return list(entries.values())

    def entries(self) -> list[Entry]:
        """This workbook's intents with what is known of them, in the order they were sent."""
        return self._read(self.path)

    def account_entries(self) -> list[Entry]:
        """The intents of every workbook's journal on this account (this one's included)."""
        return [e for path in sorted(self.folder.glob("*.jsonl")) for e in self._read(path)]
