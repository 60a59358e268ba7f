"""Client-side rate limiting: never more calls in any window than KIS allows for the app key.

KIS limits an app key, not a process, so the budget is shared by every kis-xl process of the user
on this machine (a SQLite file under the cache folder) and, with ``KIS_XL_REDIS_URL``, by every
machine using the key (a Redis sorted set, the same rule run as a Lua script).

KIS counts requests when they arrive; we cannot see that moment, but it lies between sending and
receiving the answer. So a call holds its slot while it is in flight and for ``period`` seconds
after its answer came back: whatever the network jitter, no window of ``period`` seconds at the
server can then see more than ``calls`` arrivals. That bound is exact, so the budget is KIS's own
published one (spec.RATE_LIMITS: 20 a second on real, 2 on mock) with no margin on top: the wire
carries ``calls`` requests per ``period`` plus one answer's latency (1.97/s on mock against the
local simulator, 2 per 1.2 s over a 200 ms link). Any rule that frees a slot before the answer
bets that KIS counted the request early, and a slow request then draws EGW00201. A slot is stored
as the time it frees: in flight, a lease (the longest a request can take, so a killed process's
slot frees by itself; locally a dead process's slots are freed at once); answered, the answer time
plus ``period``.

Orders go first: an order waiting for a slot registers itself, and queries do not take a slot while
an order waits (on any process or machine sharing the budget). Queries of one process queue behind
one another before touching the shared store, so the store sees one query waiter per process.

Time comes from a ``Clock`` (the system's monotonic clock, shared by every process of the machine);
tests hand in a simulated one.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import os
import random
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .. import spec
from .shared import RedisLink, alive, key_digest, redis_link

log = logging.getLogger(__name__)
# KIS's published calls a second; holding each slot until a period after its answer keeps to them exactly.
DEFAULT_WINDOWS: dict[str, tuple[int, float]] = {domain: (calls, 1.0) for domain, calls in spec.RATE_LIMITS.items()}
IN_FLIGHT = float("inf")
QUERY, ORDER = "query", "order"  # priorities: an order never waits behind a query
MAX_POLL_S = 0.25  # a waiter looks at the shared store at least this often
ORDER_WAIT_TTL_S = 1.0  # an order's "I am waiting" mark lapses unless renewed (a killed waiter lapses too)
DEFAULT_LEASE_S = 25.0  # longest a request can be in flight (connect + read timeouts and some)


class Clock(Protocol):
    """Where the limiter reads the time and waits: monotonic seconds, comparable across this machine's processes."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


SYSTEM_CLOCK = SystemClock()


class RateLimiter:
    """In one process only: at most ``calls`` calls in flight or answered within the last ``period`` seconds."""

    def __init__(self, calls: int, period: float = 1.0):
        if calls < 1:
            raise ValueError("calls must be at least 1")
        self.calls = calls
        self.period = period
        self._slots: dict[int, float] = {}  # ticket → time its answer came back (IN_FLIGHT until then)
        self._tickets = itertools.count()
        self._orders_waiting = 0
        self._cond = threading.Condition()

    def acquire(self, priority: str = QUERY) -> tuple[int, float]:
        """Block until a call may go out; returns (ticket for ``release``, seconds waited)."""
        start = time.monotonic()
        urgent = priority == ORDER
        with self._cond:
            self._orders_waiting += urgent
            try:
                while True:
                    now = time.monotonic()
                    for ticket, done in list(self._slots.items()):
                        if now - done >= self.period:
                            del self._slots[ticket]
                    if len(self._slots) + (0 if urgent else self._orders_waiting) < self.calls:
                        ticket = next(self._tickets)
                        self._slots[ticket] = IN_FLIGHT
                        return ticket, now - start
                    oldest = min(self._slots.values(), default=now)
                    self._cond.wait(None if oldest == IN_FLIGHT else max(0.0, oldest + self.period - now))
            finally:
                self._orders_waiting -= urgent
                self._cond.notify_all()

    def release(self, ticket: int) -> None:
        """The call's answer arrived (or it failed): its slot frees ``period`` seconds from now."""
        with self._cond:
            if ticket in self._slots:
                self._slots[ticket] = time.monotonic()
            self._cond.notify_all()


def _while_busy(step, seconds: float = 10.0) -> None:
    """Run a schema step, again while another process holds the file: SQLite answers a switch to WAL (and a
    first CREATE) with "database is locked" at once, without waiting its busy timeout, when processes
    start together (Excel and a CLI command, say)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02 + random.random() * 0.05)


class SqliteBudget:
    """The budget of one app key shared by this machine's processes: a SQLite file, times from the
    system-wide monotonic clock. SQLite's locks die with their process, and so do its slots."""

    def __init__(self, path: Path, clock: Clock = SYSTEM_CLOCK):
        self.path = path
        self.clock = clock
        self._lock = threading.Lock()
        with self._lock:
            self._connect()

    def _connect(self) -> None:
        self._pid = os.getpid()  # a forked child opens its own connection: SQLite's may not cross a fork
        self._db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA synchronous=OFF")  # a lost write after a power cut costs nothing here
        _while_busy(lambda: self._db.execute("PRAGMA journal_mode=WAL"))
        _while_busy(lambda: self._db.executescript(
            "CREATE TABLE IF NOT EXISTS slots (ticket TEXT PRIMARY KEY, pid INTEGER, frees REAL, in_flight INTEGER);"
            "CREATE TABLE IF NOT EXISTS orders (ticket TEXT PRIMARY KEY, pid INTEGER, expires REAL);"))

    def close(self) -> None:
        """Close the file; the next call opens it again (a process that met many keys keeps none open idle)."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    @contextlib.contextmanager
    def _transaction(self):
        with self._lock:
            if self._db is None or self._pid != os.getpid():
                self._connect()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def try_acquire(self, ticket: str, calls: int, period: float, lease: float, urgent: bool) -> tuple[bool, float]:
        """Take a slot if the budget allows; else (False, seconds until the first slot may free)."""
        with self._transaction() as db:
            now = self.clock.monotonic()
            self._purge(db, now, period)
            held = db.execute("SELECT COUNT(*) FROM slots").fetchone()[0]
            waiting = 0 if urgent else db.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
            if held + waiting < calls:
                db.execute("INSERT OR REPLACE INTO slots VALUES (?, ?, ?, 1)", (ticket, os.getpid(), now + lease))
                db.execute("DELETE FROM orders WHERE ticket = ?", (ticket,))
                return True, 0.0
            if urgent:
                db.execute("INSERT OR REPLACE INTO orders VALUES (?, ?, ?)",
                           (ticket, os.getpid(), now + ORDER_WAIT_TTL_S))
            first = db.execute("SELECT MIN(frees) FROM slots").fetchone()[0]
            return False, (first - now) if first is not None else 0.0

    @staticmethod
    def _purge(db, now: float, period: float) -> None:
        db.execute("DELETE FROM slots WHERE frees <= ?", (now,))
        db.execute("DELETE FROM orders WHERE expires <= ?", (now,))
        me = os.getpid()
        for pid in {p for (p,) in db.execute("SELECT DISTINCT pid FROM slots WHERE in_flight = 1 "
                                             "UNION SELECT DISTINCT pid FROM orders")} - {me}:
            if not alive(pid):  # killed mid-call: its request may still arrive, so hold one more period
                db.execute("UPDATE slots SET frees = ?, in_flight = 0 WHERE pid = ? AND in_flight = 1",
                           (now + period, pid))
                db.execute("DELETE FROM orders WHERE pid = ?", (pid,))

    def record(self, ticket: str, lease: float) -> None:
        """Note a slot granted elsewhere (by Redis), so a fall-back to this file starts from the truth."""
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO slots VALUES (?, ?, ?, 1)",
                       (ticket, os.getpid(), self.clock.monotonic() + lease))

    def release(self, ticket: str, period: float) -> None:
        with self._transaction() as db:
            db.execute("UPDATE slots SET frees = ?, in_flight = 0 WHERE ticket = ?", (self.clock.monotonic() + period, ticket))

    def withdraw(self, ticket: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM orders WHERE ticket = ?", (ticket,))


# KEYS: slots, orders. ARGV: ticket, calls, lease, urgent, order TTL, key TTL (ms). Times are Redis's clock,
# the one clock every machine sees. Returns {granted, seconds until the first slot may free}.
_ACQUIRE = """
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local held = redis.call('ZCARD', KEYS[1])
local waiting = 0
if ARGV[4] ~= '1' then waiting = redis.call('ZCARD', KEYS[2]) end
if held + waiting < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
  return {1, '0'}
end
if ARGV[4] == '1' then
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[1])
  redis.call('PEXPIRE', KEYS[2], ARGV[6])
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if first[2] then return {0, tostring(tonumber(first[2]) - now)} end
return {0, '0'}
"""
# KEYS: slots. ARGV: ticket, period. The slot (if still there) frees one period after now.
_RELEASE = """
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
return redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
"""


class RedisBudget:
    """The budget of one app key shared by every machine through Redis (two sorted sets, one Lua script)."""

    def __init__(self, link: RedisLink, digest: str):
        self.link = link
        self._keys = [f"kis-xl:budget:{digest}:slots", f"kis-xl:budget:{digest}:orders"]
        self._acquire = link.client.register_script(_ACQUIRE)
        self._release = link.client.register_script(_RELEASE)

    def try_acquire(self, ticket: str, calls: int, period: float, lease: float, urgent: bool) -> tuple[bool, float]:
        ttl_ms = int((lease + period + 60) * 1000)
        granted, wait = self._acquire(keys=self._keys, args=[ticket, calls, lease, int(urgent), ORDER_WAIT_TTL_S,
                                                             ttl_ms])
        return bool(int(granted)), float(wait)

    def release(self, ticket: str, period: float) -> None:
        self._release(keys=self._keys[:1], args=[ticket, period])

    def withdraw(self, ticket: str) -> None:
        self.link.client.zrem(self._keys[1], ticket)


@dataclass
class Ticket:
    id: str
    remote: bool  # granted by Redis (and mirrored in the local file)


class SharedLimiter:
    """The app key's budget as one process uses it: Redis when configured and up, else the local file."""

    def __init__(self, calls: int, period: float, local: SqliteBudget, remote: RedisBudget | None = None,
                 lease: float = DEFAULT_LEASE_S, clock: Clock | None = None):
        if calls < 1:
            raise ValueError("calls must be at least 1")
        self.calls = calls
        self.period = period
        self.lease = lease
        self.local = local
        self.remote = remote
        self.clock = clock or local.clock
        self._queries = threading.Lock()  # this process's queries take turns at the shared store
        self._prefix = f"{os.getpid()}-{uuid.uuid4().hex[:8]}-"
        self._tickets = itertools.count()

    @property
    def backend(self) -> str:
        return "redis" if self.remote and self.remote.link.usable() else "local"

    def acquire(self, priority: str = QUERY) -> tuple[Ticket, float]:
        """Block until a call may go out; returns (ticket for ``release``, seconds waited)."""
        start = self.clock.monotonic()
        urgent = priority == ORDER
        ticket = f"{self._prefix}{next(self._tickets)}"
        with contextlib.nullcontext() if urgent else self._queries:
            try:
                while True:
                    remote = self.remote if self.remote and self.remote.link.usable() else None
                    errors = remote.link.errors if remote else ()
                    try:
                        granted, wait = (remote or self.local).try_acquire(ticket, self.calls, self.period,
                                                                           self.lease, urgent)
                    except errors as exc:
                        remote.link.failed(exc, "rate budget")
                        continue
                    if granted:
                        if remote:
                            self.local.record(ticket, self.lease)
                        return Ticket(ticket, remote is not None), self.clock.monotonic() - start
                    self.clock.sleep(min(max(wait, 0.001), MAX_POLL_S))
            except BaseException:
                if urgent:
                    self._withdraw(ticket)
                raise

    def release(self, ticket: Ticket) -> None:
        """The call's answer arrived (or it failed): its slot frees ``period`` seconds from now."""
        if ticket.remote and self.remote:
            try:
                self.remote.release(ticket.id, self.period)
            except self.remote.link.errors as exc:  # the slot lapses at its lease in Redis
                self.remote.link.failed(exc, "rate budget")
        self.local.release(ticket.id, self.period)

    def _withdraw(self, ticket: str) -> None:
        for store in (self.local, self.remote):
            with contextlib.suppress(Exception):
                if store:
                    store.withdraw(ticket)


_registry: dict[str, RateLimiter | SharedLimiter] = {}
_registry_lock = threading.Lock()


def close_files() -> None:
    """Close every local budget file of this process; each opens again when next used (the tests' many keys)."""
    with _registry_lock:
        limiters = list(_registry.values())
    for limiter in limiters:
        local = getattr(limiter, "local", None)
        if local is not None:
            local.close()


def limiter_for(base_url: str, app_key: str, domain: str, rate: float | None = None, *,
                redis_url: str | None = None, lease: float = DEFAULT_LEASE_S) -> SharedLimiter:
    """The app key's shared limiter in this process (one per server, key, rate and Redis URL).

    The key appears only hashed: in the registry, the SQLite file's name and the Redis keys.
    """
    from ..config import cache_dir

    calls, period = DEFAULT_WINDOWS[domain] if rate is None else (max(1, int(rate)), 1.0)
    digest = key_digest(base_url, app_key)
    folder = cache_dir() / "budget"
    name = hashlib.sha256(f"{folder}|{digest}|{calls}|{period}|{redis_url or ''}".encode()).hexdigest()
    with _registry_lock:
        if name not in _registry:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            link = redis_link(redis_url)
            _registry[name] = SharedLimiter(calls, period, SqliteBudget(folder / f"{digest}.sqlite"),
                                            RedisBudget(link, digest) if link else None, lease)
        return _registry[name]
