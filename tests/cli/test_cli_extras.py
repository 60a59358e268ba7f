"""Issue 15's CLI commands against the session simulator."""

import json

from tests.cli.test_cli import run
from tests.conftest import point_profile


def test_index_now_and_history(sim_env, capsys):
    code, out, _ = run(capsys, "index", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["name"] for r in rows] == ["KOSPI", "KOSDAQ", "KOSPI200"]
    assert all(r["level"] > 100 for r in rows)
    code, out, _ = run(capsys, "index", "KOSDAQ", "--from", "2025-05-01", "--to", "2025-05-30", "--csv")
    lines = out.strip().splitlines()
    assert code == 0 and lines[0] == "\ufeffdate,open,high,low,close,volume,value" and lines[-1].startswith("2025-05-30")


def test_index_errors_are_one_line(sim, monkeypatch, capsys):
    point_profile(monkeypatch, "mock", sim.mock_url)
    code, _, err = run(capsys, "index", "KOSPI")
    assert code == 1 and "use a real-domain key for market data" in err and "Traceback" not in err


def test_info_holidays_sellable(sim_env, capsys):
    code, out, _ = run(capsys, "info", "005930", "--json")
    record = json.loads(out)
    assert code == 0 and record["name"] == "삼성전자" and record["sector"] == "전기전자" and record["product_class"]
    code, out, _ = run(capsys, "holidays", "--from", "2025-06-01", "--to", "2025-06-07", "--csv")
    lines = out.strip().splitlines()
    assert code == 0 and lines[3].startswith("2025-06-03,Tue,False") and lines[2].startswith("2025-06-02,Mon,True")
    code, out, _ = run(capsys, "sellable", "005930", "--json")
    assert code == 0 and json.loads(out)[0]["sellable_qty"] == 0
    code, _, err = run(capsys, "info", "995000")
    assert code == 1 and "unknown code 995000" in err


def test_flows_minutes_rank(sim_env, capsys):
    code, out, _ = run(capsys, "investors", "005930", "--json")
    assert code == 0 and json.loads(out)[0]["date"] == "2025-06-02"
    code, out, _ = run(capsys, "etf", "069500", "--json")
    assert code == 0 and json.loads(out)["nav"] > 0
    code, out, _ = run(capsys, "minutes", "005930", "--date", "2025-05-30", "--csv")
    assert code == 0 and len(out.strip().splitlines()) == 391
    code, out, _ = run(capsys, "rank", "market_cap", "-n", "3", "--json")
    assert code == 0 and [r["code"] for r in json.loads(out)][0] == "005930"
    code, _, err = run(capsys, "rank", "momentum")
    assert code == 1 and "ranking must be" in err


def test_pnl(sim_env, capsys):
    run(capsys, "buy", "005930", "2", "--yes")
    run(capsys, "sell", "005930", "2", "--yes")
    code, out, _ = run(capsys, "pnl", "--from", "2025-06-01", "--to", "2025-06-02", "--json")
    rows = json.loads(out)
    assert code == 0 and rows[0]["code"] == "005930" and rows[0]["sell_qty"] == 2 and rows[-1]["date"] == "total"
    code, _, err = run(capsys, "pnl", "--from", "2025-06-03", "--to", "2025-06-01")
    assert code == 1 and "after end" in err
