"""The built workbook: sheets, spilling formulas, the xlwings settings sheet and the VBA project."""

import zipfile

import openpyxl

from kis_xl.workbook.build import UDF_MODULE, build
from kis_xl.workbook.examples import WATCHLIST, evaluate_examples


def test_workbook_structure(tmp_path):
    path = build(tmp_path / "kis_xl.xlsm")
    with zipfile.ZipFile(path) as z:
        assert "xl/vbaProject.bin" in z.namelist()
        assert z.read("xl/vbaProject.bin") == zipfile.ZipFile(
            __import__("xlwings").__path__[0] + "/quickstart_standalone.xlsm").read("xl/vbaProject.bin")
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert wb.sheetnames == ["Functions", "xlwings.conf", "Orders", "Read me"]
    conf = {r[0].value: r[1].value for r in wb["xlwings.conf"].iter_rows(min_row=1, max_row=6)}
    assert conf["UDF Modules"] == UDF_MODULE
    ws = wb["Functions"]
    assert [ws.cell(6 + i, 1).value for i in range(len(WATCHLIST))] == [c for c, _ in WATCHLIST]
    spills = {ws[c].value.text for c in ("B6", "C6", "F6", "J6")}
    assert '=KIS_PRICE(A6:A25,"name",$B$3)' in spills and '=KIS_PRICE(A6:A25,"volume",$B$3)' in spills
    assert any(t.startswith("=KIS_HISTORY(") for t in spills)
    formulas = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    texts = [getattr(f, "text", f) for f in formulas]
    assert any("KIS_BALANCE" in str(t) for t in texts) and any("KIS_CASH" in str(t) for t in texts)
    assert not any("PS" in str(t) and len(str(t)) == 36 for t in texts)  # no secrets in the workbook


def test_committed_workbook_is_current(tmp_path):
    """workbooks/kis_xl.xlsm is what the builder makes (rebuild it after changing the builder)."""
    fresh = openpyxl.load_workbook(build(tmp_path / "fresh.xlsm"), keep_vba=True)
    committed = openpyxl.load_workbook(build.__globals__["DEFAULT_OUT"], keep_vba=True)
    for name in fresh.sheetnames:
        a = [[getattr(c.value, "text", c.value) for c in row] for row in fresh[name].iter_rows()]
        b = [[getattr(c.value, "text", c.value) for c in row] for row in committed[name].iter_rows()]
        assert a == b, name


def test_examples_evaluate_against_the_simulator(sim_env):
    from kis_xl.services.quotes import reset_services

    reset_services()
    values = dict(evaluate_examples())
    assert isinstance(values['=KIS_PRICE("005930")'], float)
    assert values['=KIS_PRICE("005930","name")'] == "삼성전자"
    assert values['=KIS_CASH("deposit")'] == 10_000_000
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
