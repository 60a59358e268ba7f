"""KIS_SCREEN and KIS_WATCHLIST as Excel calls them, against the simulator; a watchlist feeds KIS_PRICE."""

from __future__ import annotations

import pytest

from kis_xl import udfs
from kis_xl.services.quotes import reset_services


@pytest.fixture
def excel(sim_env):
    reset_services()
    yield udfs
    reset_services()


def test_screen_lists_conditions_and_spills_stocks(excel):
    assert excel.KIS_SCREEN()[:2] == [["seq", "name", "group"], ["0", "거래량 상위", "기본"]]
    table = excel.KIS_SCREEN("거래량 상위")
    assert table[0] == ["code", "name", "price", "change", "change_pct", "volume"] and len(table) == 21
    assert table[1][1] and isinstance(table[1][2], float)
    picked = excel.KIS_SCREEN("0", "code,strength", False)
    assert len(picked) == 20 and picked[0][0] == table[1][0] and 50 <= picked[0][1] <= 150


def test_screen_cap_row_and_empty(excel):
    table = excel.KIS_SCREEN("전 종목", ["code"])
    assert len(table) == 102 and table[-1][0].startswith("KIS returns at most 100 stocks")
    assert excel.KIS_SCREEN("상한가") == [["code", "name", "price", "change", "change_pct", "volume"],
                                          ["#N/A", "", "", "", "", ""]]


def test_screen_bad_input_is_one_line_in_the_cell(excel):
    assert excel.KIS_SCREEN("0", "nonsense").startswith("#KIS! unknown field nonsense: KIS_SCREEN takes code, name")
    assert excel.KIS_SCREEN("없는조건").startswith("#KIS! no saved condition 없는조건")


def test_watchlist_feeds_kis_price(excel, sim):
    assert excel.KIS_WATCHLIST()[1] == ["001", "관심종목1", 5]
    table = excel.KIS_WATCHLIST("관심종목1")
    assert table[0] == ["code", "name", "exchange", "memo"] and table[1][:2] == ["005930", "삼성전자"]
    codes = [[row[0]] for row in excel.KIS_WATCHLIST("관심종목1", False)]
    prices = excel.KIS_PRICE(codes)
    assert len(prices) == 5 and all(isinstance(p[0], float) and p[0] > 0 for p in prices)
    assert prices[0][0] == excel.KIS_PRICE("005930")
    names = excel.KIS_QUOTE(codes, ["name"], False)
    assert [r[1] for r in names] == [row[1] for row in table[1:]]
    assert excel.KIS_WATCHLIST("없음").startswith("#KIS! no watchlist group 없음")


def test_korean_headers(excel, korean):
    assert excel.KIS_WATCHLIST()[0] == ["그룹코드", "그룹", "종목수"]
    assert excel.KIS_SCREEN("0")[0][:3] == ["종목코드", "종목명", "현재가"]
    assert len(excel.KIS_SCREEN("0", "종목코드,등락률(%)")[1]) == 2
