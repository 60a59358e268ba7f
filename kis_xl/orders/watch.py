"""``kis-xl orders watch FILE``: a saved order sheet's working rows follow KIS's fill notices until final.

The following itself is ``follow.Follower``; here it runs in the calling thread and writes into the file.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from .book import OpenpyxlSheet
from .follow import FINAL, Follower, RowUpdate, apply_updates, follow_seconds
from .ledger import Outcome


class FileTarget:
    """Writes updates into a workbook file, re-reading it first when someone else saved it meanwhile."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.sheet = OpenpyxlSheet(self.path, save_every_write=False)

    def __call__(self, updates: list[RowUpdate], summary: str) -> list[str]:
        if self.sheet.changed_since_read():
            self.sheet = OpenpyxlSheet(self.path, save_every_write=False)
        self.sheet.check_writable()
        return apply_updates(self.sheet, updates)


def watch_sheet(path: str | Path, client, stream, *, timeout: float | None = None,
                on_update: Callable[[dict], None] | None = None,
                on_problem: Callable[[str], None] | None = None) -> Outcome:
    """Update the file's working rows from fill notices until each is final, the day ends, or ``timeout`` s."""
    target = FileTarget(path)
    target.sheet.check_writable()
    seconds = follow_seconds(client.transport.server_time())
    until = time.monotonic() + (seconds if timeout is None else min(seconds, timeout))

    def deliver(updates: list[RowUpdate], summary: str) -> list[str]:
        problems = target(updates, summary)
        for problem in problems if on_problem else ():
            on_problem(problem)
        return problems

    return Follower(target.sheet.rows(), client, stream, deliver, until=until, on_update=on_update).run()


def cli_watch(args) -> int:
    """``kis-xl orders watch FILE``: one line per row update, then the rows' final table."""
    import sys

    from ..cli.ordersheet import emit_rows
    from ..client.stream import stream_for
    from .service import client_for

    sheet = OpenpyxlSheet(args.file)
    client = client_for(sheet, args.profile)
    stream = stream_for(client.profile)
    try:
        def show(update: dict) -> None:
            if args.fmt == "table":
                avg = f" avg {update['avg_price']:,}" if update["avg_price"] != "" else ""
                print(f"row {update['row']}: {update['code']} {update['status']} filled {update['filled']:,}{avg}",
                      flush=True)

        def warn(problem: str) -> None:
            print(f"kis-xl: {problem}", file=sys.stderr, flush=True)

        outcome = watch_sheet(args.file, client, stream, timeout=args.timeout, on_update=show, on_problem=warn)
    finally:
        stream.close()
        client.close()
    emit_rows(outcome.rows, args.fmt)
    return 0 if all(r["status"] in FINAL for r in outcome.rows) else 4
