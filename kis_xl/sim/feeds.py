"""The simulator's real-time records, in KIS's layouts (``kis_xl.realtime.COLUMNS``), from the world's models.

Each feed reads the world at the moment a frame falls due: a trade streamed at P is what inquire-price
answers next. ``Sub`` is one registration of a session and remembers what it already told.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from .. import krx
from .. import realtime as rt
from ..sessions import US_DAY_QUOTES
from .indices import index_model
from .market import NEW_YORK, SESSION_MINUTES
from .routes_market import _book, sign

OPENING_AUCTION = (time(8, 30), krx.REGULAR_OPEN)  # 장전 동시호가
CLOSING_AUCTION = (time(15, 20), krx.REGULAR_CLOSE)  # 장마감 동시호가
_US_ORDER_KIND2 = {"00": "2", "31": "A", "32": "B", "33": "C", "34": "D"}
_US_EXCHANGE_COND = {"NASD": "6", "NYSE": "7", "AMEX": "8"}
_IOC_FOK = frozenset({"11", "12", "13", "14", "15", "16", "23", "24"})


@dataclass
class Sub:
    tr_id: str
    tr_key: str
    key: str
    iv: str
    started: float
    emitted: int = 0
    streamed_volume: int = 0
    minute: int = -1
    last_sent: float = 0.0  # monotonic time of its last once-a-second frame
    state: tuple = ()  # market status: the (halted, vi) last told
    known: dict = field(default_factory=dict)  # notices: order no → (filled, cancelled, rejected) already told


@dataclass(frozen=True)
class Vi:
    """A volatility interruption of one stock: a single-price auction from ``start`` to ``end`` (world time)."""

    kind: str  # VI_CLS_CODE: 1 static, 2 dynamic, 3 both
    start: datetime
    end: datetime

    def on(self, now: datetime) -> bool:
        return self.start <= now < self.end


def _num(x: float, decimals: int = 0) -> str:
    return f"{x:.{decimals}f}" if decimals else str(int(round(x)))


def in_window(now: datetime, window: tuple[time, time]) -> bool:
    local = now.astimezone(krx.KST)
    return krx.is_trading_day(local.date()) and window[0] <= local.time() < window[1]


# trades -----------------------------------------------------------------------------------------
def trades(world, sub: Sub, now: datetime, count: int, vi: Vi | None) -> list[list[str]]:
    """H0STCNT0: ``count`` trades at the model's price now (none outside the session or during a VI)."""
    state = world.market.quote(sub.tr_key, now)
    if not state.is_open or (vi is not None and vi.on(now)):
        return []
    if state.minute != sub.minute:
        sub.minute, sub.streamed_volume = state.minute, 0
    # ACML_VOL stays between this minute's volume and the next minute's, as REST would show it
    vols = world.market.minute_volumes(sub.tr_key, state.session)
    room = int(vols[min(state.minute, SESSION_MINUTES - 1)]) - 1
    asks, bids = _book(state, state.minute + int(state.code, 36))
    records = []
    price, prev = state.price, state.prev_close
    change = price - prev
    hhmmss = now.strftime("%H%M%S")
    for i in range(count):
        qty = 1 + (sub.emitted + i) % 10
        sub.streamed_volume = min(room, sub.streamed_volume + qty) if room > 0 else sub.streamed_volume
        vol = state.volume + sub.streamed_volume
        value = state.value + sub.streamed_volume * price
        sgn = sign(price, prev, state.upper_limit, state.lower_limit)
        records.append([
            state.code, hhmmss, _num(price), sgn, _num(change), f"{state.change_pct:.2f}",
            f"{(value / vol) if vol else price:.2f}", _num(state.open), _num(state.high), _num(state.low),
            _num(asks[0][0]), _num(bids[0][0]), str(qty), str(vol), _num(value), "0", "0", "0", "100.00",
            "0", "0", "1" if (sub.emitted + i) % 2 else "5", "50.00", "100.00", "090000",
            sign(price, state.open), _num(price - state.open), "090000", sign(price, state.high),
            _num(price - state.high), "090000", sign(price, state.low), _num(price - state.low),
            state.session.strftime("%Y%m%d"), "20", "N", str(asks[0][1]), str(bids[0][1]),
            str(sum(q for _, q in asks)), str(sum(q for _, q in bids)), "0.10", "0", "0.00", "0", "0",
            _num(prev)])
    return records


def us_symbol(world, tr_key: str) -> str | None:
    """HDFSCNT0's tr_key (D + NAS/NYS/AMS, or the daytime R + BAQ/BAY/BAA, + symbol) → the symbol, if the
    exchange is the symbol's."""
    parsed = rt.parse_us_key(tr_key)
    if parsed is None:
        return None
    exchange, symbol, _ = parsed
    return symbol if world.market.us_exchange(symbol) == exchange else None


def us_trades(world, sub: Sub, now: datetime, count: int) -> list[list[str]]:
    """HDFSCNT0, 26 fields with RSYM (the tr_key) first: New York's regular session for D keys, the KST
    daytime session (at the last close: the model has no daytime prices) for R keys."""
    symbol = us_symbol(world, sub.tr_key)
    state = world.market.us_quote(symbol, now)
    daytime = sub.tr_key[0] == "R"
    if not (US_DAY_QUOTES.is_open(now) and not state.is_open if daytime else state.is_open):
        return []
    local = now.astimezone(NEW_YORK)
    kst = now.astimezone(krx.KST)
    records = []
    for i in range(count):
        qty = 1 + (sub.emitted + i) % 10
        records.append([
            sub.tr_key, symbol, "4", local.strftime("%Y%m%d"), local.strftime("%Y%m%d"), local.strftime("%H%M%S"),
            kst.strftime("%Y%m%d"), kst.strftime("%H%M%S"), f"{state.open:.4f}", f"{state.high:.4f}",
            f"{state.low:.4f}", f"{state.price:.4f}", sign(state.price, state.prev_close),
            f"{abs(state.change):.4f}", f"{state.change_pct:.2f}", f"{state.price - 0.01:.4f}",
            f"{state.price + 0.01:.4f}", "100", "100", str(qty), str(state.volume), _num(state.value), "0", "0",
            "100.00", "1"])
    return records


# once-a-second feeds --------------------------------------------------------------------------------
def book(world, sub: Sub, now: datetime) -> list[str]:
    """H0STASP0: the REST order book; the expected price (ANTC_CNPR) while the market is not trading."""
    state = world.market.quote(sub.tr_key, now)
    asks, bids = _book(state, state.minute + int(state.code, 36))
    return [state.code, now.strftime("%H%M%S"), "0", *(_num(p) for p, _ in asks), *(_num(p) for p, _ in bids),
            *(str(q) for _, q in asks), *(str(q) for _, q in bids), str(sum(q for _, q in asks)),
            str(sum(q for _, q in bids)), "0", "0", "0" if state.is_open else _num(state.price), "0", "0",
            "0", "3", "0.00", str(state.volume), "0", "0", "0", "0", "0"]


def auction(world, sub: Sub, now: datetime, vi: Vi | None) -> list[str] | None:
    """H0STANC0 during the opening (08:30–09:00) and closing (15:20–15:30) auctions and a VI: the price the
    auction would match at (the session's open, the model's price) and the volume it would match."""
    if in_window(now, OPENING_AUCTION):
        phase = "B"
    elif in_window(now, CLOSING_AUCTION):
        phase = "A"
    elif vi is not None and vi.on(now):
        phase = "C"
    else:
        return None
    state = world.market.quote(sub.tr_key, now)
    if phase == "B":  # before the open the model shows the last session: today's open is what will match
        day = now.astimezone(krx.KST).date()
        price, prev = float(world.market.minute_path(sub.tr_key, day)[0]), state.price
        volume = int(world.market.minute_volumes(sub.tr_key, day)[0]) // 3
    else:
        price, prev = state.price, state.prev_close
        vols = world.market.minute_volumes(sub.tr_key, state.session)
        volume = int(vols[min(state.minute, SESSION_MINUTES - 1)]) // 3
    change = price - prev
    pct = change / prev * 100 if prev else 0.0
    hhmmss, day = now.astimezone(krx.KST).strftime("%H%M%S"), now.astimezone(krx.KST).strftime("%Y%m%d")
    return [state.code, hhmmss, _num(price), sign(price, prev), _num(change), f"{pct:.2f}", _num(price),
            _num(price), _num(price), _num(price), "0", "0", str(volume), str(volume), _num(volume * price), "0",
            "0", "0", "0.00", "0", "0", "0", "0.00", "0.00", hhmmss, "3", "0", hhmmss, "3", "0", hhmmss, "3", "0",
            day, "20", "N", "0", "0", "0", "0", "0.00", "0", "0.00", phase, "0"]


def market_status(sub: Sub, vi: Vi | None, now: datetime, halt: str | None = None) -> list[str] | None:
    """H0STMKO0, sent when a stock's state changes (a halt, a VI starting or ending): ``None`` when nothing
    changed. ``halt`` is why its trading is halted (TR_SUSP_REAS_CNTT), None while it trades."""
    on = vi is not None and vi.on(now)
    state = (halt is not None, vi.kind if on else "N")
    if state == sub.state or (not sub.state and state == (False, "N")):  # KIS sends changes only
        sub.state = state
        return None
    sub.state = state
    return [sub.tr_key, "Y" if halt is not None else "N", halt or "", "20", "20", "0", "0", "55", state[1], "N", "1"]


def index(world, sub: Sub, now: datetime) -> list[str] | None:
    """H0UPCNT0 during the session: the index model's level now."""
    s = index_model(world.market).state(sub.tr_key, now)
    if not s.is_open:
        return None
    up, down = 450 + s.minute % 37, 380 + s.minute % 29
    return [s.code, now.astimezone(krx.KST).strftime("%H%M%S"), f"{s.level:.2f}", sign(s.level, s.prev_close),
            f"{s.change:.2f}", str(s.volume), str(s.value), "0", "0", f"{s.change_pct:.2f}", f"{s.open:.2f}",
            f"{s.high:.2f}", f"{s.low:.2f}", f"{s.level - s.open:.2f}", sign(s.level, s.open),
            f"{s.level - s.high:.2f}", sign(s.level, s.high), f"{s.level - s.low:.2f}", sign(s.level, s.low),
            "0.00", "0.00", "0.00", "3", str(up), "90", str(down), "1", "0", "0", "0"]


# notices ------------------------------------------------------------------------------------------------
def accounts(world, domain: str, app_key: str | None) -> list[tuple[str, object]]:
    """(account number, account) of an app key on a domain."""
    trading = world.trading
    if trading is None or app_key is None:
        return []
    prefix = f"{domain}|{hashlib.sha256(app_key.encode()).hexdigest()[:24]}|"
    return [(k[len(prefix):], a) for k, a in list(trading.accounts.items()) if k.startswith(prefix)]


def order_states(world, domain: str, app_key: str | None, us: bool) -> dict:
    """What every order of the key's accounts already shows (a new subscription tells only what follows)."""
    trading = world.trading
    if trading is None:
        return {}
    with trading.lock:
        return {o.order_no: (o.filled_qty, o.cancelled_qty, o.rejected_qty)
                for _, a in accounts(world, domain, app_key) for o in a.orders if o.is_us == us}


def notices(world, domain: str, app_key: str | None, sub: Sub, now: datetime) -> list[list[str]]:
    """Each change to the key's orders since the last look, once: acceptance, each fill, a modification or
    cancel (by its new order), an IOC/FOK remainder cancelled, a refusal. KRX orders on H0STCNI0/9, US
    orders on H0GSCNI0/9 in the overseas layout."""
    trading = world.trading
    if trading is None:
        return []
    us = sub.tr_id in rt.US_NOTICES
    record = _us_notice if us else _notice
    records = []
    hhmmss = now.astimezone(krx.KST).strftime("%H%M%S")
    with trading.lock:
        for account, acct in accounts(world, domain, app_key):
            trading.advance(acct)
            for o in acct.orders:
                if o.is_us != us:
                    continue
                told = sub.known.get(o.order_no)
                if told is None:
                    told = (0, 0, 0)
                    records.append(record(sub.tr_key, account, o, "accept", 0, 0.0, hhmmss))
                    if o.orig_order_no and o.price == 0 and o.cancelled_qty == o.qty:
                        told = (0, o.cancelled_qty, 0)  # a cancel record: its acceptance says it all
                filled, cancelled, rejected = told
                if o.filled_qty > filled:
                    qty = o.filled_qty - filled
                    before = sub.known.get(("amount", o.order_no), 0.0)
                    price = (o.filled_amount - before) / qty
                    records.append(record(sub.tr_key, account, o, "fill", qty, price, hhmmss))
                    sub.known[("amount", o.order_no)] = o.filled_amount
                if o.rejected_qty > rejected:
                    records.append(record(sub.tr_key, account, o, "refuse", 0, 0.0, hhmmss))
                if o.cancelled_qty > cancelled and not o.orig_order_no and o.ord_dvsn in _IOC_FOK:
                    records.append(record(sub.tr_key, account, o, "ioc_cancel", 0, 0.0, hhmmss))
                sub.known[o.order_no] = (o.filled_qty, o.cancelled_qty, o.rejected_qty)
    return records


def _correction(o) -> str:
    """RCTF_CLS: 0 normal, 1 modification, 2 cancel."""
    return "2" if o.orig_order_no and o.price == 0 and o.cancelled_qty == o.qty else "1" if o.orig_order_no else "0"


def _flags(kind: str) -> tuple[str, str, str]:
    """(RFUS_YN, CNTG_YN, ACPT_YN) of a notice."""
    return ("1" if kind == "refuse" else "0", "2" if kind == "fill" else "1",
            "3" if kind == "ioc_cancel" else "1" if kind == "accept" else "2")


def _notice(hts_id: str, account: str, o, kind: str, qty: int, price: float, hhmmss: str) -> list[str]:
    """H0STCNI0/9, 26 fields."""
    fill = kind == "fill"
    refused, filled, accepted = _flags(kind)
    return [
        hts_id, account.replace("-", ""), o.order_no, o.orig_order_no, o.side, _correction(o), o.ord_dvsn,
        "1" if o.ord_dvsn in ("11", "13", "15", "23") else "2" if o.ord_dvsn in ("12", "14", "16", "24") else "0",
        o.code, str(qty) if fill else "0", _num(price) if fill else "0", o.time if not fill else hhmmss,
        refused, filled, accepted, o.branch, str(o.qty), "SIM", "0", "1", "N", "", "10", "", o.name[:40],
        _num(o.price)]


def _us_price(price: float) -> str:
    """CNTG_UNPR: nine digits, four of them decimals (148.01 → 001480100)."""
    return f"{round(price * 10 ** rt.US_PRICE_DECIMALS):09d}"


def _us_notice(hts_id: str, account: str, o, kind: str, qty: int, price: float, hhmmss: str) -> list[str]:
    """H0GSCNI0/9, 25 fields: an order notice carries the order's quantity and price where a fill notice
    carries the fill's (ODER_QTY then holds the order's quantity)."""
    fill = kind == "fill"
    refused, filled, accepted = _flags(kind)
    shown_qty, shown_price = (qty, price) if fill else (o.qty, o.price)
    return [
        hts_id, account.replace("-", "")[:10], o.order_no, o.orig_order_no, o.side, _correction(o),
        _US_ORDER_KIND2.get(o.ord_dvsn, "2"), o.code, f"{shown_qty:010d}", _us_price(shown_price),
        hhmmss if fill else o.time, refused, filled, accepted, o.branch, f"{o.qty:09d}" if fill else "", "SIM",
        o.name[:14], _US_EXCHANGE_COND.get(o.market, "6"), "10", "", "", "", "",
        f"{shown_price:012.4f}"]


def vi_window(now: datetime, kind: str = "1", seconds: float = 120) -> Vi:
    return Vi(kind, now, now + timedelta(seconds=seconds))
