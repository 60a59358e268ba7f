"""What the suite's controller readies once, before pytest-xdist starts its workers, that each worker would
otherwise redo at the same moment on the same two cores:

- the trading calendars' cache files (exchange_calendars spends seconds of CPU on XKRX's lunar holidays), and
  Hypothesis' Unicode tables (its first text strategy in a fresh clone builds them: 3.4 s of CPU a worker);
- the compiled test modules: pytest's assertion rewriting takes each worker about ten seconds of CPU when
  nothing is cached (and nothing is while ``PYTHONDONTWRITEBYTECODE`` is set), so the controller
  collects the suite once, in parallel parts, with bytecode written; the workers then read it.

Only the time changes: a worker finds what is missing and builds it itself, as a run with ``-n 0`` does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CALENDARS = "KIS_XL_TEST_CALENDARS"  # the folder the calendars' files are built in, inherited by the workers
_READYING = "KIS_XL_TEST_READYING"  # set in the readying processes themselves: they ready nothing again
_BUILD_DATA = "\n".join([  # the calendars' files, then Hypothesis' Unicode tables (its first text strategy builds them)
    "from kis_xl import calendars; calendars.calendar('XKRX'); calendars.calendar('XNYS')",
    "from hypothesis import given, settings, strategies as st",
    "settings(max_examples=1, database=None)(given(st.text(max_size=1))(lambda text: None))()"])


def is_controller(config) -> bool:
    """True in the process that will start pytest-xdist workers (not in a worker, not with ``-n 0``)."""
    return (bool(getattr(config.option, "numprocesses", 0)) and not hasattr(config, "workerinput")
            and _READYING not in os.environ)


def ready(config) -> None:
    """Build the data and collect the suite side by side, then return (the workers start after)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("readying the workers: trading calendars and compiled tests, once for all")
    folder = Path(tempfile.mkdtemp(prefix="kis-xl-calendars-"))
    os.environ[CALENDARS] = str(folder)
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env[_READYING] = "1"
    quiet = {"cwd": config.invocation_params.dir, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    data_env = {**env, "KIS_XL_CACHE_DIR": str(folder)}
    jobs = [subprocess.Popen([sys.executable, "-c", _BUILD_DATA], env=data_env, **quiet)]
    for part in _parts(config, max(1, min((os.cpu_count() or 2) - 1, 3))):  # a core each, the data's included
        jobs.append(subprocess.Popen([sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0",
                                      "-p", "no:cacheprovider", *part], env=env, **quiet))
    for job in jobs:
        try:
            job.wait(timeout=300)
        except subprocess.TimeoutExpired:
            job.kill()  # a worker builds or compiles what this one did not


def heavy_first(items: list, count: int) -> list:
    """``items`` reordered so that each of ``count`` workers starts with its share of the tests marked heavy:
    pytest-xdist's work stealing first hands the workers consecutive shares of the list (each the remaining
    tests divided by the workers still without one), so each share begins with every count-th heavy test and
    goes on with the next light tests in their order. No worker is left running heavy tests alone at the end."""
    heavy = [item for item in items if item.get_closest_marker("heavy")]
    light = [item for item in items if not item.get_closest_marker("heavy")]
    ordered: list = []
    taken = 0  # light tests placed so far
    for share in range(count):
        size = (len(items) - len(ordered)) // (count - share)
        first = heavy[share::count]
        more = max(0, size - len(first))
        ordered += first + light[taken:taken + more]
        taken += more
    return ordered + light[taken:]


def tidy() -> None:
    """Remove the calendars' folder the controller made."""
    folder = os.environ.pop(CALENDARS, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def _parts(config, count: int) -> list[list[str]]:
    """What the run collects, in parts to collect side by side: the whole suite's folders and top-level files
    in ``count`` parts of about equal size; the paths or tests asked for, in one part."""
    tests = config.rootpath / "tests"
    if [config.invocation_params.dir / arg for arg in config.args] != [tests]:
        return [list(config.args)]
    entries = [entry for entry in tests.iterdir() if entry.is_dir() and entry.name != "__pycache__"
               or entry.name.startswith("test_") and entry.suffix == ".py"]
    sizes = {str(entry): sum(f.stat().st_size for f in ([entry] if entry.is_file() else entry.rglob("test_*.py")))
             for entry in entries}
    parts: list[list[str]] = [[] for _ in range(count)]
    totals = [0] * count
    for entry, size in sorted(sizes.items(), key=lambda item: -item[1]):
        smallest = totals.index(min(totals))
        parts[smallest].append(entry)
        totals[smallest] += size
    return [part for part in parts if part]
