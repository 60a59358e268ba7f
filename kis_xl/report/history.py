"""Earlier reports in the output folder: the previous day's figures and the evaluation over time."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from ..i18n import ko
from .build import AS_OF, READ_BACK, account_sheet
from .data import PreviousReport

NAME_RE = re.compile(r"^KIS_report_(\d{4}-\d{2}-\d{2})_(.+)\.xlsx$")
# a report is read back in whichever language it was written; reports of earlier versions had these labels
EARLIER = {"Total evaluation (총평가)": "total_eval", "Total P&L (평가손익)": "pnl_total",
           "Deposit (예수금)": "deposit", "Holdings": "holdings"}
LABELS = {**EARLIER, **READ_BACK, **{ko.MESSAGES[msgid]: key for msgid, key in READ_BACK.items()}}
SUMMARY = ("Summary", ko.MESSAGES["Summary"])
AS_OF_LABELS = (AS_OF, ko.MESSAGES[AS_OF])


def _read(path: Path, day: date, summary: tuple[str, ...] = SUMMARY) -> PreviousReport | None:
    """The figures of the first sheet named in ``summary`` (an account's own in a book of several)."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError):
        return None  # a damaged or foreign file is not history
    try:
        values = {}
        sheet = next((wb[name] for name in summary if name in wb.sheetnames), None)
        if sheet is None:
            return None
        for row in sheet.iter_rows(values_only=True):
            if row and row[0] in LABELS and isinstance(row[1], (int, float)):
                values[LABELS[row[0]]] = row[1]
            if row and row[0] in AS_OF_LABELS and not str(row[1] or "").startswith(day.isoformat()):
                return None  # a past day's report: its figures are of another day
    finally:
        wb.close()
    if set(values) != set(READ_BACK.values()):
        return None
    return PreviousReport(day, float(values["total_eval"]), float(values["pnl_total"]), float(values["deposit"]),
                          int(values["holdings"]))


def earlier_reports(folder: Path, profile: str, before: date) -> list[PreviousReport]:
    """This profile's reports dated before ``before``, oldest first: its own, and its sheets in books of several
    accounts (``KIS_report_<day>_real+isa.xlsx``)."""
    found = []
    in_book = tuple(account_sheet(profile, name) for name in SUMMARY)
    for path in folder.glob("KIS_report_*.xlsx"):
        m = NAME_RE.match(path.name)
        if not m or (m.group(2) != profile and profile not in m.group(2).split("+")):
            continue
        day = datetime.strptime(m.group(1), "%Y-%m-%d").date()
        if day < before:
            report = _read(path, day, SUMMARY if m.group(2) == profile else in_book)
            if report:
                found.append(report)
    return sorted(found, key=lambda r: r.day)
