"""Realised P&L in the simulator: average cost across days, fees and tax, periods, refusals, the state file."""

from datetime import date

import pytest

from kis_xl.client import KisClient
from kis_xl.errors import InvalidInput
from kis_xl.sim.server import SimServer
from tests.sim.test_field_lists import Session


@pytest.fixture
def server(tmp_path):
    with SimServer(seed=5, clock="2025-06-02T10:00:00+09:00", state_file=str(tmp_path / "state.json")) as s:
        yield s


def test_realised_pnl_over_days_uses_average_cost(server, make_profile):
    client = KisClient(make_profile(rest_url=server.real_url))
    client.buy("005930", 10)
    server.world.clock.set("2025-06-04T11:00:00+09:00")
    client.buy("005930", 10)
    client.sell("005930", 5)
    server.world.clock.set("2025-06-05T14:00:00+09:00")
    client.sell("005930", 5)
    acct = server.world.trading.account("real", client.profile.app_key, *client.profile.account.split("-"))
    buys = [f for f in acct.fills if f["side"] == "02"]
    avg = sum(f["qty"] * f["price"] for f in buys) / 20
    days, total = client.pnl_by_day(date(2025, 6, 1), date(2025, 6, 5))
    assert [d.date for d in days] == [date(2025, 6, 2), date(2025, 6, 4), date(2025, 6, 5)]
    assert days[0].realized == 0 and days[0].buy_amount == buys[0]["qty"] * buys[0]["price"]
    sells = [f for f in acct.fills if f["side"] == "01"]
    for day, fill in zip(days[1:], sells):
        assert fill["cost"] == pytest.approx(avg * 5)
        assert day.realized == round(fill["qty"] * fill["price"] - avg * 5 - fill["fee"] - fill["tax"])
        assert day.taxes == round(fill["tax"]) > 0
    assert abs(total.realized - sum(d.realized for d in days)) <= 2  # each figure rounded to the won
    trades, _ = client.pnl_by_stock(date(2025, 6, 5), date(2025, 6, 5))
    assert len(trades) == 1 and trades[0].sell_qty == 5 and trades[0].avg_cost == pytest.approx(avg, abs=0.01)
    with pytest.raises(InvalidInput, match="after end"):
        client.pnl_by_day(date(2025, 6, 5), date(2025, 6, 1))
    client.close()
    # the fills survive a restart from the state file
    with SimServer(seed=5, clock="2025-06-05T15:00:00+09:00", state_file=server.world.state_file) as again:
        acct2 = again.world.trading.account("real", client.profile.app_key, *client.profile.account.split("-"))
        assert acct2.fills == acct.fills


def test_kis_refuses_a_reversed_period(server):
    s = Session(server.real_url)
    body = {"INQR_STRT_DT": "20250605", "INQR_END_DT": "20250601", "SORT_DVSN": "00", "INQR_DVSN": "00",
            "CBLC_DVSN": "00"}
    with pytest.raises(AssertionError, match="INVALID_CHECK_DATE"):
        s.call("period_profit", body)
