"""The worksheet functions as Excel calls them: plain calls, and through xlwings' own machinery."""

import json
import os
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from kis_xl import udfs
from kis_xl.services.quotes import QuoteService, reset_services, service


def around(sim, code, read):
    """``read()`` and the simulator's prices just before and after it (its clock may turn a minute meanwhile)."""
    before = sim.world.market.quote(code, sim.world.now())
    value = read()
    after = sim.world.market.quote(code, sim.world.now())
    return value, {before.price, after.price}, (before, after)


@pytest.fixture
def excel(sim_env):
    reset_services()
    yield udfs
    reset_services()


def test_scalars_fields_and_names(excel, sim):
    price, expected, states = around(sim, "005930", lambda: excel.KIS_PRICE("005930"))
    assert price in expected
    assert excel.KIS_PRICE(5930.0) == price  # what Excel passes for a cell holding 005930 as a number (cached)
    assert excel.KIS_PRICE("A005930", "name") == excel.KIS_PRICE("005930", "종목명") == "삼성전자"
    assert excel.KIS_PRICE("005930", "stck_mxpr") == states[0].upper_limit
    assert excel.KIS_PRICE("005930", "등락률") in {q.change_pct for q in states}
    assert excel.KIS_PRICE("005930", "PER") > 0 and excel.KIS_PRICE("005930", "market_cap") > 1e14


def test_ranges_keep_their_shape_and_blanks(excel, sim):
    grid = [["005930", "000660"], [None, "AAPL"], ["", ""], [None, None]]  # a whole-column-like range
    result, expected, _ = around(sim, "000660", lambda: excel.KIS_PRICE(grid))
    assert len(result) == 2 and result[1][0] == ""  # trailing empty rows are not spilled
    assert result[0][1] in expected
    assert isinstance(result[1][1], float)  # AAPL through the US quote


def test_bad_input_becomes_a_short_message(excel):
    assert excel.KIS_PRICE("99999X") == "#KIS! not a stock code: '99999X'"
    assert excel.KIS_PRICE("995000") == "#KIS! unknown code 995000"
    assert excel.KIS_PRICE("005930", "nonsense") == "#KIS! unknown field nonsense"
    assert excel.KIS_PRICE([["005930", "995000"]])[0][1] == "#KIS! unknown code 995000"
    assert excel.KIS_HISTORY("005930", "not a date").startswith("#KIS! start is not a date")
    assert excel.KIS_PRICE("NOPE").startswith("#KIS! unknown US symbol NOPE")


def test_quote_table(excel):
    table = excel.KIS_QUOTE(["005930", 660.0, "995000"], ["price", "name"])
    assert table[0] == ["code", "price", "name"]
    assert table[1][2] == "삼성전자" and table[2][0] == "000660"
    assert table[3][1].startswith("#KIS!")
    assert excel.KIS_QUOTE("005930", "price", False)[0][0] == "005930"


def test_history_spills_with_dates_any_length_and_order(excel):
    rows = excel.KIS_HISTORY("005930", 45658.0, "2025-06-02")  # 45658 = 2025-01-01 as an Excel serial
    assert rows[0] == ["date", "open", "high", "low", "close", "volume", "value"]
    assert rows[1][0] == datetime(2025, 1, 2) and rows[-1][0] == datetime(2025, 6, 2)
    assert len(rows) > 100  # more than one KIS page
    newest = excel.KIS_HISTORY("005930", "20250101", datetime(2025, 6, 2), "D", ["date", "close"], "desc")
    assert newest[1] == [datetime(2025, 6, 2), rows[-1][4]]
    weekly = excel.KIS_HISTORY("005930", "2025-01-01", "2025-03-31", "W", None, "asc", False)
    assert 12 <= len(weekly) <= 14 and isinstance(weekly[0][0], datetime)


def test_orderbook_balance_cash_status_refresh(excel, sim):
    book = excel.KIS_ORDERBOOK("005930")
    assert book[0] == ["ask_qty", "price", "bid_qty"] and len(book) == 21
    assert book[10][1] > book[11][1]  # best ask above best bid
    assert excel.KIS_BALANCE()[1][0] == "(no holdings)"
    service().client.buy("005930", 3)
    excel.KIS_REFRESH()
    holdings = excel.KIS_BALANCE(["code", "수량"])
    assert holdings == [["code", "수량"], ["005930", 3]]
    cash = dict(excel.KIS_CASH())
    assert cash["deposit"] < 10_000_000 and excel.KIS_CASH("예수금") == cash["deposit"]
    status = dict(excel.KIS_STATUS())
    assert status["profile"] == "sim" and status["KIS requests"] > 0
    assert excel.KIS_REFRESH("periodic", 30).startswith("periodic")
    assert excel.KIS_REFRESH("weekly").startswith("#KIS!")


def test_no_function_places_an_order():
    import inspect

    source = inspect.getsource(udfs)
    assert "buy(" not in source and "sell(" not in source and "place_order" not in source


def test_coalescing_100_concurrent_calls_one_request(make_client):
    client = make_client()
    client.price("000660")  # token first
    svc = QuoteService(client)
    before = client.stats.requests
    barrier = threading.Barrier(100)
    results = []

    def ask():
        barrier.wait()
        results.append(svc.price("005930").price)

    threads = [threading.Thread(target=ask) for _ in range(100)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and len(results) == 100
    assert client.stats.requests - before == 1


def test_batching_300_codes_at_most_10_requests(make_client):
    client = make_client()
    client.price("000660")
    svc = QuoteService(client, batch_window=30.0)
    before = client.stats.requests
    codes = [f"{400_000 + i:06d}" for i in range(300)]
    barrier = threading.Barrier(300)
    errors = []

    def ask(code):
        barrier.wait()
        try:
            svc.price(code)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(c,)) for c in codes]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert client.stats.requests - before == 10
    assert time.monotonic() - start < svc.batch_window  # a full request does not wait out the window


def test_cache_hit_expiry_and_manual_mode(make_client):
    client = make_client()
    svc = QuoteService(client, ttl={"price": 0.05})
    svc.prices(["005930"])
    base = client.stats.requests
    svc.prices(["005930"])
    assert client.stats.requests == base and svc.stats.cache_hits == 1
    time.sleep(0.1)
    svc.prices(["005930"])
    assert client.stats.requests == base + 1
    svc.set_mode("manual")
    time.sleep(0.1)
    svc.prices(["005930"])
    assert client.stats.requests == base + 1  # manual: nothing expires by itself
    svc.refresh()
    svc.prices(["005930"])
    assert client.stats.requests == base + 2


XLWINGS_CALLS = r"""
import asyncio, json, sys
import xlwings
from xlwings.pro.udfs_officejs import custom_functions_call
import kis_xl.udfs as udfs

def call(name, *args):
    data = {"client": "Office.js", "func_name": name, "args": [a if isinstance(a, list) else [[a]] for a in args],
            "caller_address": "Sheet1!A1", "version": xlwings.__version__, "runtime": "1.4",
            "culture_info_name": "ko-KR", "date_format": "yyyy-mm-dd", "session_id": "test"}
    return asyncio.run(custom_functions_call(data, udfs))

print(json.dumps({
    "column": call("KIS_PRICE", [["005930"], ["000660"], [None]]),
    "scalar": call("KIS_PRICE", "005930"),
    "number": call("KIS_PRICE", 5930, "name"),
    "omitted": call("KIS_PRICE", "005930", None, None),
    "bad": call("KIS_PRICE", "99999X"),
    "history": call("KIS_HISTORY", "005930", "2025-05-26", "2025-05-30", None, [["date"], ["close"]]),
    "quote": call("KIS_QUOTE", [["005930"], ["000660"]], [["price", "name"]]),
}))
"""


def test_through_xlwings_custom_function_machinery(sim_env, sim):
    # xlwings' server decorators and converters (PRO code, noncommercial key for this open-source test suite)
    env = dict(os.environ, XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial")
    out, prices, _ = around(sim, "005930", lambda: subprocess.run(
        [sys.executable, "-c", XLWINGS_CALLS], env=env, capture_output=True, text=True, timeout=120))
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout.strip().splitlines()[-1])
    assert r["column"][0][0] in prices and len(r["column"]) == 2
    assert r["scalar"][0][0] in prices and r["omitted"][0][0] in prices
    assert r["number"] == [["삼성전자"]]
    assert r["bad"] == [["#KIS! not a stock code: '99999X'"]]
    assert r["history"][0] == ["date", "close"] and len(r["history"]) == 6
    assert r["history"][1][0]["type"] == "FormattedNumber" and r["history"][1][0]["basicValue"] == 45803.0
    assert r["quote"][0] == ["code", "price", "name"] and r["quote"][2][2] == "SK하이닉스"


def test_single_cells_recalculated_together_share_batched_requests(excel, monkeypatch):
    codes = [f"{450_000 + i:06d}" for i in range(90)]
    svc = service()
    monkeypatch.setattr(svc, "batch_window", 30.0)  # however slowly the threads come, a full request goes at once
    svc.client.price("005930")
    before = svc.client.stats.requests
    barrier = threading.Barrier(len(codes))

    def cell(code):
        barrier.wait()
        return excel.KIS_PRICE(code)

    threads = [threading.Thread(target=cell, args=(c,)) for c in codes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert svc.client.stats.requests - before == 3  # 90 cells, 30 codes a request


def test_one_at_a_time_callers_skip_the_batch_window(make_client):
    client = make_client()
    svc = QuoteService(client, batch_window=3.0)  # far above a loaded machine's three answers
    start = time.monotonic()
    svc.price("005930")  # the first ask waits for company: nobody comes
    first = time.monotonic() - start
    start = time.monotonic()
    for code in ("000660", "035420", "005380"):
        svc.price(code)  # then callers are known to come one by one: no more waiting
    assert first >= 3.0 and time.monotonic() - start < 3.0


def test_spilled_headers_are_korean_by_default(excel, korean):
    history = excel.KIS_HISTORY("005930", -10)
    balance = excel.KIS_BALANCE()
    index = excel.KIS_INDEX_HISTORY("KOSPI", -10)
    assert history[0][:5] == ["일자", "시가", "고가", "저가", "종가"]
    assert balance[0][:2] == ["종목코드", "종목명"]
    assert index[0][0] == "일자"


def test_account_functions_read_the_account_a_cell_names(excel, sim, monkeypatch):
    """=KIS_BALANCE(, , "isa"): another account (here 22, 연금저축) of the same app key, beside the active one."""
    cano = os.environ["KIS_XL_ACCOUNT"].split("-")[0]
    config = Path(os.environ["KIS_XL_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[profiles.isa]\ndomain = "real"\nsimulator = true\nrest_url = "{sim.real_url}"\n'
                      f'account = "{cano}-22"\n', encoding="utf-8")
    monkeypatch.setenv("KIS_XL_ISA_APP_KEY", os.environ["KIS_XL_APP_KEY"])
    monkeypatch.setenv("KIS_XL_ISA_APP_SECRET", os.environ["KIS_XL_APP_SECRET"])
    service().client.buy("005930", 3)
    assert excel.KIS_BALANCE(["code", "quantity"], False) == [["005930", 3]]
    assert excel.KIS_BALANCE(["code", "quantity"], False, "isa") == [["(no holdings)", ""]]
    assert excel.KIS_CASH("deposit", "isa") == 10_000_000 > excel.KIS_CASH("deposit")
    assert excel.KIS_SELLABLE("005930", None, "isa") == 0 and excel.KIS_SELLABLE("005930") == 3
    # a refresh cell where the account now goes (a formula written before it): the active account
    assert excel.KIS_BALANCE(["code"], False, "auto · refreshed 10:00:00 (#1)") == [["005930"]]
    assert excel.KIS_CASH("deposit", "nosuch").startswith("#KIS! unknown profile 'nosuch'")


def test_a_refresh_cell_where_market_now_stands_means_the_domestic_pnl(excel):
    """=KIS_PNL(-30,,"stock",TRUE,$B$3), written before market and account: the refresh text is not a market."""
    old = excel.KIS_PNL(-30, None, "stock", True, "auto · refreshed 10:00:00 (#1)")
    assert old == excel.KIS_PNL(-30, None, "stock", True)
    assert excel.KIS_PNL(-30, None, "stock", True, "moon").startswith("#KIS! market must be")


def test_status_counts_codes_loading_or_stale_and_speaks_korean(excel, korean, monkeypatch):
    excel.KIS_PRICE([["005930"], ["000660"]])
    svc = service()
    assert dict(excel.KIS_STATUS())["불러오는 중·오래된 종목"] == "2종목 중 불러오는 중 0, 오래된 값 0 (30초 넘음)"
    monkeypatch.setattr(svc, "stale_after", 0.0)  # every polled value is now older than the limit
    status = dict(excel.KIS_STATUS())
    assert status["불러오는 중·오래된 종목"] == "2종목 중 불러오는 중 0, 오래된 값 2 (0초 넘음)"
    assert status["프로필"] == "sim" and status["토큰 나이"] != "아직 없음"
