"""The simulator's fault switches and control endpoints: what a soak drives from another process."""

import pytest
import requests

from kis_xl.errors import OrderNotSent, OrderOutcomeUnknown
from kis_xl.sim.routes_control import is_loopback


@pytest.fixture
def faults(sim):
    yield sim.world.faults
    sim.world.faults.reset()


@pytest.mark.parametrize(("fault", "booked"), [
    ("order_reset_before", 0), ("order_reset_after", 1), ("order_error_after", 1), ("order_timeout_after", 1),
])
def test_order_faults_lose_the_answer_before_or_after_booking(sim, make_client, faults, fault, booked):
    from kis_xl.client import KisClient

    client = KisClient(make_client().profile, timeout=1)
    client.price("005930")
    r = requests.post(sim.real_url + "/sim/faults", json={fault: 1, "order_hold": 2}, timeout=5)
    assert r.status_code == 200 and r.json()[fault] == 1
    with pytest.raises(OrderOutcomeUnknown):
        client.buy("005930", 1)
    assert len(client.daily_orders().orders) == booked
    assert faults.order_reset_before == faults.order_reset_after == faults.order_error_after == 0
    client.close()


def test_rate_limit_storm_and_token_expiry(sim, make_client, faults):
    client = make_client()
    client.price("005930")
    requests.post(sim.real_url + "/sim/faults", json={"rate_limits": 1}, timeout=5)
    with pytest.raises(OrderNotSent):
        client.buy("005930", 1)
    requests.post(sim.real_url + "/sim/faults", json={"expire_tokens": 1}, timeout=5)
    before = sim.world.token_issues[client.profile.app_key]
    assert client.buy("005930", 1).order_no  # the token is renewed and the order goes out once
    assert sim.world.token_issues[client.profile.app_key] == before + 1
    assert len(client.daily_orders().orders) == 1


@pytest.mark.parametrize("body", [b"[1, 2]", b"not json", b'{"nonsense": 1}', b'{"rate_limits": "many"}',
                                  b'{"rate_limits": -1}', b'{"rate_limits": true}'])
def test_malformed_fault_bodies_are_refused_and_change_nothing(sim, faults, body):
    r = requests.post(sim.real_url + "/sim/faults", data=body, timeout=5)
    assert r.status_code == 400 and r.json()["error"]
    assert requests.get(sim.real_url + "/sim/faults", timeout=5).json()["rate_limits"] == 0


@pytest.mark.parametrize("body", [b"[1]", b'"2025-06-02"', b'{"set": "yesterday"}', b'{"advance": "x"}',
                                  b'{"jump": 5}'])
def test_malformed_clock_bodies_are_refused(sim, body):
    before = requests.post(sim.real_url + "/sim/clock", json={}, timeout=5).json()["now"]
    r = requests.post(sim.real_url + "/sim/clock", data=body, timeout=5)
    assert r.status_code == 400 and "error" in r.json()
    assert requests.post(sim.real_url + "/sim/clock", json={}, timeout=5).json()["now"][:16] == before[:16]


def test_faults_clear_and_control_answers_loopback_only(sim, faults):
    requests.post(sim.real_url + "/sim/faults", json={"server_errors": 3}, timeout=5)
    assert requests.delete(sim.real_url + "/sim/faults", timeout=5).json()["server_errors"] == 0
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("127.8.0.1")
    assert not is_loopback("192.168.0.10") and not is_loopback("10.0.0.1") and not is_loopback("")


def test_kis_xl_sim_takes_documented_fault_flags(capsys):
    from kis_xl.cli.main import main

    with pytest.raises(SystemExit):
        main(["sim", "--help"])
    help_text = capsys.readouterr().out
    for name in ("order_reset_before", "order_reset_after", "order_error_after", "order_timeout_after",
                 "rate_limits", "expire_tokens"):
        assert name in help_text
    assert main(["sim", "--port", "0", "--fault", "nonsense=1"]) == 1
    assert "unknown fault 'nonsense'" in capsys.readouterr().err
