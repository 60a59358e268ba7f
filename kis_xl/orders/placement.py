"""What a row was placed as at KIS: an order or a reservation (예약주문), one class each behind one protocol.

A ``Placement`` knows the cells that name it on its row, the record that names it in the journal, and how to
find itself in KIS's lists; ``placed`` wraps a ``models`` id in its class (``KINDS``). A new kind of order is one
class here and one row of ``KINDS``, not a branch in every stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Protocol

from ..models import OrderId, OrderRecord, Reservation, ReservationId


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


@dataclass(frozen=True)
class PlacedOrder:
    """An order: (trading day, book, number); KIS restarts numbers every day, per book."""

    id: OrderId
    key: ClassVar[str] = "order"

    def cells(self) -> dict:
        return {"order_no": self.id.number.zfill(10), "order_date": self.id.day.isoformat()}

    def journal_record(self) -> dict:
        return {self.key: _identity(self.id)}

    def lookup(self, listed: list) -> OrderRecord | None:
        return next((o for o in listed if o.id == self.id), None)


@dataclass(frozen=True)
class PlacedReservation:
    """A reservation: its number on the KST day it was placed; it becomes an order when its session opens."""

    id: ReservationId
    key: ClassVar[str] = "reservation"

    def cells(self) -> dict:
        return {"reservation_no": self.id.number}

    def journal_record(self) -> dict:
        return {self.key: _identity(self.id)}

    def lookup(self, listed: list) -> Reservation | None:
        return next((r for r in listed if r.id == self.id), None)


KINDS: dict[type, type] = {OrderId: PlacedOrder, ReservationId: PlacedReservation}


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


def _identity(value: OrderId | ReservationId) -> dict:
    return {"day": value.day.isoformat(), "book": value.book, "number": value.number}
