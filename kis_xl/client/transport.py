"""One KIS call: tr_id resolution, rate limit, token, headers, the envelope, failures and what follows them.

Each failed attempt is classified once (``Failure``: from exception types, HTTP status and KIS's codes, never
from text), and one table, ``POLICY``, says what follows for an order and for a query, as
``orders.lifecycle.TRANSITIONS`` does for rows. Queries are retried with backoff on rate limits, gateway 5xx
and network failures. An order is sent once (a refused token is renewed and the order sent with the new one:
the gateway refused it before processing). Every time an order's bytes are about to leave, after the token
and the rate limiter, ``on_send`` is called: the caller journals that moment, since a token renewal can hold
an order back for a minute, and KIS may book it up to ``flight_s`` after it left. What an order's caller sees:

- ``OrderNotSent``: no connection was ever made (DNS, refused, connect timeout), or the gateway
  refused it before processing (EGW00201, a refused token): nothing was booked, it may go out again;
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
from enum import Enum
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
from ..i18n import t
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


class Failure(Enum):
    """What went wrong with one attempt, decided once, from types and codes, never from text."""

    NO_TOKEN = "no token could be had (issuing it failed or was refused): nothing left the machine"
    UNRECORDED = "on_send could not record the moment of sending: nothing left the machine"
    NO_CONNECTION = "no connection was ever made (DNS, refused, connect timeout)"
    NO_ANSWER = "the request may have reached KIS, no answer came (reset, read timeout)"
    SERVER_ERROR = "an answer that is not KIS's, HTTP 5xx"
    NOT_KIS = "an answer that is not KIS's below HTTP 500, or JSON without rt_cd"
    RATE_LIMITED = "EGW00201/EGW00215: refused before processing"
    TOKEN_EXPIRED = "a token code KIS wants renewed (spec.TOKEN_RETRY_MSG_CODES)"
    TOKEN_REFUSED = "any other token refusal, or a renewed token refused again"
    KIS_BUSY = "EGW00002 over HTTP 200"
    KIS_BUSY_HTTP = "EGW00002 over an HTTP error status"
    HTTP_ERROR = "another KIS error over an HTTP error status"
    KIS_REFUSED = "another KIS error over HTTP 200: a refusal on the request's merits"


(NO_TOKEN, UNRECORDED, NO_CONNECTION, NO_ANSWER, SERVER_ERROR, NOT_KIS, RATE_LIMITED, TOKEN_EXPIRED, TOKEN_REFUSED,
 KIS_BUSY, KIS_BUSY_HTTP, HTTP_ERROR, KIS_REFUSED) = Failure


@dataclass(frozen=True)
class Failed:
    """One classified failure: its kind, what a query raises (``error``), and the text order messages quote."""

    kind: Failure
    error: Exception
    what: str
    status: int | None = None


@dataclass(frozen=True)
class Refusal:
    """An action that raises ``exception`` with the message ``say(failure)`` gives (in the reader's language)."""

    exception: type[TransportError]
    say: Callable[[Failed], str]


RAISE, RETRY, RENEW = "raise the error itself", "retry a query with backoff, then raise", "renew the token once, call again"
_NOT_SENT_TOKEN = Refusal(OrderNotSent, lambda f: t("order not sent: KIS refused the token ({what})", what=f.what))
_MAY_BE_BOOKED = Refusal(OrderOutcomeUnknown, lambda f: t(
    "{what}; the order may have been accepted — check the day's orders", what=f.what))
_HTTP_MAY_BE_BOOKED = Refusal(OrderOutcomeUnknown, lambda f: t(
    "KIS answered the order with HTTP {status} ({what}): it may have been booked — check the day's orders",
    status=f.status, what=f.what))
_NOT_RECORDED = Refusal(OrderNotSent, lambda f: t("order not sent: its sending could not be recorded ({what})",
                                                  what=f.what))
# failure → (what an order does, what a query does). An order is sent once: it is never retried, only sent
# again after a token renewal (the gateway refused it before processing). OrderNotSent: provably not booked;
# OrderOutcomeUnknown: may have been booked, look it up before sending again.
POLICY: dict[Failure, tuple[Refusal | str, Refusal | str]] = {
    NO_TOKEN: (Refusal(OrderNotSent, lambda f: t("order not sent: no token ({what})", what=f.what)), RAISE),
    UNRECORDED: (_NOT_RECORDED, _NOT_RECORDED),
    NO_CONNECTION: (Refusal(OrderNotSent, lambda f: t(
        "order not sent: no connection to KIS ({what}); nothing was booked", what=f.what)), RETRY),
    NO_ANSWER: (Refusal(OrderOutcomeUnknown, lambda f: t(
        "no answer to the order {what}; it may have been accepted — check the day's orders before sending it again",
        what=f.what)), RETRY),
    SERVER_ERROR: (_MAY_BE_BOOKED, RETRY),
    NOT_KIS: (_MAY_BE_BOOKED, RAISE),
    RATE_LIMITED: (Refusal(OrderNotSent, lambda f: t(
        "order not sent: KIS refused it before processing ({what}); nothing was booked, send it again",
        what=f.what)), RETRY),
    TOKEN_EXPIRED: (RENEW, RENEW),
    TOKEN_REFUSED: (_NOT_SENT_TOKEN, RAISE),
    KIS_BUSY: (RAISE, RETRY),
    KIS_BUSY_HTTP: (_HTTP_MAY_BE_BOOKED, RETRY),
    HTTP_ERROR: (_HTTP_MAY_BE_BOOKED, RAISE),
    KIS_REFUSED: (RAISE, RAISE),
}


def classify_reply(ep: spec.Endpoint, tr: str, resp: requests.Response, data: object) -> Failed:
    """The failure an HTTP answer that is not KIS's success (``data``: its JSON, None if not JSON) stands for."""
    status = resp.status_code
    if not isinstance(data, dict):
        snippet = resp.text[:80].replace("\n", " ")
        err = TransportError(f"{ep.name} ({tr}): HTTP {status}, not a KIS reply: {snippet!r}")
        return Failed(SERVER_ERROR if status >= 500 else NOT_KIS, err, str(err), status)
    msg_cd = str(data.get("msg_cd") or data.get("error_code") or f"HTTP{status}")
    msg1 = str(data.get("msg1") or data.get("error_description") or "")
    err = error_for(msg_cd, msg1, tr, status)
    if "rt_cd" not in data and "error_code" not in data:
        return Failed(NOT_KIS, err, f"{ep.name} ({tr}): HTTP {status}, a reply without KIS's rt_cd", status)
    if isinstance(err, RateLimited):
        kind = RATE_LIMITED
    elif isinstance(err, TokenError):
        kind = TOKEN_EXPIRED if msg_cd in spec.TOKEN_RETRY_MSG_CODES else TOKEN_REFUSED
    elif msg_cd in GATEWAY_ERRORS:
        kind = KIS_BUSY if status == 200 else KIS_BUSY_HTTP
    else:
        kind = KIS_REFUSED if status == 200 else HTTP_ERROR
    return Failed(kind, err, str(err), status)



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
        """One KIS call; each failure is classified once and ``POLICY`` says what follows it."""
        ep = spec.ENDPOINTS[endpoint] if isinstance(endpoint, str) else endpoint
        tr = tr_id or ep.tr_id(self.domain)
        if tr is None:
            raise NotOffered(ep.name, self.domain)
        token_renewed = False
        attempt = 0
        while True:
            attempt += 1
            try:
                token = self.tokens.token()
            except (TokenError, TransportError) as exc:
                failure = Failed(NO_TOKEN, exc, str(exc))
            else:
                try:
                    return self._once(ep, tr, token, params, body, tr_cont, on_send)
                except _Failed as exc:
                    failure = exc.failure
            kind = TOKEN_REFUSED if failure.kind is TOKEN_EXPIRED and token_renewed else failure.kind
            action = POLICY[kind][0 if ep.is_order else 1]
            if action is RENEW:
                token_renewed = True
                self.tokens.invalidate(token)
            elif action is RETRY and attempt < QUERY_ATTEMPTS:
                self.stats.add(retries=1)
                time.sleep(BACKOFF_S * 2 ** (attempt - 1) * (1 + random.random() / 2))
            elif isinstance(action, Refusal):
                raise action.exception(action.say(failure)) from None
            else:  # RAISE, or RETRY with the attempts spent
                raise failure.error from None

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
                    raise _Failed(Failed(UNRECORDED, exc, str(exc))) from None
            if ep.method == "GET":
                resp = self.session.get(url, params=params or {}, headers=headers, timeout=self.timeout)
            else:
                resp = self.session.post(url, json=body or {}, headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            what = f"{ep.name} ({tr}): {type(exc).__name__}"
            self.stats.error(what)
            kind = NO_CONNECTION if never_connected(exc) else NO_ANSWER
            raise _Failed(Failed(kind, TransportError(f"KIS did not answer {what}"), what)) from None
        finally:
            self.limiter.release(ticket)
        return self._parse(ep, tr, resp)

    def _parse(self, ep: spec.Endpoint, tr: str, resp: requests.Response) -> KisResponse:
        """KIS's answer, or ``_Failed`` with the failure classified (``classify_reply``)."""
        try:
            data = resp.json()
        except ValueError:
            data = None
        if isinstance(data, dict) and str(data.get("rt_cd", "")) == "0":
            return KisResponse(data, resp.headers, tr, resp.status_code)
        failure = classify_reply(ep, tr, resp, data)
        self.stats.error(str(failure.error))
        log.debug("KIS failure %s on %s", failure.kind.name, tr)
        raise _Failed(failure)

    def paged(self, endpoint: str, *, params: dict, ctx: tuple[str, str] = ("CTX_AREA_FK100", "CTX_AREA_NK100"),
              list_key: str = "output1") -> tuple[list[dict], KisResponse]:
        from .paging import collect

        return collect(self, endpoint, params, ctx=ctx, list_key=list_key)


class _Failed(Exception):
    """Carries a classified failure from one attempt to ``Transport.call``, which alone decides what follows."""

    def __init__(self, failure: Failed):
        self.failure = failure
        super().__init__(failure.what)
