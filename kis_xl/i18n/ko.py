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

    # --- end of rate and progress ---

    # --- profiles, simulator and demo (설정, 시뮬레이터) ---

    # --- end of profiles, simulator and demo ---

    # --- CLI, errors and rules (명령줄, 오류, 규칙) ---

    # --- end of CLI, errors and rules ---

    # --- order core (주문 기록) ---
    "kis-xl's order journal cannot be written ({reason}; {path}): nothing more was sent; free disk space there, "
    "then run again": "kis-xl 주문 기록을 쓸 수 없습니다 ({reason}; {path}): 더 이상 보낸 주문은 없습니다. 그곳의 디스크 "
                      "공간을 확보한 뒤 다시 실행하세요",
    "row {row}'s result could be written neither to the workbook ({reason}) nor to the journal ({journal}); the next "
    "run looks its order up in KIS's list": "{row}행의 결과를 통합 문서({reason})에도 주문 기록({journal})에도 쓰지 "
                                            "못했습니다. 다음 실행에서 KIS 주문 내역으로 그 주문을 찾습니다",
    "row {row} shows its result, but {reason}": "{row}행에 결과는 적혔지만, {reason}",
    "not sent: {reason}": "보내지 않음: {reason}",

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
