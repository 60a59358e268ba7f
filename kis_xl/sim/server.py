"""Running the simulator: both KIS domains on loopback ports, in a background thread or the foreground."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from datetime import datetime

import uvicorn

from .. import krx
from .app import create_app
from .protocol import Reset
from .routes_control import is_loopback
from .world import SimWorld


class _QuietResets(logging.Filter):
    """A connection the simulator cuts on purpose (a fault) is not an error worth a traceback in its log."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not (isinstance(exc, Reset) or isinstance(getattr(exc, "__cause__", None), Reset))


logging.getLogger("uvicorn.error").addFilter(_QuietResets())


class SimServer:
    """The real domain on ``port`` and the mock domain on ``mock_port`` (default: the next port; 0 = any free)."""

    def __init__(self, *, seed: int = 0, host: str = "127.0.0.1", port: int = 0, mock_port: int | None = None,
                 clock: str | datetime | None = None, state_file: str | None = None, strict_accounts: bool = False,
                 starting_cash: int = 10_000_000, rate_limits: dict | None = None):
        if not is_loopback(host):
            raise ValueError(f"the simulator listens on loopback only, not {host!r}")
        self.host = host
        self.world = SimWorld(seed=seed, clock=clock, rate_limits=rate_limits, state_file=state_file,
                              strict_accounts=strict_accounts, starting_cash=starting_cash)
        self._ports = (port, (port + 1 if port else 0) if mock_port is None else mock_port)
        self._servers: list[uvicorn.Server] = []
        self._threads: list[threading.Thread] = []
        self.real_url = self.mock_url = ""
        self.clock_note = ""

    def _bind(self, port: int) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, port))
        return sock

    def start(self) -> "SimServer":
        from . import accounts

        accounts.install(self.world)
        urls = []
        for domain, port in zip(("real", "mock"), self._ports):
            sock = self._bind(port)
            config = uvicorn.Config(create_app(self.world, domain), log_level="warning", lifespan="off",
                                    access_log=False, timeout_keep_alive=30, date_header=False,
                                    server_header=False)
            server = uvicorn.Server(config)
            thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                                      name=f"kis-sim-{domain}")
            thread.start()
            self._servers.append(server)
            self._threads.append(thread)
            host = f"[{self.host}]" if ":" in self.host else self.host
            urls.append(f"http://{host}:{sock.getsockname()[1]}")
        deadline = time.monotonic() + 10
        while not all(s.started for s in self._servers):
            if time.monotonic() > deadline:
                raise RuntimeError("the simulator did not start within 10 s")
            time.sleep(0.01)
        self.real_url, self.mock_url = urls
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.should_exit = True
        for thread in self._threads:
            thread.join(timeout=5)
        if self.world.trading is not None:
            self.world.trading.save()

    def __enter__(self) -> "SimServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Block until Ctrl-C or SIGTERM (used by ``kis-xl sim``), then stop cleanly.

        Both signals are set to stop it explicitly: a process started in the background by a script
        inherits SIGINT ignored, and ``kill`` sends SIGTERM.
        """
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, _interrupt)
        try:
            while all(t.is_alive() for t in self._threads):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


EMBEDDED_SEED = 1  # the market of the sim profile, and of ``kis-xl demo``
STATE_FILE = "sim-state.json"  # the sim profile's accounts, in the cache folder (`kis-xl sim --reset` empties it)
CLOCK_FILE = "sim-clock.json"  # beside the accounts' STATE_FILE
_embedded: SimServer | None = None
_embedded_lock = threading.Lock()


def embedded() -> SimServer:
    """The one in-process simulator of this process (the ``sim`` profile), started on first use.

    Its accounts live in the user's cache folder, so `kis-xl buy` followed by `kis-xl balance` (two
    processes, two simulators) see the same account. When KRX is closed it runs a simulated session
    (``KIS_XL_SIM_CLOCK`` chooses otherwise) whose clock is kept beside the accounts, so the next process
    carries it on; ``clock_note`` says which clock it runs on, for the CLI and KIS_STATUS to show.
    """
    global _embedded
    from ..config import cache_dir
    from .clock import SessionFile, embedded_start

    with _embedded_lock:
        if _embedded is None:
            now = datetime.now(krx.KST)  # the wall clock, read once: where the market clock starts
            setting = (os.environ.get("KIS_XL_SIM_CLOCK") or "").strip()
            kept = SessionFile(cache_dir() / CLOCK_FILE)
            start, note = embedded_start(setting, now, None if setting else kept.carried(now))
            if not setting:
                kept.keep(start or now, now)
            _embedded = SimServer(seed=EMBEDDED_SEED, state_file=str(cache_dir() / STATE_FILE),
                                  clock=start).start()
            _embedded.clock_note = note
        return _embedded


def embedded_note(url: str | None) -> str:
    """The line about the built-in simulator's clock when ``url`` is one of its domains, else ""."""
    server = _embedded
    return server.clock_note if server is not None and url and url in (server.real_url, server.mock_url) else ""


def stop_embedded() -> None:
    """Stop this process's built-in simulator (its accounts saved); the next ``embedded()`` starts anew, as the
    next process would."""
    global _embedded
    with _embedded_lock:
        if _embedded is not None:
            _embedded.stop()
            _embedded = None
