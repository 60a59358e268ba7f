"""``kis-xl orders watch FILE``: a saved order sheet's working rows follow KIS's fill notices until final.

The following itself is ``follow.Follower``; here it runs in the calling thread and writes into the file.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from .book import OpenpyxlSheet
from .broker import Broker
from .follow import Follower, RowUpdate, apply_updates, follow_seconds
from .ledger import Outcome
from .rows import SheetRow


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


def watch_sheet(path: str | Path, broker: Broker, stream, *, timeout: float | None = None,
                on_update: Callable[[dict], None] | None = None,
                on_problem: Callable[[str], None] | None = None,
                keep: Callable[[SheetRow], bool] | None = None) -> Outcome:
    """Update the file's working rows from fill notices until each is final, the day ends, or ``timeout`` s;
    ``keep``: the rows of the broker's account (a sheet's Account column may name others)."""
    target = FileTarget(path)
    target.sheet.check_writable()
    seconds = follow_seconds(broker.server_time())
    until = time.monotonic() + (seconds if timeout is None else min(seconds, timeout))

    def deliver(updates: list[RowUpdate], summary: str) -> list[str]:
        problems = target(updates, summary)
        for problem in problems if on_problem else ():
            on_problem(problem)
        return problems

    return Follower([r for r in target.sheet.rows() if keep is None or keep(r)], broker, stream, deliver, until=until, on_update=on_update).run()
