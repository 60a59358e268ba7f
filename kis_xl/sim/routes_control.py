"""Ours, not KIS's: the simulator's control endpoints for tests and soaks in another process.

``GET/POST/DELETE /sim/faults`` read, set or clear the fault switches; ``POST /sim/clock`` moves the
market clock. They answer only callers on loopback, and refuse a body that is not what they take.
"""

from __future__ import annotations

import ipaddress
import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .clock import parse_time

router = APIRouter()


def is_loopback(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost"
    return address.is_loopback or getattr(address, "ipv4_mapped", None) is not None and address.ipv4_mapped.is_loopback


class _Refused(Exception):
    def __init__(self, status: int, text: str):
        self.status, self.text = status, text


async def _control(request: Request) -> dict:
    """The JSON object a control call carries, after checking the caller is on this machine."""
    if not is_loopback(request.client.host if request.client else ""):
        raise _Refused(403, "control endpoints answer loopback callers only")
    raw = await request.body()
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise _Refused(400, "the body is not JSON") from None
    if not isinstance(body, dict):
        raise _Refused(400, "the body must be a JSON object")
    return body


def _answer(call):
    async def endpoint(request: Request):
        try:
            return JSONResponse(await call(request))
        except _Refused as exc:
            return JSONResponse({"error": exc.text}, status_code=exc.status)
    endpoint.__name__ = call.__name__
    return endpoint


async def get_faults(request: Request) -> dict:
    await _control(request)
    return vars(request.app.state.world.faults)


async def set_faults(request: Request) -> dict:
    """``{"order_reset_after": 2, "rate_limits": 5}``: set switches (the rest stay as they are)."""
    body = await _control(request)
    faults = request.app.state.world.faults
    try:
        faults.update(body)
    except ValueError as exc:
        raise _Refused(400, str(exc)) from None
    return vars(faults)


async def clear_faults(request: Request) -> dict:
    await _control(request)
    faults = request.app.state.world.faults
    faults.reset()
    return vars(faults)


async def set_clock(request: Request) -> dict:
    """``{"set": ISO time}`` or ``{"advance": seconds}`` moves the market clock."""
    body = await _control(request)
    world = request.app.state.world
    if not body.keys() <= {"set", "advance"}:
        raise _Refused(400, 'give {"set": "2025-06-02T10:00:00+09:00"} or {"advance": seconds} ({} reads it)')
    try:
        at = parse_time(body["set"]) if "set" in body else None
        advance = float(body.get("advance", 0))
    except (TypeError, ValueError) as exc:
        raise _Refused(400, f"not a time or a number of seconds: {exc}") from None
    if at is not None:
        world.clock.set(at)
    world.shift_clock(advance)
    return {"now": world.now().isoformat()}


router.add_api_route("/sim/faults", _answer(get_faults), methods=["GET"])
router.add_api_route("/sim/faults", _answer(set_faults), methods=["POST"])
router.add_api_route("/sim/faults", _answer(clear_faults), methods=["DELETE"])
router.add_api_route("/sim/clock", _answer(set_clock), methods=["POST"])
