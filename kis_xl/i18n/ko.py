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
    "cannot write the report into {folder}: the folder is read-only; choose one with --out":
        "보고서를 {folder}에 쓸 수 없습니다: 읽기 전용 폴더입니다. --out으로 다른 폴더를 고르세요",
    "cannot write the report into {folder}: {reason}": "보고서를 {folder}에 쓸 수 없습니다: {reason}",
    "{path} exists; use --force to overwrite it": "{path} 파일이 이미 있습니다. 덮어쓰려면 --force를 붙이세요",
    "report written: {path}": "보고서 작성 완료: {path}",
    "the daily account report: KIS_report_YYYY-MM-DD_<profile>.xlsx":
        "일일 계좌 보고서(엑셀): KIS_report_YYYY-MM-DD_<프로필>.xlsx",
    "report date (default: the latest trading day on the account's server)":
        "보고서 날짜 (기본: 계좌 서버 기준 가장 최근 거래일)",
    "orders from this date (a period report)": "이 날짜부터의 주문 (기간 보고서)",
    "orders up to this date": "이 날짜까지의 주문",
    "folder to write into (default: here)": "보고서를 쓸 폴더 (기본: 현재 폴더)",
    "overwrite an existing report of that date": "같은 날짜의 보고서가 있으면 덮어쓰기",
    "kr: gains red, losses blue; us: the reverse": "kr: 상승 빨강, 하락 파랑 / us: 그 반대",
    "colors must be one of {choices}": "colors는 {choices} 중 하나여야 합니다",
    "Summary": "요약",
    "Holdings": "보유종목",
    "Orders": "주문내역",
    "US Orders": "해외주문내역",
    "Realised P&L": "실현손익",
    "Charts": "차트",
    "Buy": "매수",
    "Sell": "매도",
    "Open": "미체결",
    "Partly filled": "부분체결",
    "Filled": "체결",
    "Cancelled": "취소",
    "Rejected": "거부",
    "Code": "종목코드",
    "Name": "종목명",
    "Quantity": "수량",
    "Avg price": "매입평균가",
    "Price": "현재가",
    "Evaluation": "평가금액",
    "P&L": "평가손익",
    "P&L %": "수익률(%)",
    "Weight %": "비중(%)",
    "Date": "일자",
    "Time": "시각",
    "Order no": "주문번호",
    "Side": "매수/매도",
    "Order price": "주문가격",
    "Filled qty": "체결수량",
    "Avg fill": "체결평균가",
    "Amount": "금액",
    "Fees & tax (est.)": "예상 수수료·세금",
    "Status": "상태",
    "Venue": "거래소",
    "Sold": "매도수량",
    "Sell price": "매도가",
    "Avg cost": "매입평균가",
    "Fees": "수수료",
    "Taxes": "세금",
    "Market": "시장",
    "Currency": "통화",
    "Total": "합계",
    "Holding": "종목",
    "Others": "기타",
    "US daytime": "미국 주간거래",
    "Portfolio weights": "종목별 비중",
    "P&L by holding": "종목별 평가손익",
    "Total evaluation over time": "총평가금액 추이",
    "KIS account report — {day}": "KIS 계좌 보고서 — {day}",
    "KIS account report — {day} (orders and fills of that day; holdings and cash as of {as_of})":
        "KIS 계좌 보고서 — {day} (주문·체결은 그날 것, 잔고와 예수금은 {as_of} 기준)",
    "Profile": "프로필",
    "Account": "계좌",
    "Report date": "보고서 날짜",
    "Holdings and cash as of": "잔고·예수금 기준 시각",
    "Orders from": "주문 기간",
    "to": "~",
    "Item": "항목",
    "Today": "오늘",
    "Previous": "이전 보고서",
    "Previous ({day})": "이전 보고서 ({day})",
    "Change": "증감",
    "Total evaluation": "총평가금액",
    "Day P&L (after fees and tax)": "당일 손익 (제비용 차감 후)",
    "Day P&L before fees and tax": "당일 손익 (제비용 차감 전)",
    "Fees and tax of the day (KIS)": "당일 제비용 (KIS 추정제비용)",
    "Fees and tax of the day (estimated)": "당일 제비용 (기본 요율로 추정)",
    "Bought today": "당일 매수금액",
    "Sold today": "당일 매도금액",
    "not available for a past day: KIS gives holdings only as of now":
        "지난 날짜에는 계산할 수 없습니다: KIS는 현재 시점의 잔고만 줍니다",
    "Day P&L: shares held overnight count from the previous close, shares bought today from their buy price, shares sold today up to their sell price; fees and tax of the day's fills taken off. Day % is of the holdings' value at the previous close plus the day's purchases.":
        "당일 손익: 전일부터 보유한 주식은 전일 종가부터, 오늘 산 주식은 매수가부터, 오늘 판 주식은 매도가까지 "
        "계산하고 당일 체결의 수수료와 세금을 뺍니다. 당일 수익률은 전일 종가 기준 보유 평가액과 당일 매수금액의 합에 대한 "
        "비율입니다.",
    "KIS gave no previous close for {codes}: their shares held overnight count without a change":
        "KIS가 {codes}의 전일 종가를 주지 않아 전일부터 보유한 주식은 변동 없이 계산했습니다",
    "Total P&L": "평가손익 합계",
    "Total P&L %": "평가수익률",
    "Realised: fees": "실현손익: 수수료",
    "Realised: taxes": "실현손익: 세금",
    "Deposit": "예수금",
    "D+2 cash": "D+2 예수금",
    "Securities evaluation": "유가증권 평가금액",
    "Stocks held": "보유 종목 수",
    "Orders placed": "주문 건수",
    "Orders filled": "체결 건수",
    "Filled amount": "체결금액",
    "Estimated fees and tax (KIS)": "예상 제비용 (KIS 추정제비용합계)",
    "US cash (USD)": "외화예수금 (USD)",
    "US securities evaluation (USD)": "해외주식 평가금액 (USD)",
    "US P&L (USD)": "해외주식 평가손익 (USD)",
    "US stocks held": "해외 보유 종목 수",
    "US orders placed": "해외 주문 건수",
    "US orders filled": "해외 체결 건수",
    "US holdings ({currency})": "해외 보유종목 ({currency})",
    "Portfolio day %": "포트폴리오 당일 수익률(%)",
    "{index} day % ({level})": "{index} 당일 등락률(%) ({level})",
    "Portfolio vs benchmarks": "포트폴리오 대 지수",
    "Portfolio {mine} % vs {indices}": "포트폴리오 {mine}% 대 {indices}",
    "{index} {change} % ({gap} pp)": "{index} {change}% ({gap}%p)",
    "no day P&L to compare: {indices}": "비교할 당일 손익이 없습니다: {indices}",
    "KIS gives no realised P&L for this account (the mock domain offers no period P&L)":
        "이 계좌는 KIS가 실현손익을 주지 않습니다 (모의투자에는 기간별 손익 조회가 없습니다)",
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
