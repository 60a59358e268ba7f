"""Korean first on the command line: help, errors, the order rules' lines and table headers, as a user without
settings meets them (the `korean` fixture), and English on request."""

from __future__ import annotations

import ast
import dataclasses
import json
from datetime import datetime
from pathlib import Path

import pytest

from kis_xl import caps, models, rules
from kis_xl.cli.main import exit_codes, main
from kis_xl.i18n import ko
from kis_xl.models import OrderRequest, OrderType, Quote, Side
from kis_xl.sessions import KST

CLI = Path(__file__).resolve().parents[2] / "kis_xl" / "cli"
# The models the CLI prints whole (``asdict``): each field is a column or a row of a two-column table.
PRINTED_WHOLE = (models.StockInfo, models.MarketDay, models.Sellable, models.InvestorDay, models.Tick,
                 models.BrokerFlow, models.EtfQuote, models.MinuteBar, models.RankRow, models.PnlDay, models.PnlTrade,
                 models.Bar, models.IndexQuote, models.BalanceSummary)


def _err_line(capsys) -> str:
    """The last line on stderr (the built-in simulator's clock line comes first)."""
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_a_refused_order_is_one_korean_line(korean, sim_env, capsys):
    assert main(["buy", "005930", "1", "--price", "70001"]) == 1
    line = _err_line(capsys)
    assert "호가단위(100원)에 맞지 않습니다: 70,000 또는 70,100" in line and "Traceback" not in line
    assert "주문을 보내지 않았습니다" in line and "not sent" not in line
    assert main(["--lang", "en", "buy", "005930", "1", "--price", "70001"]) == 1
    assert "is off the tick grid (100 won): 70,000 or 70,100" in _err_line(capsys)


def test_help_is_korean_first_with_its_exit_codes(korean, capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert text.startswith("사용법: kis-xl") and "옵션 (options):" in text and "명령 (commands):" in text and "종료 코드" in text and "한국투자증권" in text
    for code, meaning in exit_codes().items():
        assert f"{code:>3}  {meaning}" in text
    assert "  1  KIS 오류 또는 입력 오류" in text
    with pytest.raises(SystemExit):
        main(["reservations", "--help"])
    assert "예약주문번호" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    english = capsys.readouterr().out
    assert english.startswith("usage: kis-xl") and "exit codes:" in english and "  0  done" in english


def test_a_mistyped_command_says_so_in_korean(korean, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["index", "--period", "X"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("사용법: kis-xl index")
    assert err.endswith("kis-xl index: 오류: --period: 'X'은(는) 고를 수 없는 값입니다 ('D', 'W', 'M' 중 하나)\n")
    with pytest.raises(SystemExit):
        main(["buy", "005930"])
    assert capsys.readouterr().err.endswith("kis-xl buy: 오류: 다음 인자가 필요합니다: quantity\n")
    with pytest.raises(SystemExit):
        main(["--lang", "en", "buy", "005930"])
    assert capsys.readouterr().err.endswith("kis-xl buy: error: the following arguments are required: quantity\n")


def test_a_table_has_korean_headers_and_json_keeps_its_keys(korean, sim_env, capsys):
    assert main(["index", "KOSPI"]) == 0
    table = capsys.readouterr().out
    assert all(header in table for header in ("종목코드", "종목명", "지수", "등락률(%)", "거래대금"))
    assert "change_pct" not in table
    assert main(["index", "KOSPI", "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)[0]) >= {"code", "level", "change_pct"}
    assert main(["info", "005930"]) == 0
    record = capsys.readouterr().out
    assert "항목" in record and "값" in record and "상장주식수" in record


def test_an_unexpected_error_is_one_korean_line(korean, monkeypatch, capsys):
    from kis_xl.cli import sessions as area

    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(area, "holidays", broken)
    assert main(["holidays"]) == 1
    assert capsys.readouterr().err == ("kis-xl: 예상하지 못한 오류 RuntimeError: boom (kis-xl의 버그입니다. "
                                       "KIS_XL_DEBUG=1로 실행하면 위치가 나옵니다)\n")


def test_a_closed_session_says_in_korean_what_is_open_instead(korean):
    evening = datetime(2025, 6, 2, 17, 30, tzinfo=KST)  # a Monday; the 3rd was election day (휴장)
    request = OrderRequest("005930", Side.BUY, 10, 70000.0, OrderType.LIMIT)
    [problem] = rules.request_problems(request, at=evening)
    assert problem.startswith("KRX은(는) 2025-06-04 09:00 KST(KRX 정규장)까지 LIMIT 주문을 받지 않습니다; 지금 열린 곳: ")
    assert "NXT 애프터마켓 20:00 KST까지 (거래소를 NXT 또는 SOR로)" in problem
    assert "국내 예약주문 23:40 KST까지 (예약주문으로 넣으세요)" in problem


def test_a_cap_speaks_korean(korean):
    request = OrderRequest("005930", Side.BUY, 10, None, OrderType.MARKET)
    quote = Quote("005930", 70000.0, 0.0, 0.0, 70000.0, 70000.0, 70000.0, 70000.0, 0, 0.0, upper_limit=91000.0)
    estimate = caps.estimate(request, quote)
    assert estimate.text() == "~910,000 (상한가 기준 추정: 10 × 91,000)"
    assert caps.order_problems(estimate, caps.Caps(order=500_000)) == [
        "주문금액 910,000원이 1회 주문 한도 500,000원을 넘습니다 (max_order_amount)"]


def _printed_columns() -> set[str]:
    """Every column key a CLI module prints: its ``…COLUMNS`` lists, the lists handed to ``emit``, and the fields
    of the models it prints whole."""
    keys = {"field"}
    for path in CLI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            lists = []
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith("COLUMNS")
                                                    for t in node.targets):
                lists.append(node.value)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "emit" and len(node.args) > 1:
                lists.append(node.args[1])
            keys |= {e.value for value in lists if isinstance(value, ast.List)
                     for e in value.elts if isinstance(e, ast.Constant)}
    return keys | {f.name for model in PRINTED_WHOLE for f in dataclasses.fields(model)}


def test_every_column_the_cli_prints_has_a_korean_header():
    assert {"code", "change_pct", "orderable_qty", "level", "sellable_qty"} <= _printed_columns()
    assert sorted(k for k in _printed_columns() if k not in ko.LABELS) == []


def test_fixed_words_in_tables_are_korean_and_json_keeps_them(korean, sim_env, capsys):
    """A Korean reader's orders table says 매수/지정가/미체결 and heads the order's price 주문가격, not 현재가."""
    assert main(["buy", "005930", "1", "--price", "70000"]) == 0
    capsys.readouterr()
    assert main(["orders"]) == 0
    table = capsys.readouterr().out
    assert "매수" in table and "지정가" in table and "주문가격" in table and "BUY" not in table
    assert main(["orders", "--json"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert (data["side"], data["order_type"], data["status"]) == ("BUY", "LIMIT", "OPEN")
