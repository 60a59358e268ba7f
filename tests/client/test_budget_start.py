"""Processes that open an app key's budget file at the same moment all get it (Excel and a CLI started together)."""

import multiprocessing as mp
import os

import pytest

from kis_xl.client.ratelimit import SqliteBudget


def _open_and_take(path, barrier, results):
    barrier.wait()  # every process opens the fresh file at once
    try:
        SqliteBudget(path).try_acquire(f"t{os.getpid()}", 19, 1.0, 25.0, False)
        results.put("ok")
    except Exception as exc:  # the failure a user would meet, as the test's evidence
        results.put(repr(exc))


@pytest.mark.heavy
def test_many_processes_open_a_new_budget_file_at_once(tmp_path):
    ctx = mp.get_context("fork")
    failures = []
    for round_ in range(15):
        path = tmp_path / f"budget{round_}.sqlite"
        barrier, results = ctx.Barrier(16), ctx.Queue()
        procs = [ctx.Process(target=_open_and_take, args=(path, barrier, results)) for _ in range(16)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        failures += [r for r in (results.get(timeout=10) for _ in procs) if r != "ok"]
    assert failures == []


def test_a_closed_budget_file_opens_again_when_next_used(tmp_path):
    """A process that met many keys keeps no budget file open idle (ratelimit.close_files), yet each still works."""
    budget = SqliteBudget(tmp_path / "key.sqlite")
    assert budget.try_acquire("a", 2, 1.0, 5.0, False)[0]
    budget.close()
    assert not [f for f in os.listdir("/proc/self/fd") if os.path.realpath(f"/proc/self/fd/{f}") ==
                str(tmp_path / "key.sqlite")]
    assert budget.try_acquire("b", 2, 1.0, 5.0, False)[0]  # opened again: the first slot is still counted
    assert not budget.try_acquire("c", 2, 1.0, 5.0, False)[0]
