"""From a profile's name to a working client: the one layer that knows both the profiles and the simulator.

The client takes a URL and knows nothing of the simulator; here a ``sim`` profile without a URL starts
the built-in simulator and points the client at it, and a profile with ``market_data`` gets a second
client for its quotes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .client import KisClient
from .config import Profile, load_profile

_listener: list[Callable[[str], None] | None] = [None]
_told: list[object] = [None]  # the built-in simulator whose clock line was last handed to the listener


def on_simulator_clock(listener: Callable[[str], None] | None) -> None:
    """Hand the built-in simulator's clock line to ``listener`` once, whichever command starts it (the CLI
    prints it); None stops that."""
    _listener[0] = listener


def resolve(profile: Profile) -> Profile:
    """The profile with a REST URL: the built-in simulator's for a simulator profile that names none."""
    if profile.rest_url or not profile.simulator:
        return profile
    from .sim.server import embedded

    server = embedded()
    if _listener[0] is not None and _told[0] is not server:
        _told[0] = server
        _listener[0](server.clock_note)
    return replace(profile, rest_url=server.real_url if profile.domain == "real" else server.mock_url)


def simulator_clock(profile: Profile) -> str:
    """Which clock the built-in simulator behind ``profile`` runs on (one line), or "" for any other server."""
    if not profile.simulator:
        return ""
    from .sim.server import embedded_note

    return embedded_note(profile.rest_url)


def open_client(name: str | None = None, *, timeout: float | None = None) -> KisClient:
    """The client of a configured profile (default: the active one); quotes through ``market_data``'s profile."""
    profile = resolve(load_profile(name))
    market = KisClient(resolve(load_profile(profile.market_data)), timeout=timeout) if profile.market_data else None
    return KisClient(profile, market_client=market, timeout=timeout)
