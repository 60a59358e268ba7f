"""kis-xl events and kis-xl dividends --rank against the session simulator (issue 30)."""

import json

from tests.cli.test_cli import run
from tests.conftest import point_profile


def test_events_of_one_stock_and_of_a_kind(sim_env, capsys):
    code, out, _ = run(capsys, "events", "005930", "--json")
    rows = json.loads(out)
    assert code == 0 and {"dividend", "meeting"} <= {r["kind"] for r in rows}
    assert {r["code"] for r in rows} == {"005930"}
    assert rows == sorted(rows, key=lambda r: r["record_date"]) and rows[0]["record_date"] >= "2024-06-02"
    code, out, _ = run(capsys, "events", "--kind", "유상증자", "--from", "2024-01-01", "--to", "2025-06-02", "--csv")
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].startswith("\ufeffrecord_date,code,kind,detail") and len(lines) > 1
    assert all(",rights," in line for line in lines[1:])


def test_dividends_rank(sim_env, capsys):
    code, out, _ = run(capsys, "dividends", "--rank", "-n", "5", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["rank"] for r in rows] == [1, 2, 3, 4, 5] and rows[0]["rate_pct"] >= rows[-1]["rate_pct"]
    assert all("2024-06-02" <= r["record_date"] <= "2025-06-02" for r in rows)
    code, out, _ = run(capsys, "dividends", "005930", "--json")  # the schedule is unchanged
    assert code == 0 and json.loads(out)[0]["kind"] == "결산배당"


def test_bad_input_is_one_line(sim_env, capsys):
    code, _, err = run(capsys, "events", "--kind", "ipo")
    assert code == 1 and "event kind must be all or one of dividend" in err and "Traceback" not in err
    code, _, err = run(capsys, "events", "--from", "2025-06-01", "--to", "2025-01-01")
    assert code == 1 and "after end" in err
    code, _, err = run(capsys, "dividends", "--rank", "--market", "nasdaq")
    assert code == 1 and "market must be all" in err
    code, _, err = run(capsys, "dividends", "005930", "--rank")
    assert code == 1 and "--rank ranks every stock" in err


def test_mock_domain_is_refused(sim, monkeypatch, capsys):
    point_profile(monkeypatch, "mock", sim.mock_url)
    code, _, err = run(capsys, "events", "005930")
    assert code == 1 and "not offered on the mock domain" in err and "Traceback" not in err


def test_korean_by_default(sim_env, korean, capsys):
    code, out, _ = run(capsys, "events", "005930", "--kind", "meeting")
    assert code == 0 and "주주총회" in out and "기준일" in out
    code, _, err = run(capsys, "events", "--kind", "ipo")
    assert code == 1 and "권리 종류는" in err
