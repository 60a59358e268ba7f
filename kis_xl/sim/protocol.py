"""KIS's wire conventions for the simulator's routes: envelope, errors, headers, tr_ids and paging.

A route module declares ``caller: Caller = Depends(kis_request)``; by then the request has passed
KIS's checks (headers, faults, rate limit, token, tr_id for this domain) and ``caller`` carries the
world, the domain, the app key, the resolved endpoint name and upper-cased parameters. The route
returns ``reply(caller, msg_key, output=…)`` or ``paged(…)``, or raises ``KisFault``.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass, field

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from .. import spec
from .world import SimWorld

JSON_TYPE = "application/json; charset=utf-8"


class KisFault(Exception):
    """An error KIS would answer with: a spec.MSG entry, or a custom (code, text, status)."""

    def __init__(self, msg: str | spec.Message, text: str | None = None, *, status: int | None = None,
                 tr_id: str = "", rt_cd: str = "1"):
        message = spec.MSG[msg] if isinstance(msg, str) else msg
        self.message = spec.Message(message.code, text or message.text, status or message.http_status)
        self.tr_id = tr_id
        self.rt_cd = rt_cd
        super().__init__(f"{self.message.code} {self.message.text}")

    def response(self) -> JSONResponse:
        body = {"rt_cd": self.rt_cd, "msg_cd": self.message.code, "msg1": self.message.text}
        return JSONResponse(body, status_code=self.message.http_status, headers=_headers(self.tr_id, "", JSON_TYPE),
                            media_type=JSON_TYPE)


def _headers(tr_id: str, tr_cont: str, content_type: str) -> dict[str, str]:
    return {"tr_id": tr_id, "tr_cont": tr_cont, "gt_uid": uuid.uuid4().hex, "content-type": content_type}


class HeaderCase:
    """ASGI middleware: standard HTTP header names go out capitalised, as KIS's gateway sends them.

    Starlette lower-cases every header name; KIS sends ``Content-Type``, ``Content-Length`` and
    ``Date`` capitalised and only its own ``tr_id``, ``tr_cont``, ``gt_uid`` in lower case. KIS's
    sample client keeps the lower-case names and makes Python identifiers of them, so a lower-case
    ``content-type`` breaks it. Any hyphenated name is capitalised word by word.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_capitalised(message):
            if message["type"] == "http.response.start":
                message = dict(message, headers=[(capitalise(k), v) for k, v in message.get("headers", [])])
            await send(message)

        return await self.app(scope, receive, send_capitalised)


_KIS_HEADERS = frozenset({b"tr_id", b"tr_cont", b"gt_uid"})


def capitalise(name: bytes) -> bytes:
    """``content-type`` → ``Content-Type``, ``date`` → ``Date``; KIS's own names stay as they are."""
    if name.lower() in _KIS_HEADERS:
        return name.lower()
    return b"-".join(part[:1].upper() + part[1:].lower() for part in name.split(b"-"))


def num(value: float | int | None, decimals: int = 0) -> str:
    """KIS numbers are strings; absent values are empty strings."""
    if value is None:
        return ""
    if decimals:
        return f"{value:.{decimals}f}"
    return str(int(round(value)))


@dataclass
class Caller:
    world: SimWorld
    domain: str
    app_key: str
    tr_id: str
    endpoint: str
    params: dict[str, str]
    tr_cont: str = ""
    token: str = field(default="", repr=False)

    def param(self, key: str, default: str = "") -> str:
        return (self.params.get(key) or default).strip()


def _resolve(path: str, tr_id: str, domain: str) -> str:
    """The endpoint name a (path, tr_id) pair means on this domain, or a KisFault as KIS would answer."""
    canonical = spec.LEGACY_TR_IDS.get(tr_id, tr_id)
    if domain == spec.MOCK:
        canonical = spec.MOCK_TR_ID_ALIASES.get(canonical, canonical)
    candidates = [e for e in spec.ENDPOINTS.values() if e.path == path]
    for e in candidates:
        if e.tr_id(domain) == canonical:
            return e.name
    if domain == spec.MOCK and canonical[:1] in ("T", "J", "C"):
        raise KisFault("not_mock_tr", tr_id=tr_id)
    raise KisFault("no_service", tr_id=tr_id)


async def _apply_faults(world: SimWorld, tr_id: str) -> None:
    faults = world.faults
    if faults.latency:
        await asyncio.sleep(faults.latency)
    if faults.take("expire_tokens"):
        world.expire_tokens()
    if faults.take("garbage"):
        raise _Garbage()
    if faults.take("server_errors"):
        raise KisFault("server_error", tr_id=tr_id)
    if faults.take("rate_limits"):
        raise KisFault("rate_limit", tr_id=tr_id)
    if faults.take("token_expired"):
        raise KisFault("token_expired", tr_id=tr_id)


class Reset(Exception):
    """Cut the connection: the status line and headers go out, then the body stops short (a reset)."""

    @staticmethod
    def response() -> Response:
        return _CutShort()


class _CutShort(Response):
    async def __call__(self, scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", JSON_TYPE.encode()), (b"content-length", b"512")]})
        await send({"type": "http.response.body", "body": b'{"rt_cd":"0",', "more_body": True})
        raise Reset("simulated connection reset")


class _Garbage(Exception):
    """A reply that is not KIS's: HTML from a broken gateway."""

    @staticmethod
    def response() -> Response:
        return Response("<html><body>502 Bad Gateway</body></html>", status_code=502, media_type="text/html")


async def kis_request(request: Request) -> Caller:
    """Every /uapi request: headers, faults, rate limit, token, tr_id. Raises KisFault as KIS would."""
    world: SimWorld = request.app.state.world
    domain: str = request.app.state.domain
    h = request.headers  # case-insensitive
    tr_id = (h.get("tr_id") or "").strip()
    app_key = (h.get("appkey") or "").strip()
    auth = (h.get("authorization") or "").strip()
    if not app_key:
        raise KisFault("bad_appkey", tr_id=tr_id)
    if not (h.get("appsecret") or "").strip():
        raise KisFault("bad_appsecret", tr_id=tr_id)
    if not auth:
        raise KisFault("token_missing", tr_id=tr_id)
    if not auth.lower().startswith("bearer "):
        raise KisFault(spec.Message("EGW00205", "credentials_type이 유효하지 않습니다.(Bearer)", 500), tr_id=tr_id)
    if not tr_id:
        raise KisFault("no_service", tr_id=tr_id)
    await _apply_faults(world, tr_id)
    if not world.bind_key(app_key, domain):
        raise KisFault("mock_key_on_real", tr_id=tr_id)
    if not world.admit(app_key, domain):
        raise KisFault("rate_limit", tr_id=tr_id)
    problem = world.check_token(auth.split(None, 1)[1].strip(), app_key, domain)
    if problem:
        raise KisFault(problem, tr_id=tr_id)
    endpoint = _resolve(request.url.path, tr_id, domain)
    params = {k.upper(): v for k, v in request.query_params.items()}
    if request.method == "POST":
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_BODY", 500), tr_id=tr_id) from None
        if not isinstance(body, dict):
            raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_BODY", 500), tr_id=tr_id)
        params.update({str(k).upper(): "" if v is None else str(v) for k, v in body.items()})
    missing = next((k for k in spec.ENDPOINTS[endpoint].required if k.upper() not in params), None)
    if missing:
        raise KisFault("missing_input", f"{spec.MSG['missing_input'].text} {missing}", tr_id=tr_id)
    tr_cont = (h.get("tr_cont") or "").strip().upper()
    return Caller(world, domain, app_key, tr_id, endpoint, params, tr_cont, token=auth.split(None, 1)[1].strip())


def reply(caller: Caller, msg_key: str, *, tr_cont: str = "", **outputs) -> JSONResponse:
    """A success envelope: rt_cd "0", msg_cd/msg1 from spec.MSG, then the outputs."""
    msg = spec.MSG[msg_key]
    body = {"rt_cd": "0", "msg_cd": msg.code, "msg1": msg.text, **outputs}
    return JSONResponse(body, headers=_headers(caller.tr_id, tr_cont, JSON_TYPE), media_type=JSON_TYPE)


def _pad(text: str, width: int) -> str:
    return text.ljust(width)


def paged(caller: Caller, rows: list, page_size: int, *, list_key: str = "output1", ctx: str = "100",
          fk_keys: tuple[str, ...] = (), **extra) -> JSONResponse:
    """One page of ``rows`` the KIS way: the offset travels in ctx_area_nk, tr_cont F/M more, D/E last.

    A continuation (request tr_cont ``N``) without the previous page's ctx_area_nk starts over, as
    a KIS client that forgets the key would see the first page again.
    """
    width = int(ctx or "100")  # chk-holiday's plain CTX_AREA_FK/NK are 100 wide as well
    nk_key = f"CTX_AREA_NK{ctx}"
    offset = 0
    if caller.tr_cont == "N":
        if caller.world.faults.take("data_changed"):
            raise KisFault("data_changed", tr_id=caller.tr_id)
        raw = caller.param(nk_key)
        offset = int(raw) if raw.isdigit() else 0
    page = rows[offset:offset + page_size]
    more = offset + page_size < len(rows)
    fk = "^".join(caller.param(k) for k in fk_keys) + ("^" if fk_keys else "")
    body = {
        f"ctx_area_fk{ctx}": _pad(fk, width),
        f"ctx_area_nk{ctx}": _pad(str(offset + page_size) if more else "", width),
        list_key: page,
        **extra,
    }
    if more:
        cont, msg = ("M" if offset else "F"), "ok_query_more"
    else:
        cont, msg = ("E" if offset else "D"), "ok_query"
    return reply(caller, msg, tr_cont=cont, **body)
