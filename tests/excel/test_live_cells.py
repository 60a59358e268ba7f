"""Live cells on an injected clock: a first recalculation never waits on REST, a cell tells where its price comes
from and how old it is, and polling is staggered and paced so it never comes as a burst (issue 29)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kis_xl import udfs
from kis_xl.models import Quote
from kis_xl.services import quotes
from kis_xl.services.quotes import Loading, QuoteService
from tests.client.test_rate_pace import SteppedClock as Clock

CODES = [f"{100_000 + i:06d}" for i in range(200)]
MOCK_RATE = 2.0  # the mock domain's requests a second


class MockClient:
    """The mock domain's quotes: one request a code, each taking a slot of KIS's 2 a second (on the clock)."""

    def __init__(self, clock: Clock):
        self.market_domain = self.domain = "mock"
        self.clock = clock
        self.sent: list[float] = []  # when each request went out
        self.stats = SimpleNamespace(requests=0)

    def prices(self, codes, progress=None):
        out = {}
        per_request = 1 if self.market_domain == "mock" else 30
        for i, code in enumerate(codes):
            if i % per_request == 0:
                self.sent.append(self.clock.now)
                self.stats.requests += 1
                self.clock.sleep(1 / MOCK_RATE)
            out[code] = Quote(code, 1000.0 + self.stats.requests, 0.0, 0.0, None, None, None, 1000.0, 0, 0.0)
        return out

    def close(self):
        pass


class PolledOnly:
    """A stream whose registrations are all taken: every code is polled."""

    def watch_feeds(self, feeds):
        pass

    def streaming_feed(self, feed):
        return False


def live_service(clock: Clock, jobs: list) -> tuple[QuoteService, MockClient]:
    client = MockClient(clock)
    svc = QuoteService(client, monotonic=clock.monotonic, sleep=clock.sleep, background=jobs.append)
    svc.stream, svc.live_mode, svc.mode, svc.period = PolledOnly(), True, quotes.PERIODIC, 1.0
    return svc, client


def run(jobs: list) -> None:
    while jobs:
        jobs.pop(0)()


def test_a_first_live_recalculation_of_200_codes_returns_at_once_and_fills_in():
    clock, jobs = Clock(), []
    svc, client = live_service(clock, jobs)
    for code in CODES:  # desktop Excel: one cell after another, each returned before any request went out
        with pytest.raises(Loading):
            svc.price(code)
    assert client.sent == []  # nothing waited on KIS (how fast: benchmarks/live_cells.py)
    assert svc.source(CODES[0])[0] == "loading"
    jobs.pop(0)()  # the background worker: one request a code, in the order asked
    assert len(client.sent) == 200 and not jobs
    assert [svc.price(code).price for code in CODES[:3]] == [1001.0, 1002.0, 1003.0]  # the next tick's values


def test_a_range_recalculation_returns_at_once():
    clock, jobs = Clock(), []
    svc, client = live_service(clock, jobs)
    answers = svc.prices(CODES)
    assert all(isinstance(a, Loading) for a in answers.values()) and client.sent == []
    run(jobs)
    assert all(isinstance(q, Quote) for q in svc.prices(CODES).values())


def test_outside_live_mode_a_cell_waits_for_its_answer():
    clock, jobs = Clock(), []
    svc, client = live_service(clock, jobs)
    svc.live_mode = False
    assert svc.price(CODES[0]).price == 1001.0 and not jobs


def test_a_cell_shows_source_and_age_and_stale_is_visible(monkeypatch):
    clock, jobs = Clock(), []
    svc, client = live_service(clock, jobs)
    monkeypatch.setattr(udfs.market, "service", lambda: svc)
    assert udfs.KIS_PRICE("100000", "source").startswith("#KIS! loading")
    run(jobs)
    clock.sleep(5.0)
    assert udfs.KIS_PRICE("100000", "source") == "rest" and udfs.KIS_PRICE("100000", "age") == 5.0
    clock.sleep(quotes.STALE_AFTER)  # older than the threshold: said so, even if the cache still serves it
    assert udfs.KIS_PRICE("100000", "출처") == "stale"
    table = udfs.KIS_QUOTE([["100000"]], [["price", "source", "age"]])
    assert table[0] == ["code", "price", "source", "age"] and table[1][2:] == ["stale", 35.0]


def test_korean_loading_text(korean):
    assert str(Loading()).startswith("불러오는 중")


def busiest(times: list[float], window: float) -> int:
    return max((sum(1 for u in times if t <= u < t + window) for t in times), default=0)


def test_polling_200_codes_on_mock_is_staggered_and_leaves_orders_their_lane():
    clock, jobs = Clock(), []
    svc, client = live_service(clock, jobs)
    svc.ttl["price"] = 20.0  # stretched to the budget by restretch below
    for code in CODES:
        with pytest.raises(Loading):
            svc.price(code)
    run(jobs)  # the first fill, at the domain's rate
    warm = len(client.sent)
    end = clock.now + 600
    while clock.now < end:  # a live tick each second: recalculate every cell, restretch, the worker refreshes
        for code in CODES:
            svc.price(code)
        svc.restretch()
        run(jobs)
        clock.sleep(1.0)
    polled = client.sent[warm:]
    assert len(polled) / 600 >= 0.5 * svc.live_budget  # every code refreshed, not starved
    assert busiest(polled, 10.0) <= 10 * 1.0  # the busiest 10 s: at most 1 request a second
    assert busiest(polled, 1.0) <= 1  # any second has a slot of KIS's two free for an order
    assert svc.stretch > 1.0


def test_codes_fetched_together_expire_at_their_own_phase():
    clock, jobs = Clock(), []
    svc, client = live_service(clock, jobs)
    client.market_domain = "real"  # 30 codes a request: all stored at one instant
    with pytest.raises(Loading):
        svc.price(CODES[0])
    for code in CODES[1:30]:
        with pytest.raises(Loading):
            svc.price(code)
    run(jobs)
    assert len({svc._cache[("price", c)][1] for c in CODES[:30]}) == 1
    stored = svc._cache[("price", CODES[0])][1]
    ttl = svc.ttl["price"]
    expired = []
    for tenth in range(9, 17):  # from 0.9 to 1.6 TTLs after the fetch
        clock.now = stored + tenth / 10 * ttl
        expired.append(sum(1 for c in CODES[:30] if not svc._fresh(("price", c), stored, svc.generation)))
    assert expired[0] == 0 and expired[-1] == 30
    assert max(b - a for a, b in zip(expired, expired[1:])) <= 10  # spread over half a TTL, never all at once
