"""The functions as desktop Excel on Windows calls them: xlwings' desktop decorators and converters (BSD)."""

import asyncio
import threading
from datetime import datetime

import pytest

from kis_xl import udfs
from kis_xl.services.quotes import reset_services, service

from .desktop import MISSING, call, install

FUNCTIONS = ["KIS_PRICE", "KIS_QUOTE", "KIS_HISTORY", "KIS_ORDERBOOK", "KIS_BALANCE", "KIS_CASH", "KIS_STATUS",
             "KIS_REFRESH"]
NA_CELL = -2146826246  # #N/A in a referenced cell, as COM passes it


@pytest.fixture
def desktop(sim_env, monkeypatch):
    reset_services()
    yield install(monkeypatch)
    reset_services()


def test_every_function_registers_non_volatile_with_valid_argument_options(desktop):
    for name in FUNCTIONS:
        info = getattr(desktop, name).__xlfunc__  # xlarg raises at import for an argument name that does not exist
        assert info["volatile"] is False and info["async_mode"] is None, name
    assert desktop.KIS_PRICE.__xlfunc__["argmap"]["codes"]["options"] == {"ndim": 2}
    assert desktop.KIS_REFRESH.__xlfunc__["argmap"]["caller"]["pos"] == 2  # filled by xlwings, hidden from Excel


def test_cells_ranges_and_omitted_arguments(desktop, sim):
    before = sim.world.market.quote("005930", sim.world.now()).price
    [[price]] = call(desktop.KIS_PRICE, "005930", MISSING, MISSING)  # xlwings hands Excel a 1x1 array
    after = sim.world.market.quote("005930", sim.world.now()).price
    assert isinstance(price, float) and price in {before, after}
    assert call(desktop.KIS_PRICE, 5930.0, "name") == [["삼성전자"]]  # 005930 typed into a cell becomes 5930
    column = (("005930",), (660.0,), (None,), (NA_CELL,)) + ((None,),) * 5000  # a whole-column reference
    spilled = call(desktop.KIS_PRICE, column, "종목명")
    assert spilled == [["삼성전자"], ["SK하이닉스"]]
    grid = call(desktop.KIS_PRICE, (("005930", None), ("995000", "NAS:AAPL")))
    assert grid[0][1] == "" and grid[1][0] == "#KIS! unknown code 995000" and isinstance(grid[1][1], float)
    assert call(desktop.KIS_PRICE, "99999X") == [["#KIS! not a stock code: '99999X'"]]
    assert call(desktop.KIS_PRICE, "005930", "bogus") == [["#KIS! unknown field bogus"]]


def test_tables_spill_with_dates_as_excel_dates(desktop):
    history = call(desktop.KIS_HISTORY, "005930", datetime(2025, 5, 26), 45807.0, "D", (("date",), ("close",)))
    assert history[0] == ["date", "close"] and len(history) == 6
    assert history[1][0] == 45803.0 and history[-1][0] == 45807.0  # 2025-05-26 … 2025-05-30 as Excel dates
    table = call(desktop.KIS_QUOTE, (("005930",), ("000660",)), (("price", "name"),), MISSING)
    assert table[0] == ["code", "price", "name"] and table[2][2] == "SK하이닉스"
    block = call(desktop.KIS_QUOTE, (("005930", "000660"), ("035420", None)), "name", False)  # any shape in
    assert block == [["005930", "삼성전자"], ["000660", "SK하이닉스"], ["035420", "NAVER"]]
    assert len(call(desktop.KIS_ORDERBOOK, "005930")) == 21
    assert call(desktop.KIS_BALANCE, MISSING, False) == [["(no holdings)", "", "", "", "", "", "", ""]]
    assert call(desktop.KIS_CASH, "deposit") == [[10_000_000]]
    status = dict(call(desktop.KIS_STATUS))
    assert status["profile"] == "sim" and status["KIS requests"] > 0
    assert call(desktop.KIS_REFRESH, "manual")[0][0].startswith("manual")


class ComRangeStandIn:
    """The two coroutines of xlwings' ComRange (the calling cell) that periodic refresh uses."""

    def __init__(self, formula):
        self.formula = formula
        self.rewritten = threading.Event()

    async def get_formula(self):
        return self.formula

    async def set_formula(self, formula):
        assert formula == self.formula
        self.rewritten.set()


def test_periodic_mode_makes_excel_recalculate_the_refresh_cell(sim_env, monkeypatch):
    reset_services()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(udfs.live, "_com_loop", lambda: loop)
    cell = ComRangeStandIn('=KIS_REFRESH("periodic",0.05)')
    try:
        assert udfs.KIS_REFRESH("periodic", 0.05, cell).startswith("periodic 0.05 s")
        assert cell.rewritten.wait(10)  # the ticker re-entered the formula: Excel recalculates it and its dependents
        assert udfs.KIS_REFRESH("auto").startswith("auto")
        assert service()._ticker is None
    finally:
        reset_services()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
