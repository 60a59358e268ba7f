"""Dates as people type them, in the CLI and in cells: one parser for both."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from .errors import InvalidInput

EXCEL_EPOCH = date(1899, 12, 30)
_TEXT = re.compile(r"^(\d{4})[-./]?(\d{1,2})[-./]?(\d{1,2})\.?$")


def parse_date(value, what: str = "date") -> date:
    """``2025-01-02``, ``20250102``, ``2025.01.02``, ``2025/01/02``, a date, or an Excel serial number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2_958_466 and value == value:
            if value >= 19_000_101 and float(value).is_integer():  # 20250102 typed as a number
                return parse_date(str(int(value)), what)
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise InvalidInput(f"{what} is not a date: {value!r}")
    text = str(value or "").strip()
    match = _TEXT.match(text)
    if match and (len(text) != 8 or text.isdigit()):
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    raise InvalidInput(f"{what} is not a date: {value!r} (write 2025-01-02, 20250102, 2025.01.02 or 2025/01/02)")


def cli_date(text: str) -> date:
    """An argparse ``type=``: the same spellings, and argparse's own one-line error otherwise."""
    import argparse

    try:
        return parse_date(text)
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
