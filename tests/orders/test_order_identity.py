"""An order is its day, its book and its number: no resend after a late send, a lost save or a new day.

Each test reproduces a way to buy twice or show the wrong order against a simulator as unkind as KIS:
order numbers restart every trading day, a token expires inside an order call, answers are lost after
booking, another program places the same order, the workbook is reverted to its copy before the run.
"""

from __future__ import annotations

import shutil
from datetime import date
from types import SimpleNamespace

import openpyxl
import pytest

from kis_xl import spec
from kis_xl.client import KisClient, auth
from kis_xl.errors import KisXlError
from kis_xl.orders.book import OpenpyxlSheet, XlwingsSheet
from kis_xl.orders.journal import Journal
from kis_xl.orders.service import refresh_sheet, submit
from kis_xl.orders.template import ROW_KEYS, english_header
from kis_xl.sim.server import SimServer

from .test_order_sheet import FIRST, col, make_sheet, results

MONDAY, NEXT_DAY = "2025-06-02T10:00:00+09:00", "2025-06-04T10:00:00+09:00"  # 06-03 was a holiday


@pytest.fixture
def day_sim():
    """A simulator of the test's own, whose clock the test moves to the next trading day."""
    with SimServer(seed=5, clock=MONDAY) as server:
        yield server


@pytest.fixture
def us_sim():
    with SimServer(seed=3, clock="2025-06-02T23:30:00+09:00") as server:  # 10:30 in New York
        yield server


def client_at(server, make_profile, **overrides) -> KisClient:
    return KisClient(make_profile(rest_url=server.real_url, **overrides), timeout=1)


def add_rows(path, rows) -> None:
    """The user types more rows below the sheet's last one and saves."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Orders"]
    at = max(results(path)) + 1
    for i, row in enumerate(rows):
        for key, value in zip(ROW_KEYS, row):
            ws.cell(at + i, col(key)).value = value
    wb.save(path)


def set_cells(path, row: int, **values) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Orders"]
    header = {english_header(c.value): c.column for c in ws[FIRST - 1]}
    for name, value in values.items():
        ws.cell(row, header[name]).value = value
    wb.save(path)


def submit_unknown(sim, client, path, fault: str) -> None:
    """A run whose one order's answer is lost (``fault``) while KIS's list cannot be read: the row says UNKNOWN.
    Its booking window passes on the moving clock (conftest's ``waits_move_the_clock``), not spun out in real time."""
    real_list = client.daily_orders
    client.daily_orders = lambda *a, **k: (_ for _ in ()).throw(KisXlError("EGW00201"))
    sim.world.faults.update({fault: 1})
    try:
        submit(OpenpyxlSheet(path), str(path), client=client)
    finally:
        client.daily_orders = real_list
        sim.world.faults.reset()
    assert by_tag(path)["x"]["Status"] == "UNKNOWN"


def by_tag(path) -> dict[str, dict]:
    return {r["Tag"]: r for r in results(path).values()}


# 1. a late send ------------------------------------------------------------------------------------------------

def test_an_order_held_back_by_a_token_renewal_then_lost_is_found_not_sent_twice(sim, make_profile, tmp_path,
                                                                                  monkeypatch):
    """EGW00123 inside the order call, the renewal refused (EGW00133) and waited out, the order booked, its
    answer lost: the booking window runs from when the request really left, not from the intent."""
    monkeypatch.setattr(spec, "TOKEN_ISSUE_INTERVAL_S", 4)  # KIS's one token a minute, shortened for the test
    monkeypatch.setattr(auth, "ISSUE_INTERVAL_S", 5)
    client = KisClient(make_profile(order_settle_s=0.5), timeout=1)  # a window of ~3.5 s from the intent
    client.price("005930")  # a token, before the run
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", "late")])
    sim.world.faults.update({"order_token_expired": 1, "order_reset_after": 1})
    try:
        submit(OpenpyxlSheet(path), str(path), client=client)
    finally:
        sim.world.faults.reset()
    [order] = client.daily_orders().orders
    row = by_tag(path)["late"]
    assert row["Status"] in ("SENT", "FILLED") and row["Order No"] == order.order_no
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert len(client.daily_orders().orders) == 1
    journal = Journal(str(path), client.transport.base_url, client.profile.account).entries()
    [entry] = journal
    assert (entry.sent_at - entry.at).total_seconds() > 3  # it left after the renewal, and that is what counted
    client.close()


# 2. numbers restart every day ----------------------------------------------------------------------------------

def test_the_simulator_restarts_order_numbers_every_day_and_per_book(day_sim, make_profile):
    client = client_at(day_sim, make_profile)
    monday = client.buy("005930", 1)
    day_sim.world.clock.set(NEXT_DAY)
    next_day = client.buy("005930", 1)
    assert monday.order_no == next_day.order_no == "0000001001"
    assert (monday.day, next_day.day) == (date(2025, 6, 2), date(2025, 6, 4)) and monday.id != next_day.id
    client.close()


def test_after_a_new_day_a_lost_answer_under_yesterdays_number_is_found(day_sim, make_profile, tmp_path):
    client = client_at(day_sim, make_profile)
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", "mon")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert by_tag(path)["mon"]["Order No"] == "0000001001"
    day_sim.world.clock.set(NEXT_DAY)
    add_rows(path, [("005930", "BUY", 1, "MARKET", None, "KRX", "tue")])
    day_sim.world.faults.order_reset_after = 1  # booked as 0000001001 of the next day's, its answer lost
    submit(OpenpyxlSheet(path), str(path), client=client)
    next_day = client.daily_orders().orders
    rows = by_tag(path)
    assert len(next_day) == 1, "Monday's row claimed the next day's's order: the row was bought again"
    assert (rows["tue"]["Order No"], rows["tue"]["Order Date"]) == ("0000001001", "2025-06-04")
    assert rows["tue"]["Status"] in ("SENT", "FILLED") and rows["mon"]["Order Date"] == "2025-06-02"
    client.close()


def test_refresh_never_writes_todays_fills_on_yesterdays_rows(day_sim, make_profile, tmp_path):
    client = client_at(day_sim, make_profile)
    low = client.price("005930").lower_limit
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "LIMIT", low, "KRX", "rests")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    day_sim.world.clock.set(NEXT_DAY)
    other = client.buy("005930", 3)  # another program, today: 0000001001 again, and it fills
    assert other.order_no == by_tag(path)["rests"]["Order No"]
    refresh_sheet(OpenpyxlSheet(path), client=client)
    row = by_tag(path)["rests"]
    assert row["Status"] == "EXPIRED" and row["Filled"] == 0, "the next day's's fill was written on Monday's row"
    client.close()


def test_a_cancel_on_yesterdays_row_is_refused_and_todays_order_under_its_number_untouched(day_sim, make_profile,
                                                                                           tmp_path):
    client = client_at(day_sim, make_profile)
    low = client.price("005930").lower_limit
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "LIMIT", low, "KRX", "mon")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    day_sim.world.clock.set(NEXT_DAY)
    theirs = client.buy("005930", 2, client.price("005930").lower_limit)  # today's 0000001001, resting
    set_cells(path, FIRST, Status="CANCEL")
    submit(OpenpyxlSheet(path), str(path), client=client)
    row = by_tag(path)["mon"]
    assert row["Status"] == "CANCEL" and "from an earlier day" in row["Message"]
    [pending] = client.pending_orders()
    assert pending.order_no == theirs.order_no and pending.remaining_qty == 2
    client.close()


# 3. a workbook that lost its results --------------------------------------------------------------------------

def test_a_workbook_reverted_to_its_copy_before_the_run_gets_its_results_back(sim, make_profile, tmp_path):
    client = KisClient(make_profile(), timeout=1)
    rows = [("005930", "BUY", 1, "MARKET", None, "KRX", t) for t in ("a", "b", "c")]
    path = make_sheet(tmp_path / "o.xlsx", rows)
    before = tmp_path / "before.xlsx"
    shutil.copy(path, before)
    submit(OpenpyxlSheet(path), str(path), client=client)
    sent = {tag: r["Order No"] for tag, r in by_tag(path).items()}
    shutil.copy(before, path)  # Excel closed with "Don't Save"
    set_cells(path, FIRST, Tag="b")  # ... and the copy had rows a and b the other way round
    set_cells(path, FIRST + 1, Tag="a")
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert len(client.daily_orders().orders) == 3, "the reverted workbook sent its rows again"
    after = by_tag(path)
    assert {tag: r["Order No"] for tag, r in after.items()} == sent  # each row its own order
    assert all("written back from the journal" in r["Message"] for r in after.values())
    client.close()


class _Book:
    """What XlwingsSheet asks of an Excel workbook: a read-only flag, a path, a save."""

    def __init__(self, read_only=False, folder=r"C:\\trading", fails=None):
        self.api = SimpleNamespace(ReadOnly=read_only, Path=folder)
        self.saved, self.fails = 0, fails
        self.app = SimpleNamespace(status_bar="")

    def save(self):
        if self.fails:
            raise self.fails
        self.saved += 1


def _excel_sheet(book) -> XlwingsSheet:
    sheet = XlwingsSheet.__new__(XlwingsSheet)
    sheet.book, sheet.sheet = book, SimpleNamespace(api=SimpleNamespace(ProtectContents=False))
    return sheet


def test_excel_refuses_to_send_from_a_read_only_workbook_and_saves_after_writing():
    with pytest.raises(KisXlError, match="read-only"):
        _excel_sheet(_Book(read_only=True)).check_writable()
    book = _Book()
    assert _excel_sheet(book).finish() == "" and book.saved == 1
    new = _Book(folder="")  # never saved: saving would pick a place for it
    note = _excel_sheet(new).finish()
    assert new.saved == 0 and "not saved" in note and "save it now" in note and "save it now" in new.app.status_bar


# 4. US prices under $1 -----------------------------------------------------------------------------------------

def test_a_us_price_under_a_dollar_goes_out_exactly_and_a_lost_answer_matches_it(us_sim, make_profile, tmp_path):
    client = client_at(us_sim, make_profile)
    price = round(client.us_price("SIMP").price * 0.9, 4)
    price = price if round(price * 100, 6) % 1 else price + 0.0001  # four decimals, not a whole cent
    path = make_sheet(tmp_path / "us.xlsx", [("SIMP", "BUY", 100, "LIMIT", price, "NAS", "penny"),
                                             ("SIMP", "BUY", 100, "LIMIT", 0.12515, "NAS", "five")])
    us_sim.world.faults.order_reset_after = 1
    try:
        submit(OpenpyxlSheet(path), str(path), client=client)
    finally:
        us_sim.world.faults.reset()
    [order] = client.us_daily_orders().orders
    assert order.price == pytest.approx(price, abs=1e-9), "the price went out rounded"
    rows = by_tag(path)
    assert rows["penny"]["Order No"] == order.order_no and "reconciled" in rows["penny"]["Message"]
    assert rows["five"]["Status"] == "INVALID" and "more than 4 decimals" in rows["five"]["Message"]
    client.close()


# 5. one failing cancel never aborts the run --------------------------------------------------------------------

def test_a_cancel_whose_answer_is_lost_stays_on_its_row_and_the_run_goes_on(sim, make_profile, tmp_path):
    client = KisClient(make_profile(), timeout=1)
    low = client.price("005930").lower_limit
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 2, "LIMIT", low, "KRX", "rests")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    set_cells(path, FIRST, Status="CANCEL")
    add_rows(path, [("000660", "BUY", 1, "MARKET", None, "KRX", "new")])
    sim.world.faults.order_reset_after = 1  # the cancel is carried out, its answer lost
    try:
        submit(OpenpyxlSheet(path), str(path), client=client)
    finally:
        sim.world.faults.reset()
    rows = by_tag(path)
    assert rows["rests"]["Status"] == "CANCEL" and "cancel may have been carried out" in rows["rests"]["Message"]
    assert rows["new"]["Status"] in ("SENT", "FILLED")  # the same run's new order went out all the same
    refresh_sheet(OpenpyxlSheet(path), client=client)
    assert by_tag(path)["rests"]["Status"] == "CANCELLED"
    client.close()


def test_a_us_row_cancels_through_the_us_path(us_sim, make_profile, tmp_path):
    client = client_at(us_sim, make_profile)
    low = round(client.us_price("AAPL").price * 0.8, 2)
    path = make_sheet(tmp_path / "us.xlsx", [("AAPL", "BUY", 1, "LIMIT", low, "NAS", "us")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    set_cells(path, FIRST, Status="CANCEL")
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert by_tag(path)["us"]["Status"] == "CANCELLED" and client.us_pending_orders() == []
    client.close()


# also ----------------------------------------------------------------------------------------------------------

def test_an_unknown_row_moved_by_an_inserted_row_keeps_its_claim(sim, make_profile, tmp_path):
    """Only the row found by its client id can release an UNKNOWN intent, not whatever row slid into its place."""
    client = KisClient(make_profile(), timeout=1)
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", "x")])
    submit_unknown(sim, client, path, "order_reset_after")
    wb = openpyxl.load_workbook(path)
    wb["Orders"].insert_rows(FIRST)  # a row inserted above: a blank row now stands where the UNKNOWN one was
    wb.save(path)
    submit(OpenpyxlSheet(path), str(path), client=client)
    [entry] = Journal(str(path), client.transport.base_url, client.profile.account).entries()
    assert entry.status != "RELEASED" and by_tag(path)["x"]["Status"] in ("SENT", "FILLED")
    assert len(client.daily_orders().orders) == 1
    client.close()


def test_journal_files_are_private_to_the_user(make_client, tmp_path):
    client = make_client()
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", "")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    journal = Journal(str(path), client.transport.base_url, client.profile.account)
    assert journal.path.stat().st_mode & 0o777 == 0o600 and journal.folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("fault", ["order_reset_after", "order_reset_before"])
def test_an_older_copy_showing_unknown_gets_the_order_the_row_has_now(fault, sim, make_profile, tmp_path):
    """A copy saved while the row showed UNKNOWN comes back after the run resolved the row. Booked
    (reset after): the copy gets the order the journal found. Never booked (reset before): the row went out
    again under a new client id, and the copy gets that order; it is neither stuck UNKNOWN nor sent a third time."""
    client = KisClient(make_profile(), timeout=1)
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", "x")])
    submit_unknown(sim, client, path, fault)
    copy = tmp_path / "copy.xlsx"
    shutil.copy(path, copy)
    submit(OpenpyxlSheet(path), str(path), client=client)
    [order] = client.daily_orders().orders
    shutil.copy(copy, path)
    submit(OpenpyxlSheet(path), str(path), client=client)
    row = by_tag(path)["x"]
    assert row["Status"] in ("SENT", "FILLED") and row["Order No"] == order.order_no
    assert len(client.daily_orders().orders) == 1
    client.close()


def test_an_order_whose_run_died_before_its_row_was_written_is_found_the_next_day(day_sim, make_profile, tmp_path):
    from .test_journal_recovery import CrashOnResult

    client = client_at(day_sim, make_profile)
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", "x")])
    with pytest.raises(SystemExit):
        submit(CrashOnResult(path), str(path), client=client)  # booked; the process died before the row
    client.close()
    day_sim.world.clock.set(NEXT_DAY)
    client = KisClient(client.profile, timeout=1)  # the next run: a new process, on the new day
    submit(OpenpyxlSheet(path), str(path), client=client)
    row = by_tag(path)["x"]
    assert (row["Order Date"], row["Order No"]) == ("2025-06-02", "0000001001"), "the row was bought again"
    assert client.daily_orders().orders == []  # nothing on the new day
    client.close()


def test_a_result_found_on_a_later_day_and_then_lost_with_the_workbook_is_written_back(day_sim, make_profile,
                                                                                       tmp_path):
    from .test_journal_recovery import CrashOnResult

    client = client_at(day_sim, make_profile)
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", "x")])
    with pytest.raises(SystemExit):
        submit(CrashOnResult(path), str(path), client=client)  # booked Monday; the row never heard
    client.close()
    day_sim.world.clock.set(NEXT_DAY)
    client = KisClient(client.profile, timeout=1)
    copy = tmp_path / "copy.xlsx"
    shutil.copy(path, copy)
    submit(OpenpyxlSheet(path), str(path), client=client)  # found on the next day, written to the row...
    shutil.copy(copy, path)  # ...which Excel then closed without saving
    submit(OpenpyxlSheet(path), str(path), client=client)
    row = by_tag(path)["x"]
    assert (row["Order Date"], row["Order No"]) == ("2025-06-02", "0000001001"), "the row was bought again"
    assert client.daily_orders().orders == []
    client.close()


def test_a_workbook_closed_unsaved_and_reopened_the_next_day_sends_nothing_twice(day_sim, make_profile, tmp_path):
    client = client_at(day_sim, make_profile)
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", t) for t in ("a", "b")])
    before = tmp_path / "before.xlsx"
    shutil.copy(path, before)
    submit(OpenpyxlSheet(path), str(path), client=client)
    shutil.copy(before, path)  # Excel closed without saving; the workbook is opened again the next day
    client.close()
    day_sim.world.clock.set(NEXT_DAY)
    client = KisClient(client.profile, timeout=1)
    submit(OpenpyxlSheet(path), str(path), client=client)
    rows = by_tag(path)
    assert client.daily_orders().orders == [], "Monday's rows were bought again"
    assert rows["a"]["Order Date"] == "2025-06-02" and "give it another Tag" in rows["a"]["Message"]
    set_cells(path, FIRST, Tag="a2", Status=None, **{"Order No": None, "Order Date": None, "Client Id": None})
    submit(OpenpyxlSheet(path), str(path), client=client)  # a new tag: a new order, meant
    assert len(client.daily_orders().orders) == 1 and by_tag(path)["a2"]["Order Date"] == "2025-06-04"
    client.close()
