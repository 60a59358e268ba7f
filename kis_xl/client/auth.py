"""Access tokens: issued at most as often as KIS allows, cached on disk and shared between processes.

KIS issues a token at most once a minute per app key (EGW00133), each issue sends the user a
KakaoTalk notice, and a token lives 24 h. So the token is cached in a private file (mode 0600,
atomic replace) named by a hash of the server and app key, and issuing happens under a file lock:
Excel's Python process and a CLI run that both need a token end up sharing one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import requests
from filelock import FileLock

from .. import krx, spec
from ..config import Profile, cache_dir, require_credentials
from ..errors import TokenError, TransportError
from .ratelimit import RateLimiter

log = logging.getLogger(__name__)
REFRESH_MARGIN_S = 600  # re-issue when less than this is left
MAX_ISSUE_WAIT_S = 65  # how long to wait out EGW00133 before giving up


class TokenStore:
    """The token of one (server, app key): memory first, then the shared cache file, then KIS."""

    def __init__(self, profile: Profile, base_url: str, session: requests.Session, limiter: RateLimiter,
                 timeout: float, on_issue=None):
        require_credentials(profile)
        self._profile = profile
        self._url = base_url.rstrip("/") + spec.AUTH_TOKEN_PATH
        self._session = session
        self._limiter = limiter
        self._timeout = timeout
        self._on_issue = on_issue
        digest = hashlib.sha256(f"{base_url.rstrip('/')}|{profile.app_key}".encode()).hexdigest()[:32]
        folder = cache_dir() / "tokens"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = folder / f"{digest}.json"
        self._lock = threading.Lock()
        self._file_lock = FileLock(str(self.path) + ".lock", timeout=MAX_ISSUE_WAIT_S + 30)
        self._cached: dict | None = None

    @property
    def issued_at(self) -> float | None:
        return self._cached.get("issued_at") if self._cached else None

    def token(self) -> str:
        """A valid access token, issuing one only when neither memory nor the cache file has one."""
        with self._lock:
            if self._usable(self._cached):
                return self._cached["access_token"]
            with self._file_lock:
                cached = self._read()
                if not self._usable(cached):
                    cached = self._issue(cached)
                self._cached = cached
                return cached["access_token"]

    def invalidate(self, token: str) -> None:
        """Forget a token KIS refused (expired or invalid), in memory and in the shared file."""
        with self._lock, self._file_lock:
            cached = self._read()
            if cached and cached.get("access_token") == token:
                cached["expires_at"] = 0
                self._write(cached)
            self._cached = None

    @staticmethod
    def _usable(cached: dict | None) -> bool:
        return bool(cached) and cached.get("expires_at", 0) - time.time() > REFRESH_MARGIN_S

    def _read(self) -> dict | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _write(self, data: dict) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".token-")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _issue(self, previous: dict | None) -> dict:
        deadline = time.monotonic() + MAX_ISSUE_WAIT_S
        while True:
            ticket, _ = self._limiter.acquire()
            body = {"grant_type": "client_credentials", "appkey": self._profile.app_key,
                    "appsecret": self._profile.app_secret}
            try:
                resp = self._session.post(self._url, json=body, timeout=self._timeout)
            except requests.RequestException as exc:
                raise TransportError(f"token request to {self._url} failed: {type(exc).__name__}") from None
            finally:
                self._limiter.release(ticket)
            try:
                data = resp.json()
            except ValueError:
                raise TransportError(f"token request: HTTP {resp.status_code}, not a KIS reply") from None
            if data.get("access_token"):
                return self._store(data)
            code = data.get("error_code") or data.get("msg_cd") or f"HTTP{resp.status_code}"
            text = data.get("error_description") or data.get("msg1") or ""
            if code == "EGW00133" and time.monotonic() < deadline:
                last = (previous or {}).get("issued_at") or time.time()
                wait = max(1.0, min(spec.TOKEN_ISSUE_INTERVAL_S + 1 - (time.time() - last), deadline - time.monotonic()))
                log.warning("KIS allows one token a minute; waiting %.0f s", wait)
                time.sleep(wait)
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
        log.info("issued a new KIS access token (expires %s)", data.get("access_token_token_expired"))
        if self._on_issue:
            self._on_issue(cached["issued_at"])
        return cached
