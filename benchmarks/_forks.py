"""Start ``kis-xl`` commands as real processes without paying Python's start-up each time (a fork server).

A soak runs ``kis-xl orders submit`` dozens of times and kills many runs within a second: as fresh processes,
each spent most of that second importing kis_xl (0.8 s of CPU), so most kills landed in ``import`` and the suite
waited out the imports. Here one server process imports the CLI once and forks a child per command: each child
is still its own process (own memory, own file locks, killed by a real signal, its exit code or ``-signal`` as
``subprocess`` reports it), it only starts where ``python -m kis_xl.cli.main`` would be after its imports.

    python benchmarks/_forks.py      # the server: reads one JSON request a line, answers with JSON lines

Request ``{"args": [...], "env": {...}, "stderr": path}``; answers ``{"pid": n}`` at once, then ``{"exit": code}``.
Two faults a soak draws ride on a request: ``"journal_full_at": n``, the journal's disk full from the run's n-th
write (0-based) on; ``"workbook_name": name``, an ``orders submit FILE`` run as Excel's SUBMIT button runs it, the
workbook known by the name Excel gives it (``book.fullname``: a OneDrive or SharePoint URL).
"""

from __future__ import annotations

import atexit
import errno
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import traceback
from pathlib import Path

DISK_FULL = "soak: the journal's disk is full"  # said on the child's stderr when the drawn write comes


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

    def start(self, args: list[str], env: dict[str, str], stderr: Path, *, journal_full_at: int | None = None,
              workbook_name: str | None = None) -> int:
        """Fork a child running ``kis-xl *args`` with ``env``, its stderr written to ``stderr``; its pid.
        ``journal_full_at``: its journal's disk full from that write on; ``workbook_name``: run as Excel would."""
        request = {"args": args, "env": env, "stderr": str(stderr), "journal_full_at": journal_full_at,
                   "workbook_name": workbook_name}
        self.proc.stdin.write(json.dumps(request) + "\n")
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


def _full_disk(at: int) -> None:
    """The journal's disk fills at this run's ``at``-th write and stays full: each write then puts down half its
    bytes and fails with ENOSPC, as a full disk does (the mechanism of tests/orders/test_order_core.py's FullDisk)."""
    from kis_xl.orders import journal

    real, writes = journal._write_all, [0]

    def write_all(fd: int, data: bytes) -> None:
        writes[0] += 1
        if writes[0] <= at:
            return real(fd, data)
        if writes[0] == at + 1:
            print(DISK_FULL, file=sys.stderr, flush=True)
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    journal._write_all = write_all


def _as_excel(name: str):
    """``orders submit FILE`` as Excel's SUBMIT button runs it (``orders.macro``): the workbook known by ``name``,
    an error shown in one line (Excel's message box)."""

    def main(args: list[str]) -> int:
        from kis_xl.errors import KisXlError
        from kis_xl.orders.book import OpenpyxlSheet
        from kis_xl.orders.service import submit

        try:
            submit(OpenpyxlSheet(args[-1]), name)
        except KisXlError as exc:
            print(f"kis-xl: {exc}", file=sys.stderr)
            return 1
        return 0

    return main


def _child(request: dict) -> None:
    """In the forked child: become ``python -m kis_xl.cli.main *args`` (or Excel's SUBMIT) and never return."""
    from kis_xl.cli.main import main as cli

    if request.get("journal_full_at") is not None:
        _full_disk(request["journal_full_at"])
    main = _as_excel(request["workbook_name"]) if request.get("workbook_name") else cli
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
