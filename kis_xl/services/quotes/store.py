"""The cache as cells see it, under the service's one lock: a streamed value first, else a fresh answer, else one
fetch however many threads ask; in live mode an expired answer is shown while it is refreshed behind the sheet."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from ... import spec
from .cache import Cache, Entry, Flights, Key, unpacked
from .feeds import LiveFeeds
from .modes import Expiry
from .polling import LIVE_BUDGET, Behind, Demand, Lane, spent


@dataclass
class ServiceStats:
    requests: int = 0  # client calls made by the service
    cache_hits: int = 0
    coalesced: int = 0
    prefetched: int = 0  # codes carried along in a request with room to spare
    streamed: int = 0  # quotes replaced by streamed trades
    live_hits: int = 0  # price asks answered from the stream
    last_error: str = ""
    hint: str = ""  # the mock domain's slow-quote hint, once a fetch it applies to has happened (KIS_STATUS)
    last_refresh: float = field(default_factory=time.time)


class Store:
    """The cache, the requests in flight, the stream's values and live mode's polling, behind one lock."""

    def __init__(self, client, expiry: Expiry, *, monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 background: Callable[[Callable[[], None]], None] | None = None):
        self.client = client
        self.expiry = expiry
        self.monotonic = monotonic
        self.stats = ServiceStats()
        self.lock = threading.Lock()
        self.cache = Cache(expiry, monotonic)
        self.flights = Flights()
        self.feeds = LiveFeeds(monotonic, self._count_streamed)
        self.demand = Demand()
        self.lane = Lane(LIVE_BUDGET.get(getattr(client, "domain", spec.REAL), LIVE_BUDGET[spec.REAL]),
                         monotonic, sleep)
        self.behind = Behind(background, self.failed)

    def failed(self, exc: Exception | str) -> None:
        self.stats.last_error = str(exc)

    def _count_streamed(self, records: int) -> None:
        self.stats.streamed += records

    def hit(self, key: Key) -> Entry | None:
        """A streamed value or the fresh cached entry of a key, or None; in live mode a polled key's ask is
        counted towards the REST budget (the caller holds the lock)."""
        if self.feeds.stream is not None:
            value = self.feeds.value(key)
            if value is not None:
                self.stats.live_hits += 1
                return (value, 0.0, self.cache.generation)
            if self.expiry.live:
                self.demand.asked[key] = self.monotonic()
        hit = self.cache.hit(key)
        if hit is not None:
            self.stats.cache_hits += 1
        return hit

    def restretch(self, period: float) -> float:
        """Live mode: the factor every polled TTL is stretched by, so polling keeps to the lane's budget."""
        now = self.monotonic()
        with self.lock:
            self.expiry.stretch = self.demand.stretch(now, max(5.0, 3 * period), self.expiry.ttl, self.lane.budget)
        return self.expiry.stretch

    def cached(self, kind: str, key: tuple, fetch: Callable[[], Any]) -> Any:
        """The cached value of (kind, key), fetching it once however many threads ask at the same time."""
        full = (kind, *key)
        with self.lock:
            self.feeds.watch(full)
            hit = self.hit(full)
            if hit is not None:
                return unpacked(hit)
            stale = self.cache.stale(full)
            if stale is not None:  # live mode: the cell shows what it had while a refresh runs behind it
                if full not in self.flights:
                    future, generation = self.flights.start(full), self.cache.generation
                    cost = self.demand.cost.get(full, 1.0)
                    self.behind.put(lambda: (self.lane.pace(cost), self._fetch(full, fetch, future, generation)))
                return unpacked(stale)
            future, owner = self.flights.join(full)
            generation = self.cache.generation
            if not owner:
                self.stats.coalesced += 1
        if owner:
            self._fetch(full, fetch, future, generation)
        return future.result()

    def _fetch(self, full: Key, fetch: Callable[[], Any], future: Future, generation: int) -> None:
        """Fetch one key and store it (with what it cost), telling whoever waits on ``future``."""
        self.stats.requests += 1
        before = spent(self.client)
        try:
            value = fetch()
        except Exception as exc:
            self.stats.last_error = str(exc)
            with self.lock:
                self.flights.land(full)
            future.set_exception(exc)
            return
        with self.lock:
            self.cache.put(full, value, generation)
            self.demand.cost[full] = spent(self.client) - before
            self.flights.land(full)
            self.feeds.remember(full, value)
        future.set_result(value)
