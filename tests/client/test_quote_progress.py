"""A long quote says how far it is (stderr on a terminal, Excel's status bar from a macro) and, on the mock domain,
once, that ``market_data = "real"`` would make it a request per 30 codes."""

import io

import pytest

from kis_xl.cli.main import main
from kis_xl.cli.progress import TerminalProgress
from kis_xl.client import KisClient, pace
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import submit
from kis_xl.services.quotes import QuoteService
from kis_xl.services.status import status_rows
from tests.conftest import point_profile
from tests.orders.test_order_sheet import make_sheet


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class Stepped:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_hint_says_the_wait_and_the_way_out_on_mock_only(make_client, make_profile):
    mock = make_client("mock")
    hint = pace.quotes_hint(mock, 30)
    assert "30 codes take about 15 s" in hint and 'market_data = "real"' in hint and "1 request(s)" in hint
    assert "300 codes take about 150 s" in pace.quotes_hint(mock, 300) and "10 request(s)" in pace.quotes_hint(mock, 300)
    assert pace.quotes_hint(mock, 4) is None  # 2 s: not worth a word
    assert pace.quotes_hint(make_client("real"), 300) is None
    quotes_real = KisClient(make_profile("mock"), market_client=make_client("real"))  # market_data = "real"
    assert pace.quotes_hint(quotes_real, 300) is None
    quotes_real.close()


def test_the_hint_in_korean(make_client, korean):
    assert "30종목에 약 15초" in pace.quotes_hint(make_client("mock"), 30)
    assert pace.progress_text(120, 300) == "시세 조회 중 120/300 종목…"


def test_prices_report_progress_per_request(make_client):
    seen = []
    make_client("mock").prices(["005930", "000660", "035420"], progress=lambda d, n: seen.append((d, n)))
    assert seen == [(1, 3), (2, 3), (3, 3)]  # one request a code on mock
    seen.clear()
    codes = [f"{100_000 + i:06d}" for i in range(35)]
    assert len(make_client("real").prices(codes, progress=lambda d, n: seen.append((d, n)))) == 35
    assert seen == [(30, 35), (35, 35)]  # 30 codes a request on real


def test_terminal_progress_shows_after_two_seconds_and_erases_itself(korean):
    stream, clock = Tty(), Stepped()
    with TerminalProgress(pace.progress_text, stream=stream, clock=clock) as progress:
        progress(1, 300)
        assert stream.getvalue() == ""  # a short fetch prints nothing
        clock.now = 2.5
        progress(120, 300)
        progress(300, 300)
    shown = stream.getvalue()
    assert shown.startswith("\r시세 조회 중 120/300 종목…\r시세 조회 중 300/300 종목…")
    width = len("시세 조회 중 120/300 종목…") + len("시세조회중종목")  # Korean letters take two columns
    assert shown.endswith("\r" + " " * width + "\r")


def test_no_progress_line_when_stderr_is_not_a_terminal():
    stream, clock = io.StringIO(), Stepped()
    progress = TerminalProgress(pace.progress_text, stream=stream, clock=clock)
    clock.now = 10
    progress(5, 10)
    progress.close()
    assert stream.getvalue() == ""


def test_quote_on_mock_says_the_hint_once_on_stderr(sim, monkeypatch, capsys):
    point_profile(monkeypatch, "mock", sim.mock_url)
    monkeypatch.setattr(pace, "SLOW_S", 0.5)  # two codes (1 s) stand for many
    assert main(["quote", "005930", "000660", "--json"]) == 0
    err = capsys.readouterr().err
    assert err.count('market_data = "real"') == 1 and "2 codes take about 1 s" in err


def test_quote_service_hands_progress_on_and_keeps_the_hint_for_kis_status(make_client, monkeypatch):
    monkeypatch.setattr(pace, "SLOW_S", 0.5)
    svc = QuoteService(make_client("mock"))
    seen = []
    svc.progress = lambda d, n: seen.append((d, n))
    svc.prices(["005930", "000660"])
    assert seen == [(1, 2), (2, 2)]
    assert dict((r[0], r[1]) for r in status_rows(svc))["hint"].startswith("the mock domain")


class StatusBar(OpenpyxlSheet):
    """The headless sheet, keeping what the macro would write in Excel's status bar."""

    def __init__(self, path):
        super().__init__(path)
        self.bar: list[str] = []

    def progress(self, text: str) -> None:
        self.bar.append(text)


def test_the_order_sheet_shows_its_quotes_in_the_status_bar_and_the_hint_at_the_end(make_client, monkeypatch,
                                                                                    tmp_path):
    monkeypatch.setattr(pace, "SLOW_S", 1.0)
    client = make_client("mock")
    rows = [(code, "BUY", 1, "MARKET", None, "KRX", "") for code in ("005930", "000660", "035420")]
    path = make_sheet(tmp_path / "orders.xlsx", rows)
    sheet = StatusBar(path)
    outcome = submit(sheet, str(path), client=client, dry_run=True)
    assert sheet.bar[:3] == ["kis-xl: Fetching quotes 1/3…", "kis-xl: Fetching quotes 2/3…", ""]
    assert [n for n in outcome.notes if "3 codes take about 2 s" in n]
