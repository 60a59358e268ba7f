"""What the order sheet needs of KIS, as one typed seam: ``KisClient`` is a Broker, so is a test's stand-in.

Every ``orders/`` module takes ``broker: Broker``; none reaches past it into the client's transport. The
members are exactly the ones ``orders/`` uses: the server's clock and how long a lost answer may still be
booked, preparing and placing orders and reservations, cancelling them, KIS's lists of them, and what
validation reads (quotes, the tick table, cash, the stock master).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Protocol

from ..client.account import PreparedOrder
from ..client.master import StockMaster
from ..config import Profile
from ..models import (
    Balance,
    BuyingPower,
    DailyOrders,
    OrderAck,
    OrderId,
    OrderRequest,
    Quote,
    Reservation,
    ReservationAck,
    ReservationId,
)


class Broker(Protocol):
    """The client as the order sheet sees it."""

    profile: Profile

    # the server's clock, and the timing of an order whose answer may be lost
    def now(self) -> datetime: ...
    def server_time(self) -> float: ...
    @property
    def server(self) -> str: ...
    @property
    def timeout(self) -> float: ...
    @property
    def flight_s(self) -> float: ...

    # orders and reservations
    def prepare_order(self, request: OrderRequest, *, kind: str | None = None, quote: Quote | None = None,
                      reserve: bool = False) -> PreparedOrder: ...
    def place_order(self, request: OrderRequest, *, kind: str | None = None, quote: Quote | None = None,
                    on_send: Callable[[], None] | None = None) -> OrderAck: ...
    def reserve(self, request: OrderRequest, *, until: date | None = None, kind: str | None = None,
                quote: Quote | None = None, on_send: Callable[[], None] | None = None) -> ReservationAck: ...
    def cancel_order(self, order: str | OrderId, quantity: int | None = None, *, code: str | None = None,
                     on_send: Callable[[], None] | None = None, session: str | None = None) -> OrderAck: ...
    def cancel_reservation(self, reservation: ReservationId, *,
                           on_send: Callable[[], None] | None = None) -> ReservationAck: ...

    # KIS's lists of them
    def daily_orders(self, start: date | None = None, end: date | None = None) -> DailyOrders: ...
    def us_daily_orders(self, start: date | None = None, end: date | None = None) -> DailyOrders: ...
    def reservations(self, start: date | None = None, end: date | None = None) -> list[Reservation]: ...

    # what validation reads
    def prices(self, codes: Iterable, venue: str | None = None,
               progress: Callable[[int, int], None] | None = None) -> dict[str, Quote]: ...
    def us_price(self, symbol: str, exchange: str | None = None) -> Quote: ...
    def usd_rate(self) -> float | None: ...
    def balance(self) -> Balance: ...
    def buying_power(self, code, price: float | None = None) -> BuyingPower: ...
    def tick_table(self, code, quote: Quote | None = None) -> str | None: ...
    def nxt_listed(self, code) -> bool | None: ...
    def master(self) -> StockMaster: ...

    def close(self) -> None: ...
