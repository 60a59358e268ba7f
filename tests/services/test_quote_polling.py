"""Live mode's polling alone: the paced lane, the stretch that keeps to the REST budget, the background worker."""

from __future__ import annotations

import threading
from types import SimpleNamespace

from kis_xl.services.quotes.polling import Behind, Demand, Lane, spent


class Clock:
    def __init__(self):
        self.now = 1_000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_the_lane_spaces_requests_by_their_cost_over_the_budget():
    clock = Clock()
    lane = Lane(2.0, clock.monotonic, clock.sleep)
    lane.pace(1)
    lane.pace(1)
    lane.pace(3)  # three requests' worth: the lane is taken for 1.5 s
    lane.pace(0.2)  # at least one request's slot
    lane.pace(1)
    assert clock.slept == [0.5, 0.5, 1.5, 0.5]
    clock.now += 10  # an idle lane: no wait
    lane.pace(1)
    assert clock.slept == [0.5, 0.5, 1.5, 0.5] and clock.now == 1_013.0


def test_the_stretch_holds_polling_to_the_budget_and_forgets_keys_not_asked():
    demand = Demand()
    ttl = {"price": 2.0, "history": 300.0}
    for i in range(20):
        demand.asked[("price", f"{i:06d}")] = 100.0
        demand.cost[("price", f"{i:06d}")] = 1.0
    assert demand.stretch(100.0, 5.0, ttl, 1.0) == 10.0  # 20 codes every 2 s = 10 a second, budget 1
    assert demand.stretch(100.0, 5.0, ttl, 20.0) == 1.0  # never below one
    demand.asked[("history", "x")] = 104.0
    demand.cost[("history", "x")] = 30.0
    assert demand.stretch(106.0, 5.0, ttl, 0.05) == 2.0  # 30 requests every 300 s over a budget of 0.05 a second
    assert list(demand.asked) == [("history", "x")]  # the prices were last asked 6 s ago, beyond the window


def test_spent_counts_both_clients():
    market = SimpleNamespace(stats=SimpleNamespace(requests=5))
    client = SimpleNamespace(stats=SimpleNamespace(requests=3), market_client=market)
    assert spent(client) == 8 and spent(SimpleNamespace()) == 0


def test_jobs_run_one_after_another_behind_and_a_failure_does_not_stop_them():
    handed = []
    Behind(handed.append).put(print)
    assert handed == [print]  # a runner handed in (tests) takes the job
    done, errors, order = threading.Event(), [], []

    def fail():
        raise RuntimeError("KIS did not answer")

    behind = Behind(on_error=errors.append)
    for job in (lambda: order.append(1), fail, lambda: order.append(2), done.set):
        behind.put(job)
    assert done.wait(10)
    assert order == [1, 2] and [str(e) for e in errors] == ["KIS did not answer"]
