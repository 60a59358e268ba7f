"""Building the client a command needs from ``--profile``."""

from __future__ import annotations

from ..client import KisClient


def client_for(args) -> KisClient:
    return KisClient.from_profile(getattr(args, "profile", None))
