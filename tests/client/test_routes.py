"""The stream's dispatch is one table (``feeds.ROUTES``) beside the feed layouts: every feed a stream can
subscribe to has exactly one route, and each route's parser reads a record of its feed's layout."""

from __future__ import annotations

from datetime import datetime

import pytest

from kis_xl import krx
from kis_xl import realtime as rt
from kis_xl.client import feeds
from kis_xl.client.stream import Stream


def test_every_subscribed_feed_has_exactly_one_route():
    subscribed = rt.feeds(mock=False) | rt.feeds(mock=True)
    assert sorted(feeds.ROUTES) == sorted(subscribed) == sorted(rt.COLUMNS)
    stream = Stream(url="ws://127.0.0.1:9", approval=lambda: "", hts_id="me")
    asked = {f[0] for f in stream.notice_feeds()} | {rt.TRADES, rt.ORDER_BOOK, rt.INDEX, rt.MARKET_STATUS,
                                                     rt.EXPECTED, stream.trade_feed("NAS:AAPL")[0]}
    asked |= {f[0] for f in Stream(url="ws://127.0.0.1:9", approval=lambda: "", hts_id="me", mock=True)
              .notice_feeds()}
    assert asked <= set(feeds.ROUTES)  # what the watch_* calls ask for
    assert {r.kind for r in feeds.ROUTES.values()} == set(stream._listeners)  # each kind has its on_* listeners


@pytest.mark.parametrize("tr_id", sorted(rt.COLUMNS))
def test_each_route_parses_a_record_of_its_layout(tr_id):
    record = ["0"] * rt.WIDTH[tr_id]
    record[0] = "005930"
    for name in ("STCK_CNTG_HOUR", "BSOP_HOUR", "KHMS"):
        if name in rt.FIELD[tr_id]:
            record[rt.FIELD[tr_id][name]] = "093000"
    for name in ("BSOP_DATE", "KYMD"):
        if name in rt.FIELD[tr_id]:
            record[rt.FIELD[tr_id][name]] = "20250602"
    at = datetime(2025, 6, 2, 9, 30, tzinfo=krx.KST)
    items = feeds.ROUTES[tr_id].items([record, record], lambda: at, pytest.fail)
    assert len(items) == 2 and type(items[0]).__name__ in {"Quote", "OrderBook", "IndexQuote", "MarketStatus",
                                                           "AuctionQuote", "FillNotice"}


def test_a_frame_goes_to_the_listeners_of_its_route_only():
    stream = Stream(url="ws://127.0.0.1:9", approval=lambda: "")
    heard: dict[str, list] = {kind: [] for kind in stream._listeners}
    stream.on_quotes(heard[feeds.QUOTES].append)
    stream.on_book(heard[feeds.BOOK].append)
    stream.on_notice(heard[feeds.NOTICE].append)
    record = ["0"] * rt.WIDTH[rt.TRADES]
    record[0], record[rt.FIELD[rt.TRADES]["STCK_PRPR"]] = "005930", "70000"
    stream._dispatch(rt.frame(rt.TRADES, [record, record]))
    assert [len(batch) for batch in heard[feeds.QUOTES]] == [2]  # one call with the frame's quotes
    assert heard[feeds.QUOTES][0][0].price == 70000 and heard[feeds.BOOK] == heard[feeds.NOTICE] == []
    assert stream.stats.records == 2 and stream.stats.malformed == 0


def trade(code: str, price: str = "70000") -> list[str]:
    record = ["0"] * rt.WIDTH[rt.TRADES]
    record[0], record[rt.FIELD[rt.TRADES]["STCK_PRPR"]] = code, price
    return record


def test_frames_read_together_are_handed_on_together_in_order():
    """A saturated socket's frames cost the listeners once a read, not once a frame (issue 29, item 7)."""
    from kis_xl.client.session import KisSession

    stream = Stream(url="ws://127.0.0.1:9", approval=lambda: "")
    stream.start = lambda: stream  # never connects: the session below is fed by hand
    stream.watch(["005930", "000660"])
    stream.watch_book("005930")
    heard: list = []
    stream.on_trades(lambda tr_id, records: heard.append(("trades", [r[0] for r in records])))
    stream.on_book(lambda book: heard.append(("book", book.code)))
    session = KisSession(url=stream.url, approval=lambda: "", mock=False, stats=stream.stats,
                         on_frames=stream._on_session_frames, on_change=lambda: None)
    book = ["0"] * rt.WIDTH[rt.ORDER_BOOK]
    book[0], book[1] = "005930", "093000"
    for raw in (rt.frame(rt.TRADES, [trade("005930")]), rt.frame(rt.TRADES, [trade("000660"), trade("005930")]),
                rt.frame(rt.ORDER_BOOK, [book]), rt.frame(rt.TRADES, [trade("000660")])):
        session._data(raw)
    assert heard == [] and stream.stats.frames == 4  # read, not yet handed on
    session.flush()
    assert heard == [("trades", ["005930", "000660", "005930"]), ("book", "005930"), ("trades", ["000660"])]
    assert stream.stats.records == 5


def test_an_unreadable_record_is_counted_and_its_neighbours_kept():
    stream = Stream(url="ws://127.0.0.1:9", approval=lambda: "")
    got: list = []
    stream.on_quotes(got.extend)
    stream._dispatch(rt.frame(rt.TRADES, [trade("005930"), trade("000660", price=""), trade("035720")]))
    assert [q.code for q in got] == ["005930", "035720"] and stream.stats.malformed == 1


def test_a_long_run_is_handed_on_in_parts_so_a_saturated_read_is_never_held_whole():
    from kis_xl.client.stream import RUN_RECORDS

    stream = Stream(url="ws://127.0.0.1:9", approval=lambda: "")
    calls: list[int] = []
    stream.on_trades(lambda tr_id, records: calls.append(len(records)))
    stream._on_session_frames([rt.frame(rt.TRADES, [trade("005930")])] * (RUN_RECORDS + 6))
    assert calls == [RUN_RECORDS, 6] and stream.stats.records == RUN_RECORDS + 6
