"""Issue 26 #10: results are typed values with formats (amounts `#,##0`, dates as dates), not General text, in
a file written headless and through Excel (xlwings' remote book records the number formats it would set)."""

import zipfile
from datetime import date, datetime, time

import openpyxl
import xlsxwriter

from kis_xl.orders.book import OpenpyxlSheet, XlwingsSheet, typed
from kis_xl.orders.template import add_orders_sheet

from .test_macro_xlwings import book_of, snapshot

RESULTS = {"status": "FILLED", "order_no": "0000001001", "order_date": "2025-06-02", "order_time": "10:00:01",
           "filled": 10, "avg_price": 345500, "submitted_at": "2025-06-02 10:00:00", "message": "filled"}


def _sheet(path):
    wb = xlsxwriter.Workbook(str(path))
    add_orders_sheet(wb, macro_name=None, rows=[("005930", "매수", "10주", "시장가", None, "KRX", "x")])
    wb.close()
    return path


def test_a_file_gets_numbers_and_dates_with_formats(tmp_path):
    path = _sheet(tmp_path / "orders.xlsx")
    sheet = OpenpyxlSheet(path)
    [row] = sheet.rows()
    sheet.write(row, RESULTS)
    cells = {c.column: c for c in openpyxl.load_workbook(path)["Orders"][row.number]}
    by_key = {k: cells[sheet._columns[k] + 1] for k in RESULTS}
    assert by_key["avg_price"].value == 345500 and by_key["avg_price"].number_format == "#,##0"
    assert by_key["filled"].number_format == "#,##0"
    assert by_key["order_date"].value == datetime(2025, 6, 2) and by_key["order_date"].number_format == "yyyy-mm-dd"
    assert by_key["submitted_at"].value == datetime(2025, 6, 2, 10, 0, 0)
    assert by_key["submitted_at"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert by_key["order_time"].value == time(10, 0, 1)
    assert by_key["order_no"].value == "0000001001" and by_key["order_no"].data_type == "s"  # codes stay text
    [again] = OpenpyxlSheet(path).rows()  # and they read back as the same order on the same day
    assert again.order_day == date(2025, 6, 2) and again.order_id is not None


def _parts(path):
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def test_the_template_s_columns_carry_the_formats_so_only_the_sheet_changes(tmp_path):
    path = _sheet(tmp_path / "orders.xlsx")
    before = _parts(path)
    sheet = OpenpyxlSheet(path)
    [row] = sheet.rows()
    sheet.write(row, RESULTS)
    after = _parts(path)
    assert [n for n in before if before[n] != after[n]] == ["xl/worksheets/sheet1.xml"]


def test_a_sheet_of_the_user_s_own_gains_the_formats_once(tmp_path):
    path = tmp_path / "own.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Orders"
    wb.active.append(["Code", "Side", "Quantity", "Type"])
    wb.active.append(["005930", "BUY", 1, "MARKET"])
    wb.save(path)
    before = _parts(path)
    sheet = OpenpyxlSheet(path)
    [row] = sheet.rows()
    sheet.write(row, RESULTS)
    sheet.write(row, RESULTS)  # a second write reuses the styles the first made
    after = _parts(path)
    assert sorted(n for n in before if before[n] != after[n]) == ["xl/styles.xml", "xl/worksheets/sheet1.xml"]
    assert after["xl/styles.xml"].count(b'formatCode="yyyy-mm-dd hh:mm:ss"') == 1
    ws = openpyxl.load_workbook(path)["Orders"]
    header = [c.value for c in ws[1]]
    assert ws.cell(2, header.index("Order Date") + 1).value == datetime(2025, 6, 2)
    assert ws.cell(2, header.index("Avg Price") + 1).number_format == "#,##0"


def test_text_that_is_not_a_date_is_left_as_written():
    assert typed("order_date", "today") == ("today", None)
    assert typed("avg_price", 150.25) == (150.25, "#,##0.00##")
    assert typed("message", "x") == ("x", None)


def test_excel_sets_the_number_formats(tmp_path):
    grid = snapshot(_sheet(tmp_path / "orders.xlsx"))
    book = book_of(grid)
    sheet = XlwingsSheet(book)
    [row] = sheet.rows()
    sheet.write(row, RESULTS)
    formats = [a["args"][0] for a in book.json()["actions"] if a["func"] == "setNumberFormat"]
    assert sorted(formats) == sorted(["#,##0", "#,##0", "yyyy-mm-dd", "hh:mm:ss", "yyyy-mm-dd hh:mm:ss"])
