"""A kind of order is one Placement class (issue 27): the journal and a checked row carry its word, reconcile and
REFRESH read its list through its class, and an older journal's ``reserve`` flag still reads as a reservation."""

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from kis_xl.models import OrderId, OrderRequest, OrderType, ReservationId, Side
from kis_xl.orders import ledger, pairing, placement, rows, sender
from kis_xl.orders.journal import Journal, frame
from kis_xl.orders.lifecycle import FILLED, FINAL, SENT, RowStatus
from kis_xl.orders.reconcile import Reconciler
from kis_xl.orders.refresh import refresh
from kis_xl.orders.rows import SheetRow
from kis_xl.orders.validate import Checked, read
from tests.orders.test_state import DAY, FIRST, NOW, FakeBroker, MemorySheet


@dataclass(frozen=True)
class LaterId:
    """A test kind's id: (day, book, number), as every kind's."""

    day: date
    book: str
    number: str


@dataclass(frozen=True)
class Listed:
    id: LaterId
    filled: int


LISTED: list[Listed] = []  # the test kind's list at KIS, as its class reads it


@dataclass(frozen=True)
class PlacedLater(placement._Named):
    """A third kind, sketched in a test only: its number in its own column, its own list."""

    id: LaterId
    key: ClassVar[str] = "later"
    taken: ClassVar[RowStatus] = SENT
    reserve: ClassVar[bool] = False
    unreadable: ClassVar[str] = "the later list could not be read"

    def cells(self) -> dict:
        return {"later_no": self.id.number}

    def cancel(self, broker, code: str) -> str:
        return f"{self.id.number} cancelled"

    def found(self, listed: list, today) -> tuple[dict, "PlacedLater"]:
        return {"status": SENT, "message": "reconciled"}, self

    def refreshed(self, row: SheetRow, listed: list, today) -> tuple[dict, None]:
        found = self.lookup(listed)
        return ({"status": FILLED, "filled": found.filled} if found else {"message": "not listed"}), None

    @staticmethod
    def place(broker, request: OrderRequest, *, kind, quote, on_send):
        on_send()
        return LaterId(DAY, "KR", "42")

    @classmethod
    def answered(cls, ack: LaterId, values: dict) -> tuple["PlacedLater", dict]:
        return cls(ack), values | {"status": SENT, "message": f"later {ack.number}"}

    @staticmethod
    def day_of(book: str, at: datetime) -> date:
        return at.date()

    @staticmethod
    def listed(lists, first: dict[str, date]) -> list:
        return list(LISTED)

    @classmethod
    def followed(cls, row: SheetRow) -> "PlacedLater | None":
        number = row.get("later_no")
        return cls(LaterId(DAY, "KR", number)) if number and row.status not in FINAL else None


def test_a_third_kind_flows_through_validate_send_journal_and_refresh_as_one_class(tmp_path, monkeypatch):
    monkeypatch.setitem(placement.KINDS, LaterId, PlacedLater)  # its row of KINDS
    monkeypatch.setitem(rows.WHEN, "later", "later")  # rows.py: the When word that asks for it
    row = SheetRow(FIRST, {"code": "005930", "side": "BUY", "quantity": 3, "price": 70_000, "when": "later",
                           "status": ""})
    written = read(row)
    assert written.kind == "later" and not written.problems  # validate carries the kind's word
    journal = Journal("book.xlsx", "https://sim", "1-01", folder=tmp_path)
    sheet = MemorySheet([row])
    book = ledger.Ledger(sheet, journal)
    broker = FakeBroker()
    reconciler = Reconciler(book, journal, broker, lambda r: None, settle_s=1.0, fallback_s=2.0)
    assert sender.Sender(book, broker, reconciler).send(Checked(row, written.request, kind=written.kind), None) == SENT
    assert row.cells["later_no"] == "42" and row.cells["message"] == "later 42"
    [e] = journal.entries()
    assert e.kind == "later" and e.placed == PlacedLater(LaterId(DAY, "KR", "42"))  # the journal reads it back
    LISTED[:] = [Listed(LaterId(DAY, "KR", "42"), 3)]
    try:
        refresh(sheet, broker)
    finally:
        LISTED.clear()
    assert row.cells["status"] == FILLED and row.cells["filled"] == 3  # REFRESH read its list through its class


def test_a_lost_answer_of_a_third_kind_is_looked_up_in_its_own_list(tmp_path, monkeypatch):
    monkeypatch.setitem(placement.KINDS, LaterId, PlacedLater)
    monkeypatch.setitem(pairing.SAME, "later", lambda request, listed: True)  # pairing.py: finding it in its list
    journal = Journal("book.xlsx", "https://sim", "1-01", folder=tmp_path)
    request = OrderRequest("005930", Side.BUY, 3, 70_000.0)
    journal.intent("9-a", FIRST, request, tag="", wire_price="70000", at=NOW, kind="later")
    journal.sending("9-a", NOW, NOW)
    [e] = journal.entries()
    listed = {"later": [type("Later", (), {"id": LaterId(DAY, "KR", "7"), "placed_at": NOW})()]}
    decision = pairing.decide([e], listed, set(), now=NOW, settle_s=1.0, fallback_s=2.0, mine=e.journal)["9-a"]
    assert decision.kind == pairing.FOUND and decision.order.id == LaterId(DAY, "KR", "7")
    reconciler = Reconciler(ledger.Ledger(MemorySheet(), journal), journal, FakeBroker(), lambda r: None,
                            settle_s=1.0, fallback_s=2.0)
    LISTED[:] = [Listed(LaterId(DAY, "KR", "7"), 0)]
    try:
        assert reconciler._lists([e]) == {"later": LISTED}  # reconcile reads its list through its class
    finally:
        LISTED.clear()


def test_an_older_journal_s_reserve_flag_reads_as_a_reservation(tmp_path):
    journal = Journal("book.xlsx", "https://sim", "1-01", folder=tmp_path)
    intent = {"kind": "intent", "v": 2, "status": "JOURNALED", "row": FIRST, "at": NOW.isoformat(), "code": "005930",
              "side": Side.BUY.value, "quantity": 1, "price": 70000.0, "wire_price": "70000",
              "order_type": OrderType.LIMIT.value,
              "market": "KRX", "tag": ""}
    reservation = {"kind": "outcome", "client_id": "9-r", "status": "RESERVED", "message": "",
                   "reservation": {"day": DAY.isoformat(), "book": "KR", "number": "77"}}
    old = [intent | {"client_id": "9-r", "reserve": True}, reservation,  # before kinds: a flag
           intent | {"client_id": "9-o", "reserve": False},
           intent | {"client_id": "9-n"}]  # before reservations: no flag at all
    unframed = "".join(json.dumps(r) + "\n" for r in old[2:]).encode()  # lines from before framing
    journal.path.write_bytes(b"".join(frame(r) for r in old[:2]) + unframed)
    entries = {e.client_id: e for e in journal.entries()}
    assert entries["9-r"].kind == "reservation"
    assert entries["9-r"].placed == placement.PlacedReservation(ReservationId(DAY, "KR", "77"))
    assert entries["9-o"].kind == entries["9-n"].kind == "order" and entries["9-o"].placed is None
    journal.intent("9-x", FIRST, OrderRequest("005930", Side.BUY, 1, 70_000.0), tag="",
                   wire_price="70000", at=NOW, kind="reservation")
    assert {e.client_id: e.kind for e in journal.entries()}["9-x"] == "reservation"  # written as its word now
    assert OrderId(DAY, "KR", "1") not in {e.placed.id for e in entries.values() if e.placed}


def test_a_reservation_that_went_out_as_an_order_keeps_both_claimed(tmp_path):
    journal = Journal("book.xlsx", "https://sim", "1-01", folder=tmp_path)
    journal.intent("9-r", FIRST, OrderRequest("005930", Side.BUY, 1, 70_000.0), tag="", wire_price="70000", at=NOW,
                   kind="reservation")
    reservation, order = ReservationId(DAY, "KR", "77"), OrderId(DAY, "KR", "5")
    journal.outcome("9-r", "RESERVED", reservation)
    journal.outcome("9-r", "SENT", order)
    [e] = journal.entries()
    assert e.placed == placement.PlacedOrder(order)  # what it became last
    assert [p.id for p in e.placements] == [reservation, order]  # neither is handed to another intent
