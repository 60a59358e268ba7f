"""The order core, module by module (issue 27): one OrderState, one RowStatus vocabulary, one writer, and the
transition table held against every stage's writes."""

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kis_xl import krx
from kis_xl.config import Profile
from kis_xl.errors import KisXlError, OrderOutcomeUnknown, SendingDisabled
from kis_xl.models import FillNotice, NoticeKind, OrderAck, OrderId, OrderRecord, OrderRequest, OrderType, Side
from kis_xl.orders import cancel, gate, ledger, lifecycle, lists, placement, sender
from kis_xl.orders.follow import RowUpdate, SheetWatch, apply_updates
from kis_xl.orders.journal import Journal, frame, parse
from kis_xl.orders.lifecycle import (
    CANCEL_REQUEST,
    CANCELLED,
    DRAFT,
    EXPIRED,
    FILLED,
    FINAL,
    INVALID,
    JOURNALED,
    NOT_SENT,
    PARTIAL,
    REJECTED,
    RELEASED,
    RESERVED,
    SENDING,
    SENT,
    UNKNOWN,
    VALID,
    IllegalStep,
    RowStatus,
)
from kis_xl.orders.rows import SheetRow, SheetSettings
from kis_xl.orders.state import OrderState, onto

DAY = date(2025, 6, 2)
NOW = datetime(2025, 6, 2, 10, 0, tzinfo=krx.KST)
FIRST = 9


def record(no: int, quantity: int, filled: int, left: int, *, orig: int = 0, price: float = 70_000.0,
           cancelled: bool = False) -> OrderRecord:
    return OrderRecord(DAY, f"{no:010d}", "06010", "005930", "", Side.BUY, OrderType.LIMIT, quantity, price, None,
                       filled, price, filled * price, left, cancelled=cancelled,
                       orig_order_no=f"{orig:010d}" if orig else "", action="MODIFY" if orig else "NEW")


def notice(kind: NoticeKind, no: int, *, orig: int = 0, qty: int = 0, quantity: int = 10,
           price: float = 70_000.0) -> FillNotice:
    return FillNotice(kind=kind, order_no=f"{no:010d}", orig_order_no=f"{orig:010d}" if orig else "", account="",
                      code="005930", name="", side=Side.BUY, order_type="00", quantity=quantity, price=price,
                      filled_qty=qty, fill_price=price)


def sent_row(status: str = "SENT", number: int = 101, quantity: int = 10, **cells) -> SheetRow:
    return SheetRow(FIRST, {"code": "005930", "side": "BUY", "quantity": quantity, "order_no": f"{number:010d}",
                            "order_date": DAY.isoformat(), "status": status} | cells)


class MemorySheet:
    def __init__(self, rows=()):
        self._rows, self.settings, self.flushed = list(rows), SheetSettings(), 0

    def rows(self):
        return self._rows

    def write(self, row, values):
        row.cells.update(values)

    def flush(self):
        self.flushed += 1


# --- one vocabulary ---

def test_one_vocabulary_reads_the_old_words_of_journals_and_sheets():
    assert RowStatus.read("NOT_SENT") is NOT_SENT and RowStatus.read("not sent") is NOT_SENT  # older journals
    assert RowStatus.read("취소") is CANCEL_REQUEST and RowStatus.read(" cancel ") is CANCEL_REQUEST  # a user's Korean
    assert RowStatus.read(None) is DRAFT and RowStatus.read("whatever") == "WHATEVER"
    assert sent_row("NOT_SENT").status is NOT_SENT and sent_row("not sent").status == "NOT SENT"
    assert f"{NOT_SENT}" == str(NOT_SENT) == "NOT SENT" and NOT_SENT in {"NOT SENT"}


def test_a_journal_writes_the_sheets_words_and_reads_an_older_journals(tmp_path):
    journal = Journal("book.xlsx", "https://sim", "1-01", folder=tmp_path)
    request = OrderRequest("005930", Side.BUY, 1, None, OrderType.MARKET)
    journal.intent("c1", FIRST, request, tag="", wire_price=None, at=NOW)
    assert journal.entries()[0].stage is JOURNALED  # never left: provably not booked
    journal.sending("c1", NOW, NOW + timedelta(seconds=2))
    assert journal.entries()[0].stage is SENDING
    journal.outcome("c1", NOT_SENT)
    records = [parse(line) for line in journal.path.read_text(encoding="utf-8").splitlines()]
    assert [r["status"] for r in records] == ["JOURNALED", "SENDING", "NOT SENT"]
    with journal.path.open("ab") as f:  # an outcome in the older word, as journals before one vocabulary wrote it
        f.write(frame({"kind": "outcome", "client_id": "c1", "status": "NOT_SENT", "message": ""}))
    [e] = journal.entries()
    assert e.status is NOT_SENT and not e.unresolved


def test_the_ledger_writes_plain_words_into_the_sheet_and_journals_the_rows_status(tmp_path):
    journal = Journal("book.xlsx", "https://sim", "1-01", folder=tmp_path)
    row = SheetRow(FIRST, {"code": "005930", "status": ""})
    book = ledger.Ledger(MemorySheet([row]), journal)
    journal.intent("c1", FIRST, OrderRequest("005930", Side.BUY, 1, None, OrderType.MARKET), tag="", wire_price=None,
                   at=NOW)
    book.write(row, {"status": "NOT_SENT", "message": "x"}, client_id="c1")  # an older caller's word, read alike
    assert type(row.cells["status"]) is str and row.cells["status"] == "NOT SENT"
    assert book.outcome.rows[0]["status"] == "NOT SENT"
    assert journal.entries()[0].status is NOT_SENT


# --- one writer: every write checked, the follower's too ---

def test_the_ledger_refuses_an_illegal_step_before_writing_anything(tmp_path):
    row = sent_row(FILLED)
    sheet = MemorySheet([row])
    with pytest.raises(IllegalStep):
        ledger.Ledger(sheet, None).write(row, {"status": SENT, "message": "back to work"})
    assert row.cells["status"] == FILLED and "message" not in row.cells


def test_a_journal_only_outcome_takes_its_placement_without_isinstance(tmp_path):
    from kis_xl.models import ReservationId
    from tests.orders.test_reconcile import entry

    journal = Journal("book.xlsx", "https://sim", "1-01", folder=tmp_path)
    book = ledger.Ledger(MemorySheet(), journal)
    e = entry(1, 0)
    reservation = ReservationId(DAY, "KR", "77")
    book.record(e, RESERVED, reservation, "found")
    assert e.placed == placement.PlacedReservation(reservation)
    with pytest.raises(IllegalStep):
        book.record(e, NOT_SENT)  # a reservation found is never "not sent"
    assert placement.placed(reservation).cells() == {"reservation_no": "77"}
    assert placement.placed(OrderId(DAY, "KR", "5")).cells() == {"order_no": "0000000005",
                                                                 "order_date": DAY.isoformat()}


def test_the_follower_writes_through_the_ledger_checked_against_the_rows_life(monkeypatch):
    row = sent_row(SENT, client_id="c1")
    sheet = MemorySheet([row])
    update = RowUpdate(FIRST, "005930", "c1", frozenset({row.order_id}),
                       {"status": PARTIAL, "filled": 4, "avg_price": 70_000, "message": "filled 4 of 10"})
    strict = dict(lifecycle.TRANSITIONS) | {SENT: frozenset({SENT})}  # a table in which SENT may not move on
    monkeypatch.setattr(lifecycle, "TRANSITIONS", strict)
    [problem] = apply_updates(sheet, [update])
    assert "cannot become 'PARTIAL'" in problem and row.cells["status"] == SENT and "filled" not in row.cells
    monkeypatch.undo()
    assert apply_updates(sheet, [update]) == [] and (row.cells["status"], row.cells["filled"]) == (PARTIAL, 4)
    assert sheet.flushed == 2


# --- every stage's writes allowed from every status it can meet ---

ORDER_RESULTS = [SENT, PARTIAL, FILLED, CANCELLED, EXPIRED, REJECTED]
UNSENT = [DRAFT, VALID, INVALID, NOT_SENT, "TYPED BY HAND"]
STAGES = {  # stage: (statuses a row (or a journal entry) can show when the stage meets it, the statuses it writes)
    "validate": (UNSENT, [VALID, INVALID]),
    "send": (UNSENT, [NOT_SENT, INVALID, SENT, REJECTED, UNKNOWN, RESERVED]),
    "send, journal": ([JOURNALED, SENDING], [SENDING, NOT_SENT, INVALID]),
    "reconcile, row": (UNSENT + [UNKNOWN], ORDER_RESULTS + [RESERVED, UNKNOWN, NOT_SENT]),
    "reconcile, journal only": ([SENDING, UNKNOWN], [SENT, RESERVED, UNKNOWN, NOT_SENT]),
    "reconcile, never left": ([JOURNALED], [NOT_SENT]),
    "reconcile, cleared": ([UNKNOWN], [RELEASED]),
    "cancel": ([CANCEL_REQUEST], [CANCELLED, FILLED, EXPIRED, REJECTED]),
    "refresh, reservations": ([RESERVED], [SENT, CANCELLED, REJECTED]),
}


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_every_stages_writes_are_allowed_from_every_status_it_can_meet(stage):
    froms, writes = STAGES[stage]
    for current in froms:
        for new in writes:
            assert lifecycle.check(current, new) == new, f"{stage}: {current!r} -> {new!r}"


@pytest.mark.parametrize("showing", [SENT, PARTIAL, CANCEL_REQUEST, RESERVED, DRAFT, UNKNOWN] + sorted(FINAL))
def test_what_refresh_and_the_follower_write_onto_a_row_is_always_allowed(showing):
    for listed in ORDER_RESULTS:
        values = onto(showing, {"status": listed, "filled": 1, "message": "m"})
        if "status" in values:
            lifecycle.check(showing, values["status"])
        assert showing not in FINAL or values == {}, "a final row moved"
        assert showing != CANCEL_REQUEST or listed in FINAL or ("status" not in values and "message" not in values)


def test_final_statuses_lead_nowhere_and_a_lagging_word_never_lowers_a_row():
    for final in FINAL:
        assert lifecycle.TRANSITIONS[final] == {final}
    assert lifecycle.progress(PARTIAL, SENT) is None and lifecycle.progress(FILLED, CANCELLED) is None
    assert lifecycle.progress(CANCEL_REQUEST, PARTIAL) is None
    assert lifecycle.progress(CANCEL_REQUEST, CANCELLED) == CANCELLED


# --- one order state ---

def test_an_order_state_counts_the_chain_whole_from_any_of_its_numbers():
    chain = [record(101, 10, 3, 0, cancelled=True), record(202, 7, 2, 5, orig=101, price=70_100.0)]
    for number in (101, 202):
        state = OrderState.from_records(OrderId(DAY, "KR", str(number)), chain, {"KR": DAY})
        assert (state.status, state.filled, state.quantity, state.working, state.latest.number) == (
            PARTIAL, 5, 10, 5, "202")
        assert state.ids == {OrderId(DAY, "KR", "101"), OrderId(DAY, "KR", "202")} and not state.is_final
    assert OrderState.from_records(OrderId(DAY, "KR", "303"), chain, {"KR": DAY}) is None
    later = OrderState.from_records(OrderId(DAY, "KR", "101"), chain, {"KR": DAY + timedelta(days=1)})
    assert later.status == EXPIRED and later.is_final


def test_an_order_state_moves_on_notices_and_renders_its_row():
    state = OrderState.of_row(sent_row(CANCEL_REQUEST))
    assert state.status == SENT and state.working == 10
    assert state.apply(notice(NoticeKind.FILLED, 101, qty=4), DAY)
    assert (state.status, state.filled, state.avg_price) == (PARTIAL, 4, 70_000)
    assert state.apply(notice(NoticeKind.MODIFIED, 202, orig=101, quantity=6), DAY)
    assert state.latest == OrderId(DAY, "KR", "202") and state.filled == 4
    assert state.apply(notice(NoticeKind.CANCELLED, 303, orig=202, quantity=2), DAY)
    assert state.working == 4 and state.status == PARTIAL and state.summary().endswith("2 cancelled, 4 working")
    assert onto(CANCEL_REQUEST, state.cells()) == {"filled": 4, "avg_price": 70_000, "order_no": "0000000202",
                                                   "order_date": DAY.isoformat()}
    assert not state.apply(replace(notice(NoticeKind.FILLED, 202, qty=1), code="000660"), DAY)  # another stock
    assert state.apply(notice(NoticeKind.CANCELLED, 404, orig=202, quantity=4), DAY)
    assert state.is_final and state.status == CANCELLED
    assert not state.apply(notice(NoticeKind.FILLED, 202, qty=1), DAY)  # a final order takes nothing more
    assert onto(CANCEL_REQUEST, state.cells())["status"] == CANCELLED


def test_advance_never_lowers_fills_nor_moves_back_to_a_number_before_a_modification():
    state = OrderState.of_row(sent_row(PARTIAL, filled=5, avg_price=70_000))
    state.apply(notice(NoticeKind.MODIFIED, 202, orig=101, quantity=5), DAY)
    behind = OrderState.from_records(OrderId(DAY, "KR", "101"), [record(101, 10, 3, 7)], {"KR": DAY})
    assert not state.advance(behind)
    assert (state.filled, state.latest.number) == (5, "202")
    closed = OrderState.from_records(OrderId(DAY, "KR", "101"), [record(101, 10, 3, 0, cancelled=True)], {"KR": DAY})
    assert state.advance(closed) and (state.status, state.filled) == (CANCELLED, 5)  # the final word, fills kept
    assert not state.advance(OrderState.from_records(OrderId(DAY, "KR", "101"), [record(101, 10, 10, 0)],
                                                     {"KR": DAY}))  # a final row never moves


# --- the follower's Hypothesis walk over notices and lagging reads ---

def _day(steps: list[tuple[int, int]], quantity: int):
    """One order's day: after each step, KIS's list, and the notices of that step."""
    records = [record(101, quantity, 0, quantity)]
    snapshots, notices = [list(records)], [[]]
    next_no = 202
    for kind, k in steps:
        live = records[-1]
        if not live.remaining_qty:
            break
        if kind == 0:
            n = min(k, live.remaining_qty)
            records[-1] = replace(live, filled_qty=live.filled_qty + n, remaining_qty=live.remaining_qty - n,
                                  filled_amount=live.filled_amount + n * live.price)
            said = [notice(NoticeKind.FILLED, int(live.order_no), qty=n, quantity=live.quantity, price=live.price)]
        elif kind == 1:
            records[-1] = replace(live, remaining_qty=0, cancelled=True)
            records.append(record(next_no, live.remaining_qty, 0, live.remaining_qty, orig=int(live.order_no),
                                  price=live.price + 100))
            said = [notice(NoticeKind.MODIFIED, next_no, orig=int(live.order_no), quantity=live.remaining_qty)]
        else:
            records[-1] = replace(live, remaining_qty=0, cancelled=True)
            said = [notice(NoticeKind.CANCELLED, next_no, orig=int(live.order_no), quantity=live.remaining_qty)]
        next_no += 101
        snapshots.append(list(records))
        notices.append(said)
    return snapshots, notices


class RowInvariants:
    """A row's invariants from one write to the next: it shows one order of its chain, its fills never decrease,
    once final it never moves."""

    def __init__(self, numbers: set[str], quantity: int):
        self.numbers, self.quantity = numbers, quantity
        self.filled, self.final = 0, None

    def hold(self, row: SheetRow) -> None:
        filled = int(row.cells.get("filled") or 0)
        assert row.cells["order_no"] in self.numbers and filled <= self.quantity
        assert filled >= self.filled, "a row's fills went down"
        self.filled = filled
        if self.final is not None:
            assert (row.cells["status"], filled) == self.final, "a final row moved"
        if row.cells["status"] in FINAL:
            self.final = (row.cells["status"], filled)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(1, 40)), max_size=12), st.integers(1, 60),
       st.lists(st.tuples(st.booleans(), st.integers(0, 100)), max_size=30))
def test_a_followed_rows_fills_never_decrease_and_a_final_row_never_moves(steps, quantity, events):
    """Notices in order, REST reads of the day's list now or lagging (any earlier list), in any mix; then the
    day's last list: the row shows one order of its chain, fills never decrease, once final it never moves,
    and at the end it shows all that filled, the chain counted whole."""
    snapshots, notices = _day(steps, quantity)
    row = sent_row(quantity=quantity, client_id="c1", filled=0)
    watch = SheetWatch([row], today=DAY)
    sheet = MemorySheet([row])
    invariants = RowInvariants({r.order_no for r in snapshots[-1]}, quantity)
    heard = 0
    for is_notice, pick in events + [(False, 100)]:
        if is_notice and heard + 1 < len(snapshots):  # the next step's notices, in order
            heard += 1
            updates = [u for n in notices[heard] for u in watch.apply(n)]
        else:  # a read of the list as it is now (100), or as it was earlier (a lagging read)
            updates = watch.sync(snapshots[pick * heard // 100])
        assert apply_updates(sheet, updates) == []
        invariants.hold(row)
    apply_updates(sheet, watch.sync(snapshots[-1]))
    assert int(row.cells.get("filled") or 0) == sum(r.filled_qty for r in snapshots[-1])


# --- gate, sender, cancel, lists, imported and exercised directly ---

def profile(**kw) -> Profile:
    return Profile("sim", "real", None, None, account="12345678-01", simulator=True, **kw)


def test_the_gate_needs_both_switches_and_for_live_money_the_sheets_say_so_and_a_confirmation():
    on = SheetSettings(profile="real", send_enabled=True, send_cell=True)
    with pytest.raises(SendingDisabled, match="OFF"):
        gate.check(replace(on, send_enabled=False), profile(), None, "1 order", ["BUY"])
    with pytest.raises(SendingDisabled, match="send_orders"):
        gate.check(on, profile(send_orders=False), None, "1 order", ["BUY"])
    gate.check(on, profile(), None, "1 order", ["BUY"])  # a simulator: no confirmation needed
    live = replace(profile(), simulator=False)
    with pytest.raises(SendingDisabled, match="confirmation"):
        gate.check(on, live, None, "1 order", ["BUY"])
    with pytest.raises(SendingDisabled, match="Profile"):
        gate.check(replace(on, profile="sim2"), live, lambda lines: None, "1 order", ["BUY"])
    shown = []
    gate.check(on, live, shown.extend, "1 order", ["BUY"] * 12)
    assert shown[0].startswith("account 1234****-01") and shown[-1] == "…" and len(shown) == 13


class FakeBroker:
    """Just what the stages under test call; each call recorded."""

    def __init__(self, listed=(), fail: Exception | None = None):
        self.profile = profile(order_settle_s=1.0)
        self.listed, self.fail, self.calls = list(listed), fail, []
        self.flight_s, self.timeout = 2.0, 1.0

    def now(self):
        return NOW

    def daily_orders(self, start=None, end=None):
        self.calls.append("daily_orders")
        if self.fail is not None:
            raise self.fail
        return type("Listed", (), {"orders": self.listed})()

    def us_daily_orders(self, start=None, end=None):
        return type("Listed", (), {"orders": []})()

    def cancel_order(self, order, quantity=None, *, code=None, on_send=None, session=None):
        self.calls.append(("cancel", order))
        return OrderAck("0000000999", "06010", None, "cancelled", day=DAY)

    def prepare_order(self, request, *, kind=None, quote=None, reserve=False):
        from kis_xl.client.account import PreparedOrder

        return PreparedOrder(request, kind, quote, None)

    def place_order(self, request, *, kind=None, quote=None, on_send=None):
        on_send()
        raise OrderOutcomeUnknown("no answer")


def test_cancel_refuses_an_earlier_days_order_brings_a_final_one_up_to_date_and_cancels_the_rest():
    old = sent_row(CANCEL_REQUEST, 100, order_date="2025-05-30")
    done = replace(sent_row(CANCEL_REQUEST, 101), number=FIRST + 1)
    working = replace(sent_row(CANCEL_REQUEST, 102), number=FIRST + 2)
    broker = FakeBroker([record(101, 10, 10, 0), record(102, 10, 0, 10)])
    book = ledger.Ledger(MemorySheet([old, done, working]), None)
    on = SheetSettings(send_enabled=True, send_cell=True)
    for row, values in cancel.cancel_results(broker, [old, done, working], on, None):
        book.write(row, values)
    assert old.cells["status"] == CANCEL_REQUEST and "earlier day" in old.cells["message"]
    assert done.cells["status"] == FILLED and done.cells["filled"] == 10
    assert working.cells["status"] == CANCELLED and broker.calls == ["daily_orders",
                                                                       ("cancel", OrderId(DAY, "KR", "102"))]


def test_lists_are_read_through_a_rate_limit_storm_or_said_unreadable(monkeypatch):
    monkeypatch.setattr(lists.time, "sleep", lambda s: None)
    broker = FakeBroker(fail=KisXlError("rate limited"))
    assert lists.Orders(broker).since({"KR": DAY}) is None and broker.calls.count("daily_orders") == 4
    calm = FakeBroker([record(101, 10, 0, 10)])
    assert [o.order_no for o in lists.Orders(calm).since({"KR": DAY})] == ["0000000101"]


def test_the_sender_journals_before_the_wire_and_leaves_a_lost_answer_unknown(tmp_path):
    from kis_xl.orders.reconcile import Reconciler
    from kis_xl.orders.validate import Checked

    row = SheetRow(FIRST, {"code": "005930", "side": "BUY", "quantity": 1, "type": "MARKET", "status": ""})
    journal = Journal("book.xlsx", "https://sim", "1-01", folder=tmp_path)
    book = ledger.Ledger(MemorySheet([row]), journal)
    broker = FakeBroker()
    reconciler = Reconciler(book, journal, broker, lambda r: None, settle_s=1.0, fallback_s=2.0)
    request = OrderRequest("005930", Side.BUY, 1, None, OrderType.MARKET)
    assert sender.Sender(book, broker, reconciler).send(Checked(row, request), None) == UNKNOWN
    [e] = journal.entries()
    assert e.stage is UNKNOWN and e.sent_at == NOW and e.until == NOW + timedelta(seconds=2)
    assert row.cells["status"] == UNKNOWN and row.cells["client_id"] == e.client_id
    reconciler.blocked.add(request.wire_key)
    twin = replace(row, number=FIRST + 1, cells={"code": "005930", "status": ""})
    assert sender.Sender(book, broker, reconciler).send(Checked(twin, request), None) == NOT_SENT
    assert "held" in twin.cells["message"] and len(journal.entries()) == 1  # nothing journaled, nothing sent


def test_refresh_writes_an_order_kis_refused_after_accepting_it_instead_of_stopping():
    """The table held against progress found it: a SENT row whose order KIS lists as rejected stopped REFRESH
    with 'IllegalStep: a row showing SENT cannot become REJECTED'."""
    from kis_xl.orders.refresh import refresh

    row = sent_row(SENT)
    refused = replace(record(101, 10, 0, 0), rejected_qty=10)
    refresh(MemorySheet([row]), FakeBroker([refused]))
    assert row.cells["status"] == REJECTED


def test_an_intent_that_never_left_is_not_sent_even_when_kiss_lists_cannot_be_read(tmp_path, monkeypatch):
    """JOURNALED may only become SENDING, NOT SENT or INVALID: with the lists unreadable, the intent that provably
    never left is decided without them (it was never booked), and only the ones that left stay UNKNOWN."""
    from kis_xl.orders.reconcile import Reconciler

    monkeypatch.setattr(lists.time, "sleep", lambda s: None)
    journal = Journal("book.xlsx", "https://sim", "1-01", folder=tmp_path)
    request = OrderRequest("005930", Side.BUY, 1, None, OrderType.MARKET)
    journal.intent("c1", FIRST, request, tag="", wire_price=None, at=NOW)  # the run died before sending it
    journal.intent("c2", FIRST + 1, request, tag="b", wire_price=None, at=NOW)
    journal.sending("c2", NOW, NOW + timedelta(seconds=2))  # this one may have left
    book = ledger.Ledger(MemorySheet(), journal)
    broker = FakeBroker(fail=KisXlError("rate limited"))
    Reconciler(book, journal, broker, lambda r: None, settle_s=1.0, fallback_s=2.0).run([])
    stages = {e.client_id: e.stage for e in journal.entries()}
    assert stages == {"c1": NOT_SENT, "c2": UNKNOWN}


def test_a_sheet_saved_with_the_journals_old_word_still_sends_its_row(make_client, tmp_path):
    """A row showing NOT_SENT (the journal's old word, copied into a sheet) is NOT SENT: it goes out on the next
    run, and the row then shows the one vocabulary."""
    import openpyxl

    from kis_xl.orders.book import OpenpyxlSheet
    from kis_xl.orders.service import submit
    from tests.orders.test_order_sheet import FIRST as TOP
    from tests.orders.test_order_sheet import col, make_sheet

    client = make_client()
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", "")])
    wb = openpyxl.load_workbook(path)
    wb["Orders"].cell(TOP, col("status")).value = "NOT_SENT"
    wb.save(path)
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert len(client.daily_orders().orders) == 1
    assert openpyxl.load_workbook(path)["Orders"].cell(TOP, col("status")).value in ("SENT", "FILLED")
