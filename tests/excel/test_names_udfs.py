"""Excel functions take a stock's name as well as its code; an unknown or ambiguous name lists candidates."""

import pytest

from kis_xl import udfs
from kis_xl.services.quotes import reset_services


@pytest.fixture
def excel(sim_env):
    reset_services()
    yield udfs
    reset_services()


def test_a_name_is_its_stock(excel):
    assert excel.KIS_PRICE("삼성전자", "name") == "삼성전자"
    assert excel.KIS_PRICE("삼성전자", "prev_close") == excel.KIS_PRICE("005930", "prev_close")
    assert isinstance(excel.KIS_PRICE("SK하이닉스"), float)
    grid = excel.KIS_PRICE([["NAVER", "kodex 200"]], "name")
    assert grid == [["NAVER", "KODEX 200"]]
    assert excel.KIS_QUOTE(["삼성전자"], ["name"]) == [["code", "name"], ["005930", "삼성전자"]]
    assert excel.KIS_PRICE("AAPL", "name") == "Apple"  # a US symbol's name, from KIS's US master


def test_an_unknown_name_lists_candidates_in_its_cell(excel):
    text = excel.KIS_PRICE("삼성")
    assert text.startswith("#KIS! 삼성: not a stock code, nor a stock name") and "005930 삼성전자" in text
    assert excel.KIS_PRICE("99999X") == "#KIS! not a stock code: '99999X'"  # a mistyped code stays one
