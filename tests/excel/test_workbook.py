"""The built workbook: sheets, spilling formulas, the xlwings settings sheet and the VBA project."""

import zipfile

import openpyxl

from kis_xl.workbook.build import DEFAULT_OUT, UDF_MODULE, build
from kis_xl.workbook.examples import WATCHLIST, evaluate_examples


def test_workbook_structure(tmp_path):
    path = build(tmp_path / "kis_xl.xlsm")
    with zipfile.ZipFile(path) as z:
        assert "xl/vbaProject.bin" in z.namelist()
        assert z.read("xl/vbaProject.bin") == zipfile.ZipFile(
            __import__("xlwings").__path__[0] + "/quickstart_standalone.xlsm").read("xl/vbaProject.bin")
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
                      "KIS_RANK(", "KIS_QUERY(", "KIS_SESSION(")


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


def test_orders_sheet_run_button_reaches_kis_xl_main(tmp_path, monkeypatch):
    """The Run button calls xlwings' SampleCall, which runs `import kis_xl; kis_xl.main()` for kis_xl.xlsm."""
    import kis_xl
    from kis_xl.orders import macro

    path = build(tmp_path / "kis_xl.xlsm")
    with zipfile.ZipFile(path) as z:
        vml = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/vmlDrawing")]
    assert any("SampleCall" in v and "Run" in v for v in vml)
    called = []
    monkeypatch.setattr(macro, "run_from_sheet", lambda book=None: called.append(book))
    kis_xl.main()
    assert called == [None]
    orders = openpyxl.load_workbook(path, keep_vba=True)["Orders"]
    assert [orders["A2"].value, orders["A3"].value, orders["A4"].value] == ["Profile", "Send orders", "Action"]
    assert orders["B3"].value == "OFF"  # nothing is sent until the user switches it on
