"""One default and honest banners (issue 26, findings 6, 7, 8, 10): profiles reach KIS unless they are a
simulator, a simulator's profile works as pasted and frightens no one, a validation reads."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from kis_xl import config as cfg
from kis_xl import spec
from kis_xl.errors import Aborted, ConfigError
from tests.cli.test_cli import run  # main as a user runs it: exit code, stdout, stderr
from tests.conftest import SIM_CLOCK


def write_config(text: str) -> Path:
    path = cfg.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# finding 6 ---------------------------------------------------------------------------------------------------
def test_a_custom_real_profile_reaches_kis_and_sends_no_sheet_until_told(capsys):
    write_config('[profiles.isa]\ndomain = "real"\naccount = "12345678-01"\n'
                 '[profiles.isa2]\ndomain = "real"\nsend_orders = true\n[profiles.paper]\ndomain = "mock"\n')
    isa = cfg.load_profile("isa")
    assert (isa.rest_url, isa.ws_url) == (spec.REST_URLS["real"], spec.WS_URLS["real"])
    assert isa.live_money and isa.send_orders is False  # like the built-in real profile
    assert cfg.load_profile("isa2").send_orders is True
    paper = cfg.load_profile("paper")
    assert paper.rest_url == spec.REST_URLS["mock"] and paper.send_orders is True
    code, out, _ = run(capsys, "config", "--profile", "isa")
    assert code == 0 and "embedded simulator" not in out and spec.REST_URLS["real"] in out
    code, out, _ = run(capsys, "config", "--profile", "isa", "--json")
    shown = json.loads(out)
    assert shown["rest_url"] == spec.REST_URLS["real"] and shown["send_orders"] is False
    assert {shown[f"kis_{d}_{k}_url"] for d in ("real", "mock") for k in ("rest", "ws")} == {
        *spec.REST_URLS.values(), *spec.WS_URLS.values()}


def test_a_simulator_profile_must_be_on_this_machine(monkeypatch):
    write_config(f'[profiles.fake]\ndomain = "real"\nsimulator = true\nrest_url = "{spec.REST_URLS["real"]}"\n')
    with pytest.raises(ConfigError, match="not on this machine"):
        cfg.load_profile("fake")  # a simulator's profile never silences the banner of KIS itself
    monkeypatch.setenv("KIS_XL_SIM_BASE_URL", spec.REST_URLS["real"])
    with pytest.raises(ConfigError, match="not on this machine"):
        cfg.load_profile("sim")
    assert cfg.is_loopback("http://[::1]:8765") and cfg.is_loopback("http://localhost:1")
    assert not cfg.is_loopback("http://127.example.com")


# finding 7 ---------------------------------------------------------------------------------------------------
@pytest.fixture
def sim_process():
    """`kis-xl sim` as a user starts it, with its printed lines."""
    proc = subprocess.Popen([sys.executable, "-m", "kis_xl.cli.main", "sim", "--port", "0", "--clock", SIM_CLOCK],
                            stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if "Ctrl-C stops" in line:
                break
        yield lines
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=90)


def test_kis_xl_sim_prints_a_profile_that_works_as_pasted(sim_process, embedded_sim, monkeypatch, capsys):
    start = next(i for i, line in enumerate(sim_process) if line.strip().startswith("[profiles.local]"))
    block = []
    for line in sim_process[start:]:
        if not line.startswith("  "):
            break
        block.append(line.strip())
    assert any(line.startswith("account = ") for line in block) and "simulator = true" in block
    assert any(line.strip().startswith("export KIS_XL_LOCAL_APP_KEY=") for line in sim_process)
    assert "seed 1" in next(line for line in sim_process if "market clock" in line)  # the sim profile's market
    write_config("\n".join(block) + "\n")
    code, out, err = run(capsys, "balance", "--profile", "local", "--json")
    assert code == 0, err
    code, out, err = run(capsys, "buy", "005930", "1", "--profile", "local")  # stdin is no terminal: a banner
    assert code == 0 and "REAL ACCOUNT" not in err and "accepted" in out  # would refuse without --yes
    code, out, _ = run(capsys, "config", "--profile", "local", "--json")
    assert json.loads(out)["live_money"] is False

    # the same seed and clock show the same market: the sim profile (the demo's market) and `kis-xl sim`
    monkeypatch.setenv("KIS_XL_SIM_CLOCK", SIM_CLOCK)
    code, out, _ = run(capsys, "quote", "005930", "--json")
    [builtin] = json.loads(out)
    url = next(line.split('"')[1] for line in block if line.startswith("rest_url"))
    requests.post(url + "/sim/clock", json={"set": SIM_CLOCK}, timeout=10)
    code, out, _ = run(capsys, "quote", "005930", "--profile", "local", "--json")
    [served] = json.loads(out)
    assert served["price"] == builtin["price"]


def test_the_real_account_banner_speaks_korean_first_and_takes_ye(korean):
    from kis_xl.cli.confirm import confirm_real_orders

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = io.StringIO()
    confirm_real_orders(["account 1234****-01"], yes=False, stdin=Terminal("예\n"), out=out)
    assert out.getvalue().lstrip().startswith("*** 실전투자 계좌") and "'예'" in out.getvalue()
    with pytest.raises(Aborted, match="아무것도 보내지 않았습니다"):
        confirm_real_orders(["account 1234****-01"], yes=False, stdin=Terminal("아니오\n"), out=io.StringIO())


# finding 8 ---------------------------------------------------------------------------------------------------
def test_orders_validate_leaves_the_file_as_it_was_unless_write(sim_env, tmp_path, capsys):
    import openpyxl

    from kis_xl.orders.template import write_sample

    path = write_sample(tmp_path / "s.xlsx")
    before = path.read_bytes()
    code, out, err = run(capsys, "orders", "validate", str(path), "--json")
    rows = json.loads(out)
    assert code == 1 and {r["status"] for r in rows} == {"VALID", "INVALID"}  # the sample has bad rows on purpose
    assert path.read_bytes() == before and "unchanged" in err
    code, out, err = run(capsys, "orders", "validate", str(path), "--write")
    assert code == 1 and path.read_bytes() != before
    ws = openpyxl.load_workbook(path)["Orders"]
    assert {"VALID", "INVALID"} <= {c.value for r in ws.iter_rows() for c in r}


# finding 10 --------------------------------------------------------------------------------------------------
def test_login_says_there_is_no_keyring_before_asking_for_keys(monkeypatch, capsys):
    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": asked.append(prompt) or "x")
    code, _, err = run(capsys, "login", "--profile", "mock")
    assert code == 1 and "no usable OS keyring" in err and "KIS_XL_MOCK_APP_KEY" in err and asked == []


def test_sim_reset_forgets_the_sim_profiles_account_and_clock(embedded_sim, monkeypatch, capsys):
    from kis_xl.sim.server import stop_embedded

    monkeypatch.setenv("KIS_XL_SIM_CLOCK", SIM_CLOCK)
    assert run(capsys, "buy", "005930", "1")[0] == 0
    stop_embedded()  # the process ends
    code, out, _ = run(capsys, "sim", "--reset")
    assert code == 0 and "sim-state.json" in out and not (cfg.cache_dir() / "sim-state.json").exists()
    code, out, _ = run(capsys, "balance", "--json")
    assert code == 0 and json.loads(out) == []
