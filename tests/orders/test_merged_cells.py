"""Merged cells in the order table: the row is reported, never guessed at, and writing results never crashes."""

import openpyxl
import xlsxwriter
from openpyxl.utils import get_column_letter as letter

from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import submit
from kis_xl.orders.template import HEADER_ROW, add_orders_sheet
from tests.orders.test_order_sheet import col

FIRST = HEADER_ROW + 2


def test_merged_rows_are_reported_and_the_rest_is_sent(make_client, tmp_path):
    client = make_client()
    path = tmp_path / "o.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    add_orders_sheet(wb, macro_name=None, profile="sim", send=True,
                     rows=[("005930", "BUY", 1, "MARKET", None, "KRX", str(i)) for i in range(3)])
    wb.close()
    wb = openpyxl.load_workbook(path)
    ws = wb["Orders"]
    ws.merge_cells(start_row=FIRST, start_column=1, end_row=FIRST, end_column=2)  # code over side
    ws.merge_cells(start_row=FIRST + 1, start_column=col("message"), end_row=FIRST + 1,
                     end_column=col("submitted_at"))  # message over submitted
    wb.save(path)
    outcome = submit(OpenpyxlSheet(path), str(path), client=client)
    ws = openpyxl.load_workbook(path)["Orders"]
    message = f"{letter(col('message'))}{FIRST + 1}:{letter(col('submitted_at'))}{FIRST + 1}"
    for row, area in ((FIRST, f"A{FIRST}:B{FIRST}"), (FIRST + 1, message)):
        assert ws.cell(row, col("status")).value == "INVALID" and f"merged cells {area}" in ws.cell(row, col("message")).value
    assert ws.cell(FIRST + 2, col("status")).value == "SENT"
    assert outcome.count("SENT") == 1 and len(client.daily_orders().orders) == 1
