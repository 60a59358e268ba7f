"""The profile's fat-finger caps guard every path that sends an order, in one place (``kis_xl.caps``).

A table over the senders: the client's place_order and modify_order, the CLI's buy/sell/modify, the order
sheet's rows and its batch; KRX orders in won, US orders in dollars (max_order_usd) or converted at KIS's
posted rate and said so. Nothing over a cap leaves the machine.
"""

from __future__ import annotations

import pytest

from kis_xl.cli.main import main
from kis_xl.client import KisClient
from kis_xl.errors import InvalidOrder
from kis_xl.sim.accounts import USD_KRW
from kis_xl.sim.server import SimServer
from tests.conftest import point_profile

from .test_order_sheet import make_sheet, results

CAP = 1_000_000


@pytest.fixture(scope="module")
def us_sim():
    with SimServer(seed=3, clock="2025-06-02T23:30:00+09:00") as server:  # 10:30 in New York
        yield server


def capped(make_profile, url=None, **caps) -> KisClient:
    settings = {"max_order_amount": CAP} | caps
    return KisClient(make_profile(**({"rest_url": url} if url else {}), **settings), timeout=2)


def test_the_client_refuses_orders_over_the_caps_before_sending(sim, make_profile):
    client = capped(make_profile, max_batch_amount=3 * CAP)
    q = client.price("005930")
    cases = {
        "a limit buy of 100 shares": lambda: client.buy("005930", 100, q.lower_limit),
        "a market buy, valued at the upper limit": lambda: client.buy("005930", int(CAP // q.upper_limit) + 1),
    }
    for send in cases.values():
        with pytest.raises(InvalidOrder, match="per-order cap 1,000,000"):
            send()
    shares = int(CAP // q.lower_limit)
    ack = client.buy("005930", shares, q.lower_limit)  # within the cap: it goes out
    with pytest.raises(InvalidOrder, match="not modified: amount .* exceeds the per-order cap"):
        client.modify_order(ack.id, price=q.upper_limit)
    with pytest.raises(InvalidOrder, match="not modified: price .* is above today's upper limit"):
        client.modify_order(ack.id, price=q.upper_limit + 1_000)
    assert len(client.daily_orders().orders) == 1
    client.close()


def test_a_us_order_is_held_to_its_dollar_cap_or_to_the_won_cap_at_kiss_rate(us_sim, make_profile):
    won = capped(make_profile, us_sim.real_url)  # no max_order_usd: converted at KIS's posted rate
    price = round(won.us_price("AAPL").price * 0.8, 2)
    shares = int(CAP / USD_KRW / price) + 1  # just over 1,000,000 won
    with pytest.raises(InvalidOrder, match=rf"won at {USD_KRW:,.2f} won/\$ \(KIS's posted rate\) exceeds the "
                                           r"per-order cap 1,000,000 won"):
        won.place_order(_us(shares, price))
    won.place_order(_us(shares - 2, price))  # under it: sent
    dollars = capped(make_profile, us_sim.real_url, max_order_usd=100)
    with pytest.raises(InvalidOrder, match=r"exceeds the per-order cap \$100.00 \(max_order_usd\)"):
        dollars.place_order(_us(1, price))
    assert len(won.us_daily_orders().orders) == 1 and dollars.us_daily_orders().orders == []
    won.close()
    dollars.close()


def _us(quantity, price):
    from kis_xl.models import OrderRequest, OrderType, Side

    return OrderRequest("AAPL", Side.BUY, quantity, price, OrderType.LIMIT, "NAS")


def test_the_cli_refuses_buy_sell_and_modify_over_the_cap(sim, monkeypatch, capsys, tmp_path):
    point_profile(monkeypatch, "sim", sim.real_url)
    config = tmp_path / "caps.toml"
    config.write_text(f"[profiles.sim]\nmax_order_amount = {CAP}\n", encoding="utf-8")
    monkeypatch.setenv("KIS_XL_CONFIG", str(config))
    import json

    from kis_xl.connect import open_client

    with open_client("sim") as client:
        q = client.price("005930")
    code, _, err = _run(capsys, "buy", "005930", "100", "--price", str(q.lower_limit), "--yes")
    assert code == 1 and "per-order cap 1,000,000" in err and "Traceback" not in err
    shares = int(CAP // q.lower_limit)  # within the cap at the lower limit, over it at the upper
    code, out, _ = _run(capsys, "buy", "005930", str(shares), "--price", str(q.lower_limit), "--yes")
    assert code == 0
    order_no = out.split("order ")[1].split()[0]
    code, _, err = _run(capsys, "modify", order_no, "--price", str(q.upper_limit), "--yes")
    assert code == 1 and "not modified" in err and "per-order cap" in err
    code, out, _ = _run(capsys, "orders", "--json")
    assert len(json.loads(out)) == 1  # only the order within the cap


def _run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_the_sheet_holds_each_row_and_the_batch_to_the_caps(sim, make_profile, tmp_path):
    client = capped(make_profile, max_batch_amount=1_500_000)
    low = client.price("005930").lower_limit
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 100, "LIMIT", low, "KRX", "big"),
                                            ("005930", "BUY", 1, "LIMIT", low, "KRX", "small")])
    from kis_xl.orders.book import OpenpyxlSheet
    from kis_xl.orders.service import submit

    submit(OpenpyxlSheet(path), str(path), client=client)
    rows = {r["Tag"]: r for r in results(path).values()}
    assert rows["big"]["Status"] == "INVALID" and "per-order cap 1,000,000" in rows["big"]["Message"]
    assert rows["small"]["Status"] in ("SENT", "FILLED")
    n = int(1_000_000 // low)  # each row under the per-order cap, together over the batch cap
    path = make_sheet(tmp_path / "b.xlsx", [("005930", "BUY", n, "LIMIT", low, "KRX", t) for t in ("a", "b")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert all(r["Status"] == "INVALID" and "over the batch cap 1,500,000" in r["Message"]
               for r in results(path).values())
    assert len(client.daily_orders().orders) == 1
    client.close()
