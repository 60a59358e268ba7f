"""Checking every row before anything is sent, and reporting every problem of every row.

Per row: code (in KIS's stock master; a name in the Code cell is resolved through it), side, quantity, order type, price on the KRX tick grid and within the day's limits, no
price on market orders, a STOP_LIMIT's stop price, market hours, the fat-finger cap (``kis_xl.caps``,
the one check every path shares). Across rows: buys against orderable cash, sells against orderable
quantity per code, duplicates, the batch cap. Nothing here raises on bad cells: whatever a sheet holds
becomes a message on its row.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from .. import krx, rules
from ..caps import Caps, Estimate, batch_problems, estimate, order_problems
from ..client.master import MasterUnavailable, StockMaster, resolve, unknown_code
from ..codes import normalize_code
from ..errors import InvalidCode, KisXlError
from ..i18n import t
from ..models import OrderRequest, OrderType, Quote, Side
from .broker import Broker
from .rows import SIDES, VENUES, WHEN, SheetRow

MARKETS = {"": "KRX", "krx": "KRX", "kospi": "KRX", "kosdaq": "KRX", "nas": "NAS", "nasd": "NAS", "nasdaq": "NAS",
           "nys": "NYS", "nyse": "NYS", "ams": "AMS", "amex": "AMS"}
COMMISSION = 0.00015


@dataclass
class Context:
    """What validation knows about the market and the account, gathered once per run."""

    now: datetime
    quotes: dict[str, Quote] = field(default_factory=dict)  # code/ticker → quote; absent = unknown
    orderable_cash: float | None = None  # KRW
    orderable_qty: dict[str, int] = field(default_factory=dict)
    tick_tables: dict[str, str] = field(default_factory=dict)  # code → krx.STOCK / krx.ETP where KIS said
    caps: Caps = field(default_factory=Caps)
    usd_rate: float | None = None  # won per dollar (KIS's), for US rows held to the won caps
    venue: str = "KRX"  # where a domestic row goes when its Venue cell is empty (the profile's venue)
    nxt_listed: dict[str, bool | None] = field(default_factory=dict)  # code → NXT trades it (the stock master)
    master: StockMaster | None = None  # KIS's stock master (종목 마스터); None when it cannot be read
    names: dict[str, str] = field(default_factory=dict)  # code/ticker → its name, where known

    def label(self, code: str) -> str:
        """``005930 삼성전자``: a code as messages name it."""
        return f"{code} {self.names[code]}" if self.names.get(code) else code


@dataclass
class Checked:
    row: SheetRow
    request: OrderRequest | None
    estimate: Estimate | None = None  # what it may spend or fetch (kis_xl.caps)
    problems: list[str] = field(default_factory=list)
    reserve: bool = False  # a reservation (예약주문): it goes out when its session opens
    note: str = ""  # worth knowing, not in the way (a VI's auction): shown with the row's result
    name: str = ""  # the stock's name (종목명), for the row's Name cell and every message about it
    named_code: str = ""  # the code a name typed in the Code cell stands for: written back to that cell

    @property
    def filled(self) -> dict[str, str]:
        """The cells validation fills in: Name, and Code where a name was typed there."""
        return ({"name": self.name} if self.name else {}) | ({"code": self.named_code} if self.named_code else {})

    @property
    def amount(self) -> float:
        """In the row's currency (won, or dollars for a US row)."""
        return self.estimate.amount if self.estimate else 0.0

    @property
    def amount_text(self) -> str:
        """``~530,000``; a market order's says what it is, ``~901,000 (upper-limit estimate: 10 × 90,100)``."""
        return self.estimate.text() if self.estimate else "~0"

    @property
    def ok(self) -> bool:
        return self.request is not None and not self.problems

    @property
    def message(self) -> str:
        return "; ".join(self.problems)


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()


PRICE_MARKS = {"KRX": ("KRW", "원", "₩", "￦"), "US": ("USD", "US$", "$")}  # typed before or after a price
QUANTITY_MARKS = ("주",)  # 10주: ten shares


def price_marks(market: str) -> tuple[str, ...]:
    return PRICE_MARKS["KRX" if market == "KRX" else "US"]


def cell_number(value, marks: tuple[str, ...] = ()) -> float | None:
    """A finite number from a cell (1,000 and 1000.0 included, one of ``marks`` before or after it: ₩53,100,
    177,100원); None for anything else (text, NaN, ∞, bools)."""
    if isinstance(value, bool):
        return None
    text = _text(value).replace(",", "")
    for mark in marks:
        text = text.removeprefix(mark).removesuffix(mark).strip()
    try:
        number = float(value) if isinstance(value, (int, float)) else float(text)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


@dataclass
class Written:
    """A row as written: its request read from the cells alone (no quote, no clock), and what cannot be read."""

    row: SheetRow
    code: str | None
    request: OrderRequest | None
    problems: list[str]
    reserve: bool = False
    named: bool = False  # the Code cell held a name, resolved through the master


def _code(raw, market: str, master: StockMaster | None) -> tuple[str | None, bool, str]:
    """(code, whether it was a name, problem) of a Code cell: a code, or a name the master knows."""
    if market == "KRX":
        try:
            return normalize_code(raw), False, ""
        except InvalidCode as exc:
            if master is None:
                return None, False, str(exc)
    elif master is None or _text(raw).upper() in master.us or not isinstance(raw, str):
        return _text(raw).upper(), False, ""
    try:
        listing = resolve(master, raw)
    except InvalidCode as exc:
        return None, False, str(exc)
    if listing.is_us != (market != "KRX"):
        return None, False, t("{stock} is listed on {where}: set Market to {where}", stock=listing.label,
                              where=listing.market if listing.is_us else "KRX")
    return listing.code, True, ""


def read(row: SheetRow, venue: str = "KRX", master: StockMaster | None = None) -> Written:
    """The request a row's cells hold (``venue`` for an empty Venue cell); every cell that cannot be read is a
    problem. The reconcile stage compares rows with the journal by this, so nothing here asks KIS or the clock;
    with the stock master, a name in the Code cell (삼성전자) reads as its code."""
    problems: list[str] = [f"merged cells {', '.join(row.merged)}: unmerge them"] if row.merged else []
    market = MARKETS.get(_text(row.get("market")).lower())
    if market is None:
        problems.append(f"market must be KRX, NAS, NYS or AMS, not {_text(row.get('market'))!r}")
        market = "KRX"
    raw_code = row.get("code")
    code, named = None, False
    if raw_code in (None, ""):
        problems.append("code is empty")
    else:
        code, named, problem = _code(raw_code, market, master)
        problems += [problem] if problem else []
    side = SIDES.get(_text(row.get("side")).lower())
    if side is None:
        problems.append(f"side must be BUY/SELL (매수/매도), not {_text(row.get('side'))!r}")
    qty = cell_number(row.get("quantity"), QUANTITY_MARKS)
    if qty is None or qty <= 0 or not float(qty).is_integer():
        problems.append(f"quantity must be a positive whole number, not {_text(row.get('quantity'))!r}")
        qty = None
    price = cell_number(row.get("price"), price_marks(market)) if row.get("price") not in (None, "") else None
    if row.get("price") not in (None, "") and price is None:
        problems.append(f"price is not a number: {_text(row.get('price'))!r}")
    type_text = _text(row.get("type")).lower()
    order_type = OrderType.named(type_text) if type_text else (
        OrderType.LIMIT if price is not None else OrderType.MARKET)
    if order_type is None:
        problems.append(f"unknown order type {_text(row.get('type'))!r}")
    stop = cell_number(row.get("stop_price"), price_marks(market)) if row.get("stop_price") not in (None, "") else None
    if row.get("stop_price") not in (None, "") and stop is None:
        problems.append(f"stop price is not a number: {_text(row.get('stop_price'))!r}")
    venue = VENUES.get(_text(row.get("venue")).lower(), None) if row.get("venue") not in (None, "") else (
        venue if market == "KRX" else "KRX")
    if venue is None:
        problems.append(f"Venue (거래소) must be KRX, NXT or SOR, not {_text(row.get('venue'))!r}")
    elif market != "KRX" and venue != "KRX":
        problems.append(f"Venue is for domestic rows; a US row's exchange goes in Market: drop {venue}")
    reserve = WHEN.get(_text(row.get("when")).lower())
    if reserve is None:
        problems.append(f"When (시점) must be NOW (즉시) or RESERVE (예약), not {_text(row.get('when'))!r}")
    if None in (code, side, qty, order_type, venue, reserve):
        return Written(row, code, None, problems, named=named)
    request = OrderRequest(code, side, int(qty), price, order_type, market, stop, venue)  # kept with problems
    return Written(row, code, request, problems, reserve, named)


def _check(w: Written, ctx: Context) -> Checked:
    """A row as written held to the market: known code, tick grid and limits, the session, the caps."""
    problems = list(w.problems)
    domestic = w.request is None or w.request.market == "KRX"
    name = ctx.names.get(w.code or "", "")
    if w.code and ctx.master is not None and domestic and w.code not in ctx.master.domestic:
        problems.append(str(unknown_code(ctx.master, w.code)))  # refused before anything is sent
        name = ""
    elif w.code and w.code not in ctx.quotes:
        problems.append(t("unknown code {code}", code=w.code))
    request, reserve = w.request, w.reserve
    named_code = w.code if w.named and w.code else ""
    if request is None:
        return Checked(w.row, None, None, problems, name=name, named_code=named_code)
    quote = ctx.quotes.get(request.code)
    if quote is not None:  # the one rule path the CLI and the API take, at the moment of the run (issue 28, #3)
        problems += rules.request_problems(request, kind=ctx.tick_tables.get(request.code), quote=quote,
                                           at=ctx.now, nxt_listed=ctx.nxt_listed.get(request.code), reserve=reserve)
    if problems:
        return Checked(w.row, request, None, problems, reserve, name=name, named_code=named_code)
    est = estimate(request, quote, ctx.usd_rate)
    note = "VI in effect: the order joins its two-minute single-price auction" if quote and quote.vi else ""
    return Checked(w.row, request, est, order_problems(est, ctx.caps), reserve, note, name, named_code)


def _order_key(c: Checked | Written) -> tuple:
    r = c.request
    return r.code, r.side, r.quantity, r.price, r.order_type, r.stop_price, _text(c.row.get("tag"))


def validate(rows: list[SheetRow], ctx: Context, sent: list[SheetRow] = ()) -> list[Checked]:
    """Every non-blank row checked alone and against the others.

    ``sent`` are the sheet's rows already sent (or in doubt): a row repeating one of them is a duplicate
    too, so a duplicate flagged on one run is not sent on the next just because its twin went out.
    """
    checked = [_check(read(row, ctx.venue, ctx.master), ctx) for row in rows if not row.is_blank]
    seen: dict[tuple, int] = {}
    for twin in (read(row, ctx.venue, ctx.master) for row in sent):
        if twin.request is not None:
            seen.setdefault(_order_key(twin), twin.row.number)
    for c in checked:
        if c.request is None:
            continue
        key = _order_key(c)
        if key in seen:
            c.problems.append(f"duplicate of row {seen[key]} (give it a different tag to send both)")
        else:
            seen[key] = c.row.number
    buys = [c for c in checked if c.ok and c.request.side == Side.BUY and c.request.market == "KRX"]
    need = sum(c.amount * (1 + COMMISSION) for c in buys)
    if ctx.orderable_cash is not None and need > ctx.orderable_cash:
        biggest = max(buys, key=lambda c: c.amount)
        for c in buys:
            c.problems.append(f"buys total {need:,.0f} won, more than the orderable cash {ctx.orderable_cash:,.0f} "
                              f"(the largest is row {biggest.row.number}, ~{biggest.amount:,.0f} won)")
    sells: dict[str, list[Checked]] = {}
    for c in checked:
        if c.ok and c.request.side == Side.SELL and c.request.market == "KRX":
            sells.setdefault(c.request.code, []).append(c)
    for code, group in sells.items():
        total, held = sum(c.request.quantity for c in group), ctx.orderable_qty.get(code, 0)
        if total > held:
            for c in group:
                c.problems.append(t("sells of {stock} total {total:,} shares, more than the {held:,} you can sell",
                                    stock=ctx.label(code), total=total, held=held))
    sending = [c for c in checked if c.ok]
    won = [c.estimate.won for c in sending]
    over = batch_problems(None if None in won else sum(won), ctx.caps)
    for c in sending:
        c.problems += over
    return checked


def gather_context(broker: Broker, rows: list[SheetRow], clock: Callable[[], datetime] | None = None,
                   progress: Callable[[int, int], None] | None = None) -> Context:
    """Quotes for every code on the sheet (batched), orderable cash and sellable quantities, and the time.

    The time is the server's clock (``broker.now()``: KIS's is the wall clock, a simulator's may run on
    another day), unless a ``clock`` is given — tests, or checking a sheet for a session still to come.
    """
    ctx = Context(now=(clock or broker.now)(), caps=Caps.of(broker.profile), venue=broker.profile.venue)
    try:
        ctx.master = broker.master()
    except MasterUnavailable:  # codes are held to KIS's quotes alone; names in Code cells cannot be read
        ctx.master = None
    written = [read(row, ctx.venue, ctx.master) for row in rows if not row.is_blank]
    domestic = {w.code for w in written if w.code and _domestic(w)}
    us = {(w.code, MARKETS.get(_text(w.row.get("market")).lower())) for w in written if w.code and not _domestic(w)}
    ctx.quotes.update(broker.prices(sorted(domestic), progress=progress) if domestic else {})
    requests = [w.request for w in written if w.request is not None and w.request.code in ctx.quotes]
    ctx.tick_tables = _tick_tables(broker, requests, ctx.quotes)
    ctx.nxt_listed = _nxt_listed(broker, requests)
    for symbol, market in us:
        try:
            ctx.quotes[symbol] = broker.us_price(symbol, market)
        except InvalidCode:
            continue
    ctx.names = _names(ctx, {w.code for w in written if w.code})
    if us and ctx.caps.converts_usd:
        ctx.usd_rate = broker.usd_rate()
    balance = broker.balance()
    ctx.orderable_qty = {h.code: h.orderable_qty for h in balance.holdings}
    if domestic:
        ctx.orderable_cash = broker.buying_power(sorted(domestic)[0]).cash
    else:
        ctx.orderable_cash = balance.summary.d2_cash
    return ctx


def _names(ctx: Context, codes: set[str]) -> dict[str, str]:
    """Each code's name: the stock master's, else its quote's (no request per code: a sheet may hold 1,000)."""
    out = {}
    for code in codes:
        listing = ctx.master.get(code) if ctx.master is not None else None
        quote = ctx.quotes.get(code)
        name = listing.name if listing is not None else (quote.name if quote is not None else "") or ""
        if name:
            out[code] = name
    return out


def _domestic(w: Written) -> bool:
    return MARKETS.get(_text(w.row.get("market")).lower(), "KRX") == "KRX"


def _tick_tables(broker: Broker, requests: list[OrderRequest], quotes: dict[str, Quote]) -> dict[str, str]:
    """The tick table of each quoted KRX code where KIS's answers tell it: the quoted tick, else (only for a
    price on the ETF/ETN grid but off the stock grid, where the answer decides) KIS's stock master."""
    tables = {code: kind for code, q in quotes.items() if (kind := krx.kind_from_tick(q.price, q.tick))}
    for r in requests:
        if (r.market == "KRX" and r.code not in tables and r.price is not None and krx.on_tick(r.price, krx.ETP)
                and not krx.on_tick(r.price, krx.STOCK)):
            try:
                kind = broker.tick_table(r.code, quotes[r.code])
            except KisXlError:
                kind = None
            if kind:
                tables[r.code] = kind
    return tables


def _nxt_listed(broker: Broker, requests: list[OrderRequest]) -> dict[str, bool | None]:
    """Whether NXT trades each code a row sends to NXT or SOR (the stock master; None where it cannot say)."""
    out: dict[str, bool | None] = {}
    for r in requests:
        if r.market == "KRX" and r.venue in ("NXT", "SOR") and r.code not in out:
            try:
                out[r.code] = broker.nxt_listed(r.code)
            except KisXlError:
                out[r.code] = None
    return out
