"""The report's Day P&L after a traded day with positions held overnight, checked by hand from the day's fills.

Day one buys; the clock moves to the next trading day; day two sells part of an overnight position, sells one
out, adds to one, trades a stock in and out within the day, and fills two orders only in part (IOC). The
expected figure is worked out here from the simulator's own ledger of fills (quantity, price, fee, tax), the
overnight quantities read before day two's first order, and the previous closes KIS quotes: never from the
report's code."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import openpyxl
import pytest

from kis_xl import krx
from kis_xl.client import KisClient
from kis_xl.models import OrderType
from kis_xl.report import run
from kis_xl.sim.accounts import Trading
from kis_xl.sim.server import SimServer

CASH = 1_000_000_000  # room for orders larger than a minute's liquidity (1,000 shares), to make partial fills


@pytest.fixture(scope="module")
def server():
    with SimServer(seed=23, clock="2025-06-02T10:00:00+09:00") as server:
        yield server


@pytest.fixture
def day_two(server, make_profile):
    """The client after day one's buys and day two's trades, the overnight quantities, and day two's ledger."""
    client, overnight, ledger = trade_two_days(server, make_profile)
    try:
        yield client, overnight, ledger
    finally:
        client.close()


def trade_two_days(server, make_profile, before_a_closed_day: bool = False):
    """Day one's buys, then day two's trades on the next trading day (one KRX does not trade after, if asked)."""
    profile = make_profile(rest_url=server.real_url)
    server.world.trading.open_account("real", profile.app_key, profile.cano, profile.product, cash=CASH)
    client = KisClient(profile)
    client.buy("005930", 20)
    client.buy("000660", 10)
    client.buy("035420", 5)
    client.buy("003550", 2_500)  # fills over the next minutes, a minute's liquidity at a time
    second = krx.next_trading_day(client.now().date())
    while before_a_closed_day and krx.is_trading_day(second + timedelta(days=1)):
        second = krx.next_trading_day(second)
    start = datetime.combine(second, time(10, 0), tzinfo=krx.KST)
    server.world.shift_clock((start - client.now()).total_seconds())
    overnight = {h.code: h.quantity for h in client.balance().holdings}
    assert overnight == {"005930": 20, "000660": 10, "035420": 5, "003550": 2_500}

    client.sell("005930", 8)  # part of an overnight position
    client.sell("000660", 10)  # sold out: no longer among the holdings
    client.buy("035420", 3)  # more of an overnight position, from today's price
    client.buy("005380", 10)
    client.sell("005380", 4)  # in and out within the day
    low = client.price("003550").lower_limit
    client.sell("003550", 1_800, low, OrderType.IOC_LIMIT)  # fills 1,000 (a minute's liquidity), the rest cancelled
    high = client.price("068270").upper_limit
    client.buy("068270", 1_500, high, OrderType.IOC_LIMIT)  # a partial buy
    key = Trading.key("real", profile.app_key, profile.account)
    ledger = [f for f in server.world.trading.accounts[key].fills if f["day"] == f"{client.now():%Y%m%d}"]
    return client, overnight, ledger


def _by_hand(balance, overnight, ledger, closes) -> tuple[float, float]:
    """Day P&L after fees and tax, and its percent of the overnight holdings at the previous close plus the buys."""
    now = sum(h.quantity * h.price for h in balance.holdings)
    before = sum(qty * closes[code] for code, qty in overnight.items())
    bought = sum(f["qty"] * f["price"] for f in ledger if f["side"] == "02")
    sold = sum(f["qty"] * f["price"] for f in ledger if f["side"] == "01")
    fees = sum(f["fee"] + f["tax"] for f in ledger)
    pnl = now - before - bought + sold - fees
    return pnl, pnl / (before + bought) * 100


@pytest.mark.heavy
def test_day_pnl_counts_each_share_from_when_it_was_bought(day_two, tmp_path):
    client, overnight, ledger = day_two
    sides = {(f["code"], f["side"]) for f in ledger}
    assert {("003550", "01"), ("068270", "02"), ("005380", "01"), ("005380", "02")} <= sides
    partial = {o.code: o for o in client.daily_orders(client.now().date()).orders if o.filled_qty < o.quantity}
    assert partial["003550"].filled_qty == 1_000 and 0 < partial["068270"].filled_qty < 1_500
    codes = set(overnight) | {f["code"] for f in ledger}
    closes = {code: client.price(code).prev_close for code in codes}
    before = client.balance()  # the market runs on: the report's minute is this one or the next
    path = run(client=client, out_dir=tmp_path)
    after = client.balance()
    expected = [_by_hand(b, overnight, ledger, closes) for b in (before, after)]

    summary = {r[0]: r[1] for r in openpyxl.load_workbook(path)["Summary"].iter_rows(values_only=True) if r and r[0]}
    day = summary["Day P&L (after fees and tax)"]
    assert any(abs(day - pnl) < 0.5 for pnl, _ in expected), (day, expected)
    pnl, pct = next(e for e in expected if abs(day - e[0]) < 0.5)
    assert summary["Portfolio day %"] == pytest.approx(pct)
    assert summary["Portfolio vs benchmarks"].startswith(f"Portfolio {pct:+.2f} % vs KOSPI ")
    fees = sum(f["fee"] + f["tax"] for f in ledger)
    assert summary["Fees and tax of the day (KIS)"] == fees > 0
    assert summary["Day P&L before fees and tax"] == pytest.approx(day + fees)
    # what the report used to show: every holding against the previous close, buys and sales of the day ignored
    b = before if abs(day - expected[0][0]) < 0.5 else after
    naive = sum(h.quantity * (h.price - closes[h.code]) for h in b.holdings)
    assert abs(naive - pnl) > 1_000

    # a period report (day one's buys included) still takes the report day's fills and fees
    today = client.now().date()
    path = run(client=client, out_dir=tmp_path / "period", start=krx.previous_trading_day(today), end=today)
    period = {r[0]: r[1] for r in openpyxl.load_workbook(path)["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert period["Orders placed"] > summary["Orders placed"]
    assert period["Fees and tax of the day (KIS)"] == fees
    assert period["Bought today"] == sum(f["qty"] * f["price"] for f in ledger if f["side"] == "02")


def test_each_order_and_holding_row_names_its_stock(day_two, tmp_path):
    client, _, _ = day_two
    wb = openpyxl.load_workbook(run(client=client, out_dir=tmp_path))
    names = {"005930": "삼성전자", "000660": "SK하이닉스"}
    for sheet, code_col in (("Orders", 3), ("Holdings", 0), ("Realised P&L", 1)):
        rows = [r for r in wb[sheet].iter_rows(min_row=2, values_only=True) if r[code_col] and r[0] != "Total"]
        assert rows and all(r[code_col + 1] for r in rows), sheet
        assert {r[code_col]: r[code_col + 1] for r in rows if r[code_col] in names} == names or sheet == "Holdings"


def test_on_a_day_krx_does_not_trade_the_report_is_of_the_last_day_that_did(server, make_profile, tmp_path):
    client, overnight, ledger = trade_two_days(server, make_profile, before_a_closed_day=True)
    traded_on = client.now().date()
    closed = traded_on + timedelta(days=1)
    assert not krx.is_trading_day(closed)
    at = datetime.combine(closed, time(11, 0), tzinfo=krx.KST)
    server.world.shift_clock((at - client.now()).total_seconds())
    closes = {code: client.price(code).prev_close for code in set(overnight) | {f["code"] for f in ledger}}
    path = run(client=client, out_dir=tmp_path)
    assert path.name.startswith(f"KIS_report_{traded_on:%Y-%m-%d}_")
    summary = {r[0]: r[1] for r in openpyxl.load_workbook(path)["Summary"].iter_rows(values_only=True) if r and r[0]}
    pnl, _ = _by_hand(client.balance(), overnight, ledger, closes)
    assert summary["Day P&L (after fees and tax)"] == pytest.approx(pnl, abs=0.5)
    assert str(summary["Holdings and cash as of"]).startswith(f"{closed:%Y-%m-%d}")
    client.close()


def test_a_stock_in_two_balance_rows_is_one_position_and_a_missing_close_is_named():
    from datetime import date

    from kis_xl.models import Holding, OrderRecord, Side
    from kis_xl.report.data import day_pnl

    day = date(2025, 6, 2)
    cash = Holding("005930", "삼성전자", 10, 10, 60_000, 600_000, 70_000, 700_000, 100_000, 16.67)
    loan = Holding("005930", "삼성전자", 5, 5, 65_000, 325_000, 70_000, 350_000, 25_000, 7.69)  # 자기융자
    bought = OrderRecord(day, "1", "06010", "005930", "삼성전자", Side.BUY, "00", 5, 69_000, None, 3, 69_000, 207_000,
                         2)
    other = Holding("000660", "SK하이닉스", 2, 2, 190_000, 380_000, 200_000, 400_000, 20_000, 5.26)
    result = day_pnl([cash, loan, other], [bought], {"005930": 68_000}, 31.0)
    # 12 Samsung shares held overnight from 68,000, 3 bought today at 69,000; SK hynix without a close: no change
    assert result.before_fees == 15 * 70_000 - 12 * 68_000 - 207_000 == 27_000
    assert (result.total, result.fees_from_kis, result.missing) == (26_969, True, ("000660",))
    estimated = day_pnl([cash, loan], [bought], {"005930": 68_000}, 0.0)  # KIS gave no fee total: the estimate
    assert not estimated.fees_from_kis and estimated.fees == round(207_000 * 0.00015)
