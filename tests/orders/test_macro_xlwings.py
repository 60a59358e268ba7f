"""The Excel entry point through xlwings' remote-book machinery: the 50-row batch, a second run, the real account.

``xw.Book(json=...)`` runs the macro against a snapshot of the workbook and returns the cell writes it would
make; applying them to the snapshot gives the workbook Excel would show for the next run.
"""

import openpyxl
import xlsxwriter
import xlwings as xw

from kis_xl.client import KisClient
from kis_xl.connect import open_client
from kis_xl.orders import macro
from kis_xl.orders.rows import COLUMN_ORDER
from kis_xl.orders.template import HEADER_ROW, add_orders_sheet

from .test_order_sheet import mixed_batch

STATUS, ORDER_NO, MESSAGE = (COLUMN_ORDER.index(k) for k in ("status", "order_no", "message"))  # 0-based


def snapshot(path) -> list[list]:
    ws = openpyxl.load_workbook(path)["Orders"]
    return [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]


def book_of(grid, name="orders.xlsx"):
    return xw.Book(json={"version": xw.__version__, "client": "Microsoft Office",
                         "book": {"name": name, "active_sheet_index": 0},
                         "sheets": [{"name": "Orders", "values": [list(r) for r in grid]}]})


def applied(grid, book) -> list[list]:
    """The snapshot with the macro's setValues actions applied, as Excel would show it."""
    grid = [list(r) for r in grid]
    for action in book.json()["actions"]:
        if action["func"] != "setValues":
            continue
        for dr, values in enumerate(action["values"]):
            row = grid[action["start_row"] + dr]
            for dc, value in enumerate(values):
                col = action["start_column"] + dc
                row.extend([""] * (col + 1 - len(row)))
                row[col] = value
    return grid


def make_sheet(path, rows, *, profile="sim"):
    wb = xlsxwriter.Workbook(str(path))
    add_orders_sheet(wb, macro_name="SampleCall", profile=profile, send=True, rows=rows)
    wb.close()
    return path


def test_macro_mixed_batch_then_a_second_run_sends_nothing(sim_env, tmp_path):
    client = open_client("sim")  # the account the sheet's 'sim' profile trades on
    client.buy("000660", 10)
    rows, bad = mixed_batch(client)
    grid = snapshot(make_sheet(tmp_path / "orders.xlsx", rows))
    book = book_of(grid)
    assert macro.submit_orders(book) == "INVALID: 12, SENT: 38"
    funcs = [a["func"] for a in book.json()["actions"]]
    assert "save" in funcs and funcs.index("save") > max(i for i, f in enumerate(funcs) if f == "setValues")
    after = applied(grid, book)
    data = after[HEADER_ROW + 1:]
    invalid = [r[MESSAGE] for r in data if r[STATUS] == "INVALID"]
    assert len(invalid) == 12 and all(any(e in m for m in invalid) for e in bad)
    assert sum(r[STATUS] == "SENT" and str(r[ORDER_NO]).isdigit() for r in data) == 38
    sent = len(client.daily_orders().orders)
    again = book_of(after)
    macro.submit_orders(again)
    assert len(client.daily_orders().orders) == sent == 38 + 1
    assert not [a for a in again.json()["actions"] if a["func"] == "setValues" and a["start_column"] == ORDER_NO]
    client.close()


def test_macro_cannot_send_to_the_real_account_without_a_yes(sim, monkeypatch, tmp_path):
    from tests.conftest import new_account, new_app_key, new_app_secret

    config = tmp_path / "config.toml"
    config.write_text('[profiles.real]\nsend_orders = true\n', encoding="utf-8")
    monkeypatch.setenv("KIS_XL_CONFIG", str(config))
    monkeypatch.setenv("KIS_XL_PROFILE", "real")
    monkeypatch.setenv("KIS_XL_BASE_URL", sim.real_url)  # KIS's real domain, played by the simulator
    monkeypatch.setenv("KIS_XL_APP_KEY", new_app_key())
    monkeypatch.setenv("KIS_XL_APP_SECRET", new_app_secret())
    monkeypatch.setenv("KIS_XL_ACCOUNT", new_account())
    client = open_client("real")
    assert client.profile.live_money
    grid = snapshot(make_sheet(tmp_path / "real.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", "")],
                               profile="real"))
    book = book_of(grid)
    assert "not confirmed" in macro.submit_orders(book)  # a remote book cannot answer the Yes/No box
    question = next(a["args"][0] for a in book.json()["actions"] if a["func"] == "alert")
    assert "REAL ACCOUNT" in question and "****" in question and "1 orders" in question
    assert client.profile.cano not in question  # the account is shown masked
    assert client.daily_orders().orders == []
    client.close()


def test_macro_crash_after_row_20_leaves_rows_1_to_20_written(sim_env, tmp_path, monkeypatch):
    import pytest

    from kis_xl import krx

    client = open_client("sim")
    q = client.price("005930")
    rows = [("005930", "BUY", 1, "LIMIT", q.price - krx.tick_size(q.price) * i, "KRX", "") for i in range(30)]
    grid = snapshot(make_sheet(tmp_path / "orders.xlsx", rows))
    place, calls = KisClient.place_order, []

    def dies_at_21(self, request, **kw):
        calls.append(request)
        if len(calls) == 21:
            raise RuntimeError("Excel killed")
        return place(self, request, **kw)

    monkeypatch.setattr(KisClient, "place_order", dies_at_21)
    book = book_of(grid)
    with pytest.raises(RuntimeError):
        macro.submit_orders(book)
    data = applied(grid, book)[HEADER_ROW + 1:]
    assert [r[STATUS] for r in data] == ["SENT"] * 20 + [""] * 10
    assert all(str(r[ORDER_NO]).isdigit() for r in data[:20]) and len(client.daily_orders().orders) == 20
    client.close()
