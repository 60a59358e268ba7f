"""Deterministic index levels (KOSPI 0001, KOSDAQ 1001, KOSPI200 2001) for the simulator.

As ``market.py`` does for stocks: for a seed, each index is a random walk over the XKRX sessions of
the fixed calendar window (``calendars``), anchored so its close on ``market.ANCHOR`` is the index's
reference level, with a 390-minute Brownian bridge from each session's open to its close. The same
seed and clock give the same levels on any day the simulator runs. Levels are in points, rounded to
0.01; volume in thousands of shares and value in millions of won, as KIS reports index totals.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from ..calendars import calendar
from . import universe
from .market import SESSION_MINUTES, DayBar, MarketModel, _anchor_index, bars_through

# code -> (Korean name, reference close on ANCHOR, daily volume in thousands of shares, daily value in millions)
INDICES: dict[str, tuple[str, float, int, int]] = {
    "0001": ("종합", 2698.97, 520_000, 9_800_000),
    "1001": ("코스닥", 742.35, 880_000, 6_100_000),
    "2001": ("코스피200", 361.27, 110_000, 6_900_000),
}


IndexBar = DayBar  # an index's day: the same fields as a stock's (value in millions of won)


@dataclass(frozen=True)
class IndexState:
    code: str
    session: date
    level: float
    open: float
    high: float
    low: float
    prev_close: float
    volume: int
    value: int
    minute: int
    is_open: bool

    @property
    def change(self) -> float:
        return round(self.level - self.prev_close, 2)

    @property
    def change_pct(self) -> float:
        return round(self.change / self.prev_close * 100, 2) if self.prev_close else 0.0


class IndexModel:
    """Index levels of one simulated world; pure functions of (seed, index, time)."""

    def __init__(self, market: MarketModel):
        self.market = market
        self.seed = market.seed

    @staticmethod
    def known(code: str) -> bool:
        return code in INDICES

    @functools.lru_cache(maxsize=16)
    def _series(self, code: str) -> dict:
        _, ref, vol, val = INDICES[code]
        days = calendar("XKRX").days
        n = len(days)
        rng = np.random.default_rng(universe.seed_for(self.seed, "IDX:" + code))
        sigma = 0.014 if code == "1001" else 0.011
        log_close = np.cumsum(np.clip(rng.normal(0.0002, sigma, n), -0.09, 0.09))
        close = ref * np.exp(log_close - log_close[_anchor_index(False)])
        open_ = np.concatenate([[close[0]], close[:-1]]) * np.exp(rng.normal(0, 0.003, n))
        high = np.maximum(open_, close) * (1 + np.abs(rng.normal(0, 0.004, n)))
        low = np.minimum(open_, close) * (1 - np.abs(rng.normal(0, 0.004, n)))
        volume = (vol * np.exp(rng.normal(0, 0.3, n))).astype(np.int64)
        value = (val * np.exp(rng.normal(0, 0.3, n))).astype(np.int64)
        return {"days": days, "index": calendar("XKRX").index, "open": np.round(open_, 2),
                "high": np.round(high, 2), "low": np.round(low, 2), "close": np.round(close, 2),
                "volume": volume, "value": value}

    def _bar(self, s: dict, i: int) -> IndexBar:
        return IndexBar(s["days"][i], float(s["open"][i]), float(s["high"][i]), float(s["low"][i]),
                        float(s["close"][i]), int(s["volume"][i]), int(s["value"][i]))

    @functools.lru_cache(maxsize=64)
    def minute_path(self, code: str, day: date) -> np.ndarray:
        """391 levels: the open at minute 0, then one per minute to the close at minute 390."""
        s = self._series(code)
        i = s["index"][day]
        rng = np.random.default_rng(universe.seed_for(self.seed, f"IDX:{code}@{day.isoformat()}"))
        walk = np.concatenate([[0.0], np.cumsum(rng.normal(0, 1, SESSION_MINUTES))])
        t = np.linspace(0, 1, SESSION_MINUTES + 1)
        bridge = walk - t * walk[-1]
        o, c, h, lo = (float(s[k][i]) for k in ("open", "close", "high", "low"))
        room = max(min(h - max(o, c), min(o, c) - lo), 0.01)
        path = o + (c - o) * t + bridge * (room / max(1e-9, np.abs(bridge).max()))
        return np.round(np.clip(path, lo, h), 2)

    def state(self, code: str, now: datetime) -> IndexState:
        """The index at ``now``; KeyError for an unknown code. Before a session opens the last one shows."""
        s = self._series(code)
        day, minute, is_open = self.market.session_for(now)
        i = s["index"][day]
        prev = float(s["close"][i - 1]) if i else float(s["open"][i])
        total_vol, total_val = int(s["volume"][i]), int(s["value"][i])
        if minute >= SESSION_MINUTES:
            b = self._bar(s, i)
            return IndexState(code, day, b.close, b.open, b.high, b.low, prev, b.volume, b.value, minute, is_open)
        path = self.minute_path(code, day)[: minute + 1]
        share = minute / SESSION_MINUTES
        return IndexState(code, day, float(path[-1]), float(path[0]), float(path.max()), float(path.min()), prev,
                          int(total_vol * share), int(total_val * share), minute, is_open)

    def bars(self, code: str, start: date, end: date, now: datetime) -> list[IndexBar]:
        """Daily bars from start to end inclusive, oldest first, up to the session running at ``now``."""
        c = self.state(code, now)
        today = IndexBar(c.session, c.open, c.high, c.low, c.level, c.volume, c.value)
        return bars_through(self._series(code), start, end, today, self._bar)


@functools.lru_cache(maxsize=8)
def _models(seed: int) -> IndexModel:
    return IndexModel(MarketModel(seed))


def index_model(market: MarketModel) -> IndexModel:
    """The index model beside a world's market (one per seed)."""
    model = _models(market.seed)
    model.market = market
    return model
