"""Deterministic market data: daily bars per trading day and a minute path for each session.

For a seed, every instrument has a random walk over the XKRX calendar (US: XNYS), both over one
fixed window (``calendars``), anchored so the price on ``ANCHOR`` equals the instrument's reference
price: the same seed and clock give the same market on any day the simulator runs. Prices sit on
the instrument's KRX tick grid (stocks or ETFs, ``krx.TICK_TABLES``) and daily moves stay inside ±30 %. A session's minute path (09:00–15:30 KST, 390 minutes) is a
Brownian bridge from the day's open to its close. ``quote(code, now)`` is what every quote and
the matching engine read: before a session opens the last session is shown.

Public API: ``quote``, ``us_quote``, ``bars``, ``us_bars``, ``minute_path``, ``session_for``,
``instrument``, ``us_exchange``, ``is_listed``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from .. import krx
from ..calendars import calendar
from . import universe
from .universe import Instrument

ANCHOR = date(2025, 6, 2)
SESSION_MINUTES = 390
NEW_YORK = ZoneInfo("America/New_York")
US_OPEN, US_CLOSE = time(9, 30), time(16, 0)


@dataclass(frozen=True)
class DayBar:
    day: date
    open: float
    high: float
    low: float
    close: float
    volume: int
    value: float


@dataclass(frozen=True)
class StockState:
    """One instrument at one moment: what a quote shows and what orders match against."""

    instrument: Instrument
    session: date  # the session whose prices these are
    price: float
    open: float
    high: float
    low: float
    prev_close: float  # also the base price (기준가) of the session
    volume: int
    value: float
    upper_limit: float
    lower_limit: float
    minute: int  # minutes into the session (0 before the first trade, 390 after the close)
    is_open: bool  # the regular session is running now (NXT: one of its sessions)
    venue: str = "KRX"  # KRX, NXT, or UN (integrated)
    last_trade: datetime | None = None  # NXT: when it last traded (KRX: its minute of the session)

    @property
    def code(self) -> str:
        return self.instrument.code

    @property
    def change(self) -> float:
        return self.price - self.prev_close

    @property
    def change_pct(self) -> float:
        return 0.0 if not self.prev_close else round(self.change / self.prev_close * 100, 2)


def _days(us: bool) -> tuple[date, ...]:
    return calendar("XNYS" if us else "XKRX").days


def _day_index(us: bool) -> dict[date, int]:
    return calendar("XNYS" if us else "XKRX").index


@functools.lru_cache(maxsize=2)
def _anchor_index(us: bool) -> int:
    """The session nearest ANCHOR: where each walk meets its reference price."""
    days = _days(us)
    return min(range(len(days)), key=lambda i: abs((days[i] - ANCHOR).days))


_TICK_ARRAYS = {kind: (np.array(bounds, dtype=float), np.array(ticks, dtype=float))
                for kind, (bounds, ticks) in krx.TICK_TABLES.items()}


def _grid(prices: np.ndarray, us: bool, kind: str = krx.STOCK) -> np.ndarray:
    """Prices onto the tick grid (the KRX table of the instrument's kind, vectorised; US cents)."""
    if us:  # cents from $1 up, hundredths of a cent below (krx.us_decimals)
        return np.where(prices < 1, np.round(prices, 4), np.round(prices, 2))
    bounds, ticks = _TICK_ARRAYS[kind]
    prices = np.maximum(prices, 1.0)
    step = ticks[np.searchsorted(bounds, prices, side="right")]
    return np.round(prices / step) * step


def bars_through(series: dict, start: date, end: date, today, bar_at) -> list:
    """A series' daily bars from start to end inclusive, oldest first, up to the running session, whose bar
    (``today``, dated by its session) is the one the moment shows; ``bar_at(series, i)`` makes the others."""
    out = []
    for day in series["days"]:
        if day < start:
            continue
        if day > end or day > today.day:
            break
        out.append(today if day == today.day else bar_at(series, series["index"][day]))
    return out


class MarketModel:
    """All market data of one simulated world; pure functions of (seed, instrument, time)."""

    def __init__(self, seed: int = 0):
        self.seed = seed
        self._series = functools.lru_cache(maxsize=4096)(self._make_series)
        self._paths = functools.lru_cache(maxsize=4096)(self._make_path)

    # instruments ---------------------------------------------------------------------------
    def instrument(self, code: str) -> Instrument | None:
        return universe.krx_instrument(code)

    def is_listed(self, code: str) -> bool:
        return self.instrument(code) is not None

    def us_exchange(self, symbol: str) -> str | None:
        inst = universe.us_instrument(symbol)
        return inst.market if inst else None

    # series --------------------------------------------------------------------------------
    def _make_series(self, key: str, us: bool) -> dict:
        inst = universe.us_instrument(key) if us else universe.krx_instrument(key)
        days = _days(us)
        rng = np.random.default_rng(universe.seed_for(self.seed, ("US:" if us else "") + key))
        n = len(days)
        returns = np.clip(rng.normal(0.0003, 0.018, n), -0.25, 0.25)
        log_close = np.cumsum(returns)
        anchor = _anchor_index(us)
        close = inst.ref_price * np.exp(log_close - log_close[anchor])
        open_ = np.concatenate([[close[0]], close[:-1]]) * np.exp(rng.normal(0, 0.006, n))
        spread = np.abs(rng.normal(0, 0.012, n))
        high = np.maximum(open_, close) * (1 + spread)
        low = np.minimum(open_, close) * (1 - np.abs(rng.normal(0, 0.012, n)))
        close, open_, high, low = (_grid(a, us, inst.kind) for a in (close, open_, high, low))
        high = np.maximum.reduce([high, open_, close])
        low = np.minimum.reduce([low, open_, close])
        base_volume = max(1_000.0, inst.shares * 0.002)
        volume = (base_volume * np.exp(rng.normal(0, 0.5, n))).astype(np.int64)
        return {"days": days, "index": _day_index(us), "kind": inst.kind, "open": open_, "high": high, "low": low, "close": close,
                "volume": volume}

    def _bar(self, s: dict, i: int) -> DayBar:
        typical = (s["high"][i] + s["low"][i] + s["close"][i]) / 3
        return DayBar(s["days"][i], float(s["open"][i]), float(s["high"][i]), float(s["low"][i]),
                      float(s["close"][i]), int(s["volume"][i]), float(round(typical * s["volume"][i])))

    def _series_for(self, key: str, us: bool) -> dict:
        known = universe.us_instrument(key) if us else universe.krx_instrument(key)
        if known is None:
            raise KeyError(key)
        return self._series(key, us)

    # sessions ------------------------------------------------------------------------------
    def session_for(self, now: datetime, us: bool = False) -> tuple[date, int, bool]:
        """(session day, minute into it, regular session running) for a moment."""
        tz, open_t, close_t = (NEW_YORK, US_OPEN, US_CLOSE) if us else (krx.KST, krx.REGULAR_OPEN, krx.REGULAR_CLOSE)
        local = now.astimezone(tz)
        days = _days(us)
        index = _day_index(us)
        day = local.date()
        if day in index and local.time() >= open_t:
            start = datetime.combine(day, open_t, tzinfo=tz)
            minute = min(SESSION_MINUTES, int((local - start).total_seconds() // 60))
            return day, minute, local.time() < close_t
        while day not in index or day >= local.date():
            day -= timedelta(days=1)
            if day < days[0]:
                return days[0], SESSION_MINUTES, False
        return day, SESSION_MINUTES, False

    def _make_path(self, key: str, us: bool, day: date) -> np.ndarray:
        s = self._series(key, us)
        i = s["index"][day]
        rng = np.random.default_rng(universe.seed_for(self.seed, f"{key}@{day.isoformat()}"))
        steps = rng.normal(0, 1, SESSION_MINUTES)
        walk = np.concatenate([[0.0], np.cumsum(steps)])
        t = np.linspace(0, 1, SESSION_MINUTES + 1)
        bridge = walk - t * walk[-1]
        o, c = float(s["open"][i]), float(s["close"][i])
        scale = max(abs(c - o), o * 0.004) / max(1e-9, np.abs(bridge).max()) * 0.8
        path = o + (c - o) * t + bridge * scale
        prev = float(s["close"][i - 1]) if i else o
        kind = s["kind"]
        upper, lower = (prev * 1.3, prev * 0.7) if us else krx.price_limits(int(prev), kind)
        return _grid(np.clip(path, lower, upper), us, kind)

    def minute_path(self, code: str, day: date, us: bool = False) -> np.ndarray:
        """391 prices: the open at minute 0, then one per minute to the close at minute 390."""
        self._series_for(code, us)
        return self._paths(code, us, day)

    def minute_volumes(self, code: str, day: date, us: bool = False) -> np.ndarray:
        """Volume traded in each of the 390 minutes (U-shaped through the session)."""
        s = self._series_for(code, us)
        total = int(s["volume"][s["index"][day]])
        x = np.linspace(-1, 1, SESSION_MINUTES)
        weights = 1 + 2 * x**2
        return np.floor(total * weights / weights.sum()).astype(np.int64)

    # quotes --------------------------------------------------------------------------------
    def _state(self, key: str, now: datetime, us: bool) -> StockState:
        s = self._series_for(key, us)
        inst = universe.us_instrument(key) if us else universe.krx_instrument(key)
        day, minute, is_open = self.session_for(now, us)
        i = s["index"][day]
        prev = float(s["close"][i - 1]) if i else float(s["open"][i])
        if minute >= SESSION_MINUTES:
            bar = self._bar(s, i)
            price, o, h, lo, vol, value = bar.close, bar.open, bar.high, bar.low, bar.volume, bar.value
        else:
            path = self.minute_path(key, day, us)[: minute + 1]
            vols = self.minute_volumes(key, day, us)[:minute]
            price, o, h, lo = float(path[-1]), float(path[0]), float(path.max()), float(path.min())
            vol = int(vols.sum())
            value = float(round(float(path[1:].mean() if minute else path[0]) * vol))
        if us:
            upper, lower = round(prev * 1.3, krx.us_decimals(prev)), round(prev * 0.7, krx.us_decimals(prev))
        else:
            upper, lower = krx.price_limits(int(prev), inst.kind)
        return StockState(inst, day, price, o, h, lo, prev, vol, value, upper, lower, minute, is_open)

    def quote(self, code: str, now: datetime) -> StockState:
        """The state of a KRX stock at ``now``; KeyError for an unknown code."""
        return self._state(code, now, False)

    def us_quote(self, symbol: str, now: datetime) -> StockState:
        return self._state(symbol.upper(), now, True)

    def bars(self, code: str, start: date, end: date, now: datetime, us: bool = False) -> list[DayBar]:
        """Daily bars from start to end inclusive, oldest first, up to the session running at ``now``."""
        s = self._series_for(code, us)
        c = self._state(code, now, us)
        today = DayBar(c.session, c.open, c.high, c.low, c.price, c.volume, c.value)
        return bars_through(s, start, end, today, self._bar)

    def window_52w(self, code: str, now: datetime) -> tuple[DayBar, DayBar]:
        """The bars holding the 52-week high and low."""
        bars = self.bars(code, (now - timedelta(days=365)).date(), now.date(), now)
        return max(bars, key=lambda b: b.high), min(bars, key=lambda b: b.low)
