"""What a row was placed as at KIS: an order or a reservation (예약주문), one class each behind one protocol.

A ``Placement`` knows the cells that name it on its row, the record that names it in the journal, how to find
itself in KIS's lists and what they say it became, and how it is cancelled; its class (a *kind*, named by
``key``: the word the journal and a checked row carry) knows how it is placed, what KIS's answer writes on the
row, which list holds it and from which day, and which rows REFRESH follows with it. ``placed`` wraps a
``models`` id in its class (``KINDS``), ``named`` finds a kind by its word. A new kind of order is one class
here and one row of ``KINDS``, not a branch in every stage (docs/ARCHITECTURE.md, "A new kind of order").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar, Protocol

from ..krx import KST
from ..models import OrderAck, OrderId, OrderRecord, OrderRequest, Reservation, ReservationAck, ReservationId
from ..models import ReservationStatus as Listed
from ..sessions import trading_day
from .broker import Broker
from .lifecycle import CANCELLED, FINAL, REJECTED, RESERVED, SENT, UNKNOWN, RowStatus
from .lists import Orders
from .rows import SheetRow
from .state import OrderState

Today = dict[str, date]  # book → its trading day now


class Placement(Protocol):
    key: ClassVar[str]  # the kind's word: its journal record's key, the intent's and the checked row's kind
    taken: ClassVar[RowStatus]  # what its row says once KIS took it
    reserve: ClassVar[bool]  # it waits for its session (KIS's reservation rules apply, not an open session's)
    unreadable: ClassVar[str]  # REFRESH's message when its list cannot be read

    @property
    def id(self) -> OrderId | ReservationId: ...

    def cells(self) -> dict:
        """The cells that name it on its row."""
        ...

    def journal_record(self) -> dict:
        """What names it in a journal outcome."""
        ...

    def lookup(self, listed: list) -> OrderRecord | Reservation | None:
        """Itself in KIS's list of its kind, or None."""
        ...

    def cancel(self, broker: Broker, code: str) -> str:
        """Cancel it at KIS (errors as the client raises them); what the row's message says."""
        ...

    def found(self, listed: list, today: Today) -> tuple[dict, Placement]:
        """Its row's values once reconciliation found it in ``listed`` (its kind's list) after a lost answer, and
        what the row names (a modified order under its newest number)."""
        ...

    def refreshed(self, row: SheetRow, listed: list, today: Today) -> tuple[dict, Placement | OrderId | None]:
        """Its row's values as ``listed`` (its kind's list) tells REFRESH, and what it became there, if anything."""
        ...

    @staticmethod
    def place(broker: Broker, request: OrderRequest, *, kind: str | None, quote,
              on_send: Callable[[], None]) -> OrderAck | ReservationAck:
        """Send a request of this kind (errors as the client raises them)."""
        ...

    @classmethod
    def answered(cls, ack, values: dict) -> tuple[Placement | None, dict]:
        """What KIS's answer to ``place`` names, and the row's values with it."""
        ...

    @staticmethod
    def day_of(book: str, at: datetime) -> date:
        """The day its id would carry, placed at ``at``: where its list is read from after a lost answer."""
        ...

    @staticmethod
    def listed(lists: Orders, first: dict[str, date]) -> list | None:
        """KIS's list of this kind from each book's first day (book → day) to today; None if unreadable."""
        ...

    @classmethod
    def followed(cls, row: SheetRow) -> Placement | None:
        """What of this kind a row shows that REFRESH still follows, or None."""
        ...


class _Named:
    """What every kind does alike with its id: name it in the journal, find it in its list."""

    id: OrderId | ReservationId
    key: ClassVar[str]

    def journal_record(self) -> dict:
        return {self.key: {"day": self.id.day.isoformat(), "book": self.id.book, "number": self.id.number}}

    def lookup(self, listed: list) -> OrderRecord | Reservation | None:
        return next((o for o in listed if o.id == self.id), None)


@dataclass(frozen=True)
class PlacedOrder(_Named):
    """An order: (trading day, book, number); KIS restarts numbers every day, per book."""

    id: OrderId
    key: ClassVar[str] = "order"
    taken: ClassVar[RowStatus] = SENT
    reserve: ClassVar[bool] = False
    unreadable: ClassVar[str] = "KIS's order lists could not be read (rate limit or network): run REFRESH again"

    def __str__(self) -> str:
        return f"order {self.id}"

    def cells(self) -> dict:
        return {"order_no": self.id.number.zfill(10), "order_date": self.id.day.isoformat()}

    def cancel(self, broker: Broker, code: str) -> str:
        return f"cancelled by order {broker.cancel_order(self.id, code=code).order_no}"

    def found(self, listed: list, today: Today) -> tuple[dict, PlacedOrder]:
        state = OrderState.from_records(self.id, listed, today)
        return state.cells() | {"message": f"reconciled: {self} in KIS's list"}, PlacedOrder(state.latest)

    def refreshed(self, row: SheetRow, listed: list, today: Today) -> tuple[dict, None]:
        """The row brought up to what its order's chain has become: from what the row shows, advanced by the list
        (a row is updated only by its own order: code and side must be the row's)."""
        chain = OrderState.from_records(self.id, listed, today)
        if chain is None:
            return {"message": f"{self} is not in KIS's list of {self.id.day:%Y-%m-%d}: check Order No and Order "
                               f"Date"}, None
        if chain.code != row.code or chain.side != row.side:
            return {"message": f"{self} in KIS's list is {chain.side.value} {chain.code}, not this row's "
                               f"{row.side.value if row.side else '?'} {row.code}: not updated (check Order No "
                               f"and Order Date)"}, None
        state = OrderState.of_row(row)
        state.advance(chain)
        return state.cells(row.status), None

    @staticmethod
    def place(broker: Broker, request: OrderRequest, *, kind: str | None, quote,
              on_send: Callable[[], None]) -> OrderAck:
        return broker.place_order(request, kind=kind, quote=quote, on_send=on_send)

    @classmethod
    def answered(cls, ack: OrderAck, values: dict) -> tuple[PlacedOrder | None, dict]:
        values = values | {"status": SENT, "filled": 0, "message": ack.message,
                           "order_time": ack.time.strftime("%H:%M:%S") if ack.time else ""}
        if ack.id is None:  # accepted, but no number to know it by
            return None, values | {"status": UNKNOWN, "message": f"KIS accepted it but gave no order number "
                                                                 f"({ack.message}); it is looked up in KIS's list, "
                                                                 f"not resent"}
        return cls(ack.id), values

    @staticmethod
    def day_of(book: str, at: datetime) -> date:
        return trading_day(book, at)

    @staticmethod
    def listed(lists: Orders, first: dict[str, date]) -> list | None:
        return lists.since(first)

    @classmethod
    def followed(cls, row: SheetRow) -> PlacedOrder | None:
        return cls(row.order_id) if row.order_id is not None and row.status not in FINAL else None


@dataclass(frozen=True)
class PlacedReservation(_Named):
    """A reservation: its number on the KST day it was placed; it becomes an order when its session opens."""

    id: ReservationId
    key: ClassVar[str] = "reservation"
    taken: ClassVar[RowStatus] = RESERVED
    reserve: ClassVar[bool] = True
    unreadable: ClassVar[str] = "KIS's reservation list could not be read (rate limit or network): run REFRESH again"

    def __str__(self) -> str:
        return str(self.id)

    def cells(self) -> dict:
        return {"reservation_no": self.id.number}

    def cancel(self, broker: Broker, code: str) -> str:
        ack = broker.cancel_reservation(self.id)
        return f"{ack.id} cancelled ({ack.message})"

    def found(self, listed: list, today: Today) -> tuple[dict, PlacedReservation]:
        return {"status": RESERVED, "message": f"reconciled: {self} in KIS's list (REFRESH follows it)"}, self

    def refreshed(self, row: SheetRow, listed: list, today: Today) -> tuple[dict, OrderId | None]:
        """Still waiting (no values), sent as an order (the row takes the order, which REFRESH then follows),
        cancelled or refused when its session opened."""
        found = self.lookup(listed)
        if found is None:
            return {"message": f"{self.id} is not in KIS's reservation list: check Reservation No"}, None
        return self.became(found)

    @staticmethod
    def place(broker: Broker, request: OrderRequest, *, kind: str | None, quote,
              on_send: Callable[[], None]) -> ReservationAck:
        return broker.reserve(request, kind=kind, quote=quote, on_send=on_send)

    @classmethod
    def answered(cls, ack: ReservationAck, values: dict) -> tuple[PlacedReservation, dict]:
        release = f"; it goes out {ack.release.astimezone(KST):%Y-%m-%d %H:%M} KST" if ack.release else ""
        return cls(ack.id), values | {"status": RESERVED, "message": f"{ack.id}{release} ({ack.message})"}

    @staticmethod
    def day_of(book: str, at: datetime) -> date:
        return at.astimezone(KST).date()

    @staticmethod
    def listed(lists: Orders, first: dict[str, date]) -> list | None:
        return lists.reservations(min(first.values()))

    @classmethod
    def followed(cls, row: SheetRow) -> PlacedReservation | None:
        return cls(row.reservation_id) if row.status == RESERVED and row.reservation_id is not None else None

    def became(self, listed: Reservation) -> tuple[dict, OrderId | None]:
        """The row's values for what KIS's reservation list says it became, and the order it went out as (the
        row takes it, and REFRESH follows that order from then on); no values while it waits."""
        if listed.status == Listed.SENT and listed.order is not None:
            return {"status": SENT, "message": f"{listed.id} went out as order {listed.order}"}, listed.order
        if listed.status in (Listed.CANCELLED, Listed.REJECTED):
            status = CANCELLED if listed.status == Listed.CANCELLED else REJECTED
            reason = f": {listed.reason}" if listed.reason else ""
            return {"status": status, "message": f"{listed.id} {listed.status.value.lower()}{reason}"}, None
        return {}, None


# Every kind, by the id type that names it; in the order REFRESH reads their lists (a kind that becomes another
# comes before it: a reservation sent as an order is followed as that order in the same REFRESH).
KINDS: dict[type, type] = {ReservationId: PlacedReservation, OrderId: PlacedOrder}


def named(key: str) -> type[Placement]:
    """The kind a word names (a checked row's, an intent's); KeyError for a word no kind has."""
    for kind in KINDS.values():
        if kind.key == key:
            return kind
    raise KeyError(key)


def placed(value: OrderId | ReservationId | Placement | None) -> Placement | None:
    """``value`` as its kind's Placement (None stays None)."""
    if value is None or type(value) not in KINDS:
        return value
    return KINDS[type(value)](value)


def from_record(record: dict) -> list[Placement]:
    """The placements a journal outcome names (an older journal's missing or damaged ones left out)."""
    out = []
    for value_type, kind in KINDS.items():
        o = record.get(kind.key)
        if isinstance(o, dict):
            out.append(kind(value_type(date.fromisoformat(o["day"]), o["book"], str(o["number"]))))
    return out
