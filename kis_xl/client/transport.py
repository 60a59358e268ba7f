"""One KIS call: tr_id resolution, rate limit, token, headers, the envelope, error mapping, retries.

Queries are retried with backoff on rate-limit errors, gateway 5xx and network failures. An order is
sent once (a refused token is renewed and the order sent with the new one: the gateway refused it
before processing). Every time an order's bytes are about to leave, after the token and the rate
limiter, ``on_send`` is called: the caller journals that moment, since a token renewal can hold an
order back for a minute, and KIS may book it up to ``flight_s`` after it left. How an order failed
decides what the caller may do, by the exception's type and the stage it happened at, never by its text:

- ``OrderNotSent``: no connection was ever made (DNS, refused, connect timeout), or the gateway
  refused it before processing (EGW00201): nothing was booked, it may go out again;
- ``KisError``: KIS answered HTTP 200 with ``rt_cd`` ≠ 0 (present), a refusal on the order's merits;
- ``OrderOutcomeUnknown``: anything after the request may have reached KIS (a reset, a timeout, a
  gateway 5xx, a reply that is not KIS's): look it up in the day's orders, never resend blindly.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import requests
from urllib3.exceptions import ConnectTimeoutError

from .. import spec
from ..config import Profile
from ..errors import (
    KisError,
    NotOffered,
    OrderNotSent,
    OrderOutcomeUnknown,
    RateLimited,
    TokenError,
    TransportError,
)
from .auth import TokenStore
from .ratelimit import ORDER, QUERY, limiter_for
from .shared import redis_link, redis_url

log = logging.getLogger(__name__)
QUERY_ATTEMPTS = 5
BACKOFF_S = 0.2
GATEWAY_ERRORS = frozenset({"EGW00002"})


@dataclass
class ClientStats:
    """What KIS_STATUS and `kis-xl config` show: traffic, retries, waits and the last error."""

    requests: int = 0
    retries: int = 0
    rate_limit_wait_s: float = 0.0
    errors: int = 0
    last_error: str = ""
    token_issued_at: float | None = None
    tokens_issued: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **deltas) -> None:
        with self._lock:
            for key, value in deltas.items():
                setattr(self, key, getattr(self, key) + value)

    def error(self, text: str) -> None:
        with self._lock:
            self.errors += 1
            self.last_error = text

    def issued(self, at: float) -> None:
        with self._lock:
            self.tokens_issued += 1
            self.token_issued_at = at


@dataclass
class KisResponse:
    body: dict
    headers: Mapping[str, str]
    tr_id: str
    status: int

    @property
    def tr_cont(self) -> str:
        return (self.headers.get("tr_cont") or "").strip().upper()

    @property
    def has_more(self) -> bool:
        return self.tr_cont in ("F", "M")

    @property
    def output(self):
        return self.body.get("output")

    @property
    def output1(self):
        return self.body.get("output1")

    @property
    def output2(self):
        return self.body.get("output2")


def error_for(msg_cd: str, msg1: str, tr_id: str, status: int | None) -> KisError:
    """The typed exception for a KIS error code."""
    if msg_cd in ("EGW00201", "EGW00215"):
        return RateLimited(msg_cd, msg1, tr_id, status)
    if msg_cd in spec.TOKEN_RETRY_MSG_CODES or msg_cd in ("EGW00122", "EGW00133"):
        return TokenError(msg_cd, msg1, tr_id, status)
    return KisError(msg_cd, msg1, tr_id, status)


def never_connected(exc: BaseException) -> bool:
    """True when a request failed before any connection was made (DNS, refused, connect timeout).

    Decided from the exception's type: requests raises ConnectTimeout for a connect timeout, and a
    ConnectionError wrapping urllib3's NewConnectionError (a ConnectTimeoutError: DNS failure, refused)
    when no socket was ever connected. Everything else may have carried the request to the server.
    """
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if not isinstance(exc, requests.ConnectionError) or not exc.args:
        return False
    reason = exc.args[0]
    reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError carries the cause
    return isinstance(reason, ConnectTimeoutError)


class Transport:
    """Calls to one KIS server with one profile's credentials."""

    def __init__(self, profile: Profile, base_url: str, *, stats: ClientStats, timeout: float = 10.0,
                 session: requests.Session | None = None):
        self.profile = profile
        self.domain = profile.domain
        self.base_url = base_url.rstrip("/")
        self.stats = stats
        self.timeout = timeout
        self.session = session or requests.Session()
        self.server_offset: float | None = None  # server clock minus ours, from the HTTP Date header
        self.session.hooks["response"].append(self._note_date)
        shared_url = redis_url(profile)  # token and budget shared through Redis, else through the cache folder
        self.limiter = limiter_for(self.base_url, profile.app_key or "", profile.domain, profile.rate_limit,
                                   redis_url=shared_url, lease=2 * timeout + 5)
        self.tokens = TokenStore(profile, self.base_url, self.session, self.limiter, timeout, on_issue=stats.issued,
                                 redis=redis_link(shared_url))

    def close(self) -> None:
        self.session.close()

    def _note_date(self, resp: requests.Response, *args, **kwargs) -> None:
        try:
            self.server_offset = parsedate_to_datetime(resp.headers["date"]).timestamp() - time.time()
        except (KeyError, TypeError, ValueError):
            pass

    def server_time(self) -> float:
        """The server's clock (epoch seconds). KIS's is the wall clock; a simulator may run another day.

        Known before the first decision that needs it: with no answer seen yet, one request for the
        server's root reads its Date header (any HTTP answer carries one). Only if the server cannot be
        reached does the local clock stand in, and then nothing can be sent either.
        """
        if self.server_offset is None:
            try:
                self.session.head(self.base_url + "/", timeout=self.timeout)
            except requests.RequestException:
                pass
        return time.time() + (self.server_offset or 0.0)

    @property
    def flight_s(self) -> float:
        """The longest a request may be under way once sent: ``timeout`` is per phase, connect then read."""
        return 2 * self.timeout

    def call(self, endpoint: str | spec.Endpoint, *, params: dict | None = None, body: dict | None = None,
             tr_cont: str = "", tr_id: str | None = None, on_send: Callable[[], None] | None = None) -> KisResponse:
        ep = spec.ENDPOINTS[endpoint] if isinstance(endpoint, str) else endpoint
        tr = tr_id or ep.tr_id(self.domain)
        if tr is None:
            raise NotOffered(ep.name, self.domain)
        token_retried = False
        attempt = 0
        while True:
            attempt += 1
            try:
                token = self.tokens.token()
            except (TokenError, TransportError) as exc:
                if ep.is_order:  # nothing of the order has left the machine
                    raise OrderNotSent(f"order not sent: no token ({exc})") from None
                raise
            try:
                return self._once(ep, tr, token, params, body, tr_cont, on_send)
            except TokenError as exc:
                if token_retried or exc.msg_cd not in spec.TOKEN_RETRY_MSG_CODES:
                    if ep.is_order:
                        raise OrderNotSent(f"order not sent: KIS refused the token ({exc})") from None
                    raise
                token_retried = True
                self.tokens.invalidate(token)
            except (RateLimited, _Retryable) as exc:
                if ep.is_order:
                    raise OrderNotSent(f"order not sent: KIS refused it before processing ({exc}); "
                                       f"nothing was booked, send it again") from None
                if attempt >= QUERY_ATTEMPTS:
                    raise (exc.final() if isinstance(exc, _Retryable) else exc) from None
                self.stats.add(retries=1)
                time.sleep(BACKOFF_S * 2 ** (attempt - 1) * (1 + random.random() / 2))

    def _once(self, ep: spec.Endpoint, tr: str, token: str, params, body, tr_cont, on_send=None) -> KisResponse:
        headers = {
            "content-type": "application/json; charset=utf-8",
            "authorization": f"Bearer {token}",
            "appkey": self.profile.app_key,
            "appsecret": self.profile.app_secret,
            "tr_id": tr,
            "custtype": "P",
            "tr_cont": tr_cont,
        }
        ticket, waited = self.limiter.acquire(ORDER if ep.is_order else QUERY)
        self.stats.add(requests=1, rate_limit_wait_s=waited)
        url = self.base_url + ep.path
        try:
            if on_send is not None:
                try:
                    on_send()
                except Exception as exc:  # the moment could not be recorded: nothing goes out unrecorded
                    raise OrderNotSent(f"order not sent: its sending could not be recorded ({exc})") from None
            if ep.method == "GET":
                resp = self.session.get(url, params=params or {}, headers=headers, timeout=self.timeout)
            else:
                resp = self.session.post(url, json=body or {}, headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            what = f"{ep.name} ({tr}): {type(exc).__name__}"
            self.stats.error(what)
            if ep.is_order and never_connected(exc):
                raise OrderNotSent(f"order not sent: no connection to KIS ({what}); nothing was booked") from None
            if ep.is_order:
                raise OrderOutcomeUnknown(
                    f"no answer to the order {what}; it may have been accepted — check the day's orders "
                    f"before sending it again") from None
            raise _Retryable(TransportError(f"KIS did not answer {what}")) from None
        finally:
            self.limiter.release(ticket)
        return self._parse(ep, tr, resp)

    def _parse(self, ep: spec.Endpoint, tr: str, resp: requests.Response) -> KisResponse:
        try:
            data = resp.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            snippet = resp.text[:80].replace("\n", " ")
            err = TransportError(f"{ep.name} ({tr}): HTTP {resp.status_code}, not a KIS reply: {snippet!r}")
            self.stats.error(str(err))
            if ep.is_order:
                raise OrderOutcomeUnknown(f"{err}; the order may have been accepted — check the day's orders")
            raise _Retryable(err) if resp.status_code >= 500 else err
        rt_cd = str(data.get("rt_cd", ""))
        if rt_cd == "0":
            return KisResponse(data, resp.headers, tr, resp.status_code)
        if ep.is_order and "rt_cd" not in data and "error_code" not in data:
            raise OrderOutcomeUnknown(f"{ep.name} ({tr}): HTTP {resp.status_code}, a reply without KIS's rt_cd; the "
                                      f"order may have been accepted — check the day's orders")
        msg_cd = str(data.get("msg_cd") or data.get("error_code") or f"HTTP{resp.status_code}")
        msg1 = str(data.get("msg1") or data.get("error_description") or "")
        err = error_for(msg_cd, msg1, tr, resp.status_code)
        self.stats.error(str(err))
        log.debug("KIS error %s on %s", msg_cd, tr)
        if ep.is_order and resp.status_code != 200 and not isinstance(err, (RateLimited, TokenError)):
            raise OrderOutcomeUnknown(f"KIS answered the order with HTTP {resp.status_code} ({err}): it may have "
                                      f"been booked — check the day's orders")
        if msg_cd in GATEWAY_ERRORS and not ep.is_order:
            raise _Retryable(err)
        raise err

    def paged(self, endpoint: str, *, params: dict, ctx: tuple[str, str] = ("CTX_AREA_FK100", "CTX_AREA_NK100"),
              list_key: str = "output1") -> tuple[list[dict], KisResponse]:
        from .paging import collect

        return collect(self, endpoint, params, ctx=ctx, list_key=list_key)


class _Retryable(Exception):
    """A failure worth trying again (for queries); ``final()`` is what the caller sees if retries run out."""

    def __init__(self, error: Exception):
        self.error = error
        super().__init__(str(error))

    def final(self) -> Exception:
        return self.error
