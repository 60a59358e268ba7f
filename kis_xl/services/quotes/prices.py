"""Price asks: batched into multi-stock requests, carrying recently asked codes along, and in live mode answered
at once (``#KIS! loading…`` until the first answer) while the fetch runs behind the sheet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future

from ... import realtime as rt
from ... import spec
from ...client import pace
from ...codes import normalize_code
from ...errors import InvalidCode
from ...models import Quote
from . import loading
from .batch import Batch, Seen
from .cache import unpacked
from .polling import spent
from .store import Store


class Prices:
    """Domestic prices through the store: ``price`` (one cell), ``prices`` (a range), ``source`` (where from)."""

    def __init__(self, store: Store, batch_window: float, prefetch: bool):
        self.store = store
        self.prefetch = prefetch
        self.batch = Batch(batch_window, self._flush)
        self.seen = Seen()
        self.expired: dict[str, Future] = {}  # live mode: expired codes waiting for their refresh
        self.stale_after = loading.STALE_AFTER
        # (done, total) as a many-code price fetch advances: a macro writes it in Excel's status bar. A worksheet
        # function leaves it unset, since Excel takes no interface changes during recalculation (docs/EXCEL.md).
        self.progress: Callable[[int, int], None] | None = None

    def _saw(self, code: str) -> None:
        store = self.store
        self.seen.saw(code, store.cache.generation, store.monotonic())
        store.feeds.watch(("price", code))

    def price(self, code) -> Quote:
        """One code's quote; asks arriving together gather into one multi-stock request (``batch.Batch``)."""
        code = normalize_code(code)
        store, batch, key = self.store, {}, ("price", code)
        with store.lock:
            self._saw(code)
            hit = store.hit(key)
            if hit is not None:
                return unpacked(hit)
            stale = store.cache.stale(key)
            if stale is not None:
                self._refresh(code)
                return unpacked(stale)
            live = store.expiry.live
            if live:  # never blocks the sheet: behind it, waiting only if nothing else is coming
                busy = bool(self.expired) or self.batch.fetches > 0
                self._refresh(code)
                future = store.flights.get(key) or self.batch.get(code)
            elif (future := store.flights.get(key) or self.batch.get(code)) is not None:
                store.stats.coalesced += 1
            else:
                future = store.flights.start(key)
                batch = self.batch.add(code, future)
        if live:
            answer = loading.first_answers({code: future}, busy)[code]
            if isinstance(answer, Exception):
                raise answer
            return answer
        if batch:
            self._fetch(batch)
        return future.result()

    def prices(self, codes: Iterable[str]) -> dict[str, Quote | Exception]:
        """Many normalised codes at once (a range of cells): cached ones free, the rest in one batched call."""
        store = self.store
        out: dict[str, Quote | Exception] = {}
        missing: dict[str, Future] = {}
        waiting: dict[str, Future] = {}
        busy = False
        with store.lock:
            for code in codes:
                if code in out or code in missing or code in waiting:
                    continue
                self._saw(code)
                key = ("price", code)
                hit = store.hit(key)
                if hit is None and store.cache.stale(key) is not None:  # live mode: shown while refreshed behind
                    hit = store.cache.stale(key)
                    self._refresh(code)
                if hit is not None:
                    out[code] = hit[0]
                elif store.expiry.live:  # first answers behind the sheet, as in price()
                    if not waiting and not missing:
                        busy = bool(self.expired) or self.batch.fetches > 0
                    self._refresh(code)
                    waiting[code] = store.flights.get(key) or self.batch.get(code)
                elif key in store.flights:
                    waiting[code] = store.flights.get(key)
                    store.stats.coalesced += 1
                else:
                    missing[code] = store.flights.start(key)
        if store.expiry.live and waiting:
            out.update(loading.first_answers(waiting, busy))
            return out
        if missing:
            self._fetch(missing)
        for code, future in {**missing, **waiting}.items():
            if code not in out:
                out[code] = future.exception() or future.result()  # per-code errors belong in their cells
        return out

    def source(self, code) -> tuple[str, float]:
        """Where a domestic code's price comes from and its age in seconds: ``stream`` while its feed streams,
        else as ``loading.polled_source`` says."""
        code = normalize_code(code)
        store = self.store
        with store.lock:
            age = store.feeds.stream_age(code)
            if age is not None:
                return loading.STREAM, age
            entry = store.cache.entries.get(("price", code))
            now = store.monotonic()
        return loading.polled_source(entry, now, self.stale_after)

    def sources(self) -> Counter:
        """How many of the codes asked for stand where (stream, rest, stale, loading): KIS_STATUS's count."""
        with self.store.lock:
            codes = list(self.seen)
        return Counter(self.source(code)[0] for code in codes)

    def _flush(self) -> None:
        with self.store.lock:
            batch = self.batch.take()
        if batch:
            self._fetch(batch)

    def _refresh(self, code: str) -> None:
        """Live mode: refresh an expired code behind the sheet, with the other expired ones in one request
        (the caller holds the lock)."""
        key = ("price", code)
        if key in self.store.flights or code in self.batch:
            return
        self.expired[code] = self.store.flights.start(key)
        if len(self.expired) == 1:
            self.store.behind.put(self._refresh_expired)

    def _refresh_expired(self) -> None:
        """Fetch the queued codes in chunks of one request each, so cells fill in as answers arrive; refreshes
        of codes that have a value go through the polling lane, first answers do not wait for it."""
        store = self.store
        with store.lock:
            expired, self.expired = self.expired, {}
        domain = getattr(store.client, "market_domain", spec.REAL)
        size = spec.MULTI_PRICE_MAX_CODES if domain == spec.REAL else 1
        codes = list(expired)
        for i in range(0, len(codes), size):
            chunk = {c: expired[c] for c in codes[i:i + size]}
            with store.lock:
                polled = any(("price", c) in store.cache.entries for c in chunk)
            if polled:
                store.lane.pace(pace.quote_requests(domain, len(chunk)))
            self._fetch(chunk)

    def _unanswered(self, code: str) -> bool:
        """Neither asked already nor answered fresh (the caller holds the lock)."""
        key = ("price", code)
        return key not in self.store.flights and self.store.hit(key) is None

    def _fetch(self, futures: dict[str, Future]) -> None:
        """One multi-stock request (topped up by prefetch), its answers stored and told to their askers."""
        store, asked = self.store, len(futures)
        with store.lock:
            if self.prefetch:  # fill the last multi-stock request with stale codes asked recently
                for code in self.seen.prefetch(futures, store.cache.generation, store.monotonic(), self._unanswered):
                    futures[code] = store.flights.start(("price", code))
                    store.stats.prefetched += 1
            self.batch.sent()
            store.stats.requests += 1
            generation = store.cache.generation
        before = spent(store.client)
        try:
            store.stats.hint = pace.quotes_hint(store.client, len(futures)) or store.stats.hint
            progress = self.progress
            quotes = store.client.prices(list(futures), progress=progress) if progress else store.client.prices(
                list(futures))
        except Exception as exc:
            store.stats.last_error = str(exc)
            with store.lock:
                self.batch.answered(None)
                for code in futures:
                    store.flights.land(("price", code))
            for future in futures.values():
                future.set_exception(exc)
            return
        results: dict[str, Quote | Exception] = {
            code: quotes.get(code) or InvalidCode(f"unknown code {code}") for code in futures}
        with store.lock:
            self.batch.answered(asked)
            stored_at = store.monotonic()
            cost = (spent(store.client) - before) / len(results)
            for code, result in results.items():
                store.flights.land(("price", code))
                store.cache.put(("price", code), result, generation, stored_at)
                store.demand.cost[("price", code)] = cost
                if isinstance(result, Quote):  # what the stream's trades are laid over
                    store.feeds.values.base((rt.TRADES, code), result)
                if isinstance(result, Quote) and result.name:
                    store.cache.put(("name", code), result.name, generation, stored_at)
        for code, future in futures.items():
            if isinstance(results[code], Exception):
                future.set_exception(results[code])
            else:
                future.set_result(results[code])
