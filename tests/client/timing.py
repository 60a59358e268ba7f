"""A stream's time moved by the test (``Stream(timer=...)``): back-off, pings and silence in no real time."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable


class ManualTimer:
    """``session.Timer`` whose clock moves only by ``advance``: a wait ends when its awaitable does, or when
    ``advance`` carries the clock past its deadline. Thread-safe: the stream waits on its own loop."""

    def __init__(self, start: float = 1000.0):
        self.now = start
        self._lock = threading.Lock()
        self._pending: list[tuple[float, float, asyncio.Future, asyncio.AbstractEventLoop]] = []

    def monotonic(self) -> float:
        return self.now

    async def wait(self, aw: Awaitable, seconds: float) -> bool:
        loop = asyncio.get_running_loop()
        task = asyncio.ensure_future(aw)
        due = loop.create_future()
        entry = (self.now + seconds, seconds, due, loop)
        with self._lock:
            if seconds <= 0:
                due.set_result(None)
            else:
                self._pending.append(entry)
        try:
            await asyncio.wait({task, due}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            with self._lock:
                if entry in self._pending:
                    self._pending.remove(entry)
            if not task.done():
                task.cancel()
        if task.done() and not task.cancelled():
            task.result()  # its exception, as asyncio.wait_for raises it
            return True
        return False

    def waiting(self, seconds: float) -> bool:
        """Whether something waits ``seconds`` now (e.g. a back-off pause the test read from the stats)."""
        with self._lock:
            return any(abs(length - seconds) < 1e-9 for _, length, _, _ in self._pending)

    def advance(self, seconds: float) -> None:
        """Move the clock on and end every wait whose deadline it passed."""
        with self._lock:
            self.now += seconds
            due = [e for e in self._pending if e[0] <= self.now]
            for e in due:
                self._pending.remove(e)
        for _, _, fut, loop in due:
            try:
                loop.call_soon_threadsafe(_end, fut)
            except RuntimeError:  # the loop closed meanwhile
                pass


def _end(fut: asyncio.Future) -> None:
    if not fut.done():
        fut.set_result(None)


def until(condition, timeout: float = 5.0, step: float = 0.005):
    """Poll ``condition`` in real time until it holds (the network and the simulator run in real time)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("condition not met in time")


def running(timer: ManualTimer, condition, step: float = 0.05, limit: float = 60.0, timeout: float = 10.0):
    """Advance ``timer`` by ``step`` each few real milliseconds until ``condition`` holds; AssertionError once
    ``limit`` seconds of the timer's time have passed (or ``timeout`` real ones)."""
    start, deadline = timer.now, time.monotonic() + timeout
    while timer.now - start <= limit and time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        timer.advance(step)
        time.sleep(0.002)
    raise AssertionError(f"condition not met within {limit:g} s of the timer's time")
