"""Forty identical rows, interrupted twice: every row ends with its own order, and every order on one row."""

import openpyxl
import pytest

from kis_xl.client import KisClient
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import submit
from kis_xl.orders.template import HEADER_ROW
from tests.orders.test_journal_recovery import make_sheet
from tests.orders.test_order_sheet import col

FIRST = HEADER_ROW + 2


def table(path):
    ws = openpyxl.load_workbook(path)["Orders"]
    return [(ws.cell(FIRST + i, col("status")).value, ws.cell(FIRST + i, col("order_no")).value) for i in range(40)]


def test_forty_identical_rows_interrupted_pair_one_to_one(make_profile, tmp_path, monkeypatch):
    client = KisClient(make_profile(), timeout=1)
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", f"t{i}") for i in range(40)])
    place, calls = KisClient.place_order, []

    def interrupted(self, request, **kw):
        calls.append(request)
        if len(calls) == 15:  # Ctrl-C just after KIS booked row 15's order, before its number was written
            place(self, request, **kw)
            raise KeyboardInterrupt
        if len(calls) == 31:  # Ctrl-C just before row 31's order left the machine
            raise KeyboardInterrupt
        return place(self, request, **kw)

    monkeypatch.setattr(KisClient, "place_order", interrupted)
    for _ in range(2):
        with pytest.raises(KeyboardInterrupt):
            submit(OpenpyxlSheet(path), str(path), client=client)
    submit(OpenpyxlSheet(path), str(path), client=client)  # row 31 never left: it goes out now, the rest after it
    rows = table(path)
    server = sorted(o.order_no for o in client.daily_orders().orders)
    assert len(server) == 40, "an order was sent twice, or a row never went out"
    assert [no for _, no in rows] == server  # row i holds the i-th order sent: each its own, none twice
    assert all(status in ("SENT", "FILLED") for status, _ in rows)
    client.close()
