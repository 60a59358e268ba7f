"""Account and order methods of KisClient: balance, buying power, orders, fills, US trading.

Orders are sent once, exactly as given. If KIS's answer may be lost after sending,
``OrderOutcomeUnknown`` is raised: the caller looks the order up in ``daily_orders`` (the order sheet
does so one-to-one, ``orders/reconcile.py``) instead of resending. Every order (and reservation) passes
``prepare_order`` first: the rules, the sessions open on the server's clock, the profile's caps. A
domestic order goes to its venue (KRX, NXT, SOR); a US order to the daytime session's endpoint or the
order endpoint (pre-market, regular session, after-market).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from datetime import date, datetime

from .. import krx, rules, sessions, spec
from ..caps import Caps, Estimate, batch_problems, order_problems
from ..caps import estimate as caps_estimate
from ..codes import normalize_code
from ..config import cache_dir
from ..errors import InvalidOrder, KisXlError
from ..files import write_json
from ..i18n import t
from ..models import (
    KR,
    US,
    US_DAYTIME,
    US_REGULAR_ENDPOINT,
    Balance,
    BalanceSummary,
    BuyingPower,
    DailyOrders,
    Holding,
    OrderAck,
    OrderId,
    OrderRecord,
    OrderRequest,
    OrderType,
    Quote,
    Side,
    UsCash,
    book_of,
)
from ..sessions import trading_day
from ..venues import KRX, NXT, SOR, order_venue
from .parse import hms, integer, num, ymd

RECENT_DAYS = 90  # inquire-daily-ccld's recent tr_id covers about three months


def default_type(price: float | None) -> OrderType:
    """The type a request means when none is named: LIMIT with a price, MARKET without."""
    return OrderType.MARKET if price is None else OrderType.LIMIT


def _side(code) -> Side:
    return Side.SELL if str(code).strip() == spec.SIDE_SELL else Side.BUY


def _text(r: dict, key: str) -> str:
    return str(r.get(key) or "").strip()


def _order_record(r: dict, today: date) -> OrderRecord:
    return OrderRecord(
        order_date=ymd(r.get("ord_dt")) or today, order_no=_text(r, "odno"),
        branch=_text(r, "ord_gno_brno") or _text(r, "ord_orgno"), code=_text(r, "pdno"), name=_text(r, "prdt_name"),
        side=_side(r.get("sll_buy_dvsn_cd")), order_type=OrderType.from_code(_text(r, "ord_dvsn_cd")),
        quantity=integer(r.get("ord_qty")),
        price=num(r.get("ord_unpr")), time=hms(r.get("ord_tmd")), filled_qty=integer(r.get("tot_ccld_qty")),
        avg_fill_price=num(r.get("avg_prvs")), filled_amount=num(r.get("tot_ccld_amt")),
        remaining_qty=integer(r.get("rmn_qty")), cancelled=_text(r, "cncl_yn").upper() == "Y",
        rejected_qty=integer(r.get("rjct_qty")), orig_order_no=_text(r, "orgn_odno"),
        placed_at=_kst(r.get("ord_dt"), r.get("ord_tmd")), action=_action(r), stop_price=num(r.get("stpm_cndt_pric")),
        venue=(_text(r, "excg_id_dvsn_Cd") or _text(r, "excg_id_dvsn_cd") or KRX).upper(),
    )


def _action(r: dict) -> str:
    """What a daily-ccld row is: an order (no original number), a cancellation's record (cancelled, nothing
    filled, no price), or a modification's new order."""
    if not _text(r, "orgn_odno"):
        return "NEW"
    cancel = _text(r, "cncl_yn").upper() == "Y" and not integer(r.get("tot_ccld_qty")) and not num(r.get("ord_unpr"))
    return "CANCEL" if cancel else "MODIFY"


def _kst(day, hhmmss) -> datetime | None:
    """A KST moment from KIS's YYYYMMDD and HHMMSS fields; None when either is missing."""
    d, t = ymd(day), hms(hhmmss)
    return datetime.combine(d, t, tzinfo=krx.KST) if d and t else None


def _ack(resp, market: str, answered: datetime, venue: str = KRX) -> OrderAck:
    """KIS's answer to an order; its day is the server's trading date when the answer came (``answered``)."""
    o = resp.output or {}
    return OrderAck(order_no=_text(o, "ODNO") or _text(o, "odno"),
                    branch=_text(o, "KRX_FWDG_ORD_ORGNO") or _text(o, "krx_fwdg_ord_orgno"),
                    time=hms(o.get("ORD_TMD") or o.get("ord_tmd")), message=_text(resp.body, "msg1"),
                    msg_code=_text(resp.body, "msg_cd"), day=trading_day(book_of(market), answered), market=market,
                    venue=venue)


US_DAY_VENUE, US_ORDER_VENUE = "US-DAY", "US"  # OrderRecord/OrderAck.venue of a US order, by its endpoint


def us_venue(placed_at: datetime | None) -> str:
    """Which endpoint a US order went through, from when KIS booked it: "US-DAY" while only the daytime
    session ran, "US" while only the order endpoint's sessions did; "" when both ran (or the time is unknown)."""
    if placed_at is None:
        return ""
    day = sessions.US_DAY.is_open(placed_at)
    regular = any(s.is_open(placed_at) for s in sessions.US_ORDER_SESSIONS)
    return US_DAY_VENUE if day and not regular else US_ORDER_VENUE if regular and not day else ""


class UsVenues:
    """Which endpoint each US order this PC sent went through (the daytime session's or the order endpoint's),
    kept per account in the private cache: KIS's list does not say, and by the time alone it cannot be told while
    the daytime session and the pre-market both run (17:00-18:00 KST in summer)."""

    def __init__(self, account: str | None):
        tag = hashlib.sha256(str(account or "").encode()).hexdigest()[:16]  # no account number in a file name
        self.path = cache_dir() / f"us-venues-{tag}.json"

    def _read(self) -> dict[str, str]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def remember(self, ack: OrderAck) -> None:
        if not ack.order_no:
            return
        known = self._read()
        known[f"{ack.day:%Y%m%d}|{ack.order_no.lstrip('0')}"] = ack.venue
        try:
            write_json(self.path, dict(list(known.items())[-2000:]))  # the latest orders are the ones listed
        except OSError:
            pass  # a full disk or an unwritable cache only leaves the venue to the time it was placed

    def fill(self, record: OrderRecord) -> OrderRecord:
        if record.venue:
            return record
        venue = self._read().get(f"{record.order_date:%Y%m%d}|{record.order_no.lstrip('0')}")
        return replace(record, venue=venue) if venue else record


def _order_endpoint(request: OrderRequest, reserve: bool = False) -> str:
    """The spec endpoint a request goes to."""
    buy = request.side == Side.BUY
    if reserve:
        return "reserve" if request.book == KR else ("us_reserve_buy" if buy else "us_reserve_sell")
    if request.book == KR:
        return "order_buy" if buy else "order_sell"
    if request.session == US_DAYTIME:
        return "daytime_buy" if buy else "daytime_sell"
    return "us_order_buy" if buy else "us_order_sell"


@dataclass(frozen=True)
class PreparedOrder:
    """An order that passed every check, with what the checks learnt: its tick table, quote and value."""

    request: OrderRequest
    kind: str | None
    quote: Quote | None
    estimate: Estimate


class AccountMixin:
    """Mixed into KisClient; uses ``self.transport`` and ``self.profile``."""

    @cached_property
    def _us_venues(self) -> UsVenues:
        return UsVenues(self.profile.account)

    def _account(self) -> dict[str, str]:
        return {"CANO": self.profile.cano, "ACNT_PRDT_CD": self.profile.product}

    def order_venue(self, venue: str | None = None) -> str:
        """Where a domestic order goes: the venue given (KRX, NXT, SOR, or a word for one), else the profile's."""
        return order_venue(venue if venue is not None else getattr(self.profile, "venue", KRX))

    # balance -----------------------------------------------------------------------------
    def balance(self) -> Balance:
        """Domestic holdings (all pages) and the account summary."""
        params = dict(self._account(), AFHR_FLPR_YN="N", OFL_YN="", INQR_DVSN="02", UNPR_DVSN="01",
                      FUND_STTL_ICLD_YN="N", FNCG_AMT_AUTO_RDPT_YN="N", PRCS_DVSN="00")
        rows, last = self.transport.paged("balance", params=params)
        holdings = [
            Holding(code=_text(r, "pdno"), name=_text(r, "prdt_name"), quantity=integer(r.get("hldg_qty")),
                    orderable_qty=integer(r.get("ord_psbl_qty")), avg_price=num(r.get("pchs_avg_pric")),
                    purchase_amount=num(r.get("pchs_amt")), price=num(r.get("prpr")),
                    evaluation=num(r.get("evlu_amt")), pnl=num(r.get("evlu_pfls_amt")),
                    pnl_pct=num(r.get("evlu_pfls_rt")))
            for r in rows if integer(r.get("hldg_qty")) > 0
        ]
        out2 = last.output2 or [{}]
        s = out2[0] if isinstance(out2, list) and out2 else (out2 if isinstance(out2, dict) else {})
        summary = BalanceSummary(
            deposit=num(s.get("dnca_tot_amt")), d2_cash=num(s.get("prvs_rcdl_excc_amt")),
            securities_eval=num(s.get("scts_evlu_amt")), total_eval=num(s.get("tot_evlu_amt")),
            purchase_total=num(s.get("pchs_amt_smtl_amt")), pnl_total=num(s.get("evlu_pfls_smtl_amt")),
            net_assets=num(s.get("nass_amt")), d1_cash=num(s.get("nxdy_excc_amt")))
        return Balance(holdings, summary)

    def buying_power(self, code, price: float | None = None) -> BuyingPower:
        """Orderable cash and quantity for a code at a price (market order when price is None).

        A market-order query sends ORD_DVSN 01 with a price in ORD_UNPR, as KIS's sample does (the
        current price); KIS sizes the quantity by the stock's margin rate then.
        """
        code = normalize_code(code)
        unit = int(price) if price else int(self.price(code).price)
        params = dict(self._account(), PDNO=code, ORD_UNPR=str(unit), ORD_DVSN="00" if price else "01",
                      CMA_EVLU_AMT_ICLD_YN="N", OVRS_ICLD_YN="N")
        o = self.transport.call("buying_power", params=params).output or {}
        return BuyingPower(code, num(o.get("psbl_qty_calc_unpr")) or float(price or 0), num(o.get("ord_psbl_cash")),
                           integer(o.get("nrcvb_buy_qty")), num(o.get("nrcvb_buy_amt")))

    # orders ------------------------------------------------------------------------------
    def prepare_order(self, request: OrderRequest, *, kind: str | None = None, quote: Quote | None = None,
                      reserve: bool = False) -> PreparedOrder:
        """Every check an order (or, with ``reserve``, a reservation) passes before it may be sent, or
        InvalidOrder saying what to change.

        Its type and price agree, the price (and a STOP_LIMIT's stop price) sit on the tick grid and within
        the limits, the stock is not halted (거래정지, on the quote it has or is handed), the venue takes the type, a session takes it now on the server's clock (what is open
        instead when none does; a reservation: its window), and it keeps to the profile's fat-finger caps
        (``kis_xl.caps``: one check for every path). ``kind`` (krx.STOCK or krx.ETP) and ``quote`` are used
        when the caller has them; else KIS is asked. A US request without a session gets the one open now (the
        daytime session while it runs): the prepared request says which.
        """
        caps = Caps.of(self.profile)
        at = self.now()
        listed = None
        if request.market == "KRX":
            request = replace(request, code=normalize_code(request.code), venue=str(request.venue).strip().upper())
            priced = request.order_type.needs_price and request.price is not None
            if quote is not None and quote.venue != KRX and request.order_type in sessions.AFTER_HOURS_TYPES:
                quote = None  # the after-hours prices are set against KRX's close
            if quote is None and (priced and kind is None or request.stop_price is not None
                                  or caps.any and request.price is None or reserve and priced
                                  or request.order_type in sessions.AFTER_HOURS_TYPES):
                quote = self.price(request.code, KRX)
            if kind is None and priced:
                kind = self.tick_table(request.code, quote)
            if request.venue in (NXT, SOR) and not reserve:
                listed = self.nxt_listed(request.code)
        elif not reserve:
            request = replace(request, session=rules.us_session(request, at))
        problems = self._offered(request, reserve) or rules.request_problems(
            request, kind=kind, quote=quote, at=at, nxt_listed=listed, reserve=reserve)
        rate = self.usd_rate() if caps.needs_rate(request) and not problems else None
        est = caps_estimate(request, quote, rate)
        if not problems:
            problems = order_problems(est, caps) + batch_problems(est.won, caps)
        if problems:
            said = "; ".join(problems)
            raise InvalidOrder(t("reservation not sent: {problems}", problems=said) if reserve else
                               t("order not sent: {problems}", problems=said), tuple(problems))
        return PreparedOrder(request, kind, quote, est)

    def _offered(self, request: OrderRequest, reserve: bool) -> list[str]:
        """What KIS's domain does not offer for the request (the mock domain: KRX only, no daytime session,
        no domestic reservations)."""
        if self.profile.domain != spec.MOCK:
            return []
        if request.book == KR and request.venue != KRX and not reserve:
            return [t("KIS's mock domain (모의투자) takes KRX orders only, not {venue}: set Venue to KRX",
                      venue=request.venue)]
        endpoint = spec.ENDPOINTS[_order_endpoint(request, reserve)]
        if endpoint.tr_id(self.profile.domain) is None:
            return [t("KIS's mock domain (모의투자) offers no domestic reservations (예약주문)") if reserve else
                    t("KIS's mock domain (모의투자) offers no US daytime session (주간거래)")]
        return []

    def place_order(self, request: OrderRequest, *, kind: str | None = None, quote: Quote | None = None,
                    on_send: Callable[[], None] | None = None) -> OrderAck:
        """Send one order exactly as given, once, after ``prepare_order``'s checks (InvalidOrder: nothing sent).

        ``on_send`` is called just before the request leaves (each time it does). Raises KisError on
        rejection, OrderOutcomeUnknown if the answer may be lost after sending.
        """
        request = self.prepare_order(request, kind=kind, quote=quote).request
        if request.market != "KRX":
            return self._place_us(request, on_send)
        order_type = request.order_type
        body = dict(self._account(), PDNO=request.code, ORD_DVSN=order_type.value, ORD_QTY=str(request.quantity),
                    ORD_UNPR=str(int(request.price)) if order_type.needs_price else "0",
                    EXCG_ID_DVSN_CD=request.venue)
        if request.stop_price is not None:
            body["CNDT_PRIC"] = str(int(request.stop_price))
        if request.side == Side.SELL:
            body["SLL_TYPE"] = "01"
        resp = self.transport.call(_order_endpoint(request), body=body, on_send=on_send)
        return _ack(resp, request.market, self.now(), request.venue)

    def usd_rate(self) -> float | None:
        """Won per dollar as KIS posts it (inquire-present-balance ``frst_bltn_exrt``), read once a day."""
        today = self.now().date()
        if getattr(self, "_usd_rate", (None, None))[0] != today:
            try:
                self._usd_rate = (today, self.us_cash().exchange_rate)
            except KisXlError:
                return None
        return self._usd_rate[1]

    def _place_us(self, request: OrderRequest, on_send) -> OrderAck:
        """The order endpoint's body, or the daytime session's (미국주간주문: no SLL_TYPE, limit only)."""
        exchange = spec.US_QUOTE_TO_TRADE[request.market]
        body = dict(self._account(), OVRS_EXCG_CD=exchange, PDNO=request.code.upper(), ORD_QTY=str(request.quantity),
                    OVRS_ORD_UNPR=rules.us_wire_price(request.price), CTAC_TLNO="", MGCO_APTM_ODNO="",
                    ORD_SVR_DVSN_CD="0", ORD_DVSN="00")
        daytime = request.session == US_DAYTIME
        if not daytime:
            body["SLL_TYPE"] = "00" if request.side == Side.SELL else ""
        resp = self.transport.call(_order_endpoint(request), body=body, on_send=on_send)
        ack = _ack(resp, request.market, self.now(), US_DAY_VENUE if daytime else US_ORDER_VENUE)
        self._us_venues.remember(ack)
        return ack

    def buy(self, code, quantity: int, price: float | None = None, order_type: OrderType | None = None, *,
            venue: str | None = None) -> OrderAck:
        """A domestic buy on a venue (default: the profile's); without a type, LIMIT when a price is given and
        MARKET when not."""
        return self.place_order(OrderRequest(code, Side.BUY, quantity, price, order_type or default_type(price),
                                             venue=self.order_venue(venue)))

    def sell(self, code, quantity: int, price: float | None = None, order_type: OrderType | None = None, *,
             venue: str | None = None) -> OrderAck:
        """A domestic sell on a venue (default: the profile's); without a type, LIMIT when a price is given and
        MARKET when not."""
        return self.place_order(OrderRequest(code, Side.SELL, quantity, price, order_type or default_type(price),
                                             venue=self.order_venue(venue)))

    def today_order(self, order: OrderId, code: str | None = None) -> OrderRecord:
        """Today's order ``order`` as KIS lists it, refused unless it is today's (and of ``code``, when given).

        KIS modifies and cancels only the day's orders, and its numbers restart daily: yesterday's number
        names another order today, perhaps another program's, so an earlier day's order is never sent on.
        """
        today = trading_day(order.book, self.now())
        if order.day != today:
            raise InvalidOrder(f"order {order} is from an earlier day: KIS changes only today's ({today:%Y-%m-%d}) "
                               f"orders, and its numbers restart daily; nothing was sent")
        orders = self.us_daily_orders().orders if order.book == US else self.daily_orders().orders
        found = next((o for o in orders if o.id == order), None)
        if found is None:
            raise InvalidOrder(f"order {order} is not among today's orders; nothing was sent")
        if code and found.code.upper() != code.strip().upper():
            raise InvalidOrder(f"order {order} is a {found.code} order, not {code}; nothing was sent")
        return found

    def _order_id(self, order: str | OrderId, book: str = KR) -> OrderId:
        """A typed number means today's order of the book."""
        if isinstance(order, OrderId):
            return order
        return OrderId(trading_day(book, self.now()), book, str(order).strip().lstrip("0"))

    def _revise(self, order: str | OrderId, *, cancel: bool, quantity: int | None, price: float | None,
                order_type: OrderType, code: str | None, on_send, session: str | None = None) -> OrderAck:
        original = self.today_order(self._order_id(order), code)
        us_session = self._us_session_of(original, session) if original.id.book == US else ""
        if not cancel:  # the modified order meets every check a new one would (rules, sessions, the profile's caps)
            changed = OrderRequest(original.code, original.side, quantity or original.remaining_qty, price, order_type,
                                   original.market, venue=original.venue if original.id.book == KR else KRX,
                                   session=us_session)
            try:
                self.prepare_order(changed)
            except InvalidOrder as exc:
                raise InvalidOrder(t("not modified: {problems}", problems="; ".join(exc.problems) or str(exc)),
                                   exc.problems) from None
        if original.id.book == US:
            return self._us_revise(original, cancel=cancel, quantity=quantity, price=price, on_send=on_send,
                                   daytime=us_session == US_DAYTIME)
        body = dict(self._account(), KRX_FWDG_ORD_ORGNO=original.branch, ORGN_ODNO=original.order_no,
                    ORD_DVSN=order_type.value, RVSE_CNCL_DVSN_CD="02" if cancel else "01", ORD_QTY=str(quantity or 0),
                    ORD_UNPR="0" if cancel or not price else str(int(price)),
                    QTY_ALL_ORD_YN="Y" if quantity is None else "N", EXCG_ID_DVSN_CD=original.venue)
        return _ack(self.transport.call("order_modify", body=body, on_send=on_send), original.market, self.now(),
                    original.venue)

    @staticmethod
    def _us_session_of(original: OrderRecord, session: str | None) -> str:
        """The endpoint a US order is changed through: the one named, else the one it went through (by when KIS
        booked it); InvalidOrder when the daytime session and the pre-market both ran then."""
        if session:
            return session
        venue = original.venue if original.venue in (US_DAY_VENUE, US_ORDER_VENUE) else us_venue(original.placed_at)
        if not venue:
            raise InvalidOrder(f"order {original.id} was placed while the US daytime session and the pre-market both "
                               f"ran: say which it went to (session day or regular); nothing was sent")
        return US_DAYTIME if venue == US_DAY_VENUE else US_REGULAR_ENDPOINT

    def modify_order(self, order: str | OrderId, quantity: int | None = None, price: float | None = None,
                     order_type: OrderType = OrderType.LIMIT, *, code: str | None = None,
                     on_send: Callable[[], None] | None = None, session: str | None = None) -> OrderAck:
        """Replace the price (and optionally reduce the quantity; None = all remaining) of today's working order
        (a number alone means today's domestic order; an ``OrderId`` may name a US one), on its own venue; a
        US order through the endpoint it went to (``session`` "day" or "regular" when that cannot be told)."""
        if order_type.needs_price and not price:
            raise ValueError("a modified limit order needs a price")
        return self._revise(order, cancel=False, quantity=quantity, price=price, order_type=order_type, code=code,
                            on_send=on_send, session=session)

    def cancel_order(self, order: str | OrderId, quantity: int | None = None, *, code: str | None = None,
                     on_send: Callable[[], None] | None = None, session: str | None = None) -> OrderAck:
        """Cancel all remaining (quantity None) or part of today's working order (domestic, or US by OrderId)."""
        return self._revise(order, cancel=True, quantity=quantity, price=None, order_type=OrderType.LIMIT, code=code,
                            on_send=on_send, session=session)

    # order lists -------------------------------------------------------------------------
    def daily_orders(self, start: date | None = None, end: date | None = None, *, code=None, side: Side | None = None,
                     filled: str = "all", venue: str | None = None) -> DailyOrders:
        """Orders with their fills between start and end (default: today), newest first as KIS lists them; of
        every venue (ALL) unless one is named (the mock domain lists KRX, its only venue)."""
        today = self.now().date()
        end = end or start or today
        start = start or end
        ccld = {"all": "00", "filled": "01", "open": "02"}[filled]
        side_code = {None: "00", Side.SELL: spec.SIDE_SELL, Side.BUY: spec.SIDE_BUY}[side]
        params = dict(self._account(), INQR_STRT_DT=start.strftime("%Y%m%d"), INQR_END_DT=end.strftime("%Y%m%d"),
                      SLL_BUY_DVSN_CD=side_code, INQR_DVSN="00", PDNO=normalize_code(code) if code else "",
                      CCLD_DVSN=ccld, ORD_GNO_BRNO="", ODNO="", INQR_DVSN_3="00", INQR_DVSN_1="",
                      EXCG_ID_DVSN_CD=venue or ("ALL" if self.profile.domain == spec.REAL else KRX))
        endpoint = "daily_orders" if (today - start).days <= RECENT_DAYS else "daily_orders_old"
        rows, last = self.transport.paged(endpoint, params=params)
        t = last.output2 if isinstance(last.output2, dict) else ((last.output2 or [{}])[0])
        return DailyOrders([_order_record(r, today) for r in rows], integer(t.get("tot_ord_qty")),
                           integer(t.get("tot_ccld_qty")), num(t.get("tot_ccld_amt")), num(t.get("prsm_tlex_smtl")))

    def pending_orders(self) -> list[OrderRecord]:
        """Working (unfilled or partly filled) orders; the mock domain lacks TTTC0084R, so ask daily-ccld there."""
        if spec.ENDPOINTS["pending"].tr_id(self.profile.domain) is None:
            return [o for o in self.daily_orders(filled="open").orders if o.remaining_qty > 0]
        params = dict(self._account(), INQR_DVSN_1="0", INQR_DVSN_2="0")
        rows, _ = self.transport.paged("pending", params=params, list_key="output")
        today = self.now().date()
        return [OrderRecord(
            order_date=today, order_no=_text(r, "odno"), branch=_text(r, "ord_gno_brno"), code=_text(r, "pdno"),
            name=_text(r, "prdt_name"), side=_side(r.get("sll_buy_dvsn_cd")),
            order_type=OrderType.from_code(_text(r, "ord_dvsn_cd")),
            quantity=integer(r.get("ord_qty")), price=num(r.get("ord_unpr")), time=hms(r.get("ord_tmd")),
            filled_qty=integer(r.get("tot_ccld_qty")), avg_fill_price=0.0, filled_amount=num(r.get("tot_ccld_amt")),
            remaining_qty=integer(r.get("psbl_qty")), orig_order_no=_text(r, "orgn_odno"),
            venue=_text(r, "excg_id_dvsn_cd") or KRX) for r in rows]

    # US ----------------------------------------------------------------------------------
    def _us_balance_exchanges(self) -> tuple[str, ...]:
        """What to ask inquire-balance for all US holdings: NASD is all of the US on the real domain only."""
        return ("NASD",) if self.profile.domain == spec.REAL else ("NASD", "NYSE", "AMEX")

    def us_holdings(self) -> list[Holding]:
        """US holdings (inquire-balance TTTS3012R), once per exchange on the mock domain."""
        holdings: dict[str, Holding] = {}
        for exchange in self._us_balance_exchanges():
            rows, _ = self.transport.paged("us_balance", params=dict(self._account(), OVRS_EXCG_CD=exchange,
                                                                     TR_CRCY_CD="USD"),
                                           ctx=("CTX_AREA_FK200", "CTX_AREA_NK200"))
            for r in rows:
                if integer(r.get("ovrs_cblc_qty")) > 0:
                    h = _us_holding(r)
                    holdings.setdefault(h.code, h)
        return list(holdings.values())

    def us_cash(self) -> UsCash:
        """USD deposit, withdrawable USD and the rate (inquire-present-balance CTRP6504R: output2's USD row)."""
        resp = self.transport.call("us_present_balance", params=dict(
            self._account(), WCRC_FRCR_DVSN_CD="02", NATN_CD="840", TR_MKET_CD="00", INQR_DVSN_CD="00"))
        rows = resp.output2 if isinstance(resp.output2, list) else [resp.output2 or {}]
        usd = next((r for r in rows if _text(r, "crcy_cd") == "USD"), {})
        return UsCash(deposit=num(usd.get("frcr_dncl_amt_2")), withdrawable=num(usd.get("frcr_drwg_psbl_amt_1")),
                      exchange_rate=num(usd.get("frst_bltn_exrt")) or None)

    def us_balance(self) -> Balance:
        """US holdings and a USD summary whose cash is the present balance's frcr_dncl_amt_2."""
        holdings = self.us_holdings()
        cash = self.us_cash().deposit
        cost = sum(h.purchase_amount for h in holdings)
        evaluation = sum(h.evaluation for h in holdings)
        summary = BalanceSummary(deposit=cash, d2_cash=cash, securities_eval=evaluation, total_eval=evaluation + cash,
                                 purchase_total=cost, pnl_total=evaluation - cost, net_assets=evaluation + cash,
                                 currency="USD")
        return Balance(holdings, summary)

    def us_buying_power(self, symbol: str, price: float | None = None, exchange: str | None = None) -> BuyingPower:
        """Orderable USD and the most shares it buys at a price (inquire-psamount; current price if None)."""
        symbol = symbol.strip().upper()
        excd = exchange or self._us_exchange_of(symbol)
        unit = price if price else self.us_price(symbol, excd).price
        o = self.transport.call("us_buying_power", params=dict(
            self._account(), OVRS_EXCG_CD=spec.US_QUOTE_TO_TRADE[excd], OVRS_ORD_UNPR=f"{unit:.2f}",
            ITEM_CD=symbol)).output or {}
        return BuyingPower(symbol, unit, num(o.get("ord_psbl_frcr_amt")), integer(o.get("max_ord_psbl_qty")),
                           integer(o.get("max_ord_psbl_qty")) * unit, currency="USD")

    def _us_exchange_of(self, symbol: str) -> str:
        return self.us_price(symbol).market

    def us_daily_orders(self, start: date | None = None, end: date | None = None) -> DailyOrders:
        """US orders with their fills between start and end (US trading days, as KIS dates them in New York;
        default: the US trading day running or next to run, ``sessions.us_trading_day``)."""
        today = trading_day(US, self.now())
        end = end or start or today
        start = start or end
        everything = "%" if self.profile.domain == spec.REAL else ""  # the mock accepts blank only
        params = dict(self._account(), PDNO=everything, ORD_STRT_DT=start.strftime("%Y%m%d"),
                      ORD_END_DT=end.strftime("%Y%m%d"), SLL_BUY_DVSN="00", CCLD_NCCS_DVSN="00",
                      OVRS_EXCG_CD=everything, SORT_SQN="DS", ORD_DT="", ORD_GNO_BRNO="", ODNO="")
        rows, _ = self.transport.paged("us_orders", params=params, ctx=("CTX_AREA_FK200", "CTX_AREA_NK200"),
                                       list_key="output")
        orders = [self._us_venues.fill(_us_order_record(r, today)) for r in rows]
        return DailyOrders(orders, sum(o.quantity for o in orders), sum(o.filled_qty for o in orders),
                           sum(o.filled_amount for o in orders), 0.0)

    def us_order(self, order_no: str, start: date | None = None) -> OrderRecord | None:
        """One US order of the day (or since ``start``) by its number."""
        wanted = str(order_no).lstrip("0")
        return next((o for o in self.us_daily_orders(start).orders if o.order_no.lstrip("0") == wanted), None)

    def _us_revise(self, original: OrderRecord, *, cancel: bool, quantity: int | None, price: float | None,
                   on_send=None, daytime: bool = False) -> OrderAck:
        body = dict(self._account(), OVRS_EXCG_CD=spec.US_QUOTE_TO_TRADE.get(original.market, "NASD"),
                    PDNO=original.code, ORGN_ODNO=original.order_no, RVSE_CNCL_DVSN_CD="02" if cancel else "01",
                    ORD_QTY=str(quantity or original.remaining_qty),
                    OVRS_ORD_UNPR="0" if cancel else rules.us_wire_price(price), MGCO_APTM_ODNO="", ORD_SVR_DVSN_CD="0")
        if daytime:
            body["CTAC_TLNO"] = ""
        resp = self.transport.call("daytime_modify" if daytime else "us_order_modify", body=body, on_send=on_send)
        return _ack(resp, original.market, self.now(), US_DAY_VENUE if daytime else US_ORDER_VENUE)

    def cancel_us_order(self, order_no: str, quantity: int | None = None, *, session: str | None = None) -> OrderAck:
        """Cancel all remaining (quantity None) or part of today's working US order."""
        return self.cancel_order(self._order_id(order_no, US), quantity, session=session)

    def modify_us_order(self, order_no: str, price: float, quantity: int | None = None, *,
                        session: str | None = None) -> OrderAck:
        """Give today's working US order a new limit price (for all remaining shares, or ``quantity`` of them)."""
        if not price or price <= 0:
            raise ValueError("a modified US order needs a price")
        return self._revise(self._order_id(order_no, US), cancel=False, quantity=quantity, price=price,
                            order_type=OrderType.LIMIT, code=None, on_send=None, session=session)

    def us_pending_orders(self) -> list[OrderRecord]:
        rows, _ = self.transport.paged("us_pending", params=dict(self._account(), OVRS_EXCG_CD="NASD",
                                                                 SORT_SQN="DS"),
                                       ctx=("CTX_AREA_FK200", "CTX_AREA_NK200"), list_key="output")
        today = self.now().date()
        return [OrderRecord(
            order_date=ymd(r.get("ord_dt")) or today, order_no=_text(r, "odno"),
            branch=_text(r, "ord_gno_brno"), code=_text(r, "pdno"), name=_text(r, "prdt_name"),
            side=_side(r.get("sll_buy_dvsn_cd")), order_type=OrderType.LIMIT, quantity=integer(r.get("ft_ord_qty")),
            price=num(r.get("ft_ord_unpr3")), time=hms(r.get("ord_tmd")), filled_qty=integer(r.get("ft_ccld_qty")),
            avg_fill_price=num(r.get("ft_ccld_unpr3")), filled_amount=num(r.get("ft_ccld_amt3")),
            remaining_qty=integer(r.get("nccs_qty")),
            market=spec.US_TRADE_TO_QUOTE.get(_text(r, "ovrs_excg_cd"), "NAS")) for r in rows]


def _us_holding(r: dict) -> Holding:
    return Holding(code=_text(r, "ovrs_pdno"), name=_text(r, "ovrs_item_name"), quantity=integer(r.get("ovrs_cblc_qty")),
                   orderable_qty=integer(r.get("ord_psbl_qty")), avg_price=num(r.get("pchs_avg_pric")),
                   purchase_amount=num(r.get("frcr_pchs_amt1")), price=num(r.get("now_pric2")),
                   evaluation=num(r.get("ovrs_stck_evlu_amt")), pnl=num(r.get("frcr_evlu_pfls_amt")),
                   pnl_pct=num(r.get("evlu_pfls_rt")),
                   market=spec.US_TRADE_TO_QUOTE.get(_text(r, "ovrs_excg_cd"), _text(r, "ovrs_excg_cd")),
                   currency=_text(r, "tr_crcy_cd") or "USD")


def _us_order_record(r: dict, today: date) -> OrderRecord:
    """A row of inquire-ccnl. A cancel record, or an order with nothing left and not all filled, is cancelled."""
    qty, filled, left = integer(r.get("ft_ord_qty")), integer(r.get("ft_ccld_qty")), integer(r.get("nccs_qty"))
    rejected = _text(r, "prcs_stat_name") == "거부"
    cancelled = _text(r, "rvse_cncl_dvsn") == "02" or (not left and filled < qty and not rejected)
    placed = _kst(r.get("dmst_ord_dt"), r.get("thco_ord_tmd"))  # KIS's own (KST) date and time of the order
    return OrderRecord(
        order_date=ymd(r.get("ord_dt")) or today, order_no=_text(r, "odno"), branch=_text(r, "ord_gno_brno"),
        code=_text(r, "pdno"), name=_text(r, "prdt_name"), side=_side(r.get("sll_buy_dvsn_cd")),
        order_type=OrderType.LIMIT,
        quantity=qty, price=num(r.get("ft_ord_unpr3")), time=hms(r.get("ord_tmd")), filled_qty=filled,
        avg_fill_price=num(r.get("ft_ccld_unpr3")), filled_amount=num(r.get("ft_ccld_amt3")), remaining_qty=left,
        cancelled=cancelled, rejected_qty=qty - filled if rejected else 0, orig_order_no=_text(r, "orgn_odno"),
        market=spec.US_TRADE_TO_QUOTE.get(_text(r, "ovrs_excg_cd"), "NAS"),
        placed_at=placed, venue=us_venue(placed),
        action={"01": "MODIFY", "02": "CANCEL"}.get(_text(r, "rvse_cncl_dvsn"), "MODIFY" if _text(r, "orgn_odno")
                                                                               else "NEW"))
