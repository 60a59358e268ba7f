"""Start ``kis-xl`` commands as real processes without paying Python's start-up each time (a fork server).

A soak runs ``kis-xl orders submit`` dozens of times and kills many runs within a second: as fresh processes,
each spent most of that second importing kis_xl (0.8 s of CPU), so most kills landed in ``import`` and the suite
waited out the imports. Here one server process imports the CLI once and forks a child per command: each child
is still its own process (own memory, own file locks, killed by a real signal, its exit code or ``-signal`` as
``subprocess`` reports it), it only starts where ``python -m kis_xl.cli.main`` would be after its imports.

    python benchmarks/_forks.py      # the server: reads one JSON request a line, answers with JSON lines

Request ``{"args": [...], "env": {...}, "stderr": path}``; answers ``{"pid": n}`` at once, then ``{"exit": code}``.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import traceback
from pathlib import Path


class ForkServer:
    """The soak's side: one server process (started with ``env``), one command at a time."""

    def __init__(self, env: dict[str, str]):
        self.proc = subprocess.Popen([sys.executable, __file__], env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)
        self.answers: queue.Queue[str] = queue.Queue()  # a reader thread: no select() (fds past 1024 in a long
        threading.Thread(target=self._read, daemon=True).start()  # suite) and no line left in a read buffer

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.answers.put(line)
        self.answers.put("")

    def start(self, args: list[str], env: dict[str, str], stderr: Path) -> int:
        """Fork a child running ``kis-xl *args`` with ``env``, its stderr written to ``stderr``; its pid."""
        self.proc.stdin.write(json.dumps({"args": args, "env": env, "stderr": str(stderr)}) + "\n")
        return int(self._answer(None)["pid"])

    def wait(self, timeout: float | None) -> int | None:
        """The child's exit code (``-signal`` when a signal ended it), or None if it still runs after ``timeout``."""
        answer = self._answer(timeout)
        return None if answer is None else int(answer["exit"])

    def _answer(self, timeout: float | None) -> dict | None:
        try:
            line = self.answers.get(timeout=timeout)
        except queue.Empty:
            return None
        if not line:
            raise RuntimeError("the fork server stopped")
        return json.loads(line)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _child(request: dict) -> None:
    """In the forked child: become ``python -m kis_xl.cli.main *args`` and never return."""
    from kis_xl.cli.main import main

    code = 1
    try:
        os.environ.clear()
        os.environ.update(request["env"])
        with open(os.devnull, "rb") as nothing_in, open(os.devnull, "wb") as nothing_out, \
                open(request["stderr"], "wb") as err:
            os.dup2(nothing_in.fileno(), 0)
            os.dup2(nothing_out.fileno(), 1)
            os.dup2(err.fileno(), 2)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as a terminal's Ctrl+C reaches a new process
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        sys.argv = [sys.executable, *request["args"]]
        try:
            code = main(request["args"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except KeyboardInterrupt:  # as the interpreter would: the traceback, then end by the signal itself
            traceback.print_exc()
            sys.stderr.flush()
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        except BaseException:  # as the interpreter would: the traceback on stderr, exit 1
            traceback.print_exc()
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def serve() -> None:
    """Import what the order commands import (some of it lazily, mid-run) and build the trading calendars
    (into the cache folder of the server's environment) once; then fork a child per request."""
    import openpyxl  # noqa: F401
    import kis_xl.cli.main  # noqa: F401
    import kis_xl.cli.ordersheet  # noqa: F401
    from kis_xl.calendars import calendar

    calendar("XKRX")
    calendar("XNYS")

    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            sys.stdin.close()
            _child(request)
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"exit": os.waitstatus_to_exitcode(status)}), flush=True)


if __name__ == "__main__":
    serve()
