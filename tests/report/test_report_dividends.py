"""The daily report's upcoming dividends (다가오는 배당) for the holdings, from KSD's schedule (issue 30)."""

from datetime import date, timedelta

import openpyxl

from kis_xl.report import run


def _section(path) -> list[list]:
    ws = openpyxl.load_workbook(path)["Summary"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if str(r[0] or "").startswith("Upcoming dividends"))
    return rows[start:]


def test_holdings_with_a_coming_record_date_are_listed(make_client, tmp_path):
    client = make_client()
    today = client.now().date()
    coming = client.dividends(today, today + timedelta(days=60))
    payer = coming[0]
    client.buy(payer.code, 3)
    client.buy("005930", 1)  # pays only at the year's end: not in these 60 days
    section = _section(run(client=client, out_dir=tmp_path))
    assert section[0][0] == "Upcoming dividends (next 60 days)" and section[1][:2] == ["Record date", "Code"]
    listed = [r for r in section[2:] if r[0]]
    assert [r[1] for r in listed] == [payer.code] * len([d for d in coming if d.code == payer.code])
    first = listed[0]
    assert first[0].date() == payer.record_date and first[5] == 3 and first[6] == 3 * payer.cash_per_share
    assert payer.record_date >= date(2025, 6, 2)


def test_mock_report_says_there_is_no_schedule(make_client, tmp_path):
    client = make_client("mock")
    client.buy("005930", 1)
    section = _section(run(client=client, out_dir=tmp_path))
    assert section[1][0] == "KIS gives KSD's dividend schedule on the real domain only: none shown"
