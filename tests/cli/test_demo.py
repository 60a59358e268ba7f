"""`kis-xl demo` runs the main job end to end against its own simulator, with no configuration."""

from kis_xl.cli.main import main


def test_demo_runs_without_credentials(capsys, tmp_path):
    assert main(["demo", "--out", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    assert "삼성전자" in out and "AAPL (NAS)" in out
    before, after = out.split("== Account after ==")
    assert "deposit 10,000,000" in before.split("== Account before ==")[1]
    assert "SK하이닉스" in after and "deposit 10,000,000" not in after
    name_line = next(line for line in out.splitlines() if line.startswith('=KIS_PRICE("005930","name")'))
    assert name_line.endswith("삼성전자") and "#KIS!" not in out
    assert len(list((tmp_path / "demo").glob("KIS_report_*_sim.xlsx"))) == 1
    sheet = out.split("== Order sheet")[1].split("== Daily account report")[0]
    assert sheet.count("SENT") == 4 and sheet.count("INVALID") == 1 and "not a stock code" in sheet
