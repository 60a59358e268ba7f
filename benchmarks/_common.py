"""Shared set-up for the benchmarks: an in-process simulator and clients with fresh keys."""

from __future__ import annotations

import os
import secrets
import tempfile
from contextlib import contextmanager

from kis_xl.client import KisClient
from kis_xl.config import Profile
from kis_xl.sim.server import SimServer

CLOCK = "2025-06-02T10:00:00+09:00"


def codes(n: int, first: int = 100_000) -> list[str]:
    """n distinct codes the simulator lists (synthetic stocks outside 990000-999999)."""
    return [f"{first + i:06d}" for i in range(n)]


@contextmanager
def simulator():
    os.environ.setdefault("KIS_XL_CACHE_DIR", tempfile.mkdtemp(prefix="kis-xl-bench-"))
    os.environ.setdefault("KIS_XL_CONFIG", os.path.join(tempfile.mkdtemp(), "none.toml"))
    with SimServer(seed=1, clock=CLOCK) as server:
        yield server


def client(server: SimServer, domain: str = "real") -> KisClient:
    """A client at the domain's published rate limit, with its own app key and account."""
    url = server.real_url if domain == "real" else server.mock_url
    key = ("PS" + secrets.token_hex(17))[:36]
    return KisClient(Profile("bench", domain, url, None, key, secrets.token_urlsafe(135)[:180], "59000001-01",
                             simulator=True))
