"""KIS's real-time feed for a process: what it watches, typed updates to its listeners, one session per key.

``stream_for(profile)`` gives the process's ``Stream`` for a profile's app key. A Stream keeps this
process's ``Interest`` (the feeds it asks for, how often and how recently) and its listeners, and runs
on one background thread (an asyncio loop) that either *owns* the app key's WebSocket session
(``session.KisSession``, with the slot allocator ``slots.Slots``) or *attaches* to the process that
owns it (``share``: a loopback socket on this machine, or Redis pub/sub where ``KIS_XL_REDIS_URL`` is
set). Whoever owns serves everyone: one session per app key on the machine, 40 registrations chosen
for all processes together (pinned feeds first, then by use, a feed changing slot at most once a
minute), and when the owner exits another process takes over within seconds.

Feeds and what they give (``client.feeds`` maps KIS's records to models; its ``ROUTES`` says, per tr_id,
which parser and which listeners): ``watch`` codes → trades as
``Quote`` (H0STCNT0; US ``NAS:AAPL`` → HDFSCNT0), ``watch_book`` → ``OrderBook`` (H0STASP0),
``watch_index`` → ``IndexQuote`` (H0UPCNT0), ``watch_status`` → ``MarketStatus`` (H0STMKO0: halts, VI),
``watch_auction`` → ``AuctionQuote`` (H0STANC0), ``watch_notices`` → ``FillNotice`` for KRX orders
(H0STCNI0/9) and US orders (H0GSCNI0/9; ``FillNotice.market`` tells them apart) through one listener
API (``on_notice``). Records wider than the known layout are read by the known columns with one
warning per feed (``stats.warnings``, shown by KIS_STATUS).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from .. import krx, spec
from .. import realtime as rt
from ..errors import KisXlError
from ..models import (
    AuctionQuote,
    FillNotice,
    IndexQuote,
    MarketStatus,
    OrderBook,
    Quote,
)
from ..sessions import US_DAY_QUOTES
from . import feeds
from .session import (
    APPROVAL_BACKOFF,
    BACKOFF,
    IDLE_TIMEOUT,
    IN_USE_BACKOFF,
    PING_INTERVAL,
    PING_TIMEOUT,
    SYSTEM_TIMER,
    KisSession,
    StreamStats,
    Timer,
)
from .share import LocalShare, RedisShare, frame_feed, match_key
from .slots import HOLD, Feed, Interest, Slots, merge

log = logging.getLogger(__name__)
REFRESH_S = 1.0  # the owner chooses the streamed feeds and tells its members this often
RUN_RECORDS = 64  # a run of one feed's frames is handed on once it holds this many records: calls amortised,
#                   memory kept small (a saturated read's records held at once cost more than the calls saved)
RETRY_S = 0.25  # a process that neither owns nor reaches an owner looks again after this long
__all__ = ["Stream", "StreamStats", "stream_for", "close_streams", "ws_base", "fetch_approval_key", "BACKOFF"]


@dataclass
class View:
    """The session as this process sees it (an owner builds it, members receive it)."""

    connected: bool = False
    live: frozenset[Feed] = frozenset()
    refused: dict[Feed, str] = field(default_factory=dict)
    holders: dict[Feed, list[str]] = field(default_factory=dict)
    owner: str = ""
    error: str = ""


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


def process_label() -> str:
    """Who this process is, for ``KIS_LIVE``'s "held by": Excel, ``kis-xl watch``, or the program's name."""
    program = sys.argv[0] if sys.argv else ""
    if "xlwings.server" in sys.modules:
        name = "Excel"
    elif os.path.basename(program).startswith("kis-xl") or program.endswith(os.path.join("kis_xl", "cli", "main.py")):
        name = " ".join(["kis-xl", *[a for a in sys.argv[1:3] if not a.startswith("-")][:2]])
    else:
        name = os.path.basename(program) or "python"
    return f"{name} ({os.getpid()})"


def _kst_now() -> datetime:
    return datetime.now(krx.KST)


class Stream:
    """One process's view of an app key's real-time session; see the module's docstring."""

    def __init__(self, *, url: str, approval: Callable[[], str], mock: bool = False, hts_id: str | None = None,
                 budget: int = rt.CLIENT_BUDGET, backoff: tuple[float, float] = BACKOFF,
                 approval_backoff: tuple[float, float] = APPROVAL_BACKOFF,
                 in_use_backoff: tuple[float, float] = IN_USE_BACKOFF, idle_timeout: float = IDLE_TIMEOUT,
                 ping: tuple[float, float] = (PING_INTERVAL, PING_TIMEOUT), hold: float = HOLD,
                 shares: list | None = None, label: str | None = None, clock: Callable[[], datetime] = _kst_now,
                 timer: Timer = SYSTEM_TIMER, name: str = "kis-xl stream"):
        """``clock`` dates records (the server's wall clock); ``timer`` times everything else: slots, refreshes,
        back-off, pings, silence (see ``session.Timer``)."""
        self.url, self.mock, self.hts_id, self.budget = url, mock, hts_id, budget
        self._session_args = dict(url=url, approval=approval, mock=mock, backoff=backoff,
                                  approval_backoff=approval_backoff, in_use_backoff=in_use_backoff,
                                  idle_timeout=idle_timeout, ping=ping, timer=timer)
        self._shares = list(shares or [])
        self.label = label or process_label()
        self.clock, self.timer, self.monotonic, self.name = clock, timer, timer.monotonic, name
        self.stats = StreamStats()
        self.view = View()
        self.role = ""  # "owner" or "member" while running
        self._slots = Slots(budget, hold=hold)
        self._interest = Interest()
        self._mine: frozenset[Feed] = frozenset()  # the feeds this process wants, for filtering frames
        self._mine_version = -1
        self._unoffered: set[Feed] = set()
        self._daytime_at: datetime | None = None  # the minute _daytime was worked out for
        self._daytime = False
        self._lock = threading.Lock()
        self._trade_listeners: list[Callable[[str, list[list[str]]], None]] = []
        self._listeners: dict[str, list[Callable]] = {route.kind: [] for route in feeds.ROUTES.values()}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._session: KisSession | None = None
        self._outlet = None  # the owner's way to its members
        self._closing = False

    def use_clock(self, clock: Callable[[], datetime]) -> None:
        """Date streamed records and time market-status changes by ``clock`` (the server's), unless one was
        handed in already."""
        if self.clock is _kst_now:
            self.clock = clock

    # listeners ----------------------------------------------------------------------------------
    @property
    def _notice_listeners(self) -> list[Callable[[FillNotice], None]]:
        return self._listeners[feeds.NOTICE]

    def _off(self, kind: str, fn: Callable) -> None:
        if fn in self._listeners[kind]:
            self._listeners[kind].remove(fn)

    def on_quotes(self, fn: Callable[[list[Quote]], None]) -> None:
        """``fn(quotes)`` on the stream's thread for every trade frame (several quotes when trades came together)."""
        self._listeners[feeds.QUOTES].append(fn)

    def off_quotes(self, fn: Callable[[list[Quote]], None]) -> None:
        self._off(feeds.QUOTES, fn)

    def on_trades(self, fn: Callable[[str, list[list[str]]], None]) -> None:
        """``fn(tr_id, records)`` for every trade frame, its records as KIS's fields (text): for a consumer that
        keeps the latest and parses only what is read (``feeds.quote_from_trade``), not every trade."""
        self._trade_listeners.append(fn)

    def on_book(self, fn: Callable[[OrderBook], None]) -> None:
        self._listeners[feeds.BOOK].append(fn)

    def on_index(self, fn: Callable[[IndexQuote], None]) -> None:
        self._listeners[feeds.INDEX].append(fn)

    def on_status(self, fn: Callable[[MarketStatus], None]) -> None:
        """``fn(status)`` when a watched stock's trading state changes (a halt, a VI starting or ending)."""
        self._listeners[feeds.STATUS].append(fn)

    def on_auction(self, fn: Callable[[AuctionQuote], None]) -> None:
        self._listeners[feeds.AUCTION].append(fn)

    def on_notice(self, fn: Callable[[FillNotice], None]) -> None:
        """``fn(notice)`` for every order notice, KRX and US alike (``notice.market``), on the stream's thread."""
        self._listeners[feeds.NOTICE].append(fn)

    def off_notice(self, fn: Callable[[FillNotice], None]) -> None:
        """Stop telling ``fn`` (a follower that ended); the feed itself stays for whoever else listens."""
        self._off(feeds.NOTICE, fn)

    # what to stream ----------------------------------------------------------------------------
    def trade_feed(self, code: str) -> Feed:
        """A code's trades feed: KRX codes on H0STCNT0, ``NAS:AAPL`` style US symbols on HDFSCNT0 under the key
        they stream on now (R in the daytime session's quote hours, D otherwise)."""
        if ":" in code:
            exchange, symbol = code.split(":", 1)
            return rt.US_TRADES, rt.us_key(symbol, exchange, daytime=self._us_daytime())
        return rt.TRADES, code

    def _now_keyed(self, feed: Feed) -> Feed:
        """A US trades feed as asked (any key) under the key it streams on now; other feeds as they are."""
        parsed = rt.parse_us_key(feed[1]) if feed[0] == rt.US_TRADES else None
        if parsed is None:
            return feed
        return rt.US_TRADES, rt.us_key(parsed[1], parsed[0], daytime=self._us_daytime())

    def _us_daytime(self) -> bool:
        """Whether US trades stream on R keys now; worked out once a minute of the stream's clock. Asked again
        as cells and followers touch their codes, so a code moves to the other key at the session's edge."""
        minute = self.clock().replace(second=0, microsecond=0)
        if self._daytime_at != minute:
            self._daytime_at, self._daytime = minute, US_DAY_QUOTES.is_open(minute)
        return self._daytime

    def watch(self, codes: Iterable[str]) -> None:
        """Codes in use now (KRX codes, or ``NAS:AAPL`` style US symbols): their trades, as room allows."""
        self._ask([self.trade_feed(c) for c in codes])

    def watch_book(self, code: str) -> None:
        self._ask([(rt.ORDER_BOOK, code)])

    def watch_index(self, code: str) -> None:
        """An index (0001 KOSPI, 1001 KOSDAQ, 2001 KOSPI200)."""
        self._ask([(rt.INDEX, code)])

    def watch_status(self, code: str) -> None:
        self._ask([(rt.MARKET_STATUS, code)])

    def watch_auction(self, code: str) -> None:
        self._ask([(rt.EXPECTED, code)])

    def notice_feeds(self) -> list[Feed]:
        return [(rt.notice_tr_id(self.mock), self.hts_id or ""), (rt.us_notice_tr_id(self.mock), self.hts_id or "")]

    def watch_notices(self) -> None:
        """Pin the order-notice feeds, KRX and US (keyed by the profile's HTS id); each takes one registration."""
        if not self.hts_id:
            raise KisXlError("fill notices need the profile's hts_id (the HTS login id KIS keys them by)")
        now = self.monotonic()
        if any([self._interest.pin(f, now) for f in self.notice_feeds()]):
            self._kick()
        self.start()

    def notices_live(self, us: bool = False) -> bool:
        """True when the (KRX, or US) notice feed is registered, acknowledged and connected."""
        return self.streaming_feed(self.notice_feeds()[1 if us else 0])

    def unwatch(self, codes: Iterable[str]) -> None:
        self.unwatch_feeds([self.trade_feed(c) for c in codes])

    def unwatch_feeds(self, feeds_: Iterable[Feed]) -> None:
        """Feeds no longer in use here: their registrations go to whoever else wants one (a US code's under
        either key: the session may have moved it)."""
        feeds_ = list(feeds_)
        self._interest.drop(feeds_ + [_other_key(f) for f in feeds_ if f[0] == rt.US_TRADES])
        self._kick()

    def watch_feeds(self, feeds_: list[Feed]) -> None:
        """Feeds in use now, as (tr_id, tr_key): what the other ``watch_*`` calls come down to."""
        self._ask(feeds_)

    def _ask(self, wanted: list[Feed]) -> None:
        wanted = [self._now_keyed(f) for f in wanted]
        moved = [_other_key(f) for f in wanted if f[0] == rt.US_TRADES]
        if moved:  # a US code the session moved to its other key lets the old one go at once
            held = set(self._interest.feeds())
            if any(f in held for f in moved):
                self._interest.drop([f for f in moved if f in held])
        offered = rt.feeds(self.mock)
        if any(f[0] not in offered for f in wanted):  # never asked of KIS: shown as polled, and why
            self._unoffered.update(f for f in wanted if f[0] not in offered)
            wanted = [f for f in wanted if f[0] in offered]
        if wanted and self._interest.touch(wanted, self.monotonic()):
            self._kick()
        if self._thread is None:
            self.start()

    # what streams ------------------------------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self.view.connected

    def streaming_feed(self, feed: Feed) -> bool:
        return self.view.connected and self._now_keyed(feed) in self.view.live

    def streaming(self, code: str) -> bool:
        """True when the code's quotes come from the feed now (registered, acknowledged, connected)."""
        return self.streaming_feed(self.trade_feed(code))

    def source(self, code: str) -> str:
        """``stream`` or ``rest``: what a code's quote comes from now (the same word everywhere)."""
        return "stream" if self.streaming(code) else "rest"

    @staticmethod
    def feed_label(feed: Feed) -> str:
        """What a person reads for a feed's key: ``005930``, ``NAS:AAPL``, ``0001``, the HTS id."""
        if feed[0] == rt.US_TRADES:
            parsed = rt.parse_us_key(feed[1])
            return f"{parsed[0]}:{parsed[1]}" if parsed else feed[1]
        return feed[1]

    def status(self) -> dict[str, str]:
        """Every watched code (trades) → ``stream`` or ``rest``."""
        wanted = {self._now_keyed(f) for f in self._interest.feeds() if f[0] in (rt.TRADES, rt.US_TRADES)}
        return {self.feed_label(f): "stream" if self.streaming_feed(f) else "rest" for f in wanted}

    def rows(self) -> list[dict]:
        """Every feed this process wants or the session holds: key, feed, source, who holds it."""
        view = self.view
        feeds_ = list(dict.fromkeys([*self._interest.feeds(), *self._unoffered, *view.holders]))
        offered = rt.feeds(self.mock)
        out = []
        for f in feeds_:
            if f[0] not in offered:
                source = f"rest (not offered on the {'mock' if self.mock else 'real'} domain)"
            elif self.streaming_feed(f):
                source = "stream"
            elif f in view.refused:
                source = f"rest ({view.refused[f]})"
            else:
                source = "rest"
            route = feeds.ROUTES.get(f[0])
            out.append({"key": self.feed_label(f), "feed": route.name if route else f[0], "source": source,
                        "held_by": ", ".join(view.holders.get(f, [])) if f in view.live else ""})
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
            loop.run_until_complete(self._main())
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

    async def _main(self) -> None:
        warned: set[str] = set()
        while not self._closing:
            for share in self._shares or [None]:  # Redis first when set, then this machine's folder
                try:
                    if share is None or await share.claim():
                        await self._own(share)
                    else:
                        await self._attach(share)  # or no owner reachable yet: look again shortly
                    break
                except Exception as exc:  # Redis unreachable, a broken peer: the next share, or the next round
                    if share is not None and share.where not in warned:
                        warned.add(share.where)
                        log.warning("cannot share the real-time session through %s (%s)", share.where,
                                    type(exc).__name__)
                    self.stats.last_error = f"sharing through {getattr(share, 'where', '?')}: {type(exc).__name__}"
                    continue
            if not self._closing:
                await self.timer.wait(self._stop.wait(), RETRY_S)

    # owning the session -------------------------------------------------------------------------------
    async def _own(self, share) -> None:
        """Run the app key's session for every process until closed (or the claim is lost)."""
        self.role = "owner"
        members: dict[str, tuple[str, list]] = {}
        outlet = None
        session = self._session = KisSession(stats=self.stats, on_frames=self._on_session_frames,
                                             on_change=self._kick, **self._session_args)

        def wants(member: str, label: str, rows: list) -> None:
            new = {(r[0], r[1]) for r in rows} - {(r[0], r[1]) for r in members.get(member, ("", []))[1]}
            members[member] = (label, rows)
            if new:
                self._kick()

        def gone(member: str) -> None:
            members.pop(member, None)
            self._kick()

        runner = asyncio.create_task(session.run(self._stop))
        try:
            if share is not None:
                outlet = await share.outlet(wants, gone)
            self._outlet = outlet
            last_keep = 0.0
            while not self._closing and not runner.done():
                now = self.monotonic()
                snapshots = {self.label: self._interest.snapshot(now), **dict(members.values())}
                demand = merge(snapshots)
                session.set_desired(self._slots.choose(demand, now))
                self._publish(session, demand, outlet)
                if share is not None and now - last_keep >= 1.0:
                    last_keep = now
                    if not await share.keep():
                        break
                self._wake.clear()
                await self.timer.wait(self._wake.wait(), REFRESH_S)
        finally:
            self._outlet = None
            runner.cancel()
            try:
                await runner
            except (asyncio.CancelledError, Exception):
                pass
            self._session = None
            self._set_view(View())
            if share is not None:
                await share.release()
            self.role = ""

    def _publish(self, session: KisSession, demand: dict, outlet) -> None:
        live = frozenset(session.live())
        holders = {f: sorted(demand[f].holders) for f in live if f in demand}
        view = View(connected=session.connected, live=live, refused=dict(session.refused), holders=holders,
                    owner=self.label, error=self.stats.last_error)
        self._set_view(view)
        if outlet is not None:
            outlet.state({"connected": view.connected, "live": [list(f) for f in live],
                          "refused": [[*f, why] for f, why in view.refused.items()],
                          "holders": [[*f, who] for f, who in holders.items()], "owner": view.owner,
                          "error": view.error})

    def _on_session_frames(self, texts: list[str]) -> None:
        """Data frames from KIS (notices already decrypted), split once: ours to this process's listeners, every
        one to the members that want it."""
        self._deliver_runs(self._ours(texts))

    def _ours(self, texts: list[str]) -> Iterator[tuple[str, list[list[str]]]]:
        """(tr_id, records) of each frame this process wants, split as the runs are delivered (a saturated
        read's records are never all held at once); every frame goes on to the members that want it."""
        outlet, wanted, notices, known, split = self._outlet, self._wanted(), rt.NOTICES, rt.WIDTH, \
            rt.split_frame  # locals: this runs for every frame at full rate
        for text in texts:
            try:
                tr_id, records, width = split(text)
            except (rt.FrameError, ValueError, IndexError) as exc:
                self.stats.reject("frame", str(exc))
                continue
            if width != known[tr_id]:
                self._warn(tr_id, width)
            self.stats.records += len(records)
            feed = (tr_id, "") if tr_id in notices else (tr_id, records[0][0])  # share.match_key's
            if outlet is not None:
                outlet.frame(text, feed)
            if feed in wanted or not self._registered(feed):
                yield tr_id, records

    def _registered(self, feed: Feed) -> bool:
        session = self._session
        return session is not None and any(match_key(f) == feed for f in session.registrations)

    # attaching to the owner -----------------------------------------------------------------------------
    async def _attach(self, share) -> bool:
        """Follow the process that owns the session until it goes away; False if none was reachable."""
        link = await share.connect()
        if link is None:
            return False
        self.role = "member"
        sent_version, sent_at = -1, 0.0

        async def tell() -> None:
            nonlocal sent_version, sent_at
            while True:
                now = self.monotonic()
                if self._interest.version != sent_version or now - sent_at >= REFRESH_S:
                    sent_version, sent_at = self._interest.version, now
                    await link.wants(self.label, self._interest.snapshot(now))
                self._wake.clear()
                await self.timer.wait(self._wake.wait(), REFRESH_S)

        teller = asyncio.create_task(tell())
        reader = asyncio.create_task(link.run(self._on_member_frame, self._on_state))
        stopper = asyncio.create_task(self._stop.wait())
        try:
            await asyncio.wait({teller, reader, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (teller, reader, stopper):
                task.cancel()
            await link.close()
            self._set_view(View())
            self.role = ""
        for task in (teller, reader):
            if task.done() and not task.cancelled() and task.exception() is not None:
                raise task.exception()
        return True

    def _on_member_frame(self, text: str) -> None:
        try:
            if frame_feed(text) not in self._wanted():
                return  # Redis members hear every frame of the session
        except ValueError:
            pass
        self.stats.frames += 1
        self._dispatch(text)

    def _dispatch(self, text: str) -> None:
        split = self._split(text)
        if split is not None:
            self._deliver_runs([split])

    def _on_state(self, state: dict) -> None:
        self._set_view(View(connected=bool(state.get("connected")),
                            live=frozenset((f[0], f[1]) for f in state.get("live") or []),
                            refused={(r[0], r[1]): str(r[2]) for r in state.get("refused") or []},
                            holders={(h[0], h[1]): list(h[2]) for h in state.get("holders") or []},
                            owner=str(state.get("owner", "")), error=str(state.get("error", ""))))

    def _set_view(self, view: View) -> None:
        was = self.view.connected
        self.view = view
        if self.role == "member" and view.connected != was:  # an owner counts its own (re)connects
            now = self.monotonic()
            if view.connected:
                self.stats.connects += 1
                self.stats.reconnects += self.stats.connects > 1
                self.stats.last_connect = now
            else:
                self.stats.last_drop = now
        if view.error and self.role == "member":
            self.stats.last_error = view.error

    def _wanted(self) -> frozenset[Feed]:
        if self._interest.version != self._mine_version:
            self._mine_version = self._interest.version
            self._mine = frozenset(match_key(f) for f in self._interest.feeds())
        return self._mine

    # frames ----------------------------------------------------------------------------------------------
    def _warn(self, tr_id: str, width: int) -> None:
        if tr_id not in self.stats.warnings:
            more = "extra columns ignored" if width > rt.WIDTH[tr_id] else "missing columns left empty"
            self.stats.warnings[tr_id] = (f"{tr_id} records carry {width} fields, {rt.WIDTH[tr_id]} known: "
                                          f"{more}")
            log.warning("%s", self.stats.warnings[tr_id])

    def _split(self, raw: str) -> tuple[str, list[list[str]]] | None:
        """(tr_id, records) of a data frame; None (counted, warned once) if it cannot be read."""
        try:
            tr_id, records, width = rt.split_frame(raw)
        except (rt.FrameError, ValueError, IndexError) as exc:
            self.stats.reject("frame", str(exc))
            return None
        if width != rt.WIDTH[tr_id]:
            self._warn(tr_id, width)
        self.stats.records += len(records)
        return tr_id, records

    def _deliver_runs(self, frames: Iterable[tuple[str, list[list[str]]]]) -> None:
        """Frames in order, each run of one feed's frames delivered together, up to ``RUN_RECORDS`` records
        (one call to a trades listener for a run, not one a frame)."""
        run_tr, run = "", None
        for tr_id, records in frames:
            if tr_id == run_tr and len(run) < RUN_RECORDS:
                run.extend(records)
                continue
            if run:
                self._deliver(run_tr, run)
            run_tr, run = tr_id, records
        if run:
            self._deliver(run_tr, run)

    def _deliver(self, tr_id: str, records: list[list[str]]) -> None:
        """A frame's records to the listeners ``feeds.ROUTES`` names for its tr_id, parsed only if someone
        listens."""
        route = feeds.ROUTES[tr_id]
        if route.raw:
            for fn in self._trade_listeners:
                fn(tr_id, records)
        if route.kind == feeds.NOTICE:
            self.stats.notices += len(records)
        listeners = tuple(self._listeners[route.kind])  # followers come and go on other threads
        if not listeners:
            return
        items = route.items(records, self.clock, lambda problem: self.stats.reject("frame", problem))
        if route.batch:
            for fn in listeners:
                fn(items)
            return
        for item in items:
            for fn in listeners:
                fn(item)


def _other_key(feed: Feed) -> Feed:
    """A US trades feed under its other key (R for D, D for R); other feeds as they are."""
    parsed = rt.parse_us_key(feed[1])
    return feed if parsed is None else (rt.US_TRADES, rt.us_key(parsed[1], parsed[0], daytime=not parsed[2]))


_streams: dict[str, Stream] = {}
_streams_lock = threading.Lock()


def stream_for(profile, **kwargs) -> Stream:
    """The process's stream of a (resolved) profile's app key: one WebSocket session per key, shared with
    every other process of this machine (and of other machines through ``KIS_XL_REDIS_URL``)."""
    from ..config import cache_dir
    from .shared import key_digest, redis_url

    url = ws_base(profile)
    ident = hashlib.sha256(f"{url}|{profile.app_key}".encode()).hexdigest()
    with _streams_lock:
        stream = _streams.get(ident)
        if stream is None:
            digest = key_digest(url, profile.app_key or "")
            shares: list = [LocalShare(cache_dir() / "stream", digest)]
            where = redis_url(profile)
            if where:
                try:
                    shares.insert(0, RedisShare(where, digest))
                except (ImportError, ValueError):  # the message could quote the URL, password and all
                    log.warning("the Redis URL cannot be used: the real-time session is shared on this machine only")
            stream = _streams[ident] = Stream(url=url, approval=lambda: fetch_approval_key(profile),
                                              mock=profile.domain == spec.MOCK, hts_id=profile.hts_id,
                                              shares=kwargs.pop("shares", shares), **kwargs)
        return stream


def close_streams() -> None:
    with _streams_lock:
        streams = list(_streams.values())
        _streams.clear()
    for s in streams:
        s.close()
