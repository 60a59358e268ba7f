"""Condition search (조건검색): ``=KIS_SCREEN()`` lists the conditions saved from the HTS, ``=KIS_SCREEN("name")``
spills the stocks one finds now."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

import xlwings as xw

from .. import spec
from ..errors import CellError
from ..i18n import ko, label, t
from ..models import ScreenRow
from ..services import screens
from ..services.quotes import service
from ._cells import _flat, _safe, _table, _wants_header

SCREEN_FIELDS = [f.name for f in dataclass_fields(ScreenRow)]
DEFAULT_FIELDS = ["code", "name", "price", "change", "change_pct", "volume"]
CONDITION_COLUMNS = ["seq", "name", "group"]


def _fields(value) -> list[str]:
    """Field names as typed: our keys (change_pct) or their Korean headers (등락률(%)), a list or a range."""
    names = [n.strip() for c in _flat(value) for n in str(c).split(",") if n.strip()] or DEFAULT_FIELDS
    known = {f.lower(): f for f in SCREEN_FIELDS} | {ko.LABELS[f]: f for f in SCREEN_FIELDS if f in ko.LABELS}
    unknown = next((n for n in names if n.lower() not in known and n not in known), None)
    if unknown is not None:
        raise CellError(t("unknown field {name}: KIS_SCREEN takes {fields}", name=unknown, fields=", ".join(SCREEN_FIELDS)))
    return [known.get(n.lower()) or known[n] for n in names]


def _labelled(columns: list[str], rows: list[list], header) -> list[list]:
    table = _table(columns, rows, header)
    if _wants_header(header):
        table[0] = [label(c) for c in columns]
    return table


def _screen(name, fields, header):
    svc = service()
    if name in (None, ""):
        conds = screens.conditions(svc)
        return _labelled(CONDITION_COLUMNS, [[getattr(c, k) for k in CONDITION_COLUMNS] for c in conds], header)
    columns = _fields(fields)
    result = screens.screen(svc, name)
    table = _labelled(columns, [[getattr(r, c) for c in columns] for r in result.rows], header)
    if result.capped:
        table.append([t("KIS returns at most {n} stocks a condition: more may match", n=spec.SCREEN_MAX_ROWS)]
                     + [""] * (len(columns) - 1))
    return table


@xw.func
def KIS_SCREEN(name=None, fields=None, header=True, refresh=None):
    """The stocks a condition saved from the HTS ([0110] 조건검색 → 사용자조건 서버저장) finds now, one row each
    (fields: code, name, price, change, change_pct, volume by default; any of ScreenRow's). KIS returns at most
    100 stocks a condition: a last row says so when the answer reaches it. Without a name: the saved conditions."""
    return _safe(_screen, name, fields, header)
