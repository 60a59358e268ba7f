"""Simulator accounts: state across restarts, strict accounts, the starting deposit, partial fills."""

import requests

from kis_xl.client import KisClient
from kis_xl.errors import KisError
from kis_xl.sim.server import SimServer

CLOCK = "2025-06-02T10:00:00+09:00"


def test_state_survives_a_restart_and_reset_starts_fresh(make_profile, tmp_path):
    state = tmp_path / "sim.json"
    profile = None
    with SimServer(clock=CLOCK, state_file=str(state)) as first:
        profile = make_profile(rest_url=first.real_url)
        client = KisClient(profile)
        client.buy("005930", 5)
        client.close()
    assert state.exists()
    with SimServer(clock=CLOCK, state_file=str(state)) as second:
        again = KisClient(make_profile(rest_url=second.real_url, app_key=profile.app_key,
                                       app_secret=profile.app_secret, account=profile.account))
        assert [(h.code, h.quantity) for h in again.balance().holdings] == [("005930", 5)]
        assert len(again.daily_orders().orders) == 1
        again.close()
    state.unlink()
    with SimServer(clock=CLOCK, state_file=str(state)) as fresh:
        client = KisClient(make_profile(rest_url=fresh.real_url, app_key=profile.app_key,
                                        app_secret=profile.app_secret, account=profile.account))
        assert client.balance().holdings == []
        client.close()


def test_strict_accounts_and_starting_cash(make_profile):
    with SimServer(clock=CLOCK, strict_accounts=True, starting_cash=1_234_000) as server:
        client = KisClient(make_profile(rest_url=server.real_url))
        try:
            client.balance()
        except KisError as exc:
            assert exc.msg_cd == "OPSQ2000"
        else:
            raise AssertionError("an unknown account must be refused in strict mode")
        server.world.trading.open_account("real", client.profile.app_key, client.profile.cano, client.profile.product)
        assert client.balance().summary.deposit == 1_234_000
        client.close()


def test_large_orders_fill_partially_per_minute(make_client, sim):
    client = make_client()
    code = "100021"  # a synthetic stock near 2,500 won that trades a few hundred shares a minute
    assert client.price(code).price * 3_000 < 10_000_000
    client.buy(code, 3_000)  # more than one minute's liquidity (at least 1,000 shares, a quarter of the volume)
    [order] = client.daily_orders().orders
    assert 0 < order.filled_qty < 3_000 and order.remaining_qty == 3_000 - order.filled_qty


def test_clock_admin_endpoint(sim):
    before = requests.post(sim.real_url + "/sim/clock", json={}, timeout=5).json()["now"]
    after = requests.post(sim.real_url + "/sim/clock", json={"advance": 60}, timeout=5).json()["now"]
    requests.post(sim.real_url + "/sim/clock", json={"advance": -60}, timeout=5)
    assert after > before


def test_state_file_never_holds_an_app_key(make_profile, tmp_path):
    state = tmp_path / "sim.json"
    with SimServer(clock=CLOCK, state_file=str(state)) as server:
        profile = make_profile(rest_url=server.real_url)
        client = KisClient(profile)
        client.buy("005930", 1)
        client.close()
    text = state.read_text()
    assert profile.app_key not in text and profile.app_secret not in text and "005930" in text
