"""The Korean catalogue: each English message id (as written in the code) and each column key, in Korean.

Keep a message's ``{fields}`` exactly as in its id. ``tests/test_i18n.py`` fails on an id the code uses that is
missing here, and on an entry here that no code uses any more.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "language must be one of {choices}, not {value!r}": "언어는 {choices} 중 하나여야 합니다 ({value!r}는 안 됩니다)",
}

# Column keys of CLI tables (JSON and CSV keep the keys; tables show these headers).
LABELS: dict[str, str] = {
    "code": "종목코드",
    "name": "종목명",
    "symbol": "종목",
    "market": "시장",
    "venue": "거래소",
    "price": "현재가",
    "change": "전일대비",
    "change_pct": "등락률(%)",
    "volume": "거래량",
    "side": "매수/매도",
    "quantity": "수량",
    "qty": "수량",
}
