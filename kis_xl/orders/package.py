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
from datetime import date, datetime
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
        if isinstance(value, (datetime, date)):
            value = value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
        cell.set("t", "inlineStr")
        text = etree.SubElement(etree.SubElement(cell, f"{{{MAIN}}}is"), f"{{{MAIN}}}t")
        text.text = str(value)
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _patch(xml: bytes, values: dict[tuple[int, int], Any]) -> bytes:
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
            after = [c for c in cells if _column_number(c.get("r")) > col]
            if after:
                after[0].addprevious(cell)
            else:
                row.append(cell)
            row.attrib.pop("spans", None)  # a hint only; a wrong one is worse than none
        _set(cell, value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_cells(path: str | Path, sheet_name: str, values: dict[tuple[int, int], Any]) -> None:
    """Set cells (1-based row, column) of one sheet; every other part of the package stays byte for byte."""
    path = Path(path)
    with zipfile.ZipFile(path) as src:
        part = sheet_part(src, sheet_name)
        _rewrite(path, src, {part: _patch(src.read(part), values)} if values else {})


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
