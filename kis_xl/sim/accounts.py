"""Simulated accounts: cash, holdings, orders and fills, matched against the market's own price paths.

Rules (see docs/SIMULATOR.md): an order lives in the session it was booked in (``kis_xl.sessions``: KRX's
regular session or its after-hours sessions, NXT's pre-market, main session or after-market, the US
daytime, pre-market, regular or after-market session) and matches against that session's track
(``tracks.py``). Market-type orders fill at once at the current price, limit orders at once when
marketable or later when the track crosses their price; 장전/장후 시간외 orders at the close; 시간외 단일가
orders at the auction every ten minutes. At most ``LIQUIDITY_SHARE`` of a step's volume (at least
``MIN_LIQUIDITY`` shares) fills per order per step, so large orders fill partially; IOC remainders are
cancelled, FOK orders that cannot fill whole are cancelled whole. SOR sends an order to the venue with the
better price, the rest to the other, and rests what is left on KRX while its session runs (else on NXT).
Cash moves at the fill (settlement is not delayed to D+2); commission and sell tax are charged at
configurable rates. A day order stays working until its book's next regular session begins.

Order numbers restart every trading day and per book, as KIS's do: the first domestic order of a KST
day and the first US order of a US trading day are both 0000001001. Modify and cancel find the
original among the orders of the book's current day only, so yesterday's number names today's order.
Reservations (예약주문) are kept per account beside the orders (``reservations.py``) and become orders
here when their session opens.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from .. import krx, sessions, spec
from ..files import write_json
from ..models import OrderType
from ..sessions import Session
from ..venues import KRX, NXT, SOR
from .protocol import KisFault
from .reservations import SimReservation, release_due
from .tracks import Track

FIRST_ORDER_NO = 1_001
LIQUIDITY_SHARE = 0.25
MIN_LIQUIDITY = 1_000
MARKET_TYPES = frozenset({"01", "13", "14"})  # fill at the market, whatever the price
OPPOSITE_BEST = frozenset({"03", "15", "16"})  # 최유리: priced at the best price on the other side as they arrive
SAME_BEST = frozenset({"04"})  # 최우선: priced at the best price on their own side, and wait there
MID = frozenset({"21", "23", "24"})  # 중간가: at the middle of the best bid and ask, fill there
CONDITIONAL, STOP_LIMIT = "02", "22"  # 조건부지정가: a limit that turns market at the close; 스톱지정가: a trigger first
AT_CLOSE, SINGLE_PRICE = frozenset({"05", "06"}), "07"  # 장전/장후 시간외 종가; 시간외 단일가
IOC_TYPES, FOK_TYPES = frozenset({"11", "13", "15", "23"}), frozenset({"12", "14", "16", "24"})
US_EXCHANGES = {"NASD": "NAS", "NYSE": "NYS", "AMEX": "AMS"}
US_DAY_VENUE = "US-DAY"  # a US order of the daytime session (its own endpoints)
USD_KRW = 1_380.0  # the simulator's fixed exchange rate (bass_exrt / frst_bltn_exrt); FX is not modelled


@dataclass
class SimOrder:
    order_no: str
    branch: str
    day: str  # YYYYMMDD of its session
    time: str  # HHMMSS
    code: str
    name: str
    side: str  # spec.SIDE_SELL "01" / spec.SIDE_BUY "02"
    ord_dvsn: str
    qty: int
    price: float  # limit price; 0 for market-type orders
    reserve_price: float  # what a buy reserves per share (limit price, or the upper limit)
    market: str = "KRX"  # KRX or NASD/NYSE/AMEX
    filled_qty: int = 0
    filled_amount: float = 0.0
    cancelled_qty: int = 0
    rejected_qty: int = 0
    orig_order_no: str = ""
    fees: float = 0.0
    checked_minute: int = 0  # the last minute of its session already matched
    closed: bool = False  # no longer working (filled, cancelled, expired)
    foreign: bool = False  # booked by a fault's "other program" (twin_orders): the soak's oracle, never on the wire
    stop_price: float = 0.0  # STOP_LIMIT's trigger (CNDT_PRIC)
    triggered: str = ""  # HHMMSS its trigger was reached (stpm_efct_occr_dtmd); a stop order waits until then
    venue: str = KRX  # KRX, NXT or SOR (EXCG_ID_DVSN_CD); a US order: "US", or "US-DAY" for the daytime session
    session: str = ""  # the key of the session it rests in (sessions.SESSIONS); "" for the regular session
    track_day: str = ""  # YYYYMMDD of that session's calendar day ("" = ``day``)
    venue_fills: dict = field(default_factory=dict)  # an SOR order's fills per venue (KRX, NXT)
    reservation: str = ""  # the reservation it was sent for ("" for an ordinary order)

    @property
    def remaining(self) -> int:
        return self.qty - self.filled_qty - self.cancelled_qty - self.rejected_qty

    @property
    def working(self) -> bool:
        return not self.closed and self.remaining > 0

    @property
    def is_us(self) -> bool:
        return self.market != "KRX"

    @property
    def rests_in(self) -> Session:
        """The session whose track it matches against."""
        return sessions.find(self.session or ("US" if self.is_us else "KRX"))

    @property
    def matched_day(self) -> date:
        return datetime.strptime(self.track_day or self.day, "%Y%m%d").date()

    @property
    def waiting(self) -> bool:
        """A stop order whose trigger has not traded yet: it is not in the book."""
        return self.ord_dvsn == STOP_LIMIT and not self.triggered

    def reaches(self, price: float) -> bool:
        """Whether a trade at ``price`` meets this order's limit."""
        return price <= self.price if self.side == spec.SIDE_BUY else price >= self.price

    def triggers(self, price: float) -> bool:
        return price >= self.stop_price if self.side == spec.SIDE_BUY else price <= self.stop_price


@dataclass
class Position:
    code: str
    name: str
    qty: int = 0
    cost: float = 0.0  # purchase amount of the shares held
    market: str = "KRX"


@dataclass
class Account:
    cash: float
    usd: float
    positions: dict[str, Position] = field(default_factory=dict)
    orders: list[SimOrder] = field(default_factory=list)
    fees_today: float = 0.0
    fills: list[dict] = field(default_factory=list)  # every fill ("us": a US one): what realised P&L is from
    reservations: list = field(default_factory=list)  # reservations.SimReservation, in the order placed

    def open_buy_reserve(self, us: bool) -> float:
        return sum(o.remaining * o.reserve_price for o in self.orders
                   if o.working and o.side == spec.SIDE_BUY and o.is_us == us)

    def open_sell_qty(self, code: str) -> int:
        return sum(o.remaining for o in self.orders if o.working and o.side == spec.SIDE_SELL and o.code == code)


class Trading:
    """All accounts of one SimWorld, keyed by (domain, app key, CANO, ACNT_PRDT_CD)."""

    def __init__(self, world, *, commission: float = 0.00015, sell_tax: float = 0.0018,
                 us_commission: float = 0.0025):
        self.world = world
        self.commission = commission
        self.sell_tax = sell_tax
        self.us_commission = us_commission
        self.lock = threading.RLock()
        self.accounts: dict[str, Account] = {}
        self.counters: dict[str, int] = {}  # "YYYYMMDD|KR" or "YYYYMMDD|US" → the last number issued
        self._load()

    # persistence ------------------------------------------------------------------------------
    def _load(self) -> None:
        path = self.world.state_file
        if not path or not os.path.exists(path):
            return
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        self.counters = dict(data.get("order_counters", {}))
        for key, raw in data["accounts"].items():
            acct = Account(raw["cash"], raw["usd"], fees_today=raw.get("fees_today", 0.0), fills=raw.get("fills", []))
            acct.positions = {c: Position(**p) for c, p in raw["positions"].items()}
            acct.orders = [SimOrder(**o) for o in raw["orders"]]
            acct.reservations = [SimReservation(**r) for r in raw.get("reservations", [])]
            self.accounts[key] = acct

    def save(self) -> None:
        """Write the state file atomically (temp file + rename), if the world has one."""
        path = self.world.state_file
        if not path:
            return
        with self.lock:
            data = {"order_counters": self.counters, "accounts": {
                k: {"cash": a.cash, "usd": a.usd, "fees_today": a.fees_today,
                    "positions": {c: asdict(p) for c, p in a.positions.items()},
                    "orders": [asdict(o) for o in a.orders], "fills": a.fills,
                    "reservations": [asdict(r) for r in a.reservations]} for k, a in self.accounts.items()}}
        write_json(path, data)

    def on_clock_change(self) -> None:
        """Nothing to do eagerly: orders are matched (and reservations sent) lazily on the next request."""

    # accounts ---------------------------------------------------------------------------------
    @staticmethod
    def key(domain: str, app_key: str, account: str) -> str:
        """Where an account is kept: the app key only as a hash, so a state file never holds a key."""
        return f"{domain}|{hashlib.sha256(app_key.encode()).hexdigest()[:24]}|{account}"

    def account(self, domain: str, app_key: str, cano: str, product: str, tr_id: str = "") -> Account:
        if not (len(cano) == 8 and cano.isdigit() and len(product) == 2 and product.isdigit()):
            raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_ACNO", 200), tr_id=tr_id, rt_cd="2")
        key = self.key(domain, app_key, f"{cano}-{product}")
        with self.lock:
            acct = self.accounts.get(key)
            if acct is None:
                if self.world.strict_accounts:
                    raise KisFault(spec.Message("OPSQ2000", "ERROR : INPUT INVALID_CHECK_ACNO(계좌없음)", 200),
                                   tr_id=tr_id, rt_cd="2")
                acct = self.accounts[key] = Account(float(self.world.starting_cash), float(self.world.starting_usd))
            self.advance(acct)
            return acct

    def open_account(self, domain: str, app_key: str, cano: str, product: str, cash: float | None = None) -> None:
        key = self.key(domain, app_key, f"{cano}-{product}")
        with self.lock:
            self.accounts[key] = Account(float(self.world.starting_cash if cash is None else cash),
                                         float(self.world.starting_usd))
        self.save()

    # matching ---------------------------------------------------------------------------------
    def _track(self, order: SimOrder) -> Track:
        return self.world.tracks.track(order.code, order.rests_in, order.matched_day)

    @staticmethod
    def _liquidity(track: Track, step: int) -> int:
        vol = int(track.volumes[min(max(step, 1), track.steps) - 1])
        return max(MIN_LIQUIDITY, int(vol * LIQUIDITY_SHARE))

    def _fill(self, acct: Account, order: SimOrder, qty: int, price: float, venue: str = "") -> None:
        amount = qty * price
        us = order.is_us
        fee = amount * (self.us_commission if us else self.commission)
        tax = amount * self.sell_tax if order.side == spec.SIDE_SELL and not us else 0.0
        fee, tax = (round(fee, 2), round(tax, 2)) if us else (math.floor(fee), math.floor(tax))
        pos = acct.positions.get(order.code) or Position(order.code, order.name, market=order.market)
        if order.side == spec.SIDE_BUY:
            pos.qty += qty
            pos.cost += amount
            delta = -(amount + fee)
            acct.fills.append({"day": order.day, "code": order.code, "name": order.name, "side": order.side,
                               "qty": qty, "price": price, "fee": fee, "tax": tax, "cost": amount, "us": us})
        else:
            avg = pos.cost / pos.qty if pos.qty else 0
            # the cost of the shares sold, at the average price: realised P&L (period-profit, US too)
            acct.fills.append({"day": order.day, "code": order.code, "name": order.name, "side": order.side,
                               "qty": qty, "price": price, "fee": fee, "tax": tax, "cost": avg * qty, "us": us,
                               "market": order.market})
            pos.qty -= qty
            pos.cost = pos.cost - avg * qty if pos.qty else 0.0
            delta = amount - fee - tax
        if us:
            acct.usd = round(acct.usd + delta, 2)
        else:
            acct.cash += delta
            acct.fees_today += fee + tax
        acct.positions[order.code] = pos
        if pos.qty == 0:
            acct.positions.pop(order.code)
        order.filled_qty += qty
        order.filled_amount += amount
        order.fees += fee + tax
        if order.venue == SOR and venue:
            order.venue_fills[venue] = order.venue_fills.get(venue, 0) + qty
        if order.remaining == 0:
            order.closed = True

    def _expired(self, order: SimOrder, now: datetime) -> bool:
        """A day order stays working until its book's next regular session begins."""
        return self.world.market.session_for(now, order.is_us)[0] > order.matched_day

    def advance(self, acct: Account) -> None:
        """Send the reservations whose session has opened, then match the account's working orders against each
        step of their session since they were last checked.

        A limit (and a priced order) fills at its price when the step trades at or through it; a market order
        and a closing-price order (05, 06) at the step's price; a 시간외 단일가 order (07) at the auction's price
        when it reaches its limit. A stop order enters the book in the step its trigger trades. A conditional
        limit (조건부지정가) still working at the close fills at the close, as a market order in the closing
        auction. Day orders expire when their book's next regular session begins.
        """
        now = self.world.now()
        release_due(self, acct, now)
        for order in acct.orders:
            if not order.working:
                continue
            track = self._track(order)
            last = track.done(now)
            for m in range(order.checked_minute + 1, last + 1):
                price = float(track.prices[m])
                if order.waiting:
                    if not order.triggers(price):
                        continue
                    order.triggered = track.time_of(m).astimezone(krx.KST).strftime("%H%M%S")
                qty = min(order.remaining, self._liquidity(track, m))
                if order.ord_dvsn == CONDITIONAL and m == track.steps:
                    self._fill(acct, order, order.remaining, price, track.session.venue)
                elif order.ord_dvsn in MARKET_TYPES or order.ord_dvsn in AT_CLOSE:
                    self._fill(acct, order, qty, price, track.session.venue)
                elif order.reaches(price):
                    at = price if order.ord_dvsn == SINGLE_PRICE else order.price
                    self._fill(acct, order, qty, at, track.session.venue)
                if not order.working:
                    break
            order.checked_minute = max(order.checked_minute, last)
            if order.working and self._expired(order, now):
                order.closed = True

    def _peg(self, ord_dvsn: str, side: str, state) -> float:
        """The price KIS gives a pegged order as it arrives, from the book (best bid = price, best ask = +1 tick)."""
        tick = krx.tick_size(state.price, state.instrument.kind)
        bid, ask = state.price, min(state.price + tick, state.upper_limit)
        buy = side == spec.SIDE_BUY
        if ord_dvsn in OPPOSITE_BEST:
            return ask if buy else bid
        if ord_dvsn in SAME_BEST:
            return bid if buy else ask
        return (bid + ask) / 2  # MID

    def _immediate(self, acct: Account, order: SimOrder, tracks: list[Track], now: datetime) -> None:
        """Fill what is marketable now, on the venues in the order given (an SOR order's best price first);
        apply IOC/FOK to what is left. A stop order whose trigger already trades enters the book at once; a
        최우선 order waits at its own side's best price; a 시간외 단일가 order waits for the next auction."""
        quotes = [(t, float(t.prices[t.done(now)])) for t in tracks]
        if order.waiting and order.triggers(quotes[0][1]):
            order.triggered = now.astimezone(krx.KST).strftime("%H%M%S")
        passive = order.waiting or order.ord_dvsn in SAME_BEST or order.ord_dvsn == SINGLE_PRICE
        takers = [(t, p) for t, p in quotes if not passive and (
            order.ord_dvsn in MARKET_TYPES or order.ord_dvsn in AT_CLOSE or order.reaches(p))]
        available = sum(self._liquidity(t, t.done(now)) for t, _ in takers)
        if order.ord_dvsn in FOK_TYPES and available < order.qty:
            order.cancelled_qty = order.qty
            order.closed = True
            return
        for t, p in takers:
            fill = order.price if order.ord_dvsn in MID else p
            self._fill(acct, order, min(order.remaining, self._liquidity(t, t.done(now))), fill, t.session.venue)
            if not order.working:
                break
        if order.ord_dvsn in IOC_TYPES and order.working:
            order.cancelled_qty += order.remaining
            order.closed = True

    # orders -----------------------------------------------------------------------------------
    def _new_order_no(self, day: str, us: bool) -> str:
        """The next number of a book's day: numbers restart every trading day, per book."""
        return self.next_number(f"{day}|{'US' if us else 'KR'}")

    def next_number(self, counter: str) -> str:
        """The next number of a counter (a book's day), ten digits."""
        self.counters[counter] = self.counters.get(counter, FIRST_ORDER_NO - 1) + 1
        return f"{self.counters[counter]:010d}"

    def today(self, us: bool) -> str:
        """The book's current day (YYYYMMDD): KST's date, or the US trading day (``sessions.us_trading_day``)."""
        now = self.world.now()
        if us:
            return sessions.us_trading_day(now).strftime("%Y%m%d")
        return now.astimezone(krx.KST).strftime("%Y%m%d")

    def branch(self, domain: str) -> str:
        return "06010" if domain == spec.REAL else "00950"

    def routes(self, code: str, venue: str, order_type: OrderType, now: datetime, listed: bool) -> list[Track]:
        """The tracks of the sessions open now where the venue takes the type: SOR's both KRX and NXT, best
        first once priced (``place``)."""
        if venue == SOR and order_type not in sessions.VENUE_TYPES[SOR]:
            return []
        found = []
        for real in ((KRX, NXT) if venue == SOR else (venue,)):
            st = sessions.taking(real, order_type, now) if real != NXT or listed else None
            if st is not None:
                found.append(self.world.tracks.track(code, st.session, st.day))
        return found

    def reference(self, code: str, track: Track, now: datetime):
        """The quote an order is checked against: its venue's (NXT's own day and limits before KRX opens)."""
        if track.session.venue == NXT:
            return self.world.tracks.venue_state(code, NXT, now)
        return self.world.market.quote(code, now)

    def _check_price(self, tr_id: str, ord_dvsn: str, price_text: str, state) -> int:
        """The price a domestic order carries, checked as KIS would: on the grid and within the limits; 시간외
        단일가 within ±10 % of the close; the closing-price types "0" (or the close itself)."""
        if ord_dvsn in AT_CLOSE:
            given = _int(price_text)
            if given not in (0, None, int(state.price)) or given is None and str(price_text).strip():
                raise KisFault("bad_price", tr_id=tr_id)
            return 0
        if ord_dvsn not in spec.PRICED_ORDER_TYPES:
            return 0
        price = _int(price_text)
        if not price or price <= 0 or not krx.on_tick(price, state.instrument.kind):
            raise KisFault("off_tick", tr_id=tr_id)
        high, low = state.upper_limit, state.lower_limit
        if ord_dvsn == SINGLE_PRICE:
            band_low, band_high = krx.single_price_band(state.price, state.instrument.kind)
            high, low = min(high, band_high), max(low, band_low)
        if price > high:
            raise KisFault("over_upper_limit", tr_id=tr_id)
        if price < low:
            raise KisFault("under_lower_limit", tr_id=tr_id)
        return price

    def place(self, acct: Account, *, domain: str, tr_id: str, side: str, code: str, ord_dvsn: str, qty_text: str,
              price_text: str, stop_text: str = "", venue: str = KRX, now: datetime | None = None,
              reservation: str = "") -> SimOrder:
        """Validate and accept a domestic cash order as KIS would, on its venue and session, then match what can
        fill now. ``now`` is the moment it is booked (a reservation's session open)."""
        mock = domain == spec.MOCK
        now = now or self.world.now()
        try:
            state = self.world.market.quote(code, now)
        except KeyError:
            raise KisFault("not_tradable_mock" if mock else "invalid_code", tr_id=tr_id,
                           rt_cd="1" if mock else "2") from None
        if ord_dvsn not in spec.ORDER_TYPES or OrderType(ord_dvsn) not in sessions.VENUE_TYPES[venue]:
            raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_ORD_DVSN", 200), tr_id=tr_id,
                           rt_cd="2")
        if code in self.world.halts:
            raise KisFault("halted", tr_id=tr_id)
        qty = _int(qty_text)
        if qty is None or qty <= 0:
            raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_ORD_QTY", 200), tr_id=tr_id,
                           rt_cd="2")
        if venue == NXT and not state.instrument.nxt:
            raise KisFault("nxt_not_listed", tr_id=tr_id)
        tracks = self.routes(code, venue, OrderType(ord_dvsn), now, state.instrument.nxt)
        if not tracks:
            raise KisFault("market_closed", tr_id=tr_id)
        state = self.reference(code, tracks[0], now)
        price = self._check_price(tr_id, ord_dvsn, price_text, state)
        stop = _int(stop_text) or 0 if ord_dvsn == STOP_LIMIT else 0
        if ord_dvsn == STOP_LIMIT and not (stop > 0 and krx.on_tick(stop, state.instrument.kind)
                                           and state.lower_limit <= stop <= state.upper_limit):
            raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_CNDT_PRIC", 200), tr_id=tr_id,
                           rt_cd="2")
        if ord_dvsn in OPPOSITE_BEST | SAME_BEST | MID:
            price = self._peg(ord_dvsn, side, state)
        with self.lock:
            unit = price or (state.price if ord_dvsn in AT_CLOSE else state.upper_limit)
            reserve = unit * (1 + self.commission)
            if side == spec.SIDE_BUY and qty * reserve > acct.cash - acct.open_buy_reserve(False) + 1e-6:
                raise KisFault("insufficient_cash_mock" if mock else "insufficient_cash", tr_id=tr_id)
            if side == spec.SIDE_SELL:
                held = acct.positions.get(code)
                if held is None and mock:
                    raise KisFault("no_holding_mock", tr_id=tr_id)
                if held is None or qty > held.qty - acct.open_sell_qty(code):
                    raise KisFault("insufficient_qty", tr_id=tr_id)
            buy = side == spec.SIDE_BUY
            tracks.sort(key=lambda t: (float(t.prices[t.done(now)]) * (1 if buy else -1), t.session.venue != KRX))
            rest = next((t for t in tracks if t.session.venue == KRX), tracks[0])
            day = now.astimezone(krx.KST).strftime("%Y%m%d")
            order = SimOrder(self._new_order_no(day, False), self.branch(domain), day,
                             now.astimezone(krx.KST).strftime("%H%M%S"), code, state.instrument.name, side, ord_dvsn,
                             qty, float(price), reserve if buy else 0.0, checked_minute=rest.done(now),
                             stop_price=float(stop), venue=venue, session=rest.session.key,
                             track_day=rest.day.strftime("%Y%m%d"), reservation=reservation)
            acct.orders.append(order)
            self._immediate(acct, order, tracks, now)
        self.save()
        return order

    def place_us(self, acct: Account, *, domain: str, tr_id: str, side: str, exchange: str, symbol: str,
                 ord_dvsn: str, qty_text: str, price_text: str, daytime: bool = False, now: datetime | None = None,
                 reservation: str = "") -> SimOrder:
        """A US limit order (NASD/NYSE/AMEX): price required; mock accepts ORD_DVSN 00 only, as does the daytime
        session (its own endpoint, 10:00-18:00 KST); the order endpoint takes the pre-market, the regular
        session and the after-market."""
        now = now or self.world.now()
        excd = US_EXCHANGES.get(exchange)
        market = self.world.market
        if excd is None or market.us_exchange(symbol) != excd:
            raise KisFault(spec.Message("APBK0656", "해당종목정보가 없습니다.", 200), tr_id=tr_id)
        allowed = {"00"} if domain == spec.MOCK or daytime else {"00", "31", "32", "33", "34"}
        if ord_dvsn not in allowed:
            raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_ORD_DVSN", 200), tr_id=tr_id,
                           rt_cd="2")
        qty = _int(qty_text)
        try:
            price = float(price_text)
        except ValueError:
            price = 0.0
        if qty is None or qty <= 0:
            raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_ORD_QTY", 200), tr_id=tr_id,
                           rt_cd="2")
        if price <= 0:
            raise KisFault("us_price_zero", tr_id=tr_id)
        if not krx.us_on_tick(price):
            raise KisFault("off_tick", tr_id=tr_id)
        chosen = (sessions.US_DAY,) if daytime else sessions.US_ORDER_SESSIONS
        st = sessions.taking(sessions.US_VENUE, OrderType.LIMIT, now, chosen)
        if st is None:
            raise KisFault("market_closed", tr_id=tr_id)
        track = self.world.tracks.track(symbol, st.session, st.day)
        with self.lock:
            if side == spec.SIDE_BUY and qty * price * (1 + self.us_commission) > acct.usd - acct.open_buy_reserve(True):
                raise KisFault("insufficient_cash_mock" if domain == spec.MOCK else "insufficient_cash", tr_id=tr_id)
            if side == spec.SIDE_SELL:
                held = acct.positions.get(symbol)
                if held is None or qty > held.qty - acct.open_sell_qty(symbol):
                    raise KisFault("insufficient_qty", tr_id=tr_id)
            day = st.day.strftime("%Y%m%d")
            order = SimOrder(self._new_order_no(day, True), self.branch(domain), day,
                             now.astimezone(krx.KST).strftime("%H%M%S"), symbol,
                             market.us_quote(symbol, now).instrument.name, side, "00", qty, price,
                             price * (1 + self.us_commission) if side == spec.SIDE_BUY else 0.0, market=exchange,
                             checked_minute=track.done(now), venue=US_DAY_VENUE if daytime else "US",
                             session=st.session.key, track_day=day, reservation=reservation)
            acct.orders.append(order)
            self._immediate(acct, order, [track], now)
        self.save()
        return order

    def revise_us(self, acct: Account, *, domain: str, tr_id: str, order_no: str, symbol: str, cancel: bool,
                  qty_text: str, price_text: str, daytime: bool = False) -> SimOrder:
        """Modify (a new limit order replaces the quantity) or cancel a working US order; a daytime order only
        through the daytime endpoint, and the others only through the order endpoint's."""
        with self.lock:
            original = self.find(acct, order_no, us=True)
            if original is None or (symbol and symbol != original.code) or (
                    (original.venue == US_DAY_VENUE) != daytime):
                raise KisFault("order_not_found", tr_id=tr_id)
            if not original.working:
                raise KisFault("no_modifiable_qty_mock" if domain == spec.MOCK else "already_filled", tr_id=tr_id)
            qty = _int(qty_text) or 0
            if qty <= 0 or qty > original.remaining:
                raise KisFault("modify_qty_over", tr_id=tr_id)
            now = self.world.now()
            if not original.rests_in.is_open(now):
                raise KisFault("market_closed", tr_id=tr_id)
            try:
                price = float(price_text)
            except ValueError:
                price = 0.0
            if not cancel and price <= 0:
                raise KisFault("us_price_zero", tr_id=tr_id)
            if not cancel and not krx.us_on_tick(price):
                raise KisFault("off_tick", tr_id=tr_id)
            if not cancel and original.side == spec.SIDE_BUY:
                freed = qty * original.reserve_price
                if qty * price * (1 + self.us_commission) > acct.usd - acct.open_buy_reserve(True) + freed + 1e-9:
                    raise KisFault("insufficient_cash_mock" if domain == spec.MOCK else "insufficient_cash",
                                   tr_id=tr_id)
            original.cancelled_qty += qty
            if original.remaining == 0:
                original.closed = True
            if cancel:
                order = self._successor(acct, original, now, "00", qty, 0.0, 0.0, cancelled_qty=qty, closed=True)
            else:
                track = self._track(original)
                reserve = price * (1 + self.us_commission) if original.side == spec.SIDE_BUY else 0.0
                order = self._successor(acct, original, now, "00", qty, price, reserve, checked_minute=track.done(now))
                self._immediate(acct, order, [track], now)
        self.save()
        return order

    def _successor(self, acct: Account, original: SimOrder, now: datetime, ord_dvsn: str, qty: int, price: float,
                   reserve: float, **state) -> SimOrder:
        """The record a modification or cancel books: a new number of the original's day, pointing back to it,
        in the original's venue and session."""
        order = SimOrder(self._new_order_no(original.day, original.is_us), original.branch, original.day,
                         now.astimezone(krx.KST).strftime("%H%M%S"), original.code, original.name, original.side, ord_dvsn,
                         qty, price, reserve, market=original.market, orig_order_no=original.order_no,
                         venue=original.venue, session=original.session, track_day=original.track_day, **state)
        acct.orders.append(order)
        return order

    def find(self, acct: Account, order_no: str, *, us: bool) -> SimOrder | None:
        """The order of the book's current day with this number (KIS modifies and cancels today's orders only)."""
        wanted, day = order_no.strip().lstrip("0"), self.today(us)
        return next((o for o in acct.orders if o.is_us == us and o.day == day and o.order_no.lstrip("0") == wanted),
                    None)

    def revise(self, acct: Account, *, domain: str, tr_id: str, order_no: str, cancel: bool, all_qty: bool,
               qty_text: str, price_text: str, ord_dvsn: str, venue: str = KRX) -> SimOrder:
        """Modify (a new order replaces the remaining quantity) or cancel a working order, named with its venue,
        while its session runs."""
        with self.lock:
            original = self.find(acct, order_no, us=False)
            if original is None or original.venue != venue:
                raise KisFault("order_not_found", tr_id=tr_id)
            if not original.working:
                raise KisFault("no_modifiable_qty_mock" if domain == spec.MOCK else "already_filled", tr_id=tr_id)
            qty = original.remaining if all_qty else (_int(qty_text) or 0)
            if qty <= 0 or qty > original.remaining:
                raise KisFault("modify_qty_over", tr_id=tr_id)
            now = self.world.now()
            if not original.rests_in.is_open(now):
                raise KisFault("market_closed", tr_id=tr_id)
            if cancel:
                original.cancelled_qty += qty
                original.closed = original.remaining == 0
                record = self._successor(acct, original, now, original.ord_dvsn, qty, 0.0, 0.0, cancelled_qty=qty,
                                         closed=True)
                self.save()
                return record
            ord_dvsn = ord_dvsn or original.ord_dvsn
            if ord_dvsn not in spec.ORDER_TYPES or not original.rests_in.takes(OrderType(ord_dvsn)):
                raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_ORD_DVSN", 200), tr_id=tr_id,
                               rt_cd="2")
            track = self._track(original)
            state = self.reference(original.code, track, now)
            price = self._check_price(tr_id, ord_dvsn, price_text, state)
            original.cancelled_qty += qty
            original.closed = original.remaining == 0
            unit = price or (state.price if ord_dvsn in AT_CLOSE else state.upper_limit)
            reserve = unit * (1 + self.commission) if original.side == spec.SIDE_BUY else 0.0
            order = self._successor(acct, original, now, ord_dvsn, qty, float(price), reserve,
                                    checked_minute=track.done(now))
            self._immediate(acct, order, [track], now)
        self.save()
        return order


def _int(text: str) -> int | None:
    try:
        value = float(str(text).strip() or "0")
    except ValueError:
        return None
    return int(value) if value.is_integer() else None


def install(world) -> Trading:
    """Give a world its accounts (kept in ``world.trading``)."""
    if world.trading is None:
        world.trading = Trading(world)
    return world.trading
