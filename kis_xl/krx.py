"""KRX market rules: tick grid, daily price limits, session hours and the trading calendar.

These are exchange rules (public facts), shared by order validation and the simulator like
``spec``. The calendar comes from ``exchange_calendars`` (XKRX), loaded once and lazily.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

KST = ZoneInfo("Asia/Seoul")
REGULAR_OPEN = time(9, 0)
REGULAR_CLOSE = time(15, 30)

# Unified KOSPI/KOSDAQ tick table since 2023-01-25: (upper bound exclusive, tick).
_TICKS = ((2_000, 1), (5_000, 5), (20_000, 10), (50_000, 50), (200_000, 100), (500_000, 500))
_TOP_TICK = 1_000
LIMIT_RATE = 0.30


def tick_size(price: float) -> int:
    """The KRX tick (호가단위) for a price."""
    for bound, tick in _TICKS:
        if price < bound:
            return tick
    return _TOP_TICK


def on_tick(price: int) -> bool:
    return price > 0 and price % tick_size(price) == 0


def round_to_tick(price: float, mode: str = "nearest") -> int:
    """Round a price onto the tick grid: ``nearest``, ``down`` or ``up``."""
    tick = tick_size(price)
    if mode == "down":
        return int(price // tick * tick)
    if mode == "up":
        return int(-(-price // tick) * tick)
    return int(round(price / tick) * tick)


def price_limits(base_price: int) -> tuple[int, int]:
    """Upper and lower limit (상한가, 하한가) for a base price (기준가, ``stck_sdpr``).

    The width is 30 % of the base truncated to the base price's tick, as KIS's own example shows
    (base 128,500 → width 38,500 → 167,000 / 90,000).
    """
    tick = tick_size(base_price)
    width = int(base_price * LIMIT_RATE // tick * tick)
    upper = round_to_tick(base_price + width, "down")
    lower = max(1, round_to_tick(base_price - width, "up"))
    return upper, lower


@functools.lru_cache(maxsize=1)
def _sessions() -> tuple[date, date, frozenset[date]]:
    """The XKRX calendar's range and its sessions as plain dates (looked up often, so kept as a set)."""
    import warnings

    import exchange_calendars

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cal = exchange_calendars.get_calendar("XKRX")
        days = frozenset(ts.date() for ts in cal.sessions)
    return cal.first_session.date(), cal.last_session.date(), days


def is_trading_day(day: date) -> bool:
    """True on KRX trading days; outside the calendar's range (about 20 years back, 1 ahead) weekdays count."""
    first, last, days = _sessions()
    if first <= day <= last:
        return day in days
    return day.weekday() < 5


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
    """True during the regular session 09:00–15:30 KST of a trading day."""
    local = at.astimezone(KST)
    return is_trading_day(local.date()) and REGULAR_OPEN <= local.time() < REGULAR_CLOSE


def now_kst() -> datetime:
    return datetime.now(KST)
