"""A long fetch's progress on stderr: one line rewritten in place (``시세 조회 중 120/300…``).

Shown only when stderr is a terminal and only once the fetch has run ``after`` seconds, then erased when it ends:
a short command prints nothing extra, and a pipe, a log file or a script reading stderr sees only errors.
"""

from __future__ import annotations

import sys
import time
import unicodedata
from collections.abc import Callable
from typing import TextIO

AFTER_S = 2.0


def _cells(text: str) -> int:
    """Columns a terminal gives the text: Korean and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class TerminalProgress:
    """Call it with (done, total) as a fetch advances; ``close`` (or leaving the ``with``) erases the line."""

    def __init__(self, text: Callable[[int, int], str], *, stream: TextIO | None = None, after: float = AFTER_S,
                 clock: Callable[[], float] = time.monotonic):
        self.text = text
        self.stream = stream or sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self.after = after
        self.clock = clock
        self.start = clock()
        self._width = 0  # columns of the line on screen; 0: nothing shown yet

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or (not self._width and self.clock() - self.start < self.after):
            return
        line = self.text(done, total)
        width = _cells(line)
        self.stream.write("\r" + line + " " * max(0, self._width - width))
        self.stream.flush()
        self._width = max(self._width, width)

    def close(self) -> None:
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
