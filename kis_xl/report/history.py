"""Earlier reports in the output folder: the previous day's figures and the evaluation over time."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from .data import PreviousReport

NAME_RE = re.compile(r"^KIS_report_(\d{4}-\d{2}-\d{2})_(.+)\.xlsx$")
LABELS = {"Total evaluation (총평가)": "total_eval", "Total P&L (평가손익)": "pnl_total", "Deposit (예수금)": "deposit",
          "Holdings": "holdings"}


def _read(path: Path, day: date) -> PreviousReport | None:
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError):
        return None  # a damaged or foreign file is not history
    try:
        values = {}
        for row in wb["Summary"].iter_rows(values_only=True):
            if row and row[0] in LABELS and isinstance(row[1], (int, float)):
                values[LABELS[row[0]]] = row[1]
            if row and row[0] == "Holdings and cash as of" and not str(row[1] or "").startswith(day.isoformat()):
                return None  # a past day's report: its figures are of another day
    finally:
        wb.close()
    if len(values) != len(LABELS):
        return None
    return PreviousReport(day, float(values["total_eval"]), float(values["pnl_total"]), float(values["deposit"]),
                          int(values["holdings"]))


def earlier_reports(folder: Path, profile: str, before: date) -> list[PreviousReport]:
    """This profile's reports dated before ``before``, oldest first."""
    found = []
    for path in folder.glob("KIS_report_*.xlsx"):
        m = NAME_RE.match(path.name)
        if not m or m.group(2) != profile:
            continue
        day = datetime.strptime(m.group(1), "%Y-%m-%d").date()
        if day < before:
            report = _read(path, day)
            if report:
                found.append(report)
    return sorted(found, key=lambda r: r.day)
