"""The FastAPI application for one KIS domain: auth, quotations, trading, and KIS-shaped errors."""

from __future__ import annotations

import importlib.util
from datetime import timezone
from email.utils import format_datetime

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from .. import spec
from . import routes_auth, routes_control, routes_indices, routes_market, routes_master, ws
from .protocol import JSON_TYPE, HeaderCase, KisFault, Reset, _Garbage
from .world import SimWorld


class ServerDate:
    """The standard Date header carries the simulator's clock, which may run in another day or hour.

    Plain ASGI (not BaseHTTPMiddleware), so a reply cut short on purpose (``Reset``) reaches the
    server as the exception it is, and the connection is dropped.
    """

    def __init__(self, app, world: SimWorld):
        self.app = app
        self.world = world

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def dated(message) -> None:
            if message["type"] == "http.response.start":
                stamp = format_datetime(self.world.now().astimezone(timezone.utc), usegmt=True).encode()
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
                message = {**message, "headers": [*headers, (b"date", stamp)]}
            await send(message)

        await self.app(scope, receive, dated)


def create_app(world: SimWorld, domain: str) -> FastAPI:
    """One app per domain; both share the world (tokens, accounts and market are per key, per domain)."""
    app = FastAPI(title=f"KIS simulator ({domain})", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.world = world
    app.state.domain = domain
    app.include_router(routes_auth.router)
    app.include_router(routes_market.router)
    app.include_router(routes_indices.router)
    app.include_router(routes_control.router)
    app.include_router(routes_master.router)  # KIS's master files, at KIS's download path
    if importlib.util.find_spec("kis_xl.sim.routes_trading") is not None:
        from . import routes_overseas, routes_reserve, routes_trading

        app.include_router(routes_trading.router)
        app.include_router(routes_overseas.router)
        app.include_router(routes_reserve.router)
        from . import (routes_events, routes_flows, routes_fundamentals, routes_pnl, routes_ranks, routes_screens,
                       routes_stocks, routes_us_detail, routes_watchlists)

        for area in (routes_stocks, routes_flows, routes_fundamentals, routes_events, routes_ranks, routes_pnl,
                     routes_screens, routes_watchlists, routes_us_detail):
            app.include_router(area.router)

    ws.install(app, world, domain)  # KIS's WebSocket on the same port
    app.add_middleware(ServerDate, world=world)

    @app.exception_handler(KisFault)
    async def kis_fault(request: Request, exc: KisFault):
        return exc.response()

    @app.exception_handler(Reset)
    async def reset(request: Request, exc: Reset):
        return exc.response()

    @app.exception_handler(_Garbage)
    async def garbage(request: Request, exc: _Garbage):
        return exc.response()

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_PARAM", 500)).response()

    @app.exception_handler(404)
    async def not_found(request: Request, exc):
        body = {"rt_cd": "1", "msg_cd": "OPSQ0002", "msg1": "없는 서비스 코드 입니다."}
        return JSONResponse(body, status_code=404, media_type=JSON_TYPE)

    app.add_middleware(HeaderCase)
    return app
