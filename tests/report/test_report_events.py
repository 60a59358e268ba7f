"""The daily report's upcoming events (다가오는 권리일정) of the holdings, from KSD's schedules (issue 30)."""

from datetime import date, timedelta

import openpyxl

from kis_xl.report import run


def _section(path) -> list[list]:
    ws = openpyxl.load_workbook(path)["Summary"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if str(r[0] or "").startswith("Upcoming events"))
    return rows[start:]


def test_holdings_with_a_coming_dividend_are_listed(make_client, tmp_path):
    client = make_client()
    today = client.now().date()
    coming = client.dividends(today, today + timedelta(days=60))
    payer = next(d for d in coming if not client.events(today, today + timedelta(days=60), d.code, "bonus"))
    client.buy(payer.code, 3)
    section = _section(run(client=client, out_dir=tmp_path))
    assert section[0][0] == "Upcoming events (next 60 days)" and section[1][:5] == [
        "Record date", "Code", "Name", "Event", "Details"]
    listed = [r for r in section[2:] if r[0]]
    first = next(r for r in listed if r[3] == "dividend")
    assert first[0].date() == payer.record_date and first[5] == 3 and first[6] == 3 * payer.cash_per_share
    assert first[7].date() == payer.pay_date and first[8] == "Pay date"
    assert payer.record_date >= date(2025, 6, 2)


def test_every_kind_of_event_is_a_row(make_client, tmp_path):
    client = make_client()
    today = client.now().date()
    coming = client.events(today, today + timedelta(days=60))
    picked = {}
    for e in coming:
        if e.kind != "dividend":
            picked.setdefault(e.kind, e)
    assert len(picked) >= 3  # the synthetic schedules have several kinds in any 60 days
    for e in picked.values():
        client.buy(e.code, 1)
    held = {e.code for e in picked.values()}
    section = _section(run(client=client, out_dir=tmp_path))
    listed = [r for r in section[2:] if r[0]]
    expected = sorted(((e.record_date, e.code, e.kind) for e in coming if e.code in held))
    assert sorted((r[0].date(), r[1], r[3]) for r in listed) == expected
    meeting = next(r for r in listed if r[3] == "meeting")
    assert meeting[8] == "Meeting date" and meeting[7].date() > meeting[0].date()
    rights = next(r for r in listed if r[3] == "rights")
    assert rights[8] == "Subscription from" and "new shares a share at" in rights[4]
    bonus = next(r for r in listed if r[3] == "bonus")
    assert bonus[8] == "Listing date" and bonus[6] is None


def test_mock_report_says_there_is_no_schedule(make_client, tmp_path):
    client = make_client("mock")
    client.buy("005930", 1)
    section = _section(run(client=client, out_dir=tmp_path))
    assert section[1][0] == "KIS gives KSD's schedules on the real domain only: none shown"
