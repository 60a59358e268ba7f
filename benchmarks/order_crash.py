"""Order-sheet soak: order sheets sent headless under kills and every fault a KIS session meets, rerun until final.

    python benchmarks/order_crash.py [--rounds 100] [--rows 6] [--workers 4] [--seed 1]
                                     [--kill-share 0.5] [--kill-within 4]

Each worker runs its own simulator (its own clock and faults). Each round opens a fresh account and a sheet of
identical tagged rows (BUY 1 005930, half at MARKET, half a LIMIT at the lower limit that rests).
Runs of ``kis-xl orders submit`` go at it one after another as separate processes (forked after the imports:
benchmarks/_forks.py). Before each run a random fault schedule is set on the simulator (``POST /sim/faults``):
connections cut before or after booking, HTTP 500 or a withheld reply after booking, EGW00201 storms, 5xx before
processing, tokens expiring, a token expiring
inside an order call whose renewal meets EGW00133 (the order leaves a minute late), another program booking the
same order just before ours; and, between runs, events a user meets: the trading day rolls over (the clock
moves to the next session: order numbers restart), the workbook is reverted to its copy before the run (Excel
closed with "Don't Save"), the journal's last write is cut short (a crash mid-record), resting rows are marked CANCEL (their cancels meet the same faults, answers lost
included), a resting row that a rollover left below the new day's limits is repriced. A share of the runs is
killed at a random moment with SIGKILL, SIGINT or SIGTERM. Every few runs
``orders refresh`` reads the statuses. A row left UNKNOWN because another program's identical order cannot be
told from its own is resolved as the docs tell a user to: its own order's number and date typed in, Status SENT.

Then it counts, against the simulator's own books (orders are (day, number): numbers restart daily):
duplicates (orders of ours no row shows), rows with no number, rows showing another order (another
program's, or none of the account's), orders shown twice, rows left final after a temporary error
(REJECTED, or CANCELLED unasked), cancels asked and not carried out, and tracebacks. The target is zero for
every one.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import openpyxl
import requests
import xlsxwriter

from kis_xl import krx
from kis_xl.orders.template import HEADER_ROW, add_orders_sheet, english_header
from kis_xl.sim.server import SimServer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _forks import ForkServer  # noqa: E402

CLOCK = "2025-06-02T09:01:00+09:00"  # a trading day's session: the soak's sim clocks run on from here
TERMINAL = ("SENT", "FILLED", "PARTIAL", "CANCELLED", "EXPIRED")
FAULTS = {  # name: largest count drawn for one run
    "order_reset_before": 2, "order_reset_after": 2, "order_error_after": 2, "order_timeout_after": 1,
    "rate_limits": 4, "server_errors": 2, "expire_tokens": 1, "order_token_expired": 1, "twin_orders": 1,
}
EVENTS = {"rollover": 0.15, "revert": 0.2, "cancel": 0.3, "torn": 0.15}  # chance before a run
SIGNALS = (signal.SIGKILL, signal.SIGINT, signal.SIGTERM)
SETTINGS = "[profiles.sim]\ntimeout = {timeout}\norder_settle_s = {settle}\n"  # window: 2 × timeout + settle
CANDIDATES = re.compile(r"orders ((?:\d{10} of \d{4}-\d{2}-\d{2}(?:, )?)+) of KIS's list")


@dataclass
class Tally:
    rounds: int = 0
    schedules: int = 0
    kinds: Counter = field(default_factory=Counter)  # how many schedules carried each fault or event
    kills: Counter = field(default_factory=Counter)
    server_orders: int = 0
    twins: int = 0
    rows: int = 0
    held: int = 0  # rows another program's twin left UNKNOWN, resolved as a user would
    cancels: int = 0
    duplicates: int = 0
    no_number: int = 0
    wrong_order: int = 0
    shown_twice: int = 0
    final_after_temporary: int = 0
    cancels_not_done: int = 0
    tracebacks: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def line(self) -> str:
        return (f"our orders {self.server_orders}, rows {self.rows}, twins {self.twins}, held {self.held}, cancels "
                f"{self.cancels} | duplicates {self.duplicates} / rows with no number {self.no_number} / rows "
                f"showing another order {self.wrong_order} / shown twice {self.shown_twice} / final after a "
                f"temporary error {self.final_after_temporary} / cancels not done {self.cancels_not_done} / "
                f"tracebacks {self.tracebacks}")

    @property
    def clean(self) -> bool:
        return not (self.duplicates or self.no_number or self.wrong_order or self.shown_twice
                    or self.final_after_temporary or self.cancels_not_done or self.tracebacks)


def _sheet(path: Path, rows: int, low: float) -> None:
    wb = xlsxwriter.Workbook(str(path))
    lines = [("005930", "BUY", 1, "LIMIT", low, "KRX", f"soak-{i}") if i % 2 else
             ("005930", "BUY", 1, "MARKET", None, "KRX", f"soak-{i}") for i in range(rows)]
    add_orders_sheet(wb, macro_name=None, profile="sim", send=True, rows=lines)
    wb.close()


def _table(path: Path) -> list[dict]:
    """The sheet's rows by English header (the sheet is headed in Korean), an Order Date as the date it shows."""
    ws = openpyxl.load_workbook(path)["Orders"]
    header = [english_header(c.value) for c in ws[HEADER_ROW + 1]]
    table = [dict(zip(header, (c.value for c in line)), _row=line[0].row)
             for line in ws.iter_rows(min_row=HEADER_ROW + 2) if line[0].value]
    for row in table:
        if isinstance(row.get("Order Date"), datetime):
            row["Order Date"] = row["Order Date"].date().isoformat()
    return table


def _set(path: Path, row: int, **values) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Orders"]
    header = {english_header(c.value): c.column for c in ws[HEADER_ROW + 1]}
    for name, value in values.items():
        ws.cell(row, header[name]).value = value
    wb.save(path)


class Worker:
    def __init__(self, seed: int, rows: int, tally: Tally, *, kill_share: float, kill_within: tuple[float, float],
                 max_runs: int, tmp: Path, quiet: bool, faults: dict, window: tuple[float, float, float],
                 events: dict[str, float] | None = None):
        self.rng, self.rows, self.tally, self.faults = random.Random(seed), rows, tally, faults
        self.events = events or EVENTS
        self.timeout, self.settle, self.hold = window
        self.seed, self.kill_share, self.kill_within, self.max_runs = seed, kill_share, kill_within, max_runs
        self.tmp, self.quiet = tmp, quiet

    def run(self, rounds: int) -> None:
        with SimServer(seed=self.seed, clock=CLOCK) as server:
            self.server = server
            config = self.tmp / "config.toml"
            config.write_text(SETTINGS.format(timeout=self.timeout, settle=self.settle), encoding="utf-8")
            self.env = dict(os.environ, KIS_XL_PROFILE="sim", KIS_XL_BASE_URL=server.real_url,
                            KIS_XL_CONFIG=str(config), KIS_XL_CACHE_DIR=str(self.tmp / "cache"),
                            PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
            # the fork server reads the calendars (public data) in this process's cache folder; each child uses its own
            self.forks = ForkServer(dict(self.env, KIS_XL_CACHE_DIR=os.environ.get("KIS_XL_CACHE_DIR", "")))
            try:
                for r in range(rounds):
                    self.round(r)
            finally:
                self.forks.close()

    def _post(self, path: str, **body) -> None:
        requests.post(self.server.real_url + path, json=body, timeout=10).raise_for_status()

    def round(self, r: int) -> None:
        account = f"{60_000_000 + self.seed * 1_000 + r:08d}-01"
        env = dict(self.env, KIS_XL_ACCOUNT=account)
        path = self.tmp / f"round{r}.xlsx"
        world = self.server.world
        _sheet(path, self.rows, world.market.quote("005930", world.now()).lower_limit)
        asked: set[str] = set()
        cancel_at_end = True  # once every row is final, cancel what still rests
        self.log: list[str] = []  # what happened, for a round that misses the target
        for run in range(self.max_runs):
            events = {e for e, p in self.events.items() if self.rng.random() < p}

            if "cancel" in events and self._ask_cancel(path, asked):
                self._count_kind("cancel")
            if "torn" in events and self._tear():
                self._count_kind("torn")
            if "rollover" in events:
                nxt = krx.next_trading_day(world.now().astimezone(krx.KST).date())
                self._post("/sim/clock", set=datetime.combine(nxt, datetime.min.time().replace(hour=9, minute=1),
                                                             krx.KST).isoformat())
                self._count_kind("rollover")
            schedule = {name: self.rng.randint(1, most) for name, most in self.faults.items()
                        if self.rng.random() < 0.2}
            self._post("/sim/faults", **schedule, order_hold=self.hold)
            before = path.with_suffix(".before.xlsx")
            if "revert" in events:
                shutil.copy(path, before)
            with self.tally.lock:
                self.tally.schedules += 1
                self.tally.kinds.update(schedule)
            self.log.append(f"run {run} at {world.now():%m-%d %H:%M:%S}: {sorted(events)} {schedule}")
            self._child(["orders", "submit", str(path)], env, kill=True)
            requests.delete(self.server.real_url + "/sim/faults", timeout=10).raise_for_status()
            if "revert" in events:
                shutil.copy(before, path)  # Excel closed with "Don't Save": the journal alone knows
                self._count_kind("revert")
            if run % 3 == 2:
                self._child(["orders", "refresh", str(path)], env, kill=False)
            self._resolve_held(path, account)
            self._reprice(path)
            table = _table(path)
            if all(row["Status"] in TERMINAL and row["Order No"] for row in table) and not any(
                    row["Status"] == "CANCEL" for row in table):
                if not (cancel_at_end and self._ask_cancel(path, asked)):
                    break
                self._ask_cancel(path, asked)  # and a second, when one still rests
                cancel_at_end = False
                self._count_kind("cancel")
            time.sleep(0.2)
        self._child(["orders", "refresh", str(path)], env, kill=False)
        self._count(path, account, asked)

    def _tear(self) -> bool:
        """A crash (or a full disk) that cut the journal's last write short: the start of a record, no end."""
        journals = [j for j in (self.tmp / "cache" / "journal").glob("*/*.jsonl") if j.stat().st_size]
        if not journals:
            return False
        with open(max(journals, key=lambda j: j.stat().st_mtime), "ab") as f:  # this round's (its account's)
            f.write(b'{"kind": "outcome", "client_id": "c')
        return True

    def _count_kind(self, kind: str) -> None:
        with self.tally.lock:
            self.tally.kinds[kind] += 1

    def _ask_cancel(self, path: Path, asked: set[str]) -> bool:
        """As a user: type CANCEL on a resting (SENT) row."""
        resting = [row for row in _table(path) if row["Status"] == "SENT" and row["Type"] == "LIMIT"
                   and row["Tag"] not in asked]
        if not resting:
            return False
        row = self.rng.choice(resting)
        asked.add(row["Tag"])
        _set(path, row["_row"], Status="CANCEL")
        with self.tally.lock:
            self.tally.cancels += 1
        return True

    def _child(self, args: list[str], env: dict, *, kill: bool) -> None:
        """One ``kis-xl`` run as its own process (forked after the imports), killed mid-run when drawn."""
        err_file = self.tmp / "stderr.txt"
        pid = self.forks.start(args, env, err_file)
        sig = None
        code = None
        if kill and self.rng.random() < self.kill_share:
            code = self.forks.wait(timeout=self.rng.uniform(*self.kill_within))
            if code is None:
                sig = self.rng.choice(SIGNALS)
                os.kill(pid, sig)
        if code is None:
            code = self.forks.wait(timeout=180)
        if code is None:
            os.kill(pid, signal.SIGKILL)
            code = self.forks.wait(timeout=None)
        err = err_file.read_text(encoding="utf-8", errors="replace")
        if hasattr(self, "log"):
            self.log.append(f"  {args[1]} exit {code}{f' killed {sig.name}' if sig else ''}: {err.strip()[-200:]}")
        with self.tally.lock:
            if sig is not None and code != 0:  # counted only when it cut the run short
                self.tally.kills[sig.name] += 1
            if "Traceback" in err and sig is None:
                self.tally.tracebacks += 1
                if not self.quiet:
                    print(err, file=sys.stderr)

    def _orders(self, account: str) -> list:
        trading = self.server.world.trading
        with trading.lock:
            return [o for key, acct in trading.accounts.items() if key.endswith("|" + account)
                    for o in acct.orders if not o.orig_order_no]

    def _resolve_held(self, path: Path, account: str) -> None:
        """A row UNKNOWN between its own order and another program's twin: the user checks the HTS and types
        their own order's number and date (any of their own candidates: the soak's rows are all alike)."""
        table = _table(path)
        shown = {(str(r["Order Date"]), str(r["Order No"])) for r in table if r["Order No"]}
        ours = {(datetime.strptime(o.day, "%Y%m%d").date().isoformat(), o.order_no) for o in self._orders(account)
                if not o.foreign}
        for row in table:
            match = CANDIDATES.search(str(row.get("Message") or "")) if row["Status"] == "UNKNOWN" else None
            if not match:
                continue
            candidates = [(d, n) for n, d in (c.split(" of ") for c in match.group(1).split(", "))]
            mine = [c for c in candidates if c in ours and c not in shown]
            if mine:
                _set(path, row["_row"], Status="SENT", **{"Order No": mine[0][1], "Order Date": mine[0][0]})
                shown.add(mine[0])
                with self.tally.lock:
                    self.tally.held += 1

    def _reprice(self, path: Path) -> None:
        """A resting row not sent before the day rolled over is below the new day's limits: the user reprices it."""
        world = self.server.world
        for row in _table(path):
            if row["Status"] == "INVALID" and "lower limit" in str(row["Message"]):
                _set(path, row["_row"], Price=world.market.quote("005930", world.now()).lower_limit, Status=None)

    def _count(self, path: Path, account: str, asked: set[str]) -> None:
        orders = self._orders(account)
        ours = {(datetime.strptime(o.day, "%Y%m%d").date().isoformat(), o.order_no): o for o in orders
                if not o.foreign}
        table = _table(path)
        shown = Counter((str(r["Order Date"]), str(r["Order No"])) for r in table if r["Order No"])
        t = self.tally
        problems = (set(ours) - set(shown) or any(not r["Order No"] for r in table)
                    or any(k not in ours for k in shown) or any(n > 1 for n in shown.values()))
        if problems and not self.quiet:
            print(f"--- worker {self.seed} account {account}: round missed the target", *self.log,
                  *(f"  row {r['Tag']}: {r['Status']} {r['Order Date']} {r['Order No']} {r['Message']}" for r in table),
                  *(f"  order {k[0]} {k[1]} {o.time} {o.ord_dvsn} {'working' if o.working else ''}"
                    for k, o in sorted(ours.items())), sep="\n", file=sys.stderr, flush=True)
        with t.lock:
            t.rounds += 1
            t.server_orders += len(ours)
            t.twins += sum(o.foreign for o in orders)
            t.rows += len(table)
            t.duplicates += len(set(ours) - set(shown))
            t.no_number += sum(1 for r in table if not r["Order No"])
            t.wrong_order += sum(n for k, n in shown.items() if k not in ours)
            t.shown_twice += sum(n - 1 for n in shown.values() if n > 1)
            t.final_after_temporary += sum(1 for r in table if r["Status"] == "REJECTED" or (
                r["Status"] == "CANCELLED" and r["Tag"] not in asked))
            for r in table:
                order = ours.get((str(r["Order Date"]), str(r["Order No"])))
                if r["Tag"] in asked and (r["Status"] not in ("CANCELLED", "EXPIRED", "FILLED")
                                          or (order is not None and order.working)):
                    t.cancels_not_done += 1
            if not self.quiet:
                print(f"worker {self.seed} round {t.rounds:3d}: {t.line()}", flush=True)


def soak(rounds: int, rows: int, seed: int, *, workers: int = 1, max_runs: int = 60, kill_share: float = 0.5,
         kill_within: tuple[float, float] = (0.3, 4.0), quiet: bool = False, faults: dict | None = None,
         window: tuple[float, float, float] = (2, 0.5, 3), events: dict[str, float] | None = None) -> Tally:
    """Run the soak over ``workers`` simulators at once; ``rounds`` in all; ``faults`` instead of ``FAULTS``.

    ``window`` is the profile's (timeout, order_settle_s) and how long a withheld reply is held (past the
    timeout): a booking window of 2 × timeout + settle, 4.5 s by default; the suite's short run narrows it."""
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="kis-xl-soak-") as tmp:
        threads = []
        for w in range(workers):
            folder = Path(tmp) / f"w{w}"
            folder.mkdir()
            worker = Worker(seed * 100 + w, rows, tally, kill_share=kill_share, kill_within=kill_within,
                            max_runs=max_runs, tmp=folder, quiet=quiet, faults=faults or FAULTS, window=window,
                            events=events)
            share = rounds // workers + (1 if w < rounds % workers else 0)
            threads.append(threading.Thread(target=worker.run, args=(share,), name=f"soak-{w}"))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--rows", type=int, default=6)
    parser.add_argument("--workers", type=int, default=4, help="simulators run at once (default 4)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kill-share", type=float, default=0.5, help="share of runs killed (default 0.5)")
    parser.add_argument("--kill-within", type=float, default=4.0, help="latest kill, seconds into a run (default 4)")
    args = parser.parse_args()
    start = time.monotonic()
    tally = soak(args.rounds, args.rows, args.seed, workers=args.workers, kill_share=args.kill_share,
                 kill_within=(0.3, max(0.3, args.kill_within)))
    kills = ", ".join(f"{k} {v}" for k, v in sorted(tally.kills.items()))
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(tally.kinds.items()))
    print(f"\nOrder-sheet soak: {tally.rounds} rounds of {args.rows} rows, {tally.schedules} fault schedules "
          f"({kinds}), kills: {kills or 'none'} ({sum(tally.kills.values())}), {time.monotonic() - start:.0f} s")
    print(f"  {tally.line()}")
    print("  target met: every count zero" if tally.clean else "  TARGET MISSED")
    sys.exit(0 if tally.clean else 1)


if __name__ == "__main__":
    main()
