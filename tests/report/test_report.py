"""The daily report after a scripted trading day, read back with openpyxl."""

import zipfile
from datetime import date

import openpyxl
import pytest

from kis_xl import krx
from kis_xl.cli.main import main
from kis_xl.errors import KisXlError
from kis_xl.report import run


@pytest.fixture
def traded(make_client):
    client = make_client()
    client.buy("005930", 20)
    client.buy("000660", 5)
    client.buy("035420", 7)
    client.sell("005930", 8)
    low = client.price("005380").lower_limit
    client.buy("005380", 2, low)  # rests all day
    return client


def test_report_after_a_trading_day(traded, tmp_path):
    before = traded.balance()  # the session clock runs on: the report's minute is this one or the next
    path = run(client=traded, out_dir=tmp_path)
    assert path.name == f"KIS_report_{traded.now():%Y-%m-%d}_{traded.profile.name}.xlsx"
    balance = traded.balance()
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Holdings", "Orders", "Reservations", "Realised P&L", "Charts"]

    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Total evaluation"] in (before.summary.total_eval, balance.summary.total_eval)
    assert summary["Deposit"] == balance.summary.deposit
    assert summary["Stocks held"] == 3 and summary["Orders placed"] == 5 and summary["Orders filled"] == 4
    assert summary["Account"] == traded.profile.masked_account and traded.profile.account not in summary.values()

    holdings = wb["Holdings"]
    rows = list(holdings.iter_rows(min_row=2, max_row=4, values_only=True))
    assert {r[0]: r[2] for r in rows} == {"005930": 12, "000660": 5, "035420": 7}
    total = next(r for r in holdings.iter_rows(values_only=True) if r[0] == "Total")
    assert total[5] in {sum(h.evaluation for h in b.holdings) for b in (before, balance)}
    assert holdings["F2"].number_format == "#,##0" and holdings["H2"].number_format == '0.00"%"'
    assert isinstance(holdings["C2"].value, int)
    assert "Holdings" in holdings.tables and holdings.freeze_panes == "A2"
    assert len(holdings.conditional_formatting) >= 1
    assert holdings.page_setup.orientation == "landscape" and holdings.page_setup.paperSize == 9

    orders = wb["Orders"]
    assert "Orders" in orders.tables
    first = next(orders.iter_rows(min_row=2, max_row=2))
    assert first[0].is_date and first[0].number_format == "yyyy-mm-dd"
    statuses = [r[12] for r in orders.iter_rows(min_row=2, max_row=6, values_only=True)]
    assert statuses.count("Filled") == 4 and statuses.count("Open") == 1
    venues = {r[13] for r in orders.iter_rows(min_row=2, max_row=6, values_only=True)}
    assert orders.cell(1, 14).value == "Venue" and venues <= {"KRX", "NXT", "SOR"} and venues
    with zipfile.ZipFile(path) as z:
        assert len([n for n in z.namelist() if n.startswith("xl/charts/chart")]) == 3


@pytest.mark.heavy
def test_previous_report_comparison_and_no_silent_overwrite(traded, tmp_path):
    today = traded.now().date()
    yesterday = krx.previous_trading_day(today)
    from datetime import datetime, time

    from kis_xl.report import gather, write_report
    from kis_xl.report.build import report_name

    earlier = gather(traded, yesterday)  # as if written at yesterday's close: its figures are of that day
    earlier.as_of = datetime.combine(yesterday, time(15, 40), tzinfo=krx.KST)
    write_report(earlier, tmp_path / report_name(yesterday, traded.profile.name))
    path = run(client=traded, out_dir=tmp_path)
    rows = list(openpyxl.load_workbook(path)["Summary"].iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "Item")
    assert header[2] == f"Previous ({yesterday:%Y-%m-%d})"
    total = next(r for r in rows if r[0] == "Total evaluation")
    assert total[2] is not None and total[3] == total[1] - total[2]
    with pytest.raises(KisXlError, match="--force"):
        run(client=traded, out_dir=tmp_path)
    assert run(client=traded, out_dir=tmp_path, force=True) == path
    run(client=traded, out_dir=tmp_path, date=yesterday, force=True)  # written today: not that day's figures
    rows = list(openpyxl.load_workbook(run(client=traded, out_dir=tmp_path, force=True))["Summary"].iter_rows(
        values_only=True))
    assert next(r for r in rows if r[0] == "Item")[2] == "Previous"  # never compared with today's own balance


def test_empty_account_and_no_fills_still_give_a_valid_report(make_client, tmp_path):
    client = make_client()
    path = run(client=client, out_dir=tmp_path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Holdings", "Orders", "Reservations", "Realised P&L", "Charts"]
    assert list(wb["Holdings"].iter_rows(min_row=2, values_only=True))[0][0] == "Total"
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Stocks held"] == 0 and summary["Total evaluation"] == 10_000_000


def test_report_command(sim_env, tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path)]) == 0
    assert "report written" in capsys.readouterr().out
    assert main(["report", "--out", str(tmp_path)]) == 1
    assert "--force" in capsys.readouterr().err
    assert len(list(tmp_path.glob("KIS_report_*.xlsx"))) == 1
    assert main(["report", "--out", str(tmp_path), "--date", "2025-05-30"]) == 0  # the trading day before the pinned SIM_CLOCK


def test_report_realised_pnl_and_benchmarks(traded, tmp_path, sim):
    from kis_xl.sim.indices import index_model

    path = run(client=traded, out_dir=tmp_path)
    wb = openpyxl.load_workbook(path)
    realised = wb["Realised P&L"]
    header = [c.value for c in realised[1]]
    assert header[:4] == ["Date", "Code", "Name", "Sold"] and header[-2:] == ["Fees", "Taxes"]
    rows = list(realised.iter_rows(min_row=2, values_only=True))
    assert rows[0][1] == "005930" and rows[0][3] == 8 and rows[-1][0] == "Total"
    trades, total = traded.pnl_by_stock(traded.now().date(), traded.now().date())
    samsung = next(t for t in trades if t.code == "005930")
    assert rows[0][7] == samsung.realized and rows[-1][7] == total.realized and rows[0][10] > 0  # sell tax
    assert len(rows) == 2  # only stocks sold: 000660 and 035420 were bought only
    assert "RealisedPnL" in realised.tables
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Realised P&L"] == total.realized
    kospi = next(k for k in summary if k.startswith("KOSPI day %"))
    assert summary[kospi] == index_model(sim.world.market).state("0001", traded.now()).change_pct or \
        abs(summary[kospi] - traded.index("KOSPI").change_pct) < 0.5  # the clock may have turned a minute
    line = summary["Portfolio vs benchmarks"]
    assert line.startswith("Portfolio ") and " vs KOSPI " in line and "KOSDAQ" in line and "pp)" in line


def test_report_on_mock_says_no_realised_pnl(make_client, tmp_path):
    client = make_client("mock")
    client.buy("005930", 1)
    path = run(client=client, out_dir=tmp_path)
    wb = openpyxl.load_workbook(path)
    assert wb["Realised P&L"]["A1"].value.startswith("KIS gives no realised P&L for this account")
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert "Portfolio vs benchmarks" not in summary  # no real-domain key for market data: no index line


def test_a_past_days_report_labels_its_holdings_as_of_now(sim_env, tmp_path):
    from openpyxl import load_workbook

    from kis_xl.report import run

    path = run(None, date(2025, 5, 30), tmp_path)  # the session simulator's clock is 2025-06-02
    rows = {r[0]: r[1] for r in load_workbook(path)["Summary"].iter_rows(values_only=True) if r and r[0]}
    title = next(k for k in rows if str(k).startswith("KIS account report"))
    assert "2025-05-30" in title and "holdings and cash as of 2025-06-02" in title
    assert str(rows["Holdings and cash as of"]).startswith("2025-06-02")
