"""Building the client a command needs from ``--profile``."""

from __future__ import annotations

import sys

from ..client import KisClient
from ..connect import open_client

_noted: set[str] = set()


def client_for(args) -> KisClient:
    """The profile's client; with the built-in simulator, one line on stderr says which clock it runs on."""
    client = open_client(getattr(args, "profile", None))
    if client.profile.simulator and not client.profile.rest_url:
        from ..sim.server import embedded

        note = embedded().clock_note
        if note and note not in _noted:
            _noted.add(note)
            print(f"kis-xl: {note}", file=sys.stderr)
    return client
