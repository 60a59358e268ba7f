"""Pairing lost answers with KIS's orders one-to-one, or UNKNOWN: never a guess. Orders are (day, book, number)."""

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kis_xl import krx
from kis_xl.models import OrderId, OrderRecord, OrderRequest, OrderType, Side
from kis_xl.orders import pairing as rc
from kis_xl.orders.journal import VERSION, Entry
from kis_xl.orders.placement import placed

DAY = date(2025, 6, 2)
T0 = datetime(2025, 6, 2, 10, 0, 0, tzinfo=krx.KST)
REQ = OrderRequest("005930", Side.BUY, 1, None, OrderType.MARKET)
FLIGHT = 2.0  # the longest a request is under way once sent (connect + read)
SETTLE = 1.0


def entry(n: int, at: float, journal: str = "mine", *, sent: float | None = 0.0, request=REQ, day=T0) -> Entry:
    """An intent journaled at ``at`` whose request left ``sent`` seconds later (None: it never left)."""
    t = day + timedelta(seconds=at)
    e = Entry(f"c{n}", n, request, "", t, journal, VERSION)
    if sent is not None:
        e.sent_at, e.until = t + timedelta(seconds=sent), t + timedelta(seconds=sent + FLIGHT)
    return e


def order(no: int, at: float, request: OrderRequest = REQ, day=T0) -> OrderRecord:
    t = day + timedelta(seconds=at)
    return OrderRecord(t.date(), f"{no:010d}", "06010", request.code, "", request.side, request.order_type,
                       request.quantity, request.price or 0.0, t.time().replace(microsecond=0), 0, 0.0, 0.0,
                       request.quantity)


def oid(no: int, day: date = DAY) -> OrderId:
    return OrderId(day, "KR", str(no))


def decide(entries, orders, claimed=(), now=100.0):
    return rc.decide(entries, {"order": orders}, set(claimed), now=T0 + timedelta(seconds=now), settle_s=SETTLE,
                     fallback_s=FLIGHT + SETTLE, mine="mine")


def test_a_single_candidate_is_found():
    d = decide([entry(1, 0)], [order(7, 0.5)])
    assert d["c1"].kind == rc.FOUND and d["c1"].order.id == oid(7)


def test_a_claimed_order_is_never_handed_out_again_but_the_same_number_of_another_day_claims_nothing():
    assert decide([entry(1, 0)], [order(7, 0.5)], claimed={oid(7)})["c1"].kind == rc.NOT_BOOKED
    yesterday = oid(7, DAY - timedelta(days=1))  # numbers restart daily: yesterday's 7 is another order
    assert decide([entry(1, 0)], [order(7, 0.5)], claimed={yesterday})["c1"].kind == rc.FOUND


def test_an_order_of_another_day_is_no_candidate():
    d = decide([entry(1, 0)], [order(7, 0.5, day=T0 - timedelta(days=1))])
    assert d["c1"].kind == rc.NOT_BOOKED


def test_an_intent_that_never_left_is_not_booked_at_once():
    d = decide([entry(1, 0, sent=None)], [order(7, 0.5)], now=0.5)  # its window would still be open
    assert d["c1"].kind == rc.NOT_BOOKED and d["c1"].never_left


def test_the_window_starts_when_the_request_left_not_at_the_intent():
    """A token renewal held the order back 60 s after its intent: booked then, it is still found."""
    late = entry(1, 0, sent=60.0)
    assert decide([late], [order(7, 60.4)], now=61.0)["c1"].kind == rc.FOUND
    assert decide([late], [], now=30.0)["c1"].kind == rc.PENDING  # the intent's old window would have closed


def test_identical_intents_of_one_journal_pair_in_send_order():
    d = decide([entry(1, 0.0), entry(2, 0.3)], [order(8, 0.4), order(9, 0.6)])
    assert (d["c1"].order.id, d["c2"].order.id) == (oid(8), oid(9))


def test_two_intents_one_order_that_either_could_own_is_unknown_with_its_number():
    d = decide([entry(1, 0.0), entry(2, 0.3)], [order(8, 0.4)])
    assert d["c1"].kind == d["c2"].kind == rc.AMBIGUOUS and d["c1"].candidates == [oid(8)]


def test_another_programs_identical_order_inside_the_window_makes_it_ambiguous():
    d = decide([entry(1, 0.0)], [order(8, 0.2), order(9, 0.4)])
    assert d["c1"].kind == rc.AMBIGUOUS and d["c1"].candidates == [oid(8), oid(9)]


def test_another_workbooks_unresolved_intent_makes_it_ambiguous_not_ours():
    d = decide([entry(1, 0.0, "other"), entry(2, 0.2)], [order(8, 0.4)])
    assert set(d) == {"c2"} and d["c2"].kind == rc.AMBIGUOUS


def test_the_window_decides_pending_and_not_booked():
    end = FLIGHT + SETTLE + rc.SKEW_S
    assert decide([entry(1, 0)], [], now=end - 0.5)["c1"].kind == rc.PENDING
    assert decide([entry(1, 0)], [], now=end + 0.5)["c1"].kind == rc.NOT_BOOKED


def test_orders_outside_the_window_or_of_another_shape_are_not_candidates():
    other = OrderRequest("005930", Side.BUY, 2, None, OrderType.MARKET)
    limit = OrderRequest("005930", Side.BUY, 1, 70_000, OrderType.LIMIT)
    orders = [order(5, -10), order(6, 60), order(7, 0.5, other), order(8, 0.5, limit)]
    assert decide([entry(1, 0)], orders)["c1"].kind == rc.NOT_BOOKED


def test_a_us_price_is_compared_as_it_went_on_the_wire():
    penny = OrderRequest("SIMP", Side.BUY, 10, 0.1251, OrderType.LIMIT, "NAS")
    rounded = OrderRequest("SIMP", Side.BUY, 10, 0.13, OrderType.LIMIT, "NAS")
    night = T0.replace(hour=23, minute=40)  # 10:40 in New York: the US session's day is 2025-06-02 there too
    e = entry(1, 0, request=penny, day=night)
    later = (night - T0).total_seconds() + 100
    assert decide([e], [_us(order(7, 0.5, rounded, day=night))], now=later)["c1"].kind == rc.NOT_BOOKED
    assert decide([e], [_us(order(7, 0.5, penny, day=night))], now=later)["c1"].kind == rc.FOUND


def _us(o: OrderRecord) -> OrderRecord:
    from dataclasses import replace

    return replace(o, market="NAS", placed_at=datetime.combine(o.order_date, o.time, tzinfo=krx.KST))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.floats(0.0, 2.0), st.floats(0.0, 70.0), st.booleans(), st.booleans(), st.booleans()),
                min_size=1, max_size=12),
       st.integers(0, 3), st.booleans())
def test_every_order_found_is_the_one_that_intent_sent(script, foreign, rollover):
    """Sequential sends (gap, hold before the wire, booked?, answer lost?, left at all?); lost answers are
    unresolved; foreign twins are claimed; with ``rollover`` yesterday's orders carry today's numbers.

    Whatever the schedule, a FOUND intent gets exactly its own order, and no order is handed out twice.
    """
    at, n, entries, orders, truth, claimed = 0.0, 100, [], [], {}, set()
    if rollover:  # yesterday's orders with the numbers today's will take, none of them claimed
        orders += [order(101 + k, 5.0 + k, day=T0 - timedelta(days=1)) for k in range(12)]
    for i, (gap, hold, booked, lost, left) in enumerate(script):
        at += gap
        booked = booked and left
        if booked:
            n += 1
            orders.append(order(n, at + hold + 0.05))
            truth[f"c{i}"] = oid(n)
        if lost or not left:
            entries.append(entry(i, at, sent=hold if left else None))
        elif booked:
            claimed.add(oid(n))  # its answer arrived: the row shows its order
        at += hold
    for k in range(foreign):  # identical orders of rows whose answers arrived long ago
        orders.append(order(10 + k, at))
        claimed.add(oid(10 + k))
    decisions = decide(entries, orders, claimed, now=at + 100)
    found = [d.order.id for d in decisions.values() if d.kind == rc.FOUND]
    assert len(found) == len(set(found))
    for cid, d in decisions.items():
        if d.kind == rc.FOUND:
            assert truth.get(cid) == d.order.id
        if d.kind == rc.NOT_BOOKED:
            assert cid not in truth


def view(number: int, client_id: str = "", has_result: bool = False, request=REQ, tag: str = "") -> rc.RowView:
    return rc.RowView(number, client_id, has_result, request, tag)


def sent(n: int, row: int, status: str = "SENT", tag: str = "", day=T0) -> Entry:
    e = entry(n, 0, day=day)
    e.row, e.tag, e.status = row, tag, status
    if status == "SENT":
        e.placements.append(placed(oid(100 + n)))
    return e


def test_restore_finds_a_row_by_its_client_id_wherever_it_moved():
    e = sent(1, 5)
    assert rc.restore([e], [view(9, "c1")]) == [(e, 9)]  # the row lost its number: written back
    assert rc.restore([e], [view(9, "c1", has_result=True)]) == []  # it shows it: nothing to do


def test_a_reverted_workbook_gets_the_days_results_back_by_row_then_by_request():
    a, b = sent(1, 5, tag="x"), sent(2, 6, tag="y")
    rows = [view(5, tag="y"), view(6, tag="x"), view(7, tag="y")]  # rows 5 and 6 swapped by the older copy
    assert rc.restore([a, b], rows) == [(a, 6), (b, 5)]


def test_a_row_repeating_an_earlier_days_order_is_that_order_unless_its_tag_differs():
    """Excel closed without saving on Monday, the workbook reopened on Tuesday: its rows are Monday's orders."""
    e = sent(1, 5, tag="x", day=T0 - timedelta(days=1))
    assert rc.restore([e], [view(5, tag="x")]) == [(e, 5)]
    assert rc.restore([e], [view(5, tag="x again")]) == []  # a new tag: a new order, sent


def test_restore_never_gives_one_row_two_entries_nor_touches_rejected_rows_the_user_cleared():
    a, b = sent(1, 5), sent(2, 5)
    assert rc.restore([a, b], [view(5)]) == [(a, 5)]
    rejected = sent(3, 5, status="REJECTED")
    assert rc.restore([rejected], [view(5, "c3")]) == []  # cleared by the user: send it again
    assert rc.restore([rejected], [view(5)]) == [(rejected, 5)]  # a reverted copy: show it


def test_an_earlier_days_intent_whose_answer_never_reached_its_row_still_finds_it():
    """Killed after the order left; the next run comes on a later day: the row is still the intent's."""
    lost = entry(1, 0, day=T0 - timedelta(days=1))
    lost.row = 5
    assert rc.restore([lost], [view(5)]) == [(lost, 5)]
