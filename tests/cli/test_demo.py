"""`kis-xl demo` runs the main job end to end against its own simulator, with no configuration."""

import json
import re

import pytest

from kis_xl.cli.main import main


@pytest.mark.heavy
def test_demo_runs_without_credentials(capsys, tmp_path, embedded_sim, monkeypatch):
    assert main(["demo", "--out", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    clock = re.search(r"market clock (\S+ \S+) KST", out).group(1)
    monkeypatch.setenv("KIS_XL_SIM_CLOCK", clock.replace(" ", "T") + ":00+09:00")
    assert main(["quote", "005930", "--json"]) == 0  # the sim profile at the demo's moment: the same market
    [quote] = json.loads(capsys.readouterr().out)
    assert re.search(rf"│ 005930 │ 삼성전자 +│ +{quote['price']:,.0f} │", out)
    assert "삼성전자" in out and "AAPL (NAS)" in out
    before, after = out.split("== Account after ==")
    assert "deposit 10,000,000" in before.split("== Account before ==")[1]
    assert "SK하이닉스" in after and "deposit 10,000,000" not in after
    name_line = next(line for line in out.splitlines() if line.startswith('=KIS_PRICE("005930","name")'))
    assert name_line.endswith("삼성전자") and "#KIS!" not in out
    assert len(list((tmp_path / "demo").glob("KIS_report_*_sim.xlsx"))) == 1
    sheet = out.split("== Order sheet")[1].split("== Daily account report")[0]
    assert sheet.count("SENT") == 4 and sheet.count("INVALID") == 1 and "not a stock code" in sheet
