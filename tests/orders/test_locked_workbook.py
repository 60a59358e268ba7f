"""A workbook that cannot take results: nothing is sent, or sending stops and the journal writes them back."""

import openpyxl
import pytest

from kis_xl.errors import KisXlError
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import submit
from kis_xl.orders.template import HEADER_ROW
from tests.orders.test_journal_recovery import make_sheet
from tests.orders.test_order_sheet import col

FIRST = HEADER_ROW + 2
ROWS = [("005930", "BUY", 1, "MARKET", None, "KRX", f"t{i}") for i in range(3)]


class Locked(OpenpyxlSheet):
    """Saving fails, as it does for a file open in Excel on Windows or on a read-only share."""

    fail_after = 0

    def flush(self):
        if self.fail_after <= 0:
            raise PermissionError(13, "Permission denied")
        self.fail_after -= 1
        super().flush()


def statuses(path):
    ws = openpyxl.load_workbook(path)["Orders"]
    return [(ws.cell(FIRST + i, col("status")).value, ws.cell(FIRST + i, col("order_no")).value) for i in range(len(ROWS))]


def test_a_workbook_open_in_excel_sends_nothing(make_client, tmp_path):
    client = make_client()
    path = make_sheet(tmp_path / "orders.xlsx", ROWS)
    (tmp_path / "~$orders.xlsx").write_bytes(b"owner")  # Excel's lock file beside an open workbook
    with pytest.raises(KisXlError, match="open in Excel.*nothing was sent"):
        submit(OpenpyxlSheet(path), str(path), client=client)
    assert client.daily_orders().orders == []


def test_a_workbook_that_cannot_be_saved_sends_nothing(make_client, tmp_path):
    client = make_client()
    path = make_sheet(tmp_path / "orders.xlsx", ROWS)
    with pytest.raises(KisXlError, match="cannot save.*Permission denied.*nothing was sent"):
        submit(Locked(path), str(path), client=client)
    assert client.daily_orders().orders == []


def test_a_write_that_fails_after_an_order_stops_and_the_next_run_writes_it_back(make_client, tmp_path):
    client = make_client()
    path = make_sheet(tmp_path / "orders.xlsx", ROWS)
    sheet = Locked(path)
    sheet.fail_after = 1  # the pre-flight save works; the file is locked before the first result lands
    with pytest.raises(KisXlError, match="cannot be written.*kept in the journal.*nothing more was sent"):
        submit(sheet, str(path), client=client)
    [sent] = client.daily_orders().orders
    assert statuses(path) == [(None, None)] * 3
    submit(OpenpyxlSheet(path), str(path), client=client)
    rows = statuses(path)
    orders = sorted(o.order_no for o in client.daily_orders().orders)
    assert rows[0][1] == sent.order_no and len(orders) == 3 and [no for _, no in rows] == orders
    assert "written back from the journal" in openpyxl.load_workbook(path)["Orders"].cell(FIRST, col("message")).value
