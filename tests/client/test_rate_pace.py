"""KIS's published rate at the wire, on a simulated clock: N requests take the time the limit allows (2 a second on
mock, 20 on real, plus one answer's latency), and the simulator's per-second window refuses none of them, wherever
between sending and answering KIS counts a request. The simulator refuses a client that goes faster."""

import pytest

from kis_xl import spec
from kis_xl.client.ratelimit import DEFAULT_WINDOWS, SharedLimiter, SqliteBudget
from kis_xl.sim.world import SimWorld

KEY = "PS" + "1" * 34


class SteppedClock:
    """Monotonic seconds that move only when someone sleeps: a limiter's waits cost no wall time."""

    def __init__(self):
        self.now = 1_000.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="module")
def world_factory():
    made = []

    def make(clock):
        if not made:
            made.append(SimWorld(monotonic=clock.monotonic))
        world = made[0]
        world.monotonic = clock.monotonic
        world._windows.clear()
        world.rate_refusals.clear()
        return world

    return make


def _fetch(tmp_path, world_factory, n: int, domain: str, latency: float, counted_at: float):
    """n queries one after another, each answered ``latency`` seconds after it left and counted by the simulator's
    window ``counted_at`` of the way (0: on sending, 1: just before the answer). Returns (seconds, refusals)."""
    clock = SteppedClock()
    world = world_factory(clock)
    calls, period = DEFAULT_WINDOWS[domain]
    limiter = SharedLimiter(calls, period, SqliteBudget(tmp_path / f"{domain}-{latency}-{counted_at}.sqlite", clock))
    start = clock.now
    for _ in range(n):
        ticket, _ = limiter.acquire()
        clock.sleep(latency * counted_at)
        world.admit(KEY, domain)
        clock.sleep(latency * (1 - counted_at))
        limiter.release(ticket)
    return clock.now - start, world.rate_refusals[KEY]


def test_the_budget_is_kis_published_limit():
    assert DEFAULT_WINDOWS == {spec.REAL: (20, 1.0), spec.MOCK: (2, 1.0)}


@pytest.mark.parametrize("counted_at", [0.0, 1.0])
def test_30_codes_on_mock_take_14_seconds_at_two_a_second(tmp_path, world_factory, counted_at):
    elapsed, refused = _fetch(tmp_path, world_factory, 30, spec.MOCK, 0.0, counted_at)
    assert refused == 0
    assert elapsed == pytest.approx(14.0, abs=0.01)  # pairs at 0, 1, …, 14 s: the 15 s floor less the last second


@pytest.mark.parametrize("counted_at", [0.0, 0.5, 1.0])
def test_latency_costs_one_answer_per_second_and_never_a_refusal(tmp_path, world_factory, counted_at):
    elapsed, refused = _fetch(tmp_path, world_factory, 30, spec.MOCK, 0.2, counted_at)
    assert refused == 0
    # request 2k+1 leaves k × (1 s + 0.2 s) in; the last pair is answered 0.4 s after the first of them left
    assert elapsed == pytest.approx(14 * 1.2 + 0.4, abs=0.01)


def test_200_queries_on_real_take_9_seconds_at_twenty_a_second(tmp_path, world_factory):
    elapsed, refused = _fetch(tmp_path, world_factory, 200, spec.REAL, 0.0, 1.0)
    assert refused == 0
    assert elapsed == pytest.approx(9.0, abs=0.05)


def test_the_simulator_takes_two_a_second_on_mock_in_any_window(world_factory):
    clock = SteppedClock()
    world = world_factory(clock)

    def at(t: float) -> bool:
        clock.now = 1_000.0 + t
        return world.admit(KEY, spec.MOCK)

    assert [at(0.0), at(0.5), at(0.99)] == [True, True, False]  # the 3rd call in a second: EGW00201
    assert at(1.0)  # the first has left the window
    assert [at(1.4), at(1.5)] == [False, True]  # 0.5 and 1.0 fill the window until 0.5 leaves it at 1.5
    assert world.rate_refusals[KEY] == 2
    # three calls straddling a second's edge: a bucket per whole second would take the third, KIS may not
    assert [at(10.9), at(10.95), at(11.05)] == [True, True, False]
    assert at(11.9) and at(11.95)  # a refused call does not count


def test_the_simulator_takes_twenty_a_second_on_real(world_factory):
    clock = SteppedClock()
    world = world_factory(clock)
    taken = []
    for i in range(25):
        clock.now = 1_000.0 + i * 0.04
        taken.append(world.admit(KEY, spec.REAL))
    assert taken == [True] * 20 + [False] * 5
