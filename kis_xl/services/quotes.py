"""What thousands of Excel cells need from KIS without tripping its limits: cache, coalescing, batching.

- **Cache**: every answer is kept for a TTL (prices 2 s by default). In *manual* mode nothing expires
  until ``refresh()``; in *periodic* mode values are at most N seconds old and a ticker refreshes them
  every N seconds. A warm lookup is a dict read under a lock. Unknown codes are cached too, so a
  ``#KIS! unknown code`` cell does not cost a request on every recalculation.
- **Coalescing**: while a request for a key is in flight, other askers wait for that request.
- **Batching**: single-code price asks arriving within ``batch_window`` seconds are merged into
  multi-stock requests of up to 30 codes (``KisClient.prices``).
- **Prefetch**: a multi-stock request with room to spare also carries stale codes asked recently, in the
  order they were first asked. Desktop Excel calls UDFs one cell at a time, so after a refresh a sheet of
  1,000 single-cell formulas costs about 34 requests, not 1,000.
- **Live** (``set_mode("live")``): asked codes, indices and order books are watched on KIS's WebSocket
  (the session's 40 registrations go to the most used, see ``client.slots``) and every streamed update
  replaces its value: while a feed streams, its cells are served from it at no REST cost. Nothing is
  refetched on the live tick: every other kind keeps its own TTL, and what is still polled (codes
  beyond the budget, balances, history) is held to a REST budget (``LIVE_BUDGET`` requests a second)
  by stretching every polled TTL alike when a sheet asks for more.
- **Never blocks a live sheet** (docs/EXCEL.md, "Live cells"): in live mode a code's first ask waits at most
  ``FIRST_WAIT`` seconds, and not at all while other first answers are still coming; then the cell shows
  ``#KIS! loading…`` and the code is fetched behind the sheet (in small chunks, so cells fill in as answers
  arrive, at the next live tick). The CLI and the other modes keep waiting for the answer.
- **Staggered, paced polling**: in live mode each polled key expires at its own phase of its TTL (up to
  ``SPREAD`` longer, from a hash of the key) and refreshes go out one after another at no more than
  ``live_budget`` requests a second, so they never come as a burst and orders always find a free slot.
"""

from __future__ import annotations

import hashlib
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from typing import Any

from .. import realtime as rt
from .. import spec
from ..client import pace
from ..codes import normalize_code
from ..errors import InvalidCode, KisError, KisXlError, NotOffered, RateLimited, TokenError
from ..i18n import t
from ..models import Quote
from .live import LiveValues

DEFAULT_TTL = {"price": 2.0, "detail": 30.0, "history": 300.0, "orderbook": 1.0, "account": 5.0, "name": 86_400.0}
MANUAL, PERIODIC, AUTO, LIVE = "manual", "periodic", "auto", "live"
LIVE_PERIOD = 1.0  # live mode recalculates the sheet every second by default
PREFETCH_HORIZON = 600.0  # seconds a code counts as "on a sheet" after it was last asked, across refreshes
LIVE_BUDGET = {spec.REAL: 8.0, spec.MOCK: 0.8}  # REST requests a second live mode's polling may spend
AUCTION_FRESH = 30.0  # seconds an auction's expected price stays shown after its last update
FIRST_WAIT = 0.5  # live mode: longest a recalculation waits for first answers before cells show "loading"
SPREAD = 0.5  # live mode: a polled key expires between its TTL and (1 + SPREAD) × TTL, by its own phase
STALE_AFTER = 30.0  # seconds after which a polled value is called "stale" (KIS_PRICE(code, "source"))
STREAM, REST, STALE, LOADING = "stream", "rest", "stale", "loading"  # where a cell's value comes from


class Loading(KisXlError):
    """Live mode: a code's first answer is on its way; the cell shows this until the next tick fills it."""

    def __init__(self):
        super().__init__(t("loading… (filled in as KIS answers)"))


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


class QuoteService:
    """One per profile per process; thread-safe (Excel and Office.js call UDFs from several threads)."""

    def __init__(self, client, *, ttl: dict[str, float] | None = None, batch_window: float = 0.03,
                 prefetch: bool | None = None, monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 background: Callable[[Callable[[], None]], None] | None = None):
        """``monotonic`` and ``sleep`` are the clock (tests hand in a simulated one); ``background`` runs live
        mode's refreshes (default: one worker thread)."""
        self.client = client
        self.monotonic = monotonic
        self.sleep = sleep
        self._background = background
        self._lane_at = 0.0  # live mode: when the polling lane may send its next request
        self.ttl = dict(DEFAULT_TTL, **(ttl or {}))
        self.batch_window = batch_window
        # Only where prices() batches (the real domain): on the mock domain each extra code is a request.
        self.prefetch = (getattr(client, "market_domain", None) == spec.REAL) if prefetch is None else prefetch
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
        self._seen: dict[str, tuple[int, float]] = {}  # code -> (generation, time) of its last ask; first-ask order
        self._ticker: threading.Thread | None = None
        self._ticker_stop = threading.Event()
        self._on_tick: Callable[[], None] | None = None
        self.stream = None  # kis_xl.client.stream.Stream feeding live values
        self.live_mode = False
        self.live = LiveValues(monotonic)
        self.stale_after = STALE_AFTER
        self._us_keys: dict[str, str] = {}  # HDFSCNT0 RSYM (R or D key) → the D key live values are kept under
        self.live_budget = LIVE_BUDGET.get(getattr(client, "domain", spec.REAL), LIVE_BUDGET[spec.REAL])
        self.stretch = 1.0  # live mode: every polled TTL times this, to keep to ``live_budget``
        self._cost: dict[tuple, float] = {}  # key -> REST requests its last fetch spent
        self._asked: dict[tuple, float] = {}  # key -> when a cell last asked for it (polled keys, live mode)
        self._us_markets: dict[str, str] = {}  # US symbol -> its exchange, from REST (a US feed's tr_key)
        self._watched: set[tuple[str, str]] = set()  # feeds this service asked the stream for
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()  # live mode: refreshes behind the sheet
        self._expired: dict[str, Future] = {}  # live mode: expired codes waiting for their refresh
        self._worker: threading.Thread | None = None
        # (done, total) as a many-code price fetch advances: a macro writes it in Excel's status bar. A worksheet
        # function leaves it unset, since Excel takes no interface changes during recalculation (docs/EXCEL.md).
        self.progress: Callable[[int, int], None] | None = None

    # refresh control -----------------------------------------------------------------------
    def set_mode(self, mode: str, seconds: float | None = None, on_tick: Callable[[], None] | None = None) -> None:
        """``auto`` (TTLs), ``manual`` (only refresh() changes values) or ``periodic`` (every N seconds).

        In periodic mode a ticker thread calls ``on_tick`` every N seconds (the Excel layer passes a
        callable that makes Excel recalculate the refresh cell, which refreshes), or ``refresh()`` itself
        when there is none. Setting the same mode and period again keeps the running ticker.
        """
        mode = str(mode).strip().lower()
        self.live_mode = mode == LIVE
        if mode == LIVE:  # periodic recalculation reading quotes the stream keeps current
            self.attach_stream()
            mode, seconds = PERIODIC, seconds or LIVE_PERIOD
        elif self.stream is not None:  # back to REST only: the session's registrations go to whoever else watches
            self.stream.unwatch_feeds(self._watched)
            self._watched.clear()
            self.stream = None
        if mode not in (AUTO, MANUAL, PERIODIC):
            raise ValueError(f"refresh mode must be auto, manual, periodic or live, not {mode!r}")
        if (mode == PERIODIC and not seconds) or (seconds is not None and seconds <= 0):
            raise ValueError("periodic refresh needs a positive number of seconds")
        period = float(seconds) if mode == PERIODIC else 0.0
        with self._lock:
            unchanged = mode == self.mode and period == self.period
            self.mode, self.period = mode, period
            self._on_tick = on_tick
        if not unchanged or (mode == PERIODIC and self._ticker is None):
            self._restart_ticker()

    def _restart_ticker(self) -> None:
        self._ticker_stop.set()
        self._ticker_stop = stop = threading.Event()
        self._ticker = None
        if self.mode == PERIODIC:
            self._ticker = threading.Thread(target=self._tick, args=(stop, self.period), daemon=True,
                                            name="kis-xl periodic refresh")
            self._ticker.start()

    def _tick(self, stop: threading.Event, period: float) -> None:
        while not stop.wait(period):
            if self.live_mode:
                self.restretch()
            hook = self._on_tick
            if hook is None:
                self.refresh()
                continue
            try:
                hook()
            except Exception as exc:  # the workbook closed or the cell moved: refresh ourselves from now on
                self.stats.last_error = f"periodic refresh: {exc}"
                self._on_tick = None
                self.refresh()

    def close(self) -> None:
        """Stop the ticker and close the client."""
        self._ticker_stop.set()
        self.client.close()

    def refresh(self) -> int:
        """Invalidate everything: the next lookups ask KIS again. Returns the new generation.

        Not in live mode: its tick recalculates the sheet every second, streamed values are current and
        everything else keeps its own TTL (refetching it all each second is what live mode avoids)."""
        with self._lock:
            if self.live_mode:
                self.stats.last_refresh = time.time()
                return self.generation
            self.generation += 1
            self._cache.clear()
            self.stats.last_refresh = time.time()
            return self.generation

    def _fresh(self, key: tuple, stored_at: float, generation: int) -> bool:
        kind = key[0]
        if generation != self.generation:
            return False
        if self.mode == MANUAL:
            return True
        if self.live_mode:  # each key at its own phase, so keys fetched together do not expire together
            ttl = self.ttl[kind] * self.stretch * (1 + SPREAD * _phase(key))
        else:
            ttl = self.period if self.mode == PERIODIC else self.ttl[kind]
        return self.monotonic() - stored_at < ttl

    def _feed_of(self, key: tuple) -> tuple[str, str] | None:
        """The stream feed that keeps a cache key current, if any (prices, US prices, indices, order books)."""
        kind = key[0]
        if kind == "price":
            if len(key) == 2:
                return (rt.TRADES, key[1]) if len(key[1]) == 6 else None
            if key[1] == "index":
                return rt.INDEX, key[2]
            if key[1] == "US":
                exchange = key[3] or self._us_markets.get(key[2])
                return (rt.US_TRADES, rt.us_key(key[2], exchange)) if exchange else None
            return None
        return (rt.ORDER_BOOK, key[1]) if kind == "orderbook" else None

    def _watch(self, key: tuple) -> None:
        """Live mode: a cell asked for a key; its feed (if any) is watched on the stream."""
        if self.stream is not None:
            feed = self._feed_of(key)
            if feed is not None:
                self._watch_feed(feed)

    def _watch_feed(self, feed: tuple[str, str]) -> None:
        stream = self.stream
        if stream is not None:
            self._watched.add(feed)
            stream.watch_feeds([feed])

    def _hit(self, key: tuple):
        """The fresh cached entry of a key or None; the caller holds the lock."""
        stream = self.stream
        if stream is not None:
            feed = self._feed_of(key)
            if feed is not None and stream.streaming_feed(feed):
                value = self.live.get(feed)
                if value is not None:
                    self.stats.live_hits += 1
                    return (value, 0.0, self.generation)
            if self.live_mode:
                self._asked[key] = self.monotonic()
        hit = self._cache.get(key)
        if hit is not None and self._fresh(key, hit[1], hit[2]):
            self.stats.cache_hits += 1
            return hit
        return None

    @staticmethod
    def _value(hit):
        if isinstance(hit[0], InvalidCode):  # a fresh exception: re-raising a stored one grows its traceback
            raise InvalidCode(str(hit[0]))
        return hit[0]

    # the cache with coalescing ---------------------------------------------------------------
    def cached(self, kind: str, key: tuple, fetch: Callable[[], Any]) -> Any:
        """The cached value of (kind, key), fetching it once however many threads ask at the same time."""
        full = (kind, *key)
        with self._lock:
            self._watch(full)
            hit = self._hit(full)
            if hit is not None:
                return self._value(hit)
            stale = self._stale(full)
            if stale is not None:  # live mode: the cell shows what it had while a refresh runs behind it
                if full not in self._inflight:
                    future = self._inflight[full] = Future()
                    generation = self.generation
                    cost = self._cost.get(full, 1.0)
                    self._behind(lambda: (self._pace(cost), self._fetch(full, fetch, future, generation)))
                return self._value(stale)
            future = self._inflight.get(full)
            owner = future is None
            if owner:
                future = self._inflight[full] = Future()
                generation = self.generation
            else:
                self.stats.coalesced += 1
        if owner:
            self._fetch(full, fetch, future, generation)
        return future.result()

    def _fetch(self, full: tuple, fetch: Callable[[], Any], future: Future, generation: int) -> None:
        """Fetch one key and store it (with what it cost), telling whoever waits on ``future``."""
        self.stats.requests += 1
        spent = self._spent()
        try:
            value = fetch()
        except Exception as exc:
            self.stats.last_error = str(exc)
            with self._lock:
                self._inflight.pop(full, None)
            future.set_exception(exc)
            return
        with self._lock:
            self._cache[full] = (value, self.monotonic(), generation)
            self._cost[full] = self._spent() - spent
            self._inflight.pop(full, None)
            self._remember(full, value)
        future.set_result(value)

    def _stale(self, key: tuple):
        """Live mode: an expired entry of this generation, served while it is refreshed behind the sheet, so
        a recalculation never waits on REST (the caller holds the lock)."""
        if not self.live_mode:
            return None
        entry = self._cache.get(key)
        return entry if entry is not None and entry[2] == self.generation else None

    def _behind(self, job: Callable[[], None]) -> None:
        """Run a refresh on the one background thread: refreshes go out one after another, so the REST
        budget spreads them instead of a burst blocking a recalculation (the caller holds the lock)."""
        if self._background is not None:
            self._background(job)
            return
        self._jobs.put(job)
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._work, daemon=True, name="kis-xl live refresh")
            self._worker.start()

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                job()
            except Exception as exc:  # a failed refresh leaves the stale value; the next look tries again
                self.stats.last_error = str(exc)

    def _pace(self, cost: float) -> None:
        """The polling lane: refreshes behind a live sheet spend at most ``live_budget`` requests a second, so
        KIS's other half (on mock, one of its two a second) stays free for orders and first answers."""
        with self._lock:
            now = self.monotonic()
            start = max(now, self._lane_at)
            self._lane_at = start + max(cost, 1.0) / self.live_budget
        if start > now:
            self.sleep(start - now)

    def _spent(self) -> int:
        """REST requests the clients have sent so far (the account's and the market data's)."""
        clients = (self.client, getattr(self.client, "market_client", None))
        return sum(getattr(getattr(c, "stats", None), "requests", 0) for c in clients if c is not None)

    def _remember(self, key: tuple, value) -> None:
        """A REST answer for a streamed thing is what its updates are laid over (the caller holds the lock)."""
        if key[:2] == ("price", "US") and isinstance(value, Quote):
            self._us_markets[key[2]] = value.market
        feed = self._feed_of(key)
        if feed is not None:
            self.live.base(feed, value)

    def restretch(self) -> float:
        """Live mode: the factor every polled TTL is stretched by, so polling keeps to ``live_budget``.

        What the sheet polls costs, per second, the sum over the keys cells asked lately of the requests
        each key's last fetch spent over its TTL; above the budget every TTL grows alike."""
        now = self.monotonic()
        window = max(5.0, 3 * self.period)
        with self._lock:
            for key in [k for k, t in self._asked.items() if now - t > window]:
                del self._asked[key]
            demand = sum(self._cost.get(k, 0.0) / self.ttl[k[0]] for k in self._asked)
            self.stretch = max(1.0, demand / self.live_budget)
        return self.stretch

    # prices ------------------------------------------------------------------------------------
    def _saw(self, code: str) -> None:
        """Remember when a code was last asked; the dict keeps the order codes were first asked in."""
        self._seen[code] = (self.generation, self.monotonic())
        self._watch(("price", code))

    def price(self, code) -> Quote:
        """One code's quote; asks arriving together gather for ``batch_window`` seconds into one
        multi-stock request. Adaptive: once callers are seen coming one at a time (desktop Excel calls
        UDFs cell by cell), a lone ask goes out at once instead of waiting for company."""
        code = normalize_code(code)
        batch: dict[str, Future] = {}
        key = ("price", code)
        with self._lock:
            self._saw(code)
            hit = self._hit(key)
            if hit is not None:
                return self._value(hit)
            stale = self._stale(key)
            if stale is not None:
                self._refresh_price(code)
                return self._value(stale)
            live = self.live_mode
            if live:  # never blocks the sheet: behind it, waiting only if nothing else is coming
                busy = bool(self._expired) or self._price_fetches > 0
                self._refresh_price(code)
                future = self._inflight.get(key) or self._batch[code]
            elif (future := self._inflight.get(key) or self._batch.get(code)) is not None:
                self.stats.coalesced += 1
            else:
                future = self._inflight[key] = Future()
                if self._one_at_a_time and self._price_fetches == 0 and not self._batch:
                    batch = {code: future}
                else:
                    self._one_at_a_time = False
                    self._batch[code] = future
                    if len(self._batch) >= spec.MULTI_PRICE_MAX_CODES:
                        batch = self._take_batch()
                    elif self._batch_timer is None:
                        self._batch_timer = threading.Timer(self.batch_window, self._flush)
                        self._batch_timer.daemon = True
                        self._batch_timer.start()
        if live:
            answer = self._first_answers({code: future}, busy)[code]
            if isinstance(answer, Exception):
                raise answer
            return answer
        if batch:
            self._fetch_prices(batch)
        return future.result()

    def _take_batch(self) -> dict[str, Future]:
        """The gathered asks, taken whole: a full request goes out at once rather than waiting out the
        window (the caller holds the lock)."""
        batch, self._batch = self._batch, {}
        if self._batch_timer is not None:
            self._batch_timer.cancel()
            self._batch_timer = None
        return batch

    def _refresh_price(self, code: str) -> None:
        """Live mode: refresh an expired code behind the sheet, with the other expired ones in one request
        (the caller holds the lock)."""
        key = ("price", code)
        if key in self._inflight or code in self._batch:
            return
        self._expired[code] = self._inflight[key] = Future()
        if len(self._expired) == 1:
            self._behind(self._refresh_expired)

    def _refresh_expired(self) -> None:
        """Fetch the queued codes in chunks of one request each, so cells fill in as answers arrive; refreshes
        of codes that have a value go through the polling lane, first answers do not wait for it."""
        with self._lock:
            expired, self._expired = self._expired, {}
        domain = getattr(self.client, "market_domain", spec.REAL)
        size = spec.MULTI_PRICE_MAX_CODES if domain == spec.REAL else 1
        codes = list(expired)
        for i in range(0, len(codes), size):
            chunk = {c: expired[c] for c in codes[i:i + size]}
            with self._lock:
                polled = any(("price", c) in self._cache for c in chunk)
            if polled:
                self._pace(pace.quote_requests(domain, len(chunk)))
            self._fetch_prices(chunk)

    def _first_answers(self, futures: dict[str, Future], busy: bool) -> dict[str, Quote | Exception]:
        """Live mode: what has arrived within ``FIRST_WAIT`` (no wait at all when ``busy``, other first answers
        still coming); the rest are ``Loading``, fetched behind the sheet."""
        wait(futures.values(), timeout=0 if busy else FIRST_WAIT)
        return {code: (f.exception() or f.result()) if f.done() else Loading() for code, f in futures.items()}

    def source(self, code) -> tuple[str, float]:
        """Where a domestic code's price comes from and its age in seconds: ``stream``, ``rest``, ``stale`` (polled
        and older than ``stale_after``) or ``loading`` (no answer yet; age NaN)."""
        code = normalize_code(code)
        feed = (rt.TRADES, code)
        with self._lock:
            stream = self.stream
            if stream is not None and stream.streaming_feed(feed) and self.live.has(feed):
                return STREAM, self.live.age(feed)
            entry = self._cache.get(("price", code))
            if entry is None or isinstance(entry[0], Exception):
                return LOADING, float("nan")
            age = self.monotonic() - entry[1]
        return (STALE if age > self.stale_after else REST), age

    def sources(self) -> Counter:
        """How many of the codes asked for stand where (stream, rest, stale, loading): KIS_STATUS's count."""
        with self._lock:
            codes = list(self._seen)
        return Counter(self.source(code)[0] for code in codes)

    def _flush(self) -> None:
        with self._lock:
            batch = self._take_batch()
        if batch:
            self._fetch_prices(batch)

    def _top_up(self, futures: dict[str, Future]) -> None:
        """Fill the last multi-stock request with stale codes asked recently (the caller holds the lock)."""
        room = -len(futures) % spec.MULTI_PRICE_MAX_CODES
        if not (self.prefetch and room):
            return
        now, generation = self.monotonic(), self.generation
        order = list(self._seen)
        start = order.index(next(iter(futures))) + 1 if next(iter(futures)) in self._seen else 0
        for code in order[start:] + order[:start]:
            if not room:
                break
            asked_in, asked_at = self._seen[code]
            recent = asked_in >= generation - 1 or now - asked_at < PREFETCH_HORIZON
            key = ("price", code)
            if recent and code not in futures and key not in self._inflight and self._hit(key) is None:
                futures[code] = self._inflight[key] = Future()
                self.stats.prefetched += 1
                room -= 1

    def _fetch_prices(self, futures: dict[str, Future]) -> None:
        asked = len(futures)
        with self._lock:
            self._top_up(futures)
            self._price_fetches += 1
            self.stats.requests += 1
            generation = self.generation
        spent = self._spent()
        try:
            self.stats.hint = pace.quotes_hint(self.client, len(futures)) or self.stats.hint
            progress = self.progress
            quotes = self.client.prices(list(futures), progress=progress) if progress else self.client.prices(
                list(futures))
        except Exception as exc:
            self.stats.last_error = str(exc)
            with self._lock:
                self._price_fetches -= 1
                for code in futures:
                    self._inflight.pop(("price", code), None)
            for future in futures.values():
                future.set_exception(exc)
            return
        results: dict[str, Quote | Exception] = {
            code: quotes.get(code) or InvalidCode(f"unknown code {code}") for code in futures}
        with self._lock:
            self._price_fetches -= 1
            self._one_at_a_time = asked == 1 and not self._batch and self._price_fetches == 0
            stored_at = self.monotonic()
            cost = (self._spent() - spent) / len(results)
            for code, result in results.items():
                self._inflight.pop(("price", code), None)
                self._cache[("price", code)] = (result, stored_at, generation)
                self._cost[("price", code)] = cost
                if isinstance(result, Quote):  # what the stream's trades are laid over
                    self.live.base((rt.TRADES, code), result)
                if isinstance(result, Quote) and result.name:
                    self._cache[("name", code)] = (result.name, stored_at, generation)
        for code, future in futures.items():
            if isinstance(results[code], Exception):
                future.set_exception(results[code])
            else:
                future.set_result(results[code])

    def prices(self, codes: Iterable[str]) -> dict[str, Quote | Exception]:
        """Many normalised codes at once (a range of cells): cached ones free, the rest in one batched call."""
        out: dict[str, Quote | Exception] = {}
        missing: dict[str, Future] = {}
        waiting: dict[str, Future] = {}
        busy = False
        with self._lock:
            for code in codes:
                if code in out or code in missing or code in waiting:
                    continue
                self._saw(code)
                key = ("price", code)
                hit = self._hit(key)
                if hit is None and self._stale(key) is not None:  # live mode: shown while refreshed behind
                    hit = self._stale(key)
                    self._refresh_price(code)
                if hit is not None:
                    out[code] = hit[0]
                elif self.live_mode:  # first answers behind the sheet, as in price()
                    if not waiting and not missing:
                        busy = bool(self._expired) or self._price_fetches > 0
                    self._refresh_price(code)
                    waiting[code] = self._inflight.get(key) or self._batch[code]
                elif key in self._inflight:
                    waiting[code] = self._inflight[key]
                    self.stats.coalesced += 1
                else:
                    missing[code] = self._inflight[key] = Future()
        if self.live_mode and waiting:
            out.update(self._first_answers(waiting, busy))
            return out
        if missing:
            self._fetch_prices(missing)
        for code, future in {**missing, **waiting}.items():
            if code not in out:
                out[code] = future.exception() or future.result()  # per-code errors belong in their cells
        return out

    # live ----------------------------------------------------------------------------------------
    def attach_stream(self, stream=None) -> None:
        """Feed quotes from KIS's WebSocket (default: the process's stream of the market-data app key)."""
        if stream is None:
            if self.stream is not None:
                return
            from ..client.stream import stream_for

            market = getattr(self.client, "market_client", None) or self.client
            stream = stream_for(market.profile)
        with self._lock:
            if self.stream is stream:
                return
            self.stream = stream
        market = getattr(self.client, "market_client", None) or self.client
        if hasattr(market, "now"):
            stream.use_clock(market.now)  # KIS's clock (the server's Date), not this machine's
        stream.on_trades(self._on_stream_trades)
        stream.on_index(lambda q: self.live.put((rt.INDEX, q.code), q))
        stream.on_book(lambda b: self.live.put((rt.ORDER_BOOK, b.code), b))
        stream.on_status(lambda st: self.live.put((rt.MARKET_STATUS, st.code), st))
        stream.on_auction(lambda a: self.live.put((rt.EXPECTED, a.code), a))
        stream.start()

    def _on_stream_trades(self, tr_id: str, records: list[list[str]]) -> None:
        """Streamed trades (on the stream's thread), as KIS's fields: each code's latest replaces its quote,
        parsed only when a cell reads it and merged over the last REST quote's name, limits, PER…"""
        if tr_id == rt.TRADES:
            latest = {(tr_id, r[0]): r for r in records}
        else:  # a daytime R key (RBAQAAPL) and a D key are one code's: kept under its D key
            latest = {(tr_id, self._us_feed_key(r[0])): r for r in records}
        self.live.put_many(list(latest.items()))
        self.stats.streamed += len(records)

    def _us_feed_key(self, rsym: str) -> str:
        key = self._us_keys.get(rsym)
        if key is None:
            parsed = rt.parse_us_key(rsym)
            key = self._us_keys[rsym] = rt.us_key(parsed[1], parsed[0]) if parsed else rsym
        return key

    def live_status(self) -> dict[str, str]:
        """Watched codes → ``stream`` (from the feed) or ``rest`` (the TTL cache); empty without a stream."""
        return self.stream.status() if self.stream is not None else {}

    def live_rows(self) -> list[dict]:
        """Every feed this process watches or the shared session holds: key, feed, source, who holds it."""
        return self.stream.rows() if self.stream is not None else []

    def status(self, code) -> str:
        """A stock's trading state: ``trading``, ``halted``, or ``VI (static) until 10:02``. Live mode follows
        KIS's market-status feed (H0STMKO0); otherwise, and until the feed tells a change, inquire-price."""
        code = normalize_code(code)
        stream = self.stream
        if stream is not None:
            feed = (rt.MARKET_STATUS, code)
            self._watch_feed(feed)
            told = self.live.get(feed) if stream.streaming_feed(feed) else None
            if told is not None:
                return told.label
        quote = self.detail(code)
        return t("halted") if quote.halted else "VI" if quote.vi else t("trading")

    def expected_price(self, code) -> float | None:
        """An opening or closing auction's (or a VI's) expected price: live from KIS's auction feed
        (H0STANC0), else the order book's; None while no auction runs."""
        code = normalize_code(code)
        stream = self.stream
        if stream is not None:
            feed = (rt.EXPECTED, code)
            self._watch_feed(feed)
            if stream.streaming_feed(feed):
                auction = self.live.get(feed)
                fresh = auction is not None and self.live.age(feed) < AUCTION_FRESH
                return auction.expected_price if fresh else None
        return self.orderbook(code).expected_price

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

    def us_history(self, symbol: str, start, end, period: str, exchange: str | None = None):
        return self.cached("history", ("US", symbol, start, end, period, exchange),
                           lambda: self.client.us_history(symbol, start, end, period, exchange))

    def orderbook(self, code):
        code = normalize_code(code)
        return self.cached("orderbook", (code,), lambda: self.client.orderbook(code))

    def balance(self):
        return self.cached("account", ("balance",), self.client.balance)

    def us_balance(self):
        """US holdings and the USD summary (cash from the present balance), or None where the account has no
        US trading (KIS refuses the query); cached with the balance."""
        return self.cached("account", ("us_balance",), self._us_balance)

    def _us_balance(self):
        try:
            return self.client.us_balance()
        except (RateLimited, TokenError):  # passing troubles: the cell shows them and tries again
            raise
        except (KisError, NotOffered):
            return None

    def today(self):
        """The server's date: what "today" means for an open-ended history."""
        return self.client.now().date()


def _phase(key: tuple) -> float:
    """A key's fixed place in [0, 1): where in its TTL's spread it expires (the same in every process)."""
    return int.from_bytes(hashlib.blake2b(repr(key).encode(), digest_size=4).digest(), "big") / 2**32


_services: dict[str, QuoteService] = {}
_services_lock = threading.Lock()
_active: list[str] = []  # the active profile's name, read once: a warm cell must not read the config file


def service(profile: str | None = None, *, reread: bool = False) -> QuoteService:
    """The process-wide service of a profile (default: the active one), created on first use.

    The active profile is looked up once per process; ``reread=True`` (KIS_REFRESH) looks again, so a
    profile switched with ``kis-xl config`` takes effect at the next refresh.
    """
    from ..config import active_profile_name
    from ..connect import open_client

    if profile is None and (reread or not _active):
        _active[:] = [active_profile_name()]
    name = profile or _active[0]
    svc = _services.get(name)
    if svc is not None:
        return svc
    with _services_lock:
        if name not in _services:
            _services[name] = QuoteService(open_client(name))
        return _services[name]


def reset_services() -> None:
    """Forget every service (tests, or after the configuration changed)."""
    with _services_lock:
        for svc in _services.values():
            svc.close()
        _services.clear()
        _active.clear()
