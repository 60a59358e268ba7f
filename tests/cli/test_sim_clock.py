"""The sim profile's clock as a user meets it: said on every command and in KIS_STATUS, carried between processes."""

import json
from datetime import datetime, timedelta

import pytest
import time_machine

from kis_xl import krx
from kis_xl.cli.main import main
from kis_xl.sim.market import MarketModel
from kis_xl.sim.server import EMBEDDED_SEED, stop_embedded

TUESDAY_NIGHT = datetime(2026, 12, 1, 21, 0, tzinfo=krx.KST)  # KRX closed since 15:30


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _resting_then_filled(day, minutes: int) -> tuple[str, int]:
    """A code and a buy limit below its price at 10:00 that its minute path reaches within ``minutes``."""
    model = MarketModel(EMBEDDED_SEED)
    for code in ("005930", "000660", "035420", "005380", "051910"):
        path = model.minute_path(code, day)
        low = float(min(path[62:60 + minutes]))
        if low < float(min(path[58:62])):
            return code, int(low)
    raise AssertionError("no code dips after 10:00 on this day")


def test_a_resting_limit_fills_in_a_later_process(embedded_sim, capsys, tmp_path):
    code, price = _resting_then_filled(TUESDAY_NIGHT.date(), 40)
    with time_machine.travel(TUESDAY_NIGHT, tick=True) as wall:
        status, _, err = run(capsys, "buy", code, "1", "--price", str(price))
        assert status == 0 and "kis-xl: KRX is closed now: simulated KRX session of 2026-12-01, from 10:00 KST" in err
        assert (tmp_path / "cache" / "sim-clock.json").exists()
        stop_embedded()  # the process ends; the next command is another process
        wall.shift(timedelta(minutes=45))
        status, out, err = run(capsys, "orders", "--json")
    [order] = json.loads(out)
    assert status == 0 and "simulated KRX session of 2026-12-01, continued at 10:45 KST" in err
    assert order["status"] == "FILLED" and order["code"] == code and order["time"].startswith("10:00")


def test_a_session_past_its_close_goes_on_to_the_next_trading_day(embedded_sim, capsys):
    with time_machine.travel(TUESDAY_NIGHT, tick=True) as wall:
        run(capsys, "cash")
        stop_embedded()
        wall.shift(timedelta(hours=6))  # 03:00 Wednesday: the simulated Tuesday closed at 15:30
        _, _, err = run(capsys, "cash")
    assert "simulated KRX session of 2026-12-02, from 10:00 KST" in err


@pytest.mark.parametrize("argv", [["quote", "005930"], ["orders", "validate", "SAMPLE"], ["report", "--out", "OUT"]])
def test_every_command_says_which_clock_the_simulator_runs_on(embedded_sim, capsys, tmp_path, argv):
    import shutil

    from kis_xl.orders.template import SAMPLE_PATH

    argv = [str(shutil.copy(SAMPLE_PATH, tmp_path / "s.xlsx")) if a == "SAMPLE" else
            str(tmp_path / "out") if a == "OUT" else a for a in argv]
    with time_machine.travel(TUESDAY_NIGHT, tick=True):
        _, _, err = run(capsys, *argv)
    assert err.count("kis-xl: KRX is closed now: simulated KRX session of 2026-12-01") == 1


def test_kis_status_shows_the_simulators_clock(embedded_sim, monkeypatch):
    from kis_xl import udfs

    monkeypatch.setenv("KIS_XL_SIM_CLOCK", "2025-06-02T10:00:00+09:00")
    status = dict(udfs.KIS_STATUS())
    assert status["market clock"] == "KIS simulator clock set to 2025-06-02 10:00 KST (KIS_XL_SIM_CLOCK)"
    assert status["server time"] == "not known yet (no answer from the server)"  # KIS_STATUS asks nothing itself
    assert isinstance(udfs.KIS_PRICE("005930"), float)
    assert dict(udfs.KIS_STATUS())["server time"].startswith("2025-06-02 10:0")

