"""The answer cache and request coalescing.

Every answer is kept under its key ``(kind, *args)`` with when it was stored and in which generation; it is fresh
while its generation is current and its age under the lifetime the refresh mode gives it (``modes.Expiry``).
``clear()`` starts a new generation. Unknown codes are cached too (as their ``InvalidCode``), so a
``#KIS! unknown code`` cell does not cost a request on every recalculation. ``Flights`` holds the requests in
flight: while one is out for a key, other askers wait for its answer.

Neither class locks: the quote service calls them under its one lock.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from ...errors import InvalidCode
from .modes import Expiry

Key = tuple  # (kind, *args), e.g. ("price", "005930") or ("history", code, start, end, period)
Entry = tuple[Any, float, int]  # (answer, when stored on the service's clock, generation)


def unpacked(entry: Entry) -> Any:
    """An entry's answer; a cached unknown code raises (a fresh exception: re-raising a stored one grows its
    traceback)."""
    if isinstance(entry[0], InvalidCode):
        raise InvalidCode(str(entry[0]))
    return entry[0]


class Cache:
    """Answers by key, each with its time and generation."""

    def __init__(self, expiry: Expiry, monotonic: Callable[[], float]):
        self.expiry = expiry
        self.monotonic = monotonic
        self.entries: dict[Key, Entry] = {}
        self.generation = 0

    def fresh(self, key: Key, stored_at: float, generation: int) -> bool:
        if generation != self.generation:
            return False
        lifetime = self.expiry.lifetime(key)
        return lifetime == math.inf or self.monotonic() - stored_at < lifetime

    def hit(self, key: Key) -> Entry | None:
        """The fresh entry of a key, or None."""
        entry = self.entries.get(key)
        return entry if entry is not None and self.fresh(key, entry[1], entry[2]) else None

    def stale(self, key: Key) -> Entry | None:
        """Live mode: an entry of this generation, fresh or not, shown while it is refreshed behind the sheet, so
        a recalculation never waits on REST; None outside live mode."""
        if not self.expiry.live:
            return None
        entry = self.entries.get(key)
        return entry if entry is not None and entry[2] == self.generation else None

    def put(self, key: Key, answer: Any, generation: int, stored_at: float | None = None) -> None:
        self.entries[key] = (answer, self.monotonic() if stored_at is None else stored_at, generation)

    def clear(self) -> int:
        """Forget every answer; returns the new generation (answers of an older one are not stored fresh)."""
        self.generation += 1
        self.entries.clear()
        return self.generation


class Flights:
    """Requests in flight by key, each a future its askers wait on."""

    def __init__(self):
        self.futures: dict[Key, Future] = {}

    def __contains__(self, key: Key) -> bool:
        return key in self.futures

    def get(self, key: Key) -> Future | None:
        return self.futures.get(key)

    def start(self, key: Key) -> Future:
        """A new request for ``key``: its future, which the caller fetches and answers."""
        future = self.futures[key] = Future()
        return future

    def join(self, key: Key) -> tuple[Future, bool]:
        """The future of ``key``'s request and whether the caller owns it (must fetch) or waits on another's."""
        future = self.futures.get(key)
        return (self.start(key), True) if future is None else (future, False)

    def land(self, key: Key) -> None:
        """The request for ``key`` is answered (or failed): the next asker starts a new one."""
        self.futures.pop(key, None)
