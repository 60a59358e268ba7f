"""KIS_QUERY: any KIS GET endpoint by name, for what no other function offers."""

from __future__ import annotations

from datetime import date, datetime

import xlwings as xw

from ..errors import CellError
from ..services import cached
from ..services.quotes import service
from ._cells import NA, _safe, _wants_header


def _kis_value(text):
    """A KIS string as a cell value: numbers as numbers, but codes and text with leading zeros stay text."""
    s = str(text if text is not None else "").strip()
    if not s or (len(s) > 1 and s[0] == "0" and s[1] != ".") or (s.startswith("-0") and len(s) > 2 and s[2] != "."):
        return s
    try:
        number = float(s)
    except ValueError:
        return s
    return int(number) if number.is_integer() and "." not in s and abs(number) < 2**53 else number


def _param_text(value) -> str:
    if isinstance(value, datetime) or (isinstance(value, date)):
        return value.strftime("%Y%m%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "Y" if value else "N"
    return "" if value is None else str(value).strip()


def _query(api, args):
    if api in (None, ""):
        raise CellError("KIS_QUERY needs an API name, such as \"inquire-index-price\"")
    args = list(args)
    if len(args) % 2:  # a trailing odd argument is the refresh cell
        args = args[:-1]
    params, output, header = {}, None, True
    for name, value in zip(args[::2], args[1::2]):
        if name in (None, ""):
            continue
        key = str(name).strip()
        if key.lower() == "output":
            output = _param_text(value)
        elif key.lower() == "header":
            header = value
        else:
            params[key.upper()] = _param_text(value)
    result = cached.query(service(), str(api).strip(), params, output)
    names = list(dict.fromkeys(k for row in result.rows for k in row))
    rows = [names] if _wants_header(header) else []
    rows += [[_kis_value(row.get(k)) for k in names] for row in result.rows]
    return rows if result.rows else rows + [[NA]]


@xw.func
def KIS_QUERY(api, *args):
    """Any read-only KIS endpoint the simulator and client know, by its path name, with KIS's parameter names
    and values in pairs: =KIS_QUERY("inquire-index-price", "FID_COND_MRKT_DIV_CODE", "U", "FID_INPUT_ISCD",
    "0001"). Spills the output with KIS's field names; "output", "output2" picks another output. Same cache
    (30 s) and rate budget as every other function; a trailing odd argument is the refresh cell."""
    return _safe(_query, api, args)
