"""Where an app key's rate budget and token live when several processes or machines share the key.

Without set-up both live under the user's cache folder: the token in a 0600 file, the budget in a
SQLite file; every kis-xl process of the user on this machine shares them. ``KIS_XL_REDIS_URL`` (or
a profile's ``redis_url``) moves both into Redis, so several machines share one token and one
budget. Redis keys carry only a hash of the server and app key, never the key itself.

If Redis cannot be reached, callers fall back to the local files with a warning and try Redis
again after ``RETRY_S`` seconds: the budget never goes unguarded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import threading
import time
from urllib.parse import urlsplit

log = logging.getLogger(__name__)
ENV_REDIS_URL = "KIS_XL_REDIS_URL"
RETRY_S = 30.0  # after a Redis failure, use the local budget this long before trying Redis again
CONNECT_TIMEOUT_S = 0.5
SOCKET_TIMEOUT_S = 2.0


def key_digest(base_url: str, app_key: str) -> str:
    """The name under which a (server, app key) pair's token and budget are kept: a hash, never the key."""
    return hashlib.sha256(f"{base_url.rstrip('/')}|{app_key}".encode()).hexdigest()[:32]


def redis_url(profile) -> str | None:
    """``KIS_XL_REDIS_URL`` if set, else the profile's ``redis_url`` setting, else None (local only)."""
    return (os.environ.get(ENV_REDIS_URL) or "").strip() or getattr(profile, "redis_url", None) or None


def alive(pid: int) -> bool:
    """Whether a process of this machine is still running (a dead one's slots and waits are void)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class RedisLink:
    """One Redis server as this process sees it: the client, and whether it is usable right now."""

    def __init__(self, url: str):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        parts = urlsplit(url)
        self.where = f"{parts.hostname or 'localhost'}:{parts.port or 6379}"  # never the password
        self.client = redis.Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT_S,
                                           socket_timeout=SOCKET_TIMEOUT_S, retry=Retry(NoBackoff(), 1))
        self.errors = (redis.exceptions.RedisError, OSError)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def usable(self) -> bool:
        with self._lock:
            if not self._down_until:
                return True
            if time.monotonic() < self._down_until:
                return False
            self._down_until = 0.0
        log.info("trying Redis at %s again", self.where)
        return True

    def failed(self, exc: BaseException, what: str) -> None:
        """Redis failed: warn once per outage and use the local files for ``RETRY_S`` seconds."""
        with self._lock:
            first = not self._down_until
            self._down_until = time.monotonic() + RETRY_S
        if first:
            log.warning("Redis at %s unreachable (%s); the %s falls back to this machine's shared files "
                        "for %.0f s", self.where, type(exc).__name__, what, RETRY_S)


_links: dict[str, RedisLink] = {}
_links_lock = threading.Lock()


def redis_link(url: str | None) -> RedisLink | None:
    """The process-wide link to a Redis URL; None without a URL or without the redis package (warned)."""
    if not url:
        return None
    with _links_lock:
        if url not in _links:
            try:
                _links[url] = RedisLink(url)
            except ImportError:
                log.warning("a Redis URL is set but the 'redis' package is missing: token and budget stay local")
                return None
            except ValueError:  # the message could quote the URL, password and all
                log.warning("the Redis URL is not valid: token and budget stay local")
                return None
        return _links[url]
