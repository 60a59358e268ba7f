"""One KIS WebSocket session per app key, shared by every process that watches (Excel, the CLI, order followers).

KIS refuses a second session for an app key (``OPSP8996 ALREADY IN USE appkey``), so the first process
that needs the stream *owns* the session and the others *attach* to it. An owner publishes every data
frame (notices decrypted) and the session's state; members send what they want (their ``Interest``
snapshot) and read frames. When the owner exits its claim lapses and a member takes over.

- ``LocalShare``: processes of this machine. The claim is an OS file lock in the cache folder (it dies
  with its process); the owner listens on a loopback port written, with a random secret, to a 0600 file
  beside it; members connect and prove the secret. Newline-delimited: frames as KIS sends them, JSON
  for everything else.
- ``RedisShare`` (``KIS_XL_REDIS_URL``): processes of several machines. The claim is a Redis key with a
  5 s lease the owner renews every second; frames and state go out on pub/sub channels, members'
  wants come in on another. Keys carry a hash of the server and app key, never the key.

Neither ever carries the app key, its secret, a token or an approval key. Notices travel decrypted to
the processes of the same user (loopback, or the user's own Redis).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from .. import realtime as rt
from ..files import write_json

log = logging.getLogger(__name__)
Feed = tuple[str, str]
OnWants = Callable[[str, str, list], None]  # (member id, its label, its interest snapshot)
OnGone = Callable[[str], None]
OnFrame = Callable[[str], None]
OnState = Callable[[dict], None]
MEMBER_BUFFER = 8 * 1024 * 1024  # a member this far behind is dropped (it reconnects and catches up)
LEASE_MS = 5_000  # a Redis owner's claim lapses this long after its last renewal
STATE_TIMEOUT = 3.0  # a Redis member that hears no state for this long looks for a new owner


def match_key(feed: Feed) -> Feed:
    """What frames are matched to wanters by: the feed, or for notices their tr_id alone (KIS keys them by
    the HTS id but need not spell it in CUST_ID as it was typed)."""
    return (feed[0], "") if feed[0] in rt.NOTICES else feed


def frame_feed(text: str) -> Feed:
    """The ``match_key`` of a data frame: its tr_id and its first field (the tr_key)."""
    _, tr_id, _, payload = text.split("|", 3)
    if tr_id in rt.NOTICES:
        return tr_id, ""
    cut = payload.find("^")
    return tr_id, payload[:cut] if cut >= 0 else payload


class _Members:
    """An owner's view of its members: what each wants, to send each only its frames."""

    def __init__(self, on_wants: OnWants, on_gone: OnGone):
        self.on_wants, self.on_gone = on_wants, on_gone
        self.wanted: dict[str, set[Feed]] = {}

    def wants(self, member: str, label: str, rows: list) -> None:
        self.wanted[member] = {match_key((r[0], r[1])) for r in rows}
        self.on_wants(member, label, rows)

    def gone(self, member: str) -> None:
        if self.wanted.pop(member, None) is not None:
            self.on_gone(member)


# this machine ------------------------------------------------------------------------------------------
class LocalOutlet:
    """The owner's side on this machine: a loopback server its members connect to."""

    def __init__(self, share: "LocalShare", members: _Members):
        self.share, self.members = share, members
        self.writers: dict[str, asyncio.StreamWriter] = {}
        self.secret = secrets.token_hex(16)
        self.server: asyncio.base_events.Server | None = None

    async def open(self) -> None:
        self.server = await asyncio.start_server(self._member, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        write_json(self.share.info_path, {"port": port, "secret": self.secret, "pid": os.getpid()})

    async def _member(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        member = f"local-{id(writer)}"
        try:
            hello = json.loads(await asyncio.wait_for(reader.readline(), 5))
            if not hmac.compare_digest(str(hello.get("secret", "")), self.secret):
                return
            self.writers[member] = writer
            while True:
                line = await reader.readline()
                if not line:
                    return
                msg = json.loads(line)
                if msg.get("op") == "wants":
                    self.members.wants(member, str(msg.get("label", "")), list(msg.get("rows") or []))
        except (OSError, ValueError, asyncio.TimeoutError, AttributeError):
            return
        finally:
            self.writers.pop(member, None)
            self.members.gone(member)
            writer.close()

    def _write(self, member: str, data: bytes) -> None:
        writer = self.writers.get(member)
        if writer is None:
            return
        if writer.transport.get_write_buffer_size() > MEMBER_BUFFER:
            self.writers.pop(member, None)
            writer.close()  # too far behind: it reconnects and starts afresh
            return
        writer.write(data)

    def frame(self, text: str, feed: Feed) -> None:
        data = None
        for member, wanted in self.members.wanted.items():
            if feed in wanted:
                data = data or (text + "\n").encode()
                self._write(member, data)

    def state(self, state: dict) -> None:
        data = (json.dumps({"op": "state", **state}) + "\n").encode()
        for member in list(self.writers):
            self._write(member, data)

    async def close(self) -> None:
        for writer in list(self.writers.values()):
            writer.close()
        if self.server is not None:
            self.server.close()


class LocalLink:
    """A member's side on this machine: the connection to the owner."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer

    async def wants(self, label: str, rows: list) -> None:
        self.writer.write((json.dumps({"op": "wants", "label": label, "rows": rows}) + "\n").encode())
        await self.writer.drain()

    async def run(self, on_frame: OnFrame, on_state: OnState) -> None:
        """Read until the owner goes away."""
        while True:
            line = await self.reader.readline()
            if not line:
                return
            text = line.decode("utf-8", "replace").rstrip("\n")
            if text[:1] in ("0", "1"):
                on_frame(text)
            elif text.startswith("{"):
                on_state(json.loads(text))

    async def close(self) -> None:
        self.writer.close()


class _Share:
    """What both ways of sharing do alike: open the owner's outlet to its members."""

    outlet_class: type

    async def outlet(self, on_wants: OnWants, on_gone: OnGone):
        self._outlet = self.outlet_class(self, _Members(on_wants, on_gone))
        await self._outlet.open()
        return self._outlet


class LocalShare(_Share):
    """Sharing among this machine's processes (see the module's docstring)."""

    where = "this machine"
    outlet_class = LocalOutlet

    def __init__(self, folder: Path, digest: str):
        import filelock

        folder.mkdir(parents=True, exist_ok=True)
        self.lock_path, self.info_path = folder / f"{digest}.lock", folder / f"{digest}.json"
        self._lock = filelock.FileLock(str(self.lock_path), thread_local=False)
        self._outlet: LocalOutlet | None = None

    async def claim(self) -> bool:
        import filelock

        try:
            self._lock.acquire(timeout=0)
        except filelock.Timeout:
            return False
        return True

    async def keep(self) -> bool:
        return True

    async def release(self) -> None:
        if self._outlet is not None:
            await self._outlet.close()
            self._outlet = None
            self.info_path.unlink(missing_ok=True)
        if self._lock.is_locked:
            self._lock.release(force=True)

    async def connect(self) -> LocalLink | None:
        try:
            info = json.loads(self.info_path.read_text(encoding="utf-8"))
            reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", int(info["port"])), 2)
        except (OSError, ValueError, KeyError, TypeError, asyncio.TimeoutError):
            return None
        writer.write((json.dumps({"op": "hello", "secret": info.get("secret", "")}) + "\n").encode())
        return LocalLink(reader, writer)


# several machines: Redis -----------------------------------------------------------------------------------
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end
"""


class RedisOutlet:
    """The owner's side through Redis: frames and state published, members' wants read."""

    def __init__(self, share: "RedisShare", members: _Members):
        self.share, self.members = share, members
        self.seen: dict[str, float] = {}  # member → when it last said what it wants
        self._queue: list[str] = []
        self._tasks: list[asyncio.Task] = []
        self._pubsub = None

    async def open(self) -> None:
        self._pubsub = self.share.client.pubsub()
        await self._pubsub.subscribe(self.share.channel("wants"))
        self._tasks = [asyncio.create_task(self._listen()), asyncio.create_task(self._flush())]

    async def _listen(self) -> None:
        while True:
            msg = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            now = time.monotonic()
            if msg is not None:
                try:
                    data = json.loads(msg["data"])
                    member = str(data["id"])
                    self.seen[member] = now
                    self.members.wants(member, str(data.get("label", "")), list(data.get("rows") or []))
                except (ValueError, KeyError, TypeError):
                    pass
            for member in [m for m, t in self.seen.items() if now - t > STATE_TIMEOUT * 2]:
                del self.seen[member]
                self.members.gone(member)

    async def _flush(self) -> None:
        """Frames go out in batches (one publish per pass of the loop), not one publish per frame."""
        while True:
            await asyncio.sleep(0.01)
            if self._queue:
                batch, self._queue = self._queue, []
                await self.share.client.publish(self.share.channel("frames"), "\n".join(batch))

    def frame(self, text: str, feed: Feed) -> None:
        if any(feed in wanted for wanted in self.members.wanted.values()):
            self._queue.append(text)

    def state(self, state: dict) -> None:
        asyncio.ensure_future(self.share.client.publish(self.share.channel("state"), json.dumps(state)))

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._pubsub is not None:
            await self._pubsub.aclose()


class RedisLink:
    """A member's side through Redis."""

    def __init__(self, share: "RedisShare"):
        self.share = share
        self.id = f"{os.getpid()}-{secrets.token_hex(4)}"
        self._pubsub = None

    async def open(self) -> None:
        self._pubsub = self.share.client.pubsub()
        await self._pubsub.subscribe(self.share.channel("frames"), self.share.channel("state"))

    async def wants(self, label: str, rows: list) -> None:
        await self.share.client.publish(self.share.channel("wants"),
                                        json.dumps({"id": self.id, "label": label, "rows": rows}))

    async def run(self, on_frame: OnFrame, on_state: OnState) -> None:
        frames, last_state = self.share.channel("frames"), time.monotonic()
        while time.monotonic() - last_state < STATE_TIMEOUT:
            msg = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=0.5)
            if msg is None:
                continue
            data = msg["data"].decode("utf-8", "replace") if isinstance(msg["data"], bytes) else str(msg["data"])
            channel = msg["channel"].decode() if isinstance(msg["channel"], bytes) else str(msg["channel"])
            if channel == frames:
                for text in data.split("\n"):
                    on_frame(text)
            else:
                last_state = time.monotonic()
                on_state(json.loads(data))

    async def close(self) -> None:
        if self._pubsub is not None:
            await self._pubsub.aclose()


class RedisShare(_Share):
    """Sharing among several machines' processes through Redis (see the module's docstring)."""

    outlet_class = RedisOutlet

    def __init__(self, url: str, digest: str):
        import redis.asyncio as aioredis

        self.client = aioredis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=2.0)
        self.prefix = f"kis-xl:ws:{digest}"
        self.token = secrets.token_hex(16)
        self.where = "Redis"
        self._outlet: RedisOutlet | None = None

    def channel(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    async def claim(self) -> bool:
        return bool(await self.client.set(self.channel("owner"), self.token, nx=True, px=LEASE_MS))

    async def keep(self) -> bool:
        """Renew the claim; False once another process holds it (this one must stop owning)."""
        return bool(await self.client.eval(_RENEW, 1, self.channel("owner"), self.token, LEASE_MS))

    async def release(self) -> None:
        if self._outlet is not None:
            await self._outlet.close()
            self._outlet = None
        await self.client.eval(_RELEASE, 1, self.channel("owner"), self.token)

    async def connect(self) -> RedisLink | None:
        if not await self.client.exists(self.channel("owner")):
            return None
        link = RedisLink(self)
        await link.open()
        return link
