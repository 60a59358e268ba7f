"""The store alone, against a fake client: one fetch however many ask, a streamed value first, and in live mode an
expired answer shown while its refresh waits behind the sheet."""

from __future__ import annotations

import threading
from types import SimpleNamespace

from kis_xl import realtime as rt
from kis_xl.services.quotes.modes import Expiry
from kis_xl.services.quotes.store import Store
from tests.client.test_rate_pace import SteppedClock as Clock


class Client:
    def __init__(self):
        self.stats = SimpleNamespace(requests=0)

    def fetch(self, answer):
        def call():
            self.stats.requests += 2  # what the fetch cost: the budget counts it
            return answer
        return call


def test_threads_asking_together_share_one_fetch():
    client = Client()
    store = Store(client, Expiry())
    release, started = threading.Event(), threading.Event()

    def slow():
        started.set()
        release.wait(10)
        return "answer"

    results = []
    first = threading.Thread(target=lambda: results.append(store.cached("detail", ("005930",), slow)))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=lambda: results.append(store.cached("detail", ("005930",), client.fetch("x"))))
    second.start()
    for _ in range(10_000):  # until the second asker waits on the first one's fetch
        if store.stats.coalesced:
            break
        threading.Event().wait(0.001)
    assert store.stats.coalesced == 1
    release.set()
    first.join(10)
    second.join(10)
    assert results == ["answer", "answer"] and store.stats.requests == 1 and client.stats.requests == 0  # no 2nd
    assert store.cached("detail", ("005930",), client.fetch("x")) == "answer" and store.stats.cache_hits == 1


def test_live_mode_shows_the_expired_answer_and_refreshes_it_behind():
    clock, jobs, client = Clock(), [], Client()
    store = Store(client, Expiry(live=True), monotonic=clock.monotonic, sleep=clock.sleep, background=jobs.append)
    assert store.cached("history", ("005930",), client.fetch("old")) == "old"
    assert store.demand.cost[("history", "005930")] == 2
    clock.now += 1_000  # past the TTL
    assert store.cached("history", ("005930",), client.fetch("new")) == "old" and len(jobs) == 1
    assert store.cached("history", ("005930",), client.fetch("newer")) == "old" and len(jobs) == 1  # one refresh
    jobs.pop()()
    assert store.cached("history", ("005930",), client.fetch("x")) == "new"


def test_a_streaming_feed_answers_before_the_cache_and_polled_asks_count_for_the_budget():
    clock, client = Clock(), Client()
    store = Store(client, Expiry(live=True), monotonic=clock.monotonic)
    stream = SimpleNamespace(streaming_feed=lambda feed: feed == (rt.INDEX, "0001"), watch_feeds=lambda feeds: None)
    store.feeds.stream = stream
    store.feeds.values.put((rt.INDEX, "0001"), "streamed level")
    assert store.hit(("price", "index", "0001"))[0] == "streamed level" and store.stats.live_hits == 1
    assert store.hit(("price", "index", "1001")) is None
    assert store.demand.asked == {("price", "index", "1001"): 1_000.0}  # polled: it counts towards the stretch
