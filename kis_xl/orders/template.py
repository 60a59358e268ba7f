"""The Orders sheet as a template: headers, drop-downs, the profile in large type, the send switch, a Run button."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlsxwriter

from .book import RESULT_FORMATS
from .rows import ACTIONS, COLUMN_ORDER, HEADERS, KOREAN_HEADERS, column_key

HEADER_ROW = 7  # 0-based row of the table header: settings and instructions sit above it
GUIDE_COLUMN = 3  # the instructions start in column D, one line a row, overflowing into the empty cells right
# The sample is valid on any day the simulator runs: a fixed limit price would leave a day's ±30 % band as the
# simulated market walks on, so its limit orders are the kinds KIS prices from the order book as they arrive
# (최우선지정가: at the best price on the order's own side; 최유리지정가: at the best price on the other side).
SAMPLE_ROWS = [
    ("005930", "BUY", 10, "PRIORITY", None, "KRX", "core"),
    ("000660", "BUY", 3, "MARKET", None, "KRX", ""),
    ("035420", "매수", 5, "최유리지정가", None, "KRX", "naver"),
    ("005930", "SELL", 2, "MARKET", None, "KRX", "trim"),
    ("99999X", "BUY", 1, "LIMIT", 1000, "KRX", "a typo: shown as invalid"),
]
ROW_KEYS = ("code", "side", "quantity", "type", "price", "market", "tag")  # what a row tuple holds, in order
SAMPLE_PATH = Path(__file__).resolve().parents[2] / "workbooks" / "sample_orders.xlsx"
TYPES = ["지정가", "시장가", "최우선지정가", "최유리지정가", "스톱지정가", "LIMIT", "MARKET", "PRIORITY", "BEST",
         "IOC_LIMIT", "FOK_LIMIT", "STOP_LIMIT"]
# Shown on the sheet above the table, one line a row (never wrapped or merged, so each reads in full).
ORDERS_GUIDE_KO = [
    "한 줄에 주문 하나. 매수/매도: 매수·매도(BUY·SELL). 수량: 10 또는 10주.",
    "주문유형 지정가(LIMIT)는 가격이 필요합니다(70,000 · 70,000원 · ₩70,000, 호가단위와 가격제한폭 안).",
    "시장가·최우선지정가·최유리지정가는 가격 없이 KIS가 정합니다. 스톱지정가는 스톱가격도 적습니다.",
    "거래소: KRX·NXT·SOR (비우면 프로필 설정). 시점: 즉시 또는 예약(예약주문). 계좌: 보낼 프로필(비우면 위의 프로필).",
    "상태·주문번호…는 kis-xl이 씁니다. 주문번호가 있는 줄은 다시 보내지 않습니다. 취소: 상태에 취소(CANCEL).",
    "실행을 고르고 Run 버튼: DRY RUN 검증만, SUBMIT 전송(주문전송 켬일 때), REFRESH 상태, FOLLOW·STOP 체결 따라가기.",
    "명령줄: kis-xl orders submit 파일. English: the Read me sheet (kis_xl.xlsm) or docs/ORDERS.md.",
]
ORDERS_GUIDE_EN = (
    "The Orders sheet: one order per row. Side BUY/SELL (매수/매도); Quantity 10 or 10주; Type LIMIT/MARKET "
    "(지정가/시장가) or another KRX type. A LIMIT order needs a Price on the tick grid within today's limits "
    "(70,000, 70,000원 or ₩70,000); MARKET, PRIORITY (최우선지정가) and BEST (최유리지정가) take none: KIS prices them "
    "as they arrive. STOP_LIMIT (스톱지정가) also needs a Stop Price: its limit order goes in once the price trades "
    "there. Venue (거래소) KRX, NXT or SOR (empty: the profile's); When (시점) NOW or RESERVE (예약주문); Account "
    "(계좌) the profile a row goes to (isa, pension…; empty: the sheet's Profile), each real account confirmed by "
    "name. Status, "
    "Order No… are written by kis-xl: a row with an order number is never sent twice. Type CANCEL (취소) in Status to "
    "cancel a sent order. Set Action (실행) and press Run (or: kis-xl orders submit FILE). In Excel on Windows, after "
    "SUBMIT (or FOLLOW) rows follow their fills live; STOP ends that. Headers may be Korean or English.")
# The sheet's headers, Korean first (the reader takes these, the English ones and other aliases: rows.column_key).
INPUT_HEADERS_KO = {"code": "종목코드", "side": "매수/매도", "quantity": "수량", "type": "주문유형", "price": "가격",
                    "stop_price": "스톱가격", "market": "시장", "venue": "거래소", "when": "시점", "tag": "메모",
                    "account": "계좌"}
SHEET_HEADERS = HEADERS | INPUT_HEADERS_KO | KOREAN_HEADERS


def english_header(label: object) -> object:
    """The English header of a column's label in either language (``수량`` → ``Quantity``); others as they are."""
    key = column_key(label)
    return HEADERS[key] if key in HEADERS else label

# Quantity: a whole number of shares or text ending in 주 (10주), as validate.cell_number reads it. Excel's own
# "whole number" rule would refuse 10주, so the rule is a formula on the cell itself (top-left of the range).
QUANTITY_RULE = ('=OR(AND(ISNUMBER({c}),{c}>0,{c}=INT({c})),AND(ISTEXT({c}),RIGHT(TRIM({c}),1)="주",'
                 'ISNUMBER(--SUBSTITUTE(LEFT(TRIM({c}),LEN(TRIM({c}))-1),",",""))))')


def add_orders_sheet(wb: xlsxwriter.Workbook, *, macro_name: str | None = "KisRun", profile: str = "sim",
                     send: bool = False, rows=()):
    """Add the Orders sheet to an xlsxwriter workbook (``workbooks/kis_xl.xlsm`` and the sample sheet).

    ``rows``: tuples of ``ROW_KEYS`` (code, side, quantity, type, price, market, tag), or dicts by column key."""
    ws = wb.add_worksheet("Orders")
    big = wb.add_format({"bold": True, "font_size": 20, "font_color": "#C00000", "border": 2})
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "bg_color": "#1F3864", "font_color": "white", "border": 1})
    result = wb.add_format({"bold": True, "bg_color": "#7F7F7F", "font_color": "white", "border": 1})
    note = wb.add_format({"font_color": "#404040"})
    ws.write("A1", "kis-xl 주문 시트 (order sheet)", wb.add_format({"bold": True, "font_size": 14}))
    ws.write("A2", "프로필", bold)
    ws.write("B2", profile, big)
    ws.data_validation("B2", {"validate": "list", "source": ["sim", "mock", "real"]})
    ws.write("A3", "주문전송", bold)
    ws.write("B3", "켬" if send else "끔", bold)
    ws.data_validation("B3", {"validate": "list", "source": ["켬", "끔", "ON", "OFF"]})
    ws.write("A4", "실행", bold)
    ws.write("B4", "DRY RUN", bold)
    ws.data_validation("B4", {"validate": "list", "source": list(ACTIONS)})
    for r, line in enumerate(ORDERS_GUIDE_KO):
        ws.write(r, GUIDE_COLUMN, line, note)
    if macro_name:
        ws.insert_button("B6", {"macro": macro_name, "caption": "실행 Run", "width": 80, "height": 24})
    inputs = COLUMN_ORDER.index("status")
    for col, key in enumerate(COLUMN_ORDER):
        ws.write(HEADER_ROW, col, SHEET_HEADERS[key], head if col < inputs else result)
    first, last = HEADER_ROW + 1, HEADER_ROW + 500
    at = {key: COLUMN_ORDER.index(key) for key in COLUMN_ORDER}
    ws.data_validation(first, at["side"], last, at["side"], {"validate": "list",
                                                             "source": ["매수", "매도", "BUY", "SELL"]})
    top_left = f"{chr(ord('A') + at['quantity'])}{first + 1}"
    ws.data_validation(first, at["quantity"], last, at["quantity"], {
        "validate": "custom", "value": QUANTITY_RULE.format(c=top_left), "error_title": "수량 (quantity)",
        "error_message": "양의 정수 주식 수 (10 또는 10주) / a positive whole number of shares (10 or 10주)"})
    ws.data_validation(first, at["type"], last, at["type"], {"validate": "list", "source": TYPES})
    ws.data_validation(first, at["market"], last, at["market"], {"validate": "list",
                                                                 "source": ["KRX", "NAS", "NYS", "AMS"]})
    ws.data_validation(first, at["venue"], last, at["venue"], {"validate": "list", "source": ["KRX", "NXT", "SOR"]})
    ws.data_validation(first, at["when"], last, at["when"], {"validate": "list",
                                                             "source": ["즉시", "예약", "NOW", "RESERVE"]})
    for r, values in enumerate(rows, first):
        cells = values if isinstance(values, dict) else dict(zip(ROW_KEYS, values))
        for key, value in cells.items():
            if value is not None:
                ws.write_string(r, at[key], str(value)) if key == "code" else ws.write(r, at[key], value)
    message = COLUMN_ORDER.index("message")
    ws.set_column(0, 0, 10)
    ws.set_column(1, inputs - 1, 9)
    ws.set_column(inputs, message - 1, 12)
    ws.set_column(message, message, 60)
    ws.set_column(message + 1, len(COLUMN_ORDER) - 1, 20)
    for key, code in RESULT_FORMATS.items():  # results come typed (book.typed): shown as amounts and dates
        if key in at:
            ws.set_column(at[key], at[key], 20 if key == "submitted_at" else 12, wb.add_format({"num_format": code}))
    ws.freeze_panes(HEADER_ROW + 1, 0)
    return ws


def write_sample(path: str | Path, *, profile: str = "sim", send: bool = True) -> Path:
    """A sample order sheet (.xlsx, no macros) for the CLI and the demo, valid on any day the simulator runs."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": "kis-xl sample order sheet", "created": datetime(2025, 6, 2)})  # same bytes each run
    add_orders_sheet(wb, macro_name=None, profile=profile, send=send, rows=SAMPLE_ROWS)
    wb.close()
    return path


def main() -> None:
    """``python -m kis_xl.orders.template``: rewrite the committed ``workbooks/sample_orders.xlsx``."""
    print(f"wrote {write_sample(SAMPLE_PATH)}")


if __name__ == "__main__":
    main()
