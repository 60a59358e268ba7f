"""Reservation books (예약주문): reservations taken in their window and sent as orders when their session opens.

KIS's rules (order-resv samples and documentation): a domestic reservation is taken from 15:40 to the next
trading day's 07:30 (not during the nightly batch 23:40-00:10), carries ORD_DVSN 00/01/02/05, and goes
out as an ordinary KRX order when its session opens (05 in 장전 시간외 at 08:30, the others at 09:00); with
an end date (기간예약) its unfilled quantity goes out again each trading day until then. A US reservation
is taken from 10:00 KST until ten minutes before New York opens (not 16:30-16:45), is a limit order, and
goes out at the open for that day. Neither checks cash or holdings when taken: the order it becomes meets
every check when it goes out, and a failure leaves the reservation rejected with KIS's message. A
reservation has its own number (RSVN_ORD_SEQ, OVRS_RSVN_ODNO), numbered per KST day and book; the order
it becomes is numbered as any order of its day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .. import krx, sessions, spec
from ..models import KR, US, OrderType
from .protocol import KisFault

WAITING, SENT, CANCELLED, REJECTED = "WAITING", "SENT", "CANCELLED", "REJECTED"


@dataclass
class SimReservation:
    number: str  # RSVN_ORD_SEQ (domestic, plain digits) or OVRS_RSVN_ODNO (US, ten digits)
    book: str  # KR or US
    domain: str
    placed: str  # YYYYMMDD (KST) it was taken
    placed_time: str  # HHMMSS (KST)
    code: str
    name: str
    side: str  # spec.SIDE_SELL / spec.SIDE_BUY
    ord_dvsn: str
    qty: int
    price: float  # 0 for market and closing-price types
    market: str = "KRX"  # KRX, or the US order endpoint's NASD/NYSE/AMEX
    release: str = ""  # ISO moment it goes out next
    end_date: str = ""  # YYYYMMDD: a domestic period reservation's last day
    status: str = WAITING
    order_no: str = ""  # the latest order it became
    order_day: str = ""
    order_time: str = ""
    reason: str = ""  # why it was rejected
    cancelled: str = ""  # YYYYMMDD HHMMSS of its cancellation

    @property
    def key(self) -> str:
        """What its orders name it by: the book, the day it was taken and its number."""
        return f"{self.book}:{self.placed}:{self.number}"


def _now_text(now: datetime) -> tuple[str, str]:
    local = now.astimezone(krx.KST)
    return local.strftime("%Y%m%d"), local.strftime("%H%M%S")


def check_window(book: str, now: datetime, tr_id: str) -> None:
    if not sessions.RESERVATIONS[book].state(now).open:
        raise KisFault("reservation_closed", tr_id=tr_id)


def _input_error(field: str, tr_id: str) -> KisFault:
    return KisFault(spec.Message("OPSQ2001", f"ERROR : INPUT INVALID_CHECK_{field}", 200), tr_id=tr_id, rt_cd="2")


def quantity(text: str, tr_id: str, field: str = "ORD_QTY") -> int:
    try:
        qty = float(str(text).strip() or "0")
    except ValueError:
        qty = 0
    if qty <= 0 or not qty.is_integer():
        raise _input_error(field, tr_id)
    return int(qty)


def us_price(text: str, tr_id: str) -> float:
    """A US reservation's limit price (FT_ORD_UNPR3): positive, on the US grid."""
    try:
        price = float(str(text).strip() or "0")
    except ValueError:
        price = 0.0
    if price <= 0:
        raise KisFault("us_price_zero", tr_id=tr_id)
    if not krx.us_on_tick(price):
        raise KisFault("off_tick", tr_id=tr_id)
    return price


def domestic_terms(world, *, tr_id: str, code: str, ord_dvsn: str, qty_text: str, price_text: str,
                   end_text: str, now: datetime) -> tuple[int, float, str]:
    """A domestic reservation's quantity, price and end date, checked as KIS does when taking it: the type one a
    reservation carries, a priced type on the grid and inside the limits expected for the next session
    (KIS computes them from the price at the moment), the others "0"."""
    if ord_dvsn not in {t.value for t in sessions.KR_RESERVE_TYPES}:
        raise _input_error("ORD_DVSN_CD", tr_id)
    qty = quantity(qty_text, tr_id)
    state = world.market.quote(code, now)
    try:
        price = float(str(price_text).strip() or "0")
    except ValueError:
        raise _input_error("ORD_UNPR", tr_id) from None
    if ord_dvsn in spec.PRICED_ORDER_TYPES:
        upper, lower = krx.price_limits(int(state.price), state.instrument.kind)
        if price <= 0 or not krx.on_tick(price, state.instrument.kind):
            raise KisFault("off_tick", tr_id=tr_id)
        if price > upper:
            raise KisFault("over_upper_limit", tr_id=tr_id)
        if price < lower:
            raise KisFault("under_lower_limit", tr_id=tr_id)
    elif price:
        raise KisFault("bad_price", tr_id=tr_id)
    end = str(end_text or "").strip()
    if end:
        first = sessions.RESERVATIONS[KR].release(OrderType(ord_dvsn), now).astimezone(krx.KST).date()
        try:
            last = datetime.strptime(end, "%Y%m%d").date()
        except ValueError:
            raise _input_error("RSVN_ORD_END_DT", tr_id) from None
        if not first < last <= first + timedelta(days=spec.RESERVE_PERIOD_DAYS):
            raise _input_error("RSVN_ORD_END_DT", tr_id)
    return qty, price, end


def take(trading, acct, *, domain: str, book: str, code: str, name: str, side: str, ord_dvsn: str, qty: int,
         price: float, market: str = "KRX", end_date: str = "") -> SimReservation:
    """Book a checked reservation with the next number of its book's day, and when it goes out."""
    now = trading.world.now()
    day, hhmmss = _now_text(now)
    raw = trading.next_number(f"{day}|{book}R")
    number = raw.lstrip("0") if book == KR else raw
    release = sessions.RESERVATIONS[book].release(OrderType(ord_dvsn), now)
    r = SimReservation(number, book, domain, day, hhmmss, code, name, side, ord_dvsn, qty, price, market,
                       release.isoformat(), end_date)
    acct.reservations.append(r)
    trading.save()
    return r


def find(acct, book: str, number: str, day: str, tr_id: str) -> SimReservation:
    """A reservation still waiting, by its number and the day it was taken (APBK1681 otherwise)."""
    wanted = str(number).strip().lstrip("0")
    for r in acct.reservations:
        if r.book == book and r.placed == str(day).strip() and r.number.lstrip("0") == wanted:
            if r.status != WAITING:
                break
            return r
    raise KisFault("reservation_not_found", tr_id=tr_id)


def modify(trading, r: SimReservation, *, code: str, name: str, side: str, ord_dvsn: str, qty: int, price: float,
           end_date: str) -> None:
    """A waiting reservation takes new terms (KIS's CTSC0013U), keeping its number; when it goes out follows
    its (new) type."""
    r.code, r.name, r.side, r.ord_dvsn, r.qty, r.price, r.end_date = code, name, side, ord_dvsn, qty, price, end_date
    r.release = sessions.RESERVATIONS[r.book].release(OrderType(ord_dvsn), trading.world.now()).isoformat()
    trading.save()


def cancel(trading, r: SimReservation) -> None:
    r.status = CANCELLED
    r.cancelled = " ".join(_now_text(trading.world.now()))
    trading.save()


def orders_of(acct, r: SimReservation) -> list:
    """The orders a reservation became, oldest first."""
    return [o for o in acct.orders if o.reservation == r.key]


def release_due(trading, acct, now: datetime) -> None:
    """Send every reservation of the account whose session has opened by ``now``, as an order booked at that
    open; a period reservation (기간예약) comes back for the next trading day until its end date."""
    for r in acct.reservations:
        while r.status == WAITING and r.release and datetime.fromisoformat(r.release) <= now:
            _send(trading, acct, r, datetime.fromisoformat(r.release))


def _send(trading, acct, r: SimReservation, at: datetime) -> None:
    for earlier in orders_of(acct, r):  # a period reservation's order of an earlier day is over
        earlier.closed = True
    qty = r.qty - sum(o.filled_qty for o in orders_of(acct, r))
    r.release = ""
    if qty <= 0:
        r.status = SENT
        return
    try:
        if r.book == US:
            order = trading.place_us(acct, domain=r.domain, tr_id="", side=r.side, exchange=r.market, symbol=r.code,
                                     ord_dvsn=r.ord_dvsn, qty_text=str(qty), price_text=f"{r.price}", now=at,
                                     reservation=r.key)
        else:
            order = trading.place(acct, domain=r.domain, tr_id="", side=r.side, code=r.code, ord_dvsn=r.ord_dvsn,
                                  qty_text=str(qty), price_text=f"{r.price:.0f}", now=at, reservation=r.key)
    except KisFault as exc:  # the row shows the latest attempt: no order, and why
        r.status, r.reason, r.order_no, r.order_day, r.order_time = REJECTED, exc.message.text, "", "", ""
        return
    r.status, r.order_no, r.order_day, r.order_time = SENT, order.order_no, order.day, order.time
    if r.end_date and at.astimezone(krx.KST).date() < datetime.strptime(r.end_date, "%Y%m%d").date():
        r.status = WAITING  # a period reservation: again the next trading day, for what is left then
        r.release = sessions.RESERVATIONS[KR].following(OrderType(r.ord_dvsn), at).isoformat()
