"""What scripts and spreadsheets read: JSON with stable snake_case keys and numbers as numbers, CSV in UTF-8 with a BOM."""

import json
import re

import pytest
import xlsxwriter

from kis_xl.cli.main import main
from kis_xl.orders.template import add_orders_sheet

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def keys(value) -> set[str]:
    """Every key of a JSON document, nested ones included."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


@pytest.mark.parametrize("argv", [
    ["quote", "005930", "AAPL"], ["history", "005930", "--from", "2025-05-01"], ["orderbook", "005930"],
    ["balance"], ["cash"], ["orders"], ["fills"], ["config"], ["index"], ["info", "005930"], ["holidays"],
    ["sellable", "005930"], ["investors", "005930"], ["ticks", "005930"], ["members", "005930"], ["etf", "069500"],
    ["minutes", "005930"], ["rank"],
])
def test_json_keys_are_snake_case(sim_env, capsys, argv):
    assert main(["buy", "005930", "1"]) == 0  # a holding, an order and a fill to list
    capsys.readouterr()
    assert main([*argv, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document and not [k for k in keys(document) if not SNAKE.match(k)]


def test_cash_json_has_the_summary_fields_as_numbers(sim_env, capsys):
    assert main(["cash", "--json"]) == 0
    cash = json.loads(capsys.readouterr().out)
    assert {"deposit", "d1_cash", "d2_cash", "total_eval", "pnl_total", "net_assets"} <= set(cash)
    assert all(isinstance(v, (int, float)) for v in cash.values() if v is not None) and cash["deposit"] > 0
    assert main(["cash"]) == 0 and "D+2 cash" in capsys.readouterr().out  # the table keeps its friendly labels


def test_csv_is_utf8_with_a_bom(sim_env, capsys):
    assert main(["quote", "005930", "--csv"]) == 0
    raw = capsys.readouterr().out
    assert raw.startswith("\ufeffcode,name,") and "005930,삼성전자," in raw and raw.count("\ufeff") == 1
    assert main(["config", "--csv"]) == 0 and capsys.readouterr().out.startswith("\ufeffprofile,")


def test_order_sheet_json_shows_rows_as_meant(sim_env, capsys, tmp_path):
    path = tmp_path / "typed.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = add_orders_sheet(wb, macro_name=None, profile="sim", send=True)
    for r, row in enumerate([(5930, "BUY", "10", "LIMIT", "53,000"), ("000660", "BUY", 1, "LIMIT", "177,100원"),
                             ("AAPL", "BUY", 1, "LIMIT", "$150.25", "NAS"), ("12ab", "BUY", 1, "LIMIT", "cheap")], 8):
        ws.write_row(r, 0, row)
    wb.close()
    main(["orders", "validate", str(path), "--json"])
    rows = json.loads(capsys.readouterr().out)
    assert [(r["code"], r["quantity"], r["price"]) for r in rows] == [
        ("005930", 10, 53000), ("000660", 1, 177100), ("AAPL", 1, 150.25), ("12ab", 1, "cheap")]
