"""The Orders sheet as a template: headers, drop-downs, the profile in large type, the send switch, a Run button."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlsxwriter

from .rows import ACTIONS, COLUMN_ORDER, HEADERS

HEADER_ROW = 7  # 0-based row of the table header: settings and instructions sit above it
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
TYPES = ["LIMIT", "MARKET", "PRIORITY", "BEST", "IOC_LIMIT", "FOK_LIMIT", "STOP_LIMIT", "지정가", "시장가",
         "최우선지정가", "최유리지정가", "스톱지정가"]
INSTRUCTIONS = ("One order per row. Side BUY/SELL (매수/매도); Type LIMIT/MARKET (지정가/시장가) or another KRX type. "
                "A LIMIT order needs a Price on the tick grid within today's limits (70,000, 70,000원 or ₩70,000); "
                "MARKET, PRIORITY (최우선지정가) and BEST (최유리지정가) take none: KIS prices them as they arrive. "
                "STOP_LIMIT (스톱지정가) also needs a Stop Price: its limit order goes in once the price trades there. "
                "Status, Order No… are written by kis-xl: a row with an order number is never sent twice. Type "
                "CANCEL in Status to cancel a sent order. Set Action and press Run (or: kis-xl orders submit FILE). "
                "In Excel on Windows, after SUBMIT (or FOLLOW) rows follow their fills live; STOP ends that.")


def add_orders_sheet(wb: xlsxwriter.Workbook, *, macro_name: str | None = "SampleCall", profile: str = "mock",
                     send: bool = False, rows=()):
    """Add the Orders sheet to an xlsxwriter workbook (``workbooks/kis_xl.xlsm`` and the sample sheet).

    ``rows``: tuples of ``ROW_KEYS`` (code, side, quantity, type, price, market, tag), or dicts by column key."""
    ws = wb.add_worksheet("Orders")
    big = wb.add_format({"bold": True, "font_size": 20, "font_color": "#C00000", "border": 2})
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "bg_color": "#1F3864", "font_color": "white", "border": 1})
    result = wb.add_format({"bold": True, "bg_color": "#7F7F7F", "font_color": "white", "border": 1})
    note = wb.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
    ws.write("A1", "kis-xl order sheet (주문 시트)", wb.add_format({"bold": True, "font_size": 14}))
    ws.write("A2", "Profile", bold)
    ws.write("B2", profile, big)
    ws.data_validation("B2", {"validate": "list", "source": ["sim", "mock", "real"]})
    ws.write("A3", "Send orders", bold)
    ws.write("B3", "ON" if send else "OFF", bold)
    ws.data_validation("B3", {"validate": "list", "source": ["ON", "OFF"]})
    ws.write("A4", "Action", bold)
    ws.write("B4", "DRY RUN", bold)
    ws.data_validation("B4", {"validate": "list", "source": list(ACTIONS)})
    ws.merge_range("D2:L5", INSTRUCTIONS, note)
    if macro_name:
        ws.insert_button("B6", {"macro": macro_name, "caption": "Run", "width": 80, "height": 24})
    inputs = COLUMN_ORDER.index("status")
    for col, key in enumerate(COLUMN_ORDER):
        ws.write(HEADER_ROW, col, HEADERS[key], head if col < inputs else result)
    first, last = HEADER_ROW + 1, HEADER_ROW + 500
    at = {key: COLUMN_ORDER.index(key) for key in COLUMN_ORDER}
    ws.data_validation(first, at["side"], last, at["side"], {"validate": "list",
                                                             "source": ["BUY", "SELL", "매수", "매도"]})
    ws.data_validation(first, at["quantity"], last, at["quantity"], {
        "validate": "integer", "criteria": ">", "value": 0, "error_message": "a positive whole number of shares"})
    ws.data_validation(first, at["type"], last, at["type"], {"validate": "list", "source": TYPES})
    ws.data_validation(first, at["market"], last, at["market"], {"validate": "list",
                                                                 "source": ["KRX", "NAS", "NYS", "AMS"]})
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
