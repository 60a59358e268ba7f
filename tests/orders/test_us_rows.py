"""US rows on the order sheet: hours from the NYSE calendar, and a lost answer reconciled from KIS's US list."""

import openpyxl
import pytest

from kis_xl.client import KisClient
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import submit
from kis_xl.orders.template import HEADER_ROW
from kis_xl.sim.server import SimServer
from tests.orders.test_journal_recovery import make_sheet
from tests.orders.test_order_sheet import col

FIRST = HEADER_ROW + 2


@pytest.fixture(scope="module")
def us_open():
    with SimServer(seed=3, clock="2025-06-02T23:30:00+09:00") as server:  # 10:30 in New York
        yield server


def test_a_us_row_whose_answer_was_lost_is_reconciled_not_resent(us_open, make_profile, tmp_path):
    client = KisClient(make_profile(rest_url=us_open.real_url), timeout=1)
    price = round(client.us_price("AAPL").price * 1.02, 2)
    path = make_sheet(tmp_path / "us.xlsx", [("AAPL", "BUY", 2, "LIMIT", price, "NAS", "a"),
                                             ("AAPL", "BUY", 2, "LIMIT", price, "NAS", "b")])
    us_open.world.faults.order_reset_after = 1  # the first is booked, then its answer is cut
    try:
        submit(OpenpyxlSheet(path), str(path), client=client)
    finally:
        us_open.world.faults.reset()
    ws = openpyxl.load_workbook(path)["Orders"]
    orders = sorted(o.order_no for o in client.us_daily_orders().orders)
    assert len(orders) == 2  # not sent twice
    assert [ws.cell(FIRST + i, col("order_no")).value for i in range(2)] == orders
    assert "reconciled" in ws.cell(FIRST, col("message")).value
    client.close()
