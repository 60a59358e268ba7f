"""Which workbook a run is: an id kept inside the workbook, so Excel and the CLI agree.

Excel knows a workbook on OneDrive or SharePoint by its URL (``book.fullname``), the CLI by its local path:
keyed by either name, one workbook had two journals and two run locks. The id is a workbook-level defined
name (``KIS_XL_WORKBOOK_ID``, ``="kx-…"``), written once, at the first run that may send, by whichever side
runs first, and saved with the workbook. A copy of the workbook carries it: it is the same workbook to
kis-xl (one journal, one run lock; its rows that repeat orders already placed are those orders). Deleting
the name (Formulas ▸ Name Manager) makes the workbook a new one at its next run. A workbook that cannot
keep the id (read-only, or a book whose names cannot be written) is known by the name the caller gives.

The id reaches the file only when the workbook is saved. Excel's first run may end unsaved (closed with
"Don't Save", a crash, an earlier version restored) while its orders went out; the same file, run next by its
other name (the CLI's path after Excel's URL, or the reverse), would otherwise be a new workbook with an empty
journal and send its rows again. So a workbook without an id, by a name never seen, is the workbook of an
earlier id when that id was given under its other kind of name with the same file name (``same_file``) and
its journal holds an order one of the rows repeats (``service``).
"""

from __future__ import annotations

import re
import uuid
from typing import Protocol
from urllib.parse import unquote, urlsplit

NAME = "KIS_XL_WORKBOOK_ID"
_ID = re.compile(r"kx-[0-9a-f]{32}")


class Keeper(Protocol):
    """A workbook that can keep its id (both sheet adapters)."""

    def workbook_id(self) -> str | None: ...

    def set_workbook_id(self, value: str) -> None: ...


def is_id(text: str) -> bool:
    return bool(_ID.fullmatch(text or ""))


def formula(value: str) -> str:
    """What the defined name refers to: the id as a text constant."""
    return f'="{value}"'


def parse(refers_to: object) -> str | None:
    """The id in a defined name's formula (``="kx-…"``), or None when it holds none."""
    text = str(refers_to or "").strip().lstrip("=").strip().strip('"')
    return text if is_id(text) else None


def workbook_id(book: Keeper, fallback: str, *, assign: bool = True, given: str | None = None) -> str:
    """The id the workbook keeps, else (``assign``) one written into it now (``given``: the id an earlier copy
    of it at the same place got, else a new one); ``fallback`` when it has none and cannot keep one."""
    try:
        found = book.workbook_id()
    except Exception:  # a book whose names cannot be read (an xlwings remote book without names)
        found = None
    if found or not assign:
        return found or fallback
    value = given if given and is_id(given) else f"kx-{uuid.uuid4().hex}"
    try:
        book.set_workbook_id(value)
    except Exception:  # read-only, or names cannot be written: the caller's name for it, as before
        return fallback
    return value


def is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def file_name(name: str) -> str:
    """The file's own name in a URL (decoded) or a local path (Windows or POSIX)."""
    path = unquote(urlsplit(name).path) if is_url(name) else name
    return re.split(r"[\\/]", path)[-1].casefold()


def same_file(a: str, b: str) -> bool:
    """Whether two names may be Excel's URL and the CLI's path of one workbook: one of each kind, one file name."""
    return is_url(a) != is_url(b) and file_name(a) != "" and file_name(a) == file_name(b)
