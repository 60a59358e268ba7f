"""Live mode: streamed cells cost no REST, the tick refetches nothing, polling keeps to a budget, and indices,
order books, VI status and auctions stream too."""

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
    saved = settings.trade_rate, settings.book_interval
    settings.trade_rate, settings.book_interval = 20.0, 0.2
    reset_services()
    yield udfs
    reset_services()
    close_streams()
    settings.trade_rate, settings.book_interval = saved
    sim.world.faults.reset()


def until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def test_live_cells_show_each_trade_without_rest(excel):
    assert excel.KIS_REFRESH("live", 1).startswith("live 1 s")
    grid = [[c] for c in CODES]
    first = excel.KIS_PRICE(grid, "volume")  # at once: values, or "loading" until the answers arrive
    assert all(isinstance(row[0], int) or row[0].startswith("#KIS! loading") for row in first)
    until(lambda: all(isinstance(row[0], int) for row in excel.KIS_PRICE(grid, "volume")))
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
    time.sleep(1.2)  # the periodic tick recalculates: streamed codes stay live
    for _ in range(25):  # 1,000 cells
        values = excel.KIS_PRICE(grid, "price")
        table = excel.KIS_QUOTE(CODES[:5], ["price", "volume", "name"])
    assert all(isinstance(row[0], float) for row in values) and table[1][3] == "SIM100000"
    assert svc.client.stats.requests == requests  # no REST for streamed codes
    status = dict(excel.KIS_STATUS())
    assert status["streaming codes"] == "40 of 40 watched" and status["refresh mode"].startswith("live")
    assert status["stream session"].startswith("connected (owner: ")
    # a 41st code waits for a slot (the 40 are as busy as it): polled through REST, nothing churns
    controls = svc.stream.stats.controls
    excel.KIS_PRICE("005930")
    time.sleep(1.5)
    live = {row[0]: row for row in excel.KIS_LIVE(False)}
    assert live["005930"][1:3] == ["trades", "rest"] and live[CODES[0]][2] == "stream"
    assert live[CODES[0]][3].endswith(")") and svc.stream.stats.controls == controls
    assert excel.KIS_LIVE()[0] == ["key", "feed", "source", "held_by"]


@pytest.mark.heavy
def test_the_live_tick_refetches_nothing_and_polling_keeps_to_the_budget(excel, sim):
    assert excel.KIS_REFRESH("live", 0.5).startswith("live 0.5 s")
    svc = service()
    svc.live_budget = 1.0  # as on the mock domain (2 requests a second): what is polled must share it
    grid = [[f"{200000 + i:06d}"] for i in range(60)]

    def sheet():
        excel.KIS_PRICE(grid)
        for i in range(5):
            excel.KIS_HISTORY(f"{200000 + i:06d}", -30)
        excel.KIS_BALANCE()
        excel.KIS_INDEX("KOSPI")

    sheet()
    until(lambda: list(svc.live_status().values()).count("stream") == 40)
    sheet()  # warm
    before = svc.client.stats.requests
    started = time.monotonic()
    for _ in range(12):  # six seconds of a tick every 0.5 s
        sheet()
        time.sleep(0.5)
    spent = svc.client.stats.requests - before
    elapsed = time.monotonic() - started
    assert spent / elapsed <= svc.live_budget * 1.5  # 20 codes polled, history, balance: held to the budget
    assert svc.stretch > 1.5 and dict(excel.KIS_STATUS())["live REST budget"] == f"1/s, TTLs x{svc.stretch:.1f}"
    history_fetches = [k for k in svc._cost if k[0] == "history"]
    assert len(history_fetches) == 5  # fetched once each: the tick does not clear the cache


def test_indices_and_order_books_stream_in_live_mode(excel):
    excel.KIS_REFRESH("live", 1)
    svc = service()
    level, name = excel.KIS_INDEX("KOSPI"), excel.KIS_INDEX("KOSPI", "name")
    book = excel.KIS_ORDERBOOK("005930")
    assert isinstance(level, float) and book[0] == ["ask_qty", "price", "bid_qty"]
    until(lambda: svc.stream.streaming_feed(("H0UPCNT0", "0001")) and svc.live.has(("H0UPCNT0", "0001"))
          and svc.live.has(("H0STASP0", "005930")))
    requests = svc.client.stats.requests
    for _ in range(20):
        assert isinstance(excel.KIS_INDEX("KOSPI"), float) and excel.KIS_INDEX("KOSPI", "name") == name
        assert len(excel.KIS_ORDERBOOK("005930")) == 21
    assert svc.client.stats.requests == requests and svc.stats.live_hits >= 40


def test_status_shows_a_vi_and_expected_price_its_auction(excel, sim):
    excel.KIS_REFRESH("live", 1)
    svc = service()
    assert excel.KIS_PRICE("000660", "status") == "trading"
    assert excel.KIS_PRICE("000660", "expected_price") == "#N/A"  # no auction at 10:00
    until(lambda: svc.stream.streaming_feed(("H0STMKO0", "000660"))
          and svc.stream.streaming_feed(("H0STANC0", "000660")))
    vi = hub(sim.world).start_vi("000660", "1", seconds=3)
    until(lambda: excel.KIS_PRICE("000660", "status").startswith("VI"))
    status = excel.KIS_PRICE("000660", "상태")
    assert status.startswith("VI (static) until ") and status[-5:] >= f"{vi.start:%H:%M}"
    until(lambda: isinstance(excel.KIS_PRICE("000660", "expected_price"), float))
    until(lambda: excel.KIS_PRICE("000660", "status") == "trading")
    assert excel.KIS_PRICE("NAS:AAPL", "status") == "#N/A"


def test_a_column_kis_adds_shows_one_warning_in_kis_status(excel, sim):
    excel.KIS_REFRESH("live", 1)
    svc = service()
    excel.KIS_PRICE("005930")
    until(lambda: svc.stream.streaming("005930"))
    sim.world.faults.ws_wide = 20
    until(lambda: "feed warnings" in dict(excel.KIS_STATUS()))
    assert dict(excel.KIS_STATUS())["feed warnings"] == (
        "H0STCNT0 records carry 47 fields, 46 known: extra columns ignored")
    price = excel.KIS_PRICE("005930")
    assert isinstance(price, float) and svc.stream.stats.malformed == 0


def test_leaving_live_mode_frees_its_registrations(excel):
    excel.KIS_REFRESH("live", 1)
    svc = service()
    excel.KIS_PRICE([[c] for c in CODES[:3]])
    stream = svc.stream
    until(lambda: all(stream.streaming(c) for c in CODES[:3]))
    assert excel.KIS_REFRESH("auto").startswith("auto")
    until(lambda: not stream.view.live)  # released: another process's cells may take the slots
    assert svc.stream is None and excel.KIS_LIVE(False) == [["", "", "", ""]]


def test_a_live_recalculation_never_waits_on_rest(excel, sim):
    excel.KIS_REFRESH("live", 1)
    svc = service()
    svc.ttl["history"] = 0.2
    first = excel.KIS_HISTORY("005930", -30)
    key = next(k for k in svc._cache if k[0] == "history")
    stored = svc._cache[key][1]
    time.sleep(0.3)  # expired
    sim.world.faults.latency = 1.5  # KIS slow to answer
    started = time.monotonic()
    again = excel.KIS_HISTORY("005930", -30)
    assert time.monotonic() - started < 1.5 and again == first  # the cell keeps its value, not KIS's 1.5 s
    until(lambda: svc._cache[key][1] > stored, timeout=10)  # refreshed behind the sheet
    sim.world.faults.latency = 0.0
