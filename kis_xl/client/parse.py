"""KIS sends every number as a string ("71000", "-1.25", "" when absent): parsed here, once."""

from __future__ import annotations

from datetime import date, datetime, time


def num(value, default: float = 0.0) -> float:
    try:
        return float(str(value).replace(",", "").strip())
    except (TypeError, ValueError):
        return default


def opt(value) -> float | None:
    """A number, or None where KIS left the field empty."""
    text = str(value if value is not None else "").replace(",", "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def integer(value, default: int = 0) -> int:
    return int(num(value, default))


def ymd(value) -> date | None:
    try:
        return datetime.strptime(str(value).strip(), "%Y%m%d").date()
    except ValueError:
        return None


def hms(value) -> time | None:
    text = str(value or "").strip()
    if len(text) < 6 or not text[:6].isdigit():
        return None
    return time(int(text[:2]) % 24, int(text[2:4]) % 60, int(text[4:6]) % 60)


def string(value) -> str:
    """A text field as KIS sends it, trimmed ("" when absent)."""
    return str(value if value is not None else "").strip()
