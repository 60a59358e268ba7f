"""What thousands of Excel cells need from KIS without tripping its limits, one concern a module:

- ``modes``: refresh modes (auto TTLs, manual, periodic, live) and the periodic ticker;
- ``cache``: answers kept per key and generation (unknown codes too), and coalescing of requests in flight;
- ``batch``: single price asks merged into 30-code requests, and prefetch of codes asked recently;
- ``polling``: live mode's refreshes behind the sheet, paced and held to a REST budget by stretching TTLs;
- ``feeds``: live mode's stream feeds (registrations for the most used codes) laid over REST answers;
- ``loading``: a live cell never waits (``#KIS! loading…``), and where a shown price comes from;
- ``kinds``: each kind of ask as its cache key and client call;
- ``store``: the cache as cells see it (stream first, coalesced fetches) under the one lock;
- ``prices``: the price path (batched, prefetched, answered at once in live mode);
- ``facade``: ``QuoteService``, composing them; ``service()`` gives each profile's one.
"""

from __future__ import annotations

import threading

from .batch import PREFETCH_HORIZON
from .facade import QuoteService
from .feeds import AUCTION_FRESH
from .loading import FIRST_WAIT, LOADING, REST, STALE, STALE_AFTER, STREAM, Loading
from .modes import AUTO, DEFAULT_TTL, LIVE, LIVE_PERIOD, MANUAL, PERIODIC, SPREAD
from .polling import LIVE_BUDGET
from .store import ServiceStats

__all__ = ["AUCTION_FRESH", "AUTO", "DEFAULT_TTL", "FIRST_WAIT", "LIVE", "LIVE_BUDGET", "LIVE_PERIOD", "LOADING",
           "MANUAL", "PERIODIC", "PREFETCH_HORIZON", "REST", "SPREAD", "STALE", "STALE_AFTER", "STREAM", "Loading",
           "QuoteService", "ServiceStats", "reset_services", "service"]

_services: dict[str, QuoteService] = {}
_services_lock = threading.Lock()
_active: list[str] = []  # the active profile's name, read once: a warm cell must not read the config file


def service(profile: str | None = None, *, reread: bool = False) -> QuoteService:
    """The process-wide service of a profile (default: the active one), created on first use.

    The active profile is looked up once per process; ``reread=True`` (KIS_REFRESH) looks again, so a
    profile switched with ``kis-xl config`` takes effect at the next refresh.
    """
    from ...config import active_profile_name
    from ...connect import open_client

    if profile is None and (reread or not _active):
        _active[:] = [active_profile_name()]
    name = profile or _active[0]
    svc = _services.get(name)
    if svc is not None:
        return svc
    with _services_lock:
        if name not in _services:
            _services[name] = QuoteService(open_client(name))
        return _services[name]


def reset_services() -> None:
    """Forget every service (tests, or after the configuration changed)."""
    with _services_lock:
        for svc in _services.values():
            svc.close()
        _services.clear()
        _active.clear()
