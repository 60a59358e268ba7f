"""Live mode: the connection's status, the streamed feeds and how cells refresh."""

from __future__ import annotations

import asyncio
from concurrent.futures import TimeoutError as FutureTimeout

import xlwings as xw

from ..errors import CellError
from ..services.quotes import service
from ..services.status import status_rows
from ._cells import _header, _refresh_stamp, _safe, _wants_header


# status and refresh ---------------------------------------------------------------------------------
@xw.func
def KIS_STATUS(refresh=None):
    """What to look at when something seems off: profile, token age, requests, cache hits, last error."""
    return _safe(lambda: status_rows(service()))


LIVE_COLUMNS = ["key", "feed", "source", "held_by"]


@xw.func
def KIS_LIVE(header=True, refresh=None):
    """In live mode, every feed watched here or held in the app key's shared session: key, feed (trades,
    order book, index, status, auction, notices), source (``stream`` or ``rest``, and why) and the
    processes holding its registration."""
    def table():
        rows = [[r[c] for c in LIVE_COLUMNS] for r in service().live_rows()]
        return ([_header(LIVE_COLUMNS)] if _wants_header(header) else []) + (rows or [[""] * len(LIVE_COLUMNS)])
    return _safe(table)


def _com_loop():
    """The event loop of xlwings' COM server, where its calling-cell objects may be used (Windows only)."""
    from xlwings.com_server import loop

    return loop


def _recalc_caller(caller):
    """For periodic mode on desktop Excel: a tick that re-enters the refresh cell's formula, as xlwings'
    own async functions do, so that cell and every formula pointing at it recalculate. None without a
    calling cell (plain calls, Office.js)."""
    if caller is None or not hasattr(caller, "set_formula"):
        return None
    loop = _com_loop()

    def tick() -> None:
        async def rewrite():
            await caller.set_formula(await caller.get_formula())

        future = asyncio.run_coroutine_threadsafe(rewrite(), loop)
        try:
            future.result(timeout=30)
        except FutureTimeout:  # Excel busy (a cell being edited): skip this tick
            future.cancel()

    return tick


def _refresh(mode, seconds, caller):
    if isinstance(mode, (list, tuple)) or isinstance(seconds, (list, tuple)):
        raise CellError('KIS_REFRESH takes one mode ("manual", "periodic" or "auto") and one number of seconds, '
                        'not a range')
    if seconds not in (None, "") and (isinstance(seconds, bool) or not isinstance(seconds, (int, float))
                                      or not 0 < seconds < 86_400):
        raise CellError(f"seconds must be a number between 1 and 86399, not {seconds!r}")
    svc = service(reread=True)
    if mode not in (None, ""):
        svc.set_mode(str(mode), float(seconds) if seconds not in (None, "") else None,
                     on_tick=_recalc_caller(caller))
    generation = svc.refresh()
    label = f"periodic {svc.period:g} s" if svc.mode == "periodic" else svc.mode
    if svc.live_mode:
        label = f"live {svc.period:g} s"
    return _refresh_stamp(label, generation)


@xw.func
def KIS_REFRESH(mode=None, seconds=None, caller=None):
    """Refresh all KIS values now; KIS_REFRESH("manual"), ("periodic", 30), ("live") or ("auto") also set the mode.

    ``live``: prices of watched codes come from KIS's WebSocket (40 most recently used codes) and the
    sheet recalculates every second (or N), so those cells show a trade within a second at no REST cost.

    Point other functions' ``refresh`` argument at this cell so they recalculate when it does. In
    periodic mode desktop Excel recalculates this cell (and so its dependents) every N seconds.
    """
    return _safe(_refresh, mode, seconds, caller)
