"""Normalising what users type as a stock code into what KIS expects.

Excel turns ``005930`` into the number 5930; users also write ``A005930`` (HTS style) or US
tickers with an exchange prefix (``NAS:AAPL``). Everything goes through here once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InvalidCode
from .spec import STOCK_CODE_RE, US_QUOTE_EXCHANGES, US_TRADE_TO_QUOTE

__all__ = ["InvalidCode", "Symbol", "normalize_code", "parse_symbol"]


_US_TICKER_RE = re.compile(r"^[A-Z][A-Z.\-/]{0,9}$")


@dataclass(frozen=True)
class Symbol:
    """A normalised instrument: a KRX code (``market`` "KRX") or a US ticker (``market`` NAS/NYS/AMS or None)."""

    code: str
    market: str | None = "KRX"

    @property
    def is_domestic(self) -> bool:
        return self.market == "KRX"

    def __str__(self) -> str:
        return self.code if self.is_domestic or self.market is None else f"{self.market}:{self.code}"


def normalize_code(value: object) -> str:
    """A 6-character KRX short code from user input; raises InvalidCode with the input in the message.

    Accepts ``"005930"``, ``5930``, ``5930.0``, ``"A005930"``, ``" 005930 "`` and the 2024 letter codes (``0193T0``).
    """
    if isinstance(value, bool) or value is None:
        raise InvalidCode(f"not a stock code: {value!r}")
    if isinstance(value, float):
        if not value.is_integer() or value < 0:
            raise InvalidCode(f"not a stock code: {value!r}")
        value = int(value)
    if isinstance(value, int):
        if not 0 < value < 1_000_000:
            raise InvalidCode(f"not a stock code: {value}")
        return f"{value:06d}"
    text = str(value).strip().upper()
    if text.startswith("A") and len(text) == 7:
        text = text[1:]
    if text.isdigit() and len(text) < 6:
        text = text.zfill(6)
    if not STOCK_CODE_RE.match(text):
        raise InvalidCode(f"not a stock code: {value!r}")
    return text


def parse_symbol(value: object) -> Symbol:
    """A domestic code or a US ticker; ``NAS:AAPL``/``NASD:AAPL`` fix the exchange, bare tickers leave it None."""
    if isinstance(value, str):
        text = value.strip().upper()
        if ":" in text:
            prefix, _, ticker = text.partition(":")
            prefix = US_TRADE_TO_QUOTE.get(prefix, prefix)
            if prefix == "KRX":
                return Symbol(normalize_code(ticker))
            if prefix not in US_QUOTE_EXCHANGES or not _US_TICKER_RE.match(ticker):
                raise InvalidCode(f"not a symbol: {value!r}")
            return Symbol(ticker, prefix)
        if text and text[0].isalpha() and not (text.startswith("A") and text[1:].isdigit()):
            if _US_TICKER_RE.match(text) and not STOCK_CODE_RE.match(text):
                return Symbol(text, None)
    return Symbol(normalize_code(value))
