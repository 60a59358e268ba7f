"""Exceptions every layer can catch, grouped by what a caller can do. Messages never contain app keys, secrets
or tokens.

::

    KisXlError                    everything kis-xl raises on purpose
    ├── ConfigError               profile, credentials, account missing or inconsistent
    ├── InvalidInput (ValueError) something typed that cannot be used; the message says why
    │   ├── InvalidCode           not a KRX code or US symbol (or one KIS does not know)
    │   └── CellError             shown in a cell as ``#KIS! …``
    ├── SendingDisabled           a send switch is off, or the real account was not confirmed
    ├── Aborted                   a confirmation was declined (or could not be asked)
    ├── InvalidOrder (ValueError) would not go out as typed: nothing sent
    ├── KisError                  KIS answered rt_cd ≠ 0: msg_cd, msg1, tr_id, http_status
    │   ├── RateLimited           EGW00201/EGW00215: refused before processing
    │   └── TokenError            the token was refused, expired or could not be issued
    ├── NotOffered                the endpoint does not exist on this domain (모의투자 미지원)
    └── TransportError            no usable answer
        ├── OrderNotSent          the order provably never reached KIS: safe to send again
        └── OrderOutcomeUnknown   the order may have been booked: look it up, never resend blindly

Which failure of a call becomes which of these is one table: ``client.transport.POLICY``.
"""

from __future__ import annotations

from .i18n import t


class KisXlError(Exception):
    """Base of everything kis-xl raises on purpose."""


class ConfigError(KisXlError):
    """Missing or inconsistent configuration (profile, credentials, account)."""


class InvalidInput(KisXlError, ValueError):
    """Something a user typed (a code, a date, a field name) that kis-xl cannot use; the message says why."""


class InvalidCode(InvalidInput):
    """Not a KRX code or US symbol kis-xl can use, or one KIS does not know."""


class CellError(InvalidInput):
    """Bad input a cell shows as ``#KIS! …``."""


class SendingDisabled(KisXlError):
    """The sheet's or the profile's send switch is off, or the real account was not confirmed."""


class Aborted(KisXlError):
    """The user declined a confirmation, or no terminal was there to ask and ``--yes`` was not given."""


class InvalidOrder(KisXlError, ValueError):
    """An order request that would not go out as typed (type and price disagree, off the tick grid…): nothing sent."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()):
        self.problems = tuple(problems)  # each rule's line, for a caller that words the refusal its own way
        super().__init__(message)


class KisError(KisXlError):
    """KIS answered with ``rt_cd != "0"`` (or a gateway error body)."""

    def __init__(self, msg_cd: str, msg1: str, tr_id: str = "", http_status: int | None = None):
        self.msg_cd = msg_cd
        self.msg1 = (msg1 or "").strip()
        self.tr_id = tr_id
        self.http_status = http_status
        where = f" [{tr_id}]" if tr_id else ""
        super().__init__(f"{msg_cd}: {self.msg1}{where}")


class RateLimited(KisError):
    """EGW00201 / EGW00215: too many requests per second; retried for queries."""


class TokenError(KisError):
    """The token was refused, expired, or could not be issued (EGW00121/123/133…)."""


class NotOffered(KisXlError):
    """The endpoint is not offered on this domain (모의투자 미지원)."""

    def __init__(self, endpoint: str, domain: str):
        self.endpoint = endpoint
        self.domain = domain
        super().__init__(t("{endpoint} is not offered on the {domain} domain (모의투자 미지원)", endpoint=endpoint,
                           domain=domain) + _hint(endpoint, domain))


def _hint(endpoint: str, domain: str) -> str:
    """What to do about it: market data can come through a real-domain key; account queries cannot."""
    if domain != "mock":
        return ""
    from .spec import ENDPOINTS

    ep = ENDPOINTS.get(endpoint)
    if ep is not None and "/trading/" in ep.path:
        return t(": KIS answers this account query for real accounts only")
    return t(": use a real-domain key for market data (market_data = \"real\" in the profile)")


class TransportError(KisXlError):
    """No usable answer: connection refused, timeout, HTTP error without a KIS body, non-JSON body."""


class OrderNotSent(TransportError):
    """The order provably never reached KIS's processing (no connection was made, or the gateway refused it
    before processing: EGW00201, a refused token). Safe to send again; nothing was booked."""


class OrderOutcomeUnknown(TransportError):
    """An order was (maybe) sent but no answer came back. Never resend blindly: reconcile with the day's orders."""

    def __init__(self, message: str, request: object = None):
        self.request = request
        super().__init__(message)
