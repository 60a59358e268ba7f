"""What thousands of Excel cells need from KIS without tripping its limits: cache, coalescing, batching.

- **Cache**: every answer is kept for a TTL (prices 2 s by default). In *manual* mode nothing expires
  until ``refresh()``; in *periodic* mode the TTL is the chosen period. A warm lookup is a dict read.
- **Coalescing**: while a request for a key is in flight, other askers wait for that request.
- **Batching**: single-code price asks arriving within ``batch_window`` seconds are merged into
  multi-stock requests of up to 30 codes (``KisClient.prices``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from ..codes import InvalidCode, normalize_code
from ..models import Quote

DEFAULT_TTL = {"price": 2.0, "detail": 30.0, "history": 300.0, "orderbook": 1.0, "account": 5.0, "name": 86_400.0}
MANUAL, PERIODIC, AUTO = "manual", "periodic", "auto"


@dataclass
class ServiceStats:
    requests: int = 0  # client calls made by the service
    cache_hits: int = 0
    coalesced: int = 0
    last_error: str = ""
    last_refresh: float = field(default_factory=time.time)


class QuoteService:
    """One per profile per process; thread-safe (Excel calls UDFs from several threads)."""

    def __init__(self, client, *, ttl: dict[str, float] | None = None, batch_window: float = 0.03):
        self.client = client
        self.ttl = dict(DEFAULT_TTL, **(ttl or {}))
        self.batch_window = batch_window
        self.mode = AUTO
        self.period = 0.0
        self.generation = 0
        self.stats = ServiceStats()
        self._cache: dict[tuple, tuple[Any, float, int]] = {}
        self._inflight: dict[tuple, Future] = {}
        self._lock = threading.Lock()
        self._batch: dict[str, Future] = {}
        self._batch_timer: threading.Timer | None = None
        self._price_fetches = 0  # price requests in flight
        self._one_at_a_time = False  # callers come one by one: skip the batch window

    # refresh control -----------------------------------------------------------------------
    def set_mode(self, mode: str, seconds: float | None = None) -> None:
        """``auto`` (TTLs), ``manual`` (only refresh() changes values) or ``periodic`` (every N seconds)."""
        mode = mode.lower()
        if mode not in (AUTO, MANUAL, PERIODIC):
            raise ValueError(f"refresh mode must be auto, manual or periodic, not {mode!r}")
        if mode == PERIODIC and not seconds or (seconds is not None and seconds <= 0):
            raise ValueError("periodic refresh needs a positive number of seconds")
        self.mode, self.period = mode, float(seconds or 0)

    def refresh(self) -> int:
        """Invalidate everything: the next lookups ask KIS again. Returns the new generation."""
        with self._lock:
            self.generation += 1
            self._cache.clear()
            self.stats.last_refresh = time.time()
            return self.generation

    def _fresh(self, kind: str, stored_at: float, generation: int) -> bool:
        if generation != self.generation:
            return False
        if self.mode == MANUAL:
            return True
        ttl = self.period if self.mode == PERIODIC else self.ttl[kind]
        return time.monotonic() - stored_at < ttl

    # the cache with coalescing ---------------------------------------------------------------
    def cached(self, kind: str, key: tuple, fetch: Callable[[], Any]) -> Any:
        """The cached value of (kind, key), fetching it once however many threads ask at the same time."""
        full = (kind, *key)
        with self._lock:
            hit = self._cache.get(full)
            if hit and self._fresh(kind, hit[1], hit[2]):
                self.stats.cache_hits += 1
                return hit[0]
            future = self._inflight.get(full)
            owner = future is None
            if owner:
                future = self._inflight[full] = Future()
            else:
                self.stats.coalesced += 1
        if owner:
            self._run(full, kind, fetch, future)
        return future.result()

    def _run(self, full: tuple, kind: str, fetch: Callable[[], Any], future: Future) -> None:
        generation = self.generation
        try:
            self.stats.requests += 1
            value = fetch()
        except Exception as exc:
            self.stats.last_error = str(exc)
            with self._lock:
                self._inflight.pop(full, None)
            future.set_exception(exc)
            return
        with self._lock:
            self._cache[full] = (value, time.monotonic(), generation)
            self._inflight.pop(full, None)
        future.set_result(value)

    def _store(self, kind: str, key: tuple, value: Any) -> None:
        with self._lock:
            self._cache[(kind, *key)] = (value, time.monotonic(), self.generation)

    # prices ------------------------------------------------------------------------------------
    def price(self, code) -> Quote:
        """One code's quote; asks arriving together gather for ``batch_window`` seconds into one
        multi-stock request. Adaptive: once callers are seen coming one at a time (desktop Excel calls
        UDFs cell by cell), a lone ask goes out at once instead of waiting for company."""
        code = normalize_code(code)
        alone = False
        with self._lock:
            hit = self._cache.get(("price", code))
            if hit and self._fresh("price", hit[1], hit[2]):
                self.stats.cache_hits += 1
                return hit[0]
            future = self._inflight.get(("price", code)) or self._batch.get(code)
            if future is not None:
                self.stats.coalesced += 1
            else:
                future = self._inflight[("price", code)] = Future()
                if self._one_at_a_time and self._price_fetches == 0 and not self._batch:
                    alone = True
                else:
                    self._one_at_a_time = False
                    self._batch[code] = future
                    if self._batch_timer is None:
                        self._batch_timer = threading.Timer(self.batch_window, self._flush)
                        self._batch_timer.daemon = True
                        self._batch_timer.start()
        if alone:
            self._fetch_prices({code: future})
        return future.result()

    def _flush(self) -> None:
        with self._lock:
            batch, self._batch, self._batch_timer = self._batch, {}, None
        if batch:
            self._fetch_prices(batch)

    def _fetch_prices(self, futures: dict[str, Future]) -> None:
        with self._lock:
            self._price_fetches += 1
        try:
            self.stats.requests += 1
            quotes = self.client.prices(list(futures))
        except Exception as exc:
            self.stats.last_error = str(exc)
            with self._lock:
                self._price_fetches -= 1
                for code in futures:
                    self._inflight.pop(("price", code), None)
            for future in futures.values():
                future.set_exception(exc)
            return
        with self._lock:
            self._price_fetches -= 1
            self._one_at_a_time = len(futures) == 1 and not self._batch and self._price_fetches == 0
            for code in futures:
                self._inflight.pop(("price", code), None)
                if code in quotes:
                    self._cache[("price", code)] = (quotes[code], time.monotonic(), self.generation)
                    if quotes[code].name:
                        self._cache[("name", code)] = (quotes[code].name, time.monotonic(), self.generation)
        for code, future in futures.items():
            if code in quotes:
                future.set_result(quotes[code])
            else:
                future.set_exception(InvalidCode(f"unknown code {code}"))

    def prices(self, codes: Iterable) -> dict[str, Quote | Exception]:
        """Many codes at once (a range of cells): cached ones free, the rest in one batched call."""
        out: dict[str, Quote | Exception] = {}
        missing: dict[str, Future] = {}
        waiting: dict[str, Future] = {}
        with self._lock:
            for code in codes:
                if code in out or code in missing or code in waiting:
                    continue
                hit = self._cache.get(("price", code))
                if hit and self._fresh("price", hit[1], hit[2]):
                    self.stats.cache_hits += 1
                    out[code] = hit[0]
                elif ("price", code) in self._inflight:
                    waiting[code] = self._inflight[("price", code)]
                    self.stats.coalesced += 1
                else:
                    missing[code] = self._inflight[("price", code)] = Future()
        if missing:
            self._fetch_prices(missing)
        for code, future in {**missing, **waiting}.items():
            try:
                out[code] = future.result()
            except Exception as exc:  # per-code errors belong in their cells
                out[code] = exc
        return out

    # the rest ------------------------------------------------------------------------------------
    def detail(self, code) -> Quote:
        """The full inquire-price quote (PER, PBR, market cap, 52-week range…), cached longer."""
        code = normalize_code(code)
        return self.cached("detail", (code,), lambda: self.client.price(code))

    def name(self, code) -> str:
        code = normalize_code(code)
        return self.cached("name", (code,), lambda: self.client.stock_name(code))

    def us_price(self, symbol: str, exchange: str | None = None) -> Quote:
        return self.cached("price", ("US", symbol, exchange), lambda: self.client.us_price(symbol, exchange))

    def history(self, code, start, end, period: str):
        code = normalize_code(code)
        return self.cached("history", (code, start, end, period),
                           lambda: self.client.history(code, start, end, period))

    def orderbook(self, code):
        code = normalize_code(code)
        return self.cached("orderbook", (code,), lambda: self.client.orderbook(code))

    def balance(self):
        return self.cached("account", ("balance",), self.client.balance)


_services: dict[str, QuoteService] = {}
_services_lock = threading.Lock()


def service(profile: str | None = None) -> QuoteService:
    """The process-wide service of a profile (default: the active one), created on first use."""
    from ..client import KisClient
    from ..config import active_profile_name

    name = profile or active_profile_name()
    with _services_lock:
        if name not in _services:
            _services[name] = QuoteService(KisClient.from_profile(name))
        return _services[name]


def reset_services() -> None:
    """Forget every service (tests, or after the configuration changed)."""
    with _services_lock:
        for svc in _services.values():
            svc.client.close()
        _services.clear()
