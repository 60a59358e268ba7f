"""The WebSocket client against the simulator: typed quotes, the budget of 40, reconnects, notices, the cache."""

from __future__ import annotations

import time

import pytest

from kis_xl.client.stream import Stream, fetch_approval_key, stream_for, ws_base
from kis_xl.models import NoticeKind, Quote, Side
from kis_xl.services.quotes import QuoteService
from kis_xl.sim.ws import hub


@pytest.fixture
def fast_feed(sim):
    settings = hub(sim.world).settings
    sim.world.market.quote("005930", sim.world.now())  # the calendars and series are built once per session
    saved = settings.trade_rate
    settings.trade_rate = 20.0
    yield settings
    settings.trade_rate = saved
    sim.world.faults.ws_drop = sim.world.faults.ws_malformed = 0
    sim.world.faults.ws_stall = 0.0


def until(condition, timeout: float = 5.0, step: float = 0.01):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("condition not met in time")


@pytest.fixture
def open_stream(make_profile):
    made = []

    def make(profile=None, **kwargs):
        profile = profile or make_profile()
        s = Stream(url=ws_base(profile), approval=lambda: fetch_approval_key(profile), hts_id=profile.hts_id,
                   mock=profile.domain == "mock", **kwargs)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


def test_streamed_trades_are_the_quotes_rest_gives(sim, fast_feed, open_stream, make_client):
    client = make_client()
    stream = open_stream(client.profile)
    got: list[Quote] = []
    stream.on_quotes(got.extend)
    stream.watch(["005930", "000660"])
    until(lambda: {q.code for q in got} == {"005930", "000660"})
    last = [q for q in got if q.code == "005930"][-1]
    rest = client.price("005930")
    assert isinstance(last, Quote)
    assert (last.price, last.change, last.prev_close, last.open) == (rest.price, rest.change, rest.prev_close,
                                                                     rest.open)
    assert last.as_of.strftime("%Y-%m-%d") == "2025-06-02"
    assert stream.streaming("005930") and stream.status() == {"005930": "stream", "000660": "stream"}


def test_most_recently_used_codes_stream_within_the_budget(fast_feed, open_stream):
    stream = open_stream(budget=3)
    stream.watch(["000001", "000002", "000003"])
    until(lambda: all(stream.streaming(c) for c in ("000001", "000002", "000003")))
    stream.watch(["000004", "000001"])  # 000002 is now the least recently used
    until(lambda: stream.streaming("000004") and not stream.streaming("000002"))
    assert stream.status() == {"000003": "stream", "000004": "stream", "000001": "stream", "000002": "rest"}


def test_reconnects_with_backoff_and_resubscribes(sim, fast_feed, open_stream):
    stream = open_stream(backoff=(0.2, 5.0))
    got: list[Quote] = []
    stream.on_quotes(got.extend)
    stream.watch(["005930"])
    until(lambda: got)
    sim.world.faults.ws_drop = 1
    until(lambda: stream.stats.last_drop)
    dropped = stream.stats.last_drop
    until(lambda: stream.stats.reconnects == 1 and stream.streaming("005930"))
    count = len(got)
    until(lambda: len(got) > count)  # resubscribed: trades flow again
    assert stream.stats.last_connect - dropped < 3.0
    assert stream._approval and stream._approval not in repr(stream.stats)  # never in what is shown
    # drops in a row wait longer each time: no tight reconnect loop
    sim.world.faults.ws_drop = 3
    start = time.monotonic()
    until(lambda: stream.stats.reconnects >= 4, timeout=10)
    assert time.monotonic() - start > 0.8 * (0.4 + 0.8 + 1.6)  # each wait doubles (±20 % jitter)


def test_malformed_frames_are_skipped_and_a_silent_server_is_left(sim, fast_feed, open_stream):
    stream = open_stream(idle_timeout=0.5)
    got: list[Quote] = []
    stream.on_quotes(got.extend)
    stream.watch(["005930"])
    until(lambda: got)
    sim.world.faults.ws_malformed = 2
    until(lambda: stream.stats.malformed == 2)
    count = len(got)
    until(lambda: len(got) > count)
    assert stream.connected and stream.stats.reconnects == 0
    sim.world.faults.ws_stall = 3.0
    until(lambda: stream.stats.reconnects == 1 and stream.streaming("005930"), timeout=5)
    assert "no message" in stream.stats.last_error


@pytest.mark.parametrize("domain", ["real", "mock"])  # H0STCNI0 / H0STCNI9
def test_fill_notices_become_typed_notices(fast_feed, open_stream, make_client, domain):
    client = make_client(domain)
    stream = open_stream(client.profile)
    notices = []
    stream.on_notice(notices.append)
    stream.watch_notices()
    until(stream.notices_live)
    price = client.price("005930").price
    ack = client.buy("005930", 2, price)
    until(lambda: any(n.kind is NoticeKind.FILLED for n in notices))
    mine = [n for n in notices if n.order_no.lstrip("0") == ack.order_no.lstrip("0")]
    assert [n.kind for n in mine] == [NoticeKind.ACCEPTED, NoticeKind.FILLED]
    fill = mine[1]
    assert (fill.side, fill.code, fill.filled_qty, fill.fill_price, fill.quantity) == (Side.BUY, "005930", 2, price, 2)
    assert fill.account == client.profile.account.replace("-", "")


def test_a_streamed_code_costs_no_rest_request(fast_feed, make_client):
    client = make_client()
    svc = QuoteService(client)
    stream = stream_for(client.profile)
    try:
        svc.attach_stream(stream)
        first = svc.price("005930")  # REST once (name, limits), and the code is now watched
        until(lambda: stream.streaming("005930") and svc.stats.streamed > 0)
        requests = client.stats.requests
        for _ in range(1000):
            q = svc.price("005930")
        svc.refresh()
        assert svc.price("005930").price == q.price
        assert client.stats.requests == requests  # 0 REST for 1,000 cells and a refresh
        assert q.upper_limit == first.upper_limit  # fields the feed lacks kept from REST
        before = svc.stats.streamed
        until(lambda: svc.stats.streamed > before)
        assert svc.price("005930").volume >= q.volume
        assert svc.live_status() == {"005930": "stream"}
    finally:
        stream.close()


def test_pingpong_is_answered_and_keeps_the_session(sim, fast_feed, open_stream):
    fast_feed.ping_interval = 0.1
    try:
        stream = open_stream(idle_timeout=1.0)
        books = []
        stream.on_book(books.append)
        stream.watch_book("005930")  # a quiet feed: one frame a second
        until(lambda: books)
        book = books[0]
        assert len(book.asks) == len(book.bids) == 10 and book.asks[0].price > book.bids[0].price
        assert book.total_ask_qty == sum(level.quantity for level in book.asks)
        answered = hub(sim.world).pings_answered
        until(lambda: hub(sim.world).pings_answered >= answered + 3)
        assert stream.connected and stream.stats.reconnects == 0
    finally:
        fast_feed.ping_interval = 100.0
