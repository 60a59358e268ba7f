"""Client core against the simulator: tokens, limiter, retries, error mapping, paging, profiles."""

import json
import os
import subprocess
import sys
import threading
from datetime import date

import pytest

from kis_xl.client import KisClient
from kis_xl.client.ratelimit import RateLimiter
from kis_xl.codes import InvalidCode
from kis_xl.errors import (
    NotOffered,
    OrderNotSent,
    OrderOutcomeUnknown,
    RateLimited,
    TransportError,
)


def test_token_is_cached_on_disk_privately_and_reused(make_profile, isolated_env):
    profile = make_profile()
    first = KisClient(profile)
    first.price("005930")
    files = list((isolated_env / "cache" / "tokens").glob("*.json"))
    assert len(files) == 1
    assert oct(files[0].stat().st_mode & 0o777) == "0o600"
    assert profile.app_key not in files[0].name and profile.app_key not in files[0].read_text()
    second = KisClient(profile)  # a fresh process would do the same: read the file, issue nothing
    second.price("000660")
    assert first.stats.tokens_issued == 1 and second.stats.tokens_issued == 0


RACE = """
import json, sys
from kis_xl.client import KisClient
from kis_xl.config import Profile
p = Profile(**json.loads(sys.argv[1]))
c = KisClient(p)
c.price("005930")
print(c.stats.tokens_issued)
"""


def test_two_processes_share_one_token(sim, make_profile, isolated_env):
    profile = make_profile()
    fields = {k: getattr(profile, k) for k in ("name", "domain", "rest_url", "app_key", "app_secret", "account",
                                              "simulator")} | {"ws_url": None}
    env = dict(os.environ)
    procs = [subprocess.Popen([sys.executable, "-c", RACE, json.dumps(fields)], env=env, stdout=subprocess.PIPE,
                              text=True) for _ in range(2)]
    issued = sorted(int(p.communicate(timeout=60)[0].strip()) for p in procs)
    assert issued == [0, 1]
    assert sim.world.token_issues[profile.app_key] == 1


def test_expired_token_is_reissued_once_transparently(sim, make_client):
    client = make_client()
    client.price("005930")
    sim.world.expire_tokens()
    assert client.price("005930").price > 0
    assert client.stats.tokens_issued == 2


def test_limiter_holds_a_slot_until_period_after_the_answer():
    limiter = RateLimiter(5, 0.2)
    import time

    stamps = []
    lock = threading.Lock()

    def worker():
        for _ in range(5):
            ticket, _ = limiter.acquire()
            with lock:
                stamps.append(time.monotonic())
            time.sleep(0.01)  # the call is in flight
            limiter.release(ticket)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stamps.sort()
    assert len(stamps) == 20
    assert all(b - a >= 0.2 + 0.01 - 1e-3 for a, b in zip(stamps, stamps[5:]))


def test_burst_of_100_queries_from_many_threads_hits_no_rate_limit(sim, make_client):
    client = make_client()
    errors = []

    def worker(codes):
        for code in codes:
            try:
                client.price(code)
            except Exception as exc:  # collected and asserted below
                errors.append(exc)

    codes = [f"{100_000 + i:06d}" for i in range(100)]
    threads = [threading.Thread(target=worker, args=(codes[i::8],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert client.stats.requests == 100 and client.stats.retries == 0
    assert client.stats.rate_limit_wait_s > 2.5  # 100 calls at 20/s must have waited about 5 s (the real pace, end
    # to end; the limiter's arithmetic is checked on a simulated clock in test_rate_pace.py)


def test_queries_retry_injected_rate_limit_and_server_errors(sim, make_client, quick_retries):
    client = make_client()
    client.price("005930")
    sim.world.faults.rate_limits = 2
    sim.world.faults.server_errors = 1
    assert client.price("005930").price > 0
    assert client.stats.retries == 3


def test_orders_are_not_retried_on_server_errors(sim, make_client):
    client = make_client()
    client.price("005930")
    sim.world.faults.server_errors = 1
    with pytest.raises(OrderOutcomeUnknown, match="HTTP 500.*EGW00002"):  # a 5xx may come after booking
        client.buy("005930", 1)
    assert client.stats.retries == 0
    assert client.daily_orders().orders == []


def test_a_rate_limited_order_is_not_sent_and_not_retried(sim, make_client):
    client = make_client()
    client.price("005930")
    sim.world.faults.rate_limits = 1
    with pytest.raises(OrderNotSent, match="EGW00201"):  # refused before processing: safe to send again
        client.buy("005930", 1)
    assert client.stats.retries == 0 and client.daily_orders().orders == []


def test_error_mapping(sim, make_client, quick_retries):
    client = make_client()
    with pytest.raises(InvalidCode, match="995000"):
        client.price("995000")
    with pytest.raises(InvalidCode):
        client.price("junk!")
    sim.world.faults.rate_limits = 10
    with pytest.raises(RateLimited) as err:
        client.price("005930")
    sim.world.faults.rate_limits = 0
    assert err.value.msg_cd == "EGW00201" and "초당" in err.value.msg1
    mock = make_client("mock")
    with pytest.raises(NotOffered):
        mock.transport.call("multi_price", params={})
    sim.world.faults.garbage = 10
    with pytest.raises(TransportError, match="not a KIS reply"):
        client.price("005930")
    sim.world.faults.garbage = 0


def test_long_history_pages_without_gaps_or_duplicates(make_client):
    client = make_client()
    bars = client.history("005930", date(2023, 1, 1), date(2025, 5, 30))
    days = [b.date for b in bars]
    assert days == sorted(set(days)) and len(days) > 550  # ~6 pages of 100
    assert days[0] == date(2023, 1, 2) and days[-1] == date(2025, 5, 30)
    assert client.stats.requests >= 6
    assert client.history("005930", date(2024, 3, 1), date(2024, 3, 31)) == [b for b in bars if b.date.year == 2024
                                                                             and b.date.month == 3]
    weekly = client.history("005930", date(2024, 1, 1), date(2024, 12, 31), period="W")
    assert 50 <= len(weekly) <= 53


def test_batched_prices_and_per_code_fallback_on_mock(make_client):
    real = make_client()
    codes = [f"{200_000 + i:06d}" for i in range(65)] + ["999999"]
    quotes = real.prices(codes)
    assert len(quotes) == 65 and "999999" not in quotes
    assert real.stats.requests == 3  # 30 + 30 + 6 codes
    mock = make_client("mock")
    assert set(mock.prices(["005930", "000660"])) == {"005930", "000660"}
    assert mock.stats.requests == 2


def test_market_data_through_another_profile(make_profile):
    real = KisClient(make_profile("real"))
    mock = KisClient(make_profile("mock"), market_client=real)
    mock.prices(["005930", "000660", "035420"])
    assert real.stats.requests == 1 and mock.stats.requests == 0


def test_other_market_data(sim, make_client):
    client = make_client()
    book = client.orderbook(5930)  # a number, as Excel leaves 005930
    assert len(book.asks) == len(book.bids) == 10 and book.asks[0].price > book.bids[0].price
    assert client.stock_name("A005930") == "삼성전자"
    since_open = (sim.world.now() - sim.world.now().replace(hour=9, minute=0, second=0)).total_seconds() // 60
    assert abs(len(client.minute_bars("005930")) - since_open) <= 1  # one bar a minute since 09:00 (clock runs)
    aapl = client.us_price("AAPL")
    assert aapl.market == "NAS" and aapl.currency == "USD"
    assert client.us_price("NYS:KO".split(":")[1], "NYS").market == "NYS"
    with pytest.raises(InvalidCode):
        client.us_price("NOPE")
    assert len(client.us_history("SPY", date(2025, 1, 1), date(2025, 5, 30))) > 90
