"""What a live cell shows before its first answer, and where a shown price comes from.

A live sheet never blocks (docs/EXCEL.md, "Live cells"): a code's first ask waits at most ``FIRST_WAIT`` seconds,
and not at all while other first answers are still coming; then the cell shows ``#KIS! loading…`` and the code
is fetched behind the sheet, filled in at the next live tick. A price's source is ``stream``, ``rest``, ``stale``
(polled and older than ``STALE_AFTER``) or ``loading`` (no answer yet).
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future, wait
from typing import Any

from ...errors import KisXlError
from ...i18n import t

FIRST_WAIT = 0.5  # live mode: longest a recalculation waits for first answers before cells show "loading"
STALE_AFTER = 30.0  # seconds after which a polled value is called "stale" (KIS_PRICE(code, "source"))
STREAM, REST, STALE, LOADING = "stream", "rest", "stale", "loading"  # where a cell's value comes from


class Loading(KisXlError):
    """Live mode: a code's first answer is on its way; the cell shows this until the next tick fills it."""

    def __init__(self):
        super().__init__(t("loading… (filled in as KIS answers)"))


def first_answers(futures: Mapping[str, Future], busy: bool) -> dict[str, Any]:
    """What has arrived within ``FIRST_WAIT`` (no wait at all when ``busy``: other first answers still coming),
    an answer or its exception; the rest are ``Loading``."""
    wait(futures.values(), timeout=0 if busy else FIRST_WAIT)
    return {code: (f.exception() or f.result()) if f.done() else Loading() for code, f in futures.items()}


def polled_source(entry: tuple | None, now: float, stale_after: float) -> tuple[str, float]:
    """A polled price's source and age from its cache entry (answer, stored at, generation): ``rest``, ``stale``
    past ``stale_after`` seconds, or ``loading`` (age NaN) with no answer yet."""
    if entry is None or isinstance(entry[0], Exception):
        return LOADING, float("nan")
    age = now - entry[1]
    return (STALE if age > stale_after else REST), age
