"""KIS's WebSocket in the simulator, on the same port as each REST domain.

``ws://host:port/tryitout`` (and ``/tryitout/<tr_id>``, or the bare root as KIS's legacy samples use)
speaks KIS's real-time protocol (see ``kis_xl.realtime``): subscribe/unsubscribe JSON with an
``approval_key`` from ``/oauth2/Approval`` in each header, answered with KIS's codes: OPSP0000
SUBSCRIBE SUCCESS (with ``output.iv``/``output.key``), OPSP0001, OPSP0002 ALREADY IN SUBSCRIBE (rt_cd 1),
OPSP0003, OPSP0008 MAX SUBSCRIBE OVER past 41 registrations, OPSP0011 for an approval key it never
issued, OPSP8996 when another session holds the app key, OPSP8991/8992/8993 for a tr_id or tr_key it
does not serve (a feed KIS does not offer on the mock domain included), OPSP8997 for a bad tr_type and
the JSON PARSING ERRORs (OPSP9999 not JSON, 9998 no header, 9992 no body, 9991 no input, 9990 no
tr_key, rt_cd 9). ``PINGPONG`` every ``ping_interval`` seconds (an echo or a pong frame both answer).

KIS's samples pace subscribe messages (0.05 s real, 0.5 s mock); what KIS does to a faster client is
not documented, so the hub counts such messages per app key (``too_fast``) for tests to hold clients to
the pace, and counts every control message (``controls``) for the benchmarks.

Feeds (``kis_xl.sim.feeds``): trades, order book, auctions' expected prices, market status (VI on and
off: ``hub.start_vi``), index levels, US trades, and the encrypted order notices of the app key's
accounts (KRX orders on H0STCNI0/9, US orders on H0GSCNI0/9). Trades come ``trade_rate`` times a second
per code while the session is open; trades that fall due together go out as one frame of several records.

Faults (``world.faults``): ``ws_drop`` (the next N sessions are closed by the server), ``ws_stall`` (a
session sends nothing and answers nothing for that many seconds, once), ``ws_malformed`` (the next N data
frames are broken), ``ws_wide`` (the next N data frames carry an extra trailing column in every record, as
when KIS adds one), ``ws_miscount`` (the next N data frames claim one record more than they carry),
``ws_bad_control`` (the next N control messages are JSON of the wrong shape: a null header, a text header, a
text body), ``ws_bad_approval`` (the next N subscribes are answered OPSP0011), ``ws_vi`` (the next N codes
subscribed on H0STMKO0 enter a two-minute VI at once).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import string
import threading
import time
from collections import defaultdict
from dataclasses import dataclass

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from .. import realtime as rt
from .. import spec
from . import feeds
from .feeds import Sub, Vi

log = logging.getLogger(__name__)
router = APIRouter()
_ALPHABET = string.ascii_letters + string.digits
_ONCE_A_SECOND = {rt.ORDER_BOOK: feeds.book, rt.INDEX: feeds.index}


@dataclass
class StreamSettings:
    trade_rate: float = 2.0  # trades a second per subscribed code while the session is open
    ping_interval: float = 100.0  # seconds between PINGPONG frames
    pump_interval: float = 0.02  # how often a session looks for due trades and notices
    book_interval: float = 1.0  # seconds between order-book, index and auction frames per key
    send_timeout: float = 30.0  # a client that reads nothing this long loses its session (frees its app key)
    on_frame: object = None  # benchmarks: callable(tr_id, records, monotonic time sent)


class Hub:
    """Per world: approval keys issued, live sessions per app key, VIs, settings and counters."""

    def __init__(self, world):
        self.world = world
        self.settings = StreamSettings()
        self.lock = threading.Lock()
        self.approvals: dict[str, tuple[str, str]] = {}  # approval key → (app key, domain)
        self.sessions: dict[tuple[str, str], Session] = {}  # (domain, app key) → its session
        self.vis: dict[str, Vi] = {}  # code → its latest VI
        self.controls: dict[str, int] = defaultdict(int)  # app key → control messages received
        self.too_fast: dict[str, int] = defaultdict(int)  # app key → control messages sooner than KIS's pace
        self.last_error = ""
        self.pings_answered = 0  # PINGPONG echoes received (pong frames are answered by the server itself)

    def register_approval(self, approval_key: str, app_key: str, domain: str) -> None:
        with self.lock:
            self.approvals[approval_key] = (app_key, domain)

    def sessions_open(self) -> int:
        with self.lock:
            return len(self.sessions)

    def start_vi(self, code: str, kind: str = "1", seconds: float = 120.0) -> Vi:
        """A VI on a stock from now (world time): its trades stop, auctions' expected prices flow, and the
        market-status feed tells the start and the end. ``kind`` is VI_CLS_CODE (1 static, 2 dynamic)."""
        vi = self.vis[code] = feeds.vi_window(self.world.now(), kind, seconds)
        return vi


def hub(world) -> Hub:
    h = getattr(world, "stream", None)
    if h is None:
        with _hub_lock:
            h = getattr(world, "stream", None)
            if h is None:
                h = world.stream = Hub(world)
    return h


_hub_lock = threading.Lock()


class ApprovalRecorder:
    """ASGI middleware: remembers each approval key /oauth2/Approval hands out and whose app key it is.

    The REST route issues the key (routes_auth); the WebSocket needs to know it, so the answer is
    read on its way out. The app key is read from the request body; neither is logged.
    """

    def __init__(self, app, world, domain: str):
        self.app, self.world, self.domain = app, world, domain

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "POST" or scope.get("path") != spec.AUTH_APPROVAL_PATH:
            return await self.app(scope, receive, send)
        request_body, response_body = bytearray(), bytearray()

        async def tapped_receive():
            message = await receive()
            if message["type"] == "http.request":
                request_body.extend(message.get("body", b""))
            return message

        async def tapped_send(message):
            if message["type"] == "http.response.body":
                response_body.extend(message.get("body", b""))
                if not message.get("more_body"):
                    self._record(bytes(request_body), bytes(response_body))
            await send(message)

        return await self.app(scope, tapped_receive, tapped_send)

    def _record(self, request: bytes, response: bytes) -> None:
        try:
            asked = {str(k).lower(): v for k, v in json.loads(request or b"{}").items()}
            answer = json.loads(response or b"{}")
        except (ValueError, AttributeError):
            return
        if isinstance(answer, dict) and answer.get("approval_key") and asked.get("appkey"):
            hub(self.world).register_approval(str(answer["approval_key"]), str(asked["appkey"]), self.domain)


def control(tr_id: str, tr_key: str, reply: rt.Reply, *, encrypt: bool = False,
            key_iv: tuple[str, str] | None = None) -> str:
    body = {"rt_cd": reply.rt_cd, "msg_cd": reply.code, "msg1": reply.text}
    if key_iv is not None:
        body["output"] = {"iv": key_iv[1], "key": key_iv[0]}
    return json.dumps({"header": {"tr_id": tr_id, "tr_key": tr_key, "encrypt": "Y" if encrypt else "N"},
                       "body": body})


def _lower_keys(value) -> dict | None:
    return {str(k).lower(): v for k, v in value.items()} if isinstance(value, dict) else None


class Session:
    def __init__(self, ws: WebSocket, world, domain: str):
        self.ws, self.world, self.domain = ws, world, domain
        self.hub = hub(world)
        self.subs: dict[tuple[str, str], Sub] = {}
        self.app_key: str | None = None
        self.closed = False
        self.stalled_until = 0.0
        self.last_control = 0.0  # monotonic time of the last subscribe or unsubscribe

    @property
    def mock(self) -> bool:
        return self.domain == spec.MOCK

    # replies ----------------------------------------------------------------------------------
    async def handle(self, text: str) -> None:
        reply = self.reply(text)
        if reply is not None:
            await self.ws.send_text(reply)

    def reply(self, text: str) -> str | None:
        """KIS's answer to one message from the client (None for a PINGPONG echo)."""
        try:
            msg = json.loads(text)
        except ValueError:
            return control("(null)", "", rt.BAD_JSON)
        header = _lower_keys(msg.get("header") if isinstance(msg, dict) else None)
        if header is None:
            return control("", "", rt.NO_HEADER)
        if header.get("tr_id") == rt.PINGPONG:
            self.hub.pings_answered += 1  # the client's echo
            return None
        body = _lower_keys(msg.get("body"))
        if body is None:
            return control("", "", rt.NO_BODY)
        inp = _lower_keys(body.get("input"))
        if inp is None:
            return control("", "", rt.NO_INPUT)
        tr_id, tr_key = inp.get("tr_id"), inp.get("tr_key")
        if not isinstance(tr_id, str) or not tr_id:
            return control("", "", rt.BAD_TR_ID)
        if tr_key is None:
            return control(tr_id, "", rt.NO_TR_KEY)
        if not isinstance(tr_key, str) or not tr_key.strip() or len(tr_key) > 40:
            return control(tr_id, "", rt.BAD_TR_KEY)
        if str(header.get("tr_type", "")) not in (rt.REGISTER, rt.RELEASE):
            return control(tr_id, tr_key, rt.BAD_TR_TYPE)
        return self.answer(header, tr_id, tr_key)

    def _count(self, app_key: str) -> None:
        now = time.monotonic()
        self.hub.controls[app_key] += 1
        if now - self.last_control < rt.PACE[self.domain] * 0.9:  # a little slack for the scheduler
            self.hub.too_fast[app_key] += 1
        self.last_control = now

    def answer(self, header: dict, tr_id: str, tr_key: str) -> str:
        owner = self.hub.approvals.get(str(header.get("approval_key", "")))
        if owner is None or owner[1] != self.domain or self.world.faults.take("ws_bad_approval"):
            return control(tr_id, tr_key, rt.BAD_APPROVAL)
        app_key = owner[0]
        if self.app_key is None:
            with self.hub.lock:
                holder = self.hub.sessions.get((self.domain, app_key))
                if holder is not None and holder is not self and not holder.closed:
                    return control(tr_id, tr_key, rt.IN_USE)
                self.hub.sessions[(self.domain, app_key)] = self
            self.app_key = app_key
        elif app_key != self.app_key:
            return control(tr_id, tr_key, rt.IN_USE)
        self._count(app_key)
        if tr_id not in rt.feeds(self.mock):
            return control(tr_id, tr_key, rt.BAD_TR_ID)
        encrypt = tr_id in rt.NOTICES
        if encrypt:
            tr_key = tr_key.strip()
        slot = (tr_id, tr_key)
        if str(header.get("tr_type")) == rt.RELEASE:
            sub = self.subs.pop(slot, None)
            if sub is None:
                return control(tr_id, tr_key, rt.NOT_SUBSCRIBED)
            return control(tr_id, tr_key, rt.UNSUBSCRIBED, encrypt=encrypt, key_iv=(sub.key, sub.iv))
        sub = self.subs.get(slot)
        if sub is not None:
            return control(tr_id, tr_key, rt.ALREADY, encrypt=encrypt, key_iv=(sub.key, sub.iv))
        if len(self.subs) >= rt.MAX_REGISTRATIONS:
            return control(tr_id, tr_key, rt.MAX_OVER)
        if not self._known(tr_id, tr_key):
            return control(tr_id, tr_key, rt.UNKNOWN_TR_KEY)
        sub = Sub(tr_id, tr_key, "".join(secrets.choice(_ALPHABET) for _ in range(32)),
                  "".join(secrets.choice(_ALPHABET) for _ in range(16)), time.monotonic())
        if encrypt:
            sub.known = feeds.order_states(self.world, self.domain, self.app_key, tr_id in rt.US_NOTICES)
        if tr_id == rt.MARKET_STATUS and self.world.faults.take("ws_vi"):
            self.hub.start_vi(tr_key)
        self.subs[slot] = sub
        return control(tr_id, tr_key, rt.SUBSCRIBED, encrypt=encrypt, key_iv=(sub.key, sub.iv))

    def _known(self, tr_id: str, tr_key: str) -> bool:
        if tr_id == rt.US_TRADES:
            return feeds.us_symbol(self.world, tr_key) is not None
        if tr_id == rt.INDEX:
            from .indices import IndexModel

            return IndexModel.known(tr_key)
        if tr_id in rt.NOTICES:
            return True
        return self.world.market.is_listed(tr_key)

    # feeds ------------------------------------------------------------------------------------
    def due_frames(self) -> list[tuple[str, list, Sub]]:
        """Everything due now: (tr_id, records, sub) per feed, several records when they fell due together."""
        now = self.world.now()
        mono = time.monotonic()
        settings = self.hub.settings
        out = []
        for sub in sorted(self.subs.values(), key=lambda s: s.tr_id != rt.MARKET_STATUS):  # a VI is told first
            tr_id = sub.tr_id
            vi = self.hub.vis.get(sub.tr_key)
            if tr_id in (rt.TRADES, rt.US_TRADES):
                due = int((mono - sub.started) * settings.trade_rate) - sub.emitted
                if due > 0:
                    records = feeds.trades(self.world, sub, now, due, vi) if tr_id == rt.TRADES else \
                        feeds.us_trades(self.world, sub, now, due)
                    sub.emitted += due
                    if records:
                        out.append((tr_id, records, sub))
            elif tr_id in rt.NOTICES:
                for record in feeds.notices(self.world, self.domain, self.app_key, sub, now):
                    out.append((tr_id, [record], sub))  # one notice a frame, as KIS sends them
            elif tr_id == rt.MARKET_STATUS:
                record = feeds.market_status(sub, vi, now, self.world.halts.get(sub.tr_key))
                if record:
                    out.append((tr_id, [record], sub))
            elif mono - sub.last_sent >= settings.book_interval:
                sub.last_sent = mono
                record = feeds.auction(self.world, sub, now, vi) if tr_id == rt.EXPECTED else \
                    _ONCE_A_SECOND[tr_id](self.world, sub, now)
                if record:
                    out.append((tr_id, [record], sub))
        return out


class PeerStalled(Exception):
    """The client stopped reading (a dead or half-open connection): its session ends."""


def _malformed(tr_id: str) -> str:
    return f"0|{tr_id}|001|broken^frame"


def _widened(records: list) -> list:
    return [[*r, "X"] for r in records]


async def serve(ws: WebSocket) -> None:
    world, domain = ws.app.state.world, ws.app.state.domain
    await ws.accept()
    session = Session(ws, world, domain)
    settings = session.hub.settings
    faults = world.faults

    async def send(text: str) -> None:
        """KIS cannot hold frames for a client that reads nothing: past ``send_timeout`` the session ends
        (WebSocket pings alone miss it: a ping waits behind the unread frames)."""
        try:
            await asyncio.wait_for(ws.send_text(text), settings.send_timeout)
        except asyncio.TimeoutError:
            raise PeerStalled from None

    async def pump() -> None:
        last_ping = time.monotonic()
        while True:
            await asyncio.sleep(settings.pump_interval)
            if faults.take("ws_drop"):
                await ws.close(1011)
                return
            stall = getattr(faults, "ws_stall", 0.0)
            if stall:
                faults.ws_stall = 0.0
                session.stalled_until = time.monotonic() + stall
                await asyncio.sleep(stall)
                continue
            if faults.take("ws_bad_control"):
                await send(_BAD_CONTROLS[faults.ws_bad_control % len(_BAD_CONTROLS)])
            for tr_id, records, sub in session.due_frames():
                if faults.take("ws_malformed"):
                    await send(_malformed(tr_id))
                    continue
                if faults.take("ws_wide"):
                    records = _widened(records)
                text = rt.frame(tr_id, records, tr_id in rt.NOTICES, sub.key, sub.iv)
                if faults.take("ws_miscount"):
                    text = _miscounted(text)
                if settings.on_frame is not None:
                    settings.on_frame(tr_id, records, time.monotonic())  # the moment it goes out
                await send(text)
            if time.monotonic() - last_ping >= settings.ping_interval:
                last_ping = time.monotonic()
                stamp = world.now().strftime("%Y%m%d%H%M%S")
                await send(json.dumps({"header": {"tr_id": rt.PINGPONG, "datetime": stamp}}))

    async def guarded_pump() -> None:
        try:
            await pump()
        except (PeerStalled, WebSocketDisconnect):  # the client went away or stopped reading: the session ends
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug must not pass silently: the session ends and says why
            session.hub.last_error = f"{type(exc).__name__}: {exc}"
            log.exception("WebSocket session failed")
            raise

    task = asyncio.create_task(guarded_pump())
    try:
        while not task.done():
            receive = asyncio.create_task(ws.receive_text())
            done, _ = await asyncio.wait({receive, task}, return_when=asyncio.FIRST_COMPLETED)
            if receive not in done:
                receive.cancel()
                break
            text = receive.result()
            wait = session.stalled_until - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            await session.handle(text)
    except (WebSocketDisconnect, RuntimeError, asyncio.CancelledError):
        pass
    finally:
        session.closed = True
        task.cancel()
        with session.hub.lock:
            if session.app_key and session.hub.sessions.get((domain, session.app_key)) is session:
                del session.hub.sessions[(domain, session.app_key)]


@router.websocket("/tryitout")
async def tryitout(websocket: WebSocket):
    await serve(websocket)


@router.websocket("/tryitout/{tr_id}")
async def tryitout_tr(websocket: WebSocket, tr_id: str):
    await serve(websocket)


@router.websocket("/")
async def root(websocket: WebSocket):
    await serve(websocket)


def install(app, world, domain: str) -> None:
    """Mount the WebSocket routes and the approval-key recorder on a domain's app."""
    hub(world)
    app.include_router(router)
    app.add_middleware(ApprovalRecorder, world=world, domain=domain)


# Control messages a broken gateway might send: JSON, but not of KIS's shape.
_BAD_CONTROLS = ('{"header": null}', '{"header": "PINGPONG"}',
                 '{"header": {"tr_id": "H0STCNT0", "tr_key": "005930"}, "body": "SUBSCRIBE SUCCESS"}')


def _miscounted(text: str) -> str:
    """A data frame whose record count says one more than it carries."""
    enc, tr_id, count, payload = text.split("|", 3)
    return f"{enc}|{tr_id}|{int(count) + 1:03d}|{payload}"


def ws_url(rest_url: str) -> str:
    """The WebSocket base a client uses for a simulator domain (``/tryitout`` is appended by clients)."""
    return "ws://" + rest_url.split("://", 1)[-1].rstrip("/")
