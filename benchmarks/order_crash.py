"""Order-sheet soak: identical rows sent headless under random kills and simulator faults, rerun until final.

    python benchmarks/order_crash.py [--rounds 100] [--rows 20] [--seed 1] [--kill-share 0.5] [--kill-within 4]

Each round opens a fresh account and a sheet of N identical tagged rows (BUY 1 005930 MARKET). Runs of
``kis-xl orders submit`` go at it one after another as separate processes; before each run a random
fault schedule is set on the simulator through ``POST /sim/faults`` (connections cut before or after
booking, HTTP 500 or a withheld reply after booking, EGW00201 storms, 5xx before processing, tokens
expiring), and half of the runs are killed at a random moment with SIGKILL, SIGINT or SIGTERM. Runs
repeat until every row shows a final status with a number (or a run budget is spent). Then it counts,
against the simulator's own order list: server orders, rows, duplicates (orders no row shows), rows
with no number, numbers shown twice, foreign numbers (not orders of the account), and rows left
final after a temporary error (REJECTED or CANCELLED). The target is zero for every count but the
first two.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import requests
import xlsxwriter

from kis_xl.client import KisClient
from kis_xl.config import load_profile
from kis_xl.orders.template import HEADER_ROW, add_orders_sheet
from kis_xl.sim.server import SimServer

CLOCK = "2025-06-02T09:01:00+09:00"  # a trading day's session: the soak's sim clock runs on from here
FINAL = ("SENT", "FILLED", "PARTIAL")
FAULTS = {  # name: largest count drawn for one run
    "order_reset_before": 2, "order_reset_after": 2, "order_error_after": 2, "order_timeout_after": 1,
    "rate_limits": 4, "server_errors": 2, "expire_tokens": 1,
}
SIGNALS = (signal.SIGKILL, signal.SIGINT, signal.SIGTERM)
SETTINGS = "[profiles.sim]\ntimeout = 2\norder_settle_s = 0.5\n"  # a booking window of 2.5 s


@dataclass
class Tally:
    rounds: int = 0
    schedules: int = 0
    kills: Counter = field(default_factory=Counter)
    server_orders: int = 0
    rows: int = 0
    duplicates: int = 0
    no_number: int = 0
    shown_twice: int = 0
    foreign: int = 0
    final_after_temporary: int = 0

    def line(self) -> str:
        return (f"server orders {self.server_orders}, rows {self.rows} | duplicates {self.duplicates} / rows with "
                f"no number {self.no_number} / numbers shown twice {self.shown_twice} / foreign numbers "
                f"{self.foreign} / final after a temporary error {self.final_after_temporary}")

    @property
    def clean(self) -> bool:
        return not (self.duplicates or self.no_number or self.shown_twice or self.foreign
                    or self.final_after_temporary)


def _sheet(path: Path, rows: int) -> None:
    wb = xlsxwriter.Workbook(str(path))
    add_orders_sheet(wb, macro_name=None, profile="sim", send=True,
                     rows=[("005930", "BUY", 1, "MARKET", None, "KRX", f"soak-{i}") for i in range(rows)])
    wb.close()


def _read(path: Path, rows: int) -> list[tuple[str, str]]:
    ws = openpyxl.load_workbook(path, read_only=True)["Orders"]
    out = []
    for line in ws.iter_rows(min_row=HEADER_ROW + 2, max_row=HEADER_ROW + 1 + rows, values_only=True):
        out.append((str(line[7] or ""), str(line[8] or "")))
    return out


def _default_signals() -> None:
    """In the child: SIGINT as a terminal sends it (a soak started in the background inherits it ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _run_once(path: Path, env: dict, rng: random.Random, tally: Tally, kill_share: float,
              kill_within: tuple[float, float]) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "kis_xl.cli.main", "orders", "submit", str(path)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_default_signals)
    sig = None
    if rng.random() < kill_share:
        try:
            proc.wait(timeout=rng.uniform(*kill_within))
        except subprocess.TimeoutExpired:
            sig = rng.choice(SIGNALS)
            proc.send_signal(sig)
    try:
        proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if sig is not None and proc.returncode != 0:  # counted only when it cut the run short
        tally.kills[sig.name] += 1


def soak(rounds: int, rows: int, seed: int, *, max_runs: int = 60, kill_share: float = 0.5,
         kill_within: tuple[float, float] = (0.3, 4.0), quiet: bool = False) -> Tally:
    """Run the soak; ``kill_share`` of the runs get a signal at a moment drawn from ``kill_within`` seconds."""
    rng = random.Random(seed)
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="kis-xl-soak-") as tmp, SimServer(seed=seed, clock=CLOCK) as server:
        config = Path(tmp) / "config.toml"
        config.write_text(SETTINGS, encoding="utf-8")
        base_env = dict(os.environ, KIS_XL_PROFILE="sim", KIS_XL_BASE_URL=server.real_url, KIS_XL_CONFIG=str(config),
                        KIS_XL_CACHE_DIR=str(Path(tmp) / "cache"), PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
        control = server.real_url + "/sim/faults"
        for r in range(rounds):
            account = f"{60_000_000 + seed * 1_000 + r:08d}-01"
            env = dict(base_env, KIS_XL_ACCOUNT=account)
            path = Path(tmp) / f"round{r}.xlsx"
            _sheet(path, rows)
            for _ in range(max_runs):
                schedule = {name: rng.randint(1, most) for name, most in FAULTS.items() if rng.random() < 0.25}
                requests.post(control, json=dict(schedule, order_hold=3), timeout=5).raise_for_status()
                tally.schedules += 1
                _run_once(path, env, rng, tally, kill_share, kill_within)
                requests.delete(control, timeout=5).raise_for_status()
                if all(status in FINAL and number for status, number in _read(path, rows)):
                    break
                time.sleep(0.3)
            _count(path, rows, env, tally)
            tally.rounds += 1
            if not quiet:
                print(f"round {r + 1:3d}: {tally.line()}", flush=True)
    return tally


def _count(path: Path, rows: int, env: dict, tally: Tally) -> None:
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        with KisClient(load_profile("sim")) as client:
            orders = {o.order_no for o in client.daily_orders().orders if not o.orig_order_no}
    finally:
        os.environ.clear()
        os.environ.update(saved)
    table = _read(path, rows)
    numbers = [number for _, number in table if number]
    shown = Counter(numbers)
    tally.server_orders += len(orders)
    tally.rows += rows
    tally.duplicates += len(orders - set(numbers))
    tally.no_number += sum(1 for _, number in table if not number)
    tally.shown_twice += sum(n - 1 for n in shown.values() if n > 1)
    tally.foreign += len(set(numbers) - orders)
    tally.final_after_temporary += sum(1 for status, _ in table if status in ("REJECTED", "CANCELLED"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--rows", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kill-share", type=float, default=0.5, help="share of runs killed (default 0.5)")
    parser.add_argument("--kill-within", type=float, default=4.0, help="latest kill, seconds into a run (default 4)")
    args = parser.parse_args()
    start = time.monotonic()
    tally = soak(args.rounds, args.rows, args.seed, kill_share=args.kill_share,
                 kill_within=(0.3, max(0.3, args.kill_within)))
    kills = ", ".join(f"{k} {v}" for k, v in sorted(tally.kills.items()))
    print(f"\nOrder-sheet soak: {tally.rounds} rounds of {args.rows} identical rows, {tally.schedules} fault "
          f"schedules, kills: {kills or 'none'}, {time.monotonic() - start:.0f} s")
    print(f"  {tally.line()}")
    print("  target met: 0 / 0 / 0 / 0 / 0" if tally.clean else "  TARGET MISSED")
    sys.exit(0 if tally.clean else 1)


if __name__ == "__main__":
    main()
