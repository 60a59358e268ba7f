"""Build ``workbooks/kis_xl.xlsm``: example formulas, the xlwings settings sheet, the Orders sheet and the VBA project.

xlsxwriter writes what openpyxl cannot: spilling (dynamic-array) formulas and a VBA project. The VBA project
(``vba.py``) carries xlwings' own module, so ``RunPython`` and Import Functions work without the add-in, and
ours (``KisXl.bas``), whose macros the buttons call whatever the file is named.
"""

from __future__ import annotations

import argparse
import io
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
RUN_MACRO = "KisRun"  # KisXl.bas: the Orders sheet's Run button


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
    "이 통합 문서 사용법 (자세한 안내: docs/EXCEL.md, English below)",
    "1. Windows 엑셀 365(2016 이상)와 Python 3.11 이상이 필요합니다. 설치 후 명령 프롬프트에서 kis-xl excel setup "
    "폴더 를 실행하면 이 파일을 그 폴더에 만들고 Python 경로(Interpreter_Win)를 적어 둡니다.",
    "2. 인터넷에서 받은 파일은 매크로가 막힙니다: 파일 오른쪽 클릭 → 속성 → '차단 해제' 체크 → 확인. 엑셀: 파일 → 옵션 → "
    "보안 센터 → 보안 센터 설정 → 매크로 설정 → 'VBA 프로젝트 개체 모델에 안전하게 액세스할 수 있음' 체크.",
    "3. xlwings.conf 시트: UDF Modules = kis_xl.udfs, Use UDF Server = TRUE (주문 시트의 실행 버튼과 함수가 같은 "
    "Python에서 돌아 체결을 실시간으로 따라갑니다). xlwings 추가 기능(kis-xl excel setup --addin)은 리본을 더할 뿐 "
    "필수가 아닙니다.",
    "4. Alt+F8 → ImportPythonUDFs (또는 리본의 Import Functions). #NAME? 셀이 그때 계산됩니다.",
    "5. 새로고침: Functions 시트의 모든 수식은 $B$3(=KIS_REFRESH(...))을 마지막 인수로 받습니다. B3을 다시 계산하면 모두 "
    "새로 고칩니다. KIS_REFRESH(\"manual\")는 새로고침 사이 값을 고정하고, KIS_REFRESH(\"periodic\",30)은 30초마다 "
    "다시 계산합니다.",
    "6. 기본 프로필은 sim(내장 시뮬레이터)으로 키가 필요 없습니다. 실제 계좌는 KIS_XL_PROFILE=mock 또는 real과 키"
    "(kis-xl login)를 설정한 뒤 엑셀을 다시 시작합니다. 비밀값은 이 파일에 저장되지 않습니다.",
    "7. Orders(주문) 시트: 프로필, 주문전송(켬/끔), 실행(DRY RUN, SUBMIT…)을 고르고 실행 버튼을 누릅니다. 버튼은 KisXl "
    "모듈의 KisRun 매크로를 부르므로 파일 이름을 바꿔도 됩니다.",
    "함수는 주문을 내지 않습니다(주문은 주문 시트에서 실행할 때만). 오류는 #KIS! 글자로 보입니다.",
    "",
    "How to use this workbook (full guide: docs/EXCEL.md)",
    ("1. Windows, Excel 365 (2016+ without spilling), Python 3.11+. kis-xl excel setup FOLDER writes this workbook "
     "there with Interpreter_Win set to the Python that runs kis-xl."),
    ("2. A downloaded file's macros are blocked: right-click it → Properties → tick Unblock → OK. Excel: File > "
     "Options > Trust Center > Trust Center Settings > Macro Settings: tick 'Trust access to the VBA project object "
     "model'."),
    ("3. The xlwings.conf sheet sets UDF Modules = kis_xl.udfs and Use UDF Server = TRUE (the Orders sheet's Run "
     "button runs in the same Python as the functions, which lets its rows follow fills live). The xlwings add-in "
     "(kis-xl excel setup --addin) adds a ribbon but is not required."),
    "4. Alt+F8 > ImportPythonUDFs (or the ribbon's Import Functions). Cells showing #NAME? calculate then.",
    ("5. Refresh: every formula on Functions takes $B$3 (=KIS_REFRESH(...)) as its last argument. Recalculate B3 "
     "to refresh; KIS_REFRESH(\"manual\") freezes values between refreshes, KIS_REFRESH(\"periodic\",30) makes "
     "Excel recalculate it every 30 seconds. Functions are not volatile and opening the workbook asks KIS once."),
    ("6. The sim profile (built-in simulator) is the default: no credentials. Set KIS_XL_PROFILE=mock or real and "
     "your keys (kis-xl login) to use KIS, then restart Excel. Secrets never go into this workbook."),
    ("7. The Market sheet shows indices, a stock's details and flows, an ETF against its NAV, rankings, the KRX "
     "calendar, minute bars, any read-only endpoint (KIS_QUERY) and realised P&L. Index, ETF, ranking, calendar, "
     "info and past-minute data are real-domain APIs: on a mock profile set market_data = \"real\"."),
    ("8. The Orders sheet's Run button calls the macro KisRun (module KisXl), whatever this file is called. "
     "Functions never place orders (the Orders sheet does, only when you run it). Errors show as #KIS! text."),
]


def conf_settings(interpreter: str = "") -> list[tuple[str, object]]:
    """The ``xlwings.conf`` sheet's rows; ``interpreter`` is the python(w).exe Excel should start (``Interpreter_Win``)."""
    return [("UDF Modules", UDF_MODULE), ("Debug UDFs", False), ("Use UDF Server", True), ("Show Console", False),
            ("Interpreter_Win", interpreter), ("PYTHONPATH", "")]


def build(out: Path = DEFAULT_OUT, *, interpreter: str = "") -> Path:
    """Write the workbook to ``out`` (the same bytes on every build for the same ``interpreter``)."""
    from ..orders.template import ORDERS_GUIDE_EN, add_orders_sheet
    from .vba import build_vba_project

    out.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(out))
    wb.set_properties({"title": "kis-xl", "created": BUILT})  # a fixed date: the same bytes on every build
    wb.set_vba_name("ThisWorkbook")
    functions = wb.add_worksheet("Functions")
    conf = wb.add_worksheet("xlwings.conf")
    _functions_sheet(wb, functions)
    bold = wb.add_format({"bold": True})
    for r, (key, value) in enumerate(conf_settings(interpreter)):
        conf.write(r, 0, key, bold)
        conf.write(r, 1, value)
    conf.set_column("A:A", 22)
    conf.set_column("B:B", 60)
    add_orders_sheet(wb, macro_name=RUN_MACRO, profile="sim", send=False)
    _market_sheet(wb, wb.add_worksheet("Market"))
    help_ws = wb.add_worksheet("Read me")
    help_ws.set_column("A:A", 120)
    for r, line in enumerate([*INSTRUCTIONS, "", ORDERS_GUIDE_EN]):
        help_ws.write(r, 0, line, bold if r == 0 else None)
    names = [f"Sheet{i}" for i in range(1, len(wb.worksheets()) + 1)]  # code names: one document module each
    for sheet, name in zip(wb.worksheets(), names):
        sheet.set_vba_name(name)
    wb.add_vba_project(io.BytesIO(build_vba_project(tuple(names))), is_stream=True)
    wb.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="build workbooks/kis_xl.xlsm")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    print(f"wrote {build(parser.parse_args().out)}")


if __name__ == "__main__":
    main()
