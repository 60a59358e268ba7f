"""Which feeds hold a WebSocket session's registrations: pinned feeds first, then the most used, without churn.

KIS allows 41 registrations a session (clients keep to 40) and every feed takes one: a code's trades,
its order book, an index, the notice feeds. ``Interest`` is one process's demand: how often and how
recently each feed was asked (a decayed rate), and which feeds are pinned. ``Slots`` merges the demand
of every process sharing the session and chooses the feeds that stream, at refresh boundaries, with
hysteresis: a feed that got a slot keeps it for ``hold`` seconds, a feed that lost one waits as long
before it may come back, and an outsider displaces a holder only when asked clearly more often (or
the holder went stale). With 60 codes asked alike every second, the same 40 stream for good.

Time is handed in (monotonic seconds), never read here.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

Feed = tuple[str, str]  # (tr_id, tr_key)

HALF_LIFE = 30.0  # seconds: an ask counts half as much after this long
HOLD = 60.0  # a feed changes slot at most once in this many seconds
STALE = 120.0  # a feed not asked for this long may lose its slot to anything asked since
IDLE = 600.0  # a feed not asked for this long is no longer wanted: its slot is freed
MARGIN = 1.25  # an outsider must be asked this much more often than the holder it displaces


@dataclass
class Demand:
    """What every process wants of one feed, merged."""

    pinned: bool = False
    rate: float = 0.0  # asks a minute, decayed
    age: float = math.inf  # seconds since the last ask
    holders: set[str] = field(default_factory=set)

    def add(self, pinned: bool, rate: float, age: float, holder: str) -> None:
        self.pinned = self.pinned or pinned
        self.rate += rate
        self.age = min(self.age, age)
        self.holders.add(holder)


class Interest:
    """One process's demand for feeds: a decayed ask rate and the last ask per feed, and pinned feeds."""

    def __init__(self):
        self._lock = threading.Lock()
        self._asks: dict[Feed, tuple[float, float]] = {}  # feed → (decayed count, time of the last ask)
        self._pinned: set[Feed] = set()
        self.version = 0  # bumped when the set of feeds changes (a new feed, a pin, a drop)

    def touch(self, feeds: list[Feed], now: float) -> bool:
        """Asks for feeds now; True when one of them is new."""
        new = False
        with self._lock:
            asks = self._asks
            for f in feeds:
                seen = asks.get(f)
                if seen is None:
                    asks[f] = (1.0, now)
                    new = True
                else:
                    count, last = seen
                    if now - last > 0.05:  # asks within 50 ms are one look at a sheet
                        asks[f] = (count * 0.5 ** ((now - last) / HALF_LIFE) + 1.0, now)
            if new:
                self.version += 1
        return new

    def pin(self, f: Feed, now: float) -> bool:
        with self._lock:
            if f in self._pinned:
                return False
            self._pinned.add(f)
            self._asks.setdefault(f, (1.0, now))
            self.version += 1
            return True

    def drop(self, feeds: list[Feed]) -> None:
        with self._lock:
            for f in feeds:
                self._asks.pop(f, None)
                self._pinned.discard(f)
            self.version += 1

    def feeds(self) -> list[Feed]:
        with self._lock:
            return list(self._asks)

    def snapshot(self, now: float) -> list[tuple[str, str, bool, float, float]]:
        """(tr_id, tr_key, pinned, asks a minute, seconds since the last ask) of every wanted feed; feeds
        idle past ``IDLE`` (and not pinned) are forgotten."""
        out = []
        per_minute = math.log(2) / HALF_LIFE * 60
        with self._lock:
            for f, (count, last) in list(self._asks.items()):
                age = max(0.0, now - last)
                pinned = f in self._pinned
                if age > IDLE and not pinned:
                    del self._asks[f]
                    self.version += 1
                    continue
                out.append((f[0], f[1], pinned, count * 0.5 ** (age / HALF_LIFE) * per_minute, age))
        return out


def merge(snapshots: dict[str, list]) -> dict[Feed, Demand]:
    """Every process's snapshot (by holder label) as one demand per feed."""
    demand: dict[Feed, Demand] = {}
    for holder, rows in snapshots.items():
        for tr_id, tr_key, pinned, rate, age in rows:
            demand.setdefault((tr_id, tr_key), Demand()).add(bool(pinned), float(rate), float(age), holder)
    return demand


class Slots:
    """The session's registrations: ``choose`` at each refresh boundary; see the module's docstring."""

    def __init__(self, budget: int, *, hold: float = HOLD, stale: float = STALE, margin: float = MARGIN):
        self.budget, self.hold, self.stale, self.margin = budget, hold, stale, margin
        self.held: dict[Feed, float] = {}  # feed → when it got its slot
        self.left: dict[Feed, float] = {}  # feed → when it lost its slot

    def _score(self, d: Demand) -> float:
        return d.rate if d.age < self.stale else 0.0

    def choose(self, demand: dict[Feed, Demand], now: float) -> list[Feed]:
        """The feeds that stream, most wanted first (the order to subscribe in)."""
        for f in [f for f in self.held if f not in demand]:  # nobody wants it: free the slot at once
            self._release(f, now)
        pinned = sorted((f for f, d in demand.items() if d.pinned), key=lambda f: -demand[f].rate)[:self.budget]
        for f in pinned:
            if f not in self.held:
                self._take(f, now)
        room = self.budget - len(pinned)
        holders = [f for f in self.held if not demand[f].pinned]
        waiting = [f for f in demand if f not in self.held and not demand[f].pinned
                   and now - self.left.get(f, -math.inf) >= self.hold]
        waiting.sort(key=lambda f: (-self._score(demand[f]), demand[f].age))
        holders.sort(key=lambda f: (self._score(demand[f]), -demand[f].age))  # weakest first
        excess = max(0, len(holders) - room)  # the room shrank (more pinned feeds): the weakest leave
        for f in holders[:excess]:
            self._release(f, now)
        holders = holders[excess:]
        while waiting and len(holders) < room:  # free room: no one is displaced
            f = waiting.pop(0)
            self._take(f, now)
            holders.append(f)
        movable = [f for f in holders if now - self.held[f] >= self.hold]
        while waiting and movable:
            incoming, weakest = waiting[0], movable[0]
            score_in, score_out = self._score(demand[incoming]), self._score(demand[weakest])
            if not (score_in > score_out * self.margin or (score_out == 0 and score_in > 0)):
                break
            waiting.pop(0)
            movable.pop(0)
            self._release(weakest, now)
            self._take(incoming, now)
        return sorted(self.held, key=lambda f: (not demand[f].pinned, -self._score(demand[f])))

    def _take(self, f: Feed, now: float) -> None:
        self.held[f] = now
        self.left.pop(f, None)

    def _release(self, f: Feed, now: float) -> None:
        self.held.pop(f, None)
        self.left[f] = now
        if len(self.left) > 10_000:
            self.left = {k: t for k, t in self.left.items() if now - t < self.hold}
