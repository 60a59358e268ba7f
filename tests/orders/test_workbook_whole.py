"""A headless run keeps every part of the workbook: only the Orders sheet's result cells change."""

import shutil
import zipfile
from pathlib import Path

import openpyxl
import xlsxwriter

from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.package import write_cells
from kis_xl.orders.rows import COLUMN_ORDER, RESULT_COLUMNS
from kis_xl.orders.service import submit
from kis_xl.orders.template import HEADER_ROW
from tests.orders.test_order_sheet import col

WORKBOOK = Path(__file__).resolve().parents[2] / "workbooks" / "kis_xl.xlsm"
FIRST = HEADER_ROW + 2


def parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _without_id(xml: bytes) -> bytes:
    """A workbook part without the id kis-xl keeps in it (``orders.identity``), canonical."""
    from lxml import etree

    from kis_xl.orders import identity

    root = etree.fromstring(xml)
    for node in list(root.iter("{*}definedName")):
        if node.get("name") == identity.NAME:
            names = node.getparent()
            names.remove(node)
            if not len(names):
                root.remove(names)
    return etree.tostring(root, method="c14n")


def test_a_headless_submit_keeps_every_part_of_the_xlsm(make_client, tmp_path):
    path = tmp_path / "kis_xl.xlsm"
    shutil.copy(WORKBOOK, path)
    rows = [("005930", "BUY", 1, "MARKET"), ("000660", "BUY", 2, "MARKET"), ("99999X", "BUY", 1, "MARKET")]
    cells = {(FIRST + i, c + 1): v for i, row in enumerate(rows) for c, v in enumerate(row)}
    write_cells(path, "Orders", cells | {(3, 2): "ON"})  # the user fills the sheet and turns sending on
    before = parts(path)
    assert "xl/metadata.xml" in before and b'cm="1"' in b"".join(before.values())  # spilling formulas
    submit(OpenpyxlSheet(path), str(path), client=make_client())
    after = parts(path)
    orders_part = "xl/worksheets/sheet3.xml"
    assert after.keys() == before.keys()
    assert {k for k in after if after[k] != before[k]} == {orders_part, "xl/workbook.xml"}  # VBA, metadata, charts
    assert _without_id(after["xl/workbook.xml"]) == _without_id(before["xl/workbook.xml"])  # names: one added
    old, new = (openpyxl.load_workbook(p, keep_vba=True)["Orders"] for p in (WORKBOOK, path))
    results = {COLUMN_ORDER.index(k) + 1 for k in RESULT_COLUMNS}
    changed = {(c.row, c.column) for row in new.iter_rows() for c in row
               if c.value != old.cell(c.row, c.column).value}
    assert changed - set(cells) - {(3, 2)} <= {(r, c) for r in range(FIRST, FIRST + 3) for c in results}
    assert new.cell(FIRST, col("status")).value in ("SENT", "FILLED") and new.cell(FIRST + 2, col("status")).value == "INVALID"
    assert new.data_validations.dataValidation  # the drop-downs are still there


def test_a_plain_sheet_with_only_the_input_columns_gets_its_result_columns(make_client, tmp_path):
    path = tmp_path / "plain.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Orders")
    ws.write_row(0, 0, ["Send orders", "ON"])
    ws.write_row(2, 0, ["Code", "Side", "Quantity", "Type", "Price"])
    ws.write_row(3, 0, ["005930", "BUY", 1, "MARKET"])
    wb.close()
    submit(OpenpyxlSheet(path), str(path), client=make_client())
    ws = openpyxl.load_workbook(path)["Orders"]
    assert [c.value for c in ws[3]][5:11] == ["Name", "Status", "Order No", "Order Date", "Reservation No",
                                             "Order Time"]
    assert ws.cell(4, 7).value in ("SENT", "FILLED") and str(ws.cell(4, 8).value).isdigit()
