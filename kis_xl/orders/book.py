"""Reading and writing the Orders sheet, headless (openpyxl) or inside Excel (xlwings): one interface.

The sheet: a settings block (``Profile`` / ``프로필`` and ``Send orders`` / ``주문전송`` labels with their value in
the next cell), then a header row naming the columns (English or Korean), then one order per row.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Protocol

from openpyxl.cell.cell import MergedCell

from ..errors import KisXlError
from . import identity
from .package import set_defined_name, write_cells
from .rows import RESULT_COLUMNS, SheetRow, SheetSettings, added_headers, column_key

SHEET_NAMES = ("Orders", "주문")
PROFILE_LABELS = ("profile", "프로필")
SEND_LABELS = ("send orders", "주문전송", "send")
ACTION_LABELS = ("action", "실행")
ON_VALUES = ("on", "yes", "true", "1", "y", "켬", "예")
SCAN_ROWS = 30
# Results as typed values with a number format (not General text): amounts with thousands, dates as dates.
RESULT_FORMATS = {"filled": "#,##0", "avg_price": "#,##0", "order_date": "yyyy-mm-dd", "order_time": "hh:mm:ss",
                  "submitted_at": "yyyy-mm-dd hh:mm:ss"}
_PARSE = {"order_date": date.fromisoformat, "submitted_at": datetime.fromisoformat, "order_time": time.fromisoformat}


class OrderSheet(Protocol):
    settings: SheetSettings

    def rows(self) -> list[SheetRow]: ...

    def write(self, row: SheetRow, values: dict[str, Any]) -> None: ...

    def flush(self) -> None: ...

    def progress(self, text: str) -> None: ...

    def changed_since_read(self) -> bool: ...

    def check_writable(self) -> None: ...

    def finish(self) -> str: ...

    def workbook_id(self) -> str | None: ...

    def set_workbook_id(self, value: str) -> None: ...


def order_sheet_name(names: list[str], where: str) -> str:
    """The order sheet among a workbook's sheets; an error naming the sheets there are and the names accepted."""
    found = next((n for n in names if n in SHEET_NAMES), None)
    if found is None:
        raise KisXlError(f"{where} has no sheet named Orders (or 주문); its sheets: {', '.join(names) or 'none'}. "
                         f"Rename the order sheet to Orders or 주문")
    return found


def typed(key: str, value: Any) -> tuple[Any, str | None]:
    """A result as the cell should hold it (``2025-06-02`` → a date) and its number format; None leaves the cell's."""
    code = RESULT_FORMATS.get(key)
    if code is None or value is None or value == "" or isinstance(value, bool):
        return value, None
    if isinstance(value, str):
        try:
            value = _PARSE[key](value.strip())
        except (KeyError, ValueError):
            return value, None  # text that is not a date (a user's note): left as written
    if isinstance(value, float) and not value.is_integer():
        code = "#,##0.00##"  # a US average price
    return value, code


def _is_on(value: Any) -> bool:
    return value is True or str(value or "").strip().lower() in ON_VALUES


def parse_layout(grid: list[list[Any]]) -> tuple[SheetSettings, int, dict[str, int], dict[str, int]]:
    """(settings, header row index, column key → column index, result columns to add → their index).

    A sheet with only the input columns is fine: the result columns it lacks go to the right of its
    last header, and their labels are written with the first result.
    """
    settings = SheetSettings()
    for r, row in enumerate(grid[:SCAN_ROWS]):
        keys = {column_key(v): c for c, v in enumerate(row) if column_key(v)}
        if "code" in keys and "side" in keys:
            last = max(c for c, v in enumerate(row) if v not in (None, ""))
            added = {k: last + 1 + i for i, k in enumerate(k for k in RESULT_COLUMNS if k not in keys)}
            return settings, r, keys | added, added
        for c, value in enumerate(row[:-1]):
            label = str(value or "").strip().lower()
            if label in PROFILE_LABELS and row[c + 1] not in (None, ""):
                settings.profile = str(row[c + 1]).strip().lower()
            elif label in SEND_LABELS:
                settings.send_cell, settings.send_enabled = True, _is_on(row[c + 1])
            elif label in ACTION_LABELS and row[c + 1]:
                settings.action = str(row[c + 1]).strip().upper()
    raise KisXlError("no header row with Code and Side columns in the first 30 rows of the Orders sheet")


def rows_from_grid(grid: list[list[Any]], header: int, columns: dict[str, int],
                   merged: dict[int, list[str]] | None = None) -> list[SheetRow]:
    """Data rows below the header; ``merged`` maps a 1-based row number to the merged areas crossing it."""
    out = []
    for r in range(header + 1, len(grid)):
        line = grid[r]
        cells = {k: (line[c] if c < len(line) else None) for k, c in columns.items()}
        out.append(SheetRow(r + 1, cells, list((merged or {}).get(r + 1, ()))))
    while out and out[-1].is_blank and not out[-1].status:
        out.pop()
    return out


def set_grid(grid: list[list[Any]], row: int, col: int, value: Any) -> None:
    """Keep a sheet's read grid in step with a write (0-based row and column), so ``rows()`` shows it."""
    while len(grid) <= row:
        grid.append([])
    line = grid[row]
    line.extend([None] * (col + 1 - len(line)))
    line[col] = value


class OpenpyxlSheet:
    """The Orders sheet of an .xlsx/.xlsm file; every write is saved at once (keep_vba for .xlsm)."""

    def __init__(self, path: str | Path, *, save_every_write: bool = True):
        from openpyxl import load_workbook

        self.path = Path(path)
        if not self.path.exists():
            raise KisXlError(f"no such workbook: {self.path}")
        self._keep_vba = self.path.suffix.lower() == ".xlsm"
        try:
            self.wb = load_workbook(self.path, keep_vba=self._keep_vba)
        except Exception as exc:
            raise KisXlError(f"cannot open {self.path.name} as a workbook: {exc}") from None
        self.ws = self.wb[order_sheet_name(self.wb.sheetnames, self.path.name)]
        grid = [list(r) for r in self.ws.iter_rows(values_only=True)]
        self.settings, self._header, self._columns, added = parse_layout(grid)
        self._grid = grid
        labels = added_headers(grid[self._header])
        self._pending: dict[tuple[int, int], Any] = {(self._header + 1, c + 1): labels[k] for k, c in added.items()}
        self._formats: dict[tuple[int, int], str] = {}
        self._merged: dict[int, list[str]] = {}
        for area in self.ws.merged_cells.ranges:
            for r in range(max(area.min_row, self._header + 2), area.max_row + 1):
                self._merged.setdefault(r, []).append(area.coord)
        self.save_every_write = save_every_write
        self._stat = self._file_stat()

    def rows(self) -> list[SheetRow]:
        return rows_from_grid(self._grid, self._header, self._columns, self._merged)

    def write(self, row: SheetRow, values: dict[str, Any]) -> None:
        """Write a row's results; a cell hidden inside a merged area cannot hold a value and is left out."""
        for key, value in values.items():
            col = self._columns[key] + 1
            value, code = typed(key, value)
            if not isinstance(self.ws.cell(row.number, col), MergedCell):
                self._pending[(row.number, col)] = value
                if code:
                    self._formats[(row.number, col)] = code
                set_grid(self._grid, row.number - 1, col - 1, value)
            row.cells[key] = value
        if self.save_every_write:
            self.flush()

    def flush(self) -> None:
        """Save what was written into the file's Orders part only; every other part stays as it was."""
        write_cells(self.path, self.ws.title, self._pending, self._formats)
        self._pending, self._formats = {}, {}
        self._stat = self._file_stat()

    def check_writable(self) -> None:
        """Before anything is sent: results can be saved (not open in Excel, not read-only, folder writable)."""
        for owner in (self.path.with_name(f"~${self.path.name}"), self.path.with_name(f"~${self.path.name[2:]}")):
            if owner.exists():
                raise KisXlError(f"{self.path.name} is open in Excel ({owner.name} exists): close it there, or run "
                                 f"the order sheet from Excel's Run button; nothing was sent")
        try:
            self.flush()
        except OSError as exc:
            raise KisXlError(f"cannot save {self.path}: {exc.strerror or exc}; nothing was sent (make the file and "
                             f"its folder writable, or close it where it is open)") from None

    def finish(self) -> str:
        """The run's write-back: every write is saved already (``save_every_write``), the rest now."""
        self.flush()
        return ""

    def workbook_id(self) -> str | None:
        """The id the workbook keeps (``identity``), or None."""
        name = self.wb.defined_names.get(identity.NAME)
        return identity.parse(name.attr_text) if name is not None else getattr(self, "_kept", None)

    def set_workbook_id(self, value: str) -> None:
        """Keep ``value`` as the workbook's id, written into the file at once."""
        set_defined_name(self.path, identity.NAME, identity.formula(value)[1:])
        self._kept = value
        self._stat = self._file_stat()

    def _file_stat(self) -> tuple[int, int]:
        st = self.path.stat()
        return st.st_mtime_ns, st.st_size

    def changed_since_read(self) -> bool:
        """Someone else saved the file after we read it (another run, or the user): our rows may be stale."""
        return self._file_stat() != self._stat

    def progress(self, text: str) -> None:
        """Headless: the CLI shows its own progress bar."""


def _never_saved(book) -> bool:
    """A new desktop workbook has no folder yet (Excel's Workbook.Path is empty); a remote book's client saves it."""
    try:
        return book.api.Path == ""
    except Exception:
        return False


class XlwingsSheet:
    """The Orders sheet of the calling workbook inside Excel (the macro), or of an xlwings remote book."""

    def __init__(self, book):
        name = order_sheet_name([s.name for s in book.sheets], "this workbook")
        self.book, self.sheet = book, next(s for s in book.sheets if s.name == name)
        used = self.sheet.used_range
        grid = used.value if isinstance(used.value, list) else [[used.value]]
        grid = [r if isinstance(r, list) else [r] for r in grid]
        top, left = used.row - 1, used.column - 1
        padded = [[None] * left + list(r) for r in ([[]] * top + grid)]
        self.settings, self._header, self._columns, added = parse_layout(padded)
        self._grid = padded
        labels = added_headers(padded[self._header])
        self._labels = {c: labels[k] for k, c in added.items()}  # written with the first result

    def rows(self) -> list[SheetRow]:
        return rows_from_grid(self._grid, self._header, self._columns)

    def write(self, row: SheetRow, values: dict[str, Any]) -> None:
        for col, label in self._labels.items():
            self.sheet.range((self._header + 1, col + 1)).value = label
        self._labels = {}
        for key, value in values.items():
            cell = self.sheet.range((row.number, self._columns[key] + 1))
            value, code = typed(key, value)
            if code:
                cell.number_format = code
            cell.value = value
            set_grid(self._grid, row.number - 1, self._columns[key], value)
            row.cells[key] = value

    def flush(self) -> None:
        """Excel holds the cells until ``finish`` saves them."""

    def workbook_id(self) -> str | None:
        """The id the workbook keeps (``identity``), or None."""
        for name in self.book.names:
            if name.name == identity.NAME:
                return identity.parse(name.refers_to)
        return None

    def set_workbook_id(self, value: str) -> None:
        """Keep ``value`` as the workbook's id (saved with the workbook after the run)."""
        self.book.names.add(identity.NAME, identity.formula(value))

    def changed_since_read(self) -> bool:
        """Excel runs one macro at a time on the live cells: never stale."""
        return False

    def check_writable(self) -> None:
        """Before anything is sent: the sheet takes writes (not protected) and the workbook can be saved (not
        opened read-only), so results survive Excel closing; the journal keeps them either way."""
        try:
            protected = self.sheet.api.ProtectContents is True
            read_only = self.book.api.ReadOnly is True
        except Exception:  # remote (JSON) books have no COM object to ask
            protected = read_only = False
        if protected:
            raise KisXlError("the Orders sheet is protected: unprotect it so results can be written; nothing was sent")
        if read_only:
            raise KisXlError("this workbook is open read-only, so the orders' results could not be saved: open it "
                             "for editing (or Save As), then run again; nothing was sent")

    def finish(self) -> str:
        """Save the workbook, so its results survive Excel closing; what to tell the user when it cannot be."""
        try:
            if _never_saved(self.book):  # saving would pick a folder and a name for it
                raise FileNotFoundError("it has never been saved")
            self.book.save()
            return ""
        except Exception as exc:  # a new book, a remote book, a disk error
            text = (f"the workbook was not saved ({exc or type(exc).__name__}): save it now, or the next run "
                    f"writes the results back from kis-xl's journal")
            self.progress(f"kis-xl: {text}")
            return text

    def progress(self, text: str) -> None:
        try:
            self.book.app.status_bar = text
        except Exception:  # remote (JSON) books and Mac have no status bar to write
            pass
