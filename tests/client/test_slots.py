"""Choosing the 40 streamed feeds: pinned first, then by use, with hysteresis (time handed in, never read)."""

from __future__ import annotations

from kis_xl.client.slots import HOLD, Interest, Slots, merge

TRADES = "H0STCNT0"


def codes(n: int, first: int = 100_000) -> list[tuple[str, str]]:
    return [(TRADES, f"{first + i:06d}") for i in range(n)]


def sheet(interest: Interest, feeds, now: float) -> None:
    """A sheet recalculated once: every cell asks for its code."""
    interest.touch(list(feeds), now)


def test_sixty_codes_asked_alike_keep_the_same_forty_for_good():
    interest, slots = Interest(), Slots(40)
    feeds = codes(60)
    changes, chosen = 0, None
    for second in range(900):  # 15 minutes of a live sheet recalculated every second
        now = float(second)
        sheet(interest, feeds, now)
        picked = set(slots.choose(merge({"excel": interest.snapshot(now)}), now))
        if chosen is not None:
            changes += len(picked ^ chosen)
        chosen = picked
    assert len(chosen) == 40 and changes == 0  # no subscribe or unsubscribe after the first pass


def test_a_code_changes_slot_at_most_once_a_hold():
    interest, slots = Interest(), Slots(2, hold=HOLD)
    a, b, c = codes(3)
    sheet(interest, [a, b], 0.0)
    assert set(slots.choose(merge({"x": interest.snapshot(0.0)}), 0.0)) == {a, b}
    moves = []
    for second in range(1, 200):
        now = float(second)
        sheet(interest, [a, c], now)  # b is no longer on the sheet; c is asked every second
        picked = set(slots.choose(merge({"x": interest.snapshot(now)}), now))
        if c in picked and not moves:
            moves.append(now)
    assert moves and moves[0] >= HOLD  # c waited for b's minute to pass, then b went stale or weaker


def test_pinned_feeds_come_first_and_unwanted_ones_leave_at_once():
    interest, slots = Interest(), Slots(3)
    notices = ("H0STCNI0", "hts")
    feeds = codes(3)
    sheet(interest, feeds, 0.0)
    assert set(slots.choose(merge({"x": interest.snapshot(0.0)}), 0.0)) == set(feeds)
    interest.pin(notices, 1.0)
    order = slots.choose(merge({"x": interest.snapshot(1.0)}), 1.0)
    assert order[0] == notices and len(order) == 3  # the weakest code made room for the pinned feed
    dropped = order[1]
    interest.drop([dropped])
    other = Interest()
    sheet(other, codes(1, 200_000), 2.0)
    order = slots.choose(merge({"x": interest.snapshot(2.0), "y": other.snapshot(2.0)}), 2.0)
    assert dropped not in order and (TRADES, "200000") in order  # freed room is taken at once


def test_a_busier_outsider_displaces_the_least_used_holder_after_its_hold():
    interest, slots = Interest(), Slots(2, hold=10.0)
    a, b, c = codes(3)
    for second in range(30):
        sheet(interest, [a, b] if second % 10 == 0 else [a], float(second))
    slots.choose(merge({"x": interest.snapshot(30.0)}), 30.0)
    assert set(slots.held) == {a, b}
    for tick in range(0, 400):  # c asked every 0.1 s: far busier than b
        now = 30.0 + tick / 10
        sheet(interest, [a, c], now)
        picked = set(slots.choose(merge({"x": interest.snapshot(now)}), now))
    assert picked == {a, c}


def test_demand_merges_processes_and_names_who_holds_a_feed():
    excel, watcher = Interest(), Interest()
    feed = codes(1)[0]
    sheet(excel, [feed], 0.0)
    sheet(watcher, [feed], 0.5)
    demand = merge({"Excel (1)": excel.snapshot(1.0), "kis-xl watch (2)": watcher.snapshot(1.0)})
    assert demand[feed].holders == {"Excel (1)", "kis-xl watch (2)"} and demand[feed].age == 0.5


def test_feeds_idle_for_long_are_forgotten_unless_pinned():
    interest = Interest()
    a, b = codes(2)
    interest.touch([a], 0.0)
    interest.pin(b, 0.0)
    assert {(r[0], r[1]) for r in interest.snapshot(10_000.0)} == {b}
