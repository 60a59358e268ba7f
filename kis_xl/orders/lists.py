"""KIS's order lists as a run reads them: each book's orders from a first day to today, through rate-limit
storms (backing off 1, 2, 4 s), or None when they cannot be read."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from ..errors import KisXlError, NotOffered
from ..krx import KST
from ..models import OrderRecord, Reservation
from ..sessions import trading_day
from .broker import Broker

LOOKUP_ATTEMPTS = 4


class Orders:
    """KIS's order lists as one run reads them: read through rate-limit storms, by day and book."""

    def __init__(self, broker: Broker):
        self.broker = broker

    def today(self, book: str) -> date:
        return trading_day(book, self.broker.now())

    def since(self, first: dict[str, date]) -> list[OrderRecord] | None:
        """Every order of each book from its first day asked (book → day) to today; None if unreadable."""
        def read() -> list[OrderRecord]:
            orders: list[OrderRecord] = []
            if "KR" in first:
                orders += self.broker.daily_orders(first["KR"], self.today("KR")).orders
            if "US" in first:
                orders += self.broker.us_daily_orders(first["US"], self.today("US")).orders
            return orders
        return _patiently(read)

    def reservations(self, first: date) -> list[Reservation] | None:
        """Every reservation placed from ``first`` (a KST day) to today, both books; [] where KIS lists none
        (the mock domain); None if they cannot be read."""
        def read() -> list[Reservation]:
            try:
                return self.broker.reservations(first, self.broker.now().astimezone(KST).date())
            except NotOffered:
                return []
        return _patiently(read)


def _patiently(read: Callable[[], list]) -> list | None:
    """``read()``, tried again after 1, 2 and 4 s while KIS refuses it; None when it never answers."""
    for attempt in range(LOOKUP_ATTEMPTS):
        try:
            return read()
        except KisXlError:
            if attempt == LOOKUP_ATTEMPTS - 1:
                return None
            time.sleep(2 ** attempt)
    return None
