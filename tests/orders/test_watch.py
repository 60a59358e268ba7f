"""``orders watch``: rows follow KIS's fill notices (fills, modifications, cancels) until every row is final."""

from __future__ import annotations

import threading
import time

import pytest

from kis_xl.client import KisClient
from kis_xl.client.stream import stream_for
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import submit
from kis_xl.orders.watch import watch_sheet
from tests.orders.test_order_sheet import make_sheet, results


@pytest.fixture
def warm(sim):
    sim.world.market.quote("005930", sim.world.now())  # calendars and series built before any timing


class Following:
    """``watch_sheet`` on its own thread, with its own client (its own counters) and stream."""

    def __init__(self, path, profile):
        self.client = KisClient(profile)
        self.stream = stream_for(self.client.profile)
        self.updates, self.out = [], {}
        self.thread = threading.Thread(target=lambda: self.out.setdefault("outcome", watch_sheet(
            path, self.client, self.stream, timeout=20, on_update=self.updates.append)))
        self.thread.start()

    def wait_until(self, ready, within=10.0):
        deadline = time.monotonic() + within
        while not ready():
            assert time.monotonic() < deadline
            time.sleep(0.02)

    def finish(self, within=15.0):
        self.thread.join(timeout=within)
        assert not self.thread.is_alive()

    def close(self):
        self.stream.close()
        self.client.close()


def test_rows_follow_fill_notices_until_final(sim, warm, make_client, tmp_path):
    client = make_client()
    q = client.price("005930")
    low = q.lower_limit
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "LIMIT", low, "KRX", "a"),
                                            ("005930", "BUY", 2, "LIMIT", low, "KRX", "b"),
                                            ("005930", "BUY", 1, "LIMIT", q.price, "KRX", "c")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    rows = results(path)
    order_a, order_b = (r["Order No"] for r in list(rows.values())[:2])
    follow = Following(path, client.profile)
    try:
        follow.wait_until(lambda: follow.stream.notices_live() and any(
            u["code"] == "005930" and u["status"] == "FILLED" for u in follow.updates))  # row c: told by REST
        requests_after_sync = follow.client.stats.requests
        client.modify_order(order_a, price=q.upper_limit)  # marketable however the price moved: modified, then filled
        client.cancel_order(order_b)
        follow.finish()
    finally:
        follow.close()
    final = {r["Tag"]: r for r in results(path).values()}
    assert final["a"]["Status"] == "FILLED" and final["a"]["Filled"] == 3
    assert final["a"]["Order No"] != order_a  # followed to the modified order's number
    listed = next(o for o in client.daily_orders().orders if o.order_no == final["a"]["Order No"])
    assert final["a"]["Avg Price"] == listed.avg_fill_price > 0  # the fills' average, as KIS lists it
    assert f"at avg {listed.avg_fill_price:,.0f}" in final["a"]["Message"]
    assert final["b"]["Status"] == "CANCELLED"
    assert final["c"]["Status"] == "FILLED"
    # notices, not REST, after the first look: at most one more read, for fills inside that look's second
    assert follow.client.stats.requests <= requests_after_sync + 1
    assert {r["status"] for r in follow.out["outcome"].rows} == {"FILLED", "CANCELLED"}


def test_cli_orders_watch_stops_when_every_row_is_final(sim_env, sim, warm, tmp_path, capsys):
    from kis_xl.cli.main import main
    from kis_xl.connect import open_client

    client = open_client("sim")
    q = client.price("005930")
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "LIMIT", q.upper_limit, "KRX", "x")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    client.close()
    assert main(["orders", "watch", str(path), "--timeout", "10", "--json"]) == 0
    assert '"status": "FILLED"' in capsys.readouterr().out
    assert [r["Status"] for r in results(path).values()] == ["FILLED"]


def test_us_rows_follow_the_us_notice_feed(make_profile, tmp_path):
    """A US row's cancel arrives on H0GSCNI0 (KIS's overseas layout); the follower reads KIS's US list for it."""
    from kis_xl.sim.server import SimServer

    with SimServer(seed=3, clock="2025-06-02T23:30:00+09:00") as server:  # 10:30 in New York
        client = KisClient(make_profile(rest_url=server.real_url, ws_url=server.real_url.replace("http", "ws")))
        price = client.us_price("AAPL").price
        path = make_sheet(tmp_path / "us.xlsx", [("AAPL", "BUY", 1, "LIMIT", round(price * 0.8, 2), "NAS", "rest"),
                                                 ("AAPL", "BUY", 1, "LIMIT", round(price * 1.1, 2), "NAS", "now")])
        submit(OpenpyxlSheet(path), str(path), client=client)
        follow = Following(path, client.profile)
        try:
            follow.wait_until(lambda: follow.stream.notices_live(us=True) and any(
                u["status"] == "FILLED" for u in follow.updates))  # the first read has told the filled row
            resting = next(o for o in client.us_daily_orders().orders if not o.filled_qty)
            client.cancel_us_order(resting.order_no)  # told by a notice on the US feed only
            follow.finish(within=20)
        finally:
            follow.close()
            client.close()
    final = {r["Tag"]: r["Status"] for r in results(path).values()}
    assert final == {"rest": "CANCELLED", "now": "FILLED"}
