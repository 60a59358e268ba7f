"""Reservation methods of KisClient (예약주문): queue an order for its session's next open, list, modify, cancel.

A domestic reservation (order-resv CTSC0008U; list CTSC0004R; cancel CTSC0009U, modify CTSC0013U: real
domain only) goes to KRX at the next trading day's open (장전 시간외 for PRE_MARKET); a US reservation
(order-resv TTTT3014U/3016U; list TTTT3039R, real only; cancel TTTT3017U) at the next New York open. A
reservation has its own number (``ReservationId``); the order it becomes is an ordinary order of that day,
``Reservation.order`` once KIS has sent it, found in ``daily_orders``/``us_daily_orders`` like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

from .. import krx, rules, sessions, spec
from ..codes import normalize_code
from ..errors import InvalidOrder, NotOffered
from ..i18n import t
from ..models import (
    KR,
    US,
    OrderId,
    OrderRequest,
    OrderType,
    Quote,
    Reservation,
    ReservationAck,
    ReservationId,
    ReservationStatus,
    US_DAYTIME,
    Side,
)
from ..sessions import trading_day
from .parse import hms, integer, num, ymd

SIDES = {Side.SELL: spec.SIDE_SELL, Side.BUY: spec.SIDE_BUY}
CASH = "10"  # ORD_OBJT_CBLC_DVSN_CD: cash, the only balance kis-xl trades
US_STATES = {"01": ReservationStatus.WAITING, "02": ReservationStatus.SENT, "03": ReservationStatus.CANCELLED,
             "04": ReservationStatus.REJECTED}


def _text(r: dict, key: str) -> str:
    return str(r.get(key) or "").strip()


def _side(code) -> Side:
    return Side.SELL if str(code).strip() == spec.SIDE_SELL else Side.BUY


class ReservationsMixin:
    """Mixed into KisClient; uses ``self.transport``, ``self.profile`` and the account methods."""

    def reserve(self, request: OrderRequest, *, until: date | None = None, kind: str | None = None,
                quote: Quote | None = None, on_send: Callable[[], None] | None = None) -> ReservationAck:
        """Queue ``request`` for its session's next open, once, after every check an order meets (InvalidOrder:
        nothing sent): the reservation window, the types a reservation carries, a domestic price within the
        limits expected for the next session, the profile's caps. ``until`` makes a domestic reservation a
        period one (기간예약): what is left unfilled goes out again each trading day until then."""
        ready = self.prepare_order(request, kind=kind, quote=quote, reserve=True)
        r = ready.request
        at = self.now()
        self._check_terms(r, until, at)
        if r.book == KR:
            body = dict(self._account(), PDNO=r.code, ORD_QTY=str(r.quantity),
                        ORD_UNPR=str(int(r.price)) if r.order_type.needs_price else "0", SLL_BUY_DVSN_CD=SIDES[r.side],
                        ORD_DVSN_CD=r.order_type.value, ORD_OBJT_CBLC_DVSN_CD=CASH)
            if until is not None:
                body["RSVN_ORD_END_DT"] = until.strftime("%Y%m%d")
            resp = self.transport.call("reserve", body=body, on_send=on_send)
            number = _text(resp.output or {}, "RSVN_ORD_SEQ")
        else:
            body = dict(self._account(), PDNO=r.code.upper(), OVRS_EXCG_CD=spec.US_QUOTE_TO_TRADE[r.market],
                        FT_ORD_QTY=str(r.quantity), FT_ORD_UNPR3=rules.us_wire_price(r.price), ORD_SVR_DVSN_CD="0",
                        ORD_DVSN="00")
            resp = self.transport.call("us_reserve_buy" if r.side == Side.BUY else "us_reserve_sell", body=body,
                                       on_send=on_send)
            number = _text(resp.output or {}, "ODNO")
        rid = ReservationId(at.astimezone(krx.KST).date(), r.book, number.lstrip("0"))
        return ReservationAck(rid, _text(resp.body, "msg1"), _text(resp.body, "msg_cd"),
                              sessions.RESERVATIONS[r.book].release(r.order_type, at), until)

    @staticmethod
    def _check_terms(r: OrderRequest, until: date | None, at: datetime) -> None:
        """What KIS would refuse of a reservation's terms, refused here (InvalidOrder: nothing sent): a US
        reservation takes no end date and goes to the next regular session, not the daytime one; a domestic
        period reservation ends after its first day and at most ``spec.RESERVE_PERIOD_DAYS`` days after it."""
        if r.book == US:
            if until is not None:
                raise InvalidOrder(t("reservation not sent: a US reservation lasts one day (KIS's US order-resv takes "
                                     "no end date); --until is for domestic period reservations (기간예약)"))
            if r.session == US_DAYTIME:
                raise InvalidOrder(t("reservation not sent: a US reservation goes out at the next regular session's "
                                     "open; the daytime session (주간거래) takes none: send it as an order while the "
                                     "daytime session runs, or drop --session day"))
            return
        if until is None:
            return
        first = sessions.KR_RESERVE.release(r.order_type, at).astimezone(krx.KST).date()
        last = first + timedelta(days=spec.RESERVE_PERIOD_DAYS)
        if not first < until <= last:
            raise InvalidOrder(t("reservation not sent: a period reservation (기간예약) ends after the day it first "
                                 "goes out ({first}) and by {last}, not {until}", first=first, last=last, until=until))

    def reservations(self, start: date | None = None, end: date | None = None, *,
                     book: str | None = None) -> list[Reservation]:
        """Reservations taken from ``start`` to ``end`` (KST days; default today), domestic then US, newest first
        as KIS lists them; only the books the domain lists (NotOffered when it lists none)."""
        today = self.now().astimezone(krx.KST).date()
        end = end or start or today
        start = start or end
        books = [b for b in ((book,) if book else (KR, US))
                 if spec.ENDPOINTS["reservations" if b == KR else "us_reservations"].tr_id(self.profile.domain)]
        if not books:
            raise NotOffered("reservations", self.profile.domain)
        out: list[Reservation] = []
        if KR in books:
            out += self._domestic_reservations(start, end)
        if US in books:
            out += self._us_reservations(start, end)
        return out

    def _domestic_reservations(self, start: date, end: date) -> list[Reservation]:
        params = dict(self._account(), RSVN_ORD_ORD_DT=start.strftime("%Y%m%d"), RSVN_ORD_END_DT=end.strftime("%Y%m%d"),
                      TMNL_MDIA_KIND_CD="00", PRCS_DVSN_CD="0", CNCL_YN="Y", RSVN_ORD_SEQ="", PDNO="",
                      SLL_BUY_DVSN_CD="")
        rows, _ = self.transport.paged("reservations", params=params, ctx=("CTX_AREA_FK200", "CTX_AREA_NK200"),
                                       list_key="output")
        return [self._domestic_reservation(r) for r in rows]

    def _domestic_reservation(self, r: dict) -> Reservation:
        """A row of order-resv-ccnl. Its order's day: when KIS sent it, by the reservation's release (a period
        reservation's latest, up to now)."""
        placed_day, order_type = ymd(r.get("rsvn_ord_ord_dt")), OrderType.from_code(_text(r, "ord_dvsn_cd"))
        placed = datetime.combine(placed_day, hms(r.get("rsvn_ord_rcit_tmd")) or datetime.min.time(), krx.KST) \
            if placed_day else None
        end = ymd(r.get("rsvn_end_dt"))
        result = _text(r, "prcs_rslt")
        status = (ReservationStatus.CANCELLED if _text(r, "cncl_ord_dt") or result == "취소" else
                  ReservationStatus.REJECTED if _text(r, "rjct_rson2") or result == "거부" else
                  ReservationStatus.SENT if _text(r, "odno") else ReservationStatus.WAITING)
        order = None
        if _text(r, "odno") and placed and isinstance(order_type, OrderType):
            sent = sessions.KR_RESERVE.last_release(order_type, placed, self.now(), end)
            order = OrderId.of(trading_day(KR, sent), "KRX", _text(r, "odno")) if sent else None
        return Reservation(ReservationId(placed_day, KR, _text(r, "rsvn_ord_seq").lstrip("0")), _text(r, "pdno"),
                           _text(r, "kor_item_shtn_name"), _side(r.get("sll_buy_dvsn_cd")), integer(r.get("ord_rsvn_qty")),
                           num(r.get("ord_rsvn_unpr")), order_type, status, "KRX", placed, order,
                           integer(r.get("tot_ccld_qty")), _text(r, "rjct_rson2"), end)

    def _us_reservations(self, start: date, end: date) -> list[Reservation]:
        params = dict(self._account(), INQR_STRT_DT=start.strftime("%Y%m%d"), INQR_END_DT=end.strftime("%Y%m%d"),
                      INQR_DVSN_CD="00", OVRS_EXCG_CD="", PRDT_TYPE_CD="")
        rows, _ = self.transport.paged("us_reservations", params=params, ctx=("CTX_AREA_FK200", "CTX_AREA_NK200"),
                                       list_key="output")
        out = []
        for r in rows:
            day, odno = ymd(r.get("rsvn_ord_rcit_dt")), _text(r, "odno")
            status = US_STATES.get(_text(r, "ovrs_rsvn_ord_stat_cd"), ReservationStatus.WAITING)
            if _text(r, "cncl_yn") == "Y":
                status = ReservationStatus.CANCELLED
            placed = datetime.combine(day, hms(r.get("ord_rcit_tmd")) or datetime.min.time(), krx.KST) if day else None
            ordered = ymd(r.get("ord_dt"))
            out.append(Reservation(
                ReservationId(day, US, _text(r, "ovrs_rsvn_odno").lstrip("0")), _text(r, "pdno"), _text(r, "prdt_name"),
                _side(r.get("sll_buy_dvsn_cd")), integer(r.get("ft_ord_qty")), num(r.get("ft_ord_unpr3")),
                OrderType.LIMIT, status, spec.US_TRADE_TO_QUOTE.get(_text(r, "ovrs_excg_cd"), "NAS"), placed,
                OrderId.of(ordered, "NAS", odno) if odno and ordered else None, integer(r.get("ft_ccld_qty")),
                _text(r, "nprc_rson_text")))
        return out

    def cancel_reservation(self, reservation: ReservationId, *,
                           on_send: Callable[[], None] | None = None) -> ReservationAck:
        """Cancel a reservation still waiting (KIS: only while its window is open)."""
        self._open_window(reservation.book, "cancelled")
        if reservation.book == KR:
            body = dict(self._account(), RSVN_ORD_SEQ=reservation.number, RSVN_ORD_ORGNO="",
                        RSVN_ORD_ORD_DT=reservation.day.strftime("%Y%m%d"))
            resp = self.transport.call("reserve_cancel", body=body, on_send=on_send)
        else:
            body = dict(self._account(), RSVN_ORD_RCIT_DT=reservation.day.strftime("%Y%m%d"),
                        OVRS_RSVN_ODNO=reservation.number.zfill(10))
            resp = self.transport.call("us_reserve_cancel", body=body, on_send=on_send)
        return ReservationAck(reservation, _text(resp.body, "msg1"), _text(resp.body, "msg_cd"))

    def modify_reservation(self, reservation: ReservationId, quantity: int | None = None, price: float | None = None,
                           order_type: OrderType | None = None, *,
                           on_send: Callable[[], None] | None = None) -> ReservationAck:
        """New terms for a domestic reservation still waiting (KIS offers no US modification: cancel and reserve
        again); the changed reservation meets every check a new one would."""
        if reservation.book != KR:
            raise InvalidOrder("KIS modifies no US reservation: cancel it and reserve again; nothing was sent")
        self._open_window(KR, "modified")
        found = next((r for r in self._domestic_reservations(reservation.day, reservation.day)
                      if r.id == reservation and r.status == ReservationStatus.WAITING), None)
        if found is None:
            raise InvalidOrder(f"{reservation} is not waiting among that day's reservations; nothing was sent")
        kind = order_type or found.order_type
        changed = OrderRequest(normalize_code(found.code), found.side, quantity or found.quantity,
                               price if price is not None else (found.price or None), kind)
        if not kind.needs_price:
            changed = replace(changed, price=None)
        try:
            r = self.prepare_order(changed, reserve=True).request
        except InvalidOrder as exc:
            raise InvalidOrder(t("not modified: {problems}", problems="; ".join(exc.problems) or str(exc)),
                               exc.problems) from None
        body = dict(self._account(), PDNO=r.code, ORD_QTY=str(r.quantity),
                    ORD_UNPR=str(int(r.price)) if r.order_type.needs_price else "0", SLL_BUY_DVSN_CD=SIDES[r.side],
                    ORD_DVSN_CD=r.order_type.value, ORD_OBJT_CBLC_DVSN_CD=CASH, LOAN_DT="",
                    RSVN_ORD_END_DT=found.end_date.strftime("%Y%m%d") if found.end_date else "", CTAL_TLNO="",
                    RSVN_ORD_SEQ=reservation.number, RSVN_ORD_ORGNO="",
                    RSVN_ORD_ORD_DT=reservation.day.strftime("%Y%m%d"))
        resp = self.transport.call("reserve_modify", body=body, on_send=on_send)
        return ReservationAck(reservation, _text(resp.body, "msg1"), _text(resp.body, "msg_cd"),
                              sessions.KR_RESERVE.release(r.order_type, self.now()))

    def _open_window(self, book: str, what: str) -> None:
        """KIS changes reservations only while their window is open: InvalidOrder saying when it opens."""
        state = sessions.RESERVATIONS[book].state(self.now())
        if not state.open:
            when = f" until {sessions.kst_text(state.until, state.at)}" if state.until else ""
            raise InvalidOrder(f"a reservation is {what} only while {sessions.RESERVATIONS[book].name} take them: "
                               f"closed{when}; nothing was sent")
