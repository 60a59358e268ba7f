"""Writing cells into a workbook file without rewriting the rest of it.

openpyxl reads a workbook into its own model and writes a new package from it: whatever it does not
model (dynamic-array metadata and the ``cm`` attributes that make formulas spill, parts of the VBA
project, extensions) is lost. Order results are a few cells, so they are written into the one
worksheet part that holds them, with lxml (which keeps every namespace and attribute it does not
understand), and every other part of the zip is copied byte for byte. The file is replaced atomically.
"""

from __future__ import annotations

import os
import posixpath
import re
import tempfile
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS = {"m": MAIN}


def column_letter(col: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(ref: str) -> int:
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n


def sheet_part(zf: zipfile.ZipFile, sheet_name: str) -> str:
    """The zip path of the worksheet named ``sheet_name``."""
    book = etree.fromstring(zf.read("xl/workbook.xml"))
    rid = next((s.get(f"{{{REL}}}id") for s in book.iterfind(".//m:sheets/m:sheet", _NS)
                if s.get("name") == sheet_name), None)
    rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.iterfind(f"{{{PKG_REL}}}Relationship") if r.get("Id") == rid), None)
    if target is None:
        raise KeyError(sheet_name)
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


EPOCH = datetime(1899, 12, 30)  # Excel's serial day 0 (its 1900 date system, past the 1900 leap-year bug)
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}
_DATE_FORMATS = {date: "yyyy-mm-dd", datetime: "yyyy-mm-dd hh:mm:ss", time: "hh:mm:ss"}


def excel_serial(value: date | time) -> float | int:
    """A date, datetime or time as Excel stores it: days since 1899-12-30, the time of day as a fraction."""
    if isinstance(value, time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if not isinstance(value, datetime):
        return (value - EPOCH.date()).days
    return (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86400


class _Styles:
    """``xl/styles.xml``: a cell style like the cell's own with another number format, added once per pair."""

    def __init__(self, xml: bytes | None):
        self._xml = xml
        self._root = None
        self.made: dict[tuple[str, str], str] = {}
        self.changed = False

    @property
    def root(self):
        if self._root is None and self._xml:
            self._root = etree.fromstring(self._xml)  # read on first need: most writes set no format
        return self._root

    def with_format(self, style: str, code: str) -> str | None:
        """The index of a style like ``style`` (a cellXfs index) showing numbers as ``code``."""
        if self.root is None:
            return None
        if (style, code) in self.made:
            return self.made[(style, code)]
        xfs = self.root.find("m:cellXfs", _NS)
        fmts = self.root.find("m:numFmts", _NS)
        fmt_id = _BUILTIN_FORMATS.get(code)
        if fmt_id is None:
            if fmts is None:
                fmts = etree.Element(f"{{{MAIN}}}numFmts", count="0")
                self.root.insert(0, fmts)
            found = next((f for f in fmts if f.get("formatCode") == code), None)
            if found is None:
                fmt_id = max([163] + [int(f.get("numFmtId")) for f in fmts]) + 1
                etree.SubElement(fmts, f"{{{MAIN}}}numFmt", numFmtId=str(fmt_id), formatCode=code)
                fmts.set("count", str(len(fmts)))
            else:
                fmt_id = int(found.get("numFmtId"))
        base = xfs[int(style)] if int(style) < len(xfs) else xfs[0]
        codes = {str(v): k for k, v in _BUILTIN_FORMATS.items()} | (
            {f.get("numFmtId"): f.get("formatCode") for f in fmts} if fmts is not None else {})
        if codes.get(base.get("numFmtId", "0")) == code:  # the column's own style already shows it so
            self.made[(style, code)] = style
            return style
        xf = etree.fromstring(etree.tostring(base))
        xf.set("numFmtId", str(fmt_id))
        xf.set("applyNumberFormat", "1")
        same = next((i for i, other in enumerate(xfs) if etree.tostring(other) == etree.tostring(xf)), None)
        if same is None:
            xfs.append(xf)
            xfs.set("count", str(len(xfs)))
            self.changed = True
        self.made[(style, code)] = str(len(xfs) - 1 if same is None else same)
        return self.made[(style, code)]

    def xml(self) -> bytes:
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set(cell, value: Any) -> None:
    for child in list(cell):
        cell.remove(child)
    cell.attrib.pop("t", None)
    if value is None or value == "":
        return
    if isinstance(value, bool):
        cell.set("t", "b")
        etree.SubElement(cell, f"{{{MAIN}}}v").text = "1" if value else "0"
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        etree.SubElement(cell, f"{{{MAIN}}}v").text = repr(value) if isinstance(value, float) else str(value)
    else:
        cell.set("t", "inlineStr")
        text = etree.SubElement(etree.SubElement(cell, f"{{{MAIN}}}is"), f"{{{MAIN}}}t")
        text.text = str(value)
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _column_style(root, col: int) -> str:
    """The style a new cell of column ``col`` takes, as Excel gives a typed cell its column's format."""
    for spec in root.iterfind("m:cols/m:col", _NS):
        if int(spec.get("min")) <= col <= int(spec.get("max")):
            return spec.get("style", "0")
    return "0"


def _patch(xml: bytes, values: dict[tuple[int, int], Any], formats: dict[tuple[int, int], str],
           styles: _Styles) -> bytes:
    root = etree.fromstring(xml)
    data = root.find("m:sheetData", _NS)
    rows = {int(r.get("r")): r for r in data.iterfind("m:row", _NS)}
    for (row_no, col), value in sorted(values.items()):
        row = rows.get(row_no)
        if row is None:
            row = etree.Element(f"{{{MAIN}}}row", r=str(row_no))
            later = [n for n in rows if n > row_no]
            if later:
                rows[min(later)].addprevious(row)
            else:
                data.append(row)
            rows[row_no] = row
        ref = f"{column_letter(col)}{row_no}"
        cells = list(row.iterfind("m:c", _NS))
        cell = next((c for c in cells if c.get("r") == ref), None)
        if cell is None:
            cell = etree.Element(f"{{{MAIN}}}c", r=ref)
            if _column_style(root, col) != "0":
                cell.set("s", _column_style(root, col))
            after = [c for c in cells if _column_number(c.get("r")) > col]
            if after:
                after[0].addprevious(cell)
            else:
                row.append(cell)
            row.attrib.pop("spans", None)  # a hint only; a wrong one is worse than none
        code = formats.get((row_no, col)) or _DATE_FORMATS.get(type(value))
        style = styles.with_format(cell.get("s", "0"), code) if code and value not in (None, "") else None
        if isinstance(value, (date, time)):  # a number in a date style; ISO text where no style can be made
            value = excel_serial(value) if style is not None else (
                value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat())
        _set(cell, value)
        if style is not None:
            cell.set("s", style)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_cells(path: str | Path, sheet_name: str, values: dict[tuple[int, int], Any],
                formats: dict[tuple[int, int], str] | None = None) -> None:
    """Set cells (1-based row, column) of one sheet, dates as dates, ``formats`` giving a cell its number format
    (``#,##0``); every other part of the package stays byte for byte (the styles part gains what formats need)."""
    path = Path(path)
    formats = formats or {}
    with zipfile.ZipFile(path) as src:
        part = sheet_part(src, sheet_name)
        names = src.namelist()
        styles = _Styles(src.read("xl/styles.xml") if "xl/styles.xml" in names else None)
        parts = {part: _patch(src.read(part), values, formats, styles)} if values else {}
        if styles.changed:
            parts["xl/styles.xml"] = styles.xml()
        _rewrite(path, src, parts)


def _rewrite(path: Path, src: zipfile.ZipFile, parts: dict[str, bytes]) -> None:
    """The package at ``path`` replaced atomically by ``src`` with ``parts`` new; the rest copied byte for byte."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w") as dst:
            for info in src.infolist():
                data = parts[info.filename] if info.filename in parts else src.read(info.filename)
                dst.writestr(info, data, compress_type=info.compress_type)
        os.chmod(tmp, os.stat(path).st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_BEFORE_DEFINED_NAMES = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
                         "functionGroups", "externalReferences")


def set_defined_name(path: str | Path, name: str, refers_to: str) -> None:
    """Set a workbook-level defined name (``refers_to`` without its leading ``=``, as the file keeps it); every
    other part of the package stays byte for byte."""
    path = Path(path)
    with zipfile.ZipFile(path) as src:
        root = etree.fromstring(src.read("xl/workbook.xml"))
        names = root.find("m:definedNames", _NS)
        if names is None:
            names = etree.Element(f"{{{MAIN}}}definedNames")
            anchor = [c for c in root if etree.QName(c).localname in _BEFORE_DEFINED_NAMES]
            anchor[-1].addnext(names) if anchor else root.insert(0, names)
        node = next((n for n in names.iterfind("m:definedName", _NS)
                     if n.get("name") == name and n.get("localSheetId") is None), None)
        if node is None:
            node = etree.SubElement(names, f"{{{MAIN}}}definedName", name=name)
        node.text = refers_to
        _rewrite(path, src, {"xl/workbook.xml": etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                               standalone=True)})
