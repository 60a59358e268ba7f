"""A crash between KIS's answer and the sheet write: the journal alone must stop a second order."""

import openpyxl
import pytest

from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import submit
from kis_xl.orders.template import HEADER_ROW, english_header
from tests.orders.test_order_sheet import col, make_sheet

FIRST = HEADER_ROW + 2




class CrashOnResult(OpenpyxlSheet):
    """The process dies after the order went out and before its result reached the sheet."""

    def write(self, row, values):
        if "client_id" in values:
            raise SystemExit("killed")
        super().write(row, values)


def status(path, row=FIRST):
    return openpyxl.load_workbook(path)["Orders"].cell(row, col("status")).value


def message(path, row=FIRST):
    ws = openpyxl.load_workbook(path)["Orders"]
    col = next(c.column for c in ws[HEADER_ROW + 1] if english_header(c.value) == "Message")
    return ws.cell(row, col).value


def test_an_order_that_never_left_is_not_sent_at_once_without_waiting(make_profile, tmp_path):
    """A run that dies (or fails) between its journaled intent and the wire: the order provably never left."""
    import time

    from kis_xl.client import KisClient
    from kis_xl.errors import OrderOutcomeUnknown

    client = KisClient(make_profile(order_settle_s=30), timeout=10)  # a 50 s window, were it ever opened
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "")])
    client.place_order = lambda request, **kw: (_ for _ in ()).throw(OrderOutcomeUnknown("died before the wire"))
    start = time.time()  # the wall clock: a booking window waited out moves it on (conftest's moving_clock)
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert time.time() - start < 40 and status(path) == "NOT SENT"  # the window would take 50 s
    assert "never left this machine" in message(path)
    del client.place_order
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert status(path) in ("SENT", "FILLED") and len(client.daily_orders().orders) == 1
    client.close()


def test_order_sent_but_not_written_is_found_from_the_journal_not_resent(make_client, tmp_path):
    client = make_client()  # the simulator's clock (2025-06-02) differs from the wall clock on purpose
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "")])
    with pytest.raises(SystemExit):
        submit(CrashOnResult(path), str(path), client=client)
    assert status(path) is None and len(client.daily_orders().orders) == 1
    submit(OpenpyxlSheet(path), str(path), client=client)
    orders = client.daily_orders().orders
    assert len(orders) == 1, "the order was sent a second time"
    ws = openpyxl.load_workbook(path)["Orders"]
    assert ws.cell(FIRST, col("status")).value == "FILLED" and ws.cell(FIRST, col("order_no")).value == orders[0].order_no


def test_a_lost_answer_for_an_order_never_booked_becomes_not_sent_then_goes_out(make_profile, tmp_path):
    from kis_xl.client import KisClient
    from kis_xl.errors import OrderOutcomeUnknown

    client = KisClient(make_profile(), timeout=1)
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "")])

    def never_sent(request, *, on_send, **kw):
        on_send()  # the request leaves...
        raise OrderOutcomeUnknown("no answer")  # ...its answer is lost and, as it turns out, KIS never got it

    client.place_order = never_sent
    submit(OpenpyxlSheet(path), str(path), client=client)  # waits out the booking window, then looks
    assert status(path) == "NOT SENT" and client.daily_orders().orders == []
    assert "not booked" in message(path)
    del client.place_order
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert status(path) in ("SENT", "FILLED") and len(client.daily_orders().orders) == 1
    client.close()


def test_unknown_stays_unknown_until_the_user_clears_it(make_profile, tmp_path):
    from kis_xl.client import KisClient
    from kis_xl.errors import KisXlError, OrderOutcomeUnknown

    client = KisClient(make_profile(), timeout=1)
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "a"),
                                            ("005930", "BUY", 3, "MARKET", None, "KRX", "b")])
    def lost(request, *, on_send, **kw):
        on_send()
        raise OrderOutcomeUnknown("no answer")

    client.place_order = lost

    def unreadable(*a, **kw):
        raise KisXlError("EGW00201 rate limit")

    client.daily_orders = unreadable  # the order list cannot be read: nothing can be decided
    submit(OpenpyxlSheet(path), str(path), client=client)  # the booking window passes on the moving clock
    assert status(path) == "UNKNOWN" and "could not be read" in message(path)
    assert status(path, FIRST + 1) == "NOT SENT" and "held" in message(path, FIRST + 1)  # its twin waits
    del client.place_order, client.daily_orders
    wb = openpyxl.load_workbook(path)
    wb["Orders"].cell(FIRST, col("status")).value = None  # the user checked the HTS and decides to send it again
    wb.save(path)
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert status(path) in ("SENT", "FILLED") and len(client.daily_orders().orders) == 2
    client.close()


def test_a_journaled_intent_never_lands_on_a_different_order_in_the_same_row(make_client, tmp_path):
    client = make_client()
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "")])
    with pytest.raises(SystemExit):
        submit(CrashOnResult(path), str(path), client=client)
    wb = openpyxl.load_workbook(path)  # the user replaces the row with another order before the next run
    ws = wb["Orders"]
    ws.cell(FIRST, col("code")).value, ws.cell(FIRST, col("quantity")).value = "000660", 1
    wb.save(path)
    submit(OpenpyxlSheet(path), str(path), client=client)
    ws = openpyxl.load_workbook(path)["Orders"]
    samsung = [o for o in client.daily_orders().orders if o.code == "005930"]
    assert len(samsung) == 1 and not [o for o in client.daily_orders().orders if o.code == "000660"]
    assert ws.cell(FIRST, col("status")).value == "UNKNOWN" and ws.cell(FIRST, col("order_no")).value is None  # held for the user
    assert f"as order {samsung[0].order_no}" in message(path)


def test_cancel_on_the_real_account_needs_the_switches_and_a_confirmation(make_profile, tmp_path):
    from kis_xl.client import KisClient
    from kis_xl.orders.service import refresh_sheet

    real = KisClient(make_profile(simulator=False))  # live money, pointed at the simulator
    q = real.price("035720")
    ack = real.buy("035720", 2, q.lower_limit)  # rests: far below the market
    path = make_sheet(tmp_path / "o.xlsx", [("035720", "BUY", 2, "LIMIT", q.lower_limit, "KRX", "")])
    wb = openpyxl.load_workbook(path)
    ws = wb["Orders"]
    ws["B2"], ws.cell(FIRST, col("status")).value, ws.cell(FIRST, col("order_no")).value = "real", "CANCEL", ack.order_no
    ws.cell(FIRST, col("order_date")).value = ack.day.isoformat()
    wb.save(path)
    refresh_sheet(OpenpyxlSheet(path), client=real)  # no confirmation offered: nothing cancelled
    assert status(path) == "CANCEL" and len(real.pending_orders()) == 1
    assert "not cancelled" in message(path)
    seen = []
    refresh_sheet(OpenpyxlSheet(path), client=real, confirm=seen.extend)
    assert status(path) == "CANCELLED" and real.pending_orders() == []
    assert any("****" in line for line in seen) and any("1 cancellations" in line for line in seen)
    real.close()


def test_a_second_run_on_the_same_workbook_sends_nothing_while_the_first_is_sending(make_client, tmp_path):
    from kis_xl.errors import KisXlError

    client = make_client()
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", str(i)) for i in range(3)])
    second = OpenpyxlSheet(path)  # read before the first run writes anything
    outcomes = []

    def meanwhile(row):
        if not outcomes:
            with pytest.raises(KisXlError, match="another kis-xl run"):
                submit(OpenpyxlSheet(path), str(path), client=client)
            outcomes.append(row.number)

    submit(OpenpyxlSheet(path), str(path), client=client, after_row=meanwhile)
    with pytest.raises(KisXlError, match="changed while"):
        submit(second, str(path), client=client)  # its rows are stale: the first run sent them
    assert len(client.daily_orders().orders) == 3


def test_a_custom_live_profile_named_on_the_sheet_can_send_after_confirmation(make_profile, tmp_path):
    from kis_xl.client import KisClient

    live = KisClient(make_profile(name="acct2", simulator=False))
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", "")])
    wb = openpyxl.load_workbook(path)
    wb["Orders"]["B2"] = "acct2"
    wb.save(path)
    submit(OpenpyxlSheet(path), str(path), client=live, confirm=lambda lines: None)
    assert status(path) == "SENT" and len(live.daily_orders().orders) == 1
    live.close()


def test_a_crash_after_the_row_was_written_but_before_the_journal_keeps_the_row(make_client, tmp_path, monkeypatch):
    from kis_xl.orders.journal import Journal

    client = make_client()
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "")])
    outcome = Journal.outcome

    def dies_before_journaling(self, client_id, status, *a, **kw):
        if status == "SENT":
            raise SystemExit("killed between the sheet and the journal")
        return outcome(self, client_id, status, *a, **kw)

    monkeypatch.setattr(Journal, "outcome", dies_before_journaling)
    with pytest.raises(SystemExit):
        submit(OpenpyxlSheet(path), str(path), client=client)
    monkeypatch.setattr(Journal, "outcome", outcome)
    [order] = client.daily_orders().orders
    ws = openpyxl.load_workbook(path)["Orders"]
    assert (ws.cell(FIRST, col("status")).value, ws.cell(FIRST, col("order_no")).value) == ("SENT", order.order_no)
    submit(OpenpyxlSheet(path), str(path), client=client)
    ws = openpyxl.load_workbook(path)["Orders"]
    assert (ws.cell(FIRST, col("status")).value, ws.cell(FIRST, col("order_no")).value) == ("SENT", order.order_no)  # not NOT SENT, not resent
    assert len(client.daily_orders().orders) == 1
