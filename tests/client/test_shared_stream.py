"""One WebSocket session per app key, shared by every process that watches: a loopback socket on one machine,
Redis across machines; when the owner exits another process takes over. Nobody meets OPSP8996."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from kis_xl import realtime as rt
from kis_xl.client.share import LocalShare, RedisShare
from kis_xl.client.shared import key_digest
from kis_xl.client.stream import Stream, fetch_approval_key, ws_base
from kis_xl.sim.ws import hub
from tests.client.test_shared_budget import RedisServer


@pytest.fixture
def fast_feed(sim):
    settings = hub(sim.world).settings
    sim.world.market.quote("005930", sim.world.now())
    saved, settings.trade_rate = settings.trade_rate, 20.0
    yield settings
    settings.trade_rate = saved


def until(condition, timeout: float = 10.0, step: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    raise AssertionError("condition not met in time")


@pytest.fixture
def streams():
    made = []
    yield made
    for s in made:
        s.close()


def shared_stream(profile, folder, streams: list, redis_url: str | None = None, label: str | None = None) -> Stream:
    url = ws_base(profile)
    digest = key_digest(url, profile.app_key)
    shares = ([RedisShare(redis_url, digest)] if redis_url else []) + [LocalShare(folder, digest)]
    s = Stream(url=url, approval=lambda: fetch_approval_key(profile), hts_id=profile.hts_id, shares=shares,
               label=label)
    streams.append(s)
    return s


def sessions_of(sim, profile) -> int:
    return sum(1 for (domain, key) in hub(sim.world).sessions if key == profile.app_key)


def test_two_watchers_in_one_machine_share_one_session_and_take_over(sim, fast_feed, make_profile, tmp_path,
                                                                     streams):
    profile = make_profile()
    excel = shared_stream(profile, tmp_path / "stream", streams, label="Excel (1)")
    watcher = shared_stream(profile, tmp_path / "stream", streams, label="kis-xl watch (2)")
    got_excel, got_watch = [], []
    excel.on_quotes(got_excel.extend)
    watcher.on_quotes(got_watch.extend)
    excel.watch(["005930"])
    until(lambda: excel.role == "owner" and excel.streaming("005930"))
    watcher.watch(["005930", "000660"])
    until(lambda: watcher.streaming("000660") and {q.code for q in got_watch} == {"005930", "000660"})
    assert watcher.role == "member" and sessions_of(sim, profile) == 1
    assert {q.code for q in got_excel} == {"005930"}  # each process hears what it asked for
    rows = {r["key"]: r for r in watcher.rows()}
    assert rows["005930"]["held_by"] == "Excel (1), kis-xl watch (2)" and rows["000660"]["source"] == "stream"
    excel.close()  # the owner goes: the watcher takes the session over
    started = time.monotonic()
    until(lambda: watcher.role == "owner" and watcher.streaming("000660"), timeout=5)
    count = len(got_watch)
    until(lambda: len(got_watch) > count)
    assert time.monotonic() - started < 10.0  # taken over within seconds (slack for a loaded machine)
    assert excel.stats.refused == watcher.stats.refused == 0  # never OPSP8996
    assert sessions_of(sim, profile) == 1


OWNER = """
import json, sys, time
from pathlib import Path
from kis_xl.config import Profile
from kis_xl.client.share import LocalShare
from kis_xl.client.shared import key_digest
from kis_xl.client.stream import Stream, fetch_approval_key, ws_base
p = Profile(**json.loads(sys.argv[1]))
url = ws_base(p)
s = Stream(url=url, approval=lambda: fetch_approval_key(p), shares=[LocalShare(Path(sys.argv[2]), key_digest(url, p.app_key))],
           label="Excel")
s.watch(["000660"])
while not (s.role == "owner" and s.streaming("000660")):
    time.sleep(0.02)
print("owner", flush=True)
while True:
    s.watch(["000660"])
    time.sleep(0.2)
"""


def test_a_process_that_dies_owning_the_session_is_replaced_within_seconds(sim, fast_feed, make_profile, tmp_path,
                                                                           streams):
    profile = make_profile()
    fields = {k: getattr(profile, k) for k in ("name", "domain", "rest_url", "ws_url", "app_key", "app_secret",
                                               "account", "hts_id", "simulator")}
    owner = subprocess.Popen([sys.executable, "-c", OWNER, json.dumps(fields), str(tmp_path / "stream")],
                             stdout=subprocess.PIPE, text=True, env=dict(os.environ))
    try:
        assert owner.stdout.readline().strip() == "owner"
        mine = shared_stream(profile, tmp_path / "stream", streams, label="kis-xl watch")
        got = []
        mine.on_quotes(got.extend)
        mine.watch(["005930"])
        until(lambda: mine.streaming("005930") and got)
        assert mine.role == "member" and sessions_of(sim, profile) == 1
        assert mine.view.owner == "Excel" and set(mine.view.holders) >= {(rt.TRADES, "005930"), (rt.TRADES, "000660")}
        owner.send_signal(signal.SIGKILL)  # Excel crashes: no goodbye
        started = time.monotonic()
        until(lambda: mine.role == "owner" and mine.streaming("005930"), timeout=10)
        count = len(got)
        until(lambda: len(got) > count)
        assert time.monotonic() - started < 10.0 and mine.stats.refused == 0  # within seconds, with slack
    finally:
        owner.kill()
        owner.wait(10)


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer()
    yield server
    server.stop()


def test_processes_on_several_machines_share_one_session_through_redis(sim, fast_feed, make_profile, tmp_path,
                                                                       streams, redis_server):
    profile = make_profile()
    first = shared_stream(profile, tmp_path / "a", streams, redis_server.url, label="machine A")
    second = shared_stream(profile, tmp_path / "b", streams, redis_server.url, label="machine B")
    got = []
    second.on_quotes(got.extend)
    first.watch(["005930"])
    until(lambda: first.role == "owner" and first.streaming("005930"))
    second.watch(["000660"])
    until(lambda: second.streaming("000660") and any(q.code == "000660" for q in got))
    assert second.role == "member" and all(q.code == "000660" for q in got) and sessions_of(sim, profile) == 1
    first.close()
    until(lambda: second.role == "owner" and second.streaming("000660"), timeout=10)
    assert first.stats.refused == second.stats.refused == 0 and sessions_of(sim, profile) == 1
