"""Build ``workbooks/kis_xl.xlsm``: example formulas, the xlwings settings sheet and xlwings' VBA module.

xlsxwriter writes what openpyxl cannot: spilling (dynamic-array) formulas and a VBA project. The
VBA project is the one xlwings ships in its standalone quickstart, so ``RunPython`` and Import
Functions work without the add-in; its code names (ThisWorkbook, Sheet1, Sheet2) are kept.
"""

from __future__ import annotations

import argparse
import tempfile
import zipfile
from pathlib import Path

import xlsxwriter

from .examples import HISTORY_FORMULA, STATUS_FORMULAS, WATCHLIST

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "workbooks" / "kis_xl.xlsm"
UDF_MODULE = "kis_xl.udfs"


def _vba_project(folder: Path) -> Path:
    import xlwings

    source = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    target = folder / "vbaProject.bin"
    with zipfile.ZipFile(source) as z:
        target.write_bytes(z.read("xl/vbaProject.bin"))
    return target


def _functions_sheet(wb, ws) -> None:
    title = wb.add_format({"bold": True, "font_size": 16})
    head = wb.add_format({"bold": True, "bg_color": "#1F3864", "font_color": "white", "border": 1})
    note = wb.add_format({"italic": True, "font_color": "#595959"})
    won = wb.add_format({"num_format": "#,##0"})
    pct = wb.add_format({"num_format": "0.00"})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.set_column("A:A", 12)
    ws.set_column("B:B", 18)
    ws.set_column("C:H", 14)
    ws.set_column("J:P", 13)
    ws.write("A1", "kis-xl — 한국투자증권 Open API in Excel", title)
    ws.write("A2", "Refresh (새로고침):", wb.add_format({"bold": True}))
    ws.write_formula("B3", '=KIS_REFRESH("auto")')
    ws.write("A3", "refresh cell")
    ws.write("C2", "Functions recalculate when this cell does: edit it, or press Ctrl+Alt+F9. "
                   'KIS_REFRESH("manual") freezes values until the next refresh.', note)
    ws.write_row("A5", ["code", "name", "price", "change", "change %", "volume"], head)
    first, last = 6, 5 + len(WATCHLIST)
    for i, (code, _name) in enumerate(WATCHLIST):
        ws.write_string(first - 1 + i, 0, code)
    codes = f"A{first}:A{last}"
    for col, (field, fmt) in zip("BCDEF", [("name", None), ("price", won), ("change", won), ("change_pct", pct),
                                          ("volume", won)]):
        ws.write_dynamic_array_formula(f"{col}{first}:{col}{last}", f'=KIS_PRICE({codes},"{field}",$B$3)', fmt)
    ws.write("J5", "History: 005930, last 60 days (spills)", wb.add_format({"bold": True}))
    ws.write_dynamic_array_formula("J6:P6", HISTORY_FORMULA)
    ws.set_column("J:J", 12, date_fmt)
    row = last + 3
    ws.write(row - 1, 0, "Account (활성 프로필 잔고)", wb.add_format({"bold": True}))
    ws.write_dynamic_array_formula(row, 0, row, 7, "=KIS_BALANCE(,TRUE,$B$3)")
    ws.write(row + 14, 0, "Cash", wb.add_format({"bold": True}))
    ws.write_dynamic_array_formula(row + 15, 0, row + 15, 1, "=KIS_CASH(,$B$3)")
    ws.write(row + 14, 3, "Status", wb.add_format({"bold": True}))
    ws.write_dynamic_array_formula(row + 15, 3, row + 15, 4, STATUS_FORMULAS[0])
    ws.freeze_panes(5, 0)


INSTRUCTIONS = [
    "How to use this workbook",
    "1. pip install kis-xl (or the project folder with pip install -e .) into the Python that Excel will use.",
    "2. xlwings addin install, then in Excel: File > Options > Trust Center > Macro Settings > "
    "'Trust access to the VBA project object model'.",
    "3. This workbook's xlwings.conf sheet points UDF Modules at kis_xl.udfs; set Interpreter_Win if Excel should "
    "use a particular python.exe.",
    "4. xlwings ribbon (or Alt+F8 ImportPythonUDFs): Import Functions. Cells showing #NAME? recalculate then.",
    "5. The sim profile (built-in simulator) is the default: no credentials. Set KIS_XL_PROFILE=mock or real and "
    "your keys (kis-xl login) to use KIS. Secrets never go into this workbook.",
    "Functions never place orders. Errors show as #KIS! text in the cell; missing data as #N/A.",
]


def build(out: Path = DEFAULT_OUT) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wb = xlsxwriter.Workbook(str(out))
        wb.set_vba_name("ThisWorkbook")
        wb.add_vba_project(str(_vba_project(Path(tmp))))
        functions = wb.add_worksheet("Functions")
        functions.set_vba_name("Sheet1")
        conf = wb.add_worksheet("xlwings.conf")
        conf.set_vba_name("Sheet2")
        _functions_sheet(wb, functions)
        bold = wb.add_format({"bold": True})
        for r, (key, value) in enumerate([("UDF Modules", UDF_MODULE), ("Debug UDFs", False),
                                          ("Use UDF Server", False), ("Show Console", False),
                                          ("Interpreter_Win", ""), ("PYTHONPATH", "")]):
            conf.write(r, 0, key, bold)
            conf.write(r, 1, value)
        conf.set_column("A:B", 22)
        from ..orders.template import add_orders_sheet

        add_orders_sheet(wb, macro_name="SampleCall", profile="mock", send=False)
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
