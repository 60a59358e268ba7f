"""Live mode's stream side alone, against a fake stream: which feed keeps a key current, what is watched, what a
streamed value replaces, and the US R/D keys kept as one."""

from __future__ import annotations

from kis_xl import realtime as rt
from kis_xl.models import AuctionQuote, MarketStatus, Quote
from kis_xl.services.quotes.feeds import AUCTION_FRESH, LiveFeeds, feed_of


class Clock:
    def __init__(self):
        self.now = 1_000.0

    def monotonic(self) -> float:
        return self.now


class FakeStream:
    """Records what it was asked; streams the feeds in ``streaming``."""

    def __init__(self):
        self.streaming: set[tuple[str, str]] = set()
        self.watched: list[tuple[str, str]] = []
        self.unwatched: set[tuple[str, str]] = set()
        self.handlers: dict[str, object] = {}
        self.started = False
        self.clock = None

    def __getattr__(self, name):  # on_trades, on_index, on_book, on_status, on_auction
        if name.startswith("on_"):
            return lambda fn: self.handlers.__setitem__(name, fn)
        raise AttributeError(name)

    def use_clock(self, now):
        self.clock = now

    def start(self):
        self.started = True

    def watch_feeds(self, feeds):
        self.watched.extend(feeds)

    def unwatch_feeds(self, feeds):
        self.unwatched |= set(feeds)

    def streaming_feed(self, feed):
        return feed in self.streaming


def quote(code: str, price: float = 1000.0, name: str = "", market: str = "") -> Quote:
    return Quote(code, price, 0.0, 0.0, None, None, None, 1000.0, 0, 0.0, name=name, market=market)


def trade(code: str, price: str) -> list[str]:
    """An H0STCNT0 record in KIS's layout."""
    fields = rt.FIELD[rt.TRADES]
    record = ["0"] * (max(fields.values()) + 1)
    for name, value in {"MKSC_SHRN_ISCD": code, "STCK_CNTG_HOUR": "093000", "STCK_PRPR": price,
                        "BSOP_DATE": "20260105"}.items():
        record[fields[name]] = value
    return record


def test_each_key_finds_the_feed_that_keeps_it_current():
    assert feed_of(("price", "005930"), {}) == (rt.TRADES, "005930")
    assert feed_of(("price", "index", "0001"), {}) == (rt.INDEX, "0001")
    assert feed_of(("orderbook", "005930"), {}) == (rt.ORDER_BOOK, "005930")
    assert feed_of(("price", "US", "AAPL", "NAS"), {}) == (rt.US_TRADES, "DNASAAPL")
    assert feed_of(("price", "US", "AAPL", None), {}) is None  # the exchange not known yet
    assert feed_of(("price", "US", "AAPL", None), {"AAPL": "NAS"}) == (rt.US_TRADES, "DNASAAPL")
    assert feed_of(("detail", "005930"), {}) is None and feed_of(("price", "ticks", "005930"), {}) is None


def attached() -> tuple[LiveFeeds, FakeStream, Clock, list[int]]:
    clock, counted = Clock(), []
    feeds, stream = LiveFeeds(clock.monotonic, counted.append), FakeStream()
    feeds.attach(stream, now="KIS clock")
    return feeds, stream, clock, counted


def test_attach_starts_the_stream_on_kiss_clock_with_every_handler():
    feeds, stream, _, _ = attached()
    assert stream.started and stream.clock == "KIS clock"
    assert set(stream.handlers) == {"on_trades", "on_index", "on_book", "on_status", "on_auction"}


def test_asked_keys_are_watched_and_served_only_while_streaming():
    feeds, stream, _, counted = attached()
    feeds.watch(("price", "005930"))
    feeds.watch(("history", "005930"))  # no feed: nothing watched
    assert stream.watched == [(rt.TRADES, "005930")] and feeds.watched == {(rt.TRADES, "005930")}
    feeds.remember(("price", "005930"), quote("005930", name="삼성전자"))
    stream.handlers["on_trades"](rt.TRADES, [trade("005930", "1400"), trade("005930", "1500")])
    assert counted == [2]
    assert feeds.value(("price", "005930")) is None  # the feed is not (yet) streaming: REST serves the cell
    stream.streaming.add((rt.TRADES, "005930"))
    streamed = feeds.value(("price", "005930"))
    assert streamed.price == 1500.0 and streamed.name == "삼성전자"  # the latest trade over REST's quote


def test_a_us_symbols_daytime_and_regular_keys_are_one_code():
    feeds, stream, _, counted = attached()
    feeds.remember(("price", "US", "AAPL", None), quote("AAPL", market="NAS"))
    assert feeds.feed(("price", "US", "AAPL", None)) == (rt.US_TRADES, "DNASAAPL")  # learnt from REST
    feeds.trades(rt.US_TRADES, [["RBAQAAPL"], ["DNASAAPL"]])
    assert feeds.values.has((rt.US_TRADES, "DNASAAPL")) and not feeds.values.has((rt.US_TRADES, "RBAQAAPL"))
    assert counted == [2]


def test_status_and_auction_price_come_from_their_feeds_while_they_stream():
    feeds, stream, clock, _ = attached()
    assert feeds.told_status("005930") is None and (rt.MARKET_STATUS, "005930") in stream.watched
    stream.streaming |= {(rt.MARKET_STATUS, "005930"), (rt.EXPECTED, "005930")}
    stream.handlers["on_status"](MarketStatus("005930", halted=True))
    assert feeds.told_status("005930") == MarketStatus("005930", halted=True).label
    assert feeds.expected_price("005930") == (True, None)  # streaming, no auction yet
    stream.handlers["on_auction"](AuctionQuote("005930", 71_000.0, 10, 0.0, 0.0))
    assert feeds.expected_price("005930") == (True, 71_000.0)
    clock.now += AUCTION_FRESH
    assert feeds.expected_price("005930") == (True, None)  # the auction is over
    assert feeds.expected_price("000660") == (False, None)


def test_stream_age_and_detach():
    feeds, stream, clock, _ = attached()
    assert feeds.stream_age("005930") is None
    feeds.watch(("price", "005930"))
    stream.streaming.add((rt.TRADES, "005930"))
    feeds.values.put((rt.TRADES, "005930"), quote("005930"))
    clock.now += 3
    assert feeds.stream_age("005930") == 3.0
    feeds.detach()
    assert stream.unwatched == {(rt.TRADES, "005930")} and not feeds.watched and feeds.stream is None
    assert feeds.value(("price", "005930")) is None and feeds.status() == {} and feeds.rows() == []
    assert feeds.told_status("005930") is None and feeds.expected_price("005930") == (False, None)


def test_without_a_stream_nothing_is_watched():
    feeds = LiveFeeds(Clock().monotonic)
    feeds.watch(("price", "005930"))
    feeds.watch_feed((rt.TRADES, "005930"))
    assert not feeds.watched and feeds.value(("price", "005930")) is None
    feeds.detach()
    assert feeds.stream is None
