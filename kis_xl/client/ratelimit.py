"""Client-side rate limiting: never more calls in any window than KIS allows for the app key.

One limiter per (base URL, app key) per process, shared by every thread (Excel's recalculation
threads, the order sheet, a report). KIS counts requests when they arrive; we cannot see that
moment, but it lies between sending and receiving the answer. So a call holds its slot while it is
in flight and for ``period`` seconds after its answer came back: whatever the network jitter, no
window of ``period`` seconds at the server can then see more than ``calls`` arrivals.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import time

from .. import spec

# One below KIS's published 20/s on real; mock behaves like a per-second bucket of 2.
DEFAULT_WINDOWS: dict[str, tuple[int, float]] = {spec.REAL: (19, 1.0), spec.MOCK: (2, 1.05)}
IN_FLIGHT = float("inf")


class RateLimiter:
    """At most ``calls`` calls in flight or answered within the last ``period`` seconds."""

    def __init__(self, calls: int, period: float = 1.0):
        if calls < 1:
            raise ValueError("calls must be at least 1")
        self.calls = calls
        self.period = period
        self._slots: dict[int, float] = {}  # ticket → time its answer came back (IN_FLIGHT until then)
        self._tickets = itertools.count()
        self._cond = threading.Condition()

    def acquire(self) -> tuple[int, float]:
        """Block until a call may go out; returns (ticket for ``release``, seconds waited)."""
        start = time.monotonic()
        with self._cond:
            while True:
                now = time.monotonic()
                for ticket, done in list(self._slots.items()):
                    if now - done >= self.period:
                        del self._slots[ticket]
                if len(self._slots) < self.calls:
                    ticket = next(self._tickets)
                    self._slots[ticket] = IN_FLIGHT
                    return ticket, now - start
                oldest = min(self._slots.values())
                self._cond.wait(None if oldest == IN_FLIGHT else oldest + self.period - now)

    def release(self, ticket: int) -> None:
        """The call's answer arrived (or it failed): its slot frees ``period`` seconds from now."""
        with self._cond:
            if ticket in self._slots:
                self._slots[ticket] = time.monotonic()
            self._cond.notify_all()


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
