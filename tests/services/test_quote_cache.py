"""The answer cache and coalescing alone, on a stepped clock."""

from __future__ import annotations

import pytest

from kis_xl.errors import InvalidCode
from kis_xl.services.quotes.cache import Cache, Flights, unpacked
from kis_xl.services.quotes.modes import MANUAL, PERIODIC, Expiry


class Clock:
    def __init__(self):
        self.now = 1_000.0

    def monotonic(self) -> float:
        return self.now


KEY = ("price", "005930")


def test_an_answer_is_fresh_for_its_kinds_ttl():
    clock = Clock()
    cache = Cache(Expiry(), clock.monotonic)
    cache.put(KEY, "quote", cache.generation)
    clock.now += 1.9
    assert cache.hit(KEY) == ("quote", 1_000.0, 0)
    clock.now += 0.2
    assert cache.hit(KEY) is None and cache.entries[KEY][0] == "quote"  # expired, still kept


def test_clear_starts_a_generation_and_old_answers_are_not_fresh():
    clock = Clock()
    cache = Cache(Expiry(), clock.monotonic)
    cache.put(KEY, "quote", cache.generation)
    assert cache.clear() == 1 and cache.hit(KEY) is None and not cache.entries
    cache.put(KEY, "late answer", 0)  # a fetch started before the refresh
    assert cache.hit(KEY) is None
    assert not cache.fresh(KEY, clock.now, 0) and cache.fresh(KEY, clock.now, 1)


def test_manual_mode_never_expires_and_periodic_uses_the_period():
    clock = Clock()
    expiry = Expiry(mode=MANUAL)
    cache = Cache(expiry, clock.monotonic)
    cache.put(KEY, "quote", 0)
    clock.now += 1e9
    assert cache.hit(KEY) is not None
    expiry.mode, expiry.period = PERIODIC, 10.0
    cache.put(KEY, "quote", 0)
    clock.now += 9.9
    assert cache.hit(KEY) is not None
    clock.now += 0.2
    assert cache.hit(KEY) is None


def test_stale_entries_are_shown_only_in_live_mode_and_of_this_generation():
    clock = Clock()
    expiry = Expiry()
    cache = Cache(expiry, clock.monotonic)
    cache.put(KEY, "quote", 0)
    clock.now += 100
    assert cache.stale(KEY) is None  # outside live mode an expired answer is fetched again
    expiry.live = True
    assert cache.stale(KEY) == ("quote", 1_000.0, 0) and cache.stale(("price", "000660")) is None
    cache.put(KEY, "old", 0)
    cache.generation = 1
    assert cache.stale(KEY) is None


def test_a_cached_unknown_code_raises_a_fresh_error_each_time():
    stored = InvalidCode("unknown code 995000")
    entry = (stored, 0.0, 0)
    errors = []
    for _ in range(2):
        with pytest.raises(InvalidCode, match="unknown code 995000") as caught:
            unpacked(entry)
        errors.append(caught.value)
    assert stored not in errors and errors[0] is not errors[1]
    assert unpacked(("quote", 0.0, 0)) == "quote"


def test_the_second_asker_waits_on_the_first_ones_request():
    flights = Flights()
    first, owner = flights.join(KEY)
    second, second_owner = flights.join(KEY)
    assert owner and not second_owner and second is first and KEY in flights and flights.get(KEY) is first
    flights.land(KEY)
    third, owner = flights.join(KEY)
    assert owner and third is not first
    flights.land(KEY)
    flights.land(KEY)  # landing twice is harmless
    assert KEY not in flights and flights.get(KEY) is None
