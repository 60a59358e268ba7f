"""Reconciliation pairs lost answers with KIS's orders one-to-one, or says UNKNOWN: never a guess."""

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kis_xl import krx
from kis_xl.models import OrderRecord, OrderRequest, OrderType, Side
from kis_xl.orders import reconcile as rc
from kis_xl.orders.journal import Entry

DAY = date(2025, 6, 2)
T0 = datetime(2025, 6, 2, 10, 0, 0, tzinfo=krx.KST)
REQ = OrderRequest("005930", Side.BUY, 1, None, OrderType.MARKET)
WINDOW = 3.0


def entry(n: int, at: float, journal: str = "mine") -> Entry:
    return Entry(f"c{n}", n, REQ, T0 + timedelta(seconds=at), journal)


def order(no: int, at: float, request: OrderRequest = REQ) -> OrderRecord:
    t = (T0 + timedelta(seconds=at)).time().replace(microsecond=0)
    return OrderRecord(DAY, f"{no:010d}", "06010", request.code, "", request.side, request.order_type,
                       request.quantity, request.price or 0.0, t, 0, 0.0, 0.0, request.quantity)


def decide(entries, orders, claimed=(), now=100.0):
    return rc.decide(entries, orders, set(claimed), now=T0 + timedelta(seconds=now), window_s=WINDOW, mine="mine")


def test_a_single_candidate_is_found():
    d = decide([entry(1, 0)], [order(7, 0.5)])
    assert d["c1"].kind == rc.FOUND and d["c1"].order.order_no == "0000000007"


def test_a_claimed_number_is_never_handed_out_again():
    d = decide([entry(1, 0)], [order(7, 0.5)], claimed={"7"})  # another row or journal shows order 7
    assert d["c1"].kind == rc.NOT_BOOKED


def test_identical_intents_of_one_journal_pair_in_send_order():
    d = decide([entry(1, 0.0), entry(2, 0.3)], [order(8, 0.4), order(9, 0.6)])
    assert (d["c1"].order.order_no, d["c2"].order.order_no) == ("0000000008", "0000000009")


def test_two_intents_one_order_that_either_could_own_is_unknown_with_its_number():
    d = decide([entry(1, 0.0), entry(2, 0.3)], [order(8, 0.4)])
    assert d["c1"].kind == d["c2"].kind == rc.AMBIGUOUS and d["c1"].candidates == ["0000000008"]


def test_another_workbooks_unresolved_intent_makes_it_ambiguous_not_ours():
    d = decide([entry(1, 0.0, "other"), entry(2, 0.2)], [order(8, 0.4)])
    assert set(d) == {"c2"} and d["c2"].kind == rc.AMBIGUOUS


def test_the_window_decides_pending_and_not_booked():
    assert decide([entry(1, 0)], [], now=1.0)["c1"].kind == rc.PENDING
    assert decide([entry(1, 0)], [], now=WINDOW + 0.5)["c1"].kind == rc.NOT_BOOKED


def test_orders_outside_the_window_or_of_another_shape_are_not_candidates():
    other = OrderRequest("005930", Side.BUY, 2, None, OrderType.MARKET)
    limit = OrderRequest("005930", Side.BUY, 1, 70_000, OrderType.LIMIT)
    orders = [order(5, -10), order(6, 60), order(7, 0.5, other), order(8, 0.5, limit)]
    assert decide([entry(1, 0)], orders)["c1"].kind == rc.NOT_BOOKED


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.floats(0.0, 2.0), st.booleans(), st.booleans()), min_size=1, max_size=12),
       st.integers(0, 3))
def test_every_order_found_is_the_one_that_intent_sent(script, foreign):
    """Sequential sends (gap, booked?, answer lost?); lost answers are unresolved; foreign twins are claimed.

    Whatever the schedule, a FOUND intent gets exactly its own order, and no number is handed out twice.
    """
    at, n, entries, orders, truth, claimed = 0.0, 100, [], [], {}, set()
    for i, (gap, booked, lost) in enumerate(script):
        at += gap
        if booked:
            n += 1
            orders.append(order(n, at + 0.05))
            truth[f"c{i}"] = f"{n:010d}"
        if lost:
            entries.append(entry(i, at))
        elif booked:
            claimed.add(str(n))  # its answer arrived: the row shows its number
    for k in range(foreign):  # identical orders of rows whose answers arrived long ago
        orders.append(order(10 + k, at))
        claimed.add(str(10 + k))
    decisions = decide(entries, orders, claimed, now=at + 100)
    found = [d.order.order_no for d in decisions.values() if d.kind == rc.FOUND]
    assert len(found) == len(set(found))
    for cid, d in decisions.items():
        if d.kind == rc.FOUND:
            assert truth.get(cid) == d.order.order_no
        if d.kind == rc.NOT_BOOKED:
            assert cid not in truth
