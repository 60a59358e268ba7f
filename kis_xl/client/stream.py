"""KIS's real-time feed: one WebSocket per app key on one background thread.

``stream_for(profile)`` gives the process's ``Stream`` for a profile's app key (KIS allows one session
per key). It fetches an approval key (``/oauth2/Approval``; kept in memory only), connects to the
domain's WebSocket (``/tryitout``), subscribes, answers ``PINGPONG``, decrypts fill notices with the key
and iv of their subscribe reply, and parses frames into the models REST gives: H0STCNT0 and HDFSCNT0 →
``Quote``, H0STASP0 → ``OrderBook``, H0STCNI0/9 → ``FillNotice``. A dropped or silent connection is
reopened after a backoff (0.5 s, doubling to 30 s, with jitter; back to 0.5 s once a session has
lasted) and every subscription is sent again: never a tight reconnect loop, which KIS may punish by
blocking the key.

**Budget.** KIS allows 41 registrations a session; everything in the process that watches (cells,
the order sheet, the CLI) shares 40. ``watch(codes)`` marks codes used now; the most recently used
codes stream, the others are released and fall back to REST. The notice feed, when asked for, is
pinned and takes one of the 40. ``streaming(code)`` says whether a code's quote comes from the feed.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from datetime import time as dtime

from .. import krx, spec
from .. import realtime as rt
from ..errors import KisXlError
from ..models import FillNotice, Level, NoticeKind, OrderBook, OrderType, Quote, Side

log = logging.getLogger(__name__)

BACKOFF = (0.5, 30.0)  # first retry, ceiling (seconds)
STABLE_AFTER = 10.0  # a session that lasted this long resets the backoff
IDLE_TIMEOUT = 150.0  # KIS pings about every 100 s: longer silence means a dead or stalled session


@dataclass
class StreamStats:
    connects: int = 0
    reconnects: int = 0
    frames: int = 0
    records: int = 0
    malformed: int = 0
    notices: int = 0
    refused: int = 0  # subscribe requests KIS answered with an error
    last_error: str = ""
    last_connect: float = 0.0  # monotonic
    last_drop: float = 0.0


@dataclass
class _Feed:
    tr_id: str
    tr_key: str
    acked: bool = False
    key_iv: tuple[str, str] | None = None


def ws_base(profile) -> str:
    """The WebSocket base URL of a profile: ``ws_url``, else the simulator's own port, else KIS's domain."""
    if profile.ws_url:
        return profile.ws_url.rstrip("/")
    rest = profile.rest_url or ""
    if profile.simulator or rest.startswith("http://127.") or rest.startswith("http://localhost") \
            or rest.startswith("http://[::1]"):
        return "ws://" + rest.split("://", 1)[-1].rstrip("/")
    return spec.WS_URLS[profile.domain]


def fetch_approval_key(profile, timeout: float = 10.0) -> str:
    """``POST /oauth2/Approval`` (body ``appkey`` and ``secretkey``). Errors never carry the key or secret."""
    import requests

    if not profile.app_key or not profile.app_secret:
        raise KisXlError("real-time prices need the profile's app key and secret")
    try:
        reply = requests.post(f"{profile.rest_url.rstrip('/')}{spec.AUTH_APPROVAL_PATH}", timeout=timeout,
                              json={"grant_type": "client_credentials", "appkey": profile.app_key,
                                    "secretkey": profile.app_secret})
        key = reply.json().get("approval_key") if reply.ok else None
    except (requests.RequestException, ValueError) as exc:
        raise KisXlError(f"cannot get a WebSocket approval key: {type(exc).__name__}") from None
    if not key:
        raise KisXlError(f"cannot get a WebSocket approval key (HTTP {reply.status_code})")
    return str(key)


_KST_CACHE: dict[tuple[str, str], datetime] = {}


def _stamp(day: str, hhmmss: str) -> datetime | None:
    at = _KST_CACHE.get((day, hhmmss))
    if at is None:
        try:
            at = datetime(int(day[:4]), int(day[4:6]), int(day[6:8]), int(hhmmss[:2]), int(hhmmss[2:4]),
                          int(hhmmss[4:6]), tzinfo=krx.KST)
        except ValueError:
            return None
        if len(_KST_CACHE) > 100_000:
            _KST_CACHE.clear()
        _KST_CACHE[(day, hhmmss)] = at
    return at


def quote_from_trade(r: list[str]) -> Quote:
    """An H0STCNT0 record as the Quote inquire-price would give (fields the feed lacks stay None)."""
    price, change = float(r[2]), float(r[4])
    return Quote(code=r[0], price=price, change=change, change_pct=float(r[5]), open=float(r[7]),
                 high=float(r[8]), low=float(r[9]), prev_close=price - change, volume=int(r[13]),
                 value=float(r[14]), as_of=_stamp(r[33], r[1]))


def quote_from_us_trade(r: list[str], exchange: str) -> Quote:
    """An HDFSCNT0 record as a US Quote."""
    price, change = float(r[10]), float(r[12])
    sign = r[11]
    if sign in ("4", "5") and change > 0:  # KIS sends the difference unsigned with a falling sign
        change = -change
    return Quote(code=r[0], price=price, change=change, change_pct=float(r[13]), open=float(r[7]),
                 high=float(r[8]), low=float(r[9]), prev_close=price - change, volume=int(r[19]),
                 value=float(r[20] or 0), market=exchange, currency="USD", as_of=_stamp(r[5], r[6]))


def book_from_record(r: list[str], day: str = "") -> OrderBook:
    asks = [Level(float(r[3 + i]), int(r[23 + i])) for i in range(10)]
    bids = [Level(float(r[13 + i]), int(r[33 + i])) for i in range(10)]
    expected = float(r[47]) if r[47] not in ("", "0") else None
    return OrderBook(code=r[0], asks=asks, bids=bids, total_ask_qty=int(r[43]), total_bid_qty=int(r[44]),
                     expected_price=expected, as_of=_stamp(day, r[1]) if day else None)


def notice_from_record(r: list[str]) -> FillNotice:
    """A decrypted H0STCNI0/9 record."""
    if r[12] == "1":
        kind = NoticeKind.REJECTED
    elif r[13] == "2":
        kind = NoticeKind.FILLED
    elif r[5] == "2" or r[14] == "3":
        kind = NoticeKind.CANCELLED
    elif r[5] == "1":
        kind = NoticeKind.MODIFIED
    else:
        kind = NoticeKind.ACCEPTED
    t = r[11]
    at = dtime(int(t[:2]), int(t[2:4]), int(t[4:6])) if len(t) == 6 and t.isdigit() else None
    fill = kind == NoticeKind.FILLED
    return FillNotice(kind=kind, order_no=r[2], orig_order_no=r[3], account=r[1], code=r[8], name=r[24],
                      side=Side.SELL if r[4] == spec.SIDE_SELL else Side.BUY, order_type=OrderType.from_code(r[6]),
                      quantity=int(r[16] or 0), price=float(r[25] or 0),
                      filled_qty=int(r[9] or 0) if fill else 0, fill_price=float(r[10] or 0) if fill else 0.0,
                      time=at, branch=r[15])


class Stream:
    """One app key's WebSocket session on its own thread; see the module's docstring."""

    def __init__(self, *, url: str, approval: Callable[[], str], mock: bool = False, hts_id: str | None = None,
                 budget: int = rt.CLIENT_BUDGET, backoff: tuple[float, float] = BACKOFF,
                 idle_timeout: float = IDLE_TIMEOUT, name: str = "kis-xl stream"):
        self.url = url.rstrip("/") + ("" if url.rstrip("/").endswith("/tryitout") else "/tryitout")
        self._approval_fn = approval
        self._approval: str | None = None
        self.mock = mock
        self.hts_id = hts_id
        self.budget = budget
        self.backoff = backoff
        self.idle_timeout = idle_timeout
        self.name = name
        self.stats = StreamStats()
        self.connected = False
        self._lock = threading.Lock()
        self._mru: OrderedDict[tuple[str, str], None] = OrderedDict()  # watched feeds, most recent last
        self._pinned: set[tuple[str, str]] = set()
        self._desired: set[tuple[str, str]] = set()
        self._feeds: dict[tuple[str, str], _Feed] = {}  # what this session asked for, and its reply
        self._us_exchange: dict[str, str] = {}
        self._quote_listeners: list[Callable[[list[Quote]], None]] = []
        self._book_listeners: list[Callable[[OrderBook], None]] = []
        self._notice_listeners: list[Callable[[FillNotice], None]] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._ws = None
        self._closing = False

    # listeners ----------------------------------------------------------------------------------
    def on_quotes(self, fn: Callable[[list[Quote]], None]) -> None:
        """``fn(quotes)`` on the stream's thread for every trade frame (several quotes when trades came together)."""
        self._quote_listeners.append(fn)

    def on_book(self, fn: Callable[[OrderBook], None]) -> None:
        self._book_listeners.append(fn)

    def on_notice(self, fn: Callable[[FillNotice], None]) -> None:
        self._notice_listeners.append(fn)

    def off_notice(self, fn: Callable[[FillNotice], None]) -> None:
        """Stop telling ``fn`` (a follower that ended); the feed itself stays for whoever else listens."""
        if fn in self._notice_listeners:
            self._notice_listeners.remove(fn)

    # what to stream ----------------------------------------------------------------------------
    def watch(self, codes: Iterable[str]) -> None:
        """Codes in use now (KRX codes, or ``NAS:AAPL`` style US symbols): the most recent ``budget`` stream."""
        self._touch([self._feed_key(c) for c in codes])

    def watch_book(self, code: str) -> None:
        self._touch([(rt.ORDER_BOOK, code)])

    def watch_notices(self) -> None:
        """Pin the fill-notice feed (keyed by the profile's HTS id); it takes one slot of the budget."""
        if not self.hts_id:
            raise KisXlError("fill notices need the profile's hts_id (the HTS login id KIS keys them by)")
        with self._lock:
            self._pinned.add((rt.notice_tr_id(self.mock), self.hts_id))
            changed = self._recompute()
        if changed:
            self._kick()
        self.start()

    def notices_live(self) -> bool:
        """True when the fill-notice feed is subscribed, acknowledged (its key known) and connected."""
        feed = self._feeds.get((rt.notice_tr_id(self.mock), self.hts_id or ""))
        return bool(self.connected and feed and feed.acked and feed.key_iv)

    def unwatch(self, codes: Iterable[str]) -> None:
        with self._lock:
            for c in codes:
                self._mru.pop(self._feed_key(c), None)
            changed = self._recompute()
        if changed:
            self._kick()

    def _feed_key(self, code: str) -> tuple[str, str]:
        if ":" in code:  # NAS:AAPL
            exchange, symbol = code.split(":", 1)
            key = rt.us_key(symbol, exchange.upper())
            self._us_exchange[key] = exchange.upper()
            return rt.US_TRADES, key
        return rt.TRADES, code

    def _touch(self, keys: list[tuple[str, str]]) -> None:
        with self._lock:
            changed = False
            for k in keys:
                known = k in self._mru
                self._mru[k] = None
                self._mru.move_to_end(k)
                if not known or k not in self._desired:
                    changed = True
            if changed:
                changed = self._recompute()
        if changed:
            self._kick()
        self.start()

    def _recompute(self) -> bool:
        room = max(0, self.budget - len(self._pinned))
        wanted = set(list(self._mru)[-room:] if room else []) | self._pinned
        if wanted == self._desired:
            return False
        self._desired = wanted
        return True

    def streaming(self, code: str) -> bool:
        """True when the code's quotes come from the feed now (subscribed, acknowledged, connected)."""
        feed = self._feeds.get(self._feed_key(code))
        return bool(self.connected and feed and feed.acked)

    def status(self) -> dict[str, str]:
        """Every watched code → ``stream`` or ``rest`` (what the user sees)."""
        with self._lock:
            keys = list(self._mru)
        out = {}
        for tr_id, key in keys:
            label = f"{self._us_exchange.get(key, '')}:{key[4:]}" if tr_id == rt.US_TRADES else key
            feed = self._feeds.get((tr_id, key))
            out[label] = "stream" if self.connected and feed and feed.acked else "rest"
        return out

    # thread and loop ------------------------------------------------------------------------------
    def start(self) -> "Stream":
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    ready = threading.Event()
                    self._thread = threading.Thread(target=self._thread_main, args=(ready,), daemon=True,
                                                    name=self.name)
                    self._thread.start()
                    ready.wait(5)
        return self

    def _thread_main(self, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._wake, self._stop = asyncio.Event(), asyncio.Event()
        ready.set()
        try:
            loop.run_until_complete(self._run())
        finally:
            loop.close()

    def _signal(self, event: asyncio.Event | None) -> None:
        """Set one of the loop's events from another thread (nothing if the loop is not running)."""
        loop = self._loop
        if loop is not None and event is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # closed meanwhile
                pass

    def _kick(self) -> None:
        self._signal(self._wake)

    def close(self) -> None:
        self._closing = True
        self._signal(self._stop)
        if self._thread is not None:
            self._thread.join(timeout=5)

    async def _run(self) -> None:
        import websockets

        delay = self.backoff[0]
        while not self._closing:
            opened = None
            try:
                if self._approval is None:
                    self._approval = await asyncio.to_thread(self._approval_fn)
                async with websockets.connect(self.url, ping_interval=20, ping_timeout=20, max_queue=None,
                                              compression=None, open_timeout=10) as ws:
                    opened = time.monotonic()
                    self._ws = ws
                    self.connected = True
                    self.stats.connects += 1
                    self.stats.last_connect = opened
                    if self.stats.connects > 1:
                        self.stats.reconnects += 1
                    await self._session(ws)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # never the approval key: websockets' messages carry no headers
                self.stats.last_error = f"{type(exc).__name__}: {exc}"[:200]
            finally:
                was = self.connected
                self.connected = False
                self._ws = None
                self._feeds.clear()
                if was:
                    self.stats.last_drop = time.monotonic()
            if self._closing:
                break
            if opened is not None and time.monotonic() - opened >= STABLE_AFTER:
                delay = self.backoff[0]
            pause = delay * random.uniform(0.8, 1.2)
            delay = min(delay * 2, self.backoff[1])
            try:
                await asyncio.wait_for(self._stop.wait(), pause)
            except asyncio.TimeoutError:
                pass

    async def _session(self, ws) -> None:
        syncer = asyncio.create_task(self._sync_loop(ws))
        stopper = asyncio.create_task(self._stop.wait())
        try:
            while True:
                receive = asyncio.ensure_future(ws.recv())
                done, _ = await asyncio.wait({receive, stopper, syncer}, timeout=self.idle_timeout,
                                             return_when=asyncio.FIRST_COMPLETED)
                if receive not in done:
                    receive.cancel()
                    if stopper in done:
                        await ws.close()
                        return
                    if syncer in done:
                        syncer.result()  # its error ends the session
                    raise TimeoutError(f"no message for {self.idle_timeout:g} s")
                raw = receive.result()
                if isinstance(raw, bytes):
                    raw = raw.decode("utf-8", "replace")
                await self._handle(ws, raw)
        finally:
            syncer.cancel()
            stopper.cancel()

    async def _sync_loop(self, ws) -> None:
        """Send subscribe/unsubscribe messages until this session's registrations match what is wanted."""
        while True:
            self._wake.clear()
            with self._lock:
                desired = set(self._desired)
            for k in [k for k in self._feeds if k not in desired]:
                self._feeds.pop(k, None)
                await ws.send(rt.subscribe_message(self._approval, k[0], k[1], register=False))
            # releases first, so a replacement never meets MAX SUBSCRIBE OVER
            for k in sorted(desired - set(self._feeds)):
                self._feeds[k] = _Feed(*k)
                await ws.send(rt.subscribe_message(self._approval, k[0], k[1]))
            await self._wake.wait()

    async def _handle(self, ws, raw: str) -> None:
        if raw[:1] in ("0", "1"):
            self.stats.frames += 1
            try:
                self._dispatch(raw)
            except (rt.FrameError, ValueError, IndexError) as exc:
                self.stats.malformed += 1
                self.stats.last_error = f"malformed frame: {exc}"[:200]
            return
        try:
            msg = json.loads(raw)
            header = msg["header"]
        except (ValueError, KeyError, TypeError):
            self.stats.malformed += 1
            return
        if header.get("tr_id") == rt.PINGPONG:
            await ws.pong(raw.encode())  # what KIS's sample does (kis_auth.py: ws.pong(raw))
            await ws.send(raw)  # and the echo python-kis sends: either answers KIS
            return
        body = msg.get("body") or {}
        k = (str(header.get("tr_id", "")), str(header.get("tr_key", "")))
        feed = self._feeds.get(k)
        code = body.get("msg_cd", "")
        if code in (rt.SUBSCRIBED[0], rt.ALREADY[0]) and feed is not None:
            out = body.get("output") or {}
            feed.acked = True
            if out.get("key") and out.get("iv"):
                feed.key_iv = (str(out["key"]), str(out["iv"]))
        elif code in (rt.UNSUBSCRIBED[0], rt.NOT_SUBSCRIBED[0]):
            pass
        elif body.get("rt_cd") not in (None, "0"):
            self.stats.refused += 1
            self.stats.last_error = f"{code} {body.get('msg1', '')}"[:200]
            if code == rt.IN_USE[0] or code == rt.BAD_APPROVAL[0]:
                if code == rt.BAD_APPROVAL[0]:
                    self._approval = None  # ask for a new one on the next connection
                raise ConnectionError(f"{code} {body.get('msg1', '')}")

    def _keys(self) -> dict[str, tuple[str, str]]:
        return {tr: f.key_iv for (tr, _), f in self._feeds.items() if tr in rt.NOTICES and f.key_iv}

    def _dispatch(self, raw: str) -> None:
        tr_id, records = rt.split_frame(raw, self._keys() if raw[0] == "1" else None)
        self.stats.records += len(records)
        if tr_id == rt.TRADES:
            quotes = [quote_from_trade(r) for r in records]
            for fn in self._quote_listeners:
                fn(quotes)
        elif tr_id == rt.US_TRADES:
            quotes = []
            for r in records:
                exchange = next((e for k, e in self._us_exchange.items() if k[4:] == r[0]), "NAS")
                quotes.append(quote_from_us_trade(r, exchange))
            for fn in self._quote_listeners:
                fn(quotes)
        elif tr_id == rt.ORDER_BOOK:
            for r in records:
                book = book_from_record(r)
                for fn in self._book_listeners:
                    fn(book)
        elif tr_id in rt.NOTICES:
            for r in records:
                notice = notice_from_record(r)
                self.stats.notices += 1
                for fn in tuple(self._notice_listeners):  # followers come and go on other threads
                    fn(notice)


_streams: dict[str, Stream] = {}
_streams_lock = threading.Lock()


def stream_for(profile, **kwargs) -> Stream:
    """The process's stream of a (resolved) profile's app key: one WebSocket session per key."""
    url = ws_base(profile)
    ident = hashlib.sha256(f"{url}|{profile.app_key}".encode()).hexdigest()
    with _streams_lock:
        stream = _streams.get(ident)
        if stream is None:
            stream = _streams[ident] = Stream(url=url, approval=lambda: fetch_approval_key(profile),
                                              mock=profile.domain == spec.MOCK, hts_id=profile.hts_id, **kwargs)
        return stream


def close_streams() -> None:
    with _streams_lock:
        streams = list(_streams.values())
        _streams.clear()
    for s in streams:
        s.close()
