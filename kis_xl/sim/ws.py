"""KIS's WebSocket in the simulator, on the same port as each REST domain.

``ws://host:port/tryitout`` (and ``/tryitout/<tr_id>``, or the bare root as KIS's legacy samples use)
speaks KIS's real-time protocol (see ``kis_xl.realtime``): subscribe/unsubscribe JSON with an
``approval_key`` from ``/oauth2/Approval`` in each header; replies OPSP0000 SUBSCRIBE SUCCESS (with
``output.iv``/``output.key``), OPSP0001, OPSP0002 ALREADY IN SUBSCRIBE, OPSP0003, OPSP0008 MAX SUBSCRIBE
OVER past 41 registrations, OPSP8996 when another session holds the app key; ``PINGPONG`` every
``ping_interval`` seconds (an echo or a pong frame both do as an answer).

Feeds: H0STCNT0 trades and H0STASP0 order book of the world's ``MarketModel`` at the world's clock (a
trade streamed at P is what inquire-price answers next: the price is the model's price at that
moment), HDFSCNT0 US trades, and the encrypted fill notices H0STCNI0 (real) / H0STCNI9 (mock) made from
the world's accounts of the app key whose approval key subscribed (order accepted, modified,
cancelled, filled, refused), keyed by the HTS id given as tr_key. Trades come ``trade_rate`` times a
second per code while the session is open; trades that fall due together go out as one frame of
several records.

Faults (``world.faults``): ``ws_drop`` (the next N sessions are closed by the server), ``ws_stall``
(a session sends nothing and answers nothing for that many seconds, once), ``ws_malformed`` (the next
N data frames are broken).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import secrets
import string
import threading
import time
from dataclasses import dataclass, field

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from .. import realtime as rt
from .. import spec
from .market import SESSION_MINUTES

log = logging.getLogger(__name__)
router = APIRouter()
_ALPHABET = string.ascii_letters + string.digits


@dataclass
class StreamSettings:
    trade_rate: float = 2.0  # trades a second per subscribed code while the session is open
    ping_interval: float = 100.0  # seconds between PINGPONG frames
    pump_interval: float = 0.02  # how often a session looks for due trades and notices
    book_interval: float = 1.0  # seconds between order-book frames per code
    on_frame: object = None  # benchmarks: callable(tr_id, records, monotonic time sent)


class Hub:
    """Per world: approval keys issued, live sessions per app key, settings."""

    def __init__(self, world):
        self.world = world
        self.settings = StreamSettings()
        self.lock = threading.Lock()
        self.approvals: dict[str, tuple[str, str]] = {}  # approval key → (app key, domain)
        self.sessions: dict[tuple[str, str], "Session"] = {}  # (domain, app key) → its session
        self.last_error = ""
        self.pings_answered = 0  # PINGPONG echoes received (pong frames are answered by the server itself)

    def register_approval(self, approval_key: str, app_key: str, domain: str) -> None:
        with self.lock:
            self.approvals[approval_key] = (app_key, domain)

    def sessions_open(self) -> int:
        with self.lock:
            return len(self.sessions)


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


def control(tr_id: str, tr_key: str, message: tuple[str, str], *, ok: bool, encrypt: bool = False,
            key_iv: tuple[str, str] | None = None) -> str:
    body = {"rt_cd": "0" if ok else "1", "msg_cd": message[0], "msg1": message[1]}
    if key_iv is not None:
        body["output"] = {"iv": key_iv[1], "key": key_iv[0]}
    return json.dumps({"header": {"tr_id": tr_id, "tr_key": tr_key, "encrypt": "Y" if encrypt else "N"},
                       "body": body})


def _num(x: float, decimals: int = 0) -> str:
    return f"{x:.{decimals}f}" if decimals else str(int(round(x)))


@dataclass
class Sub:
    tr_id: str
    tr_key: str
    key: str
    iv: str
    started: float
    emitted: int = 0
    streamed_volume: int = 0
    minute: int = -1
    last_book: float = 0.0
    known: dict = field(default_factory=dict)  # notices: order no → (filled, cancelled, rejected) already told


class Session:
    def __init__(self, ws: WebSocket, world, domain: str):
        self.ws, self.world, self.domain = ws, world, domain
        self.hub = hub(world)
        self.subs: dict[tuple[str, str], Sub] = {}
        self.app_key: str | None = None
        self.closed = False
        self.out: asyncio.Queue = asyncio.Queue()

    # replies ----------------------------------------------------------------------------------
    async def handle(self, text: str) -> None:
        try:
            msg = json.loads(text)
            header = {str(k).lower(): v for k, v in msg["header"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            await self.ws.send_text(control("", "", rt.BAD_REQUEST, ok=False))
            return
        if header.get("tr_id") == rt.PINGPONG:
            self.hub.pings_answered += 1  # the client's echo
            return
        try:
            inp = {str(k).lower(): v for k, v in msg["body"]["input"].items()}
            tr_id, tr_key = str(inp.get("tr_id", "")), str(inp.get("tr_key", ""))
        except (KeyError, TypeError, AttributeError):
            await self.ws.send_text(control("", "", rt.BAD_REQUEST, ok=False))
            return
        await self.ws.send_text(self.answer(header, tr_id, tr_key))

    def answer(self, header: dict, tr_id: str, tr_key: str) -> str:
        owner = self.hub.approvals.get(str(header.get("approval_key", "")))
        if owner is None or owner[1] != self.domain:
            return control(tr_id, tr_key, rt.BAD_APPROVAL, ok=False)
        app_key = owner[0]
        if self.app_key is None:
            with self.hub.lock:
                holder = self.hub.sessions.get((self.domain, app_key))
                if holder is not None and holder is not self and not holder.closed:
                    return control(tr_id, tr_key, rt.IN_USE, ok=False)
                self.hub.sessions[(self.domain, app_key)] = self
            self.app_key = app_key
        elif app_key != self.app_key:
            return control(tr_id, tr_key, rt.IN_USE, ok=False)
        tr_type = str(header.get("tr_type", ""))
        known = tr_id in rt.COLUMNS and (tr_id not in rt.NOTICES or tr_id == rt.notice_tr_id(self.domain == spec.MOCK))
        if tr_type not in (rt.REGISTER, rt.RELEASE) or not known or not tr_key:
            return control(tr_id, tr_key, rt.BAD_REQUEST, ok=False)
        if tr_id in rt.NOTICES:
            tr_key = tr_key.strip()
        slot = (tr_id, tr_key)
        if tr_type == rt.RELEASE:
            sub = self.subs.pop(slot, None)
            if sub is None:
                return control(tr_id, tr_key, rt.NOT_SUBSCRIBED, ok=False)
            return control(tr_id, tr_key, rt.UNSUBSCRIBED, ok=True, encrypt=tr_id in rt.NOTICES,
                           key_iv=(sub.key, sub.iv))
        sub = self.subs.get(slot)
        if sub is not None:
            return control(tr_id, tr_key, rt.ALREADY, ok=True, encrypt=tr_id in rt.NOTICES, key_iv=(sub.key, sub.iv))
        if len(self.subs) >= rt.MAX_REGISTRATIONS:
            return control(tr_id, tr_key, rt.MAX_OVER, ok=False)
        if tr_id in (rt.TRADES, rt.ORDER_BOOK) and not self.world.market.is_listed(tr_key):
            return control(tr_id, tr_key, rt.BAD_REQUEST, ok=False)
        if tr_id == rt.US_TRADES and _us_symbol(self.world, tr_key) is None:
            return control(tr_id, tr_key, rt.BAD_REQUEST, ok=False)
        sub = Sub(tr_id, tr_key, "".join(secrets.choice(_ALPHABET) for _ in range(32)),
                  "".join(secrets.choice(_ALPHABET) for _ in range(16)), time.monotonic())
        if tr_id in rt.NOTICES:
            sub.known = self._order_states()
        self.subs[slot] = sub
        return control(tr_id, tr_key, rt.SUBSCRIBED, ok=True, encrypt=tr_id in rt.NOTICES, key_iv=(sub.key, sub.iv))

    # feeds ------------------------------------------------------------------------------------
    def due_frames(self) -> list[tuple[str, list, Sub]]:
        """Everything due now: (tr_id, records, sub) per feed, several records when they fell due together."""
        now_wall = self.world.now()
        mono = time.monotonic()
        rate = self.hub.settings.trade_rate
        out = []
        notices_done = False
        trades = {rt.TRADES: self._trades, rt.US_TRADES: self._us_trades}
        for sub in list(self.subs.values()):
            if sub.tr_id in trades:
                due = int((mono - sub.started) * rate) - sub.emitted
                if due > 0:
                    records = trades[sub.tr_id](sub, now_wall, due)
                    sub.emitted += due
                    if records:
                        out.append((sub.tr_id, records, sub))
            elif sub.tr_id == rt.ORDER_BOOK:
                if mono - sub.last_book >= self.hub.settings.book_interval:
                    sub.last_book = mono
                    record = self._book(sub, now_wall)
                    if record:
                        out.append((rt.ORDER_BOOK, [record], sub))
            elif sub.tr_id in rt.NOTICES and not notices_done:
                notices_done = True
                for record in self._notices(sub, now_wall):  # one notice a frame, as KIS sends them
                    out.append((sub.tr_id, [record], sub))
        return out

    def _trades(self, sub: Sub, now, count: int) -> list[list[str]]:
        state = self.world.market.quote(sub.tr_key, now)
        if not state.is_open:
            return []
        if state.minute != sub.minute:
            sub.minute, sub.streamed_volume = state.minute, 0
        # ACML_VOL stays between this minute's volume and the next minute's, as REST would show it
        vols = self.world.market.minute_volumes(sub.tr_key, state.session)
        room = int(vols[min(state.minute, SESSION_MINUTES - 1)]) - 1
        from .routes_market import _book, sign

        asks, bids = _book(state, state.minute + int(state.code, 36))
        records = []
        price, prev = state.price, state.prev_close
        change = price - prev
        hhmmss = now.strftime("%H%M%S")
        for i in range(count):
            qty = 1 + (sub.emitted + i) % 10
            sub.streamed_volume = min(room, sub.streamed_volume + qty) if room > 0 else sub.streamed_volume
            vol = state.volume + sub.streamed_volume
            value = state.value + sub.streamed_volume * price
            sgn = sign(price, prev, state.upper_limit, state.lower_limit)
            records.append([
                state.code, hhmmss, _num(price), sgn, _num(change), f"{state.change_pct:.2f}",
                f"{(value / vol) if vol else price:.2f}", _num(state.open), _num(state.high), _num(state.low),
                _num(asks[0][0]), _num(bids[0][0]), str(qty), str(vol), _num(value), "0", "0", "0", "100.00",
                "0", "0", "1" if (sub.emitted + i) % 2 else "5", "50.00", "100.00", "090000",
                sign(price, state.open), _num(price - state.open), "090000", sign(price, state.high),
                _num(price - state.high), "090000", sign(price, state.low), _num(price - state.low),
                state.session.strftime("%Y%m%d"), "20", "N", str(asks[0][1]), str(bids[0][1]),
                str(sum(q for _, q in asks)), str(sum(q for _, q in bids)), "0.10", "0", "0.00", "0", "0",
                _num(prev)])
        return records

    def _book(self, sub: Sub, now) -> list[str] | None:
        from .routes_market import _book

        state = self.world.market.quote(sub.tr_key, now)
        asks, bids = _book(state, state.minute + int(state.code, 36))
        return [state.code, now.strftime("%H%M%S"), "0", *(_num(p) for p, _ in asks), *(_num(p) for p, _ in bids),
                *(str(q) for _, q in asks), *(str(q) for _, q in bids), str(sum(q for _, q in asks)),
                str(sum(q for _, q in bids)), "0", "0", "0" if state.is_open else _num(state.price), "0", "0",
                "0", "3", "0.00", str(state.volume), "0", "0", "0", "0", "0"]

    def _us_trades(self, sub: Sub, now, count: int) -> list[list[str]]:
        symbol = _us_symbol(self.world, sub.tr_key)
        state = self.world.market.us_quote(symbol, now)
        if not state.is_open:
            return []
        from .market import NEW_YORK
        from .routes_market import sign

        local = now.astimezone(NEW_YORK)
        records = []
        for i in range(count):
            qty = 1 + (sub.emitted + i) % 10
            records.append([
                symbol, "4", local.strftime("%Y%m%d"), local.strftime("%Y%m%d"), local.strftime("%H%M%S"),
                now.strftime("%Y%m%d"), now.strftime("%H%M%S"), f"{state.open:.4f}", f"{state.high:.4f}",
                f"{state.low:.4f}", f"{state.price:.4f}", sign(state.price, state.prev_close),
                f"{state.change:.4f}", f"{state.change_pct:.2f}", f"{state.price - 0.01:.4f}",
                f"{state.price + 0.01:.4f}", "100", "100", str(qty), str(state.volume), _num(state.value), "0", "0",
                "100.00", "1"])
        return records

    # notices ----------------------------------------------------------------------------------
    def _accounts(self):
        trading = self.world.trading
        if trading is None or self.app_key is None:
            return []
        prefix = f"{self.domain}|{hashlib.sha256(self.app_key.encode()).hexdigest()[:24]}|"
        return [(k[len(prefix):], a) for k, a in list(trading.accounts.items()) if k.startswith(prefix)]

    def _order_states(self) -> dict:
        trading = self.world.trading
        if trading is None:
            return {}
        with trading.lock:
            return {o.order_no: (o.filled_qty, o.cancelled_qty, o.rejected_qty)
                    for _, a in self._accounts() for o in a.orders}

    def _notices(self, sub: Sub, now) -> list[list[str]]:
        trading = self.world.trading
        if trading is None:
            return []
        records = []
        hhmmss = now.strftime("%H%M%S")
        with trading.lock:
            for account, acct in self._accounts():
                trading.advance(acct)
                for o in acct.orders:
                    told = sub.known.get(o.order_no)
                    if told is None:
                        told = (0, 0, 0)
                        records.append(self._notice(sub.tr_key, account, o, "accept", 0, 0.0, hhmmss))
                        if o.orig_order_no and o.price == 0 and o.cancelled_qty == o.qty:
                            told = (0, o.cancelled_qty, 0)  # a cancel record: its acceptance says it all
                    filled, cancelled, rejected = told
                    if o.filled_qty > filled:
                        qty = o.filled_qty - filled
                        before = sub.known.get(("amount", o.order_no), 0.0)
                        price = (o.filled_amount - before) / qty
                        records.append(self._notice(sub.tr_key, account, o, "fill", qty, price, hhmmss))
                        sub.known[("amount", o.order_no)] = o.filled_amount
                    if o.rejected_qty > rejected:
                        records.append(self._notice(sub.tr_key, account, o, "refuse", 0, 0.0, hhmmss))
                    if o.cancelled_qty > cancelled and not o.orig_order_no and o.ord_dvsn in _IOC_FOK:
                        records.append(self._notice(sub.tr_key, account, o, "ioc_cancel", 0, 0.0, hhmmss))
                    sub.known[o.order_no] = (o.filled_qty, o.cancelled_qty, o.rejected_qty)
        return records

    def _notice(self, hts_id: str, account: str, o, kind: str, qty: int, price: float, hhmmss: str) -> list[str]:
        modify = "2" if o.orig_order_no and o.price == 0 and o.cancelled_qty == o.qty else (
            "1" if o.orig_order_no else "0")
        fill = kind == "fill"
        us = o.is_us
        fmt = (lambda x: f"{x:.4f}") if us else _num
        return [
            hts_id, account.replace("-", ""), o.order_no, o.orig_order_no, o.side, modify, o.ord_dvsn,
            "1" if o.ord_dvsn in ("11", "13", "15", "23") else "2" if o.ord_dvsn in ("12", "14", "16", "24") else "0",
            o.code, str(qty) if fill else "0", fmt(price) if fill else "0", o.time if not fill else hhmmss,
            "1" if kind == "refuse" else "0", "2" if fill else "1", "3" if kind == "ioc_cancel" else "1" if kind == "accept" else "2",
            o.branch, str(o.qty), "SIM", "0", "1", "N", "", "10", "", o.name[:40], fmt(o.price)]


_IOC_FOK = frozenset({"11", "12", "13", "14", "15", "16", "23", "24"})


def _us_symbol(world, tr_key: str) -> str | None:
    """HDFSCNT0's tr_key D/R + NAS/NYS/AMS + symbol → the symbol, if the exchange is the symbol's."""
    if len(tr_key) < 5 or tr_key[0] not in "DR":
        return None
    exchange, symbol = tr_key[1:4].upper(), tr_key[4:].upper()
    return symbol if world.market.us_exchange(symbol) == exchange else None


def _malformed(tr_id: str) -> str:
    return f"0|{tr_id}|001|broken^frame"


async def serve(ws: WebSocket) -> None:
    world, domain = ws.app.state.world, ws.app.state.domain
    await ws.accept()
    session = Session(ws, world, domain)
    settings = session.hub.settings
    faults = world.faults

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
            frames = session.due_frames()
            for tr_id, records, sub in frames:
                if faults.take("ws_malformed"):
                    await ws.send_text(_malformed(tr_id))
                    continue
                encrypted = tr_id in rt.NOTICES
                text = rt.frame(tr_id, records, encrypted, sub.key, sub.iv)
                if settings.on_frame is not None:
                    settings.on_frame(tr_id, records, time.monotonic())  # the moment it goes out
                await ws.send_text(text)
            if time.monotonic() - last_ping >= settings.ping_interval:
                last_ping = time.monotonic()
                stamp = world.now().strftime("%Y%m%d%H%M%S")
                await ws.send_text(json.dumps({"header": {"tr_id": rt.PINGPONG, "datetime": stamp}}))

    async def guarded_pump() -> None:
        try:
            await pump()
        except (WebSocketDisconnect, asyncio.CancelledError):
            raise
        except Exception as exc:  # a bug must not pass silently: the session ends and says why
            session.hub.last_error = f"{type(exc).__name__}: {exc}"
            log.exception("WebSocket session failed")
            raise

    session.stalled_until = 0.0
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


def ws_url(rest_url: str) -> str:
    """The WebSocket base a client uses for a simulator domain (``/tryitout`` is appended by clients)."""
    return "ws://" + rest_url.split("://", 1)[-1].rstrip("/")
