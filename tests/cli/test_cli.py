"""Every CLI command against the session simulator, through kis_xl.cli.main as a user runs it."""

import json
import os
import subprocess
import sys

import pytest

from kis_xl.cli.main import main
from tests.conftest import point_profile


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse refuses bad arguments with exit code 2
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_quote_table_and_json(sim_env, capsys):
    code, out, _ = run(capsys, "quote", "005930", "A005930", "000660", "AAPL")
    assert code == 0 and "삼성전자" in out and "SK하이닉스" in out and "AAPL" in out
    code, out, _ = run(capsys, "quote", "005930", "NYS:KO", "--json")
    rows = json.loads(out)
    assert [r["code"] for r in rows] == ["005930", "KO"] and rows[1]["currency"] == "USD"


def test_mock_quotes_show_stock_names(sim, monkeypatch, capsys):
    point_profile(monkeypatch, "mock", sim.mock_url)
    code, out, _ = run(capsys, "quote", "005930", "000660", "--json")
    assert code == 0 and [r["name"] for r in json.loads(out)] == ["삼성전자", "SK하이닉스"]


def test_quote_unknown_code_is_a_clear_error(sim_env, capsys):
    code, out, err = run(capsys, "quote", "005930", "995000")
    assert code == 1 and "unknown code(s): 995000" in err and "Traceback" not in err
    code, _, err = run(capsys, "quote", "abc!!")
    assert code == 1 and "not a stock code" in err


def test_history_csv_and_orderbook(sim_env, capsys):
    code, out, _ = run(capsys, "history", "005930", "--from", "2025-01-01", "--to", "2025-03-31", "--csv")
    lines = out.strip().splitlines()
    assert code == 0 and lines[0] == "\ufeffdate,open,high,low,close,volume,value" and len(lines) > 55
    assert lines[1].startswith("2025-01-02")
    code, out, _ = run(capsys, "orderbook", "005930", "--json")
    book = json.loads(out)
    assert len(book) == 20 and {r["side"] for r in book} == {"ask", "bid"}


def test_config_masks_secrets_and_init(sim_env, capsys):
    code, out, _ = run(capsys, "config", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["profile"] == "sim"
    assert os.environ["KIS_XL_APP_KEY"] not in out and os.environ["KIS_XL_APP_SECRET"] not in out
    assert shown["app_key"].startswith("PS…(36 chars)") and "****" in shown["account"]
    assert run(capsys, "init")[0] == 0
    code, _, err = run(capsys, "init")
    assert code == 1 and "--force" in err


def test_account_commands(sim_env, capsys):
    code, out, _ = run(capsys, "cash", "--json")
    assert code == 0 and json.loads(out)["deposit"] == 10_000_000
    assert run(capsys, "buy", "005930", "10")[0] == 0
    code, out, _ = run(capsys, "sell", "005930", "4")
    assert code == 0 and "accepted" in out
    code, out, _ = run(capsys, "balance", "--json")
    assert [(h["code"], h["quantity"]) for h in json.loads(out)] == [("005930", 6)]
    code, out, _ = run(capsys, "buy", "000660", "1", "--price", "150000")
    order_no = out.split("order ")[1].split()[0]
    assert run(capsys, "modify", order_no, "--price", "151000")[0] == 0
    code, out, _ = run(capsys, "orders", "--json")
    new_no = next(o["order_no"] for o in json.loads(out) if o["orig_order_no"] == order_no)
    assert run(capsys, "cancel", new_no)[0] == 0
    code, out, _ = run(capsys, "orders", "--json")
    statuses = {o["order_no"]: o["status"] for o in json.loads(out)}
    assert statuses[new_no] == "CANCELLED" and list(statuses.values()).count("FILLED") == 2
    code, out, _ = run(capsys, "fills", "--json")
    assert sorted(o["side"] for o in json.loads(out)) == ["BUY", "SELL"]


def test_rejections_are_one_line_messages(sim_env, capsys):
    code, _, err = run(capsys, "buy", "005930", "1", "--price", "70150")
    assert code == 1 and err.strip() == "kis-xl: order not sent: price 70,150 is off the tick grid (100 won): " \
                                        "70,100 or 70,200"
    code, _, err = run(capsys, "sell", "000660", "5")
    assert code == 1 and "APBK0400" in err


@pytest.mark.parametrize(("argv", "words"), [
    (("buy", "005930", "1", "--type", "LIMIT"), "a LIMIT order needs a price: give one, or make it a MARKET order"),
    (("buy", "005930", "1", "--type", "MARKET", "--price", "70000"), "a MARKET order takes no price"),
    (("sell", "005930", "1", "--price", "-70000"), "price must be positive"),
    (("buy", "005930", "1", "--type", "SIDEWAYS"), "unknown order type 'SIDEWAYS'"),
])
def test_the_order_type_is_honoured_or_nothing_is_sent(sim_env, capsys, argv, words):
    code, _, err = run(capsys, *argv)
    assert code != 0 and words in err and "Traceback" not in err
    code, out, _ = run(capsys, "orders", "--json")
    assert json.loads(out) == []


def test_orders_show_types_by_name(sim_env, capsys):
    assert run(capsys, "buy", "005930", "1", "--type", "지정가", "--price", "70000")[0] == 0
    assert run(capsys, "buy", "005930", "1")[0] == 0
    code, out, _ = run(capsys, "orders", "--json")
    assert sorted(o["order_type"] for o in json.loads(out)) == ["LIMIT", "MARKET"]
    code, out, _ = run(capsys, "orders", "--csv")
    assert ",00," not in out and ",01," not in out and "LIMIT" in out


@pytest.fixture
def real_env(sim, monkeypatch):
    """The real profile (live money) pointed at the simulator, as a user's real setup would be."""
    point_profile(monkeypatch, "real", sim.real_url, "51000001-01")


def test_real_orders_need_confirmation(real_env, capsys):
    code, _, err = run(capsys, "buy", "005930", "1")
    assert code == 3 and "REAL ACCOUNT" in err and "--yes" in err
    code, out, _ = run(capsys, "orders", "--json")
    assert json.loads(out) == []  # nothing was sent
    code, out, err = run(capsys, "buy", "005930", "1", "--yes")
    assert code == 0 and "5100****-01" in err and "accepted" in out


def test_console_script_runs(sim_env):
    result = subprocess.run([os.path.join(os.path.dirname(sys.executable), "kis-xl"), "quote", "035420", "--csv"],
                            capture_output=True, text=True, timeout=60, env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert "NAVER" in result.stdout
