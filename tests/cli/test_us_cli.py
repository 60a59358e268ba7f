"""The CLI trades, modifies and cancels US stocks, and shows their detail, book and realised P&L (a simulator pinned
while New York is open)."""

import json

import pytest

from kis_xl.cli.main import main
from kis_xl.sim.accounts import USD_KRW
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


def test_quote_detail_gives_us_ratios_and_domestic_ones(us_open, monkeypatch, capsys):
    point_profile(monkeypatch, "sim", us_open.real_url)
    code, out, err = run(capsys, "quote", "AAPL", "005930", "--detail", "--json")
    assert code == 0, err
    aapl, samsung = json.loads(out)
    assert aapl["code"] == "AAPL" and aapl["currency"] == "USD"
    for row in (aapl, samsung):
        assert all(row[k] for k in ("per", "pbr", "eps", "bps", "market_cap", "high_52w", "low_52w", "tick",
                                    "listed_shares")), row
    assert aapl["trading_unit"] == 1 and aapl["krw_price"] == pytest.approx(aapl["price"] * USD_KRW, abs=1)
    code, out, _ = run(capsys, "quote", "AAPL", "--json")
    assert code == 0 and "per" not in json.loads(out)[0]


def test_quote_detail_of_an_unknown_us_symbol_says_so(us_open, monkeypatch, capsys):
    point_profile(monkeypatch, "sim", us_open.real_url)
    code, _, err = run(capsys, "quote", "NOSUCH", "--detail")
    assert code != 0 and "NOSUCH" in err and "Traceback" not in err


def test_quote_detail_on_mock_says_kis_offers_it_on_real_only(us_open, monkeypatch, capsys):
    point_profile(monkeypatch, "mock", us_open.mock_url)
    code, _, err = run(capsys, "quote", "AAPL", "--detail")
    assert code != 0 and "모의투자 미지원" in err and "unknown" not in err


def test_us_orderbook_shows_the_one_level_kis_gives(us_open, monkeypatch, capsys):
    point_profile(monkeypatch, "sim", us_open.real_url)
    code, out, err = run(capsys, "orderbook", "AAPL", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["side"], r["level"]) for r in rows] == [("ask", 1), ("bid", 1)]
    assert rows[0]["price"] > rows[1]["price"] > 0
    code, out, _ = run(capsys, "orderbook", "AAPL")
    assert code == 0 and "one level" in out


def test_pnl_us_in_dollars_and_won(us_open, monkeypatch, capsys):
    point_profile(monkeypatch, "sim", us_open.real_url)
    price = us_open.world.market.us_quote("MSFT", us_open.world.now()).price
    assert run(capsys, "buy", "MSFT", "2", "--price", f"{price * 1.02:.2f}")[0] == 0
    assert run(capsys, "sell", "MSFT", "2", "--price", f"{price * 0.98:.2f}")[0] == 0
    code, out, err = run(capsys, "pnl", "--us", "--from", "2025-06-02", "--to", "2025-06-02", "--json")
    assert code == 0, err
    *trades, total = json.loads(out)
    assert [(r["code"], r["sell_qty"], r["currency"]) for r in trades] == [("MSFT", 2, "USD")]
    assert total["date"] == "total" and total["realized"] == pytest.approx(trades[0]["realized"], abs=0.01)
    code, out, err = run(capsys, "pnl", "--us", "--krw", "--from", "2025-06-02", "--to", "2025-06-02", "--json")
    assert code == 0, err
    won = json.loads(out)[0]
    assert won["currency"] == "KRW" and won["realized"] == pytest.approx(trades[0]["realized"] * USD_KRW, abs=2)


@pytest.mark.parametrize("argv", [("--krw",), ("--us", "--by", "day")])
def test_pnl_us_options_that_do_not_go_together_are_refused(us_open, monkeypatch, capsys, argv):
    point_profile(monkeypatch, "sim", us_open.real_url)
    code, out, err = run(capsys, "pnl", "--from", "2025-06-02", *argv)
    assert code != 0 and err.strip() and "Traceback" not in err and not out


def test_us_orderbook_says_in_korean_that_kis_gives_one_level(us_open, monkeypatch, capsys, korean):
    point_profile(monkeypatch, "sim", us_open.real_url)
    code, out, err = run(capsys, "orderbook", "AAPL")
    assert code == 0, err
    assert "KIS는 미국 종목의 호가를 매도·매수 1호가만 줍니다" in " ".join(out.split())  # the title may wrap
    code, _, err = run(capsys, "pnl", "--from", "2025-06-02", "--krw")
    assert code != 0 and "--krw는 --us와 함께 씁니다" in err
