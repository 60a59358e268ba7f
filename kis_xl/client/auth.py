"""Access tokens: issued at most as often as KIS allows, cached and shared between processes and machines.

KIS issues a token at most once a minute per app key (EGW00133), each issue sends the user a
KakaoTalk notice, and a token lives 24 h. So the token is cached in a private file (mode 0600,
atomic replace) named by a hash of the server and app key, and issuing happens under a file lock:
Excel's Python process and a CLI run that both need a token end up sharing one. With a Redis URL
(``KIS_XL_REDIS_URL``) the token is also kept in Redis under a hashed key and issuing takes a Redis
lock as well, so machines sharing an app key share one token; if Redis is down, the file serves.

A token request that fails on the network is retried with backoff (the lock held throughout, so no
other process or machine asks meanwhile); after EGW00133 the next request waits for KIS's minute.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from datetime import datetime

import requests
from filelock import FileLock

from .. import krx, spec
from ..config import Profile, cache_dir, require_credentials
from ..errors import TokenError, TransportError
from ..files import write_json
from .ratelimit import ORDER
from .shared import RedisLink, key_digest

log = logging.getLogger(__name__)
REFRESH_MARGIN_S = 600  # re-issue when less than this is left
MAX_ISSUE_WAIT_S = 65  # how long to wait out EGW00133 before giving up
ISSUE_ATTEMPTS = 5  # token requests lost on the network before giving up
ISSUE_BACKOFF_S = 0.5  # then 1, 2, 4 s
ISSUE_INTERVAL_S = spec.TOKEN_ISSUE_INTERVAL_S + 1  # after EGW00133: this long after the last request KIS may have seen
LOCK_LEASE_S = 5.0  # a Redis lock lapses this long (plus two request timeouts) after its holder's last renewal
# Forget the shared token only if it is still the one KIS refused (another machine may have replaced it).
_FORGET = """
local raw = redis.call('GET', KEYS[1])
if raw and cjson.decode(raw)['access_token'] == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class TokenStore:
    """The token of one (server, app key): memory, then Redis (if configured), then the cache file, then KIS."""

    def __init__(self, profile: Profile, base_url: str, session: requests.Session, limiter, timeout: float,
                 on_issue=None, redis: RedisLink | None = None):
        require_credentials(profile)
        self._profile = profile
        self._url = base_url.rstrip("/") + spec.AUTH_TOKEN_PATH
        self._session = session
        self._limiter = limiter
        self._timeout = timeout
        self._on_issue = on_issue
        digest = key_digest(base_url, profile.app_key)
        folder = cache_dir() / "tokens"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = folder / f"{digest}.json"
        self._lock = threading.Lock()
        self._file_lock = FileLock(str(self.path) + ".lock", timeout=MAX_ISSUE_WAIT_S + 30)
        self._redis = redis
        self._redis_key = f"kis-xl:token:{digest}"
        self._redis_lock = f"kis-xl:token-lock:{digest}"
        self._lock_lease = LOCK_LEASE_S + 2 * timeout  # renewed before each request: outlives the longest one
        self._cached: dict | None = None

    @property
    def issued_at(self) -> float | None:
        return self._cached.get("issued_at") if self._cached else None

    def token(self) -> str:
        """A valid access token, issuing one only when neither memory, Redis nor the cache file has one."""
        with self._lock:
            if self._usable(self._cached):
                return self._cached["access_token"]
            cached = self._read()
            if not self._usable(cached):
                with self._file_lock, self._global_lock() as renew:
                    cached = self._read()
                    if not self._usable(cached):
                        local = self._read_file()
                        cached = self._publish(local) if self._usable(local) else self._issue(cached, renew)
            self._cached = cached
            return cached["access_token"]

    def invalidate(self, token: str) -> None:
        """Forget a token KIS refused (expired or invalid): in memory, in the shared file and in Redis."""
        with self._lock, self._file_lock:
            cached = self._read_file()
            if cached and cached.get("access_token") == token:
                cached["expires_at"] = 0
                self._write(cached)
            if self._redis_up():
                try:
                    self._redis.client.eval(_FORGET, 1, self._redis_key, token)
                except self._redis.errors as exc:
                    self._redis.failed(exc, "token")
            self._cached = None

    @staticmethod
    def _usable(cached: dict | None) -> bool:
        return bool(cached) and cached.get("expires_at", 0) - time.time() > REFRESH_MARGIN_S

    def _redis_up(self) -> bool:
        return self._redis is not None and self._redis.usable()

    def _read(self) -> dict | None:
        """The shared token: Redis's when Redis is configured and up, else the cache file's."""
        if not self._redis_up():
            return self._read_file()
        try:
            raw = self._redis.client.get(self._redis_key)
        except self._redis.errors as exc:
            self._redis.failed(exc, "token")
            return self._read_file()
        try:
            shared = json.loads(raw) if raw else None
        except ValueError:
            return None
        if self._usable(shared) and self._read_file() != shared:
            self._write(shared)  # so this machine keeps working if Redis goes away
        return shared

    def _read_file(self) -> dict | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _write(self, data: dict) -> None:
        write_json(self.path, data)  # atomic, mode 0600

    def _publish(self, cached: dict) -> dict:
        """Put a token in Redis (if up) until it expires."""
        if self._redis_up():
            try:
                ttl_ms = max(1000, int((cached["expires_at"] - time.time()) * 1000))
                self._redis.client.set(self._redis_key, json.dumps(cached), px=ttl_ms)
            except self._redis.errors as exc:
                self._redis.failed(exc, "token")
        return cached

    @contextlib.contextmanager
    def _global_lock(self):
        """Redis's lock on issuing for this key (none without Redis); yields a function that renews it."""
        lock = None
        if self._redis_up():
            lock = self._redis.client.lock(self._redis_lock, timeout=self._lock_lease, sleep=0.05,
                                           blocking_timeout=MAX_ISSUE_WAIT_S + 30)
            try:
                got = lock.acquire()
            except self._redis.errors as exc:
                self._redis.failed(exc, "token")
                lock = got = None
            if lock and not got:
                raise TransportError("another process is still issuing the KIS token; try again shortly")

        def renew() -> None:
            if lock:
                with contextlib.suppress(*self._redis.errors):
                    lock.reacquire()

        try:
            yield renew
        finally:
            if lock:
                with contextlib.suppress(*self._redis.errors):
                    lock.release()

    def _pause(self, seconds: float, renew) -> None:
        """Sleep, renewing the Redis lock often enough that it never lapses while we hold it."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            time.sleep(min(left, self._lock_lease / 4))
            renew()

    def _issue(self, previous: dict | None, renew=lambda: None) -> dict:
        deadline = time.monotonic() + MAX_ISSUE_WAIT_S
        failures = 0
        maybe_seen = 0.0  # wall time of the last lost request that KIS may have served
        while True:
            renew()
            ticket, _ = self._limiter.acquire(ORDER)  # everything else waits for the token anyway
            body = {"grant_type": "client_credentials", "appkey": self._profile.app_key,
                    "appsecret": self._profile.app_secret}
            sent_at, lost = time.time(), None
            try:
                resp = self._session.post(self._url, json=body, timeout=self._timeout)
            except requests.RequestException as exc:
                lost = type(exc).__name__
            finally:
                self._limiter.release(ticket)
            if lost is None:
                try:
                    data = resp.json()
                except ValueError:
                    if resp.status_code < 500:
                        raise TransportError(f"token request: HTTP {resp.status_code}, not a KIS reply") from None
                    lost = f"HTTP {resp.status_code}, not a KIS reply"
            if lost is not None:
                failures += 1
                maybe_seen = sent_at
                delay = ISSUE_BACKOFF_S * 2 ** (failures - 1)
                if failures >= ISSUE_ATTEMPTS or time.monotonic() + delay > deadline:
                    raise TransportError(f"token request to {self._url} failed {failures} times: {lost}")
                log.warning("token request failed (%s); asking again in %.1f s", lost, delay)
                self._pause(delay, renew)
                continue
            if data.get("access_token"):
                return self._store(data)
            code = data.get("error_code") or data.get("msg_cd") or f"HTTP{resp.status_code}"
            text = data.get("error_description") or data.get("msg1") or ""
            if code == "EGW00133" and time.monotonic() < deadline:
                last = max((previous or {}).get("issued_at") or 0.0, maybe_seen)
                if time.time() - last >= ISSUE_INTERVAL_S:  # issued elsewhere, when we cannot tell
                    last = time.time()
                wait = max(1.0, min(ISSUE_INTERVAL_S - (time.time() - last), deadline - time.monotonic()))
                log.warning("KIS allows one token a minute; waiting %.0f s", wait)
                self._pause(wait, renew)
                continue
            raise TokenError(code, text, "tokenP", resp.status_code)

    def _store(self, data: dict) -> dict:
        try:
            expires = datetime.strptime(data["access_token_token_expired"], spec.TOKEN_EXPIRY_FORMAT)
            expires_at = expires.replace(tzinfo=krx.KST).timestamp()
        except (KeyError, ValueError):
            expires_at = time.time() + float(data.get("expires_in") or spec.TOKEN_LIFETIME_S)
        cached = {"access_token": data["access_token"], "expires_at": expires_at, "issued_at": time.time()}
        self._write(cached)
        self._publish(cached)
        log.info("issued a new KIS access token (expires %s)", data.get("access_token_token_expired"))
        if self._on_issue:
            self._on_issue(cached["issued_at"])
        return cached
