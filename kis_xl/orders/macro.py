"""Excel entry points of the order sheet (bound to the sheet's buttons through xlwings RunPython).

Each takes an optional book so tests (and xlwings' remote JSON books) can call it; in Excel it is the
calling workbook. Results go to the rows and a closing message box; nothing raises into Excel.

Following fills live (FOLLOW, and after SUBMIT) needs a process that outlives the macro: xlwings' COM
server on Windows, which the workbook uses for RunPython too (``Use UDF Server``). The follower runs on
its own thread there and writes through ``_excel_writer``; the live cells' WebSocket, token and rate
budget are the same ones, since KIS allows one WebSocket session per app key.
"""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import datetime, timedelta

import xlwings as xw

from ..client.stream import stream_for
from ..errors import KisXlError
from ..i18n import t
from ..krx import KST
from .accounts import own_rows
from .book import XlwingsSheet
from .follow import Deliver, Follower, RowUpdate, apply_updates, follow_seconds
from .lifecycle import PARTIAL, SENT
from .rows import ACTIONS
from .service import client_for, refresh_sheet, submit

NOT_HERE = ("following fills inside Excel needs Excel on Windows with 'Use UDF Server' set to TRUE on the "
            "xlwings.conf sheet (kis_xl.xlsm ships so); here, press Run with Action REFRESH for the latest "
            "statuses, or save and close the workbook and run: kis-xl orders watch FILE")
_following: dict[str, Follower] = {}  # workbook full name → its follower (in the COM server's process)
_following_lock = threading.Lock()


def _book(book):
    return book or xw.Book.caller()


def _tell(book, text: str, *, ask: bool = False) -> bool:
    """A message box in Excel; True when the user answers Yes (ask=True)."""
    try:
        answer = book.app.alert(text, title="kis-xl", buttons="yes_no" if ask else "ok")
    except Exception:  # remote (JSON) books have no dialogs: asking counts as 'no'
        return False
    return answer == "yes"


def _confirm_in_excel(book):
    def confirm(lines: list[str]) -> None:
        text = t("REAL ACCOUNT (실전투자) — real money\n\n{orders}\n\nSend these orders?", orders="\n".join(lines))
        if not _tell(book, text, ask=True):
            raise KisXlError(t("not confirmed; nothing was sent"))

    return confirm


def _run(book, dry_run: bool) -> str:
    book = _book(book)
    sheet = XlwingsSheet(book)
    try:
        outcome = submit(sheet, book.fullname, dry_run=dry_run, confirm=_confirm_in_excel(book))
    except KisXlError as exc:
        _tell(book, str(exc))
        return str(exc)
    summary = ", ".join(f"{s}: {outcome.count(s)}" for s in sorted({r["status"] for r in outcome.rows}))
    text = f"kis-xl: {summary or 'nothing to do'}" + "".join(f"\n{note}" for note in outcome.notes)
    if not dry_run and any(r["status"] in (SENT, PARTIAL) for r in outcome.rows):
        try:
            text += "\n" + _follow(book, sheet=sheet)
        except KisXlError as exc:
            text += f"\nNot following fills live: {exc}"
    _tell(book, text)
    return summary


def submit_orders(book=None) -> str:
    """Validate the Orders sheet and send its valid rows (the 'Submit' button)."""
    return _run(book, dry_run=False)


def validate_orders(book=None) -> str:
    """Validate and price the Orders sheet without sending anything (the 'Dry run' button)."""
    return _run(book, dry_run=True)


def refresh_orders(book=None) -> str:
    """Update statuses and filled quantities from the day's orders (the 'Refresh status' button)."""
    book = _book(book)
    try:
        outcome = refresh_sheet(XlwingsSheet(book), confirm=_confirm_in_excel(book))
    except KisXlError as exc:
        _tell(book, str(exc))
        return str(exc)
    return f"{len(outcome.rows)} rows refreshed"


def _excel_writer(sheet: XlwingsSheet, stopped: threading.Event) -> Deliver:
    """Writes a follower's updates into the Orders sheet from its own thread (Windows, in xlwings' COM server).

    Excel's objects belong to the thread that got them: xlwings' ``ComRange`` marshals the sheet's first
    cell for xlwings' own COM threads, which retry while Excel is busy (a cell being edited, a dialog
    open). It is how xlwings' async functions write their results.
    """
    try:
        from xlwings.com_server import loop
        from xlwings.udfs import ComRange
    except ImportError:  # macOS and Linux: no COM server
        raise KisXlError(NOT_HERE) from None
    if not loop.is_running():  # RunPython outside the UDF server: this process ends with the macro
        raise KisXlError(NOT_HERE)
    anchor = ComRange(sheet.sheet.range("A1"))

    def deliver(updates: list[RowUpdate], summary: str) -> list[str]:
        async def write():
            return await anchor._com(write_updates, updates, summary, stopped)

        return asyncio.run_coroutine_threadsafe(write(), loop).result()

    return deliver


def write_updates(cell, updates: list[RowUpdate], summary: str, stopped: threading.Event | None = None) -> list[str]:
    """On a thread that may use ``cell`` (any cell of the workbook): the updates, where their rows are now.

    Nothing from a follower stopped meanwhile (a write can wait while Excel is busy, and a newer follower's
    values must not be overwritten by an older one's)."""
    sheet = XlwingsSheet(cell.sheet.book)
    problems = [] if stopped is not None and stopped.is_set() and updates else apply_updates(sheet, updates)
    sheet.progress(f"kis-xl: {summary}")
    return problems


def _follow(book, writer=None, sheet: XlwingsSheet | None = None) -> str:
    """Start (or restart, to take in rows sent since) following the book's working rows; what to tell."""
    sheet = sheet or XlwingsSheet(book)
    stopped = threading.Event()
    deliver = (writer or _excel_writer)(sheet, stopped)
    with _following_lock:
        old = _following.pop(book.fullname, None)
    if old is not None:
        old.stop()
    client = client_for(sheet, None)
    try:
        if not client.profile.hts_id:
            raise KisXlError(f"following fills needs the HTS id KIS sends them by: set hts_id for profile "
                             f"{client.profile.name!r} (kis-xl config shows where)")
        now = client.server_time()
        seconds = follow_seconds(now)
        follower = Follower(own_rows(sheet, client), client, stream_for(client.profile), deliver,
                            until=time.monotonic() + seconds, on_end=client.close, stopped=stopped)
    except BaseException:
        client.close()
        raise
    if not follower.watch.tracked:
        client.close()
        return "no working row of today's orders (SENT or PARTIAL, with an order number) to follow"
    with _following_lock:
        _following[book.fullname] = follower.start()
    until = datetime.fromtimestamp(now, KST) + timedelta(seconds=seconds)
    return f"{follower.summary()} until {until:%H:%M} KST; Action STOP stops it"


def follow_orders(book=None, writer=None) -> str:
    """Follow the Orders sheet's working rows on KIS's fill notices (the Run button with Action FOLLOW)."""
    book = _book(book)
    try:
        text = "kis-xl: " + _follow(book, writer)
    except KisXlError as exc:
        text = str(exc)
    _tell(book, text)
    return text


def following(book=None) -> Follower | None:
    """The book's follower while it runs."""
    follower = _following.get(_book(book).fullname)
    return follower if follower is not None and follower.running else None


def stop_following(book=None) -> str:
    """Stop following the book's rows (the Run button with Action STOP)."""
    book = _book(book)
    with _following_lock:
        follower = _following.pop(book.fullname, None)
    if follower is None or not follower.running:
        text = "kis-xl: this workbook's rows are not being followed"
    else:
        follower.stop()
        text = (f"kis-xl: stopped following; {follower.watch.working} row(s) still working "
                f"(Action REFRESH reads their statuses)")
    _tell(book, text)
    return text


def run_from_sheet(book=None) -> str:
    """The workbook's Run button: does what the Orders sheet's Action cell says (see ``rows.ACTIONS``)."""
    book = _book(book)
    try:
        action = XlwingsSheet(book).settings.action or "DRY RUN"
        if action not in ACTIONS:
            raise KisXlError(f"Action must be one of {', '.join(ACTIONS)}, not {action!r}; nothing was done")
    except KisXlError as exc:
        _tell(book, str(exc))
        return str(exc)
    run = {"SUBMIT": submit_orders, "REFRESH": refresh_orders, "FOLLOW": follow_orders, "STOP": stop_following}
    return run.get(action, validate_orders)(book)
