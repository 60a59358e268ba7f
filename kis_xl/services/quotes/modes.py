"""Refresh modes: how long a cached answer stays fresh (TTLs, manual, periodic, live) and the periodic ticker.

- *auto*: each kind of answer keeps its TTL (prices 2 s by default).
- *manual*: nothing expires until ``refresh()``.
- *periodic*: values are at most N seconds old, and a ticker refreshes them every N seconds.
- *live*: periodic recalculation (every second) over the stream; what is still polled keeps its kind's TTL,
  stretched alike to keep to the REST budget, and each key expires at its own phase of it (up to ``SPREAD``
  longer, from a hash of the key), so keys fetched together do not expire together.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

DEFAULT_TTL = {"price": 2.0, "detail": 30.0, "history": 300.0, "orderbook": 1.0, "account": 5.0, "name": 86_400.0}
MANUAL, PERIODIC, AUTO, LIVE = "manual", "periodic", "auto", "live"
LIVE_PERIOD = 1.0  # live mode recalculates the sheet every second by default
SPREAD = 0.5  # live mode: a polled key expires between its TTL and (1 + SPREAD) × TTL, by its own phase


def phase(key: tuple) -> float:
    """A key's fixed place in [0, 1): where in its TTL's spread it expires (the same in every process)."""
    return int.from_bytes(hashlib.blake2b(repr(key).encode(), digest_size=4).digest(), "big") / 2**32


def checked(mode: str, seconds: float | None) -> tuple[str, float]:
    """A mode as asked (``live`` is periodic, every ``LIVE_PERIOD`` seconds by default) → (mode, period)."""
    if mode == LIVE:
        mode, seconds = PERIODIC, seconds or LIVE_PERIOD
    if mode not in (AUTO, MANUAL, PERIODIC):
        raise ValueError(f"refresh mode must be auto, manual, periodic or live, not {mode!r}")
    if (mode == PERIODIC and not seconds) or (seconds is not None and seconds <= 0):
        raise ValueError("periodic refresh needs a positive number of seconds")
    return mode, float(seconds) if mode == PERIODIC else 0.0


@dataclass
class Expiry:
    """The refresh mode in force and what it makes of a key's lifetime."""

    ttl: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_TTL))
    mode: str = AUTO
    period: float = 0.0
    live: bool = False  # live mode (``mode`` is then PERIODIC)
    stretch: float = 1.0  # live mode: every polled TTL times this, to keep to the REST budget

    def lifetime(self, key: tuple) -> float:
        """Seconds an answer for ``key`` stays fresh (infinite in manual mode)."""
        if self.mode == MANUAL:
            return math.inf
        if self.live:
            return self.ttl[key[0]] * self.stretch * (1 + SPREAD * phase(key))
        return self.period if self.mode == PERIODIC else self.ttl[key[0]]


class Ticker:
    """Periodic mode's thread: every period it calls ``hook`` (Excel recalculating the refresh cell), or
    ``refresh`` when there is none or the hook failed (the workbook closed): from then on it refreshes itself."""

    def __init__(self, refresh: Callable[[], object], *, before: Callable[[], None] = lambda: None,
                 on_error: Callable[[str], None] = lambda message: None):
        self._refresh = refresh
        self._before = before  # run first on every tick (live mode restretches its polling)
        self._on_error = on_error
        self.hook: Callable[[], None] | None = None
        self.thread: threading.Thread | None = None
        self._stop = threading.Event()

    def restart(self, period: float) -> None:
        """Stop the running thread and start one ticking every ``period`` seconds (none when 0)."""
        self._stop.set()
        self._stop = stop = threading.Event()
        self.thread = None
        if period > 0:
            self.thread = threading.Thread(target=self._run, args=(stop, period), daemon=True,
                                           name="kis-xl periodic refresh")
            self.thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self, stop: threading.Event, period: float) -> None:
        while not stop.wait(period):
            self.tick()

    def tick(self) -> None:
        """One tick: the hook, else ``refresh``."""
        self._before()
        hook = self.hook
        if hook is None:
            self._refresh()
            return
        try:
            hook()
        except Exception as exc:  # the workbook closed or the cell moved: refresh ourselves from now on
            self._on_error(f"periodic refresh: {exc}")
            self.hook = None
            self._refresh()
