"""``kis-xl screen`` and ``kis-xl watchlist`` as a user runs them against the simulator."""

from __future__ import annotations

import csv
import io
import json

from tests.cli.test_cli import run
from tests.conftest import point_profile


def test_screen_lists_conditions_then_finds_stocks(sim_env, capsys):
    code, out, _ = run(capsys, "screen", "--json")
    assert code == 0 and [c["name"] for c in json.loads(out)][:2] == ["거래량 상위", "상승 종목"]
    code, out, err = run(capsys, "screen", "거래량 상위", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 20 and rows[0]["name"] and rows[0]["code"].isdigit()
    assert {"price", "change_pct", "volume", "strength", "market_cap"} <= set(rows[0])
    assert "at most" not in err


def test_screen_table_shows_names_and_the_cap(sim_env, capsys):
    code, out, err = run(capsys, "screen", "전 종목")
    assert code == 0 and "삼성전자" in out
    assert "KIS returns at most 100 stocks a condition" in err
    code, out, err = run(capsys, "screen", "2", "--csv")
    assert len(list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))) == 101


def test_screen_nothing_found_and_unknown(sim_env, capsys):
    code, out, err = run(capsys, "screen", "상한가", "--json")
    assert code == 0 and json.loads(out) == [] and "no stock matches 상한가 now" in err
    code, out, err = run(capsys, "screen", "없는조건")
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("kis-xl: no saved condition 없는조건: the saved ones are 0 거래량 상위")


def test_watchlist_groups_and_stocks(sim_env, capsys):
    code, out, _ = run(capsys, "watchlist", "--json")
    assert code == 0 and json.loads(out)[0] == {"group_code": "001", "group": "관심종목1", "count": 5}
    code, out, _ = run(capsys, "watchlist", "관심종목1", "--csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert [r["code"] for r in rows][:2] == ["005930", "000660"] and rows[0]["name"] == "삼성전자"
    code, out, err = run(capsys, "watchlist", "없음")
    assert code == 1 and "no watchlist group 없음" in err and "Traceback" not in err


def test_mock_profile_says_not_offered(sim, monkeypatch, capsys):
    point_profile(monkeypatch, "mock", sim.mock_url)
    for argv in (("screen",), ("watchlist", "001")):
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == "" and "not offered on the mock domain" in err and "Traceback" not in err


def test_help_says_conditions_must_be_saved_from_the_hts(sim_env, capsys):
    code, out, _ = run(capsys, "screen", "--help")
    assert code == 0 and "[0110]" in out and "서버저장" in out


def test_korean_headers(sim_env, capsys, korean):
    code, out, _ = run(capsys, "watchlist")
    assert code == 0 and "그룹코드" in out and "종목수" in out
    code, out, _ = run(capsys, "screen", "--help")
    assert "저장한 조건만" in out
