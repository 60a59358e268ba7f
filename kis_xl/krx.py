"""KRX market rules: tick grid, daily price limits, session hours and the trading calendar.

These are exchange rules (public facts), shared by order validation and the simulator like
``spec``. The calendars (XKRX, and XNYS for US hours) come from ``calendars``, over a fixed window;
the sessions' hours from the one table in ``sessions``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .calendars import calendar
from .sessions import KRX_REGULAR, US_REGULAR
from .sessions import KST as KST  # krx.KST for callers

REGULAR_OPEN = KRX_REGULAR.opens
REGULAR_CLOSE = KRX_REGULAR.closes

STOCK = "stock"
ETP = "etp"  # ETF and ETN: a tick table of their own
# Tick tables (호가단위) by instrument kind: (upper bounds, exclusive; ticks, one more than bounds).
# Stocks, KOSPI/KOSDAQ unified since 2023-01-25; ETF/ETN: 1 won below 2,000, 5 won from 2,000 up.
TICK_TABLES: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    STOCK: ((2_000, 5_000, 20_000, 50_000, 200_000, 500_000), (1, 5, 10, 50, 100, 500, 1_000)),
    ETP: ((2_000,), (1, 5)),
}
LIMIT_RATE = 0.30
SINGLE_PRICE_BAND = 0.10  # 시간외 단일가: within ±10 % of the day's close


def tick_size(price: float, kind: str = STOCK) -> int:
    """The KRX tick (호가단위) for a price of an instrument kind (``STOCK`` or ``ETP``)."""
    bounds, ticks = TICK_TABLES[kind]
    for bound, tick in zip(bounds, ticks):
        if price < bound:
            return tick
    return ticks[-1]


def on_tick(price: float, kind: str = STOCK) -> bool:
    return price > 0 and float(price).is_integer() and price % tick_size(price, kind) == 0


def kind_from_tick(price: float | None, tick: float | None) -> str | None:
    """ETP or STOCK from the tick KIS quotes at a price (``aspr_unit``); None where both tables agree there."""
    if price and tick:
        as_stock, as_etp = tick_size(price, STOCK), tick_size(price, ETP)
        if as_stock != as_etp:
            return ETP if tick == as_etp else STOCK
    return None


def us_decimals(price: float) -> int:
    """Decimals a US price may carry: cents from $1 up, hundredths of a cent below (SEC Rule 612)."""
    return 2 if price >= 1 else 4


def us_on_tick(price: float) -> bool:
    scaled = price * 10 ** us_decimals(price)
    return price > 0 and abs(scaled - round(scaled)) < 1e-6


def round_to_tick(price: float, mode: str = "nearest", kind: str = STOCK) -> int:
    """Round a price onto the tick grid: ``nearest``, ``down`` or ``up``."""
    tick = tick_size(price, kind)
    if mode == "down":
        return int(price // tick * tick)
    if mode == "up":
        return int(-(-price // tick) * tick)
    return int(round(price / tick) * tick)


def price_limits(base_price: int, kind: str = STOCK) -> tuple[int, int]:
    """Upper and lower limit (상한가, 하한가) for a base price (기준가, ``stck_sdpr``).

    The width is 30 % of the base truncated to the base price's tick, as KIS's own example shows
    (base 128,500 → width 38,500 → 167,000 / 90,000).
    """
    tick = tick_size(base_price, kind)
    width = int(base_price * LIMIT_RATE // tick * tick)
    upper = round_to_tick(base_price + width, "down", kind)
    lower = max(1, round_to_tick(base_price - width, "up", kind))
    return upper, lower


def single_price_band(close: float, kind: str = STOCK) -> tuple[int, int]:
    """The prices 시간외 단일가 takes: ±10 % of the close, on the tick grid (and inside the day's limits)."""
    return (round_to_tick(close * (1 - SINGLE_PRICE_BAND), "up", kind),
            round_to_tick(close * (1 + SINGLE_PRICE_BAND), "down", kind))


def is_trading_day(day: date) -> bool:
    """True on KRX trading days (XKRX); outside the calendar's fixed window weekdays count."""
    return calendar("XKRX").is_session(day)


def previous_trading_day(day: date) -> date:
    d = day - timedelta(days=1)
    while not is_trading_day(d):
        d -= timedelta(days=1)
    return d


def next_trading_day(day: date) -> date:
    d = day + timedelta(days=1)
    while not is_trading_day(d):
        d += timedelta(days=1)
    return d


def trading_days(start: date, end: date) -> list[date]:
    """Trading days from start to end inclusive, oldest first."""
    days, d = [], start
    while d <= end:
        if is_trading_day(d):
            days.append(d)
        d += timedelta(days=1)
    return days


def is_regular_session(at: datetime) -> bool:
    """True during the regular session 09:00–15:30 KST of a trading day (``sessions.KRX_REGULAR``)."""
    return KRX_REGULAR.is_open(at)


def is_us_regular_session(at: datetime) -> bool:
    """True during the NYSE regular session (XNYS: US holidays, daylight saving and early closes included)."""
    return US_REGULAR.is_open(at)
