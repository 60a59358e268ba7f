"""Printing rows as a readable table, JSON or CSV: the one place CLI output is formatted.

JSON and CSV are for scripts and spreadsheets: stable snake_case keys, numbers as numbers, dates in ISO form;
CSV is UTF-8 with a byte-order mark. A table is for people: its headers are the keys' labels in the reader's
language (``i18n.label``: 종목코드, 현재가…).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from ..i18n import label, t, value
from ..models import OrderType

WORD_COLUMNS = frozenset({"side", "order_type", "status", "type", "kind"})  # cells of fixed words: Korean in tables
BOM = "\ufeff"  # so Excel (a Korean Windows one included) opens the CSV as UTF-8: 삼성전자, not mojibake


def add_format_options(parser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--json", dest="fmt", action="store_const", const="json", help=t("print JSON (snake_case keys)"))
    group.add_argument("--csv", dest="fmt", action="store_const", const="csv", help=t("print CSV (UTF-8, opens in Excel)"))
    parser.set_defaults(fmt="table")


def _plain(value: Any) -> Any:
    if isinstance(value, OrderType):
        return value.name  # KIS's codes (00, 01) never reach a person
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return str(value)


def emit(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], fmt: str = "table", title: str | None = None,
         out=None, headers: Mapping[str, str] | None = None) -> None:
    """Print ``rows`` (mappings) restricted to ``columns`` in the chosen format. A table heads each column with
    its key's label, or with ``headers``' text where a table means something else by the key (an order's
    ``price`` is not the current price)."""
    headers = headers or {}
    out = out or sys.stdout
    rows = list(rows)
    if fmt == "json":
        json.dump([{c: _plain(r.get(c)) for c in columns} for r in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow(["" if r.get(c) is None else _plain(r.get(c)) for c in columns])
        _write_utf8(out, BOM + text.getvalue())
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        numeric = any(isinstance(r.get(c), (int, float)) and not isinstance(r.get(c), bool) for r in rows)
        table.add_column(headers.get(c) or label(c), justify="right" if numeric else "left")
    for r in rows:  # [brackets] are text, not rich markup; fixed words (BUY, LIMIT, OPEN) in the reader's language
        table.add_row(*(escape(value(cell) if c in WORD_COLUMNS else cell) for c in columns
                        for cell in (_cell(r.get(c)),)))
    console = Console(file=out)
    if not console.is_terminal:
        console = Console(file=out, width=400)  # never truncate what goes to a pipe or a file
    console.print(table)


def _write_utf8(out, text: str) -> None:
    """CSV as UTF-8 bytes whatever the console's code page (a Korean Windows console's is cp949)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(text)
        return
    out.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def emit_mapping(values: Mapping[str, Any], fmt: str = "table", title: str | None = None, out=None,
                 labels: Mapping[str, str] | None = None) -> None:
    """Print one record as a two-column field/value table (or a JSON object / CSV header+row).

    Keys are the stable snake_case names scripts read (JSON, CSV); the table shows a key's label in the reader's
    language, or for a key the catalogue does not know ``labels``' friendlier name.
    """
    out = out or sys.stdout
    if fmt == "json":
        json.dump({k: _plain(v) for k, v in values.items()}, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt == "csv":
        emit([values], list(values), "csv", out=out)
        return
    labels = labels or {}
    emit([{"field": _field(k, labels), "value": v} for k, v in values.items()], ["field", "value"], "table",
         title=title, out=out, headers={"value": t("value")})  # a setting's value, not a trading value (거래대금)


def _field(key: str, labels: Mapping[str, str]) -> str:
    shown = label(key)
    return labels.get(key, key) if shown == key else shown


def emit_line(values: Mapping[str, Any], out=None) -> None:
    """One JSON object on one line, flushed: a stream of updates (NDJSON) a script reads as they come."""
    out = out or sys.stdout
    out.write(json.dumps({k: _plain(v) for k, v in values.items()}, ensure_ascii=False) + "\n")
    out.flush()
