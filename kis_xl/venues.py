"""Where a domestic order goes and whose price a quote shows: KIS's venue codes and the words people type.

Orders carry ``EXCG_ID_DVSN_CD`` KRX, NXT (Nextrade) or SOR (smart order routing between the two);
quotes take ``FID_COND_MRKT_DIV_CODE`` J (KRX), NX (NXT) or UN (integrated: the latest trade of either).
"""

from __future__ import annotations

KRX, NXT, SOR, UN = "KRX", "NXT", "SOR", "UN"
ORDER_VENUES = (KRX, NXT, SOR)
QUOTE_VENUES = (KRX, NXT, UN)
MARKET_CODES = {KRX: "J", NXT: "NX", UN: "UN"}  # FID_COND_MRKT_DIV_CODE of each quote venue
VENUE_OF_CODE = {code: venue for venue, code in MARKET_CODES.items()}

_WORDS = {
    KRX: ("krx", "j", "거래소", "한국거래소"),
    NXT: ("nxt", "nx", "nextrade", "넥스트레이드", "대체거래소"),
    SOR: ("sor", "스마트주문", "최선집행"),
    UN: ("un", "integrated", "통합", "all"),
}
_BY_WORD = {word: venue for venue, words in _WORDS.items() for word in words}
KOREAN = {KRX: "한국거래소", NXT: "넥스트레이드", SOR: "최선집행", UN: "통합"}


def _named(text, allowed: tuple[str, ...], default: str, what: str) -> str:
    key = "".join(str(text or "").split()).lower()
    if not key:
        return default
    venue = _BY_WORD.get(key)
    if venue not in allowed:
        names = ", ".join(f"{v} ({KOREAN[v]})" for v in allowed)
        raise ValueError(f"unknown {what} {str(text).strip()!r}: {names}")
    return venue


def order_venue(text, default: str = KRX) -> str:
    """KRX, NXT or SOR from what a person typed (``nxt``, ``넥스트레이드``, ``거래소``); ValueError naming them."""
    return _named(text, ORDER_VENUES, default, "venue (거래소)")


def quote_venue(text, default: str = UN) -> str:
    """KRX, NXT or UN (integrated, 통합) from what a person typed; ValueError naming them."""
    return _named(text, QUOTE_VENUES, default, "quote venue")
