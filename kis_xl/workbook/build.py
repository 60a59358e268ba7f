"""Build ``workbooks/kis_xl.xlsm``: example formulas, the xlwings settings sheet and xlwings' VBA module.

xlsxwriter writes what openpyxl cannot: spilling (dynamic-array) formulas and a VBA project. The
VBA project is the one xlwings ships in its standalone quickstart, so ``RunPython`` and Import
Functions work without the add-in; its code names (ThisWorkbook, Sheet1, Sheet2) are kept.
"""

from __future__ import annotations

import argparse
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

import xlsxwriter

from .examples import (
    BALANCE_FORMULA,
    CASH_FORMULA,
    HISTORY_FORMULA,
    MARKET_FORMULAS,
    MARKET_INDICES,
    MARKET_LABELS,
    REFRESH_CELL,
    REFRESH_FORMULA,
    STATUS_FORMULA,
    WATCHLIST,
    watchlist_formula,
)

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "workbooks" / "kis_xl.xlsm"
UDF_MODULE = "kis_xl.udfs"
BUILT = datetime(2025, 6, 2)


def _vba_project(folder: Path) -> Path:
    import xlwings

    source = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    target = folder / "vbaProject.bin"
    with zipfile.ZipFile(source) as z:
        target.write_bytes(z.read("xl/vbaProject.bin"))
    return target


def _functions_sheet(wb, ws) -> None:
    """Refresh cell, KOSPI top-20 watchlist, cash and status beside it, history, then the holdings below.

    Every table that can grow spills into empty space (down or right of its anchor), never into another.
    """
    title = wb.add_format({"bold": True, "font_size": 16})
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "bg_color": "#1F3864", "font_color": "white", "border": 1})
    note = wb.add_format({"italic": True, "font_color": "#595959"})
    won = wb.add_format({"num_format": "#,##0"})
    pct = wb.add_format({"num_format": "0.00"})
    ws.set_column("A:A", 12)
    ws.set_column("B:B", 18)
    ws.set_column("C:H", 14)
    ws.set_column("J:J", 12, wb.add_format({"num_format": "yyyy-mm-dd"}))
    ws.set_column("K:P", 13, won)
    ws.set_column("R:R", 16)
    ws.set_column("S:S", 16, won)
    ws.set_column("U:U", 18)
    ws.set_column("V:V", 24)
    ws.write("A1", "kis-xl — 한국투자증권 Open API in Excel", title)
    ws.write("A2", "Refresh (새로고침):", bold)
    ws.write("A3", "refresh cell")
    ws.write_formula(REFRESH_CELL.replace("$", ""), REFRESH_FORMULA)
    ws.write("C2", "Every formula below takes $B$3 as its last argument: recalculating B3 (edit it, or Ctrl+Alt+F9) "
                   "refreshes them all.", note)
    ws.write("C3", 'Modes: =KIS_REFRESH("auto") (2 s cache), =KIS_REFRESH("manual") (values change only on refresh), '
                   '=KIS_REFRESH("periodic",30) (Excel recalculates B3 every 30 s).', note)
    ws.write_row("A5", ["code", "name", "price", "change", "change %", "volume"], head)
    first, last = 6, 5 + len(WATCHLIST)
    for i, (code, _name) in enumerate(WATCHLIST):
        ws.write_string(first - 1 + i, 0, code)
    for col, (field, fmt) in zip("BCDEF", [("name", None), ("price", won), ("change", won), ("change_pct", pct),
                                          ("volume", won)]):
        ws.write_dynamic_array_formula(f"{col}{first}:{col}{last}", watchlist_formula(field), fmt)
    ws.write("J5", "History: 005930, last 60 days, newest first (spills)", bold)
    ws.write_dynamic_array_formula("J6:P6", HISTORY_FORMULA)
    ws.write("R5", "Cash (예수금·평가)", bold)
    ws.write_dynamic_array_formula("R6:S6", CASH_FORMULA)
    ws.write("U5", "Status (KIS_STATUS)", bold)
    ws.write_dynamic_array_formula("U6:V6", STATUS_FORMULA)
    ws.write(last + 2, 0, "Holdings of the active profile's account (잔고)", bold)
    ws.write_dynamic_array_formula(last + 3, 0, last + 3, 7, BALANCE_FORMULA)
    ws.freeze_panes(5, 0)


def _market_sheet(wb, ws) -> None:
    """Issue 15's functions: indices, stock details, flows, ETF, rankings, calendar, minutes, any endpoint, P&L."""
    title = wb.add_format({"bold": True, "font_size": 14})
    bold = wb.add_format({"bold": True})
    ws.set_column("A:A", 14, wb.add_format({"num_format": "yyyy-mm-dd"}))
    ws.set_column("B:H", 12, wb.add_format({"num_format": "#,##0.00"}))
    ws.set_column("I:I", 20)
    ws.set_column("J:J", 16)
    ws.set_column("L:S", 12)
    ws.set_column("U:U", 16, wb.add_format({"num_format": "yyyy-mm-dd"}))
    ws.set_column("V:Z", 12)
    ws.set_column("AC:AC", 17, wb.add_format({"num_format": "hh:mm"}))
    for cell, text in MARKET_LABELS.items():
        ws.write(cell, text, title if cell == "A1" else bold)
    for i, name in enumerate(MARKET_INDICES):
        ws.write_string(4 + i, 0, name)
    for cell, formula in MARKET_FORMULAS.items():
        ws.write_dynamic_array_formula(f"{cell}:{cell}", formula)
    ws.freeze_panes(1, 0)


INSTRUCTIONS = [
    "How to use this workbook (full guide: docs/EXCEL.md)",
    ("1. Windows, Excel 365 (2016+ without spilling): install Python 3.11+, then py -m pip install kis-xl "
     "(or pip install -e . in the project folder)."),
    ("2. Excel: File > Options > Trust Center > Trust Center Settings > Macro Settings: enable macros for this "
     "file and tick 'Trust access to the VBA project object model'."),
    ("3. This workbook carries xlwings' VBA module; its xlwings.conf sheet sets UDF Modules = kis_xl.udfs and Use "
     "UDF Server = TRUE (the Orders sheet's Run button runs in the same Python as the functions, which lets its rows "
     "follow fills live). Fill in Interpreter_Win if Excel should use a particular python.exe. The xlwings add-in "
     "(xlwings addin install) adds a ribbon but is not required."),
    "4. Alt+F8 > ImportPythonUDFs (or the ribbon's Import Functions). Cells showing #NAME? calculate then.",
    ("5. Refresh: every formula on Functions takes $B$3 (=KIS_REFRESH(...)) as its last argument. Recalculate B3 "
     "to refresh; KIS_REFRESH(\"manual\") freezes values between refreshes, KIS_REFRESH(\"periodic\",30) makes "
     "Excel recalculate it every 30 seconds. Functions are not volatile and opening the workbook asks KIS once."),
    ("6. The sim profile (built-in simulator) is the default: no credentials. Set KIS_XL_PROFILE=mock or real and "
     "your keys (kis-xl login) to use KIS, then restart Excel. Secrets never go into this workbook."),
    ("7. The Market sheet shows indices, a stock's details and flows, an ETF against its NAV, rankings, the KRX "
     "calendar, minute bars, any read-only endpoint (KIS_QUERY) and realised P&L. Index, ETF, ranking, calendar, "
     "info and past-minute data are real-domain APIs: on a mock profile set market_data = \"real\"."),
    "Functions never place orders (the Orders sheet does, only when you run it). Errors show as #KIS! text.",
]


def build(out: Path = DEFAULT_OUT) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wb = xlsxwriter.Workbook(str(out))
        wb.set_properties({"title": "kis-xl", "created": BUILT})  # a fixed date: the same bytes on every build
        wb.set_vba_name("ThisWorkbook")
        wb.add_vba_project(str(_vba_project(Path(tmp))))
        functions = wb.add_worksheet("Functions")
        functions.set_vba_name("Sheet1")
        conf = wb.add_worksheet("xlwings.conf")
        conf.set_vba_name("Sheet2")
        _functions_sheet(wb, functions)
        bold = wb.add_format({"bold": True})
        for r, (key, value) in enumerate([("UDF Modules", UDF_MODULE), ("Debug UDFs", False),
                                          ("Use UDF Server", True), ("Show Console", False),
                                          ("Interpreter_Win", ""), ("PYTHONPATH", "")]):
            conf.write(r, 0, key, bold)
            conf.write(r, 1, value)
        conf.set_column("A:B", 22)
        from ..orders.template import add_orders_sheet

        add_orders_sheet(wb, macro_name="SampleCall", profile="mock", send=False)
        _market_sheet(wb, wb.add_worksheet("Market"))
        help_ws = wb.add_worksheet("Read me")
        help_ws.set_column("A:A", 120)
        for r, line in enumerate(INSTRUCTIONS):
            help_ws.write(r, 0, line, bold if r == 0 else None)
        wb.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="build workbooks/kis_xl.xlsm")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    print(f"wrote {build(parser.parse_args().out)}")


if __name__ == "__main__":
    main()
