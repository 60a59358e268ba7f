"""The report speaks Korean by default and English on request: sheets, headers, titles and notes; an earlier
report is read back in either language."""

from __future__ import annotations

from datetime import datetime, time

import openpyxl

from kis_xl import i18n, krx
from kis_xl.cli.main import main


def _texts(path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_korean_by_default_english_with_the_language_setting(korean, sim_env, tmp_path, capsys):
    from kis_xl.client import KisClient
    from kis_xl.config import load_profile

    client = KisClient(load_profile())
    try:
        client.buy("005930", 3)
        client.sell("005930", 1)
    finally:
        client.close()
    assert main(["report", "--out", str(tmp_path / "ko")]) == 0
    assert "보고서 작성 완료" in capsys.readouterr().out
    path = next((tmp_path / "ko").glob("KIS_report_*.xlsx"))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["요약", "보유종목", "주문내역", "예약주문", "실현손익", "차트"]
    assert [c.value for c in wb["보유종목"][1]][:3] == ["종목코드", "종목명", "수량"]
    orders = wb["주문내역"]
    assert [c.value for c in orders[1]][3:6] == ["종목코드", "종목명", "매수/매도"]
    assert {(r[3], r[4], r[5]) for r in orders.iter_rows(min_row=2, values_only=True) if r[2]} == {
        ("005930", "삼성전자", "매수"), ("005930", "삼성전자", "매도")}
    summary = {r[0]: r[1] for r in wb["요약"].iter_rows(values_only=True) if r and r[0]}
    assert str(next(iter(summary))).startswith("KIS 계좌 보고서")
    assert isinstance(summary["당일 손익 (제비용 차감 후)"], (int, float))
    assert "예상 제비용 (KIS 추정제비용합계)" in summary and "총평가금액" in summary
    texts = _texts(path)
    assert not any("prsm_tlex_smtl" in s for s in texts)
    assert any(s.startswith("당일 손익: ") for s in texts)  # the note that says how the day's P&L is counted

    assert main(["--lang", "en", "report", "--out", str(tmp_path / "en")]) == 0
    path = next((tmp_path / "en").glob("KIS_report_*.xlsx"))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Holdings", "Orders", "Reservations", "Realised P&L", "Charts"]
    assert [c.value for c in wb["Holdings"][1]][:3] == ["Code", "Name", "Quantity"]
    texts = _texts(path)
    assert "Estimated fees and tax (KIS)" in texts and not any("prsm_tlex_smtl" in s for s in texts)
    assert not any("당일" in s or "합계" == s for s in texts)


def test_an_earlier_korean_report_is_compared_in_english(korean, make_client, tmp_path):
    from kis_xl.report import gather, run, write_report
    from kis_xl.report.build import report_name

    client = make_client()
    client.buy("005930", 2)
    yesterday = krx.previous_trading_day(client.now().date())
    earlier = gather(client, yesterday)
    earlier.as_of = datetime.combine(yesterday, time(15, 40), tzinfo=krx.KST)
    write_report(earlier, tmp_path / report_name(yesterday, client.profile.name))  # Korean, the default
    i18n.set_language("en")
    rows = list(openpyxl.load_workbook(run(client=client, out_dir=tmp_path))["Summary"].iter_rows(values_only=True))
    assert next(r for r in rows if r[0] == "Item")[2] == f"Previous ({yesterday:%Y-%m-%d})"
    total = next(r for r in rows if r[0] == "Total evaluation")
    assert total[2] == earlier.balance.summary.total_eval


def test_a_row_kis_lists_without_a_name_takes_the_stock_masters(make_client, tmp_path, monkeypatch):
    from dataclasses import replace

    from kis_xl.report import run

    client = make_client()
    client.buy("000660", 1)
    listed = client.daily_orders
    monkeypatch.setattr(client, "daily_orders", lambda *a, **kw: replace(
        listed(*a, **kw), orders=[replace(o, name="") for o in listed(*a, **kw).orders]))
    wb = openpyxl.load_workbook(run(client=client, out_dir=tmp_path))
    rows = [r for r in wb["Orders"].iter_rows(min_row=2, values_only=True) if r[2]]
    assert [(r[3], r[4]) for r in rows] == [("000660", "SK하이닉스")]


def test_the_report_lists_the_days_reservations_and_what_became_of_them(tmp_path):
    """Issue 28, defect 9: the daily report had no reservations section."""
    import openpyxl

    from kis_xl.client import KisClient
    from kis_xl.config import Profile
    from kis_xl.models import OrderRequest, Side
    from kis_xl.report import data as report_data
    from kis_xl.report.build import write_report
    from kis_xl.sim.server import SimServer
    from tests.conftest import new_account, new_app_key, new_app_secret

    with SimServer(seed=5, clock="2025-06-02T20:00:00+09:00") as server:
        client = KisClient(Profile("t", "real", server.real_url, None, new_app_key(), new_app_secret(), new_account(),
                                   simulator=True), timeout=30)
        taken = client.reserve(OrderRequest("005930", Side.BUY, 3, 60_000.0))
        path = write_report(report_data.gather(client, taken.id.day), tmp_path / "r.xlsx")
        client.close()
    ws = openpyxl.load_workbook(path)["Reservations"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][:2] == ["Placed", "Reservation no"]
    [row] = rows[1:]
    assert (row[1], row[3], row[6], row[9]) == (taken.id.number, "005930", 3, "Waiting") and row[4] == "삼성전자"
