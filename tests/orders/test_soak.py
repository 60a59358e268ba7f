"""A short run of the order-sheet soak (benchmarks/order_crash.py): kills and faults, and every count at zero."""

import importlib.util
import sys
from pathlib import Path

SOAK = Path(__file__).resolve().parents[2] / "benchmarks" / "order_crash.py"


def test_identical_rows_survive_kills_and_faults_one_to_one():
    spec = importlib.util.spec_from_file_location("order_crash", SOAK)
    soak = importlib.util.module_from_spec(spec)
    sys.modules["order_crash"] = soak  # dataclasses look their module up while the file runs
    spec.loader.exec_module(soak)
    faults = {k: v for k, v in soak.FAULTS.items() if k != "order_token_expired"}  # its minute: test_order_identity
    # One round and a narrower booking window (timeout 1 s, settle 0.2 s, a withheld reply held 1.5 s) than the
    # benchmark's: the same faults and kills, a third of the waiting. Children start after the imports (a fork
    # server), so a kill within 0.05-0.8 s lands mid-run, as 0.5-1.5 s after a fresh interpreter's start did.
    # A journal cut mid-record (a crash or a full disk) comes more often here than in the benchmark.
    tally = soak.soak(rounds=1, rows=5, seed=11, kill_share=0.8, kill_within=(0.05, 0.8), quiet=True, faults=faults,
                      window=(1, 0.2, 1.5), events={**soak.EVENTS, "torn": 0.5})
    assert tally.rows == 5 and tally.server_orders == 5, tally.line()
    assert tally.clean, tally.line()
    assert sum(tally.kills.values()) >= 1 and tally.schedules >= 2  # it was tried the hard way
    assert tally.kinds["torn"] >= 1, dict(tally.kinds)
