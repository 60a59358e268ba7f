"""Live mode: watched codes' KIS_PRICE/KIS_QUOTE cells follow streamed trades with no REST request."""

from __future__ import annotations

import threading
import time

import pytest

from kis_xl import udfs
from kis_xl.client.stream import close_streams
from kis_xl.services.quotes import reset_services, service
from kis_xl.sim.ws import hub

CODES = [f"{100000 + i:06d}" for i in range(40)]


@pytest.fixture
def excel(sim_env, sim):
    settings = hub(sim.world).settings
    sim.world.market.quote("005930", sim.world.now())  # calendars and series built before any timing
    saved, settings.trade_rate = settings.trade_rate, 20.0
    reset_services()
    yield udfs
    reset_services()
    close_streams()
    settings.trade_rate = saved


def until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def test_live_cells_show_each_trade_without_rest(excel):
    assert excel.KIS_REFRESH("live", 1).startswith("live 1 s")
    grid = [[c] for c in CODES]
    first = excel.KIS_PRICE(grid, "volume")
    assert all(isinstance(row[0], int) for row in first)
    svc = service()
    until(lambda: list(svc.live_status().values()).count("stream") == 40)
    requests = svc.client.stats.requests
    trades = {}
    arrived = threading.Event()

    def seen(quotes):
        for q in quotes:
            if q.code == CODES[0]:
                trades["volume"] = q.volume
                arrived.set()

    svc.stream.on_quotes(seen)
    for _ in range(5):  # a new trade: the cell shows it at once (well within the 1 s tick)
        arrived.clear()
        assert arrived.wait(2)
        volume = trades["volume"]
        assert excel.KIS_PRICE(CODES[0], "volume") >= volume
    time.sleep(1.2)  # the periodic tick refreshes the cache: streamed codes stay live
    for _ in range(25):  # 1,000 cells
        values = excel.KIS_PRICE(grid, "price")
        table = excel.KIS_QUOTE(CODES[:5], ["price", "volume", "name"])
    assert all(isinstance(row[0], float) for row in values) and table[1][3] == "SIM100000"
    assert svc.client.stats.requests == requests  # no REST for streamed codes
    status = dict(excel.KIS_STATUS())
    assert status["streaming codes"] == "40 of 40 watched" and status["refresh mode"].startswith("live")
    # a 41st code: the least recently used one leaves the stream and is polled again
    excel.KIS_PRICE("005930")
    until(lambda: list(svc.live_status().values()).count("rest") == 1)
    live = dict(excel.KIS_LIVE(False))
    assert live["005930"] == "stream" and list(live.values()).count("rest") == 1
