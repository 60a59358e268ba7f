"""Live mode's stream side: which feed keeps a cached key current, the feeds the service watches, their values.

Asked codes, indices and order books are watched on KIS's WebSocket (the session's registrations go to the most
used, see ``client.slots``) and every streamed update replaces its value: while a feed streams, its cells are
served from it at no REST cost; the REST answer for the same thing is what the updates are laid over
(``services.live.LiveValues``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ... import realtime as rt
from ...models import Quote
from ..live import LiveValues

Feed = tuple[str, str]  # (tr_id, tr_key)
AUCTION_FRESH = 30.0  # seconds an auction's expected price stays shown after its last update


def feed_of(key: tuple, us_markets: dict[str, str]) -> Feed | None:
    """The stream feed that keeps a cache key current, if any (prices, US prices, indices, order books); a US
    symbol's needs its exchange, given in the key or learnt from REST (``us_markets``)."""
    kind = key[0]
    if kind == "price":
        if len(key) == 2:
            return (rt.TRADES, key[1]) if len(key[1]) == 6 else None
        if key[1] == "index":
            return rt.INDEX, key[2]
        if key[1] == "US":
            exchange = key[3] or us_markets.get(key[2])
            return (rt.US_TRADES, rt.us_key(key[2], exchange)) if exchange else None
        return None
    return (rt.ORDER_BOOK, key[1]) if kind == "orderbook" else None


class LiveFeeds:
    """The stream (None outside live mode), the feeds asked of it, and the latest value of each."""

    def __init__(self, monotonic: Callable[[], float], on_streamed: Callable[[int], None] = lambda n: None):
        self.stream = None  # kis_xl.client.stream.Stream
        self.values = LiveValues(monotonic)
        self.watched: set[Feed] = set()
        self.us_markets: dict[str, str] = {}  # US symbol -> its exchange, from REST (a US feed's tr_key)
        self._us_keys: dict[str, str] = {}  # HDFSCNT0 RSYM (R or D key) → the D key values are kept under
        self._on_streamed = on_streamed  # told how many trade records each frame brought

    def attach(self, stream, now: Callable[[], Any] | None = None) -> None:
        """Feed values from ``stream`` (on KIS's clock ``now`` when given) and start it."""
        self.stream = stream
        if now is not None:
            stream.use_clock(now)  # KIS's clock (the server's Date), not this machine's
        stream.on_trades(self.trades)
        stream.on_index(lambda q: self.values.put((rt.INDEX, q.code), q))
        stream.on_book(lambda b: self.values.put((rt.ORDER_BOOK, b.code), b))
        stream.on_status(lambda st: self.values.put((rt.MARKET_STATUS, st.code), st))
        stream.on_auction(lambda a: self.values.put((rt.EXPECTED, a.code), a))
        stream.start()

    def detach(self) -> None:
        """Back to REST only: the session's registrations go to whoever else watches."""
        if self.stream is not None:
            self.stream.unwatch_feeds(self.watched)
        self.watched.clear()
        self.stream = None

    def feed(self, key: tuple) -> Feed | None:
        return feed_of(key, self.us_markets)

    def watch(self, key: tuple) -> None:
        """A cell asked for a key: its feed (if any) is watched on the stream."""
        if self.stream is not None:
            feed = self.feed(key)
            if feed is not None:
                self.watch_feed(feed)

    def watch_feed(self, feed: Feed) -> None:
        stream = self.stream
        if stream is not None:
            self.watched.add(feed)
            stream.watch_feeds([feed])

    def streaming(self, feed: Feed) -> bool:
        stream = self.stream
        return stream is not None and stream.streaming_feed(feed)

    def value(self, key: tuple):
        """The streamed value of a key while its feed streams, else None."""
        if self.stream is None:
            return None
        feed = self.feed(key)
        return self.values.get(feed) if feed is not None and self.streaming(feed) else None

    def remember(self, key: tuple, answer) -> None:
        """A REST answer for a streamed thing is what its updates are laid over."""
        if key[:2] == ("price", "US") and isinstance(answer, Quote):
            self.us_markets[key[2]] = answer.market
        feed = self.feed(key)
        if feed is not None:
            self.values.base(feed, answer)

    def trades(self, tr_id: str, records: list[list[str]]) -> None:
        """Streamed trades (on the stream's thread), as KIS's fields: each code's latest replaces its quote,
        parsed only when a cell reads it and merged over the last REST quote's name, limits, PER…"""
        if tr_id == rt.TRADES:
            latest = {(tr_id, r[0]): r for r in records}
        else:  # a daytime R key (RBAQAAPL) and a D key are one code's: kept under its D key
            latest = {(tr_id, self._us_feed_key(r[0])): r for r in records}
        self.values.put_many(list(latest.items()))
        self._on_streamed(len(records))

    def _us_feed_key(self, rsym: str) -> str:
        key = self._us_keys.get(rsym)
        if key is None:
            parsed = rt.parse_us_key(rsym)
            key = self._us_keys[rsym] = rt.us_key(parsed[1], parsed[0]) if parsed else rsym
        return key

    def stream_age(self, code: str) -> float | None:
        """Seconds since a domestic code's last streamed trade, while its feed streams; else None."""
        feed = (rt.TRADES, code)
        return self.values.age(feed) if self.streaming(feed) and self.values.has(feed) else None

    def told_status(self, code: str) -> str | None:
        """A stock's trading state as KIS's market-status feed (H0STMKO0) last told it; None until it has."""
        if self.stream is None:
            return None
        feed = (rt.MARKET_STATUS, code)
        self.watch_feed(feed)
        told = self.values.get(feed) if self.streaming(feed) else None
        return None if told is None else told.label

    def expected_price(self, code: str) -> tuple[bool, float | None]:
        """(whether KIS's auction feed H0STANC0 streams the code, its expected price: None unless an auction
        updated it within ``AUCTION_FRESH`` seconds)."""
        if self.stream is None:
            return False, None
        feed = (rt.EXPECTED, code)
        self.watch_feed(feed)
        if not self.streaming(feed):
            return False, None
        auction = self.values.get(feed)
        fresh = auction is not None and self.values.age(feed) < AUCTION_FRESH
        return True, auction.expected_price if fresh else None

    def status(self) -> dict[str, str]:
        """Watched codes → ``stream`` (from the feed) or ``rest`` (the TTL cache); empty without a stream."""
        return self.stream.status() if self.stream is not None else {}

    def rows(self) -> list[dict]:
        """Every feed this process watches or the shared session holds: key, feed, source, who holds it."""
        return self.stream.rows() if self.stream is not None else []
