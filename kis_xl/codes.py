"""Normalising what users type as a stock code into what KIS expects.

A code is what was typed: text must be six characters (``005930``, ``0193T0``) or HTS's ``A`` + six; only a
number (Excel turns ``005930`` into 5930 or 5930.0) is zero-padded back, since that is the one form whose zeros
were taken away by software rather than by a typo (``00593`` as text is refused, never padded into ``000593``,
another stock). Users also write US tickers with an exchange prefix (``NAS:AAPL``). Everything goes through here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InvalidCode
from .i18n import t
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

    Accepts ``"005930"``, ``"A005930"``, ``" 005930 "``, the 2024 letter codes (``0193T0``) and the numbers Excel
    leaves (``5930``, ``5930.0``); refuses text of another length (``"5930"``, ``"00593"``): a typo is not padded.
    """
    if isinstance(value, bool) or value is None:
        raise InvalidCode(t("not a stock code: {value}", value=repr(value)))
    if isinstance(value, float):
        if not value.is_integer() or value < 0:
            raise InvalidCode(t("not a stock code: {value}", value=repr(value)))
        value = int(value)
    if isinstance(value, int):
        if not 0 < value < 1_000_000:
            raise InvalidCode(t("not a stock code: {value}", value=value))
        return f"{value:06d}"
    text = str(value).strip().upper()
    if text.startswith("A") and len(text) == 7:
        text = text[1:]
    if text.isdigit() and len(text) != 6:
        raise InvalidCode(t("{value}: a stock code has six digits (005930), not {n}", value=str(value).strip(),
                            n=len(text)))
    if not STOCK_CODE_RE.match(text):
        raise InvalidCode(t("not a stock code: {value}", value=repr(value)))
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
                raise InvalidCode(t("not a symbol: {value}", value=repr(value)))
            return Symbol(ticker, prefix)
        if text and text[0].isalpha() and not (text.startswith("A") and text[1:].isdigit()):
            if _US_TICKER_RE.match(text) and not STOCK_CODE_RE.match(text):
                return Symbol(text, None)
    return Symbol(normalize_code(value))
