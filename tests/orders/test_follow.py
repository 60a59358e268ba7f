"""Following fills in Excel: the Orders sheet's rows follow KIS's notices while the workbook stays open.

In Excel the follower's writes cross to xlwings' COM threads (Windows only); here the same writer,
``macro.write_updates``, runs on the follower's thread against an xlwings remote (JSON) book, which records
the cell writes Excel would get. The rows' identity is checked at each write: a row the user moved keeps its
own result, a deleted row gets none.
"""

from __future__ import annotations

import time

import openpyxl
import pytest

from kis_xl.client.stream import close_streams, stream_for
from kis_xl.connect import open_client
from kis_xl.models import FillNotice, NoticeKind, OrderId, Side
from kis_xl.orders import macro
from kis_xl.orders.book import OpenpyxlSheet, XlwingsSheet
from kis_xl.orders.follow import (
    Follower,
    RowUpdate,
    SheetWatch,
    apply_updates,
    follow_seconds,
)
from kis_xl.orders.rows import COLUMN_ORDER
from kis_xl.orders.service import submit
from kis_xl.orders.template import HEADER_ROW
from kis_xl.orders.watch import FileTarget

from .test_macro_xlwings import applied, book_of, snapshot
from .test_order_sheet import FIRST, make_sheet, results

COL = {k: i for i, k in enumerate(COLUMN_ORDER)}  # 0-based
DAY = "2025-06-02"  # the test session's trading day


def oid(number: str, day: str = DAY) -> OrderId:
    from datetime import date

    return OrderId(date.fromisoformat(day), "KR", number.lstrip("0"))


@pytest.fixture
def told(monkeypatch):
    """What the macros would show in their message boxes."""
    said: list[str] = []
    monkeypatch.setattr(macro, "_tell", lambda book, text, ask=False: said.append(text) or False)
    return said


@pytest.fixture
def streams():
    yield
    close_streams()


def remote_writer(sheet, stopped=None):
    """The Excel writer without the COM hop: ``write_updates`` on the follower's thread, into the remote book."""
    cell = sheet.sheet.range("A1")
    return lambda updates, summary: macro.write_updates(cell, updates, summary, stopped)


def wait_until(predicate, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_excel_rows_follow_fills_modifications_and_cancels(sim_env, tmp_path, told, streams):
    client = open_client("sim")  # the account of the sheet's 'sim' profile
    q = client.price("005930")
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "LIMIT", q.lower_limit, "KRX", "a"),
                                            ("005930", "BUY", 2, "LIMIT", q.lower_limit, "KRX", "b"),
                                            ("NAS:AAPL", "BUY", 1, "MARKET", None, "NAS", "us")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    grid = snapshot(path)
    order_a, order_b = (grid[HEADER_ROW + 1 + i][COL["order_no"]] for i in range(2))
    book = book_of(grid, name="o.xlsx")
    text = macro.follow_orders(book, writer=remote_writer)
    assert text.startswith("kis-xl: following 2 of 2 rows") and "Action STOP" in text  # the US row is not followed
    follower = macro.following(book)
    wait_until(lambda: follower.stream.notices_live())
    client.modify_order(order_a, price=q.upper_limit)  # marketable however the price moved: modified, then filled
    client.cancel_order(order_b)
    wait_until(lambda: not follower.running)
    assert follower.error == "" and follower.problems == []
    assert macro.following(book) is None
    rows = applied(grid, book)[HEADER_ROW + 1:]
    a, b = rows[0], rows[1]
    assert (a[COL["status"]], a[COL["filled"]]) == ("FILLED", 3)
    assert a[COL["order_no"]] not in ("", order_a)  # followed to the modified order's number
    listed = next(o for o in client.daily_orders().orders if o.order_no == a[COL["order_no"]])
    assert a[COL["avg_price"]] == listed.avg_fill_price > 0  # the fills' average, as KIS lists it
    assert f"filled 3 of 3 at avg {listed.avg_fill_price:,.0f}" == a[COL["message"]]
    assert b[COL["status"]] == "CANCELLED" and b[COL["order_no"]] == order_b
    writes = [x for x in book.json()["actions"] if x["func"] == "setValues"]
    assert {x["start_row"] for x in writes} == {HEADER_ROW + 1, HEADER_ROW + 2}  # those rows and no other
    assert follower._notices.put not in follower.stream._notice_listeners  # the feed forgets a follower that ended
    client.close()


def test_submit_in_excel_starts_following_and_stop_ends_it(sim_env, tmp_path, told, streams, monkeypatch):
    monkeypatch.setattr(macro, "_excel_writer", remote_writer)  # as inside Excel's COM server
    client = open_client("sim")
    q = client.price("005930")
    grid = snapshot(make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "LIMIT", q.lower_limit, "KRX", "x")]))
    book = book_of(grid, name="s.xlsx")
    assert macro.submit_orders(book) == "SENT: 1"
    assert told[-1].startswith("kis-xl: SENT: 1\nfollowing 1 of 1 rows")
    follower = macro.following(book)
    assert follower is not None and follower.running
    assert macro.run_from_sheet(book_of([r[:] for r in grid[:3]] + [["Action", "STOP"]] + grid[4:],
                                        name="s.xlsx")).startswith("kis-xl: stopped following; 1 row(s) still")
    assert not follower.running and macro.following(book) is None
    assert macro.stop_following(book) == "kis-xl: this workbook's rows are not being followed"
    client.close()


def test_outside_windows_excel_following_says_what_to_do_instead(sim_env, tmp_path, told):
    grid = snapshot(make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", "")]))
    book = book_of(grid, name="n.xlsx")
    assert macro.submit_orders(book) == "SENT: 1"
    assert "Not following fills live: following fills inside Excel needs Excel on Windows" in told[-1]
    assert "kis-xl orders watch FILE" in macro.follow_orders(book_of(applied(grid, book)))
    grid[3][1] = "FOLOW"
    assert macro.run_from_sheet(book_of(grid)) == ("Action must be one of DRY RUN, SUBMIT, REFRESH, FOLLOW, STOP, "
                                                   "not 'FOLOW'; nothing was done")


def test_follow_needs_an_hts_id_and_a_working_row(sim_env, tmp_path, told, monkeypatch):
    grid = snapshot(make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", "")]))
    assert macro.follow_orders(book_of(grid), writer=remote_writer) == (
        "kis-xl: no working row of today's orders (SENT or PARTIAL, with an order number) to follow")
    grid[HEADER_ROW + 1][COL["status"]], grid[HEADER_ROW + 1][COL["order_no"]] = "SENT", "0000012345"
    monkeypatch.setenv("KIS_XL_CONFIG", str(tmp_path / "config.toml"))
    (tmp_path / "config.toml").write_text('[profiles.sim]\nhts_id = ""\n', encoding="utf-8")
    assert "following fills needs the HTS id" in macro.follow_orders(book_of(grid), writer=remote_writer)


# where an update lands ----------------------------------------------------------------------------------------

def sent_grid(rows):
    """An Orders sheet's values with sent rows: (code, order_no, client_id, status)."""
    grid = [[""] * len(COLUMN_ORDER) for _ in range(HEADER_ROW)] + [[k for k in COLUMN_ORDER]]
    grid[HEADER_ROW] = [k.replace("_", " ").title() for k in COLUMN_ORDER]
    for code, order_no, client_id, status in rows:
        line = [""] * len(COLUMN_ORDER)
        line[COL["code"]], line[COL["side"]], line[COL["quantity"]] = code, "BUY", 10
        line[COL["order_no"]], line[COL["client_id"]], line[COL["status"]] = order_no, client_id, status
        line[COL["order_date"]] = DAY
        grid.append(line)
    return grid


def update(row, order_no, client_id, **values):
    return RowUpdate(row, "005930", client_id, frozenset({oid(order_no)}),
                     {"status": "PARTIAL", "filled": 4, "avg_price": 70_000, "message": "filled 4 of 10"} | values)


def test_a_row_moved_in_excel_gets_its_own_update_and_a_deleted_row_none():
    read = sent_grid([("005930", "0000000101", "c1", "SENT"), ("000660", "0000000102", "c2", "SENT")])
    now = read[:HEADER_ROW + 1] + [[""] * len(COLUMN_ORDER), read[HEADER_ROW + 2]]  # row 1 deleted, one inserted
    book = book_of(now)
    problems = apply_updates(XlwingsSheet(book), [update(FIRST, "101", "c1"), update(FIRST + 1, "102", "c2")])
    assert problems == [f"row {FIRST} (order 0000000101 of {DAY}): not found on the sheet any more; PARTIAL "
                        f"filled 4 of 10 was not written"]
    after = applied(now, book)
    assert after[HEADER_ROW + 2][COL["status"]] == "PARTIAL" and after[HEADER_ROW + 2][COL["order_no"]] == "0000000102"
    assert after[HEADER_ROW + 1] == [""] * len(COLUMN_ORDER)  # the inserted row gets nothing


def test_a_copied_client_id_or_a_cancel_request_is_respected():
    grid = sent_grid([("005930", "0000000101", "c1", "CANCEL"), ("005930", "0000000101", "c1", "SENT")])
    book = book_of(grid)
    assert len(apply_updates(XlwingsSheet(book), [update(FIRST, "101", "c1")])) == 1  # two rows claim it: neither
    grid = sent_grid([("005930", "0000000101", "c1", "CANCEL")])
    book = book_of(grid)
    assert apply_updates(XlwingsSheet(book), [update(FIRST, "101", "c1")]) == []
    after = applied(grid, book)[HEADER_ROW + 1]
    assert after[COL["status"]] == "CANCEL" and after[COL["filled"]] == 4  # the request stays until the order is final
    book = book_of(grid)
    apply_updates(XlwingsSheet(book), [update(FIRST, "101", "c1", status="FILLED")])
    assert applied(grid, book)[HEADER_ROW + 1][COL["status"]] == "FILLED"


def test_notices_of_another_account_under_the_same_hts_id_are_ignored():
    from kis_xl.orders.rows import SheetRow

    row = SheetRow(FIRST, {"code": "005930", "quantity": 10, "order_no": "0000000101", "order_date": DAY,
                           "status": "SENT"})
    watch = SheetWatch([row], account="12345678-01", today=oid("1").day)

    def fill(account):
        return FillNotice(kind=NoticeKind.FILLED, order_no="0000000101", orig_order_no="", account=account,
                          code="005930", name="", side=Side.BUY, order_type="00", quantity=10, price=70_000,
                          filled_qty=4, fill_price=70_000)

    assert watch.apply(fill("8765432101")) == []
    [u] = watch.apply(fill("1234567801"))
    assert u.values["status"] == "PARTIAL" and u.values["filled"] == 4 and u.values["avg_price"] == 70_000


def test_headless_watch_rereads_a_file_saved_meanwhile(sim, make_client, tmp_path):
    client = make_client()
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", "x")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    target = FileTarget(path)
    [row] = target.sheet.rows()
    wb = openpyxl.load_workbook(path)
    wb["Orders"].insert_rows(FIRST)  # the user inserts a row above and saves
    wb.save(path)
    u = RowUpdate(row.number, "005930", row.get("client_id"), frozenset({row.order_id}),
                  {"status": "FILLED", "filled": 1, "avg_price": 70_100, "message": "filled 1 of 1 at avg 70,100"})
    assert target([u], "") == []
    rows = results(path)
    assert list(rows) == [FIRST + 1] and rows[FIRST + 1]["Status"] == "FILLED" and rows[FIRST + 1]["Avg Price"] == 70100


def test_following_ends_with_the_day():
    from datetime import datetime

    from kis_xl.krx import KST

    at = datetime(2025, 6, 2, 15, 0, tzinfo=KST).timestamp()
    assert follow_seconds(at) == 3 * 3600  # to 18:00 KST
    assert follow_seconds(at + 4 * 3600) == 600  # started after it: ten minutes


def test_a_follower_that_cannot_write_stops_and_says_why(sim, make_client, streams):
    client = make_client()
    order = client.buy("005930", 1, price=client.price("005930").lower_limit)
    from kis_xl.orders.rows import SheetRow

    row = SheetRow(FIRST, {"code": "005930", "quantity": 1, "order_no": order.order_no,
                           "order_date": order.day.isoformat(), "status": "SENT"})

    def closed_workbook(updates, summary):
        raise OSError("the workbook was closed")

    follower = Follower([row], client, stream_for(client.profile), closed_workbook,
                        until=time.monotonic() + 15).start()
    wait_until(lambda: follower.stream.notices_live())
    client.cancel_order(order.order_no)
    wait_until(lambda: not follower.running)
    assert follower.error == "OSError: the workbook was closed"


def test_a_fill_is_counted_once_across_a_rest_read():
    from datetime import date, datetime
    from datetime import time as dtime

    from kis_xl.krx import KST
    from kis_xl.models import OrderRecord, OrderType
    from kis_xl.orders.rows import SheetRow

    row = SheetRow(FIRST, {"code": "005930", "quantity": 10, "order_no": "0000000101", "order_date": DAY,
                           "status": "SENT"})
    watch = SheetWatch([row], today=oid("1").day)
    read_at = datetime(2025, 6, 2, 10, 0, 5, tzinfo=KST).timestamp()

    def fill(hhmmss, qty=2):
        return FillNotice(kind=NoticeKind.FILLED, order_no="0000000101", orig_order_no="", account="", code="005930",
                          name="", side=Side.BUY, order_type="00", quantity=10, price=70_000, filled_qty=qty,
                          fill_price=70_000, time=dtime(*hhmmss))

    def record(filled):
        return OrderRecord(order_date=date(2025, 6, 2), order_no="0000000101", branch="", code="005930", name="",
                           side=Side.BUY, order_type=OrderType.LIMIT, quantity=10, price=70_000, time=None,
                           filled_qty=filled, avg_fill_price=70_000.0, filled_amount=filled * 70_000.0,
                           remaining_qty=10 - filled)

    [u] = watch.sync([record(2)], (read_at, read_at + 0.2))  # the read saw 2 filled
    assert u.values["filled"] == 2
    assert watch.apply(fill((10, 0, 2))) == []  # a notice of that fill, late: already counted
    assert watch.apply(fill((10, 0, 5))) == [] and watch.reread  # within the read's second: not guessed at
    [u] = watch.sync([record(4)], (read_at + 3, read_at + 3.1))  # the read again says what filled
    assert u.values["filled"] == 4 and not watch.reread
    [u] = watch.apply(fill((10, 0, 12), qty=1))  # after the read: counted
    assert u.values["filled"] == 5 and u.values["status"] == "PARTIAL"
    assert watch.sync([record(4)], (read_at + 8, read_at + 8.1)) == []  # a lagging read never goes backwards


def test_fills_before_a_modification_survive_a_read_and_a_recycled_number_is_not_ours():
    from datetime import date, datetime

    from kis_xl.krx import KST
    from kis_xl.models import OrderRecord, OrderType
    from kis_xl.orders.rows import SheetRow

    row = SheetRow(FIRST, {"code": 5930, "quantity": 10, "order_no": "0000000101", "order_date": DAY,
                           "status": "SENT"})
    old = SheetRow(FIRST + 1, {"code": "000660", "quantity": 3, "order_no": "0000000303", "order_date": DAY,
                               "status": "SENT"})
    yesterday = SheetRow(FIRST + 2, {"code": "005930", "quantity": 10, "order_no": "0000000101",
                                     "order_date": "2025-05-30", "status": "SENT"})  # numbers restart daily
    watch = SheetWatch([row, old, yesterday], today=oid("1").day)
    assert watch.skipped == [yesterday] and len(watch.tracked) == 2

    def notice(kind, order_no, orig="", qty=0, code="005930", quantity=10):
        return FillNotice(kind=kind, order_no=order_no, orig_order_no=orig, account="", code=code, name="",
                          side=Side.BUY, order_type="00", quantity=quantity, price=70_000, filled_qty=qty,
                          fill_price=70_000)

    def record(order_no, filled, quantity, cancelled=False, orig=""):
        left = 0 if cancelled else quantity - filled
        return OrderRecord(order_date=date(2025, 6, 2), order_no=order_no, branch="", code="005930", name="",
                           side=Side.BUY, order_type=OrderType.LIMIT, quantity=quantity, price=70_000, time=None,
                           filled_qty=filled, avg_fill_price=70_000.0, filled_amount=filled * 70_000.0,
                           remaining_qty=left, cancelled=cancelled, orig_order_no=orig,
                           action="MODIFY" if orig else "NEW")

    original = record("0000000101", 5, 10, cancelled=True)  # KIS keeps the original with its own 5 fills
    assert watch.apply(notice(NoticeKind.FILLED, "0000000303", qty=3)) == []  # today's 303 is another stock
    watch.apply(notice(NoticeKind.FILLED, "0000000101", qty=5))
    [u] = watch.apply(notice(NoticeKind.MODIFIED, "0000000202", orig="0000000101", quantity=5))
    assert u.values["order_no"] == "0000000202" and u.values["filled"] == 5
    at = datetime(2025, 6, 2, 10, 0, 5, tzinfo=KST).timestamp()
    assert watch.sync([original, record("0000000202", 0, 5, orig="0000000101")], (at, at)) == []  # 5 + 0
    [u] = watch.sync([original, record("0000000202", 2, 5, orig="0000000101")], (at + 5, at + 5))
    assert (u.values["status"], u.values["filled"]) == ("PARTIAL", 7)
    [u] = watch.sync([original, record("0000000202", 2, 5, cancelled=True, orig="0000000101")], (at + 9, at + 9))
    assert (u.values["status"], u.values["filled"]) == ("CANCELLED", 7)


def test_a_stopped_followers_late_write_is_dropped():
    import threading

    grid = sent_grid([("005930", "0000000101", "c1", "SENT")])
    book = book_of(grid)
    stopped = threading.Event()
    stopped.set()
    assert remote_writer(XlwingsSheet(book), stopped)([update(FIRST, "101", "c1")], "") == []
    assert not [a for a in book.json()["actions"] if a["func"] == "setValues"]


def test_a_follower_started_later_counts_the_whole_modification_chain_and_a_partial_cancel_keeps_a_row():
    from datetime import date, datetime

    from kis_xl.krx import KST
    from kis_xl.models import OrderRecord, OrderType
    from kis_xl.orders.rows import SheetRow

    row = SheetRow(FIRST, {"code": "005930", "quantity": 10, "order_no": "0000000101", "order_date": DAY,
                           "status": "SENT"})  # the sheet still shows the original number
    watch = SheetWatch([row], today=oid("1").day)

    def record(order_no, qty, filled, left, orig="", cancelled=False):
        return OrderRecord(order_date=date(2025, 6, 2), order_no=order_no, branch="", code="005930", name="",
                           side=Side.BUY, order_type=OrderType.LIMIT, quantity=qty, price=70_000, time=None,
                           filled_qty=filled, avg_fill_price=70_000.0, filled_amount=filled * 70_000.0,
                           remaining_qty=left, cancelled=cancelled, orig_order_no=orig,
                           action="MODIFY" if orig else "NEW")

    at = datetime(2025, 6, 2, 10, 0, 5, tzinfo=KST).timestamp()
    chain = [record("0000000101", 10, 4, 0, cancelled=True), record("0000000202", 6, 1, 5, orig="0000000101")]
    [u] = watch.sync(chain, (at, at))  # modified (and partly filled) while nobody listened
    assert (u.values["order_no"], u.values["status"], u.values["filled"]) == ("0000000202", "PARTIAL", 5)

    def cancel(quantity):
        return FillNotice(kind=NoticeKind.CANCELLED, order_no="0000000303", orig_order_no="0000000202", account="",
                          code="005930", name="", side=Side.BUY, order_type="00", quantity=quantity, price=0)

    [u] = watch.apply(cancel(2))  # 2 of the 5 left cancelled: 3 still work
    assert u.values["status"] == "PARTIAL" and "3 working" in u.values["message"]
    [u] = watch.apply(cancel(3))
    assert u.values["status"] == "CANCELLED" and u.values["filled"] == 5
