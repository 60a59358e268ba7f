"""An order sheet typed by hand, as a user makes one: units in cells, no settings block, Korean headers, odd names."""

import openpyxl
import pytest

from kis_xl import krx
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import submit
from kis_xl.orders.template import HEADER_ROW, english_header
from tests.orders.test_order_sheet import make_sheet

FIRST = HEADER_ROW + 2


sheet_with = make_sheet


def test_prices_and_quantities_typed_with_their_units(make_client, tmp_path):
    client = make_client()
    q = client.price("005930")
    price = krx.round_to_tick(q.price * 0.97, "down")
    path = sheet_with(tmp_path / "units.xlsx", [
        ("005930", "BUY", "3주", "LIMIT", f"{price:,}원", "KRX", "won after"),
        ("005930", "BUY", 3, "지정가", f"₩{price:,}", "KRX", "won sign"),
        ("005930", "BUY", 3, "LIMIT", f"￦ {price:,}", "KRX", "full-width won"),
        ("005930", "BUY", 3, "LIMIT", f"${price:,}", "KRX", "dollars on a KRX row"),
    ])
    outcome = submit(OpenpyxlSheet(path), str(path), client=client, dry_run=True)
    status = {r["row"]: (r["status"], r["message"]) for r in outcome.rows}
    assert [status[FIRST + i][0] for i in range(3)] == ["VALID"] * 3
    assert all(f"at {price:,}" in status[FIRST + i][1] for i in range(3))
    assert status[FIRST + 3][0] == "INVALID" and f"price is not a number: '${price:,}'" in status[FIRST + 3][1]


def plain_book(path, sheet: str, top: list[list], rows: list[tuple]):
    """A workbook typed from scratch: ``top`` rows (settings, header) then order rows; no template."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for line in top + [list(r) for r in rows]:
        ws.append(line)
    wb.save(path)
    return path


def test_a_sheet_without_a_send_cell_is_told_what_to_add(make_client, tmp_path):
    from kis_xl.errors import SendingDisabled

    path = plain_book(tmp_path / "bare.xlsx", "Orders", [["Code", "Side", "Quantity", "Type", "Price"]],
                      [("005930", "BUY", 1, "MARKET", None)])
    with pytest.raises(SendingDisabled) as refused:
        submit(OpenpyxlSheet(path), str(path), client=make_client())
    assert str(refused.value).startswith("this sheet has no 'Send orders' cell: add `Send orders | ON` (or "
                                         "`주문전송 | 켬`) above the header")
    path = plain_book(tmp_path / "off.xlsx", "Orders", [["Send orders", "OFF"], ["Code", "Side", "Quantity", "Type"]],
                      [("005930", "BUY", 1, "MARKET")])
    with pytest.raises(SendingDisabled, match="'Send orders' switch is OFF"):
        submit(OpenpyxlSheet(path), str(path), client=make_client())


def test_result_columns_added_to_a_korean_sheet_are_headed_in_korean(make_client, tmp_path):
    client = make_client()
    path = plain_book(tmp_path / "ko.xlsx", "주문", [["프로필", "sim"], ["주문전송", "켬"],
                                                     ["종목코드", "매매구분", "수량", "주문유형", "가격"]],
                      [("005930", "매수", 1, "시장가", None)])
    submit(OpenpyxlSheet(path), str(path), client=client)
    ws = openpyxl.load_workbook(path)["주문"]
    header = [c.value for c in ws[3]]
    assert header == ["종목코드", "매매구분", "수량", "주문유형", "가격", "종목명", "상태", "주문번호", "주문일자",
                      "예약번호", "주문시각", "체결수량", "평균체결가", "메시지", "전송시각", "주문ID"]
    assert ws.cell(4, 6).value == "삼성전자" and ws.cell(4, 7).value == "SENT" and ws.cell(4, 8).value
    submit(OpenpyxlSheet(path), str(path), client=client)  # the Korean result columns read back: nothing resent
    assert len(client.daily_orders().orders) == 1


def test_a_workbook_without_an_order_sheet_names_its_sheets(tmp_path):
    from kis_xl.errors import KisXlError

    path = plain_book(tmp_path / "other.xlsx", "매매", [["Code", "Side"]], [])
    with pytest.raises(KisXlError) as missing:
        OpenpyxlSheet(path)
    assert str(missing.value) == ("other.xlsx has no sheet named Orders (or 주문); its sheets: 매매. Rename the order "
                                  "sheet to Orders or 주문")


def test_a_market_orders_amount_says_what_it_is(make_client, tmp_path):
    client = make_client()
    client.buy("000660", 5)  # something to sell
    buy, sell = client.price("005930"), client.price("000660")
    path = sheet_with(tmp_path / "market.xlsx", [("005930", "BUY", 10, "MARKET", None, "KRX", ""),
                                                 ("000660", "SELL", 5, "MARKET", None, "KRX", "")])
    outcome = submit(OpenpyxlSheet(path), str(path), client=client, dry_run=True)
    message = {r["code"]: r["message"] for r in outcome.rows}
    assert message["005930"].endswith(f"~{10 * buy.upper_limit:,.0f} (upper-limit estimate: 10 × "
                                      f"{buy.upper_limit:,.0f})")
    sold_at = next(p for p in (sell.price, client.price("000660").price) if f"5 × {p:,.0f})" in message["000660"])
    assert message["000660"].endswith(f"~{5 * sold_at:,.0f} (estimate at the current price: 5 × {sold_at:,.0f})")


def test_cli_table_shows_codes_as_codes_in_sheet_order(sim_env, capsys, tmp_path):
    from kis_xl.cli.main import main

    path = sheet_with(tmp_path / "order.xlsx", [("005930", "BUY", 1, "MARKET"), ("12ab", "BUY", 1, "MARKET"),
                                                ("000660", "BUY", 1, "MARKET")])
    wb = openpyxl.load_workbook(path)
    wb["Orders"].cell(HEADER_ROW + 2, 1).value, wb["Orders"].cell(HEADER_ROW + 4, 1).value = 5930, 660  # Excel's
    wb.save(path)  # numbers: the zeros a code lost to Excel come back; a text code is what was typed
    main(["orders", "validate", str(path)])
    out = capsys.readouterr().out
    assert "5,930" not in out and out.index("005930") < out.index("12ab") < out.index("000660")


def test_a_stop_limit_row_goes_out_with_its_stop_price(make_client, tmp_path):
    client = make_client()
    q = client.price("005930")
    tick = krx.tick_size(q.price)
    row = {"code": "005930", "side": "BUY", "quantity": 2, "type": "스톱지정가", "price": q.price + 3 * tick,
           "stop_price": f"{q.price + 2 * tick:,.0f}원", "tag": "stop"}
    path = sheet_with(tmp_path / "stop.xlsx", [row, row | {"stop_price": None, "tag": "no stop"}])
    submit(OpenpyxlSheet(path), str(path), client=client)
    rows = {r["Tag"]: r for r in _results(path)}
    assert rows["stop"]["Status"] == "SENT" and rows["stop"]["Filled"] == 0  # waiting for its trigger
    assert rows["no stop"]["Status"] == "INVALID" and "needs a stop price" in rows["no stop"]["Message"]
    [order] = client.daily_orders().orders
    assert order.stop_price == q.price + 2 * tick and order.price == q.price + 3 * tick


def _results(path):
    ws = openpyxl.load_workbook(path)["Orders"]
    header = [english_header(c.value) for c in ws[HEADER_ROW + 1]]
    return [dict(zip(header, (c.value for c in line))) for line in ws.iter_rows(min_row=FIRST) if line[0].value]
