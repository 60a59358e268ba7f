"""삼성전자, not 005930: the CLI names the stock wherever money moves, and a code is what was typed."""

import json

import pytest

from tests.cli.test_cli import run
from tests.conftest import point_profile


def _orders(capsys) -> list[dict]:
    code, out, _ = run(capsys, "orders", "--json")
    assert code == 0
    return json.loads(out)


def test_a_typo_is_refused_never_padded_into_another_stock(sim_env, capsys):
    code, _, err = run(capsys, "buy", "00593", "1")
    assert code == 1 and "00593: a stock code has six digits (005930), not 5" in err and "Traceback" not in err
    code, _, err = run(capsys, "buy", "000593", "1")
    assert code == 1 and err.count("\n") == 1
    assert "000593: no such stock code in KIS's stock master. Did you mean: 005930 삼성전자" in err
    assert _orders(capsys) == []  # nothing was sent


def test_a_name_buys_its_stock_and_the_acknowledgement_names_it(sim_env, capsys, korean):
    code, out, err = run(capsys, "buy", "삼성전자", "2", "--price", "70,000원")
    assert code == 0, err
    assert out.startswith("매수 005930 삼성전자 × 2: 주문 ") and "접수" in out
    [order] = _orders(capsys)
    assert (order["code"], order["name"], order["price"]) == ("005930", "삼성전자", 70_000)


def test_a_name_that_is_not_in_the_master_lists_candidates(sim_env, capsys):
    code, _, err = run(capsys, "sell", "삼성", "1")
    assert code == 1 and "삼성: not a stock code, nor a stock name" in err
    assert "Did you mean: 005930 삼성전자" in err and "삼성바이오로직스" in err
    assert _orders(capsys) == []


@pytest.mark.parametrize("typed", ["70,000", "70000", "70,000원", "₩70,000"])
def test_a_price_is_taken_as_the_sheet_takes_it(sim_env, capsys, typed):
    code, out, err = run(capsys, "buy", "005930", "1", "--price", typed)
    assert code == 0 and "BUY 005930 삼성전자 × 1: order" in out, err
    assert _orders(capsys)[0]["price"] == 70_000


def test_a_price_that_is_not_one_is_a_usage_error(sim_env, capsys):
    code, _, err = run(capsys, "buy", "005930", "1", "--price", "seventy")
    assert code == 2 and "not a price: 'seventy'" in err


def test_the_real_account_confirmation_names_the_stock(sim, monkeypatch, capsys):
    point_profile(monkeypatch, "real", sim.real_url, "51000009-01")
    code, _, err = run(capsys, "buy", "삼성전자", "1")
    assert code == 3 and "REAL ACCOUNT" in err and "BUY 005930 삼성전자 × 1 at market on KRX" in err
    code, _, err = run(capsys, "buy", "000660", "1", "--yes")
    assert code == 0 and "BUY 000660 SK하이닉스 × 1" in err


def test_the_orders_footer_shows_buys_and_sells_apart(sim_env, capsys):
    assert run(capsys, "buy", "005930", "10")[0] == 0
    assert run(capsys, "sell", "005930", "4")[0] == 0
    code, out, _ = run(capsys, "orders")
    assert code == 0 and "bought 10 shares for " in out and "sold 4 shares for " in out
    assert "filled 14 shares" not in out and "삼성전자" in out
    code, out, _ = run(capsys, "fills", "--json")
    assert {(f["side"], f["name"]) for f in json.loads(out)} == {("BUY", "삼성전자"), ("SELL", "삼성전자")}


def test_modify_and_cancel_name_the_order_s_stock(sim_env, capsys):
    code, out, _ = run(capsys, "buy", "000660", "1", "--price", "150000")
    number = out.split("order ")[1].split()[0]
    code, out, err = run(capsys, "cancel", number)
    assert code == 0 and f"order {number} 000660 SK하이닉스 cancelled" in out, err


def test_quotes_take_names_and_us_quotes_carry_theirs(sim_env, capsys):
    code, out, err = run(capsys, "quote", "삼성전자", "NAVER", "AAPL", "--json")
    assert code == 0, err
    rows = {r["code"]: r for r in json.loads(out)}
    assert rows["005930"]["name"] == "삼성전자" and rows["035420"]["name"] == "NAVER"
    assert rows["AAPL"]["name"] == "Apple" and rows["AAPL"]["venue"] == "NAS" and rows["AAPL"]["market"] == "NAS"
    code, out, _ = run(capsys, "orderbook", "SK하이닉스")
    assert code == 0 and "000660 SK하이닉스" in out
    code, out, _ = run(capsys, "history", "삼성전자", "--from", "2025-05-01", "--to", "2025-05-09", "--json")
    by_code = run(capsys, "history", "005930", "--from", "2025-05-01", "--to", "2025-05-09", "--json")[1]
    assert code == 0 and json.loads(out) == json.loads(by_code) != []


def test_without_the_master_codes_still_work_and_names_say_why(sim_env, monkeypatch, capsys):
    monkeypatch.setenv("KIS_XL_MASTER_URL", "http://127.0.0.1:9")  # nothing listens: the master cannot be had
    code, out, err = run(capsys, "buy", "005930", "1")
    assert code == 0 and "BUY 005930 삼성전자 × 1" in out, err  # the name asked of KIS for this one code
    code, _, err = run(capsys, "buy", "삼성전자", "1")
    assert code == 1 and "a name needs KIS's stock master, which cannot be read now" in err
    assert "could not be downloaded from http://127.0.0.1:9/common/master/" in err


def test_stock_details_take_names(sim_env, capsys):
    code, out, err = run(capsys, "info", "삼성전자", "--json")
    assert code == 0 and json.loads(out)["code"] == "005930", err
    code, _, err = run(capsys, "info", "삼성")
    assert code == 1 and "005930 삼성전자" in err
