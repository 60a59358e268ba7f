"""Price asks gathered into multi-stock requests, and the codes a request with room to spare carries along.

- **Batching**: single-code asks arriving within ``window`` seconds are merged into one request of up to 30 codes
  (``KisClient.prices``); a full request goes out at once. Adaptive: once callers are seen coming one at a time
  (desktop Excel calls UDFs cell by cell), a lone ask goes out at once instead of waiting for company.
- **Prefetch**: a request with room to spare also carries stale codes asked recently, in the order they were first
  asked, so after a refresh a sheet of 1,000 single-cell formulas costs about 34 requests, not 1,000.

Neither class locks: the quote service calls them under its lock (the batch timer's ``flush`` takes it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future

from ... import spec

PREFETCH_HORIZON = 600.0  # seconds a code counts as "on a sheet" after it was last asked, across refreshes


class Batch:
    """Single-code asks waiting for company, and how many price requests are out."""

    def __init__(self, window: float, flush: Callable[[], None], size: int = spec.MULTI_PRICE_MAX_CODES):
        self.window = window
        self.size = size
        self._flush = flush  # called by the timer when the window ends: takes the batch and sends it
        self.waiting: dict[str, Future] = {}
        self._timer: threading.Timer | None = None
        self.fetches = 0  # price requests in flight
        self.one_at_a_time = False  # callers come one by one: skip the window

    def __contains__(self, code: str) -> bool:
        return code in self.waiting

    def get(self, code: str) -> Future | None:
        return self.waiting.get(code)

    def add(self, code: str, future: Future) -> dict[str, Future]:
        """Gather one ask; returns the asks to send now (empty while they wait out the window)."""
        if self.one_at_a_time and self.fetches == 0 and not self.waiting:
            return {code: future}
        self.one_at_a_time = False
        self.waiting[code] = future
        if len(self.waiting) >= self.size:
            return self.take()
        if self._timer is None:
            self._timer = threading.Timer(self.window, self._flush)
            self._timer.daemon = True
            self._timer.start()
        return {}

    def take(self) -> dict[str, Future]:
        """The gathered asks, taken whole (a full request goes out rather than waiting out the window)."""
        batch, self.waiting = self.waiting, {}
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        return batch

    def sent(self) -> None:
        self.fetches += 1

    def answered(self, asked: int | None) -> None:
        """A request came back: of ``asked`` codes asked for (None when it failed). One code alone, with nothing
        else waiting or out, means callers come one at a time."""
        self.fetches -= 1
        if asked is not None:
            self.one_at_a_time = asked == 1 and not self.waiting and self.fetches == 0


class Seen:
    """The codes cells asked for, in the order first asked, with the generation and time of each one's last ask."""

    def __init__(self):
        self.codes: dict[str, tuple[int, float]] = {}

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.codes))

    def saw(self, code: str, generation: int, now: float) -> None:
        self.codes[code] = (generation, now)

    def recent(self, after: str, generation: int, now: float) -> Iterator[str]:
        """Codes asked in this generation or the last, or within ``PREFETCH_HORIZON``, in first-asked order from
        the one after ``after``, round to it."""
        order = list(self.codes)
        start = order.index(after) + 1 if after in self.codes else 0
        for code in order[start:] + order[:start]:
            asked_in, asked_at = self.codes[code]
            if asked_in >= generation - 1 or now - asked_at < PREFETCH_HORIZON:
                yield code

    def prefetch(self, futures: dict[str, Future], generation: int, now: float,
                 wanted: Callable[[str], bool]) -> list[str]:
        """The recent codes to carry in a request for ``futures``, filling its last multi-stock request: those not
        already in it that ``wanted`` (asked in order, up to the room left) says need a fetch."""
        room = -len(futures) % spec.MULTI_PRICE_MAX_CODES
        picked: list[str] = []
        for code in self.recent(next(iter(futures)), generation, now):
            if len(picked) == room:
                break
            if code not in futures and wanted(code):
                picked.append(code)
        return picked
