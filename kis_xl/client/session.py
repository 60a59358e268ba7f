"""One WebSocket session to KIS for an app key, on an asyncio loop: connect, register, stay up.

``KisSession.run`` fetches an approval key (``/oauth2/Approval``; kept in memory only), connects to the
domain's WebSocket (``/tryitout``), and keeps the session's registrations equal to ``desired`` (the
feeds the slot allocator chose, most wanted first): releases first, then subscribes, each message
paced as KIS's samples pace them (0.05 s real, 0.5 s mock). It answers ``PINGPONG``, decrypts
notice frames with the key and iv of their subscribe reply, and hands data frames on as plain text,
together: every frame read before the loop next waits for the socket (one at a time when frames trickle in,
hundreds at saturation), so what each costs downstream is paid once a batch, not once a frame. A dropped or silent connection is reopened after a backoff (0.5 s, doubling to 30 s, with
jitter; back to 0.5 s once a session has lasted) and every registration is sent again: never a tight
reconnect loop, which KIS may punish by blocking the key. ``OPSP0011 invalid approval`` asks for a
fresh approval key; if KIS keeps refusing fresh keys (it does outside its service hours) the wait
grows to minutes (30 s doubling to 15 min), not a retry every few seconds all night.

The session's time (back-off pauses, pings, silence) comes from a ``Timer`` handed in, the system's by
default: a test hands in one it moves by hand, and a back-off of minutes takes no real time. Only the
pacing of control messages keeps to the real clock (KIS counts them on the wire).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from .. import realtime as rt
from ..i18n import t

Feed = tuple[str, str]
BACKOFF = (0.5, 30.0)  # first retry, ceiling (seconds)
APPROVAL_BACKOFF = (30.0, 900.0)  # after OPSP0011 with a fresh key: first wait, ceiling
IN_USE_BACKOFF = (15.0, 300.0)  # after OPSP8996 (another program or PC holds the key's session): KIS is said to
#                                 block keys that connect in a loop, so the waits grow; the ceiling bounds the delay
#                                 before streaming resumes once the other side lets go
STABLE_AFTER = 10.0  # a session that lasted this long resets the backoff
IDLE_TIMEOUT = 150.0  # KIS pings about every 100 s: longer silence means a dead or stalled session
PING_INTERVAL = PING_TIMEOUT = 20.0  # WebSocket pings: a half-open connection is found within 40 s
CLOSE_TIMEOUT = 1.0  # a dead connection answers no close handshake: do not wait long for one

log = logging.getLogger("kis_xl.stream")
HELD_ELSEWHERE = "session held elsewhere"  # the key of that warning in StreamStats.warnings


class Timer(Protocol):
    """The stream's time: monotonic seconds, and waits bounded by them."""

    def monotonic(self) -> float: ...

    async def wait(self, aw: Awaitable, seconds: float) -> bool:
        """Wait for ``aw`` at most ``seconds``: True if it finished (its exception raised), False if time ran out."""
        ...


class SystemTimer:
    """The system's monotonic clock and asyncio's timeouts."""

    def monotonic(self) -> float:
        return time.monotonic()

    async def wait(self, aw: Awaitable, seconds: float) -> bool:
        try:
            await asyncio.wait_for(aw, seconds)
        except asyncio.TimeoutError:
            return False
        return True


SYSTEM_TIMER = SystemTimer()


@dataclass
class StreamStats:
    connects: int = 0
    reconnects: int = 0
    frames: int = 0
    records: int = 0
    malformed: int = 0
    notices: int = 0
    refused: int = 0  # subscribe requests KIS answered with an error
    controls: int = 0  # subscribe and unsubscribe messages sent (by this process's session)
    closest_controls: float = float("inf")  # the shortest time between two of them, as sent (s)
    bad_approvals: int = 0  # OPSP0011 answers in a row
    held_elsewhere: int = 0  # OPSP8996 answers in a row: another program or PC holds the key's session
    last_error: str = ""
    last_connect: float = 0.0  # monotonic
    last_drop: float = 0.0
    pauses: deque = field(default_factory=lambda: deque(maxlen=16))  # the last waits before reconnecting (s)
    warnings: dict[str, str] = field(default_factory=dict)  # feed → the one warning it earned

    def reject(self, kind: str, problem: str) -> None:
        """Count a message that cannot be read, warning once per kind: it never ends the session and never
        becomes a quote."""
        self.malformed += 1
        self.last_error = f"malformed {kind}: {problem}"[:200]
        if f"malformed {kind}" not in self.warnings:
            self.warnings[f"malformed {kind}"] = problem[:200]
            log.warning("malformed %s ignored: %s", kind, problem[:200])


@dataclass
class Registration:
    acked: bool = False
    key_iv: tuple[str, str] | None = None


class SessionRefused(ConnectionError):
    """KIS ended the session's use: an approval key it does not know, or the app key in use elsewhere."""

    def __init__(self, reply: rt.Reply | None, code: str, text: str):
        super().__init__(f"{code} {text}")
        self.reply = reply


class KisSession:
    """See the module's docstring. ``on_frames(texts)`` gets data frames (plain text, in order) on the loop's
    thread; ``on_change()`` is told when registrations or the connection change."""

    def __init__(self, *, url: str, approval: Callable[[], str], mock: bool, stats: StreamStats,
                 on_frames: Callable[[list[str]], None], on_change: Callable[[], None],
                 backoff: tuple[float, float] = BACKOFF, approval_backoff: tuple[float, float] = APPROVAL_BACKOFF,
                 in_use_backoff: tuple[float, float] = IN_USE_BACKOFF, idle_timeout: float = IDLE_TIMEOUT,
                 ping: tuple[float, float] = (PING_INTERVAL, PING_TIMEOUT), timer: Timer = SYSTEM_TIMER):
        self.url = url.rstrip("/") + ("" if url.rstrip("/").endswith("/tryitout") else "/tryitout")
        self._approval_fn = approval
        self._approval: str | None = None
        self.pace = rt.PACE["mock" if mock else "real"]
        self.stats = stats
        self.on_frames, self.on_change = on_frames, on_change
        self._pending: list[str] = []  # data frames read since the loop last waited for the socket
        self.backoff, self.approval_backoff, self.in_use_backoff = backoff, approval_backoff, in_use_backoff
        self.idle_timeout, self.ping, self.timer = idle_timeout, ping, timer
        self.desired: list[Feed] = []
        self.registrations: dict[Feed, Registration] = {}  # what this connection asked for, and its reply
        self.refused: dict[Feed, str] = {}  # feed → KIS's refusal on this connection (not asked again on it)
        self.connected = False
        self._wake = asyncio.Event()
        self._last_sent = 0.0

    # what the owner sees ---------------------------------------------------------------------------
    def live(self) -> list[Feed]:
        """Feeds registered and acknowledged on the open connection."""
        return [f for f, r in self.registrations.items() if r.acked] if self.connected else []

    def set_desired(self, feeds: list[Feed]) -> None:
        if feeds != self.desired:
            self.desired = list(feeds)
            self._wake.set()

    # the connection ---------------------------------------------------------------------------------
    async def run(self, stop: asyncio.Event) -> None:
        import websockets

        delay = self.backoff[0]
        while not stop.is_set():
            opened = None
            pause = None
            try:
                if self._approval is None:
                    self._approval = await asyncio.to_thread(self._approval_fn)
                async with websockets.connect(self.url, ping_interval=None, close_timeout=CLOSE_TIMEOUT,
                                              max_queue=None, compression=None, open_timeout=10) as ws:
                    opened = self.timer.monotonic()
                    self._set_connected(True, opened)
                    await self._session(ws, stop)
            except asyncio.CancelledError:
                raise
            except SessionRefused as exc:
                self.stats.last_error = str(exc)[:200]
                if exc.reply is rt.BAD_APPROVAL:
                    self._approval = None  # ask for a new one on the next connection
                    self.stats.bad_approvals += 1
                    if self.stats.bad_approvals > 1:  # a fresh key refused too: KIS is not serving now
                        first, ceiling = self.approval_backoff
                        pause = min(first * 2 ** (self.stats.bad_approvals - 2), ceiling)
                else:
                    self.stats.held_elsewhere += 1
                    first, ceiling = self.in_use_backoff
                    pause = min(first * 2 ** (self.stats.held_elsewhere - 1), ceiling)
                    self._say_held_elsewhere(ceiling)
            except Exception as exc:  # never the approval key: websockets' messages carry no headers
                self.stats.last_error = f"{type(exc).__name__}: {exc}"[:200]
            finally:
                self._set_connected(False, self.timer.monotonic())
            if stop.is_set():
                break
            if opened is not None and self.timer.monotonic() - opened >= STABLE_AFTER:
                delay = self.backoff[0]
            if pause is None:
                pause = delay * random.uniform(0.8, 1.2)
                delay = min(delay * 2, self.backoff[1])
            self.stats.pauses.append(pause)
            await self.timer.wait(stop.wait(), pause)

    def _say_held_elsewhere(self, ceiling: float) -> None:
        """Once per spell: the key's session is held by another program or PC (without a shared Redis hub, two
        PCs on one key meet at KIS); shown in KIS_STATUS and on stderr."""
        if HELD_ELSEWHERE not in self.stats.warnings:
            self.stats.warnings[HELD_ELSEWHERE] = t(
                "another program or PC holds this app key's real-time session (OPSP8996): trying again at growing "
                "intervals, up to {minutes:g} min; to share it between PCs set KIS_XL_REDIS_URL",
                minutes=ceiling / 60)
            log.warning("%s", self.stats.warnings[HELD_ELSEWHERE])

    def _set_connected(self, up: bool, at: float) -> None:
        if up == self.connected:
            return
        self.connected = up
        if up:
            self.stats.connects += 1
            self.stats.last_connect = at
            if self.stats.connects > 1:
                self.stats.reconnects += 1
        else:
            self.stats.last_drop = at
            self.registrations.clear()
            self.refused.clear()
        self.on_change()

    async def _session(self, ws, stop: asyncio.Event) -> None:
        """Read until the connection ends: a plain ``async for`` (no task per message: frames come by the
        thousand), with a watchdog that closes the socket on stop and drops it on a failed sync, on silence
        or on a ping left unanswered."""
        from websockets.exceptions import ConnectionClosed

        self._last_message = self.timer.monotonic()
        ended: list[BaseException] = []
        syncer = asyncio.create_task(self._sync(ws))
        watchdog = asyncio.create_task(self._watchdog(ws, stop, syncer, ended))
        pinger = asyncio.create_task(self._keepalive(ws, ended))
        loop = asyncio.get_running_loop()
        try:
            async for raw in ws:  # frames already read come without a wait: the flush runs once they are out
                self._last_message = self.timer.monotonic()
                if isinstance(raw, bytes):
                    raw = raw.decode("utf-8", "replace")
                if raw[:1] in ("0", "1"):
                    if not self._pending:
                        loop.call_soon(self.flush)
                    self._data(raw)
                else:
                    self.flush()  # frames before a reply are told before it
                    await self._control(ws, raw)
        except ConnectionClosed:
            if not ended:
                raise
        finally:
            self.flush()
            syncer.cancel()
            watchdog.cancel()
            pinger.cancel()
        if stop.is_set():
            return
        if ended:
            raise ended[0]
        raise ConnectionError("closed by the server")

    async def _watchdog(self, ws, stop: asyncio.Event, syncer: asyncio.Task, ended: list) -> None:
        step = min(1.0, self.idle_timeout / 4)
        while not await self.timer.wait(stop.wait(), step):
            if syncer.done():
                _drop(ws, ended, syncer.exception() or ConnectionError("registrations stopped"))
                return
            if self.timer.monotonic() - self._last_message > self.idle_timeout:
                _drop(ws, ended, TimeoutError(f"no message for {self.idle_timeout:g} s"))
                return
        await ws.close()

    async def _keepalive(self, ws, ended: list) -> None:
        """A WebSocket ping every ``ping[0]`` s; no pong within ``ping[1]`` s drops the connection (half-open)."""
        from websockets.exceptions import ConnectionClosed

        interval, timeout = self.ping
        never = asyncio.Event()
        while True:
            await self.timer.wait(never.wait(), interval)
            try:
                pong = await ws.ping()
            except ConnectionClosed:
                return
            if not await self.timer.wait(pong, timeout):
                _drop(ws, ended, TimeoutError(f"no answer to a ping within {timeout:g} s"))
                return

    async def _send(self, ws, message: str) -> None:
        """A control message, never sooner than KIS's pace after the previous one (real time: KIS counts them)."""
        wait = self._last_sent + self.pace - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        if self._last_sent:
            self.stats.closest_controls = min(self.stats.closest_controls, time.monotonic() - self._last_sent)
        await ws.send(message)
        self._last_sent = time.monotonic()
        self.stats.controls += 1

    async def _sync(self, ws) -> None:
        """Send unsubscribe/subscribe messages until the registrations match ``desired``."""
        while True:
            self._wake.clear()
            desired = list(self.desired)
            wanted = set(desired)
            for f in [f for f in self.registrations if f not in wanted]:  # releases first: room for the new
                del self.registrations[f]
                await self._send(ws, rt.subscribe_message(self._approval, f[0], f[1], register=False))
                self.on_change()
            for f in desired:
                if f not in self.registrations and f not in self.refused and f in set(self.desired):
                    self.registrations[f] = Registration()
                    await self._send(ws, rt.subscribe_message(self._approval, f[0], f[1]))
            if self._wake.is_set():
                continue
            await self._wake.wait()

    def _data(self, raw: str) -> None:
        """A data frame read: decrypted if it is a notice, and kept for the next ``flush``."""
        self.stats.frames += 1
        if raw[0] == "1":
            raw = self._decrypted(raw)
            if raw is None:
                return
        self._pending.append(raw)

    def flush(self) -> None:
        """Hand on the data frames read so far."""
        if self._pending:
            frames, self._pending = self._pending, []
            try:
                self.on_frames(frames)
            except Exception as exc:  # a listener's fault: logged, never the session's end
                self.stats.last_error = f"a listener failed: {type(exc).__name__}: {exc}"[:200]
                log.exception("a real-time listener failed")

    async def _control(self, ws, raw: str) -> None:
        try:
            header, body = rt.parse_control(raw)
        except rt.FrameError as exc:
            self.stats.reject("control", str(exc))
            return
        if header.get("tr_id") == rt.PINGPONG:
            await ws.pong(raw.encode())  # what KIS's sample does (kis_auth.py: ws.pong(raw))
            await ws.send(raw)  # and the echo python-kis sends: either answers KIS
            return
        self._reply((str(header.get("tr_id", "")), str(header.get("tr_key", ""))), body)

    def _reply(self, f: Feed, body: dict) -> None:
        code, text = str(body.get("msg_cd", "")), str(body.get("msg1", ""))
        reg = self.registrations.get(f)
        if code in (rt.SUBSCRIBED.code, rt.ALREADY.code):  # ALREADY comes with rt_cd 1 yet means registered
            if reg is not None:
                out = body.get("output") if isinstance(body.get("output"), dict) else {}
                reg.acked = True
                if out.get("key") and out.get("iv"):
                    reg.key_iv = (str(out["key"]), str(out["iv"]))
                self.stats.bad_approvals = 0
                if self.stats.held_elsewhere:
                    self.stats.held_elsewhere = 0
                    self.stats.warnings.pop(HELD_ELSEWHERE, None)  # said again should it happen again
                self.on_change()
            return
        if code in (rt.UNSUBSCRIBED.code, rt.NOT_SUBSCRIBED.code):
            return
        self.stats.refused += 1
        self.stats.last_error = f"{code} {text}"[:200]
        if code in (rt.IN_USE.code, rt.BAD_APPROVAL.code):
            raise SessionRefused(rt.BAD_APPROVAL if code == rt.BAD_APPROVAL.code else rt.IN_USE, code, text)
        if reg is not None:  # this feed is refused on this connection (an unknown code, a feed not offered)
            del self.registrations[f]
            self.refused[f] = f"{code} {text}".strip()
            self.on_change()

    def _decrypted(self, raw: str) -> str | None:
        """An encrypted notice frame as a plain one; None (counted as malformed) if it cannot be read."""
        parts = raw.split("|", 3)
        tr_id = parts[1] if len(parts) == 4 else ""
        key_iv = next((r.key_iv for f, r in self.registrations.items() if f[0] == tr_id and r.key_iv), None)
        try:
            if key_iv is None:
                raise rt.FrameError(f"no key for encrypted feed {tr_id}")
            return f"0|{tr_id}|{parts[2]}|{rt.decrypt(key_iv[0], key_iv[1], parts[3])}"
        except Exception as exc:
            self.stats.reject("frame", f"{type(exc).__name__} {tr_id}")
            return None


def _drop(ws, ended: list, why: BaseException) -> None:
    """End a connection found dead at once: no close handshake a dead peer would never answer."""
    ended.append(why)
    ws.transport.abort()
