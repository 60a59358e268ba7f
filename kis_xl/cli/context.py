"""Building the client a command needs from ``--profile``."""

from __future__ import annotations

from ..client import KisClient
from ..connect import open_client


def client_for(args) -> KisClient:
    """The profile's client (the built-in simulator's clock line is printed by ``main``, for every command)."""
    return open_client(getattr(args, "profile", None))
