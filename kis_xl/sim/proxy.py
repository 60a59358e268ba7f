"""A loopback TCP relay in front of a simulator port, for tests and benchmarks of dead connections.

``freeze()`` stops relaying the connections open now, both ways, without closing them toward the
client: what a client sees of a half-open connection (a router that lost its state, a laptop that
slept). With ``server_notices`` the server's side is closed at once (the server found the session
dead first); without, the server keeps its side until it finds out for itself. New connections are
relayed as usual, so a client that gives up on the frozen one and reconnects gets through.
"""

from __future__ import annotations

import asyncio
import threading


class Relay:
    def __init__(self, target_port: int, host: str = "127.0.0.1"):
        self.host, self.target_port = host, target_port
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._frozen: set[int] = set()  # generations of connections that relay nothing any more
        self._generation = 0
        self._upstreams: dict[int, list] = {}  # generation → its server-side writers
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._main, daemon=True, name="kis-xl relay")

    def start(self) -> "Relay":
        self._thread.start()
        self._ready.wait(5)
        return self

    def _main(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._relay, self.host, 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _relay(self, reader, writer) -> None:
        generation = self._generation
        upstream_reader, upstream_writer = await asyncio.open_connection(self.host, self.target_port)
        self._upstreams.setdefault(generation, []).append(upstream_writer)

        async def pipe(src, dst):
            try:
                while True:
                    data = await src.read(65536)
                    if not data:
                        break
                    while generation in self._frozen:  # half-open: hold everything, close nothing
                        await asyncio.sleep(3600)
                    dst.write(data)
                    await dst.drain()
            except (OSError, asyncio.CancelledError):
                pass
            finally:
                if generation not in self._frozen:
                    dst.close()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    def freeze(self, server_notices: bool = False) -> None:
        """The connections open now go silent both ways (later ones are relayed); ``server_notices`` closes
        their server side."""
        def act():
            self._frozen.add(self._generation)
            if server_notices:
                for writer in self._upstreams.pop(self._generation, []):
                    writer.close()
            self._generation += 1

        self._loop.call_soon_threadsafe(act)

    def url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
