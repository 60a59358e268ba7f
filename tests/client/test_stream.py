"""The WebSocket client against the simulator: typed updates of every feed, the shared budget, reconnects,
KIS's refusals, pacing, notices KRX and US, tolerant parsing, the cache."""

from __future__ import annotations

import time

import pytest

from kis_xl import realtime as rt
from kis_xl.client.stream import Stream, fetch_approval_key, stream_for, ws_base
from kis_xl.models import NoticeKind, OrderRequest, OrderType, Quote, Side
from kis_xl.services.quotes import QuoteService
from kis_xl.sim.ws import hub
from tests.client.timing import ManualTimer, running, until
from tests.conftest import shifted


@pytest.fixture
def fast_feed(sim):
    settings = hub(sim.world).settings
    sim.world.market.quote("005930", sim.world.now())  # the calendars and series are built once per session
    saved = settings.trade_rate, settings.book_interval
    settings.trade_rate, settings.book_interval = 20.0, 0.2
    yield settings
    settings.trade_rate, settings.book_interval = saved
    sim.world.faults.reset()


@pytest.fixture
def open_stream(sim, make_profile):
    made = []

    def make(profile=None, **kwargs):
        profile = profile or make_profile()
        s = Stream(url=ws_base(profile), approval=lambda: fetch_approval_key(profile), hts_id=profile.hts_id,
                   mock=profile.domain == "mock", clock=sim.world.now, **kwargs)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


def trading_005930(open_stream, **kwargs) -> tuple[Stream, list[Quote]]:
    """A stream whose 005930 trades have begun to arrive, and the list they arrive in."""
    stream = open_stream(**kwargs)
    got: list[Quote] = []
    stream.on_quotes(got.extend)
    stream.watch(["005930"])
    until(lambda: got)
    return stream, got


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
    # paced as KIS's samples pace them, as sent (the simulator's own count, taken as it reads, bunches up when a
    # loaded machine keeps it from reading)
    assert stream.stats.controls >= 2 and stream.stats.closest_controls >= rt.PACE["real"]


def test_us_trades_stream_on_the_key_of_the_session_open_now(sim, fast_feed, open_stream, make_client):
    """By day in Seoul KIS streams US trades on R keys (RBAQAAPL), in New York's session on D keys (DNASAAPL): a
    code moves to the other key at the session's edge, as the cells that show it touch it again (issue 28, #10)."""
    client = make_client()
    stream = open_stream(client.profile)
    got: list[Quote] = []
    stream.on_quotes(got.extend)
    stream.watch(["NAS:AAPL"])  # the shared simulator's clock: a Monday morning in Seoul, the daytime session
    until(lambda: stream.streaming("NAS:AAPL") and got)
    assert (rt.US_TRADES, "RBAQAAPL") in stream.view.live and stream.status() == {"NAS:AAPL": "stream"}
    assert (got[-1].code, got[-1].market, got[-1].currency) == ("AAPL", "NAS", "USD")
    with shifted(sim, 13 * 3600):  # 23:00 KST: New York's session
        count = len(got)
        until(lambda: (stream.watch(["NAS:AAPL"]), stream.streaming("NAS:AAPL") and len(got) > count)[1])
        assert (rt.US_TRADES, "DNASAAPL") in stream.view.live
        until(lambda: (rt.US_TRADES, "RBAQAAPL") not in stream.view.live, timeout=10)  # the old key let go
        first = len(got)
        until(lambda: len(got) > first)
        rest = client.us_price("AAPL")
    assert (got[-1].code, got[-1].market, got[-1].currency) == ("AAPL", "NAS", "USD")
    assert abs(got[-1].price - rest.price) < 0.02 and stream.stats.malformed == 0


def test_the_budget_holds_busy_codes_and_moves_a_slot_at_most_once_a_hold(fast_feed, open_stream):
    timer = ManualTimer()
    stream = open_stream(budget=3, hold=1.0, timer=timer)
    stream.watch(["000001", "000002", "000003"])
    until(lambda: all(stream.streaming(c) for c in ("000001", "000002", "000003")))
    stream.watch(["000004"])  # no room: it waits, polled through REST
    time.sleep(0.1)
    assert not stream.streaming("000004") and stream.status()["000004"] == "rest"
    start = timer.now
    # 000004 and the others asked often, 000002 no more: 000004 gets a slot once the hold has passed, not before
    running(timer, lambda: (stream.watch(["000004", "000001", "000003"]), stream.streaming("000004"))[1], limit=8)
    assert timer.now - start >= 1.0
    assert stream.status() == {"000001": "stream", "000002": "rest", "000003": "stream", "000004": "stream"}
    controls = stream.stats.controls
    for _ in range(40):  # everything asked alike now, for four refreshes: nothing moves
        stream.watch(["000001", "000002", "000003", "000004"])
        timer.advance(0.1)
        time.sleep(0.002)
    time.sleep(0.05)
    assert stream.stats.controls == controls


def waits_out_pause(stream: Stream, timer: ManualTimer, n: int) -> float:
    """The ``n``-th back-off pause (from 1): the session waits it out on the timer and does not reconnect
    before the timer has passed it."""
    until(lambda: len(stream.stats.pauses) >= n and timer.waiting(stream.stats.pauses[n - 1]))
    pause = stream.stats.pauses[n - 1]
    connects = stream.stats.connects
    timer.advance(pause * 0.99)
    time.sleep(0.02)
    assert stream.stats.connects == connects and timer.waiting(pause)  # still waiting: no tight loop
    timer.advance(pause * 0.01 + 1e-6)  # past its end, whatever the rounding
    return pause


def test_reconnects_with_backoff_and_resubscribes(sim, fast_feed, open_stream):
    timer = ManualTimer()
    stream = open_stream(backoff=(0.2, 5.0), timer=timer)
    got: list[Quote] = []
    stream.on_quotes(got.extend)
    stream.watch(["005930"])
    until(lambda: got)
    sim.world.faults.ws_drop = 1
    until(lambda: stream.stats.last_drop)
    dropped = stream.stats.last_drop
    assert 0.16 <= waits_out_pause(stream, timer, 1) <= 0.24  # the first pause (±20 % jitter)
    until(lambda: stream.stats.reconnects == 1 and stream.streaming("005930"))
    count = len(got)
    until(lambda: len(got) > count)  # resubscribed: trades flow again
    assert stream.stats.last_connect - dropped < 0.25
    key = stream._session._approval
    assert key and key not in repr(stream.stats) and key not in repr(stream.view)  # never in what is shown
    # drops in a row wait longer each time: no tight reconnect loop
    sim.world.faults.ws_drop = 3
    pauses = [waits_out_pause(stream, timer, n) for n in (2, 3, 4)]
    until(lambda: stream.stats.reconnects >= 4)
    for pause, doubled in zip(pauses, (0.4, 0.8, 1.6)):  # each wait doubles (±20 % jitter)
        assert 0.8 * doubled <= pause <= 1.2 * doubled


def test_malformed_frames_are_skipped_and_a_silent_server_is_left(sim, fast_feed, open_stream):
    timer = ManualTimer()
    stream, got = trading_005930(open_stream, idle_timeout=5.0, timer=timer)
    sim.world.faults.ws_malformed = 2
    until(lambda: stream.stats.malformed == 2)
    count = len(got)
    until(lambda: len(got) > count)
    assert stream.connected and stream.stats.reconnects == 0
    sim.world.faults.ws_stall = 3.0
    until(lambda: sim.world.faults.ws_stall == 0)  # the simulator's session has fallen silent
    running(timer, lambda: stream.stats.reconnects == 1 and stream.streaming("005930"), step=0.25, limit=10)
    assert "no message for 5 s" in stream.stats.last_error


def test_a_column_kis_appends_is_read_past_with_one_warning(sim, fast_feed, open_stream):
    stream, got = trading_005930(open_stream)
    sim.world.faults.ws_wide = 5
    until(lambda: sim.world.faults.ws_wide == 0)
    count = len(got)
    until(lambda: len(got) > count)
    assert stream.stats.malformed == 0  # the feed never went dark
    assert stream.stats.warnings == {rt.TRADES: "H0STCNT0 records carry 47 fields, 46 known: extra columns ignored"}


def test_refusals_are_shown_and_an_unknown_code_is_not_asked_again(sim, fast_feed, open_stream, make_client):
    client = make_client("mock")
    timer = ManualTimer()
    stream = open_stream(client.profile, timer=timer)
    stream.watch(["005930", "995000"])  # 995000 is not listed
    stream.watch_index("0001")  # not offered on the mock domain: never asked for
    until(lambda: stream.streaming("005930"))
    rows = {r["key"]: r for r in stream.rows()}
    until(lambda: "OPSP8992" in {r["key"]: r for r in stream.rows()}["995000"]["source"])
    assert rows["0001"]["source"] == "rest (not offered on the mock domain)"
    for _ in range(3):  # three refreshes of the registrations
        stream.watch(["005930", "995000"])
        timer.advance(1.0)
        time.sleep(0.02)
    time.sleep(0.5)  # past the mock domain's pace: a message asked again would have gone by now
    assert hub(sim.world).controls[client.profile.app_key] == 2 and stream.stats.refused == 1
    assert stream.stats.closest_controls >= rt.PACE["mock"]  # the mock domain's 0.5 s pace, as sent


def test_fresh_approval_keys_refused_again_back_off_to_minutes(sim, fast_feed, open_stream):
    timer = ManualTimer()
    stream = open_stream(backoff=(0.05, 0.2), approval_backoff=(0.4, 1.0), timer=timer)
    sim.world.faults.ws_bad_approval = 1_000
    stream.watch(["005930"])
    pauses = [waits_out_pause(stream, timer, n) for n in range(1, 7)]
    assert 0.04 <= pauses[0] <= 0.06  # the first refusal: a fresh key at once (the plain back-off)
    assert pauses[1:] == [0.4, 0.8, 1.0, 1.0, 1.0]  # fresh keys refused again: doubling to the ceiling
    assert "OPSP0011" in stream.stats.last_error and stream.stats.bad_approvals == 6
    sim.world.faults.ws_bad_approval = 0
    running(timer, lambda: stream.streaming("005930"), limit=2)
    assert stream.stats.bad_approvals == 0


def test_a_key_held_by_another_program_is_refused_and_retried_with_backoff(sim, fast_feed, open_stream,
                                                                           make_client):
    from websockets.sync.client import connect

    from kis_xl.sim.ws import ws_url

    client = make_client()
    approval = fetch_approval_key(client.profile)
    # e.g. python-kis with the same app key; it reads nothing, so its frames queue unbounded (a bounded queue would
    # stop its reader and leave its close waiting 10 s for the server's close frame behind them)
    with connect(ws_url(sim.real_url) + "/tryitout", max_queue=None) as other:
        other.send(rt.subscribe_message(approval, rt.TRADES, "000660"))
        other.recv(timeout=5)
        timer = ManualTimer()
        stream = open_stream(client.profile, backoff=(0.01, 0.01), in_use_backoff=(0.1, 0.8), timer=timer)
        stream.watch(["005930"])
        until(lambda: "OPSP8996" in stream.stats.last_error)
        # the waits grow (0.1, 0.2, 0.4, 0.8 s, the ceiling), not the plain reconnect back-off's 0.01 s
        assert [waits_out_pause(stream, timer, n) for n in range(1, 6)] == [0.1, 0.2, 0.4, 0.8, 0.8]
        assert stream.stats.held_elsewhere >= 5 and not stream.streaming("005930")
        said = [w for w in stream.stats.warnings.values() if "OPSP8996" in w]
        assert len(said) == 1 and "KIS_XL_REDIS_URL" in said[0]  # said once, with what to do
        until(lambda: stream.stats.held_elsewhere >= 6 and timer.waiting(0.8))
    timer.advance(0.8)  # resumes at the next try, within the ceiling, once the other lets go
    until(lambda: stream.streaming("005930"))
    assert stream.stats.held_elsewhere == 0 and not [w for w in stream.stats.warnings.values() if "OPSP8996" in w]


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
    assert (fill.account, fill.market, fill.currency) == (client.profile.account.replace("-", ""), "KRX", "KRW")


@pytest.mark.parametrize("domain", ["real", "mock"])  # H0GSCNI0 / H0GSCNI9
def test_us_fill_notices_come_through_the_same_listener(sim, fast_feed, open_stream, make_client, domain):
    client = make_client(domain)
    stream = open_stream(client.profile)
    notices = []
    stream.on_notice(notices.append)
    stream.watch_notices()
    until(lambda: stream.notices_live() and stream.notices_live(us=True))
    with shifted(sim, 13 * 3600):
        price = round(client.us_price("AAPL").price * 1.01, 2)
        ack = client.place_order(OrderRequest("AAPL", Side.BUY, 3, price, OrderType.LIMIT, market="NAS"))
        until(lambda: any(n.kind is NoticeKind.FILLED for n in notices))
    accepted, filled = [n for n in notices if n.order_no.lstrip("0") == ack.order_no.lstrip("0")]
    assert (accepted.kind, accepted.market, accepted.currency, accepted.quantity, accepted.price) == (
        NoticeKind.ACCEPTED, "NAS", "USD", 3, price)
    assert (filled.kind, filled.code, filled.side, filled.filled_qty, filled.quantity) == (
        NoticeKind.FILLED, "AAPL", Side.BUY, 3, 3)
    assert filled.fill_price == pytest.approx(client.us_order(ack.order_no).avg_fill_price, abs=1e-4)
    assert filled.order_type is OrderType.LIMIT


def test_index_status_auction_and_book_feeds(sim, fast_feed, open_stream, make_client):
    client = make_client()
    stream = open_stream(client.profile)
    indices, statuses, auctions, books = [], [], [], []
    stream.on_index(indices.append)
    stream.on_status(statuses.append)
    stream.on_auction(auctions.append)
    stream.on_book(books.append)
    stream.watch_index("0001")
    stream.watch_status("000660")
    stream.watch_auction("000660")
    stream.watch_book("005930")
    until(lambda: indices and books)
    rest = client.index("0001")
    assert indices[-1].code == "0001" and abs(indices[-1].level - rest.level) < 30
    assert indices[-1].as_of.date() == sim.world.now().date()
    assert books[-1].code == "005930" and books[-1].asks[0].price > books[-1].bids[0].price
    until(lambda: stream.streaming_feed((rt.MARKET_STATUS, "000660")))
    hub(sim.world).start_vi("000660", "1", seconds=1.0)
    until(lambda: statuses and auctions)
    vi = statuses[0]
    assert (vi.code, vi.vi, vi.halted) == ("000660", "static", False)
    assert (vi.vi_until - vi.since).total_seconds() == 120 and abs((vi.since - sim.world.now()).total_seconds()) < 5
    assert vi.label == f"VI (static) until {vi.vi_until:%H:%M}"
    assert auctions[-1].expected_price > 0
    until(lambda: len(statuses) == 2)
    assert statuses[1].vi == "" and statuses[1].label == "trading"


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
        stream.watch_book("005930")  # a quiet feed: a frame now and then
        until(lambda: books)
        book = books[0]
        assert len(book.asks) == len(book.bids) == 10 and book.asks[0].price > book.bids[0].price
        assert book.total_ask_qty == sum(level.quantity for level in book.asks)
        answered = hub(sim.world).pings_answered
        until(lambda: hub(sim.world).pings_answered >= answered + 3)
        assert stream.connected and stream.stats.reconnects == 0
    finally:
        fast_feed.ping_interval = 100.0


def test_a_half_open_connection_is_found_by_its_pings_and_left(sim, fast_feed, make_profile):
    from kis_xl.sim.proxy import Relay

    profile = make_profile()
    relay = Relay(int(sim.real_url.rsplit(":", 1)[1])).start()
    timer = ManualTimer()
    stream = Stream(url=relay.url(), approval=lambda: fetch_approval_key(profile), ping=(1.0, 1.0), timer=timer)
    try:
        got: list[Quote] = []
        stream.on_quotes(got.extend)
        stream.watch(["005930"])
        until(lambda: got)
        timer.advance(1.0)  # a ping, answered: the connection stays
        time.sleep(0.1)
        timer.advance(1.0)
        time.sleep(0.02)
        assert stream.connected and stream.stats.reconnects == 0
        relay.freeze(server_notices=True)  # the client's socket stays open and silent: no close, no data
        frozen = timer.now
        running(timer, lambda: stream.stats.reconnects == 1 and stream.streaming("005930"), limit=10)
        count = len(got)
        until(lambda: len(got) > count)
        # found by the next ping (1 s) and its timeout (1 s), not by the silence watchdog: the error says so (the
        # timer's reading here also holds the reconnect's real time, which a loaded machine stretches)
        assert "ping" in stream.stats.last_error.lower() and timer.now > frozen
    finally:
        stream.close()
        relay.stop()


def test_control_messages_of_the_wrong_shape_are_counted_and_keep_the_session(sim, fast_feed, open_stream):
    """A null header, a text header and a text body (issue 29, item 4) used to tear the session down and send
    every registration again."""
    stream, got = trading_005930(open_stream)
    controls = stream.stats.controls
    sim.world.faults.ws_bad_control = 3
    until(lambda: stream.stats.malformed == 3)
    count = len(got)
    until(lambda: len(got) > count)
    assert stream.connected and stream.stats.reconnects == 0 and stream.stats.controls == controls
    assert list(stream.stats.warnings) == ["malformed control"]  # one warning for the kind, not one each


def test_a_frame_whose_record_count_is_wrong_yields_no_quote(sim, fast_feed, open_stream):
    """Marked with one record more than it carries, a frame used to be split into half-records: bogus quotes."""
    stream, got = trading_005930(open_stream)
    sim.world.faults.ws_miscount = 5
    until(lambda: sim.world.faults.ws_miscount == 0)
    until(lambda: stream.stats.malformed == 5)
    assert all(q.code == "005930" and q.price > 0 for q in got)
    assert stream.connected and stream.stats.reconnects == 0 and "malformed frame" in stream.stats.warnings


@pytest.mark.parametrize("count, records", [(2, 1), (1, 2), (3, 2), (2, 3)])
def test_split_frame_refuses_a_count_that_does_not_fit_its_payload(count, records):
    fields = "^".join(["005930", "093000", "70000"] + ["1"] * (rt.WIDTH[rt.TRADES] - 3))
    raw = f"0|{rt.TRADES}|{count:03d}|" + "^".join([fields] * records)
    with pytest.raises(rt.FrameError):
        rt.split_frame(raw)


@pytest.mark.parametrize("raw", ['{"header": null}', '{"header": "PINGPONG"}', '[1, 2]', 'PINGPONG',
                                 '{"header": {"tr_id": "H0STCNT0"}, "body": "SUBSCRIBE SUCCESS"}'])
def test_parse_control_names_the_shape_it_refuses(raw):
    with pytest.raises(rt.FrameError):
        rt.parse_control(raw)
