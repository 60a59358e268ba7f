"""What a row was placed as at KIS: an order or a reservation (예약주문), one class each behind one protocol.

A ``Placement`` knows the cells that name it on its row, the record that names it in the journal, how to find
itself in KIS's lists and what they say it became, and how it is cancelled; its class knows how it is placed
and what KIS's answer writes on the row. ``placed`` wraps a ``models`` id in its class (``KINDS``), ``kind``
names the class a row asks for. A new kind of order is one class here and one row of ``KINDS``, not a branch in
every stage (docs/ARCHITECTURE.md, "A new kind of order").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Protocol

from ..krx import KST
from ..models import OrderAck, OrderId, OrderRecord, OrderRequest, Reservation, ReservationAck, ReservationId
from ..models import ReservationStatus as Listed
from .broker import Broker
from .lifecycle import CANCELLED, REJECTED, RESERVED, SENT, UNKNOWN


class Placement(Protocol):
    key: ClassVar[str]  # its journal record's key, and the ``journal.Entry`` field that keeps it

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

    @staticmethod
    def place(broker: Broker, request: OrderRequest, *, kind: str | None, quote,
              on_send: Callable[[], None]) -> OrderAck | ReservationAck:
        """Send a request of this kind (errors as the client raises them)."""
        ...

    @classmethod
    def answered(cls, ack, values: dict) -> tuple[Placement | None, dict]:
        """What KIS's answer to ``place`` names, and the row's values with it."""
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

    def cells(self) -> dict:
        return {"order_no": self.id.number.zfill(10), "order_date": self.id.day.isoformat()}

    def cancel(self, broker: Broker, code: str) -> str:
        return f"cancelled by order {broker.cancel_order(self.id, code=code).order_no}"

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


@dataclass(frozen=True)
class PlacedReservation(_Named):
    """A reservation: its number on the KST day it was placed; it becomes an order when its session opens."""

    id: ReservationId
    key: ClassVar[str] = "reservation"

    def cells(self) -> dict:
        return {"reservation_no": self.id.number}

    def cancel(self, broker: Broker, code: str) -> str:
        ack = broker.cancel_reservation(self.id)
        return f"{ack.id} cancelled ({ack.message})"

    @staticmethod
    def place(broker: Broker, request: OrderRequest, *, kind: str | None, quote,
              on_send: Callable[[], None]) -> ReservationAck:
        return broker.reserve(request, kind=kind, quote=quote, on_send=on_send)

    @classmethod
    def answered(cls, ack: ReservationAck, values: dict) -> tuple[PlacedReservation, dict]:
        release = f"; it goes out {ack.release.astimezone(KST):%Y-%m-%d %H:%M} KST" if ack.release else ""
        return cls(ack.id), values | {"status": RESERVED, "message": f"{ack.id}{release} ({ack.message})"}

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


KINDS: dict[type, type] = {OrderId: PlacedOrder, ReservationId: PlacedReservation}


def kind(reserve: bool) -> type[PlacedOrder] | type[PlacedReservation]:
    """The kind a row asks for (its When cell: now, or a reservation)."""
    return PlacedReservation if reserve else PlacedOrder


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

