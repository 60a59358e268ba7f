"""The Korean catalogue: each English message id (as written in the code) and each column key, in Korean.

Keep a message's ``{fields}`` exactly as in its id. ``tests/test_i18n.py`` fails on an id the code uses that is
missing here, and on an entry here that no code uses any more.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- core ---
    "language must be one of {choices}, not {value!r}": "언어는 {choices} 중 하나여야 합니다 ({value!r}는 안 됩니다)",
    "another program or PC holds this app key's real-time session (OPSP8996): trying again at growing intervals, "
    "up to {minutes:g} min; to share it between PCs set KIS_XL_REDIS_URL":
        "다른 프로그램이나 PC가 이 앱키의 실시간 세션을 쓰고 있습니다 (OPSP8996): 간격을 늘려 가며 최대 {minutes:g}분마다 "
        "다시 시도합니다. 여러 PC가 나눠 쓰려면 KIS_XL_REDIS_URL을 설정하세요",

    # --- names and codes (종목명) ---

    # --- end of names and codes ---

    # --- order sheet and Excel (주문 시트, 엑셀) ---

    # --- end of order sheet and Excel ---

    # --- report (보고서) ---

    # --- end of report ---

    # --- rate and progress (요청 속도) ---

    # --- end of rate and progress ---

    # --- profiles, simulator and demo (설정, 시뮬레이터) ---

    # --- end of profiles, simulator and demo ---

    # --- CLI, errors and rules (명령줄, 오류, 규칙) ---

    # --- end of CLI, errors and rules ---

    # --- order core (주문 기록) ---

    # --- end of order core ---

    # --- transport (전송) ---

    # --- end of transport ---

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
