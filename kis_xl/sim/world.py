"""A simulated KIS: tokens, rate limits, faults, the clock, the market and the accounts.

One SimWorld serves both domains; app keys, tokens and rate windows are kept per domain, and a key
first used on the mock domain is a mock key (refused on the real domain with EGW02004).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass, fields
from datetime import datetime

from .. import spec
from .clock import SimClock
from .market import MarketModel
from .tracks import Tracks


@dataclass
class Faults:
    """Switches for tests and soaks (``kis-xl sim --fault NAME=N``, or ``POST /sim/faults`` from loopback).

    Counters are consumed one per matching request. The ``order_*`` faults act on order requests
    (cash orders, modify/cancel, US orders) and say whether the order was booked before the failure.
    """

    latency: float = 0.0  # seconds added before every /uapi reply
    server_errors: int = 0  # next N /uapi replies: HTTP 500 EGW00002, before anything is processed
    rate_limits: int = 0  # next N /uapi replies: EGW00201 (refused before processing)
    token_expired: int = 0  # next N /uapi replies: EGW00123
    expire_tokens: int = 0  # next N /uapi requests: every token expires first (a re-issue is allowed)
    garbage: int = 0  # next N /uapi replies: HTTP 502 with an HTML body (a broken proxy)
    data_changed: int = 0  # next N paged continuations (tr_cont N): SYDB0050
    order_reply_delay: float = 0.0  # book every order, then wait this long before replying
    order_reset_before: int = 0  # next N orders: the connection is cut before the order is booked
    order_reset_after: int = 0  # next N orders: booked, then the connection is cut
    order_error_after: int = 0  # next N orders: booked, then HTTP 500 EGW00002
    order_timeout_after: int = 0  # next N orders: booked, then no reply for ``order_hold`` seconds
    order_hold: float = 30.0  # how long order_timeout_after holds the reply (past any client's timeout)
    order_token_expired: int = 0  # next N orders: their token expires (EGW00123, before processing) just as
    #                               another process was issued one, so a renewal within the minute meets EGW00133
    twin_orders: int = 0  # next N orders: another program on the account books an identical order just before
    ws_drop: int = 0  # next N WebSocket sessions: the server closes the socket
    ws_stall: float = 0.0  # one WebSocket session sends and answers nothing for this many seconds
    ws_malformed: int = 0  # next N WebSocket data frames are malformed
    ws_wide: int = 0  # next N WebSocket data frames carry an extra trailing column (KIS adding one)
    ws_miscount: int = 0  # next N WebSocket data frames claim one record more than they carry
    ws_bad_control: int = 0  # next N control messages are of the wrong shape: null header, text header, text body
    ws_bad_approval: int = 0  # next N WebSocket subscribes are answered OPSP0011 (invalid approval)
    ws_vi: int = 0  # next N codes subscribed on H0STMKO0 enter a two-minute VI at once

    def take(self, name: str) -> bool:
        value = getattr(self, name)
        if value > 0:
            setattr(self, name, value - 1)
            return True
        return False

    def update(self, values: object) -> None:
        """Set switches from a mapping of names to non-negative numbers; nothing changes if one is bad."""
        if not isinstance(values, dict):
            raise ValueError("faults must be a JSON object of NAME: number")
        known = {f.name: f.type for f in fields(self)}
        parsed = {}
        for key, value in values.items():
            if key not in known:
                raise ValueError(f"unknown fault {key!r}: one of {', '.join(known)}")
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise ValueError(f"fault {key!r} needs a number, not {value!r}")
            try:
                number = float(value)
            except ValueError:
                raise ValueError(f"fault {key!r} needs a number, not {value!r}") from None
            if not 0 <= number < 1e9:
                raise ValueError(f"fault {key!r} must be between 0 and 1e9, not {value!r}")
            parsed[key] = number if known[key] in (float, "float") else int(number)
        for key, value in parsed.items():
            setattr(self, key, value)

    def reset(self) -> None:
        for f in fields(self):
            setattr(self, f.name, f.default)


@dataclass
class Token:
    value: str
    app_key: str
    domain: str
    issued_at: float  # wall-clock epoch seconds
    expires_at: float

    def expired(self, now: float) -> bool:
        return now >= self.expires_at


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).rstrip(b"=").decode()


class SimWorld:
    def __init__(self, *, seed: int = 0, clock: str | datetime | None = None, rate_limits: dict | None = None,
                 state_file: str | None = None, strict_accounts: bool = False, starting_cash: int = 10_000_000,
                 starting_usd: float = 10_000.0):
        self.seed = seed
        self.clock = SimClock(clock)
        self.market = MarketModel(seed)
        self.tracks = Tracks(self.market)
        self.faults = Faults()
        self.rate_limits = dict(spec.RATE_LIMITS, **(rate_limits or {}))
        self.state_file = state_file
        self.strict_accounts = strict_accounts
        self.starting_cash = starting_cash
        self.starting_usd = starting_usd
        self.token_time_offset = 0.0  # tests shift token time to expire tokens
        self.token_issues: dict[str, int] = defaultdict(int)  # app key → tokens issued (for tests)
        self.rate_refusals: dict[str, int] = defaultdict(int)  # app key → requests refused with EGW00201
        self.token_refusals: dict[str, int] = defaultdict(int)  # app key → token requests refused with EGW00133
        self._lock = threading.Lock()
        self._tokens: dict[str, Token] = {}
        self._by_key: dict[tuple[str, str], Token] = {}
        self._last_issue: dict[tuple[str, str], float] = {}
        self._key_domain: dict[str, str] = {}
        self._windows: dict[tuple[str, str], deque] = defaultdict(deque)
        self.trading = None  # set by kis_xl.sim.accounts.install
        self.halts: dict[str, str] = {}  # code → why its trading is halted (거래정지), as KIS tells it

    def halt(self, code: str, reason: str = "거래정지") -> None:
        """Halt a stock's trading (a scenario, not a fault): quotes say so, the market-status feed tells it, and
        orders for it are refused, until ``resume``."""
        self.halts[code] = reason

    def resume(self, code: str) -> None:
        self.halts.pop(code, None)

    # tokens ---------------------------------------------------------------------------------
    def token_now(self) -> float:
        return time.time() + self.token_time_offset

    def bind_key(self, app_key: str, domain: str) -> bool:
        """Remember which domain a key belongs to; False if a mock key is used on the real domain."""
        with self._lock:
            bound = self._key_domain.setdefault(app_key, domain)
        return not (bound == spec.MOCK and domain == spec.REAL)

    def issue_token(self, app_key: str, domain: str) -> Token | None:
        """A token for the key, the same one within 6 h; None when the last issue was under a minute ago."""
        now = self.token_now()
        with self._lock:
            last = self._last_issue.get((domain, app_key))
            if last is not None and now - last < spec.TOKEN_ISSUE_INTERVAL_S:
                self.token_refusals[app_key] += 1
                return None
            self._last_issue[(domain, app_key)] = now
            current = self._by_key.get((domain, app_key))
            if current and not current.expired(now) and now - current.issued_at < spec.TOKEN_SAME_WITHIN_S:
                return current
            header = {"typ": "JWT", "alg": "HS512"}
            payload = {"sub": "token", "aud": str(uuid.uuid4()), "prdt_cd": "", "iss": "unogw",
                       "exp": int(now + spec.TOKEN_LIFETIME_S), "iat": int(now), "jti": hashlib.sha256(
                           app_key.encode()).hexdigest()[:36]}
            value = f"{_b64(header)}.{_b64(payload)}.{secrets.token_urlsafe(64)}"
            token = Token(value, app_key, domain, now, now + spec.TOKEN_LIFETIME_S)
            self._tokens[value] = token
            self._by_key[(domain, app_key)] = token
            self.token_issues[app_key] += 1
            return token

    def expire_under(self, value: str) -> None:
        """The token expires now, and the key's last issue is now: a renewal within the minute is refused."""
        now = self.token_now()
        with self._lock:
            token = self._tokens.get(value)
            if token is not None:
                token.expires_at = now
                self._last_issue[(token.domain, token.app_key)] = now

    def revoke_token(self, value: str) -> bool:
        with self._lock:
            token = self._tokens.pop(value, None)
            if token:
                self._by_key.pop((token.domain, token.app_key), None)
            return token is not None

    def check_token(self, value: str, app_key: str, domain: str) -> str | None:
        """None if valid, else the spec.MSG key of the error."""
        token = self._tokens.get(value)
        if token is None or token.app_key != app_key or token.domain != domain:
            return "token_invalid"
        if token.expired(self.token_now()):
            return "token_expired"
        return None

    def expire_tokens(self) -> None:
        """Test hook: move token time past every token's expiry."""
        self.token_time_offset += spec.TOKEN_LIFETIME_S + 1

    # rate limit -----------------------------------------------------------------------------
    def admit(self, app_key: str, domain: str) -> bool:
        """Sliding one-second window per key and domain at the domain's published limit."""
        now = time.monotonic()
        with self._lock:
            window = self._windows[(domain, app_key)]
            while window and now - window[0] >= 1.0:
                window.popleft()
            if len(window) >= self.rate_limits[domain]:
                self.rate_refusals[app_key] += 1
                return False
            window.append(now)
            return True

    def refusal_report(self) -> list[str]:
        """One line per app key the limits refused (the key shown as a hash prefix, never in clear)."""
        keys = sorted(set(self.rate_refusals) | set(self.token_refusals) | set(self.token_issues))
        return [f"app key sha256:{hashlib.sha256(key.encode()).hexdigest()[:12]}  "
                f"EGW00201 refused {self.rate_refusals.get(key, 0)}  EGW00133 refused {self.token_refusals.get(key, 0)}"
                f"  tokens issued {self.token_issues.get(key, 0)}" for key in keys]

    def now(self) -> datetime:
        return self.clock.now()

    def shift_clock(self, seconds: float) -> None:
        self.clock.advance(seconds)
        if self.trading is not None:
            self.trading.on_clock_change()
