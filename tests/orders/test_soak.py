"""A short run of the order-sheet soak (benchmarks/order_crash.py): kills and faults, and every count at zero."""

import importlib.util
import sys
from pathlib import Path

import pytest

SOAK = Path(__file__).resolve().parents[2] / "benchmarks" / "order_crash.py"
NEW_KINDS = ("torn", "modify", "fulldisk", "twobooks", "identity")  # issue 27's reproductions, as soak faults


@pytest.mark.heavy
def test_identical_rows_survive_kills_and_faults_one_to_one():
    spec = importlib.util.spec_from_file_location("order_crash", SOAK)
    soak = importlib.util.module_from_spec(spec)
    sys.modules["order_crash"] = soak  # dataclasses look their module up while the file runs
    spec.loader.exec_module(soak)
    faults = {k: v for k, v in soak.FAULTS.items() if k != "order_token_expired"}  # its minute: test_order_identity
    # One round and a narrower booking window (timeout 1 s, settle 0.2 s, a withheld reply held 1.5 s) than the
    # benchmark's: the same faults and kills, a third of the waiting. Children start after the imports (a fork
    # server), so a kill within 0.05-0.8 s lands mid-run, as 0.5-1.5 s after a fresh interpreter's start did.
    # Issue 27's kinds come more often here than in the benchmark: a journal cut mid-record, the large row
    # modified (정정), a full disk, two workbooks' lost answers, the workbook run by its OneDrive URL. The events
    # are drawn by run from the seed alone (kills draw apart), so each kind comes within the round's first runs.
    # A kind whose moment depends on timing (the large row still working, a run reaching its full-disk write) can
    # miss a round on a loaded machine: another round, with the next seed, then brings it; every round is clean.
    events = {**soak.EVENTS, "torn": 0.5, "modify": 0.6, "fulldisk": 0.3, "twobooks": 0.5, "identity": 0.3}
    seen: set[str] = set()
    for seed in (11, 12, 13):
        tally = soak.soak(rounds=1, rows=5, seed=seed, kill_share=0.8, kill_within=(0.05, 0.8), quiet=True,
                          faults=faults, window=(1, 0.2, 1.5), events=events)
        assert tally.rows == tally.server_orders == 5 + 1 + 2, tally.line()  # the large row, two workbooks' rows
        assert tally.clean, tally.line()
        assert sum(tally.kills.values()) >= 1 and tally.schedules >= 2  # it was tried the hard way
        seen |= {kind for kind in NEW_KINDS if tally.kinds[kind]} | ({"modified"} if tally.modifies else set())
        if seen >= {*NEW_KINDS, "modified"}:
            break
    assert seen >= {*NEW_KINDS, "modified"}, f"never came in three rounds: {sorted({*NEW_KINDS, 'modified'} - seen)}"
