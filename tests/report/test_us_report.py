"""The daily report's US side: USD cash and evaluation on the summary, US holdings, the US orders sheet."""

import openpyxl
import pytest

from kis_xl.client import KisClient
from kis_xl.models import OrderRequest, Side
from kis_xl.report import run
from kis_xl.sim.server import SimServer


@pytest.fixture(scope="module")
def us_open():
    with SimServer(seed=19, clock="2025-06-02T23:00:00+09:00") as server:  # 10:00 in New York
        yield server


def test_report_has_the_us_side(us_open, make_profile, tmp_path):
    client = KisClient(make_profile(rest_url=us_open.real_url))
    try:
        price = client.us_price("AAPL").price
        client.place_order(OrderRequest("AAPL", Side.BUY, 3, round(price * 1.01, 2), market="NAS"))
        client.place_order(OrderRequest("MSFT", Side.BUY, 2, 1.0, market="NAS"))  # rests
        path = run(client=client, out_dir=tmp_path)
        usd = client.us_cash().deposit
    finally:
        client.close()
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Holdings", "Orders", "US Orders", "Reservations", "Realised P&L", "Charts"]
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["US cash (USD)"] == usd < 10_000
    assert (summary["US stocks held"], summary["US orders placed"], summary["US orders filled"]) == (1, 2, 1)
    us_rows = [r for r in wb["US Orders"].iter_rows(min_row=2, values_only=True) if r[2]]
    assert sorted((r[3], r[6], r[12], r[13]) for r in us_rows) == [("AAPL", 3, "Filled", "NAS"),
                                                                    ("MSFT", 2, "Open", "NAS")]
    assert all(r[4] and r[4] != r[3] for r in us_rows)  # each US order names its stock beside its symbol
    assert wb["US Orders"]["H2"].number_format == "#,##0.00"
    holdings = [r for r in wb["Holdings"].iter_rows(values_only=True) if r and r[0] == "AAPL"]
    assert holdings and holdings[0][2] == 3
