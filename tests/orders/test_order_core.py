"""The order core's money defects (issue 27), each reproduced: a modification chain counted whole, a torn
journal line, a full disk, two workbooks' lost answers, one workbook known by two names."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import openpyxl

from kis_xl import krx
from kis_xl.models import OrderId, OrderRecord, OrderType, Side
from kis_xl.orders import lifecycle
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.refresh import refresh
from tests.orders.test_order_sheet import FIRST, col, make_sheet

DAY = date(2025, 6, 2)
NOW = datetime(2025, 6, 2, 14, 0, tzinfo=krx.KST)


def record(no: int, quantity: int, filled: int, left: int, *, orig: int = 0, price: float = 70_000.0,
           cancelled: bool = False) -> OrderRecord:
    """One number of a chain as KIS lists it: each number counts its own fills."""
    return OrderRecord(DAY, f"{no:010d}", "06010", "005930", "", Side.BUY, OrderType.LIMIT, quantity, price, None,
                       filled, price, filled * price, left, cancelled=cancelled,
                       orig_order_no=f"{orig:010d}" if orig else "", action="MODIFY" if orig else "NEW")


@dataclass
class _Listed:
    orders: list


class ListClient:
    """Just what REFRESH reads: the server's clock and the day's list."""

    def __init__(self, records: list[OrderRecord]):
        self.records = records

    def now(self) -> datetime:
        return NOW

    def daily_orders(self, first=None, last=None):
        return _Listed(self.records)

    def us_daily_orders(self, first=None, last=None):
        return _Listed([])


def sent_row(path, order_no: int, quantity: int = 400_000):
    make_sheet(path, [("005930", "BUY", quantity, "LIMIT", 70_000, "KRX", "")])
    wb = openpyxl.load_workbook(path)
    ws = wb["Orders"]
    ws.cell(FIRST, col("status")).value = "SENT"
    ws.cell(FIRST, col("order_no")).value = f"{order_no:010d}"
    ws.cell(FIRST, col("order_date")).value = DAY.isoformat()
    wb.save(path)
    return path


def cells(path) -> dict:
    ws = openpyxl.load_workbook(path)["Orders"]
    return {k: ws.cell(FIRST, col(k)).value for k in ("status", "filled", "avg_price", "order_no", "message")}


# --- 1. a modification chain is counted whole, whichever of its numbers the row shows ---

def test_a_modified_order_keeps_the_originals_fills_on_every_refresh(tmp_path):
    """52,613 shown vs 65,910 filled, 'of 386,703' instead of 400,000: the second REFRESH counted from the link."""
    chain = [record(101, 400_000, 13_297, 0, cancelled=True),
             record(202, 386_703, 52_613, 334_090, orig=101, price=70_100.0)]
    path = sent_row(tmp_path / "o.xlsx", 101)
    for _ in range(2):  # the first REFRESH writes 202 on the row; the second must still count 101's fills
        refresh(OpenpyxlSheet(path), ListClient(chain))
        got = cells(path)
        assert (got["status"], got["filled"], got["order_no"]) == ("PARTIAL", 65_910, "0000000202")
        assert "filled 65,910 of 400,000" in got["message"]


def test_after_two_modifies_the_next_day_shows_all_that_filled_at_the_true_average():
    chain = [record(101, 400_000, 52_900, 0, cancelled=True, price=70_000.0),
             record(202, 347_100, 100_000, 0, orig=101, cancelled=True, price=70_100.0),
             record(303, 247_100, 247_100, 0, orig=202, price=70_200.0)]
    amount = 52_900 * 70_000.0 + 100_000 * 70_100.0 + 247_100 * 70_200.0
    for shown in (101, 202, 303):  # whichever number of the chain the row holds
        state = lifecycle.state_of(OrderId(DAY, "KR", str(shown)), chain, {"KR": DAY + timedelta(days=1)})
        assert (state.status, state.filled, state.quantity, state.latest.number) == ("FILLED", 400_000, 400_000, "303")
        assert abs(state.avg_price - amount / 400_000) < 1e-9
