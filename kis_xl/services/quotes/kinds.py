"""Each kind of ask a cell makes beyond one price, as the cache key it is kept under and the client call that
answers it: details, names, US prices, histories, order books, the account, a stock's state and auction price."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...codes import normalize_code
from ...errors import KisError, NotOffered, RateLimited, TokenError
from ...i18n import t
from ...models import Quote
from .feeds import LiveFeeds


class Kinds:
    """The kinds ``QuoteService`` answers through its ``cached`` (TTL of the kind, coalescing, live refresh)."""

    client: Any
    feeds: LiveFeeds
    cached: Callable[[str, tuple, Callable[[], Any]], Any]

    def detail(self, code) -> Quote:
        """The full inquire-price quote (PER, PBR, market cap, 52-week range…), cached longer."""
        code = normalize_code(code)
        return self.cached("detail", (code,), lambda: self.client.price(code))

    def name(self, code) -> str:
        code = normalize_code(code)
        return self.cached("name", (code,), lambda: self.client.stock_name(code))

    def us_price(self, symbol: str, exchange: str | None = None) -> Quote:
        return self.cached("price", ("US", symbol, exchange), lambda: self.client.us_price(symbol, exchange))

    def history(self, code, start, end, period: str):
        code = normalize_code(code)
        return self.cached("history", (code, start, end, period),
                           lambda: self.client.history(code, start, end, period))

    def us_history(self, symbol: str, start, end, period: str, exchange: str | None = None):
        return self.cached("history", ("US", symbol, start, end, period, exchange),
                           lambda: self.client.us_history(symbol, start, end, period, exchange))

    def orderbook(self, code):
        code = normalize_code(code)
        return self.cached("orderbook", (code,), lambda: self.client.orderbook(code))

    def balance(self):
        return self.cached("account", ("balance",), self.client.balance)

    def us_balance(self):
        """US holdings and the USD summary (cash from the present balance), or None where the account has no
        US trading (KIS refuses the query); cached with the balance."""
        return self.cached("account", ("us_balance",), self._us_balance)

    def _us_balance(self):
        try:
            return self.client.us_balance()
        except (RateLimited, TokenError):  # passing troubles: the cell shows them and tries again
            raise
        except (KisError, NotOffered):
            return None

    def today(self):
        """The server's date: what "today" means for an open-ended history."""
        return self.client.now().date()

    def status(self, code) -> str:
        """A stock's trading state: ``trading``, ``halted``, or ``VI (static) until 10:02``. Live mode follows
        KIS's market-status feed (H0STMKO0); otherwise, and until the feed tells a change, inquire-price."""
        code = normalize_code(code)
        told = self.feeds.told_status(code)
        if told is not None:
            return told
        quote = self.detail(code)
        return t("halted") if quote.halted else "VI" if quote.vi else t("trading")

    def expected_price(self, code) -> float | None:
        """An opening or closing auction's (or a VI's) expected price: live from KIS's auction feed
        (H0STANC0), else the order book's; None while no auction runs."""
        code = normalize_code(code)
        streaming, price = self.feeds.expected_price(code)
        return price if streaming else self.orderbook(code).expected_price
