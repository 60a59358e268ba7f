"""Shared fixtures: every test gets private config and cache dirs; the simulator runs once per session."""

from __future__ import annotations

import itertools
import os
import secrets
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, settings

from tests import workers

# xlwings' remote-book and custom-function machinery (PRO code) drives the Excel entry points in these tests;
# kis-xl is open source and noncommercial, so its test suite uses the noncommercial key (set before xlwings loads).
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

# Hypothesis' speed check times input generation, not the feature: on two cores shared by several workers (and a
# fresh clone's first text strategy building its Unicode tables) one draw took 35 s and failed a property test.
settings.register_profile("suite", suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")

SIM_CLOCK = "2025-06-02T10:00:00+09:00"  # a Monday, mid-session: orders can trade at any hour of CI
_ENV_VARS = ("KIS_XL_PROFILE", "KIS_XL_BASE_URL", "KIS_XL_APP_KEY", "KIS_XL_APP_SECRET", "KIS_XL_ACCOUNT")
_account_numbers = itertools.count(50_000_001)


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    if workers.is_controller(config):
        workers.ready(config)


def pytest_unconfigure(config):
    if workers.is_controller(config):
        workers.tidy()


def pytest_collection_modifyitems(config, items):
    """Each worker starts with its share of the tests marked heavy (seconds of CPU or of waiting), so that none
    ends the run alone with one while the others have finished."""
    items[:] = workers.heavy_first(items, getattr(config, "workerinput", {}).get("workercount", 1))


@pytest.fixture(scope="session")
def calendar_files(tmp_path_factory, worker_id) -> list[Path]:
    """The trading calendars' cache files, built once a run: a kis-xl process a test starts finds them in its
    cache folder instead of spending seconds of CPU building XKRX from exchange_calendars again. The suite's
    workers (pytest-xdist) share one build: the first builds under a lock, the others read its files."""
    from filelock import FileLock

    from kis_xl import calendars

    root = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    folder = Path(os.environ.get(workers.CALENDARS) or root / "calendars-cache")  # the controller's, if it built them
    with FileLock(str(root / "calendars-cache.lock")), pytest.MonkeyPatch.context() as mp:
        mp.setenv("KIS_XL_CACHE_DIR", str(folder))
        for name in ("XKRX", "XNYS"):
            calendars.calendar.__wrapped__(name)  # reads or builds the file; this process's cache stays as it was
    return sorted((folder / "calendars").iterdir())


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch, calendar_files):
    """No test reads the developer's real config, keyring or token cache (the calendars' files are shared)."""
    for name in _ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KIS_XL_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("KIS_XL_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir(mode=0o700)
    (tmp_path / "cache" / "calendars").mkdir()
    for file in calendar_files:
        os.link(file, tmp_path / "cache" / "calendars" / file.name)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setenv("KIS_XL_LANG", "en")  # assertions read English; tests/test_i18n.py and the Korean tests ask
    from kis_xl import i18n  # for Korean themselves (the `korean` fixture)

    i18n.set_language(None)
    yield tmp_path
    from kis_xl.client import ratelimit

    ratelimit.close_files()  # each test's app keys leave no budget file open (three descriptors each)


@pytest.fixture(scope="session")
def moving_clock():
    """The suite's wall clock (time.time, datetime.now; not the monotonic clock): the real one (or at-hour's),
    ticking on, that a test may move forward with ``moving_clock.shift(seconds)`` instead of sleeping."""
    import time_machine

    travel = time_machine.travel(time.time(), tick=True)
    yield travel.start()
    travel.stop()


@pytest.fixture(autouse=True)
def waits_move_the_clock(moving_clock, monkeypatch):
    """Waiting out an order's booking window (``reconcile``) or KIS's refusal to list orders (``lists``) moves
    the wall clock on instead of sleeping: the client's server clock and the in-process simulator's move with
    it, so the lookup still happens after the window by the server's clock. The simulator books an order
    before it answers or never, so nothing it would book late is skipped. Subprocesses keep the real waits."""
    from kis_xl.orders import lists, reconcile

    waits = SimpleNamespace(sleep=moving_clock.shift)
    monkeypatch.setattr(reconcile, "time", waits)
    monkeypatch.setattr(lists, "time", waits)


@pytest.fixture
def quick_retries(monkeypatch):
    """Query retries back off 20 times faster, for tests whose faults are counted in requests, not seconds
    (the real back-off rides out a slow simulator elsewhere)."""
    from kis_xl.client import transport

    monkeypatch.setattr(transport, "BACKOFF_S", transport.BACKOFF_S / 20)


@pytest.fixture
def korean(monkeypatch):
    """The product's default language, as a user without settings meets it."""
    from kis_xl import i18n

    monkeypatch.delenv("KIS_XL_LANG", raising=False)
    i18n.set_language(None)
    yield
    i18n.set_language(None)


@pytest.fixture(scope="session")
def sim():
    from kis_xl.sim.server import SimServer

    with SimServer(seed=7, clock=SIM_CLOCK) as server:
        yield server


def new_app_key() -> str:
    """A fresh, well-formed app key: the simulator gives each key its own world."""
    return ("PS" + secrets.token_hex(17))[:36]


def new_app_secret() -> str:
    return secrets.token_urlsafe(135)[:180]


def new_account() -> str:
    return f"{next(_account_numbers):08d}-01"


@pytest.fixture
def make_profile(sim):
    """A Profile pointing at the session simulator, with a fresh app key and account."""
    from kis_xl.config import Profile

    def make(domain: str = "real", **overrides):
        fields = dict(
            name=f"test-{domain}",
            domain=domain,
            rest_url=sim.real_url if domain == "real" else sim.mock_url,
            ws_url=None,
            app_key=new_app_key(),
            app_secret=new_app_secret(),
            account=new_account(),
            hts_id="testuser",
            market_data=None,
            rate_limit=None,
            simulator=True,
            send_orders=True,
            max_order_amount=None,
            max_batch_amount=None,
            order_settle_s=0.5,  # the simulator books an order before it answers
        )
        fields.update(overrides)
        return Profile(**fields)

    return make


@pytest.fixture
def make_client(make_profile):
    """A KisClient on the session simulator with its own app key (its own world) and account."""
    from kis_xl.client import KisClient

    clients = []

    def make(domain: str = "real", **overrides):
        client = KisClient(make_profile(domain, **overrides))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def point_profile(monkeypatch, profile: str, url: str, account: str | None = None) -> None:
    """Make ``profile`` the active one, at ``url``, with a fresh key (its own world) and an account."""
    monkeypatch.setenv("KIS_XL_PROFILE", profile)
    monkeypatch.setenv("KIS_XL_BASE_URL", url)
    monkeypatch.setenv("KIS_XL_APP_KEY", new_app_key())
    monkeypatch.setenv("KIS_XL_APP_SECRET", new_app_secret())
    monkeypatch.setenv("KIS_XL_ACCOUNT", account or new_account())


@pytest.fixture
def embedded_sim(monkeypatch):
    """The sim profile on its built-in simulator, started as a new process would (and stopped after)."""
    from kis_xl.services.quotes import reset_services
    from kis_xl.sim.server import stop_embedded

    monkeypatch.delenv("KIS_XL_SIM_CLOCK", raising=False)
    stop_embedded()
    yield
    reset_services()
    stop_embedded()


@pytest.fixture
def sim_env(sim, monkeypatch):
    """Environment pointing the default ``sim`` profile at the session simulator (for CLI and UDF tests)."""
    point_profile(monkeypatch, "sim", sim.real_url)
    return os.environ


@contextmanager
def shifted(sim, seconds: float):
    """The session simulator's clock moved on by ``seconds`` (e.g. into New York's session), then back."""
    sim.world.shift_clock(seconds)
    try:
        yield
    finally:
        sim.world.shift_clock(-seconds)
