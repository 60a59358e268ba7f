"""The order core's money defects (issue 27), each reproduced: a modification chain counted whole, a torn
journal line, a full disk, two workbooks' lost answers, one workbook known by two names."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kis_xl import krx
from kis_xl.models import OrderId, OrderRecord, OrderType, Side
from kis_xl.orders import lifecycle
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.refresh import refresh
from kis_xl.orders.state import OrderState
from tests.orders.test_order_sheet import FIRST, col, make_sheet
from tests.orders.test_state import RowInvariants, _day

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
        state = OrderState.from_records(OrderId(DAY, "KR", str(shown)), chain, {"KR": DAY + timedelta(days=1)})
        assert (state.status, state.filled, state.quantity, state.latest.number) == ("FILLED", 400_000, 400_000, "303")
        assert abs(state.avg_price - amount / 400_000) < 1e-9


# --- 2. a torn journal line is set aside before the next append ---

def journal_of(client, path):
    """The journal a run of ``path`` writes (as the service opens it)."""
    from kis_xl.orders.service import journal_for

    return journal_for(client, str(path), OpenpyxlSheet(path))


def test_a_torn_journal_line_never_swallows_the_next_order(make_client, tmp_path):
    """A full disk cut the journal's last line; the next intent was glued onto it and lost: 1 row, 2 orders."""
    import stat

    from kis_xl.orders.service import submit

    client = make_client()
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "")])
    copy = path.read_bytes()
    journal = journal_of(client, path)
    torn = b'{"kind": "outcome", "client_id": "9-0a1b2c3d4e", "status": "SE'  # ends mid-line at the disk's end
    journal.path.write_bytes(torn)
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert len(client.daily_orders().orders) == 1
    path.write_bytes(copy)  # Excel closed with "Don't Save": the journal alone knows the row went out
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert len(client.daily_orders().orders) == 1, "the row was sent a second time"
    assert cells(path)["order_no"] == client.daily_orders().orders[0].order_no
    journal = journal_of(client, path)  # the workbook keeps an id since its first run: its journal moved there
    aside = journal.path.with_suffix(".torn")
    assert aside.read_bytes() == torn + b"\n" and not journal.path.read_bytes().startswith(torn)
    assert stat.S_IMODE(aside.stat().st_mode) == stat.S_IMODE(journal.path.stat().st_mode) == 0o600


def test_a_whole_last_record_without_its_newline_is_kept_and_a_glued_record_of_an_older_journal_is_found(tmp_path):
    from kis_xl.orders.journal import Journal, frame

    journal = Journal("book.xlsx", "https://sim", "1-01", folder=tmp_path)
    whole = frame({"kind": "outcome", "client_id": "c0", "status": "SENT"})[:-1]  # only the newline was lost
    older = b'{"kind": "intent", "v": 2, "client_id": "c1", "ro' + json_line(client_id="c2") + b"\n"
    journal.path.write_bytes(older + whole)
    journal.sending("c2", NOW, NOW + timedelta(seconds=3))
    assert [e.client_id for e in journal.entries()] == ["c2"] and journal.entries()[0].sent_at == NOW
    assert journal.path.read_bytes().startswith(older + whole + b"\n")
    assert not journal.path.with_suffix(".torn").exists()


def test_a_tail_torn_inside_a_character_and_a_record_holding_line_separators_are_read(tmp_path):
    """A full disk took half of a Korean name (the tail ends inside a UTF-8 character): the journal is still read,
    every run after it too (the soak met 'utf-8 codec can't decode' on every later run); a Tag or message holding
    U+2028 or U+0085 stays one record."""
    from kis_xl.orders.journal import Journal, frame

    journal = Journal("book.xlsx", "https://sim", "1-01", folder=tmp_path)
    odd = frame({"kind": "outcome", "client_id": "c0", "status": "SENT", "message": "a\u2028b\x85c\x1cd"})
    torn = frame({"kind": "outcome", "client_id": "c1", "status": "SENT", "message": "삼성전자"})
    journal.path.write_bytes(json_line(client_id="c0") + b"\n" + odd + torn[:torn.index("삼".encode()) + 1])
    assert [e.client_id for e in journal.entries()] == ["c0"] and journal.entries()[0].message == "a\u2028b\x85c\x1cd"
    journal.sending("c0", NOW, NOW + timedelta(seconds=3))  # the next append sets the torn tail aside
    assert journal.entries()[0].sent_at == NOW and journal.path.with_suffix(".torn").exists()


def json_line(client_id: str) -> bytes:
    """An unframed intent line, as journals were written before framing."""
    import json

    return json.dumps({"kind": "intent", "v": 2, "client_id": client_id, "row": 5, "at": NOW.isoformat(),
                       "code": "005930", "side": "BUY", "quantity": 1, "price": None, "wire_price": None,
                       "order_type": "01", "market": "KRX", "tag": ""}).encode()


def test_a_new_journal_file_is_made_durable_by_syncing_its_folder(tmp_path, monkeypatch):
    import os
    import stat

    from kis_xl.orders import journal as journal_module

    synced = []
    real = os.fsync

    def fsync(fd):
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real(fd)

    monkeypatch.setattr(journal_module.os, "fsync", fsync)
    journal = journal_module.Journal("book.xlsx", "https://sim", "1-01", folder=tmp_path)
    journal.sending("c1", NOW, NOW)
    assert synced == [False, True]  # the record, then the folder that now names the file
    journal.sending("c1", NOW, NOW)
    assert synced == [False, True, False]


# --- 3. a full disk at any point leaves every row honest ---

class FullDisk:
    """The journal's disk fills up at its ``at``-th write (0-based) and stays full until ``free()``: each write
    then puts down half its bytes and fails with ENOSPC, as a full disk does."""

    def __init__(self, monkeypatch, at: int):
        import errno
        import os

        from kis_xl.orders import journal as journal_module

        self.writes, self.at, self.full = 0, at, False
        real = journal_module._write_all

        def write_all(fd: int, data: bytes) -> None:
            if self.writes >= self.at and self.at >= 0:
                self.full = True
            self.writes += 1
            if not self.full:
                return real(fd, data)
            os.write(fd, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(journal_module, "_write_all", write_all)

    def free(self) -> None:
        self.at, self.full = -1, False


def run_honestly(path, client):
    """A run that may stop (a clear KisXlError), never with an internal error."""
    from kis_xl.errors import KisXlError
    from kis_xl.orders.lifecycle import IllegalStep
    from kis_xl.orders.service import submit

    try:
        submit(OpenpyxlSheet(path), str(path), client=client)
    except IllegalStep:
        raise
    except KisXlError as exc:
        assert "journal" in str(exc)


def assert_honest(path, client, *, final: bool = False):
    """Each row shows its own order, or is UNKNOWN or NOT SENT with a message; never an order it does not own."""
    ws = openpyxl.load_workbook(path)["Orders"]
    listed = {o.order_no: o for o in client.daily_orders().orders}
    shown = []
    for r in (FIRST, FIRST + 1):
        status, number = ws.cell(r, col("status")).value, ws.cell(r, col("order_no")).value
        code = ws.cell(r, col("code")).value
        if number:
            assert number in listed and listed[number].code == code and status in ("SENT", "FILLED", "PARTIAL")
            shown.append(number)
        elif status in ("UNKNOWN", "NOT SENT"):
            assert ws.cell(r, col("message")).value
        else:
            assert status in (None, "", "VALID") and not final
    assert len(shown) == len(set(shown))
    by_code = {}
    for o in listed.values():
        by_code[o.code] = by_code.get(o.code, 0) + 1
    assert all(n == 1 for n in by_code.values()), f"a row was sent twice: {by_code}"
    if final:
        assert len(shown) == 2 == len(listed)


def test_a_full_disk_after_the_answer_never_stops_the_next_run_with_an_internal_error(make_client, tmp_path,
                                                                                      monkeypatch):
    """The outcome after KIS's answer is cut short by a full disk; the next run, inside the booking window, met
    'IllegalStep: a row showing SENT cannot become UNKNOWN'."""
    client = make_client()
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", ""),
                                            ("000660", "BUY", 1, "MARKET", None, "KRX", "")])
    disk = FullDisk(monkeypatch, at=2)  # intent, sending, then the outcome of row 1's SENT answer
    run_honestly(path, client)
    assert_honest(path, client)
    disk.free()  # space again, and the next run comes inside the booking window
    run_honestly(path, client)
    assert_honest(path, client, final=True)


@pytest.mark.heavy
def test_a_full_disk_at_any_write_leaves_every_row_honest(make_client, tmp_path, monkeypatch):
    for at in range(8):  # each of the first run's journal writes (the workbook's id forwarded; intent, sending,
        # outcome per row), and none
        client = make_client()
        path = make_sheet(tmp_path / f"o{at}.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", ""),
                                                     ("000660", "BUY", 1, "MARKET", None, "KRX", "")])
        disk = FullDisk(monkeypatch, at=at)
        run_honestly(path, client)
        assert_honest(path, client)
        run_honestly(path, client)
        assert_honest(path, client)
        disk.free()
        run_honestly(path, client)
        run_honestly(path, client)
        assert_honest(path, client, final=True)


# --- 4. two workbooks' lost answers pair one-to-one; another workbook's order holds ours only while it must ---

def test_two_workbooks_identical_lost_answers_pair_one_to_one():
    from tests.orders.test_reconcile import FLIGHT, SETTLE, T0, entry, oid, order
    from kis_xl.orders import pairing

    def decide(entries, orders, mine, claimed=(), now=100.0):
        return pairing.decide(entries, {"order": orders}, set(claimed), now=T0 + timedelta(seconds=now), settle_s=SETTLE,
                              fallback_s=FLIGHT + SETTLE, mine=mine)

    a, b = entry(1, 0.0, "book-a"), entry(2, 0.3, "book-b")
    orders = [order(8, 0.4), order(9, 0.6)]
    da, db = decide([a, b], orders, "book-a")["c1"], decide([a, b], orders, "book-b")["c2"]
    assert da.kind == db.kind == pairing.FOUND and {da.order.id, db.order.id} == {oid(8), oid(9)}
    later = decide([b], orders, "book-b", claimed={da.order.id})["c2"]  # book A's run came first and claimed its
    assert later.kind == pairing.FOUND and later.order.id == db.order.id  # own: the same pairing either way
    assert decide([a, b], orders, "book-a", now=2.0)["c1"].kind == pairing.AMBIGUOUS  # a window still open
    assert decide([a, b], orders[:1], "book-a")["c1"].kind == pairing.AMBIGUOUS  # two intents, one order


def test_two_workbooks_pair_as_their_windows_allow_when_send_order_does_not_fit():
    from tests.orders.test_reconcile import FLIGHT, SETTLE, T0, entry, oid, order
    from kis_xl.orders import pairing

    wide, narrow = entry(1, 0.0, "book-a", sent=0.0), entry(2, 0.5, "book-b", sent=0.0)
    wide.until = wide.sent_at + timedelta(seconds=10)  # its request was under way long enough to be booked late
    orders = [order(8, 0.6), order(9, 9.0)]  # 9 fits only the wide window; send order would give it to narrow
    d = {**pairing.decide([wide, narrow], {"order": orders}, set(), now=T0 + timedelta(seconds=100), settle_s=SETTLE,
                          fallback_s=FLIGHT + SETTLE, mine="book-a"),
         **pairing.decide([wide, narrow], {"order": orders}, set(), now=T0 + timedelta(seconds=100), settle_s=SETTLE,
                          fallback_s=FLIGHT + SETTLE, mine="book-b")}
    assert (d["c1"].order.id, d["c2"].order.id) == (oid(9), oid(8))


def _other_workbooks_intent(client, tmp_path, request, *, sent_ago: float):
    """Another workbook of the account sent ``request`` ``sent_ago`` seconds ago; its answer was lost."""
    from kis_xl.orders.service import journal_for

    other = journal_for(client, str(tmp_path / "other.xlsx"))  # a workbook keeping no id: known by its path
    at = client.now() - timedelta(seconds=sent_ago)
    other.intent("7-feedc0ffee", 7, request, tag="", wire_price=None, at=at)
    other.sending("7-feedc0ffee", at, at + timedelta(seconds=2))


def test_another_workbooks_order_in_doubt_holds_ours_only_while_its_booking_window_is_open(make_client, tmp_path):
    from kis_xl.models import OrderRequest
    from kis_xl.orders.service import submit

    client = make_client()
    request = OrderRequest("005930", Side.BUY, 3, None, OrderType.MARKET)
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "another tag")])
    _other_workbooks_intent(client, tmp_path, request, sent_ago=0.0)  # its window is open: ours could be taken
    submit(OpenpyxlSheet(path), str(path), client=client)  # for it, or it for ours
    assert cells(path)["status"] == "NOT SENT" and "held" in cells(path)["message"]
    assert client.daily_orders().orders == []
    closed = make_sheet(tmp_path / "later.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "")])
    client2 = make_client()
    _other_workbooks_intent(client2, tmp_path, request, sent_ago=600.0)  # the same day, its window long closed
    submit(OpenpyxlSheet(closed), str(closed), client=client2)
    assert cells(closed)["status"] in ("SENT", "FILLED") and len(client2.daily_orders().orders) == 1


# --- 5. one workbook, one identity: Excel's URL and the CLI's path share its journal and its lock ---

URL = "https://d.docs.live.net/0123456789abcdef/Documents/o.xlsx"  # how Excel names a OneDrive workbook


def test_excel_and_the_cli_know_one_workbook_by_the_id_it_keeps(make_client, tmp_path):
    """Excel ran it (known by its URL), the workbook was not saved; the CLI ran it (known by its local path)."""
    from kis_xl.errors import KisXlError
    from kis_xl.orders import identity
    from kis_xl.orders.service import journal_for, submit

    client = make_client()
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "")])
    submit(OpenpyxlSheet(path), URL, client=client)  # as the macro: book.fullname is the URL
    kept = OpenpyxlSheet(path).workbook_id()
    assert identity.is_id(kept) and len(client.daily_orders().orders) == 1
    saved = path.read_bytes()
    sent = cells(path)["order_no"]
    wb = openpyxl.load_workbook(path)  # the results never saved (Excel closed with "Don't Save")
    for key in ("status", "order_no", "order_date", "client_id", "filled", "avg_price", "message"):
        wb["Orders"].cell(FIRST, col(key)).value = None
    wb.save(path)
    assert OpenpyxlSheet(path).workbook_id() == kept  # the id stays with the workbook
    submit(OpenpyxlSheet(path), str(path), client=client)  # as the CLI: its local path
    assert len(client.daily_orders().orders) == 1, "the CLI did not see Excel's journal: sent twice"
    assert cells(path)["order_no"] == sent
    path.write_bytes(saved)
    by_url, by_path = journal_for(client, URL, OpenpyxlSheet(path)), journal_for(client, str(path), OpenpyxlSheet(path))
    assert by_url.path == by_path.path
    with by_url.exclusive():  # one run lock: the CLI waits while Excel sends
        try:
            with by_path.exclusive():
                raise AssertionError("two runs of one workbook held the lock at once")
        except KisXlError:
            pass


def test_a_workbook_keeps_its_journal_when_it_first_gets_an_id_and_a_dry_run_writes_none(make_client, tmp_path):
    from kis_xl.orders.journal import Journal
    from kis_xl.orders.service import journal_for, submit

    client = make_client()
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "")])
    before = journal_for(client, str(path))  # a journal from before workbooks kept an id: keyed by the path
    before.intent("5-0123456789", FIRST, __import__("kis_xl.models", fromlist=["OrderRequest"]).OrderRequest(
        "000660", Side.BUY, 1, None, OrderType.MARKET), tag="old", wire_price=None, at=NOW - timedelta(days=3))
    submit(OpenpyxlSheet(path), str(path), client=client, dry_run=True)
    assert OpenpyxlSheet(path).workbook_id() is None  # validating writes no id
    submit(OpenpyxlSheet(path), str(path), client=client)
    after = journal_for(client, str(path), OpenpyxlSheet(path))
    assert after.path != before.path and not before.path.exists()
    assert [e.client_id for e in after.entries()][0] == "5-0123456789"
    assert isinstance(after, Journal) and len(after.entries()) == 2


def test_an_xlwings_book_reads_and_keeps_its_id_as_a_defined_name():
    import xlwings as xw

    from kis_xl.orders import identity
    from kis_xl.orders.book import XlwingsSheet

    grid = [["Code", "Side", "Quantity"], ["005930", "BUY", 1]]
    value = "kx-" + "ab" * 16
    names = [{"name": identity.NAME, "refers_to": identity.formula(value), "sheet_index": None, "address": None,
              "book_scope": True, "scope_sheet_name": None, "scope_sheet_index": None}]
    book = xw.Book(json={"version": xw.__version__, "client": "Microsoft Office",
                         "book": {"name": "o.xlsx", "active_sheet_index": 0},
                         "sheets": [{"name": "Orders", "values": grid, "pictures": [], "tables": []}],
                         "names": names})
    assert identity.workbook_id(XlwingsSheet(book), URL) == value
    book.api["names"].clear()
    kept = identity.workbook_id(XlwingsSheet(book), URL)
    assert identity.is_id(kept) and kept != value
    assert [a["args"] for a in book.json()["actions"] if a["func"] == "namesAdd"] == [[identity.NAME,
                                                                                      identity.formula(kept)]]


# --- the row's invariants over random modification chains and lagging reads (hypothesis) ---

class MemorySheet:
    """An Orders sheet in memory: just what REFRESH reads and writes."""

    def __init__(self, rows):
        from kis_xl.orders.rows import SheetSettings

        self._rows, self.settings = rows, SheetSettings()

    def rows(self):
        return self._rows

    def write(self, row, values):
        row.cells.update(values)


def _chain(steps: list[tuple[int, int]], quantity: int) -> list[list[OrderRecord]]:
    """KIS's list after each step of one order's day: (0, k) k shares fill on the live number, (1, _) a
    modification (정정) moves what is left to a new number, (2, _) the rest is cancelled."""
    return _day(steps, quantity)[0]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(1, 40)), max_size=12), st.integers(1, 60),
       st.lists(st.integers(0, 100), min_size=1, max_size=10), st.booleans())
def test_a_rows_fills_never_decrease_and_a_final_row_never_moves(steps, quantity, reads, day_ends):
    """Reads of the day's list in any order (a lagging read sees an earlier list), then the day's last list
    (read the next day when ``day_ends``): the row shows one order of its chain, its fills never decrease, once
    final it never moves, and at the end it shows all that filled."""
    from kis_xl.orders.rows import SheetRow

    snapshots = _chain(steps, quantity)
    row = SheetRow(FIRST, {"code": "005930", "side": "BUY", "quantity": quantity, "order_no": "0000000101",
                           "order_date": DAY.isoformat(), "status": "SENT", "filled": 0})
    invariants = RowInvariants({r.order_no for r in snapshots[-1]}, quantity)
    plan = [(snapshots[i * (len(snapshots) - 1) // 100], NOW) for i in reads]
    plan.append((snapshots[-1], NOW + timedelta(days=1) if day_ends else NOW))
    for listed, at in plan:
        client = ListClient(listed)
        client.now = lambda at=at: at
        refresh(MemorySheet([row]), client)
        invariants.hold(row)
    truth = sum(r.filled_qty for r in snapshots[-1])
    assert int(row.cells.get("filled") or 0) == truth


def test_a_full_disk_is_said_in_korean_by_default(korean, tmp_path, monkeypatch):
    import pytest

    from kis_xl.orders.journal import Journal, JournalUnwritable

    FullDisk(monkeypatch, at=0)
    journal = Journal("book.xlsx", "https://sim", "1-01", folder=tmp_path)
    with pytest.raises(JournalUnwritable, match="주문 기록을 쓸 수 없습니다"):
        journal.sending("c1", NOW, NOW)


# --- one writer: the journal-only outcomes go through the ledger, checked like the rows' ---

def test_a_journal_only_outcome_is_checked_against_the_rows_life(tmp_path):
    import pytest

    from kis_xl.orders.journal import Journal
    from kis_xl.orders.ledger import Ledger
    from kis_xl.orders.lifecycle import IllegalStep
    from tests.orders.test_reconcile import entry, oid

    journal = Journal("book.xlsx", "https://sim", "1-01", folder=tmp_path)
    ledger = Ledger(MemorySheet([]), journal)
    lost = entry(1, 0)  # its answer lost: the request is SENDING as far as the journal knows
    ledger.record(lost, "SENT", oid(8), "found")
    assert (lost.status, lost.placed.id) == ("SENT", oid(8))
    with pytest.raises(IllegalStep):  # a found order never goes back to NOT SENT
        ledger.record(lost, "NOT_SENT", message="not booked")
    from kis_xl.orders.journal import parse

    lines = journal.path.read_text(encoding="utf-8").splitlines()
    assert [parse(line)["status"] for line in lines] == ["SENT"]  # the refused step left nothing in the journal


def test_progress_never_lowers_a_row_and_a_final_row_takes_nothing():
    assert lifecycle.progress("PARTIAL", "SENT") is None  # a lagging read
    assert lifecycle.progress("FILLED", "CANCELLED") is None
    assert lifecycle.progress("CANCEL", "PARTIAL") is None and lifecycle.progress("CANCEL", "CANCELLED") == "CANCELLED"
    for final in lifecycle.FINAL:
        assert lifecycle.TRANSITIONS[final] == {final}
