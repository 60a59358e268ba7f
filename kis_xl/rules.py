"""What makes an order request well-formed, before anything is sent: one set of rules for every sender.

The client (any Python API that sends), the CLI and the order sheet all ask ``request_problems``: an
order's type and price agree (a LIMIT order has a price, a MARKET order has none), the price is
positive and on the instrument's tick grid, and within today's limits when a quote is known; the venue
takes the type (KIS: NXT no 01/02/05-07, SOR no 02/05-07/21-24); and, given the server's clock, a
session that takes it is open (``route``), with the session's own price rule (장전/장후 시간외 at the close,
시간외 단일가 within ±10 % of it). A closed one is answered with what is open instead. Each problem is
one line saying what to type instead. Pure functions: no I/O.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from . import krx, sessions
from .i18n import t
from .models import (
    KR,
    US,
    US_DAYTIME,
    US_REGULAR_ENDPOINT,
    OrderRequest,
    OrderType,
    Quote,
)
from .sessions import SOR_TYPES, VENUE_TYPES, SessionState, kst_text
from .venues import KRX, NXT, ORDER_VENUES, SOR

US_MARKETS = ("NAS", "NYS", "AMS")
US_SESSIONS = {US_DAYTIME: (sessions.US_DAY,), US_REGULAR_ENDPOINT: sessions.US_ORDER_SESSIONS}


def _money(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _us_price_problems(order_type: OrderType, price: float | None) -> list[str]:
    if order_type != OrderType.LIMIT:
        return [t("US orders are limit orders only, not {type}: give a price with type LIMIT", type=order_type.name)]
    if price is None:
        return [t("a US order needs a price: US orders are limit orders")]
    if price <= 0:
        return [t("price must be positive, not {price}", price=_money(price))]
    if not krx.us_on_tick(price):
        if price >= 1:
            return [t("price {price} has more than {decimals} decimals: US prices from $1 up move in cents",
                      price=price, decimals=krx.us_decimals(price))]
        return [t("price {price} has more than {decimals} decimals: US prices under $1 move in hundredths of a cent",
                  price=price, decimals=krx.us_decimals(price))]
    return []


def _grid_problem(price: float, kind: str | None, stop: bool = False) -> list[str]:
    grid = kind or krx.STOCK
    if krx.on_tick(price, grid):
        return []
    tick = krx.tick_size(price, grid)
    down, up = krx.round_to_tick(price, "down", grid), krx.round_to_tick(price, "up", grid)
    unsure = (t(" (if this is an ETF/ETN, its own tick could not be confirmed here: KIS's stock master needs a "
                "real-domain key, market_data = \"real\")") if kind is None and krx.on_tick(price, krx.ETP) else "")
    if stop:
        text = t("stop price {price} is off the tick grid ({tick:,} won): {down:,} or {up:,}", price=_money(price),
                 tick=tick, down=down, up=up)
    else:
        text = t("price {price} is off the tick grid ({tick:,} won): {down:,} or {up:,}", price=_money(price),
                 tick=tick, down=down, up=up)
    return [text + unsure]


def price_problems(order_type: OrderType, price: float | None, market: str = "KRX", *, kind: str | None = krx.STOCK,
                   quote: Quote | None = None, limits: str | None = None) -> list[str]:
    """Problems of an order type with a price (None: no price given).

    ``kind`` is the instrument's tick table (krx.STOCK or krx.ETP); None when it could not be learnt: the
    price must then sit on the stock grid, which lies on the ETF/ETN grid too, so it is right either way.
    The closing-price types (05, 06) take no price: they trade at the close. 시간외 단일가 (07) stays within
    ±10 % of the close (the quote's price once KRX has closed). ``limits`` names whose limits the quote holds
    (today's when not given).
    """
    if market != "KRX":
        return _us_price_problems(order_type, price)
    if not order_type.needs_price:
        if price is not None:
            if order_type.at_close:
                return [t("a {type} order takes no price: drop the price {price}, it trades at the close",
                          type=order_type.name, price=_money(price))]
            return [t("a {type} order takes no price: drop the price {price}, or make it a LIMIT order",
                      type=order_type.name, price=_money(price))]
        return []
    if price is None:
        if order_type in sessions.AFTER_HOURS_TYPES:  # its session takes no market order: only a price will do
            return [t("a {type} order needs a price: give one within ±10 % of the close", type=order_type.name)]
        return [t("a {type} order needs a price: give one, or make it a MARKET order", type=order_type.name)]
    if price <= 0:
        return [t("price must be positive, not {price}", price=_money(price))]
    off = _grid_problem(price, kind)
    if off:
        return off
    limits = limits or t("today's")
    if quote is not None and quote.upper_limit and price > quote.upper_limit:
        return [t("price {price} is above {limits} upper limit {limit:,.0f}", price=_money(price), limits=limits,
                  limit=quote.upper_limit)]
    if quote is not None and quote.lower_limit and price < quote.lower_limit:
        return [t("price {price} is below {limits} lower limit {limit:,.0f}", price=_money(price), limits=limits,
                  limit=quote.lower_limit)]
    if order_type == OrderType.AFTER_SINGLE and quote is not None and quote.price:
        low, high = krx.single_price_band(quote.price, kind or krx.STOCK)
        if not low <= price <= high:
            return [t("a 시간외 단일가 price stays within ±10 % of the close {close:,.0f}: {low:,.0f} to {high:,.0f}, "
                      "not {price}", close=quote.price, low=low, high=high, price=_money(price))]
    return []


def venue_problems(order_type: OrderType, venue: str) -> list[str]:
    """Whether a domestic venue takes the type at all (KIS's order-cash rules)."""
    if venue not in ORDER_VENUES:
        return [t("unknown venue {venue!r}: KRX, NXT or SOR", venue=venue)]
    if order_type in VENUE_TYPES[venue]:
        return []
    others = [v for v in ORDER_VENUES if order_type in VENUE_TYPES[v]]
    return [t("{venue} takes no {type} orders: set Venue to {others}, or choose another type", venue=venue,
              type=order_type.label, others=t(" or ").join(others))]


def type_problems(order_type: OrderType, venue: str = KRX, *, at: datetime | None = None) -> list[str]:
    """Whether the venue takes the type. The after-hours types trade only in their own sessions: without the
    moment (``at``) a caller cannot check those, so they are refused there with where they can be sent."""
    problems = venue_problems(order_type, venue)
    if problems or at is not None or order_type not in sessions.AFTER_HOURS_TYPES:
        return problems
    home = next(s for s in sessions.SESSIONS if s.venue == KRX and s.takes(order_type))
    return [t("{type} orders trade only in {session}, {opens:%H:%M}-{closes:%H:%M} KST: send it where sessions are "
              "checked (kis-xl buy/sell, or the Python API)", type=order_type.label, session=home.label,
              opens=home.opens, closes=home.closes)]


def stop_problems(order_type: OrderType, side, stop: float | None, *, kind: str | None = krx.STOCK,
                  quote: Quote | None = None) -> list[str]:
    """A STOP_LIMIT order's trigger (스톱지정가 조건가격): given, on the tick grid, within today's limits, and on the
    side of the current price it waits for (a buy stop above it, a sell stop below); no other type takes one."""
    if order_type != OrderType.STOP_LIMIT:
        if stop is None:
            return []
        return [t("only STOP_LIMIT (스톱지정가) takes a stop price: drop {stop}", stop=_money(stop))]
    if stop is None:
        return [t("a STOP_LIMIT order needs a stop price (조건가격): the price at which its limit order goes in")]
    if stop <= 0:
        return [t("stop price must be positive, not {stop}", stop=_money(stop))]
    off = _grid_problem(stop, kind, stop=True)
    if off:
        return off
    if quote is None:
        return []
    if (quote.upper_limit and stop > quote.upper_limit) or (quote.lower_limit and stop < quote.lower_limit):
        return [t("stop price {stop} is outside today's limits {low:,.0f}–{high:,.0f}", stop=_money(stop),
                  low=quote.lower_limit, high=quote.upper_limit)]
    buy = getattr(side, "value", side) == "BUY"
    if buy and stop <= quote.price:
        return [t("a buy stop waits for the price to rise: give a stop above the current {price:,.0f}",
                  price=quote.price)]
    if not buy and stop >= quote.price:
        return [t("a sell stop waits for the price to fall: give a stop below the current {price:,.0f}",
                  price=quote.price)]
    return []


# sessions -----------------------------------------------------------------------------------------------
def _on(venue: str, order_type: OrderType, at: datetime, listed: bool) -> SessionState | None:
    """The open session of one real venue (KRX or NXT) taking the type; NXT only for the stocks it lists."""
    if venue == NXT and not listed:
        return None
    return sessions.taking(venue, order_type, at)


def route(request: OrderRequest, at: datetime, *, nxt_listed: bool | None = True) -> SessionState | None:
    """The open session a request goes to at ``at``, or None when none takes it now.

    SOR routes to KRX's regular session while it runs and to NXT's sessions otherwise (KRX alone for a stock
    NXT does not list). A US request goes to its ``session`` (the daytime session, or the order endpoint's
    pre-market, regular session and after-market), "" meaning the daytime session while it runs.
    """
    if request.book == US:
        chosen = US_SESSIONS.get(request.session) or (sessions.US_DAY, *sessions.US_ORDER_SESSIONS)
        return sessions.taking(sessions.US_VENUE, request.order_type, at, chosen)
    listed = nxt_listed is not False
    if request.venue == SOR:
        if request.order_type not in SOR_TYPES:
            return None
        return _on(KRX, request.order_type, at, listed) or _on(NXT, request.order_type, at, listed)
    return _on(request.venue, request.order_type, at, listed)


def us_session(request: OrderRequest, at: datetime) -> str:
    """The session a US request resolves to at ``at``: its own, or for "" the daytime session while it runs."""
    if request.session:
        return request.session
    return US_DAYTIME if sessions.US_DAY.is_open(at) else US_REGULAR_ENDPOINT


def _remedy(st: SessionState, request: OrderRequest, listed: bool) -> str | None:
    """What to change for a request to go to an open session, or None when nothing would."""
    s = st.session
    if request.book == US:
        return "--session day (주간거래)" if s is sessions.US_DAY else "--session regular"
    if s.venue == NXT and not listed:
        return None
    if not s.order_types:  # a session KIS has published no order parameters for (sessions.toml: unpublished)
        return t("KIS has not published its order parameters: kis-xl sends nothing there")
    if s.takes(request.order_type):
        if s.venue == request.venue:
            return None
        if request.order_type in SOR_TYPES and s.venue == NXT:
            return t("set Venue to {venue} or SOR", venue=s.venue)
        return t("set Venue to {venue}", venue=s.venue)
    types = "/".join(ot.name for ot in sorted(s.order_types, key=lambda ot: ot.value))
    if s.venue != request.venue:
        return t("type {types} with Venue {venue}", types=types, venue=s.venue)
    return t("type {types}", types=types)


def closed_problem(request: OrderRequest, at: datetime, *, nxt_listed: bool | None = True) -> str:
    """Why no session takes the request now, and what is open instead:
    ``KRX is closed for LIMIT orders until 2025-06-03 09:00 KST (KRX regular session); open now: NXT
    after-market until 20:00 KST (set Venue to NXT or SOR)``."""
    listed = nxt_listed is not False
    if request.book == US:
        where = t("the US daytime session") if request.session == US_DAYTIME else t("the US market")
        chosen = US_SESSIONS.get(request.session) or (sessions.US_DAY, *sessions.US_ORDER_SESSIONS)
        soon = [sessions.next_taking(sessions.US_VENUE, request.order_type, at, chosen)]
    else:
        where = request.venue
        venues = [KRX, NXT] if request.venue == SOR else [request.venue]
        soon = [sessions.next_taking(v, request.order_type, at) for v in venues if v != NXT or listed]
    upcoming = min((st for st in soon if st), key=lambda st: st.until, default=None)
    if upcoming is not None:
        head = t("{where} is closed for {type} orders until {until} ({session})", where=where,
                 type=request.order_type.name, until=kst_text(upcoming.until, at), session=upcoming.session.title)
    elif request.book == KR:  # no session of the day's rules takes the type (2026: 시간외 단일가 abolished)
        era = sessions.rules().era(at.astimezone(sessions.KST).date())
        head = t("{where} takes no {type} orders under the rules in force since {start} ({rules})", where=where,
                 type=request.order_type.name, start=era.start, rules=era.title)
    else:
        head = t("{where} is closed for {type} orders", where=where, type=request.order_type.name)
    instead = [t("{session} until {until} ({fix})", session=st.session.title, until=kst_text(st.until, at), fix=fix)
               for st in sessions.open_sessions(at, request.book) if (fix := _remedy(st, request, listed))]
    window = sessions.RESERVATIONS[request.book]
    if request.order_type in window.order_types and request.venue in (KRX, SOR) and window.state(at).open:
        instead.append(t("{window} until {until} (reserve it: 예약주문)", window=window.title,
                         until=kst_text(window.state(at).until, at)))
    return head + (t("; open now: {sessions}", sessions=", ".join(instead)) if instead else "")


def session_problems(request: OrderRequest, at: datetime, *, nxt_listed: bool | None = True) -> list[str]:
    """Whether a session takes the request at ``at`` (the server's clock); if not, what is open instead."""
    if request.book == KR and request.venue == NXT and nxt_listed is False:
        return [t("{code} is not traded on NXT (the stock master's NXT flag): set Venue to KRX or SOR",
                  code=request.code)]
    if route(request, at, nxt_listed=nxt_listed) is not None:
        return []
    return [closed_problem(request, at, nxt_listed=nxt_listed)]


def reservation_problems(request: OrderRequest, at: datetime) -> list[str]:
    """Whether KIS takes the request as a reservation (예약주문) at ``at``: its window is open, the type is one
    a reservation carries, and a domestic reservation goes to KRX (order-resv has no venue)."""
    window = sessions.RESERVATIONS[request.book]
    problems = []
    if request.book == KR and request.venue != KRX:
        problems.append(t("a reservation goes to KRX (KIS's order-resv takes no venue), not {venue}: set Venue to KRX",
                          venue=request.venue))
    if request.order_type not in window.order_types:
        types = ", ".join(ot.name for ot in sorted(window.order_types, key=lambda ot: ot.value))
        problems.append(t("{window} take {types} orders, not {type}", window=window.title, types=types,
                          type=request.order_type.name))
    state = window.state(at)
    if not state.open:
        if state.until:
            problems.append(t("{window} are closed until {until}", window=window.label,
                              until=kst_text(state.until, at)))
        else:
            problems.append(t("{window} are closed", window=window.label))
    return problems


def request_problems(request: OrderRequest, *, kind: str | None = krx.STOCK, quote: Quote | None = None,
                     at: datetime | None = None, nxt_listed: bool | None = True, reserve: bool = False) -> list[str]:
    """Every problem of a request as it would be sent (empty when it may go out). With ``at`` (the server's
    clock) the sessions are checked too: an order must find one open, a reservation (``reserve``) its window."""
    problems = []
    if isinstance(request.quantity, bool) or not isinstance(request.quantity, int) or request.quantity <= 0:
        problems.append(t("quantity must be a positive whole number, not {quantity!r}", quantity=request.quantity))
    if request.market != "KRX" and request.market not in US_MARKETS:
        problems.append(t("unknown market {market!r}: KRX, NAS, NYS or AMS", market=request.market))
        return problems
    if request.book == US:
        if request.venue != KRX:
            problems.append(t("a venue (KRX, NXT, SOR) is for domestic orders: drop {venue}", venue=request.venue))
        if request.session not in ("", US_DAYTIME, US_REGULAR_ENDPOINT):
            problems.append(t("unknown US session {session!r}: day (주간거래) or regular", session=request.session))
    elif request.session:
        problems.append(t("a session (day, regular) is for US orders: drop {session!r}", session=request.session))
    typed = type_problems(request.order_type, request.venue if request.book == KR else KRX, at=at)
    if typed:
        return problems + typed
    limits = None
    if reserve and request.book == KR and quote is not None and quote.price:
        upper, lower = krx.price_limits(int(quote.price), kind or krx.STOCK)  # KIS: from the price when reserved
        quote, limits = replace(quote, upper_limit=upper, lower_limit=lower), t("the next session's expected")
    problems += price_problems(request.order_type, request.price, request.market, kind=kind, quote=quote,
                               limits=limits)
    if request.market == "KRX":
        problems += stop_problems(request.order_type, request.side, request.stop_price, kind=kind, quote=quote)
    if not reserve and quote is not None and quote.halted:
        problems.append(t("trading in {code} is halted (거래정지): KIS takes no order for it now; a reservation "
                          "(--reserve) waits for the next open", code=request.code))
    if at is not None and not problems:
        problems += (reservation_problems(request, at) if reserve else
                     session_problems(request, at, nxt_listed=nxt_listed))
    return problems


def us_wire_price(price: float) -> str:
    """A US limit price as it goes on the wire: exactly its decimals (cents from $1, 1/100 cent below)."""
    return f"{price:.{krx.us_decimals(price)}f}"
