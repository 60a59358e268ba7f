"""Every session's trades, step by step, and what each venue quotes: NXT, KRX after-hours, US extended hours.

``market.py`` gives each instrument its daily bars and the 390-minute path of its regular session. A
``Track`` is one session of the table (``kis_xl.sessions``) on one day: the price after each step from its
open and the volume of each step, deterministic for (seed, instrument, session, day):

- KRX and US regular sessions: ``market.minute_path`` and ``minute_volumes`` as they are.
- 장전 시간외 종가 at the previous close, 장후 시간외 종가 at the day's close; 시간외 단일가 a single-price
  auction every ten minutes within ±10 % of the close.
- NXT: the pre-market a bridge from the previous close to KRX's open, the main session KRX's path give or
  take a tick (NXT's trade comes 30 seconds into KRX's minute), the after-market a walk from the close.
- US daytime and pre-market: a bridge from the previous close to the open; after-market a walk from the close.

``venue_state`` is the quote of a venue at a moment: KRX (J), NXT (NX), or integrated (UN: whichever venue
traded last, with the day's figures of both; while KRX's regular session runs KRX prints last within each
minute, so the integrated price is KRX's then). ``bars`` and ``minute_bars`` are a venue's history.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import numpy as np

from .. import krx, sessions
from ..sessions import Session
from ..venues import KRX, NXT, UN
from . import universe
from .market import (
    _TICK_ARRAYS,
    SESSION_MINUTES,
    DayBar,
    MarketModel,
    StockState,
    _grid,
)

NXT_FIRST_DAY = date(2025, 3, 4)  # Nextrade's first trading day
MINUTE = timedelta(minutes=1)
AUCTION_STEP = timedelta(minutes=10)
NXT_SESSIONS = (sessions.NXT_PRE, sessions.NXT_MAIN, sessions.NXT_AFTER)
US_ORDER_TRACKS = sessions.US_ORDER_SESSIONS  # an order of the US order endpoint lives through its day's three
VOLUME_SHARE = {"NXT": 0.2, "NXT-PRE": 0.02, "NXT-AFTER": 0.03, "KRX-PRE": 0.005, "KRX-POST": 0.01,
                "KRX-SINGLE": 0.01, "US-DAY": 0.02, "US-PRE": 0.03, "US-AFTER": 0.02}


@dataclass(frozen=True)
class Track:
    """One session's trades on one day: ``prices[m]`` after ``m`` steps (``prices[0]`` its opening level),
    ``volumes[m - 1]`` what traded in step ``m``."""

    session: Session
    day: date
    start: datetime
    step: timedelta
    prices: np.ndarray
    volumes: np.ndarray

    @property
    def steps(self) -> int:
        return len(self.volumes)

    @property
    def end(self) -> datetime:
        return self.start + self.steps * self.step

    def done(self, at: datetime) -> int:
        """Steps completed at ``at``: 0 before the open, all of them after the close."""
        if at <= self.start:
            return 0
        return min(self.steps, int((at - self.start) / self.step))

    def time_of(self, m: int) -> datetime:
        return self.start + m * self.step


class Tracks:
    """The tracks of one MarketModel, cached."""

    def __init__(self, market: MarketModel):
        self.market = market
        self._make = functools.lru_cache(maxsize=8192)(self._build)

    def track(self, code: str, session: Session, day: date) -> Track:
        """``session`` on calendar ``day`` (KeyError for an unknown instrument or a day it does not run)."""
        return self._make(code, session.key, day)

    def _build(self, code: str, key: str, day: date) -> Track:
        session = sessions.find(key)
        us = session.book == "US"
        hours = session.hours(day)
        if hours is None:
            raise KeyError(f"{key} does not run on {day}")
        series = self.market._series_for(code, us)
        i = series["index"][day]
        close, open_, kind = float(series["close"][i]), float(series["open"][i]), series["kind"]
        prev = float(series["close"][i - 1]) if i else open_
        limits = (prev * 1.3, prev * 0.7) if us else krx.price_limits(int(prev), kind)
        rng = np.random.default_rng(universe.seed_for(self.market.seed, f"{code}@{day.isoformat()}#{key}"))
        start, step = hours[0], AUCTION_STEP if session is sessions.KRX_SINGLE else MINUTE
        if session in (sessions.KRX_REGULAR, sessions.US_REGULAR):
            prices = self.market.minute_path(code, day, us)
            volumes = self.market.minute_volumes(code, day, us)
            return Track(session, day, start, step, prices, volumes)
        steps = int((hours[1] - start) / step)
        if session in (sessions.KRX_PRE_CLOSE, sessions.KRX_POST_CLOSE):
            level = prev if session is sessions.KRX_PRE_CLOSE else close
            prices = np.full(steps + 1, level)
        elif session is sessions.KRX_SINGLE:
            band = (close * (1 - 0.1), close * (1 + 0.1))
            walk = close * np.exp(np.cumsum(np.concatenate([[0.0], rng.normal(0, 0.006, steps)])))
            prices = _grid(np.clip(walk, max(band[0], limits[1]), min(band[1], limits[0])), us, kind)
        elif session is sessions.NXT_MAIN:
            krx_path = self.market.minute_path(code, day)[:steps + 1]
            bounds, ticks = _TICK_ARRAYS[kind]
            step_sizes = ticks[np.searchsorted(bounds, krx_path, side="right")]
            prices = _grid(np.clip(krx_path + step_sizes * rng.choice([-1, 0, 0, 1], steps + 1), limits[1],
                                   limits[0]), us, kind)
        elif session in (sessions.NXT_PRE, sessions.US_PRE, sessions.US_DAY):
            prices = _bridge(rng, prev, _pre_target(session, prev, open_), steps, limits, us, kind)
        else:  # NXT and US after-market: a walk from the close
            walk = close * np.exp(np.cumsum(np.concatenate([[0.0], rng.normal(0, 0.0008, steps)])))
            prices = _grid(np.clip(walk, limits[1], limits[0]), us, kind)
        total = float(series["volume"][i]) * VOLUME_SHARE[key]
        weights = rng.uniform(0.5, 1.5, steps)
        volumes = np.floor(total * weights / weights.sum()).astype(np.int64)
        return Track(session, day, start, step, np.asarray(prices, dtype=float), volumes)

    # which tracks a venue trades on ----------------------------------------------------------------------
    def nxt_day(self, at: datetime) -> date:
        """The KRX trading day whose NXT sessions ran last at ``at`` (a new one from its 08:00 pre-market)."""
        local = at.astimezone(sessions.KST)
        day = local.date()
        opens = [h[0] for s in NXT_SESSIONS if (h := s.hours(day))] if krx.is_trading_day(day) else []
        if not opens or local < min(opens):  # a special day may drop the pre-market (수능)
            day = krx.previous_trading_day(day)
        return day

    def venue_tracks(self, code: str, venue: str, day: date) -> list[Track]:
        """A venue's continuous-trading tracks of one day, in time order (KRX: its regular session; NXT none
        before it opened)."""
        if venue == KRX:
            return [self.track(code, sessions.KRX_REGULAR, day)]
        return [self.track(code, s, day) for s in NXT_SESSIONS if s.hours(day)] if day >= NXT_FIRST_DAY else []

    def trades(self, code: str, venue: str, day: date, at: datetime) -> list[tuple[datetime, float, int]]:
        """(time, price, volume) of each step a venue traded on ``day`` up to ``at``."""
        out = []
        for t in self.venue_tracks(code, venue, day):
            out += [(t.time_of(m), float(t.prices[m]), int(t.volumes[m - 1])) for m in range(1, t.done(at) + 1)]
        return out

    # quotes by venue ------------------------------------------------------------------------------------
    def venue_state(self, code: str, venue: str, at: datetime) -> StockState:
        """The quote of a venue at ``at``: KRX (as ``market.quote``), NXT, or UN (the later trade of the two).
        KeyError for an unknown code, or for NXT on a stock Nextrade does not list."""
        krx_state = self.market.quote(code, at)
        if venue == KRX or (venue == UN and not krx_state.instrument.nxt):
            return krx_state
        if not krx_state.instrument.nxt:
            raise KeyError(code)
        nxt = self._nxt_state(code, at, krx_state)
        if venue == NXT:
            return nxt
        later = krx_state if krx_state.is_open else (
            nxt if nxt.last_trade and nxt.last_trade > _krx_last_trade(krx_state) else krx_state)
        if nxt.session != krx_state.session:
            return replace(later, venue=UN)  # one venue has not traded today yet: the other's day stands
        return replace(later, venue=UN, open=_first_open(self, code, krx_state.session, at, krx_state),
                       high=max(nxt.high, krx_state.high), low=min(nxt.low, krx_state.low),
                       volume=nxt.volume + krx_state.volume, value=nxt.value + krx_state.value)

    def _nxt_state(self, code: str, at: datetime, krx_state: StockState) -> StockState:
        day = self.nxt_day(at)
        inst = krx_state.instrument
        series = self.market._series_for(code, False)
        i = series["index"][day]
        prev = float(series["close"][i - 1]) if i else float(series["open"][i])
        upper, lower = krx.price_limits(int(prev), inst.kind)
        done = self.trades(code, NXT, day, at)
        if done:
            prices = [p for _, p, _ in done]
            volume = sum(v for _, _, v in done)
            price, last = prices[-1], done[-1][0]
            figures = (prices[0], max(prices), min(prices), volume, float(sum(p * v for _, p, v in done)))
        else:  # before the pre-market's first minute: yesterday's last NXT trade
            before = self.trades(code, NXT, krx.previous_trading_day(day), at)
            price, last = (before[-1][1], before[-1][0]) if before else (prev, None)
            figures = (price, price, price, 0, 0.0)
        open_now = any(s.is_open(at) for s in NXT_SESSIONS)
        return StockState(inst, day, price, *figures[:3], prev, figures[3], figures[4], upper, lower,
                          krx_state.minute, open_now, venue=NXT, last_trade=last)


    # a venue's history ---------------------------------------------------------------------------------
    def day_bar(self, code: str, venue: str, day: date, at: datetime) -> DayBar | None:
        """NXT's bar of a day up to ``at`` (None before its first trade), or the integrated one (KRX's and
        NXT's: the first open, the last close, the extremes and both volumes)."""
        nxt = self._nxt_bar(code, day, at)
        if venue == NXT:
            return nxt
        krx_bars = self.market.bars(code, day, day, at)
        krx_bar = krx_bars[0] if krx_bars and krx_bars[0].day == day else None
        if nxt is None or krx_bar is None:
            return krx_bar or nxt
        after = self.trades(code, NXT, day, at)
        close = after[-1][1] if after and after[-1][0].astimezone(sessions.KST).time() > sessions.KRX_REGULAR.closes \
            else krx_bar.close
        return DayBar(day, nxt.open, max(nxt.high, krx_bar.high), min(nxt.low, krx_bar.low), close,
                      nxt.volume + krx_bar.volume, nxt.value + krx_bar.value)

    def _nxt_bar(self, code: str, day: date, at: datetime) -> DayBar | None:
        done = self.trades(code, NXT, day, at)
        if not done:
            return None
        prices = [p for _, p, _ in done]
        return DayBar(day, prices[0], max(prices), min(prices), prices[-1], sum(v for _, _, v in done),
                      float(sum(p * v for _, p, v in done)))

    def bars(self, code: str, venue: str, start: date, end: date, at: datetime) -> list[DayBar]:
        """A venue's daily bars from start to end, oldest first, up to ``at`` (KRX's: ``market.bars``; the
        integrated ones are KRX's before Nextrade opened)."""
        if venue == KRX or not self.market.instrument(code).nxt:
            return self.market.bars(code, start, end, at)
        before = [] if venue == NXT or start >= NXT_FIRST_DAY else self.market.bars(
            code, start, min(end, NXT_FIRST_DAY - timedelta(days=1)), at)
        last = min(end, self.nxt_day(at))
        days = [d for d in self.market._series_for(code, False)["days"] if max(start, NXT_FIRST_DAY) <= d <= last]
        return before + [b for d in days if (b := self.day_bar(code, venue, d, at))]

    def minute_bars(self, code: str, venue: str, at: datetime) -> list[tuple[datetime, float, float, float, float,
                                                                               int]]:
        """(minute, open, high, low, close, volume) of each minute a venue traded on its day up to ``at``, oldest
        first; the integrated ones merge both venues' minutes (KRX's close while it trades)."""
        day = self.nxt_day(at) if venue != KRX else self.market.quote(code, at).session
        bars: dict[datetime, list] = {}
        tracks = self.venue_tracks(code, NXT, day) if venue != KRX else []
        if venue != NXT and krx.is_trading_day(day):
            tracks.append(self.track(code, sessions.KRX_REGULAR, day))
        for t in tracks:  # KRX's last: its close stands in a minute both traded
            for m in range(1, t.done(at) + 1):
                when = t.time_of(m).replace(second=0)
                o, c, v = float(t.prices[m - 1]), float(t.prices[m]), int(t.volumes[m - 1])
                bar = bars.get(when)
                bars[when] = [o, max(o, c), min(o, c), c, v] if bar is None else [
                    bar[0], max(bar[1], o, c), min(bar[2], o, c), c, bar[4] + v]
        return [(k, *bars[k]) for k in sorted(bars)]


def _pre_target(session: Session, prev: float, open_: float) -> float:
    """Where a pre-open session ends: at KRX's open for NXT's pre-market; for the US, halfway for the daytime
    session and at the open for the pre-market."""
    return (prev + open_) / 2 if session is sessions.US_DAY else open_


def _bridge(rng, start: float, end: float, steps: int, limits, us: bool, kind: str) -> np.ndarray:
    walk = np.concatenate([[0.0], np.cumsum(rng.normal(0, 1, steps))])
    t = np.linspace(0, 1, steps + 1)
    scale = max(abs(end - start), start * 0.002) / max(1e-9, np.abs(walk - t * walk[-1]).max()) * 0.5
    path = start + (end - start) * t + (walk - t * walk[-1]) * scale
    return _grid(np.clip(path, limits[1], limits[0]), us, kind)


def _krx_last_trade(state: StockState) -> datetime:
    """When KRX last traded for a quote: its minute of the regular session (the open's auction at minute 0)."""
    opens = datetime.combine(state.session, sessions.KRX_REGULAR.opens, sessions.KST)
    return opens + min(state.minute, SESSION_MINUTES) * MINUTE


def _first_open(tracks: Tracks, code: str, day: date, at: datetime, krx_state: StockState) -> float:
    """The day's first trade of either venue: NXT's pre-market opens before KRX."""
    first = tracks.trades(code, NXT, day, at)
    return first[0][1] if first else krx_state.open
