"""What live mode serves from KIS's stream: the latest streamed value of each feed over the last REST answer.

The stream's thread ``put``s each update (a trade, an index level, an order book, a market status, an
auction's expected price) as it arrives, a trade as KIS's fields (parsed only if a cell reads it); a cell's read ``get``s it, merged lazily (trades may come
faster than cells read) over what REST gave for the same thing: a trade keeps the quote's name,
limits and PER, an index level keeps its name and the year's range.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .. import realtime as rt
from ..client import feeds
from ..models import IndexQuote, Quote

Feed = tuple[str, str]


def merge_trade(base: Quote | None, q: Quote) -> Quote:
    """A streamed trade's prices over a REST quote's other fields (name, limits, PER…)."""
    if base is None or base is q:
        return q
    return replace(base, price=q.price, change=q.change, change_pct=q.change_pct, open=q.open, high=q.high,
                   low=q.low, prev_close=q.prev_close, volume=q.volume, value=q.value, as_of=q.as_of)


def merge_index(base: IndexQuote | None, q: IndexQuote) -> IndexQuote:
    """A streamed index level over REST's name and year range."""
    if base is None:
        return q
    return replace(q, name=base.name, year_high=base.year_high, year_low=base.year_low)


_MERGES = {rt.TRADES: merge_trade, rt.US_TRADES: merge_trade, rt.INDEX: merge_index}
# Trades are kept as KIS's fields and parsed when a cell reads them: most are replaced unread.
_PARSE = {rt.TRADES: feeds.quote_from_trade, rt.US_TRADES: feeds.quote_from_us_trade}


class LiveValues:
    """The latest streamed value per feed and the REST value it is laid over; thread-safe."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic):
        self.monotonic = monotonic
        self._lock = threading.Lock()
        self._latest: dict[Feed, Any] = {}
        self._at: dict[Feed, float] = {}  # feed → when its latest update came
        self._base: dict[Feed, Any] = {}
        self._merged: dict[Feed, tuple[Any, Any]] = {}  # feed → (the update, the update over its base)
        self.updates = 0

    def put(self, feed: Feed, value) -> None:
        self.put_many([(feed, value)])

    def put_many(self, pairs: list[tuple[Feed, Any]]) -> None:
        now = self.monotonic()
        with self._lock:
            for feed, value in pairs:
                self._latest[feed] = value
                self._at[feed] = now
            self.updates += len(pairs)

    def age(self, feed: Feed) -> float:
        """Seconds since a feed's latest update (infinite before the first)."""
        at = self._at.get(feed)
        return float("inf") if at is None else self.monotonic() - at

    def base(self, feed: Feed, value) -> None:
        """What REST answered for a feed's thing (the fields the stream does not carry)."""
        with self._lock:
            self._base[feed] = value
            self._merged.pop(feed, None)

    def has(self, feed: Feed) -> bool:
        return feed in self._latest

    def get(self, feed: Feed):
        """The latest streamed value over its base, or None before the first update."""
        with self._lock:
            raw = self._latest.get(feed)
            if raw is None:
                return None
            merge = _MERGES.get(feed[0])
            if merge is None:
                return raw
            done = self._merged.get(feed)
            if done is not None and done[0] is raw:
                return done[1]
            value = _PARSE[feed[0]](raw) if isinstance(raw, list) else raw
            merged = merge(self._base.get(feed), value)
            self._merged[feed] = (raw, merged)
            return merged
