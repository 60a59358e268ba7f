"""Batching and prefetch alone: asks gathered for a window or sent at once, and the codes a request carries along."""

from __future__ import annotations

import threading
from concurrent.futures import Future

from kis_xl.services.quotes.batch import PREFETCH_HORIZON, Batch, Seen

CODES = [f"{100_000 + i:06d}" for i in range(90)]


def test_asks_wait_out_the_window_then_the_timer_flushes_them():
    flushed = threading.Event()
    batch = Batch(0.01, flushed.set)
    assert batch.add("005930", Future()) == {} and batch.add("000660", Future()) == {}
    assert "005930" in batch and batch.get("000660") is not None
    assert flushed.wait(10)
    assert set(batch.take()) == {"005930", "000660"} and not batch.waiting


def test_a_full_request_goes_out_at_once_and_stops_the_timer():
    flushed = threading.Event()
    batch = Batch(0.05, flushed.set, size=3)
    assert batch.add(CODES[0], Future()) == {} and batch.add(CODES[1], Future()) == {}
    assert list(batch.add(CODES[2], Future())) == CODES[:3] and not batch.waiting
    assert not flushed.wait(0.2)  # the window's timer was cancelled with the full batch


def test_callers_seen_one_at_a_time_send_at_once():
    batch = Batch(60.0, lambda: None)
    future = Future()
    assert batch.add(CODES[0], future) == {}  # first ask: waits for company
    batch.take()
    batch.sent()
    batch.answered(1)  # one code alone, nothing else waiting or out
    assert batch.one_at_a_time and batch.add(CODES[1], future) == {CODES[1]: future}
    batch.sent()
    batch.answered(None)  # a failed request leaves the adaptation as it was
    assert batch.fetches == 0 and batch.one_at_a_time
    batch.sent()
    assert batch.add(CODES[2], future) == {} and not batch.one_at_a_time  # a request out: company is coming
    batch.take()
    batch.answered(2)
    assert batch.fetches == 0 and not batch.one_at_a_time


def test_a_lone_answer_is_not_one_at_a_time_while_others_wait_or_are_out():
    batch = Batch(60.0, lambda: None)
    batch.sent()
    batch.sent()
    batch.answered(1)  # another request still out
    assert not batch.one_at_a_time
    batch.add(CODES[0], Future())
    batch.answered(1)  # an ask waiting for company
    assert not batch.one_at_a_time
    batch.take()


def seen_codes(codes, generation=0, at=0.0) -> Seen:
    seen = Seen()
    for code in codes:
        seen.saw(code, generation, at)
    return seen


def test_prefetch_fills_the_last_request_in_first_asked_order_after_the_asked_code():
    seen = seen_codes(CODES)
    asked = {CODES[40]: Future()}
    picked = seen.prefetch(asked, 1, 0.0, lambda code: True)
    assert picked == CODES[41:70]  # 29 more: one request of 30, in the order the sheet asked them
    picked = seen.prefetch({CODES[80]: Future()}, 1, 0.0, lambda code: True)
    assert picked == CODES[81:] + CODES[:20]  # round to the start


def test_prefetch_takes_only_codes_that_need_a_fetch_and_none_when_the_request_is_full():
    seen = seen_codes(CODES)
    picked = seen.prefetch({CODES[0]: Future()}, 0, 0.0, lambda code: int(code) % 2 == 0)
    assert len(picked) == 29 and all(int(c) % 2 == 0 for c in picked)
    full = {code: Future() for code in CODES[:30]}
    assert seen.prefetch(full, 0, 0.0, lambda code: True) == []
    asked = {code: Future() for code in CODES[:2]}
    assert CODES[1] not in seen.prefetch(asked, 0, 0.0, lambda code: True)


def test_prefetch_forgets_codes_not_asked_lately():
    seen = seen_codes(CODES[:10], generation=0, at=0.0)
    seen.saw(CODES[5], 5, 1_000.0)  # asked again in this generation
    assert list(seen.recent(CODES[0], 5, 1_000.0)) == [CODES[5]]  # the rest: two refreshes and 1,000 s ago
    assert list(seen.recent(CODES[0], 1, PREFETCH_HORIZON - 1)) == CODES[1:10] + CODES[:1]
    assert list(seen) == CODES[:10]  # first-asked order kept
