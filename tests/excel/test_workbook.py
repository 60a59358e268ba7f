"""The built workbook: sheets, spilling formulas, the xlwings settings sheet and the VBA project."""

import re
import shutil
import zipfile

import openpyxl

from kis_xl.workbook.build import DEFAULT_OUT, RUN_MACRO, UDF_MODULE, build
from kis_xl.workbook.examples import WATCHLIST, evaluate_examples


def test_workbook_structure(tmp_path):
    path = build(tmp_path / "kis_xl.xlsm")
    with zipfile.ZipFile(path) as z:
        assert "xl/vbaProject.bin" in z.namelist()
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert wb.sheetnames == ["Functions", "xlwings.conf", "Orders", "Market", "Read me"]
    conf = {r[0].value: r[1].value for r in wb["xlwings.conf"].iter_rows(min_row=1, max_row=6)}
    assert conf["UDF Modules"] == UDF_MODULE
    ws = wb["Functions"]
    assert [ws.cell(6 + i, 1).value for i in range(len(WATCHLIST))] == [c for c, _ in WATCHLIST]
    formulas = {c.coordinate: getattr(c.value, "text", c.value) for row in ws.iter_rows() for c in row
                if str(getattr(c.value, "text", c.value)).startswith("=")}
    assert formulas["B3"] == '=KIS_REFRESH("auto")'
    assert formulas["B6"] == '=KIS_PRICE(A6:A25,"name",$B$3)' and formulas["F6"] == '=KIS_PRICE(A6:A25,"volume",$B$3)'
    assert formulas["J6"].startswith("=KIS_HISTORY(") and formulas["R6"].startswith("=KIS_CASH(")
    assert formulas["U6"].startswith("=KIS_STATUS(") and formulas["A29"].startswith("=KIS_BALANCE(")
    assert all(f.endswith("$B$3)") for cell, f in formulas.items() if cell != "B3")  # all refresh with B3
    volatile = ("TODAY(", "NOW(", "RAND", "OFFSET(", "INDIRECT(")
    assert not [f for f in formulas.values() if any(v in f.upper() for v in volatile)]
    with zipfile.ZipFile(path) as z:  # the spilling formulas are dynamic arrays, not legacy array formulas
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count('cm="1"') == len(formulas) - 1
    texts = [str(c.value) for name in wb.sheetnames for row in wb[name].iter_rows() for c in row]
    assert not any(t.startswith("PS") and len(t) == 36 for t in texts)  # no app key in the workbook


ISSUE_15_FUNCTIONS = ("KIS_INDEX(", "KIS_INDEX_HISTORY(", "KIS_INVESTORS(", "KIS_MEMBERS(", "KIS_TICKS(", "KIS_ETF(",
                      "KIS_MINUTES(", "KIS_PNL(", "KIS_SELLABLE(", "KIS_INFO(", "KIS_HOLIDAYS(", "KIS_ISTRADINGDAY(",
                      "KIS_RANK(", "KIS_QUERY(", "KIS_SESSION(", "KIS_FINANCIALS(", "KIS_DIVIDENDS(",
                      "KIS_EVENTS(", "KIS_DIVIDEND_RANK(", "KIS_WATCHLIST(", "KIS_FLOWS(", "KIS_STRENGTH(", "KIS_SCREEN(")


def test_market_sheet_has_every_new_function(tmp_path):
    path = build(tmp_path / "kis_xl.xlsm")
    ws = openpyxl.load_workbook(path, keep_vba=True)["Market"]
    formulas = [str(getattr(c.value, "text", c.value)) for row in ws.iter_rows() for c in row
                if str(getattr(c.value, "text", c.value)).startswith("=")]
    assert all(any(f.startswith("=" + name) for f in formulas) for name in ISSUE_15_FUNCTIONS)
    assert all(f.endswith("Functions!$B$3)") for f in formulas)  # the one refresh cell
    volatile = ("TODAY(", "NOW(", "RAND", "OFFSET(", "INDIRECT(")
    assert not [f for f in formulas if any(v in f.upper() for v in volatile)]
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/worksheets/sheet4.xml").decode().count('cm="1"') == len(formulas)  # all spill


def _arguments(formula: str) -> tuple[str, list[str]]:
    """A formula's function and its top-level arguments (commas inside quotes or parentheses do not split)."""
    name, rest = formula[1:].split("(", 1)
    args, depth, quoted, current = [], 0, False, ""
    for ch in rest[:-1]:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "(":
            depth += 1
        elif not quoted and ch in ")":
            depth -= 1
        elif not quoted and depth == 0 and ch == ",":
            args.append(current)
            current = ""
            continue
        current += ch
    return name, args + [current]


def test_the_refresh_cell_sits_in_each_functions_refresh_argument():
    """A function that gains an argument before ``refresh`` (KIS_PNL's market) must not take the refresh cell as
    that argument in the workbook's own formulas."""
    import inspect

    from kis_xl import udfs
    from kis_xl.workbook import examples

    formulas = [*examples.MARKET_FORMULAS.values(), examples.HISTORY_FORMULA, examples.CASH_FORMULA,
                examples.STATUS_FORMULA, examples.BALANCE_FORMULA, examples.watchlist_formula("price")]
    for formula in formulas:
        name, args = _arguments(formula)
        params = list(inspect.signature(getattr(udfs, name)).parameters)
        if "refresh" not in params or "*" in formula:
            continue
        assert params.index("refresh") == len(args) - 1, formula


def test_market_sheet_formulas_evaluate(sim_env):
    """Each Market formula, called as Excel would (cell references replaced), gives a value, not an error
    (KIS_PNL's empty period says so in its first cell)."""
    from kis_xl.services.quotes import reset_services
    from kis_xl.workbook.examples import MARKET_FORMULAS, market_sheet_calls

    reset_services()
    assert [cell for cell, _ in market_sheet_calls()] == list(MARKET_FORMULAS)
    calls = [fn() for _, fn in market_sheet_calls()]
    flat = [v for c in calls for v in (c if isinstance(c, list) else [c])]
    flat = [x for v in flat for x in (v if isinstance(v, list) else [v])]
    assert not [v for v in flat if isinstance(v, str) and v.startswith("#KIS!")]
    reset_services()


def test_committed_workbook_is_current(tmp_path):
    """workbooks/kis_xl.xlsm is byte for byte what the builder makes (rebuild: python -m kis_xl.workbook.build)."""
    assert build(tmp_path / "fresh.xlsm").read_bytes() == DEFAULT_OUT.read_bytes()


def test_examples_evaluate_against_the_simulator(sim_env):
    from kis_xl.services.quotes import reset_services

    reset_services()
    values = dict(evaluate_examples())
    assert isinstance(values['=KIS_PRICE("005930")'], float)
    assert values['=KIS_PRICE("005930","name")'] == "삼성전자"
    assert values['=KIS_CASH("deposit")'] == 10_000_000
    history = values['=KIS_HISTORY("005930",-30)']
    assert history[0][0] == "date" and 18 <= len(history) <= 24  # about 21 trading days and the header
    assert not any(isinstance(v, str) and v.startswith("#KIS!") for v in values.values())
    reset_services()


def _macros(path) -> dict[str, str]:
    """Each VBA module of a workbook by name, as oletools' olevba reads it (independently of our builder)."""
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def _button_macros(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        vml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/vmlDrawing"))
    return re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml)


def test_buttons_call_our_fixed_macros_whatever_the_file_is_called(tmp_path):
    """Issue 26 #3: the Run button's macro is ours (KisXl.bas) and no RunPython line is bound to the file name."""
    from kis_xl.orders import macro

    path = build(tmp_path / "kis_xl.xlsm")
    renamed = tmp_path / "내주문 - 복사본 (1).xlsm"
    shutil.copy(path, renamed)
    modules = _macros(renamed)
    assert {"xlwings", "Dictionary", "KisXl", "ThisWorkbook"} <= set(modules) and "Module1" not in modules
    calls = [line.strip() for code in modules.values() for line in code.splitlines()  # calls, not its definition
             if re.match(r"\s*(Call\s+)?RunPython\b(?!\s*=)", line)]
    assert calls and not [line for line in calls if "ThisWorkbook" in line or not re.fullmatch(r'RunPython "[^"&]+"', line)]
    ours = modules["KisXl"]
    buttons = _button_macros(renamed)
    assert buttons == [RUN_MACRO]
    for name in buttons:
        assert re.search(rf"^Sub {name}\(\)", ours, re.M), f"button macro {name} is not in KisXl"
    for entry in re.findall(r'RunPython "import kis_xl\.orders\.macro as m; m\.(\w+)\(\)"', ours):
        assert callable(getattr(macro, entry))  # every entry point exists in kis_xl.orders.macro
    assert len(re.findall(r"^Sub ", ours, re.M)) == len(calls) == 6


def test_vba_project_compiles_from_source(tmp_path):
    """Every module stream is its compressed source from offset 0 and _VBA_PROJECT says version 0xFFFF, so
    Excel compiles the project on open; each sheet has its document module, and xlwings' references stay."""
    import io

    import olefile

    from kis_xl.workbook.vba import decompress

    path = build(tmp_path / "kis_xl.xlsm")
    with zipfile.ZipFile(path) as z:
        ole = olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin")))
    assert ole.openstream("VBA/_VBA_PROJECT").read() == b"\xcc\x61\xff\xff\x00\x00\x00"
    sheets = openpyxl.load_workbook(path, keep_vba=True).sheetnames
    names = ["ThisWorkbook"] + [f"Sheet{i}" for i in range(1, len(sheets) + 1)] + ["xlwings", "Dictionary", "KisXl"]
    for name in names:
        source = decompress(ole.openstream(f"VBA/{name}").read()).decode("cp1252")
        assert source.startswith(f'Attribute VB_Name = "{name}"')
    project = ole.openstream("PROJECT").read().decode("cp1252")
    assert "Module=KisXl" in project and "Module=Module1" not in project
    directory = decompress(ole.openstream("VBA/dir").read())
    assert b"FM20.DLL" in directory and b"MSO.DLL" in directory  # MSForms and Office, as xlwings has them
    with zipfile.ZipFile(path) as z:  # each worksheet names its document module
        parts = [z.read(f"xl/worksheets/sheet{i}.xml").decode() for i in range(1, len(sheets) + 1)]
    assert [re.search(r'codeName="(\w+)"', p).group(1) for p in parts] == names[1:len(sheets) + 1]


def test_orders_sheet_defaults_and_korean_headers(tmp_path):
    """Issue 26 #6, #9, #10: Profile sim, sending off, Korean headers the reader takes, guide lines in full."""
    from kis_xl.orders.book import parse_layout
    from kis_xl.orders.rows import COLUMN_ORDER
    from kis_xl.orders.template import GUIDE_COLUMN, HEADER_ROW, ORDERS_GUIDE_KO

    path = build(tmp_path / "kis_xl.xlsm")
    orders = openpyxl.load_workbook(path, keep_vba=True)["Orders"]
    assert [orders["A2"].value, orders["A3"].value, orders["A4"].value] == ["프로필", "주문전송", "실행"]
    assert orders["B2"].value == "sim" and orders["B3"].value == "끔"  # nothing is sent until switched on
    header = [c.value for c in orders[HEADER_ROW + 1]]
    assert header[:3] == ["종목코드", "매수/매도", "수량"] and "상태" in header and "평균체결가" in header
    grid = [list(r) for r in orders.iter_rows(values_only=True)]
    settings, row, columns, added = parse_layout(grid)
    assert (settings.profile, settings.send_enabled, row, added) == ("sim", False, HEADER_ROW, {})
    assert set(columns) == set(COLUMN_ORDER)
    assert not orders.merged_cells.ranges  # nothing merged, nothing wrapped: each guide line overflows in full
    for r, line in enumerate(ORDERS_GUIDE_KO, 1):
        assert orders.cell(r, GUIDE_COLUMN + 1).value == line and not orders.cell(r, GUIDE_COLUMN + 1).alignment.wrap_text
        assert all(orders.cell(r, c).value is None for c in range(GUIDE_COLUMN + 2, 40))
    assert len(ORDERS_GUIDE_KO) <= HEADER_ROW


def test_old_english_headers_still_read():
    from kis_xl.orders.book import parse_layout
    from kis_xl.orders.rows import HEADERS

    grid = [["Profile", "mock"], ["Send orders", "ON"], list(HEADERS.values()), ["005930", "BUY", "10주"]]
    settings, row, columns, added = parse_layout(grid)
    assert (settings.profile, settings.send_enabled, row, added) == ("mock", True, 2, {})
    assert columns["quantity"] == list(HEADERS).index("quantity")


def test_quantity_validation_takes_10_ju(tmp_path):
    """Issue 26 #10: Excel's whole-number rule refused 10주, which the reader takes; the rule is ours now."""
    from kis_xl.orders.template import HEADER_ROW
    from kis_xl.orders.validate import QUANTITY_MARKS, cell_number

    orders = openpyxl.load_workbook(build(tmp_path / "kis_xl.xlsm"), keep_vba=True)["Orders"]
    quantity = next(c.column_letter for c in orders[HEADER_ROW + 1] if c.value == "수량")
    rule = next(v for v in orders.data_validations.dataValidation if str(v.sqref).startswith(quantity))
    assert rule.type == "custom" and '"주"' in rule.formula1 and f"{quantity}{HEADER_ROW + 2}" in rule.formula1
    assert cell_number("10주", QUANTITY_MARKS) == 10 and "주" in QUANTITY_MARKS


def test_kis_xl_main_still_serves_workbooks_built_before(monkeypatch):
    """Workbooks built before KisXl.bas call xlwings' SampleCall, which runs `import kis_xl; kis_xl.main()`."""
    import kis_xl
    from kis_xl.orders import macro

    called = []
    monkeypatch.setattr(macro, "run_from_sheet", lambda book=None: called.append(book))
    kis_xl.main()
    assert called == [None]
