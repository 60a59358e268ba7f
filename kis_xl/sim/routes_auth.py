"""OAuth and helper endpoints: tokenP, revokeP, Approval (WebSocket key), hashkey; and the sim's admin paths."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .. import krx, spec
from .protocol import JSON_TYPE, KisFault

router = APIRouter()


async def _json(request: Request) -> dict:
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise KisFault(spec.Message("EGW00002", "요청 본문(JSON)이 올바르지 않습니다.", 500))
    return {str(k).lower(): v for k, v in body.items()}


def _check_credentials(app_key: str, secret: str) -> None:
    if len(app_key or "") != spec.APP_KEY_LENGTH:
        raise KisFault("bad_appkey")
    if len(secret or "") != spec.APP_SECRET_LENGTH:
        raise KisFault("bad_appsecret")


@router.post(spec.AUTH_TOKEN_PATH)
async def token(request: Request):
    world, domain = request.app.state.world, request.app.state.domain
    body = await _json(request)
    if body.get("grant_type") != "client_credentials":
        raise KisFault(spec.Message("EGW00205", "grant_type이 유효하지 않습니다.", 500))
    app_key, secret = str(body.get("appkey", "")), str(body.get("appsecret", ""))
    _check_credentials(app_key, secret)
    if not world.bind_key(app_key, domain):
        raise KisFault("mock_key_on_real")
    issued = world.issue_token(app_key, domain)
    if issued is None:
        msg = spec.MSG["token_too_often"]
        return JSONResponse({"error_description": msg.text, "error_code": msg.code}, status_code=msg.http_status)
    expires = datetime.fromtimestamp(issued.expires_at, krx.KST).strftime(spec.TOKEN_EXPIRY_FORMAT)
    return JSONResponse({"access_token": issued.value, "access_token_token_expired": expires,
                         "token_type": "Bearer", "expires_in": int(issued.expires_at - world.token_now())},
                        media_type=JSON_TYPE)


@router.post(spec.AUTH_REVOKE_PATH)
async def revoke(request: Request):
    body = await _json(request)
    _check_credentials(str(body.get("appkey", "")), str(body.get("appsecret", "")))
    request.app.state.world.revoke_token(str(body.get("token", "")))
    return JSONResponse({"code": 200, "message": "접근토큰 폐기에 성공하였습니다"}, media_type=JSON_TYPE)


@router.post(spec.AUTH_APPROVAL_PATH)
async def approval(request: Request):
    """The WebSocket key: body ``grant_type``, ``appkey``, ``secretkey`` (not appsecret); answer ``approval_key``.

    Checked as tokenP is: the grant type, the key and secret lengths, a mock key on the real domain.
    """
    world, domain = request.app.state.world, request.app.state.domain
    body = await _json(request)
    if body.get("grant_type") != "client_credentials":
        raise KisFault(spec.Message("EGW00205", "grant_type이 유효하지 않습니다.", 500))
    app_key = str(body.get("appkey", ""))
    _check_credentials(app_key, str(body.get("secretkey", "")))
    if not world.bind_key(app_key, domain):
        raise KisFault("mock_key_on_real")
    return JSONResponse({"approval_key": str(uuid.uuid4())}, media_type=JSON_TYPE)


@router.post(spec.HASHKEY_PATH)
async def hashkey(request: Request):
    raw = await request.body()
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise KisFault(spec.Message("EGW00002", "요청 본문(JSON)이 올바르지 않습니다.", 500)) from None
    return JSONResponse({"BODY": body, "HASH": hashlib.sha256(raw).hexdigest()}, media_type=JSON_TYPE)
