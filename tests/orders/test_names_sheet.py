"""The order sheet names every stock: a Name (종목명) column validation fills, names typed as codes, messages and
the confirmation that name each order; a code KIS's stock master lacks is refused before anything is sent."""

import openpyxl
import pytest

from kis_xl.errors import KisXlError
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.rows import COLUMN_ORDER, HEADERS
from kis_xl.orders.service import submit
from kis_xl.orders.template import HEADER_ROW, english_header
from tests.orders.test_order_sheet import FIRST, make_sheet


def _rows(path) -> list[dict]:
    ws = openpyxl.load_workbook(path)["Orders"]
    header = [english_header(c.value) for c in ws[HEADER_ROW + 1]]
    return [dict(zip(header, [c.value for c in ws[r]])) for r in range(FIRST, ws.max_row + 1)]


def test_the_name_column_is_the_first_kis_xl_fills():
    assert COLUMN_ORDER.index("name") == COLUMN_ORDER.index("status") - 1 and HEADERS["name"] == "Name"


def test_validation_fills_names_resolves_typed_names_and_refuses_unknown_codes(make_client, tmp_path):
    path = make_sheet(tmp_path / "o.xlsx", [
        ("005930", "BUY", 1, "MARKET", None, "KRX", "by code"),
        ("SK하이닉스", "BUY", 1, "MARKET", None, "KRX", "by name"),
        ("000593", "BUY", 1, "MARKET", None, "KRX", "a typo"),
        ("삼성", "BUY", 1, "MARKET", None, "KRX", "half a name"),
        ("AAPL", "BUY", 1, "LIMIT", 1, "NAS", "us"),
    ], send=False)
    client = make_client()
    submit(OpenpyxlSheet(path), str(path), client=client, dry_run=True)
    by_tag = {r["Tag"]: r for r in _rows(path)}
    assert (by_tag["by code"]["Name"], by_tag["by code"]["Status"]) == ("삼성전자", "VALID")
    assert "BUY 1 005930 삼성전자 at market" in by_tag["by code"]["Message"]
    assert (by_tag["by name"]["Code"], by_tag["by name"]["Name"], by_tag["by name"]["Status"]) == \
        ("000660", "SK하이닉스", "VALID")  # the code the name stands for is written back, the name kept beside it
    typo = by_tag["a typo"]
    assert typo["Status"] == "INVALID" and typo["Name"] is None
    assert typo["Message"].startswith("000593: no such stock code in KIS's stock master. Did you mean: 005930 삼성전자")
    assert by_tag["half a name"]["Status"] == "INVALID" and "005930 삼성전자" in by_tag["half a name"]["Message"]
    assert by_tag["us"]["Name"] == "Apple"
    assert client.daily_orders().orders == []


def test_the_real_account_confirmation_names_each_order(make_client, tmp_path):
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "MARKET", None, "KRX", "a"),
                                            ("035420", "BUY", 1, "MARKET", None, "KRX", "b")], profile="real")
    client = make_client(simulator=False)  # a real-domain profile: live money, confirmation needed
    shown = []

    def decline(lines):
        shown.extend(lines)
        raise KisXlError("not confirmed; nothing was sent")  # the user's No

    with pytest.raises(KisXlError, match="not confirmed"):
        submit(OpenpyxlSheet(path), str(path), client=client, confirm=decline)
    assert any(line.startswith("2 orders, about ") and line.endswith("won in total: 삼성전자, NAVER") for line in shown)
    assert any("BUY 1 005930 삼성전자 at market" in line for line in shown)
    assert any("BUY 1 035420 NAVER at market" in line for line in shown)
    assert client.daily_orders().orders == []


def test_sent_rows_carry_their_names(make_client, tmp_path):
    path = make_sheet(tmp_path / "o.xlsx", [("삼성전자", "매수", 1, "시장가", None, "KRX", "")])
    submit(OpenpyxlSheet(path), str(path), client=make_client())
    [row] = _rows(path)
    assert (row["Code"], row["Name"], row["Status"]) in {("005930", "삼성전자", "SENT"), ("005930", "삼성전자", "FILLED")}
