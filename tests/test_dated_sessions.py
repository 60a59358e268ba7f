"""The market is data with a date: each day's sessions come from its rule set and special days (issue 28)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from kis_xl import rules, sessions
from kis_xl.models import OrderRequest, OrderType, Side

KST = sessions.KST


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=KST)


def buy(order_type=OrderType.LIMIT, venue="KRX") -> OrderRequest:
    return OrderRequest("005930", Side.BUY, 1, 70_000 if order_type != OrderType.MARKET else None, order_type,
                        venue=venue)


@pytest.fixture(autouse=True)
def fresh_rules():
    sessions.rules.cache_clear()
    yield
    sessions.rules.cache_clear()


def test_an_order_at_0930_on_the_exam_day_is_refused_with_the_late_open():
    problems = rules.session_problems(buy(), at("2026-11-19T09:30"))
    assert problems and "until 10:00 KST" in problems[0]
    assert rules.session_problems(buy(), at("2026-11-19T16:00")) == []  # KRX runs to 16:30 that day
    assert rules.session_problems(buy(), at("2026-11-20T09:30")) == []  # and a normal day after it
    assert not sessions.NXT_PRE.is_open(at("2026-11-19T08:10"))  # NXT runs no pre-market that day


def test_the_years_first_trading_day_opens_at_ten():
    assert not sessions.KRX_REGULAR.is_open(at("2026-01-02T09:30"))
    assert sessions.KRX_REGULAR.is_open(at("2026-01-02T10:00"))
    assert sessions.KRX_REGULAR.is_open(at("2026-01-05T09:30"))


def test_2025s_single_price_session_and_2026s_after_market_each_in_their_year():
    evening_2025, evening_2026 = at("2025-06-04T17:00"), at("2026-12-07T17:00")
    assert rules.session_problems(buy(OrderType.AFTER_SINGLE), evening_2025) == []
    refused = rules.session_problems(buy(OrderType.AFTER_SINGLE), evening_2026)
    assert refused and "KRX after-market" in refused[0] and "not published" in refused[0]
    assert "NXT after-market" in refused[0]  # what is known is offered instead
    assert sessions.KRX_PREMARKET.is_open(at("2026-12-07T07:30")) and not sessions.KRX_PREMARKET.is_open(
        at("2025-06-04T07:30"))


def test_the_sessions_command_shows_each_years_rules(capsys):
    from kis_xl.cli.main import main

    assert main(["sessions", "--date", "2025-06-04", "--json"]) == 0
    old = json.loads(capsys.readouterr().out)
    assert main(["sessions", "--date", "2026-12-07", "--json"]) == 0
    new = json.loads(capsys.readouterr().out)
    keys = lambda table: {r["key"]: (r["opens"], r["closes"]) for r in table["sessions"]}  # noqa: E731
    assert keys(old)["KRX-SINGLE"] == ("16:00", "18:00") and "KRX-AFTERMARKET" not in keys(old)
    assert keys(new)["KRX-AFTERMARKET"] == ("16:00", "20:00") and "KRX-SINGLE" not in keys(new)
    assert keys(new)["NXT"] == ("09:00:30", "15:20") and new["rules"]["source"] and new["rules"]["unpublished"]
    assert main(["sessions", "--date", "2026-11-19", "--json"]) == 0
    exam = json.loads(capsys.readouterr().out)
    assert keys(exam)["KRX"] == ("10:00", "16:30") and exam["special"]["source"]


def test_the_sessions_command_speaks_korean_by_default(korean, capsys):
    from kis_xl.cli.main import main

    assert main(["sessions", "--date", "2026-11-19"]) == 0
    out = capsys.readouterr().out
    assert "수능" in out and "KRX 정규장" in out and "KIS 미공개" in out


def test_a_users_own_table_adds_a_special_day_without_a_release(tmp_path, monkeypatch):
    own = tmp_path / "sessions.toml"
    own.write_text('[[special]]\ndate = 2026-12-30\nname = "year end: KRX closes early"\nsource = "test"\n'
                   'sessions = { "KRX" = "09:00-13:00" }\n', encoding="utf-8")
    monkeypatch.setenv("KIS_XL_SESSIONS", str(own))
    sessions.rules.cache_clear()
    assert sessions.KRX_REGULAR.state(at("2026-12-30T12:00")).status == "open until 13:00 KST"
    assert sessions.KRX_REGULAR.state(at("2026-12-29T14:00")).status == "open until 15:30 KST"


def test_the_config_files_sessions_file_is_read_too(tmp_path):
    own = tmp_path / "mine.toml"
    own.write_text('[[special]]\ndate = 2026-12-30\nname = "x"\nsource = "test"\nsessions = { "KRX" = "09:00-13:00" }\n',
                   encoding="utf-8")
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'sessions_file = "{own.as_posix()}"\n', encoding="utf-8")
    sessions.rules.cache_clear()
    assert sessions.KRX_REGULAR.state(at("2026-12-30T12:00")).status == "open until 13:00 KST"


def test_a_broken_table_is_one_clear_line(tmp_path, monkeypatch, capsys):
    from kis_xl.cli.main import main

    own = tmp_path / "sessions.toml"
    own.write_text('[[era]]\nfrom = 2027-01-04\nsessions = { "KRX" = "nine to five" }\n', encoding="utf-8")
    monkeypatch.setenv("KIS_XL_SESSIONS", str(own))
    sessions.rules.cache_clear()
    assert main(["sessions", "--date", "2027-01-04"]) == 1
    err = capsys.readouterr().err
    assert "HH:MM-HH:MM" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_eras_carry_what_they_do_not_change():
    table = sessions.build_rules([("a", '[[era]]\nfrom = 2020-01-01\nsessions = { "KRX" = "09:00-15:30" }\n'
                                       '[[era]]\nfrom = 2021-01-01\nsessions = { "KRX-X" = "16:00-17:00" }\n')])
    assert table.local_hours("KRX", date(2021, 6, 1)) is not None
    assert table.local_hours("KRX-X", date(2020, 6, 1)) is None


def test_a_type_no_session_takes_any_more_says_so_and_what_is_open():
    """Found by benchmarks/whole_day.py on 2026-12-07: an AFTER_SINGLE order late at night was refused with
    neither a time nor a reason, since no session of 2026's rules takes it."""
    [problem] = rules.session_problems(buy(OrderType.AFTER_SINGLE), at("2026-12-07T21:00"))
    assert "takes no AFTER_SINGLE orders under the rules in force since 2026-09-14" in problem
