"""Desktop Excel's UDF path on Linux, with the BSD parts of xlwings only.

On Windows ``xw.func``/``xw.arg`` are ``xlwings.udfs.xlfunc``/``xlarg``, which record argument options
in ``f.__xlfunc__``; ``xlwings.udfs.call_udf`` then reads every argument with ``conversion.read`` and
writes the result with ``conversion.write`` through the "excel" engine. Here pywin32 is stubbed just
enough to import ``xlwings.udfs``, the package ``kis_xl/udfs`` is loaded a second time with the real desktop
decorators, and ``call`` repeats call_udf's argument and result handling with a stand-in engine.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from datetime import datetime

import xlwings
from xlwings import conversion

MISSING = -2147352572  # what COM passes for an omitted optional argument
EXCEL_EPOCH = datetime(1899, 12, 30)


class StandInExcel:
    """The data cleaning of ``xlwings._xlwindows.Engine`` without COM: cell values in, Python values out."""

    name = "excel"
    type = "desktop"

    @staticmethod
    def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
        def clean(value):
            if value in ("", None):
                return empty_as
            if isinstance(value, datetime):
                return datetime_builder(value.year, value.month, value.day, value.hour, value.minute, value.second)
            if isinstance(value, int) and not isinstance(value, bool) and value < -2146820000:
                return "#N/A" if err_to_str else None  # a cell error (#N/A, #VALUE!…)
            if number_builder is not None and isinstance(value, float):
                return number_builder(value)
            return value

        return [[clean(c) for c in row] for row in data]

    @staticmethod
    def prepare_xl_data_element(x, date_format):
        if isinstance(x, datetime):
            return (x - EXCEL_EPOCH).total_seconds() / 86_400  # a date cell, as Excel stores it
        if x is None or (isinstance(x, float) and x != x):
            return ""
        return x


def install(monkeypatch):
    """The desktop decorators and the stand-in engine for one test; returns kis_xl.udfs as Windows sees it."""
    stubs = {"pythoncom": types.ModuleType("pythoncom"), "pywintypes": types.ModuleType("pywintypes"),
             "win32com": types.ModuleType("win32com"), "win32com.client": types.ModuleType("win32com.client")}
    stubs["pythoncom"].CoInitialize = lambda: None
    stubs["win32com.client"].Dispatch = None
    for name, module in stubs.items():
        monkeypatch.setitem(sys.modules, name, module)
    desktop = _load("xlwings._udfs_desktop", f"{xlwings.__path__[0]}/udfs.py")
    monkeypatch.setattr(xlwings, "func", desktop.xlfunc)
    monkeypatch.setattr(xlwings, "arg", desktop.xlarg)
    monkeypatch.setattr(xlwings, "ret", desktop.xlret)
    engine = xlwings.main.Engine(impl=StandInExcel())
    monkeypatch.setattr(xlwings.engines, "engines", [*xlwings.engines.engines, engine])
    monkeypatch.setitem(xlwings.engines.engines_by_name, "excel", engine)
    package = sys.modules["kis_xl.udfs"]
    return _load("kis_xl._udfs_desktop", package.__file__, package.__path__, monkeypatch)


def _load(name: str, path: str, search=None, monkeypatch=None):
    """A module (or a package, with its submodules loaded afresh) from its file under another name."""
    spec = importlib.util.spec_from_file_location(name, path, submodule_search_locations=search)
    module = importlib.util.module_from_spec(spec)
    if search is not None:  # a package: its submodules import it by name while it runs
        monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)
    for loaded in [n for n in sys.modules if n.startswith(f"{name}.")]:
        del sys.modules[loaded]  # kept by the package's attributes only: the next load runs them afresh
    return module


def call(func, *args):
    """``func`` as xlwings.udfs.call_udf runs it for a cell (ranges as COM's tuples of tuples)."""
    info = func.__xlfunc__
    values = []
    for i, arg in enumerate(args):
        arg_info = info["args"][min(i, len(info["args"]) - 1)]
        if arg_info["name"] == "caller":
            values.append(arg)
        elif isinstance(arg, int) and arg == MISSING:
            values.append(arg_info.get("optional"))
        else:
            values.append(conversion.read(None, arg, arg_info["options"]))
    for arg_info in info["args"][len(args):]:  # Excel passes every declared argument; omitted ones as MISSING
        values.append(None if arg_info["name"] == "caller" else arg_info.get("optional"))
    return conversion.write(func(*values), None, info["ret"]["options"])
