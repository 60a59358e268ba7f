"""The CLI trades, modifies and cancels US stocks (a simulator pinned while New York is open)."""

import pytest

from kis_xl.cli.main import main
from kis_xl.sim.server import SimServer
from tests.conftest import point_profile


@pytest.fixture(scope="module")
def us_open():
    with SimServer(seed=13, clock="2025-06-02T23:00:00+09:00") as server:  # 10:00 in New York
        yield server


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _orders(us_open):
    [acct] = us_open.world.trading.accounts.values()
    return acct, acct.orders


def test_buy_modify_cancel_a_us_stock(us_open, monkeypatch, capsys):
    point_profile(monkeypatch, "sim", us_open.real_url)
    price = us_open.world.market.us_quote("AAPL", us_open.world.now()).price
    code, out, err = run(capsys, "buy", "AAPL", "2", "--price", f"{price * 1.01:.2f}")
    assert code == 0, err
    acct, orders = _orders(us_open)
    assert acct.positions["AAPL"].qty == 2 and orders[-1].market == "NASD"
    code, _, err = run(capsys, "buy", "NYS:KO", "1", "--price", "1")  # rests far below the market
    assert code == 0, err
    resting = orders[-1]
    assert (resting.code, resting.market, resting.working) == ("KO", "NYSE", True)
    code, out, err = run(capsys, "modify", resting.order_no, "--price", "1.5")  # found among the US orders
    assert code == 0, err
    replacement = orders[-1]
    assert (replacement.orig_order_no, replacement.price) == (resting.order_no, 1.5)
    code, out, err = run(capsys, "cancel", replacement.order_no, "--us")
    assert code == 0 and "cancelled" in out, err
    assert not any(o.working for o in orders)
    code, _, err = run(capsys, "sell", "AAPL", "1")
    assert code == 1 and "limit orders" in err


def test_orders_and_fills_list_us_orders_with_their_market(us_open, monkeypatch, capsys):
    import json

    point_profile(monkeypatch, "sim", us_open.real_url)
    price = us_open.world.market.us_quote("AAPL", us_open.world.now()).price
    assert run(capsys, "buy", "AAPL", "2", "--price", f"{price * 1.01:.2f}")[0] == 0  # fills at once
    code, out, _ = run(capsys, "buy", "NYS:KO", "1", "--price", "1")  # rests
    resting = out.split("order ")[1].split()[0]
    assert code == 0 and run(capsys, "modify", resting, "--price", "1.5")[0] == 0
    code, out, _ = run(capsys, "orders", "--json")
    listed = {(o["market"], o["code"], o["status"]) for o in json.loads(out)}
    assert code == 0 and listed == {("NAS", "AAPL", "FILLED"), ("NYS", "KO", "CANCELLED"), ("NYS", "KO", "OPEN")}
    code, out, _ = run(capsys, "fills", "--json")
    assert code == 0 and [(o["market"], o["code"], o["filled_qty"]) for o in json.loads(out)] == [("NAS", "AAPL", 2)]
    code, out, _ = run(capsys, "orders")
    assert code == 0 and "KRX: 0 orders" in out and "US: 3 orders; bought 2 shares for $" in out
