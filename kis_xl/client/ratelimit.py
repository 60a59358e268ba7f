"""Client-side rate limiting: never more calls in any window than KIS allows for the app key.

One limiter per (base URL, app key) per process, shared by every thread (Excel's recalculation
threads, the order sheet, a report). A sliding window rather than a fixed interval lets bursts go
out as fast as KIS allows and never over it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque

from .. import spec

# Stay one below KIS's published 20/s on real; mock behaves like a per-second bucket of 2, so
# keep a 10 % longer window there.
DEFAULT_WINDOWS: dict[str, tuple[int, float]] = {spec.REAL: (19, 1.0), spec.MOCK: (2, 1.1)}


class RateLimiter:
    """At most ``calls`` acquisitions in any ``period`` seconds."""

    def __init__(self, calls: int, period: float = 1.0):
        if calls < 1:
            raise ValueError("calls must be at least 1")
        self.calls = calls
        self.period = period
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Block until a call may go out; returns the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = time.monotonic()
                while self._times and now - self._times[0] >= self.period:
                    self._times.popleft()
                if len(self._times) < self.calls:
                    self._times.append(now)
                    return waited
                delay = self._times[0] + self.period - now
            time.sleep(delay)
            waited += delay


_registry: dict[str, RateLimiter] = {}
_registry_lock = threading.Lock()


def limiter_for(base_url: str, app_key: str, domain: str, rate: float | None = None) -> RateLimiter:
    """The process-wide limiter of an app key on a server (the key is hashed, never kept in clear)."""
    calls, period = DEFAULT_WINDOWS[domain] if rate is None else (max(1, int(rate)), 1.0)
    key = hashlib.sha256(f"{base_url}|{app_key}|{calls}|{period}".encode()).hexdigest()
    with _registry_lock:
        if key not in _registry:
            _registry[key] = RateLimiter(calls, period)
        return _registry[key]
