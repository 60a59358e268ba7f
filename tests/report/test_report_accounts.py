"""One daily report of several accounts: the consolidated summary in won first, then each account's sheets."""

import os
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from kis_xl.cli.main import main
from kis_xl.connect import open_client
from kis_xl.errors import KisXlError
from kis_xl.models import Balance, BalanceSummary, DailyOrders, PnlSummary
from kis_xl.report import run_book
from kis_xl.report.build import account_figures
from kis_xl.report.data import ReportData

from tests.conftest import new_account, new_app_key, new_app_secret

SHEETS = ["Summary", "Holdings", "Orders", "Reservations", "Realised P&L", "Charts"]


@pytest.fixture
def two_accounts(sim, monkeypatch):
    """Profiles ``main`` (위탁, 01) and ``isa`` (22) of one app key on the session simulator."""
    cano = new_account().split("-")[0]
    key, secret = new_app_key(), new_app_secret()
    config = Path(os.environ["KIS_XL_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("".join(f'[profiles.{name}]\ndomain = "real"\nsimulator = true\nrest_url = "{sim.real_url}"\n'
                              f'account = "{cano}-{product}"\n\n' for name, product in (("main", "01"), ("isa", "22"))),
                      encoding="utf-8")
    for name in ("MAIN", "ISA"):
        monkeypatch.setenv(f"KIS_XL_{name}_APP_KEY", key)
        monkeypatch.setenv(f"KIS_XL_{name}_APP_SECRET", secret)
    return cano


def _rows(sheet) -> dict:
    return {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r and r[0]}


def test_one_book_of_two_accounts_of_one_app_key(two_accounts, tmp_path, capsys):
    main_account, isa = open_client("main"), open_client("isa")
    try:
        main_account.buy("005930", 4)
        isa.buy("000660", 2)
        isa.buy("035420", 3)
        rate = main_account.usd_rate()
    finally:
        main_account.close()
        isa.close()
    assert main(["report", "--profiles", "main,isa", "--out", str(tmp_path)]) == 0
    written = list(tmp_path.glob("KIS_report_*.xlsx"))
    assert [p.name for p in written] == ["KIS_report_2025-06-02_main+isa.xlsx"]
    wb = openpyxl.load_workbook(written[0])
    assert wb.sheetnames == ["Consolidated", *(f"main {s}" for s in SHEETS), *(f"isa {s}" for s in SHEETS)]

    consolidated = _rows(wb["Consolidated"])
    for profile, product in (("main", "01"), ("isa", "22")):
        own = _rows(wb[f"{profile} Summary"])
        account, total_eval, day, pnl, realised = consolidated[profile]
        assert account == f"{two_accounts[:4]}****-{product}" == own["Account"][0]
        assert two_accounts not in str(consolidated)  # the account number only masked
        assert (day, realised) == (own["Day P&L (after fees and tax)"][0], own["Realised P&L"][0])
        dollars, us_pnl = own["US cash (USD)"][0] + own["US securities evaluation (USD)"][0], own["US P&L (USD)"][0]
        assert total_eval == pytest.approx(own["Total evaluation"][0] + dollars * rate)  # US in won at the day's rate
        assert pnl == pytest.approx(own["Total P&L"][0] + us_pnl * rate) and rate > 1000
    total = consolidated["Total"]
    for column in range(1, 5):
        assert total[column] == consolidated["main"][column] + consolidated["isa"][column]

    def held(profile):
        return {r[0]: r[2] for r in wb[f"{profile} Holdings"].iter_rows(min_row=2, values_only=True)
                if r[0] and r[0] != "Total" and r[2]}
    assert held("main") == {"005930": 4} and held("isa") == {"000660": 2, "035420": 3}
    assert "Holdings" in wb["main Holdings"].tables and "Holdings1" in wb["isa Holdings"].tables


def test_one_profile_is_todays_report(two_accounts, tmp_path):
    assert main(["report", "--accounts", "isa", "--out", str(tmp_path)]) == 0
    path = tmp_path / "KIS_report_2025-06-02_isa.xlsx"
    assert openpyxl.load_workbook(path).sheetnames == SHEETS


def test_unknown_profile_writes_nothing(two_accounts, tmp_path, capsys):
    out = tmp_path / "reports"
    assert main(["report", "--profiles", "main,nosuch", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "unknown profile 'nosuch'" in err and "Traceback" not in err
    assert not out.exists()


def test_a_mock_and_a_real_account(make_client, tmp_path):
    mock, real = make_client("mock"), make_client()
    mock.buy("005930", 1)
    real.buy("005930", 2)
    path = run_book(clients=[mock, real], out_dir=tmp_path)
    assert path.name == "KIS_report_2025-06-02_test-mock+test-real.xlsx"
    wb = openpyxl.load_workbook(path)
    consolidated = _rows(wb["Consolidated"])
    assert consolidated["test-mock"][4] == "not offered" and isinstance(consolidated["test-real"][4], (int, float))
    assert consolidated["Total"][4] == consolidated["test-real"][4]
    assert "KIS gives no realised P&L for test-mock (the mock domain offers no period P&L)" in consolidated
    assert wb["test-mock Realised P&L"]["A1"].value.startswith("KIS gives no realised P&L for this account")


def test_us_holdings_count_in_won_at_the_days_rate():
    def data(profile, us_rate):
        summary = BalanceSummary(deposit=1_000_000, d2_cash=1_000_000, securities_eval=2_000_000,
                                 total_eval=3_000_000, purchase_total=1_900_000, pnl_total=100_000, net_assets=0)
        us = Balance([], BalanceSummary(deposit=50, d2_cash=50, securities_eval=150, total_eval=200,
                                        purchase_total=140, pnl_total=10, net_assets=200, currency="USD"))
        return ReportData(day=date(2025, 6, 2), profile=profile, account="1234****-01", balance=Balance([], summary),
                          orders=DailyOrders(), us_balance=us, usd_rate=us_rate,
                          realized_total=PnlSummary(realized=5_000, sell_amount=0, buy_amount=0, fees=0, taxes=0) if us_rate else None)
    converted = account_figures(data("real", 1_400.0))
    assert (converted.total_eval, converted.pnl_total, converted.realized) == (3_280_000, 114_000, 5_000)
    assert converted.us_converted
    unconverted = account_figures(data("isa", None))
    assert (unconverted.total_eval, unconverted.realized, unconverted.us_converted) == (3_000_000, None, False)


def test_korean_book(two_accounts, tmp_path, korean):
    assert main(["report", "--profiles", "main,isa", "--out", str(tmp_path)]) == 0
    wb = openpyxl.load_workbook(tmp_path / "KIS_report_2025-06-02_main+isa.xlsx")
    assert wb.sheetnames[:3] == ["통합 요약", "main 요약", "main 보유종목"]
    assert [c.value for c in wb["통합 요약"][3]] == ["프로필", "계좌", "총평가금액", "당일 손익 (제비용 차감 후)",
                                                 "평가손익 합계", "실현손익"]


def test_report_profiles_in_the_config(two_accounts, tmp_path, capsys):
    """``report_profiles = ["main", "isa"]``: plain ``kis-xl report`` writes their book; --profile still one."""
    config = Path(os.environ["KIS_XL_CONFIG"])
    accounts = config.read_text(encoding="utf-8")
    config.write_text('report_profiles = ["main", "isa"]\n' + accounts, encoding="utf-8")
    assert main(["report", "--out", str(tmp_path)]) == 0
    assert main(["report", "--profile", "isa", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == ["KIS_report_2025-06-02_isa.xlsx",
                                                                  "KIS_report_2025-06-02_main+isa.xlsx"]
    config.write_text('report_profiles = "main,isa"\n' + accounts, encoding="utf-8")
    capsys.readouterr()
    assert main(["report", "--out", str(tmp_path / "bad")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "report_profiles must be a list of profile names" in err
    assert not (tmp_path / "bad").exists()


def test_one_account_under_two_profiles_is_refused(make_client, tmp_path):
    real = make_client()
    again = make_client(name="again", app_key=real.profile.app_key, app_secret=real.profile.app_secret,
                        account=real.profile.account)
    with pytest.raises(KisXlError, match="profiles test-real and again are one account"):
        run_book(clients=[real, again], out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_an_accounts_sheets_compare_with_its_earlier_book(two_accounts, tmp_path):
    """A person who writes only the book each day still sees each account's change since the last one."""
    assert main(["report", "--profiles", "main,isa", "--date", "2025-05-30", "--out", str(tmp_path)]) == 0
    earlier = tmp_path / "KIS_report_2025-05-30_main+isa.xlsx"
    wb = openpyxl.load_workbook(earlier)
    for profile in ("main", "isa"):  # a past day's report is no history: make it read as that day's
        summary = wb[f"{profile} Summary"]
        row = next(r for r in summary.iter_rows() if r[0].value == "Holdings and cash as of")
        row[1].value = "2025-05-30 15:30"
        next(r for r in summary.iter_rows() if r[0].value == "Total evaluation")[1].value = 12_345
    wb.save(earlier)
    assert main(["report", "--profiles", "main,isa", "--out", str(tmp_path)]) == 0
    book = openpyxl.load_workbook(tmp_path / "KIS_report_2025-06-02_main+isa.xlsx")
    for profile in ("main", "isa"):
        rows = _rows(book[f"{profile} Summary"])
        assert rows["Item"][1] == "Previous (2025-05-30)" and rows["Total evaluation"][1] == 12_345
