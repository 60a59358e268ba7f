"""What makes an order request well-formed, before anything is sent: one set of rules for every sender.

The client (any Python API that sends), the CLI and the order sheet all ask ``request_problems``: an
order's type and price agree (a LIMIT order has a price, a MARKET order has none), the price is
positive and on the instrument's tick grid, and within today's limits when a quote is known. Each
problem is one line saying what to type instead. Pure functions: no I/O.
"""

from __future__ import annotations

from . import krx
from .models import OrderRequest, OrderType, Quote

US_MARKETS = ("NAS", "NYS", "AMS")


def _money(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def price_problems(order_type: OrderType, price: float | None, market: str = "KRX", *, kind: str | None = krx.STOCK,
                   quote: Quote | None = None) -> list[str]:
    """Problems of an order type with a price (None: no price given).

    ``kind`` is the instrument's tick table (krx.STOCK or krx.ETP); None when it could not be learnt: the
    price must then sit on the stock grid, which lies on the ETF/ETN grid too, so it is right either way.
    """
    if market != "KRX":
        if order_type != OrderType.LIMIT:
            return [f"US orders are limit orders only, not {order_type.name}: give a price with type LIMIT"]
        if price is None:
            return ["a US order needs a price: US orders are limit orders"]
        if price <= 0:
            return [f"price must be positive, not {_money(price)}"]
        if not krx.us_on_tick(price):
            step = "from $1 up move in cents" if price >= 1 else "under $1 move in hundredths of a cent"
            return [f"price {price} has more than {krx.us_decimals(price)} decimals: US prices {step}"]
        return []
    if not order_type.needs_price:
        if price is not None:
            return [f"a {order_type.name} order takes no price: drop the price {_money(price)}, or make it a "
                    f"LIMIT order"]
        return []
    if price is None:
        return [f"a {order_type.name} order needs a price: give one, or make it a MARKET order"]
    if price <= 0:
        return [f"price must be positive, not {_money(price)}"]
    grid = kind or krx.STOCK
    if not krx.on_tick(price, grid):
        tick = krx.tick_size(price, grid)
        down, up = krx.round_to_tick(price, "down", grid), krx.round_to_tick(price, "up", grid)
        unsure = (" (if this is an ETF/ETN, its own tick could not be confirmed here: KIS's stock master needs a "
                  "real-domain key, market_data = \"real\")") if kind is None and krx.on_tick(price, krx.ETP) else ""
        return [f"price {_money(price)} is off the tick grid ({tick:,} won): {down:,} or {up:,}{unsure}"]
    if quote is not None and quote.upper_limit and price > quote.upper_limit:
        return [f"price {_money(price)} is above today's upper limit {quote.upper_limit:,.0f}"]
    if quote is not None and quote.lower_limit and price < quote.lower_limit:
        return [f"price {_money(price)} is below today's lower limit {quote.lower_limit:,.0f}"]
    return []


AFTER_HOURS = frozenset({OrderType.PRE_MARKET, OrderType.AFTER_MARKET, OrderType.AFTER_SINGLE})


def type_problems(order_type: OrderType) -> list[str]:
    """Order types kis-xl does not send: each one offered is sent with what KIS needs and simulated as KIS runs it."""
    if order_type in AFTER_HOURS:
        return [f"{order_type.label} orders are not offered yet: kis-xl does not know KRX's after-hours sessions"]
    return []


def stop_problems(order_type: OrderType, side, stop: float | None, *, kind: str | None = krx.STOCK,
                  quote: Quote | None = None) -> list[str]:
    """A STOP_LIMIT order's trigger (스톱지정가 조건가격): given, on the tick grid, within today's limits, and on the
    side of the current price it waits for (a buy stop above it, a sell stop below); no other type takes one."""
    if order_type != OrderType.STOP_LIMIT:
        return [f"only STOP_LIMIT (스톱지정가) takes a stop price: drop {_money(stop)}"] if stop is not None else []
    if stop is None:
        return ["a STOP_LIMIT order needs a stop price (조건가격): the price at which its limit order goes in"]
    if stop <= 0:
        return [f"stop price must be positive, not {_money(stop)}"]
    grid = kind or krx.STOCK
    if not krx.on_tick(stop, grid):
        return [f"stop price {_money(stop)} is off the tick grid ({krx.tick_size(stop, grid):,} won): "
                f"{krx.round_to_tick(stop, 'down', grid):,} or {krx.round_to_tick(stop, 'up', grid):,}"]
    if quote is None:
        return []
    if (quote.upper_limit and stop > quote.upper_limit) or (quote.lower_limit and stop < quote.lower_limit):
        return [f"stop price {_money(stop)} is outside today's limits {quote.lower_limit:,.0f}–{quote.upper_limit:,.0f}"]
    buy = getattr(side, "value", side) == "BUY"
    if buy and stop <= quote.price:
        return [f"a buy stop waits for the price to rise: give a stop above the current {quote.price:,.0f}"]
    if not buy and stop >= quote.price:
        return [f"a sell stop waits for the price to fall: give a stop below the current {quote.price:,.0f}"]
    return []


def request_problems(request: OrderRequest, *, kind: str | None = krx.STOCK, quote: Quote | None = None) -> list[str]:
    """Every problem of a request as it would be sent (empty when it may go out)."""
    problems = []
    if isinstance(request.quantity, bool) or not isinstance(request.quantity, int) or request.quantity <= 0:
        problems.append(f"quantity must be a positive whole number, not {request.quantity!r}")
    if request.market != "KRX" and request.market not in US_MARKETS:
        problems.append(f"unknown market {request.market!r}: KRX, NAS, NYS or AMS")
        return problems
    if type_problems(request.order_type):
        return problems + type_problems(request.order_type)
    problems += price_problems(request.order_type, request.price, request.market, kind=kind, quote=quote)
    if request.market == "KRX":
        problems += stop_problems(request.order_type, request.side, request.stop_price, kind=kind, quote=quote)
    return problems


def us_wire_price(price: float) -> str:
    """A US limit price as it goes on the wire: exactly its decimals (cents from $1, 1/100 cent below)."""
    return f"{price:.{krx.us_decimals(price)}f}"
