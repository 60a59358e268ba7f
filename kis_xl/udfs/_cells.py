"""What every KIS function shares: Excel arguments as grids and values, a message instead of a traceback."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta


from ..codes import Symbol, parse_symbol
from ..dates import parse_date
from ..errors import CellError, InvalidCode, KisXlError
from ..i18n import label
from ..services.quotes import AUTO, LIVE, MANUAL, PERIODIC, service

log = logging.getLogger(__name__)


NA = "#N/A"


def _message(exc: Exception) -> str:
    if isinstance(exc, (KisXlError, ValueError)):
        return f"#KIS! {exc}"[:255]
    log.exception("unexpected error in a KIS function")
    return f"#KIS! internal error ({type(exc).__name__})"


def _safe(fn, *args):
    try:
        return fn(*args)
    except Exception as exc:  # a cell shows a message, never a traceback
        return _message(exc)


def _grid(value) -> list[list]:
    """Any Excel argument as a 2-D list, trailing empty rows and columns of a whole-column range trimmed."""
    if not isinstance(value, (list, tuple)):
        return [[value]]
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in value]
    while rows and all(c in (None, "") for c in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, c in enumerate(r) if c not in (None, "")), default=0) for r in rows), default=0)
    return [r[:width] for r in rows] if rows else []


def _flat(value) -> list:
    return [c for row in _grid(value) for c in row if c not in (None, "")]


def _scalar_or_grid(grid: list[list]):
    if len(grid) == 1 and len(grid[0]) == 1:
        return grid[0][0]
    return grid or [[""]]


def _field(name, table: dict[str, str], default: str) -> str:
    if name in (None, ""):
        return default
    key = str(name).strip().lower()
    if key not in table:
        raise CellError(f"unknown field {name}")
    return table[key]


def _value(v):
    return NA if v is None else v


def _excel(v):
    """Dates as datetimes, which every xlwings engine writes as Excel dates."""
    return datetime.combine(v, datetime.min.time()) if isinstance(v, date) and not isinstance(v, datetime) else v


def _date(value, what: str) -> date:
    """Excel serials, datetimes and text (2025-01-31, 20250131, 2025.01.31, 2025/01/31) as a date."""
    return parse_date(value, what)


def _symbol(value) -> Symbol:
    """A cell as the instrument it means: a code as typed (KIS answers for it), or a name (삼성전자, NAVER)
    through KIS's stock master, which lists the candidates of an unknown or ambiguous one."""
    try:
        symbol = parse_symbol(value)
    except InvalidCode:
        if not isinstance(value, str):
            raise
        symbol = None
    if symbol is not None and (symbol.is_domestic or symbol.market is not None):
        return symbol
    return service().client.resolve(value, strict=False)


def _attempt(fn, *args):
    """fn's result, or the exception it raised: one cell's error stays in that cell."""
    try:
        return fn(*args)
    except Exception as exc:
        return exc


def _wants_header(header) -> bool:
    return header in (None, True, 1, "TRUE", "true")


def _each(cells, fn):
    """fn over every non-empty cell of an argument: a scalar for one cell, else a grid of the same shape
    (each cell its own value or its own ``#KIS!`` message)."""
    grid = _grid(cells)
    result = [["" if c in (None, "") else _safe(fn, c) for c in row] for row in grid]
    return _scalar_or_grid(result)


def _start_end(start, end, svc):
    last = _date(end, "end") if end not in (None, "") else svc.today()
    if isinstance(start, (int, float)) and not isinstance(start, bool) and start <= 0:
        return last - timedelta(days=int(-start)), last
    first = _date(start, "start")
    if first > last:
        raise CellError(f"start {first} is after end {last}")
    return first, last


_REFRESHED = " · refreshed "  # KIS_REFRESH's text between its mode and its time


def _refresh_stamp(label: str, generation: int) -> str:
    """What a KIS_REFRESH cell shows: ``auto · refreshed 10:00:00 (#1)``."""
    return f"{label}{_REFRESHED}{datetime.now():%H:%M:%S} (#{generation})"


def _account(account):
    """The quote service of the account a cell names: a profile (위탁 ``real``, ``isa``, ``pension``…), the
    active profile's when blank. A KIS_REFRESH cell's text in that place (formulas written before the account
    argument, ``=KIS_BALANCE(,TRUE,$B$3)``) means blank."""
    if isinstance(account, (list, tuple)):
        raise CellError("account takes one profile name, not a range")
    text = "" if account is None else str(account).strip()
    return service() if not text or _refresh_text(text) else service(text)


def _refresh_text(value) -> bool:
    """A KIS_REFRESH cell's text (``auto · refreshed 10:00:00 (#1)``) where an argument now stands: a formula
    written before that argument existed passes its refresh cell there, and it means "not given"."""
    text = str(value).strip() if isinstance(value, str) else ""
    return _REFRESHED in text and text.split(" ", 1)[0] in (MANUAL, PERIODIC, AUTO, LIVE)


def _header(names) -> list[str]:
    """A spilled table's header row for a person: Korean by default (종목코드, 현재가…), keys in English."""
    return [label(n) for n in names]


def _table(names: list[str], records: list[list], header, empty: str = NA) -> list[list]:
    rows = [_header(names)] if _wants_header(header) else []
    rows += [[_excel(v) for v in r] for r in records]
    return rows if records else rows + [[empty] + [""] * (len(names) - 1)]


def _domestic(code, fn: str):
    symbol = _symbol(code)
    if not symbol.is_domestic:
        raise CellError(f"{fn} takes KRX codes, not {code!r}")
    return symbol.code


def _count(value, what: str, default: int, most: int) -> int:
    if value in (None, ""):
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= most:
        raise CellError(f"{what} must be a number from 1 to {most}, not {value!r}")
    return int(value)


_NEWEST_FIRST = {"desc": True, "newest": True, "최신순": True, "내림차순": True,
                 "asc": False, "oldest": False, "과거순": False, "오름차순": False}


def _history_order(order) -> bool:
    """True for newest first; the order argument as typed (asc/desc, 과거순/최신순…)."""
    key = str(order if order not in (None, "") else "asc").strip().lower()
    if key not in _NEWEST_FIRST:
        raise CellError(f'order must be "asc" (oldest first) or "desc" (newest first), not {order!r}')
    return _NEWEST_FIRST[key]
