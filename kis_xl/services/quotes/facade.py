"""``QuoteService``: the package's mechanisms composed behind the API cells, macros and the CLI call.

It holds the refresh mode (``modes.Expiry``) and its ticker, the store (cache, coalescing, stream values, live
polling, under one lock: ``store.Store``), the price path (``prices.Prices``) and the kinds of ask
(``kinds.Kinds``); every call is handed to one of them.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from functools import reduce
from typing import Any

from ... import spec
from ...models import Quote
from . import modes
from .cache import Key
from .kinds import Kinds
from .prices import Prices
from .store import Store


def _alias(path: str) -> property:
    """A component's attribute (dotted path from the service) read and set as the service's own: the service's
    API from before the split, which callers and tests use."""
    *parts, name = path.split(".")

    def owner(svc):
        return reduce(getattr, parts, svc)

    return property(lambda svc: getattr(owner(svc), name), lambda svc, value: setattr(owner(svc), name, value))


class QuoteService(Kinds):
    """One per profile per process; thread-safe (Excel and Office.js call UDFs from several threads)."""

    mode = _alias("expiry.mode")
    period = _alias("expiry.period")
    live_mode = _alias("expiry.live")
    stretch = _alias("expiry.stretch")
    ttl = _alias("expiry.ttl")
    stats = _alias("store.stats")
    generation = _alias("store.cache.generation")
    stream = _alias("store.feeds.stream")  # kis_xl.client.stream.Stream feeding live values
    live = _alias("store.feeds.values")
    feeds = _alias("store.feeds")
    live_budget = _alias("store.lane.budget")
    batch_window = _alias("pricing.batch.window")
    prefetch = _alias("pricing.prefetch")
    progress = _alias("pricing.progress")  # (done, total) as a many-code price fetch advances (a macro's status bar)
    stale_after = _alias("pricing.stale_after")
    _cache = _alias("store.cache.entries")
    _cost = _alias("store.demand.cost")
    _ticker = _alias("ticker.thread")

    def __init__(self, client, *, ttl: dict[str, float] | None = None, batch_window: float = 0.03,
                 prefetch: bool | None = None, monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 background: Callable[[Callable[[], None]], None] | None = None):
        """``monotonic`` and ``sleep`` are the clock (tests hand in a simulated one); ``background`` runs live
        mode's refreshes (default: one worker thread). ``prefetch`` defaults to where prices() batches (the real
        domain): on the mock domain each extra code is a request."""
        self.client = client
        self.monotonic = monotonic
        self.expiry = modes.Expiry(dict(modes.DEFAULT_TTL, **(ttl or {})))
        self.store = Store(client, self.expiry, monotonic=monotonic, sleep=sleep, background=background)
        if prefetch is None:
            prefetch = getattr(client, "market_domain", None) == spec.REAL
        self.pricing = Prices(self.store, batch_window, prefetch)
        self.ticker = modes.Ticker(self.refresh, before=self._before_tick, on_error=self.store.failed)

    # refresh modes --------------------------------------------------------------------------------
    def set_mode(self, mode: str, seconds: float | None = None, on_tick: Callable[[], None] | None = None) -> None:
        """``auto`` (TTLs), ``manual`` (only refresh() changes values), ``periodic`` (every N seconds) or ``live``.

        In periodic mode a ticker thread calls ``on_tick`` every N seconds (the Excel layer passes a
        callable that makes Excel recalculate the refresh cell, which refreshes), or ``refresh()`` itself
        when there is none. Setting the same mode and period again keeps the running ticker.
        """
        mode = str(mode).strip().lower()
        self.live_mode = mode == modes.LIVE
        if self.live_mode:  # periodic recalculation reading quotes the stream keeps current
            self.attach_stream()
        elif self.stream is not None:
            self.feeds.detach()
        mode, period = modes.checked(mode, seconds)
        with self.store.lock:
            unchanged = mode == self.mode and period == self.period
            self.mode, self.period = mode, period
            self.ticker.hook = on_tick
        if not unchanged or (mode == modes.PERIODIC and self._ticker is None):
            self.ticker.restart(period)

    def _before_tick(self) -> None:
        if self.live_mode:
            self.restretch()

    def close(self) -> None:
        """Stop the ticker and close the client."""
        self.ticker.stop()
        self.client.close()

    def refresh(self) -> int:
        """Invalidate everything: the next lookups ask KIS again. Returns the new generation.

        Not in live mode: its tick recalculates the sheet every second, streamed values are current and
        everything else keeps its own TTL (refetching it all each second is what live mode avoids)."""
        with self.store.lock:
            self.stats.last_refresh = time.time()
            return self.generation if self.live_mode else self.store.cache.clear()

    def restretch(self) -> float:
        """Live mode: the factor every polled TTL is stretched by, so polling keeps to ``live_budget``."""
        return self.store.restretch(self.period)

    def _fresh(self, key: Key, stored_at: float, generation: int) -> bool:
        return self.store.cache.fresh(key, stored_at, generation)

    # asks -----------------------------------------------------------------------------------------------
    def cached(self, kind: str, key: tuple, fetch: Callable[[], Any]) -> Any:
        """The cached value of (kind, key), fetching it once however many threads ask at the same time."""
        return self.store.cached(kind, key, fetch)

    def price(self, code) -> Quote:
        """One code's quote; asks arriving together gather for ``batch_window`` seconds into one multi-stock
        request, a lone ask from callers seen coming one at a time goes out at once (``batch.Batch``)."""
        return self.pricing.price(code)

    def prices(self, codes: Iterable[str]) -> dict[str, Quote | Exception]:
        """Many normalised codes at once (a range of cells): cached ones free, the rest in one batched call."""
        return self.pricing.prices(codes)

    def source(self, code) -> tuple[str, float]:
        """Where a domestic code's price comes from (``stream``, ``rest``, ``stale``, ``loading``) and its age."""
        return self.pricing.source(code)

    def sources(self) -> Counter:
        """How many of the codes asked for stand where (stream, rest, stale, loading): KIS_STATUS's count."""
        return self.pricing.sources()

    # live -------------------------------------------------------------------------------------------
    def attach_stream(self, stream=None) -> None:
        """Feed quotes from KIS's WebSocket (default: the process's stream of the market-data app key)."""
        market = getattr(self.client, "market_client", None) or self.client
        if stream is None:
            if self.stream is not None:
                return
            from ...client.stream import stream_for

            stream = stream_for(market.profile)
        with self.store.lock:
            if self.stream is stream:
                return
            self.stream = stream
        self.feeds.attach(stream, market.now if hasattr(market, "now") else None)

    def live_status(self) -> dict[str, str]:
        """Watched codes → ``stream`` (from the feed) or ``rest`` (the TTL cache); empty without a stream."""
        return self.feeds.status()

    def live_rows(self) -> list[dict]:
        """Every feed this process watches or the shared session holds: key, feed, source, who holds it."""
        return self.feeds.rows()
