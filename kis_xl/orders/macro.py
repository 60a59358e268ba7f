"""Excel entry points of the order sheet (bound to the sheet's buttons through xlwings RunPython).

Each takes an optional book so tests (and xlwings' remote JSON books) can call it; in Excel it is the
calling workbook. Results go to the rows and a closing message box; nothing raises into Excel.
"""

from __future__ import annotations

import xlwings as xw

from ..errors import KisXlError
from .book import XlwingsSheet
from .service import refresh_sheet, submit


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
        if not _tell(book, "REAL ACCOUNT (실전투자) — real money\n\n" + "\n".join(lines) + "\n\nSend these orders?",
                     ask=True):
            raise KisXlError("not confirmed; nothing was sent")

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
    _tell(book, f"kis-xl: {summary or 'nothing to do'}")
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


def run_from_sheet(book=None) -> str:
    """The workbook's Run button: does what the Orders sheet's Action cell says (SUBMIT, DRY RUN, REFRESH)."""
    book = _book(book)
    try:
        action = XlwingsSheet(book).settings.action
    except KisXlError as exc:
        _tell(book, str(exc))
        return str(exc)
    if action == "SUBMIT":
        return submit_orders(book)
    if action == "REFRESH":
        return refresh_orders(book)
    return validate_orders(book)
