"""The Korean catalogue: each English message id (as written in the code) and each column key, in Korean.

Keep a message's ``{fields}`` exactly as in its id. ``tests/test_i18n.py`` fails on an id the code uses that is
missing here, and on an entry here that no code uses any more.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- core ---
    "language must be one of {choices}, not {value!r}": "언어는 {choices} 중 하나여야 합니다 ({value!r}는 안 됩니다)",

    # --- names and codes (종목명) ---

    # --- end of names and codes ---

    # --- order sheet and Excel (주문 시트, 엑셀) ---

    # --- end of order sheet and Excel ---

    # --- report (보고서) ---

    # --- end of report ---

    # --- rate and progress (요청 속도) ---
    'the mock domain (모의투자) quotes one code per request, {rate:g} a second: {codes} codes take about '
    '{seconds:.0f} s. With market_data = "real" in this profile (a real account\'s keys, for quotes only; '
    'orders stay on the mock account) they take {batches} request(s)':
        '모의투자 도메인은 시세를 종목마다 요청 1건씩, 초당 {rate:g}건 받습니다: {codes}종목에 약 {seconds:.0f}초 걸립니다. '
        '이 프로필에 market_data = "real"을 넣으면(시세만 실전 계좌 키로 받고 주문은 모의계좌 그대로) 요청 {batches}건이면 됩니다',
    "Fetching quotes {done}/{total}…": "시세 조회 중 {done}/{total} 종목…",

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
