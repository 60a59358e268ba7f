"""An order sheet typed by hand, as a user makes one: units in cells, no settings block, Korean headers, odd names."""

import openpyxl
import pytest
import xlsxwriter

from kis_xl import krx
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import submit
from kis_xl.orders.template import HEADER_ROW, add_orders_sheet

FIRST = HEADER_ROW + 2


def sheet_with(path, rows):
    wb = xlsxwriter.Workbook(str(path))
    ws = add_orders_sheet(wb, macro_name=None, profile="sim", send=True)
    for r, row in enumerate(rows, FIRST - 1):
        ws.write_row(r, 0, row)
    wb.close()
    return path


def test_prices_and_quantities_typed_with_their_units(make_client, tmp_path):
    client = make_client()
    q = client.price("005930")
    price = krx.round_to_tick(q.price * 0.97, "down")
    path = sheet_with(tmp_path / "units.xlsx", [
        ("005930", "BUY", "3주", "LIMIT", f"{price:,}원", "KRX", "won after"),
        ("005930", "BUY", 3, "지정가", f"₩{price:,}", "KRX", "won sign"),
        ("005930", "BUY", 3, "LIMIT", f"￦ {price:,}", "KRX", "full-width won"),
        ("005930", "BUY", 3, "LIMIT", f"${price:,}", "KRX", "dollars on a KRX row"),
    ])
    outcome = submit(OpenpyxlSheet(path), str(path), client=client, dry_run=True)
    status = {r["row"]: (r["status"], r["message"]) for r in outcome.rows}
    assert [status[FIRST + i][0] for i in range(3)] == ["VALID"] * 3
    assert all(f"at {price:,}" in status[FIRST + i][1] for i in range(3))
    assert status[FIRST + 3][0] == "INVALID" and f"price is not a number: '${price:,}'" in status[FIRST + 3][1]
