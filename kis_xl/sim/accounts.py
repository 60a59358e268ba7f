"""Simulated accounts: cash, holdings, orders and fills, matched against the market's own price path.

Rules (see docs/SIMULATOR.md): the regular session only; market-type orders fill at once at the
current price, limit orders at once when marketable or later when the minute path crosses their
price; at most ``LIQUIDITY_SHARE`` of a minute's volume (at least ``MIN_LIQUIDITY`` shares) fills per
order per minute, so large orders fill partially; IOC remainders are cancelled, FOK orders that
cannot fill whole are cancelled whole. Cash moves at the fill (settlement is not delayed to D+2);
commission and sell tax are charged at configurable rates. Orders live for their session.

Order numbers restart every trading day and per book, as KIS's do: the first domestic order of a KST
day and the first US order of a New York day are both 0000001001. Modify and cancel find the
original among the orders of the book's current day only, so yesterday's number names today's order.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from .. import krx, spec
from ..files import write_json
from .market import SESSION_MINUTES
from .protocol import KisFault

FIRST_ORDER_NO = 1_001
LIQUIDITY_SHARE = 0.25
MIN_LIQUIDITY = 1_000
MARKET_TYPES = frozenset({"01", "13", "14"})  # fill at the market, whatever the price
OPPOSITE_BEST = frozenset({"03", "15", "16"})  # 최유리: priced at the best price on the other side as they arrive
SAME_BEST = frozenset({"04"})  # 최우선: priced at the best price on their own side, and wait there
MID = frozenset({"21", "23", "24"})  # 중간가: at the middle of the best bid and ask, fill there
CONDITIONAL, STOP_LIMIT = "02", "22"  # 조건부지정가: a limit that turns market at the close; 스톱지정가: a trigger first
IOC_TYPES, FOK_TYPES = frozenset({"11", "13", "15", "23"}), frozenset({"12", "14", "16", "24"})
US_EXCHANGES = {"NASD": "NAS", "NYSE": "NYS", "AMEX": "AMS"}
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
    fills: list[dict] = field(default_factory=list)  # every domestic fill: what realised P&L is computed from

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
                    "orders": [asdict(o) for o in a.orders], "fills": a.fills} for k, a in self.accounts.items()}}
        write_json(path, data)

    def on_clock_change(self) -> None:
        """Nothing to do eagerly: orders are matched lazily on the next request."""

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
    def _liquidity(self, order: SimOrder, session: date, minute: int) -> int:
        vols = self.world.market.minute_volumes(order.code, session, order.is_us)
        vol = int(vols[min(max(minute, 1), SESSION_MINUTES) - 1])
        return max(MIN_LIQUIDITY, int(vol * LIQUIDITY_SHARE))

    def _fill(self, acct: Account, order: SimOrder, qty: int, price: float) -> None:
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
            if not us:
                acct.fills.append({"day": order.day, "code": order.code, "name": order.name, "side": order.side,
                                   "qty": qty, "price": price, "fee": fee, "tax": tax, "cost": amount})
        else:
            avg = pos.cost / pos.qty if pos.qty else 0
            if not us:  # the cost of the shares sold, at the average price: realised P&L (period-profit)
                acct.fills.append({"day": order.day, "code": order.code, "name": order.name, "side": order.side,
                                   "qty": qty, "price": price, "fee": fee, "tax": tax, "cost": avg * qty})
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
        if order.remaining == 0:
            order.closed = True

    def _path(self, order: SimOrder):
        session = datetime.strptime(order.day, "%Y%m%d").date()
        market = self.world.market
        key = order.code
        return session, market.minute_path(key, session, order.is_us)

    def advance(self, acct: Account) -> None:
        """Match the account's working orders against each minute since they were last checked.

        A limit (and a priced order) fills at its price when the minute trades at or through it; a market
        order at the minute's price; a mid-price order at its mid. A stop order enters the book in the minute
        its trigger trades. A conditional limit (조건부지정가) still working at the close fills at the close, as
        a market order in the closing auction. Day orders expire with their session.
        """
        now = self.world.now()
        for order in acct.orders:
            if not order.working:
                continue
            session, path = self._path(order)
            day, minute, _ = self.world.market.session_for(now, order.is_us)
            last = SESSION_MINUTES if day > session else min(minute, SESSION_MINUTES)
            for m in range(order.checked_minute + 1, last + 1):
                price = float(path[m])
                if order.waiting:
                    if not order.triggers(price):
                        continue
                    order.triggered = _minute_time(m)
                if order.ord_dvsn == CONDITIONAL and m == SESSION_MINUTES:
                    self._fill(acct, order, order.remaining, price)
                elif order.ord_dvsn in MARKET_TYPES:
                    self._fill(acct, order, min(order.remaining, self._liquidity(order, session, m)), price)
                elif order.reaches(price):
                    self._fill(acct, order, min(order.remaining, self._liquidity(order, session, m)), order.price)
                if not order.working:
                    break
            order.checked_minute = max(order.checked_minute, last)
            if day > session and order.working:
                order.closed = True  # a day order expires with its session

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

    def _immediate(self, acct: Account, order: SimOrder, state) -> None:
        """Fill what is marketable now; apply IOC/FOK to what is left. A stop order whose trigger already
        trades enters the book at once; a 최우선 order waits at its own side's best price."""
        if order.waiting and order.triggers(state.price):
            order.triggered = self.world.now().strftime("%H%M%S")
        passive = order.waiting or order.ord_dvsn in SAME_BEST
        marketable = not passive and (order.ord_dvsn in MARKET_TYPES or order.reaches(state.price))
        available = self._liquidity(order, state.session, state.minute)
        if order.ord_dvsn in FOK_TYPES and (not marketable or available < order.qty):
            order.cancelled_qty = order.qty
            order.closed = True
            return
        if marketable:
            fill = order.price if order.ord_dvsn in MID else state.price
            self._fill(acct, order, min(order.remaining, available), fill)
        if order.ord_dvsn in IOC_TYPES and order.working:
            order.cancelled_qty += order.remaining
            order.closed = True

    # orders -----------------------------------------------------------------------------------
    def _new_order_no(self, day: str, us: bool) -> str:
        """The next number of a book's day: numbers restart every trading day, per book."""
        key = f"{day}|{'US' if us else 'KR'}"
        self.counters[key] = self.counters.get(key, FIRST_ORDER_NO - 1) + 1
        return f"{self.counters[key]:010d}"

    def today(self, us: bool) -> str:
        """The book's current day (YYYYMMDD): KST's date, or the US session's New York date."""
        now = self.world.now()
        if us:
            return self.world.market.session_for(now, True)[0].strftime("%Y%m%d")
        return now.astimezone(krx.KST).strftime("%Y%m%d")

    def branch(self, domain: str) -> str:
        return "06010" if domain == spec.REAL else "00950"

    def place(self, acct: Account, *, domain: str, tr_id: str, side: str, code: str, ord_dvsn: str, qty_text: str,
              price_text: str, stop_text: str = "") -> SimOrder:
        """Validate and accept a domestic cash order as KIS would, then match what can fill now."""
        mock = domain == spec.MOCK
        now = self.world.now()
        try:
            state = self.world.market.quote(code, now)
        except KeyError:
            raise KisFault("not_tradable_mock" if mock else "invalid_code", tr_id=tr_id,
                           rt_cd="1" if mock else "2") from None
        if ord_dvsn not in spec.ORDER_TYPES:
            raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_ORD_DVSN", 200), tr_id=tr_id,
                           rt_cd="2")
        qty = _int(qty_text)
        if qty is None or qty <= 0:
            raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_ORD_QTY", 200), tr_id=tr_id,
                           rt_cd="2")
        if not krx.is_regular_session(now):
            raise KisFault("market_closed", tr_id=tr_id)
        priced = ord_dvsn in spec.PRICED_ORDER_TYPES
        price = _int(price_text) if priced else 0
        if priced:
            if not price or price <= 0 or not krx.on_tick(price, state.instrument.kind):
                raise KisFault("off_tick", tr_id=tr_id)
            if price > state.upper_limit:
                raise KisFault("over_upper_limit", tr_id=tr_id)
            if price < state.lower_limit:
                raise KisFault("under_lower_limit", tr_id=tr_id)
        stop = _int(stop_text) or 0 if ord_dvsn == STOP_LIMIT else 0
        if ord_dvsn == STOP_LIMIT and not (stop > 0 and krx.on_tick(stop, state.instrument.kind)
                                           and state.lower_limit <= stop <= state.upper_limit):
            raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_CNDT_PRIC", 200), tr_id=tr_id,
                           rt_cd="2")
        if ord_dvsn in OPPOSITE_BEST | SAME_BEST | MID:
            price = self._peg(ord_dvsn, side, state)
        with self.lock:
            reserve = (price or state.upper_limit) * (1 + self.commission)
            if side == spec.SIDE_BUY and qty * reserve > acct.cash - acct.open_buy_reserve(False) + 1e-6:
                raise KisFault("insufficient_cash_mock" if mock else "insufficient_cash", tr_id=tr_id)
            if side == spec.SIDE_SELL:
                held = acct.positions.get(code)
                if held is None and mock:
                    raise KisFault("no_holding_mock", tr_id=tr_id)
                if held is None or qty > held.qty - acct.open_sell_qty(code):
                    raise KisFault("insufficient_qty", tr_id=tr_id)
            day = self.today(False)
            order = SimOrder(self._new_order_no(day, False), self.branch(domain), day,
                             now.strftime("%H%M%S"), code, state.instrument.name, side, ord_dvsn, qty, float(price),
                             reserve if side == spec.SIDE_BUY else 0.0, checked_minute=state.minute,
                             stop_price=float(stop))
            acct.orders.append(order)
            self._immediate(acct, order, state)
        self.save()
        return order

    def place_us(self, acct: Account, *, domain: str, tr_id: str, side: str, exchange: str, symbol: str,
                 ord_dvsn: str, qty_text: str, price_text: str) -> SimOrder:
        """A US limit order (NASD/NYSE/AMEX): price required; mock accepts ORD_DVSN 00 only."""
        now = self.world.now()
        excd = US_EXCHANGES.get(exchange)
        market = self.world.market
        if excd is None or market.us_exchange(symbol) != excd:
            raise KisFault(spec.Message("APBK0656", "해당종목정보가 없습니다.", 200), tr_id=tr_id)
        allowed = {"00"} if domain == spec.MOCK else {"00", "31", "32", "33", "34"}
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
        state = market.us_quote(symbol, now)
        if not state.is_open:
            raise KisFault("market_closed", tr_id=tr_id)
        with self.lock:
            if side == spec.SIDE_BUY and qty * price * (1 + self.us_commission) > acct.usd - acct.open_buy_reserve(True):
                raise KisFault("insufficient_cash_mock" if domain == spec.MOCK else "insufficient_cash", tr_id=tr_id)
            if side == spec.SIDE_SELL:
                held = acct.positions.get(symbol)
                if held is None or qty > held.qty - acct.open_sell_qty(symbol):
                    raise KisFault("insufficient_qty", tr_id=tr_id)
            day = state.session.strftime("%Y%m%d")
            order = SimOrder(self._new_order_no(day, True), self.branch(domain), day,
                             now.strftime("%H%M%S"), symbol, state.instrument.name, side, "00", qty, price,
                             price * (1 + self.us_commission) if side == spec.SIDE_BUY else 0.0, market=exchange,
                             checked_minute=state.minute)
            acct.orders.append(order)
            self._immediate(acct, order, state)
        self.save()
        return order

    def revise_us(self, acct: Account, *, domain: str, tr_id: str, order_no: str, symbol: str, cancel: bool,
                  qty_text: str, price_text: str) -> SimOrder:
        """Modify (a new limit order replaces the quantity) or cancel a working US order."""
        with self.lock:
            original = self.find(acct, order_no, us=True)
            if original is None or (symbol and symbol != original.code):
                raise KisFault("order_not_found", tr_id=tr_id)
            if not original.working:
                raise KisFault("no_modifiable_qty_mock" if domain == spec.MOCK else "already_filled", tr_id=tr_id)
            qty = _int(qty_text) or 0
            if qty <= 0 or qty > original.remaining:
                raise KisFault("modify_qty_over", tr_id=tr_id)
            now = self.world.now()
            state = self.world.market.us_quote(original.code, now)
            if not state.is_open:
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
                reserve = price * (1 + self.us_commission) if original.side == spec.SIDE_BUY else 0.0
                order = self._successor(acct, original, now, "00", qty, price, reserve, checked_minute=state.minute)
                self._immediate(acct, order, state)
        self.save()
        return order

    def _successor(self, acct: Account, original: SimOrder, now: datetime, ord_dvsn: str, qty: int, price: float,
                   reserve: float, **state) -> SimOrder:
        """The record a modification or cancel books: a new number of the original's day, pointing back to it."""
        order = SimOrder(self._new_order_no(original.day, original.is_us), original.branch, original.day,
                         now.strftime("%H%M%S"), original.code, original.name, original.side, ord_dvsn, qty, price,
                         reserve, market=original.market, orig_order_no=original.order_no, **state)
        acct.orders.append(order)
        return order

    def find(self, acct: Account, order_no: str, *, us: bool) -> SimOrder | None:
        """The order of the book's current day with this number (KIS modifies and cancels today's orders only)."""
        wanted, day = order_no.strip().lstrip("0"), self.today(us)
        return next((o for o in acct.orders if o.is_us == us and o.day == day and o.order_no.lstrip("0") == wanted),
                    None)

    def revise(self, acct: Account, *, domain: str, tr_id: str, order_no: str, cancel: bool, all_qty: bool,
               qty_text: str, price_text: str, ord_dvsn: str) -> SimOrder:
        """Modify (a new order replaces the remaining quantity) or cancel a working order."""
        with self.lock:
            original = self.find(acct, order_no, us=False)
            if original is None:
                raise KisFault("order_not_found", tr_id=tr_id)
            if not original.working:
                raise KisFault("no_modifiable_qty_mock" if domain == spec.MOCK else "already_filled", tr_id=tr_id)
            qty = original.remaining if all_qty else (_int(qty_text) or 0)
            if qty <= 0 or qty > original.remaining:
                raise KisFault("modify_qty_over", tr_id=tr_id)
            now = self.world.now()
            if not original.is_us and not krx.is_regular_session(now):
                raise KisFault("market_closed", tr_id=tr_id)
            original.cancelled_qty += qty
            if original.remaining == 0:
                original.closed = True
            if cancel:
                record = self._successor(acct, original, now, original.ord_dvsn, qty, 0.0, 0.0, cancelled_qty=qty,
                                         closed=True)
                self.save()
                return record
            state = self.world.market.quote(original.code, now)
            price = _int(price_text) if ord_dvsn in spec.PRICED_ORDER_TYPES else 0
            if ord_dvsn in spec.PRICED_ORDER_TYPES:
                if not price or not krx.on_tick(price, state.instrument.kind):
                    original.cancelled_qty -= qty
                    original.closed = False
                    raise KisFault("off_tick", tr_id=tr_id)
                if not state.lower_limit <= price <= state.upper_limit:
                    original.cancelled_qty -= qty
                    original.closed = False
                    raise KisFault("over_upper_limit" if price > state.upper_limit else "under_lower_limit",
                                   tr_id=tr_id)
            reserve = (price or state.upper_limit) * (1 + self.commission) if original.side == spec.SIDE_BUY else 0.0
            order = self._successor(acct, original, now, ord_dvsn or original.ord_dvsn, qty, float(price), reserve,
                                    checked_minute=state.minute)
            self._immediate(acct, order, state)
        self.save()
        return order


def _minute_time(m: int) -> str:
    """HHMMSS of minute ``m`` of the regular session."""
    at = (krx.REGULAR_OPEN.hour * 60 + krx.REGULAR_OPEN.minute) + m
    return f"{at // 60:02d}{at % 60:02d}00"


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
