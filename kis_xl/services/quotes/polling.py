"""Live mode's polling: refreshes behind the sheet, one after another, paced and held to a REST budget.

- ``Behind`` runs refreshes on one background thread, so a recalculation never waits on REST and the refreshes
  go out one after another instead of as a burst.
- ``Lane`` paces them: at most ``budget`` requests a second, so KIS's other half (on mock, one of its two a
  second) stays free for orders and first answers.
- ``Demand`` keeps the sheet's polling to that budget: from what each key cells asked lately cost at its last
  fetch, the factor every polled TTL is stretched by.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from ... import spec

LIVE_BUDGET = {spec.REAL: 8.0, spec.MOCK: 0.8}  # REST requests a second live mode's polling may spend

Job = Callable[[], None]


def spent(client) -> int:
    """REST requests the clients have sent so far (the account's and the market data's)."""
    clients = (client, getattr(client, "market_client", None))
    return sum(getattr(getattr(c, "stats", None), "requests", 0) for c in clients if c is not None)


class Behind:
    """Jobs run one after another on one worker thread, started when needed (or by ``run``, which tests hand in)."""

    def __init__(self, run: Callable[[Job], None] | None = None,
                 on_error: Callable[[Exception], None] = lambda exc: None):
        self._run = run
        self._on_error = on_error  # a failed refresh leaves the stale value; the next look tries again
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._worker: threading.Thread | None = None

    def put(self, job: Job) -> None:
        if self._run is not None:
            self._run(job)
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
            except Exception as exc:
                self._on_error(exc)


class Lane:
    """The polling lane: each request waits for its turn, ``cost / budget`` seconds after the one before."""

    def __init__(self, budget: float, monotonic: Callable[[], float], sleep: Callable[[float], None]):
        self.budget = budget  # requests a second
        self.monotonic = monotonic
        self.sleep = sleep
        self._at = 0.0  # when the lane may send its next request
        self._lock = threading.Lock()

    def pace(self, cost: float) -> None:
        """Wait for the lane, then take it for ``cost`` requests (at least one)."""
        with self._lock:
            now = self.monotonic()
            start = max(now, self._at)
            self._at = start + max(cost, 1.0) / self.budget
        if start > now:
            self.sleep(start - now)


class Demand:
    """What polling the sheet costs: the keys cells asked lately and the requests each one's last fetch spent.
    Not locked: the quote service calls it under its lock."""

    def __init__(self):
        self.asked: dict[tuple, float] = {}  # key -> when a cell last asked for it
        self.cost: dict[tuple, float] = {}  # key -> REST requests its last fetch spent

    def stretch(self, now: float, window: float, ttl: dict[str, float], budget: float) -> float:
        """The factor every polled TTL needs so that polling the keys asked within ``window`` seconds costs at
        most ``budget`` requests a second: each key costs its last fetch over its TTL; never below 1."""
        for key in [k for k, at in self.asked.items() if now - at > window]:
            del self.asked[key]
        demand = sum(self.cost.get(k, 0.0) / ttl[k[0]] for k in self.asked)
        return max(1.0, demand / budget)
