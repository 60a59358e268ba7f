"""kis-xl financials and dividends against the session simulator (issue 30)."""

import json

from tests.cli.test_cli import run
from tests.conftest import point_profile


def test_financials_kinds_and_formats(sim_env, capsys):
    code, out, _ = run(capsys, "financials", "005930", "--json")
    rows = json.loads(out)
    assert code == 0 and rows[0]["period"] == "2024.12" and rows[0]["debt_ratio"] > 0
    code, out, _ = run(capsys, "financials", "005930", "--kind", "income", "--period", "quarter", "--csv")
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].startswith("\ufeffperiod,revenue,cost_of_sales") and lines[1].startswith("2025.03,")
    code, out, _ = run(capsys, "financials", "005930", "--kind", "opinion", "--from", "2025-05-01", "--json")
    assert code == 0 and all("2025-05-01" <= r["date"] <= "2025-06-02" for r in json.loads(out))


def test_dividends(sim_env, capsys):
    code, out, _ = run(capsys, "dividends", "005930", "--json")
    rows = json.loads(out)
    assert code == 0 and rows[0]["record_date"] == "2024-12-31" and rows[0]["kind"] == "결산배당"
    code, out, _ = run(capsys, "dividends", "--from", "2024-06-01", "--to", "2024-06-30", "--kind", "interim", "--json")
    rows = json.loads(out)
    assert code == 0 and rows and {r["kind"] for r in rows} <= {"중간배당", "분기배당"}


def test_bad_input_is_one_line(sim_env, capsys):
    code, _, err = run(capsys, "financials", "005930", "--kind", "cashflow")
    assert code == 1 and "kind must be one of ratio, income" in err and "Traceback" not in err
    code, _, err = run(capsys, "financials", "995000")
    assert code == 1 and err.strip().splitlines()[-1] == "kis-xl: unknown code 995000"
    code, _, err = run(capsys, "dividends", "--from", "2025-06-01", "--to", "2025-01-01")
    assert code == 1 and "after end" in err


def test_mock_domain_is_refused(sim, monkeypatch, capsys):
    point_profile(monkeypatch, "mock", sim.mock_url)
    code, _, err = run(capsys, "financials", "005930")
    assert code == 1 and "not offered on the mock domain" in err and "Traceback" not in err


def test_korean_by_default(sim_env, korean, capsys):
    code, out, _ = run(capsys, "financials", "005930")
    assert code == 0 and "결산년월" in out and "부채비율" in out
    code, _, err = run(capsys, "financials", "005930", "--period", "month")
    assert code == 1 and "기간은 year(연간) 또는 quarter(분기)여야 합니다" in err
