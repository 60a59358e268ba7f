"""The macro through xlwings' own (remote JSON book) machinery, and validation against random cell contents."""

from datetime import datetime

import openpyxl
import pytest
import xlsxwriter
import xlwings as xw
from hypothesis import given, settings
from hypothesis import strategies as st

from kis_xl import krx
from kis_xl.caps import Caps
from kis_xl.models import Quote
from kis_xl.orders import macro
from kis_xl.orders.rows import COLUMN_ORDER, INPUT_COLUMNS, SheetRow
from kis_xl.orders.template import HEADER_ROW, add_orders_sheet
from kis_xl.orders.validate import Context, validate


def json_book(path):
    ws = openpyxl.load_workbook(path)["Orders"]
    grid = [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]
    return xw.Book(json={"version": xw.__version__, "client": "Microsoft Office",
                         "book": {"name": path.name, "active_sheet_index": 0},
                         "sheets": [{"name": "Orders", "values": grid}]})


def test_macro_entry_point_through_an_xlwings_book(sim_env, tmp_path):
    path = tmp_path / "book.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    add_orders_sheet(wb, macro_name=None, profile="sim", send=True,
                     rows=[("005930", "BUY", 2, "MARKET", None, "KRX", ""), ("bad!", "BUY", 1, "MARKET", None, "KRX", "")])
    wb.close()
    book = json_book(path)
    assert macro.submit_orders(book) == "INVALID: 1, SENT: 1"
    writes = {(a["start_row"], a["start_column"]): a["values"][0][0] for a in book.json()["actions"]
              if a["func"] == "setValues"}
    first = HEADER_ROW + 1  # 0-based row of the first order
    at = {k: i for i, k in enumerate(COLUMN_ORDER)}  # 0-based columns
    assert writes[(first, at["status"])] == "SENT" and writes[(first, at["order_no"])].isdigit()
    assert writes[(first + 1, at["status"])] == "INVALID" and "not a stock code" in writes[(first + 1, at["message"])]
    dry = json_book(path)
    assert macro.run_from_sheet(dry) == "INVALID: 1, VALID: 1"  # the Action cell says DRY RUN: nothing sent


NOW = datetime(2025, 6, 2, 10, 0, tzinfo=krx.KST)
QUOTES = {"005930": Quote("005930", 70_000, 0, 0, 70_000, 70_000, 70_000, 70_000, 0, 0, upper_limit=91_000,
                          lower_limit=49_000)}
cell = st.one_of(st.none(), st.text(max_size=12), st.integers(-10**7, 10**7), st.floats(allow_nan=True),
                 st.booleans(), st.datetimes(), st.sampled_from(["005930", "BUY", "SELL", "매수", "LIMIT", "MARKET",
                                                                 "KRX", "NAS", "70000", "#REF!", "  "]))


@pytest.mark.heavy
@settings(max_examples=300, deadline=None)
@given(st.lists(st.fixed_dictionaries({k: cell for k in INPUT_COLUMNS}), max_size=8))
def test_validation_never_raises_and_every_bad_row_gets_a_message(rows):
    sheet_rows = [SheetRow(i + 10, dict(r)) for i, r in enumerate(rows)]
    ctx = Context(now=NOW, quotes=QUOTES, orderable_cash=5_000_000, orderable_qty={"005930": 3},
                  caps=Caps(order=2_000_000, batch=3_000_000))
    checked = validate(sheet_rows, ctx)
    assert len(checked) == sum(not r.is_blank for r in sheet_rows)
    for c in checked:
        assert c.ok != bool(c.problems)
        if not c.ok:
            assert all(isinstance(p, str) and p for p in c.problems)


def test_buys_over_the_orderable_cash_name_the_largest_row():
    rows = [SheetRow(10, {"code": "005930", "side": "BUY", "quantity": 1, "type": "MARKET"}),
            SheetRow(11, {"code": "005930", "side": "BUY", "quantity": 60, "type": "LIMIT", "price": 70_000,
                          "tag": "fat finger"})]
    checked = validate(rows, Context(now=NOW, quotes=QUOTES, orderable_cash=1_000_000))
    assert all("the largest is row 11, ~4,200,000 won" in c.message for c in checked)
