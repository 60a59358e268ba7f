"""The Korean catalogue: each English message id (as written in the code) and each column key, in Korean.

Keep a message's ``{fields}`` exactly as in its id. ``tests/test_i18n.py`` fails on an id the code uses that is
missing here, and on an entry here that no code uses any more.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- core ---
    "language must be one of {choices}, not {value!r}": "언어는 {choices} 중 하나여야 합니다 ({value!r}는 안 됩니다)",

    # --- names and codes (종목명) ---
    "not a stock code: {value}": "종목코드가 아닙니다: {value}",
    "{value}: a stock code has six digits (005930), not {n}": "{value}: 종목코드는 6자리입니다(005930). {n}자리는 안 됩니다",
    "not a symbol: {value}": "종목 기호가 아닙니다: {value}",
    ". Did you mean: {candidates}": ". 혹시: {candidates}",
    "{code}: no such stock code in KIS's stock master{maybe}": "{code}: 없는 종목코드입니다{maybe}",
    "{name}: not a stock code, nor a stock name in KIS's stock master{maybe}": "{name}: 종목코드도 아니고 종목 마스터에 있는 종목명도 아닙니다{maybe}",
    "{name} could be {n} stocks: {candidates}; type the code": "{name}: 해당하는 종목이 {n}개입니다: {candidates}. 종목코드를 입력하세요",
    "KIS's stock master could not be downloaded from {url} ({reason})": "KIS 종목 마스터를 {url}에서 내려받지 못했습니다({reason})",
    "KIS's stock master could not be downloaded from {url} (HTTP {status})": "KIS 종목 마스터를 {url}에서 내려받지 못했습니다(HTTP {status})",
    "KIS's stock master file {file} is not a readable zip": "KIS 종목 마스터 파일 {file}을(를) 읽을 수 없습니다(zip 아님)",
    "{name}: a name needs KIS's stock master, which cannot be read now ({reason}); type the code": "{name}: 종목명으로 찾으려면 KIS 종목 마스터가 필요한데 지금 읽을 수 없습니다({reason}). 종목코드를 입력하세요",

    "{code} (name unknown)": "{code} (종목명 확인 불가)",
    "{stock} order book": "{stock} 호가",
    "unknown code(s): {codes}": "없는 종목코드: {codes}",
    "BUY": "매수",
    "SELL": "매도",
    "market": "시장가",
    ", stop {price}": ", 조건가격 {price}",
    " on {venue}": ", 거래소 {venue}",
    " in the daytime session": ", 주간거래",
    "{side} {stock}{where} × {quantity} at {price}{stop}{venue}": "{side} {stock}{where} × {quantity}, 가격 {price}{stop}{venue}",
    "{side} {stock} × {quantity}: order {order_no} accepted at {time} on {venue} ({message})": "{side} {stock} × {quantity}: 주문 {order_no} 접수 ({time}, {venue}) ({message})",
    "{side} {stock} × {quantity}: {reservation} taken{goes} ({message})": "{side} {stock} × {quantity}: {reservation} 접수{goes} ({message})",
    "; it goes out {when}": "; {when}에 주문으로 나갑니다",
    "RESERVE ": "예약 ",
    "{reserve}{order}: {amount} ({order_type})": "{reserve}{order}: {amount} ({order_type})",
    "account {account} (profile {profile})": "계좌 {account} (프로필 {profile})",
    "not a price: {value!r} (write 70000, 70,000 or 70,000원)": "가격이 아닙니다: {value!r} (70000, 70,000 또는 70,000원처럼 쓰세요)",
    "{qty} shares": "{qty}주",
    "all remaining shares": "남은 수량 전부",
    "MODIFY order {order_no} {stock} to {price} ({shares})": "정정: 주문 {order_no} {stock} → {price} ({shares})",
    "CANCEL order {order_no} {stock} ({shares})": "취소: 주문 {order_no} {stock} ({shares})",
    "order {order_no} {stock} modified: new order {new_no} at {time}": "주문 {order_no} {stock} 정정: 새 주문 {new_no} ({time})",
    "order {order_no} {stock} cancelled: cancel order {new_no} at {time}": "주문 {order_no} {stock} 취소: 취소주문 {new_no} ({time})",
    "KRX: {n} orders; {sides}; fees and tax {fees}": "국내: 주문 {n}건; {sides}; 수수료·세금 {fees}",
    "US: {n} orders; {sides}": "미국: 주문 {n}건; {sides}",
    "bought {bought:,} shares for {paid}, sold {sold:,} shares for {got}": "매수 체결 {bought:,}주 {paid}, 매도 체결 {sold:,}주 {got}",
    "{stock} is listed on {where}: set Market to {where}": "{stock}은(는) {where} 종목입니다: 시장(Market)을 {where}(으)로 하세요",
    "unknown code {code}": "없는 종목코드 {code}",
    "trading in {stock} is halted (거래정지): nothing can be sent now": "{stock} 거래정지: 지금은 주문을 보낼 수 없습니다",
    "sells of {stock} total {total:,} shares, more than the {held:,} you can sell": "{stock} 매도 합계 {total:,}주가 매도 가능 수량 {held:,}주보다 많습니다",
    "{n} orders, about {amount} won in total: {stocks}": "주문 {n}건, 총 약 {amount}원: {stocks}",
    "REAL ACCOUNT (실전투자) — real money\n\n{orders}\n\nSend these orders?": "실전투자 계좌 — 실제 돈이 움직입니다\n\n{orders}\n\n이 주문들을 보낼까요?",
    "not confirmed; nothing was sent": "확인하지 않아 아무것도 보내지 않았습니다",
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
