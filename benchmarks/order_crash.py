"""Order-sheet soak: order sheets sent headless under kills and every fault a KIS session meets, rerun until final.

    python benchmarks/order_crash.py [--rounds 100] [--rows 6] [--workers 4] [--seed 1]
                                     [--kill-share 0.5] [--kill-within 4]

Each worker runs its own simulator (its own clock and faults). Each round opens a fresh account and a sheet of
identical tagged rows (BUY 1 005930, half at MARKET, half a LIMIT at the lower limit that rests) and one large
resting row (BUY 60,000 at the lower limit) for modifications. Runs of ``kis-xl orders submit`` go at it one after
another as separate processes (forked after the imports: benchmarks/_forks.py). Before each run a random fault
schedule is set on the simulator (``POST /sim/faults``): connections cut before or after booking, HTTP 500 or a
withheld reply after booking, EGW00201 storms, 5xx before processing, tokens expiring, a token expiring inside an
order call whose renewal meets EGW00133 (the order leaves a minute late), another program booking the same order
just before ours; and, between runs, events a user meets: the trading day rolls over (the clock moves to the next
session: order numbers restart), the workbook is reverted to its copy before the run (Excel closed with "Don't
Save"), resting rows are marked CANCEL (their cancels meet the same faults, answers lost included), a resting row
that a rollover left below the new day's limits is repriced. And issue 27's five kinds: the journal's last write
cut short (a crash mid-record); the large row's order modified (정정) with ``kis-xl modify`` to a price that fills
part of it, at most twice, each time followed by two REFRESHes; the journal's disk full from a drawn write of the
run on (half a record put down, then ENOSPC); two other workbooks of the account, one identical row each, both
answers lost (booked, the run killed before it found its order); the run made as Excel makes it, the workbook
known by its OneDrive URL, after a check that a run by its local path stops at the lock Excel's run holds. A share
of the runs is killed at a random moment with SIGKILL, SIGINT or SIGTERM (not a run with a full disk). Every few
runs ``orders refresh`` reads the statuses. A row left UNKNOWN because another program's identical order cannot be
told from its own is resolved as the docs tell a user to: its own order's number and date typed in, Status SENT.

Then it counts, against the simulator's own books (orders are (day, number): numbers restart daily; a
modification chain is one order, whichever of its numbers a row shows): duplicates (orders of ours no row shows),
rows with no number, rows showing another order (another program's, or none of the account's), orders shown
twice, rows left final after a temporary error (REJECTED, or CANCELLED unasked), cancels asked and not carried
out, tracebacks, internal errors told in one line (``IllegalStep``, an unexpected exception), a modified row
whose Filled or "filled X of N" is not its whole chain's, and runs by path not stopped by Excel's lock. The
target is zero for every one.
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
from kis_xl.orders import identity
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.journal import Journal
from kis_xl.orders.template import HEADER_ROW, add_orders_sheet, english_header
from kis_xl.sim.server import SimServer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _forks import DISK_FULL, ForkServer  # noqa: E402

CLOCK = "2025-06-02T09:01:00+09:00"  # a trading day's session: the soak's sim clocks run on from here
TERMINAL = ("SENT", "FILLED", "PARTIAL", "CANCELLED", "EXPIRED")
FAULTS = {  # name: largest count drawn for one run
    "order_reset_before": 2, "order_reset_after": 2, "order_error_after": 2, "order_timeout_after": 1,
    "rate_limits": 4, "server_errors": 2, "expire_tokens": 1, "order_token_expired": 1, "twin_orders": 1,
}
EVENTS = {"rollover": 0.15, "revert": 0.2, "cancel": 0.3, "torn": 0.15,  # chance before a run
          "modify": 0.25, "fulldisk": 0.1, "twobooks": 0.1, "identity": 0.2}
LOST = ("order_reset_after", "order_error_after", "order_timeout_after")  # booked, and its answer lost
MODIFY_TAG, MODIFY_QTY = "soak-modify", 60_000  # the large resting row: a modification fills 15,000 a minute at most
PAIR = ("005930", "BUY", 1, "MARKET", None, "KRX", "soak-pair")  # the one row of each of two other workbooks
FULL_DISK_WRITES = 4  # a full disk comes at one of a run's first journal writes (drawn)
PASSED = 30.0  # seconds the market clock moves on after an answer lost on purpose: its booking window closes
ONEDRIVE = "https://d.docs.live.net/{seed:016x}/Documents/{name}"  # how Excel names a workbook on OneDrive
INTERNAL = re.compile(r"Traceback|cannot become '|this is a bug in kis-xl")  # IllegalStep, or an unexpected error
FILLS = re.compile(r"filled ([\d,]+) of ([\d,]+)")
REFUSED = "another kis-xl run is sending from this workbook"
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
    modifies: int = 0  # modifications (정정) made through the CLI
    duplicates: int = 0
    no_number: int = 0
    wrong_order: int = 0
    shown_twice: int = 0
    final_after_temporary: int = 0
    cancels_not_done: int = 0
    tracebacks: int = 0
    internal: int = 0  # a run stopped by an internal error in one line (IllegalStep, an unexpected exception)
    miscounted: int = 0  # modified rows whose filled quantity or "of N" is not the simulator's whole chain's
    split: int = 0  # runs by the workbook's path not stopped while Excel's run (by its URL) held its lock
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def line(self) -> str:
        return (f"our orders {self.server_orders}, rows {self.rows}, twins {self.twins}, held {self.held}, cancels "
                f"{self.cancels}, modifications {self.modifies} | duplicates {self.duplicates} / rows with no number "
                f"{self.no_number} / rows showing another order {self.wrong_order} / shown twice {self.shown_twice} / "
                f"final after a temporary error {self.final_after_temporary} / cancels not done "
                f"{self.cancels_not_done} / tracebacks {self.tracebacks} / internal errors {self.internal} / "
                f"modified rows miscounted {self.miscounted} / one workbook, two locks {self.split}")

    @property
    def clean(self) -> bool:
        return not (self.duplicates or self.no_number or self.wrong_order or self.shown_twice
                    or self.final_after_temporary or self.cancels_not_done or self.tracebacks or self.internal
                    or self.miscounted or self.split)


def _sheet(path: Path, rows: int, low: float, *, modify: bool) -> None:
    """The round's identical rows; with ``modify``, and a large row resting at the lower limit, to be modified."""
    lines = [("005930", "BUY", 1, "LIMIT", low, "KRX", f"soak-{i}") if i % 2 else
             ("005930", "BUY", 1, "MARKET", None, "KRX", f"soak-{i}") for i in range(rows)]
    _book(path, ([("005930", "BUY", MODIFY_QTY, "LIMIT", low, "KRX", MODIFY_TAG)] if modify else []) + lines)


def _book(path: Path, lines: list[tuple]) -> None:
    wb = xlsxwriter.Workbook(str(path))
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
        # two draws: what happens (events, faults, a full disk's moment) by run, the same for a seed however the
        # runs went; and the kills and the user's choices, which depend on how far each run got
        self.draws, self.rng, self.rows, self.tally, self.faults = random.Random(seed), random.Random(-seed), rows, \
            tally, faults
        self.events = EVENTS if events is None else events
        self.timeout, self.settle, self.hold = window
        self.seed, self.kill_share, self.kill_within, self.max_runs = seed, kill_share, kill_within, max_runs
        self.tmp, self.quiet = tmp, quiet

    def run(self, rounds: int) -> None:
        with SimServer(seed=self.seed, clock=CLOCK, starting_cash=100_000_000_000) as server:  # the large row's
            self.server = server
            config = self.tmp / "config.toml"
            config.write_text(SETTINGS.format(timeout=self.timeout, settle=self.settle), encoding="utf-8")
            self.env = dict(os.environ, KIS_XL_PROFILE="sim", KIS_XL_BASE_URL=server.real_url,
                            KIS_XL_CONFIG=str(config), KIS_XL_CACHE_DIR=str(self.tmp / "cache"),
                            PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
                            KIS_XL_LANG="en")  # the soak reads the rows' messages and the runs' errors in English
            # the fork server reads the calendars (public data) in this process's cache folder; each child uses its own
            self.forks_env = dict(self.env, KIS_XL_CACHE_DIR=os.environ.get("KIS_XL_CACHE_DIR", ""))
            self.forks = ForkServer(self.forks_env)
            # a second one, for two workbooks run at once (started now: its imports done before it is needed)
            self.side = ForkServer(self.forks_env) if self.events.get("twobooks") else None
            try:
                for r in range(rounds):
                    self.round(r)
            finally:
                self.forks.close()
                if self.side is not None:
                    self.side.close()

    def _post(self, path: str, **body) -> None:
        requests.post(self.server.real_url + path, json=body, timeout=10).raise_for_status()

    def _clear_faults(self) -> None:
        requests.delete(self.server.real_url + "/sim/faults", timeout=10).raise_for_status()

    def round(self, r: int) -> None:
        account = f"{60_000_000 + self.seed * 1_000 + r:08d}-01"
        env = dict(self.env, KIS_XL_ACCOUNT=account)
        path = self.tmp / f"round{r}.xlsx"
        url = ONEDRIVE.format(seed=self.seed, name=path.name)
        world = self.server.world
        _sheet(path, self.rows, world.market.quote("005930", world.now()).lower_limit, modify="modify" in self.events)
        books = [path]  # and two more once "twobooks" comes
        asked: set[str] = set()
        modified = 0
        cancel_at_end = True  # once every row is final, cancel what still rests
        self.log: list[str] = []  # what happened, for a round that misses the target
        for run in range(self.max_runs):
            events = {e for e, p in self.events.items() if self.draws.random() < p}

            if "cancel" in events and self._ask_cancel(path, asked):
                self._count_kind("cancel")
            if "torn" in events and self._tear():
                self._count_kind("torn")
            if "modify" in events and modified < 2 and self._modify(path, env, account):
                modified += 1
                self._count_kind("modify")
            if "twobooks" in events and len(books) == 1 and self._two_books(books, r, env, account):
                self._count_kind("twobooks")
            if "identity" in events and not self._shares_lock(path, url, env, account):
                with self.tally.lock:
                    self.tally.split += 1
            if "rollover" in events:
                nxt = krx.next_trading_day(world.now().astimezone(krx.KST).date())
                self._post("/sim/clock", set=datetime.combine(nxt, datetime.min.time().replace(hour=9, minute=1),
                                                             krx.KST).isoformat())
                self._count_kind("rollover")
            full_at = self.draws.randrange(FULL_DISK_WRITES) if "fulldisk" in events else None
            schedule = {name: self.draws.randint(1, most) for name, most in self.faults.items()
                        if self.draws.random() < 0.2}
            self._post("/sim/faults", **schedule, order_hold=self.hold)
            before = path.with_suffix(".before.xlsx")
            if "revert" in events:
                shutil.copy(path, before)
            with self.tally.lock:
                self.tally.schedules += 1
                self.tally.kinds.update(schedule)
            self.log.append(f"run {run} at {world.now():%m-%d %H:%M:%S}: {sorted(events)} {schedule}")
            err = self._child(["orders", "submit", str(path)], env, kill=full_at is None, full_at=full_at,
                              name=url if "identity" in events else None)
            self._clear_faults()
            if "fulldisk" in events and DISK_FULL in err:
                self._count_kind("fulldisk")
            if "identity" in events:  # this run went as Excel runs it, by the workbook's URL
                self._count_kind("identity")
            if "revert" in events:
                shutil.copy(before, path)  # Excel closed with "Don't Save": the journal alone knows
                self._count_kind("revert")
            for book in books[1:]:
                if not _final(_table(book)):
                    self._child(["orders", "submit", str(book)], env, kill=False)
            if run % 3 == 2:
                self._child(["orders", "refresh", str(path)], env, kill=False)
            self._resolve_held(books, account)
            self._reprice(path)
            if all(_final(_table(book)) for book in books) and (modified or self._modifiable(path, account) is None):
                if not (cancel_at_end and self._ask_cancel(path, asked)):
                    break
                self._ask_cancel(path, asked)  # and a second, when one still rests
                cancel_at_end = False
                self._count_kind("cancel")
            time.sleep(0.2)
        for book in books:
            self._child(["orders", "refresh", str(book)], env, kill=False)
        self._count(books, account, asked)

    def _tear(self) -> bool:
        """A crash (or a full disk) that cut the journal's last write short: the start of a record, no end."""
        journals = [j for j in (self.tmp / "cache" / "journal").glob("*/*.jsonl") if j.stat().st_size]
        if not journals:
            return False
        with open(max(journals, key=lambda j: j.stat().st_mtime), "ab") as f:  # this round's (its account's)
            f.write(b'{"kind": "outcome", "client_id": "c')
        return True

    def _modify(self, path: Path, env: dict, account: str) -> bool:
        """As a user: the large row's order, still working today, modified (정정) through the CLI to the price the
        market trades at (part of it fills at once, more each minute), then REFRESH twice (the second REFRESH
        used to count from the new number only, issue 27)."""
        order = self._modifiable(path, account)
        if order is None:
            return False
        world = self.server.world
        price = world.market.quote("005930", world.now()).price
        self._child(["modify", order.order_no, "--price", f"{price:.0f}", "--yes"], env, kill=False)
        for _ in range(2):
            self._child(["orders", "refresh", str(path)], env, kill=False)
        with self.tally.lock:
            self.tally.modifies += 1
        return True

    def _modifiable(self, path: Path, account: str):
        """The order the large row shows, when it still works today (a user modifies only such an order)."""
        row = next((r for r in _table(path) if r["Tag"] == MODIFY_TAG), None)
        today = self.server.world.now().astimezone(krx.KST).date().isoformat()
        if row is None or row["Status"] not in ("SENT", "PARTIAL") or str(row["Order Date"]) != today:
            return None
        return next((o for o in self._orders(account, chains=True) if o.order_no == row["Order No"]
                     and _iso(o.day) == today and o.working), None)

    def _two_books(self, books: list[Path], r: int, env: dict, account: str) -> bool:
        """Two other workbooks of the account, one identical row each, run at the same moment (two processes),
        both answers lost (booked, then the connection cut, a 500 or no reply) and both runs gone (killed) before
        they found their orders: two intents in doubt whose booking windows overlap, two orders of the account's
        own. True when it came to that (one row may be held instead while the other's window is open)."""
        pair = [self.tmp / f"round{r}{name}.xlsx" for name in "ab"]
        for book in pair:
            _book(book, [PAIR])
        books.extend(pair)
        self._post("/sim/clock", advance=PASSED)  # no other intent's window open: nothing else holds the rows
        self._post("/sim/faults", **{self.draws.choice(LOST): 2}, order_hold=self.hold)
        booked = len(self._orders(account, chains=True))
        runs = [(forks, forks.start(["orders", "submit", str(book)], env, self.tmp / f"stderr{i}.txt"))
                for i, (forks, book) in enumerate(zip((self.forks, self.side), pair))]
        ended: set[int] = set()
        start = time.monotonic()
        while len(self._orders(account, chains=True)) < booked + 2 and len(ended) < 2 \
                and time.monotonic() - start < 60:
            ended |= {pid for forks, pid in runs if pid not in ended and forks.wait(timeout=0.01) is not None}
        for forks, pid in runs:
            if pid not in ended:
                os.kill(pid, signal.SIGKILL)
                forks.wait(timeout=None)
        self._clear_faults()
        self._post("/sim/clock", advance=PASSED)
        booked = len(self._orders(account, chains=True)) - booked
        self.log.append(f"  two workbooks: {booked} booked, {2 - len(ended)} runs killed")
        return booked == 2 and not ended

    def _shares_lock(self, path: Path, url: str, env: dict, account: str) -> bool:
        """While Excel runs the workbook (its run lock taken by the name Excel knows, the OneDrive URL), the CLI
        runs it by its local path: it must stop at the same lock and send nothing. True when it did (or when the
        workbook keeps no id yet: its first run gives it one)."""
        if OpenpyxlSheet(path).workbook_id() is None:
            return True
        key = identity.workbook_id(OpenpyxlSheet(path), url, assign=False)
        excel = Journal(key, self.server.real_url, account, folder=self.tmp / "cache" / "journal")
        before = len(self._orders(account, chains=True))
        with excel.exclusive():
            err = self._child(["orders", "submit", str(path)], env, kill=False)
        return REFUSED in err and len(self._orders(account, chains=True)) == before

    def _count_kind(self, kind: str) -> None:
        with self.tally.lock:
            self.tally.kinds[kind] += 1

    def _ask_cancel(self, path: Path, asked: set[str]) -> bool:
        """As a user: type CANCEL on a resting (SENT) row (not the large row: it is there to be modified)."""
        resting = [row for row in _table(path) if row["Status"] == "SENT" and row["Type"] == "LIMIT"
                   and row["Tag"] not in asked and row["Tag"] != MODIFY_TAG]
        if not resting:
            return False
        row = self.rng.choice(resting)
        asked.add(row["Tag"])
        _set(path, row["_row"], Status="CANCEL")
        with self.tally.lock:
            self.tally.cancels += 1
        return True

    def _child(self, args: list[str], env: dict, *, kill: bool, full_at: int | None = None,
               name: str | None = None) -> str:
        """One ``kis-xl`` run as its own process (forked after the imports), killed mid-run when drawn; its
        journal's disk full from its ``full_at``-th write; as Excel runs the workbook it names ``name``. Its stderr."""
        err_file = self.tmp / "stderr.txt"
        pid = self.forks.start(args, env, err_file, journal_full_at=full_at, workbook_name=name)
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
            self.log.append(f"  {args[1]}{' by URL' if name else ''} exit {code}"
                            f"{f' killed {sig.name}' if sig else ''}: {err.strip()[-200:]}")
        with self.tally.lock:
            if sig is not None and code != 0:  # counted only when it cut the run short
                self.tally.kills[sig.name] += 1
            if sig is None and INTERNAL.search(err):  # a killed run's traceback is the signal's
                if "Traceback" in err:
                    self.tally.tracebacks += 1
                else:
                    self.tally.internal += 1
                if not self.quiet:
                    print(err, file=sys.stderr)
        return err

    def _orders(self, account: str, *, chains: bool = False) -> list:
        """The account's orders in the simulator's books: the originals (``chains``: and every modification or
        cancel record descending from one)."""
        trading = self.server.world.trading
        with trading.lock:
            return [o for key, acct in trading.accounts.items() if key.endswith("|" + account)
                    for o in acct.orders if chains or not o.orig_order_no]

    def _chains(self, account: str) -> dict[tuple[str, str], list]:
        """Each order of the account by (day, number): its whole modification chain, the original first."""
        orders = {(_iso(o.day), o.order_no): o for o in self._orders(account, chains=True)}

        def root(key: tuple[str, str]) -> tuple[str, str]:
            seen = {key}
            while orders[key].orig_order_no and (up := (key[0], orders[key].orig_order_no)) in orders \
                    and up not in seen:
                key = up
                seen.add(key)
            return key

        chains: dict[tuple[str, str], list] = {}
        for key in orders:
            chains.setdefault(root(key), []).append(orders[key])
        return {key: chains[root(key)] for key in orders}

    def _resolve_held(self, books: list[Path], account: str) -> None:
        """A row UNKNOWN between its own order and another program's twin: the user checks the HTS and types
        their own order's number and date (any of their own candidates not shown on a row of theirs: the soak's
        rows are all alike). Only then: between orders all the account's own, kis-xl pairs one-to-one itself."""
        shown = {(str(r["Order Date"]), str(r["Order No"])) for book in books for r in _table(book) if r["Order No"]}
        orders = self._orders(account)
        ours = {_key(o) for o in orders if not o.foreign}
        twins = {_key(o) for o in orders if o.foreign}
        for book in books:
            for row in _table(book):
                match = CANDIDATES.search(str(row.get("Message") or "")) if row["Status"] == "UNKNOWN" else None
                if not match:
                    continue
                candidates = [(d, n) for n, d in (c.split(" of ") for c in match.group(1).split(", "))]
                mine = [c for c in candidates if c in ours and c not in shown]
                if mine and twins & set(candidates):
                    _set(book, row["_row"], Status="SENT", **{"Order No": mine[0][1], "Order Date": mine[0][0]})
                    shown.add(mine[0])
                    with self.tally.lock:
                        self.tally.held += 1

    def _reprice(self, path: Path) -> None:
        """A resting row not sent before the day rolled over is below the new day's limits: the user reprices it."""
        world = self.server.world
        for row in _table(path):
            if row["Status"] == "INVALID" and "lower limit" in str(row["Message"]):
                _set(path, row["_row"], Price=world.market.quote("005930", world.now()).lower_limit, Status=None)

    def _count(self, books: list[Path], account: str, asked: set[str]) -> None:
        """Every workbook's rows against the simulator's books, an order counted by its chain's original (a
        modified row shows the chain's latest number)."""
        chains = self._chains(account)
        ours = {key: chain for key, chain in chains.items() if key == _key(chain[0]) and not chain[0].foreign}
        table = [row for book in books for row in _table(book)]
        shown = Counter(_key(chains[k][0]) if k in chains else k
                        for k in ((str(r["Order Date"]), str(r["Order No"])) for r in table if r["Order No"]))
        t = self.tally
        problems = (set(ours) - set(shown) or any(not r["Order No"] for r in table)
                    or any(k not in ours for k in shown) or any(n > 1 for n in shown.values()))
        miscounted = [r for r in table if r["Tag"] == MODIFY_TAG and _miscounted(r, chains)]
        if (problems or miscounted) and not self.quiet:
            print(f"--- worker {self.seed} account {account}: round missed the target", *self.log,
                  *(f"  row {r['Tag']}: {r['Status']} {r['Order Date']} {r['Order No']} {r.get('Filled')} "
                    f"{r['Message']}" for r in table),
                  *(f"  order {k[0]} {o.order_no} {o.orig_order_no} {o.time} {o.ord_dvsn} {o.qty} filled "
                    f"{o.filled_qty} {'working' if o.working else ''}" for k, chain in sorted(ours.items())
                    for o in chain), sep="\n", file=sys.stderr, flush=True)
        with t.lock:
            t.rounds += 1
            t.server_orders += len(ours)
            t.twins += sum(o.foreign for o in self._orders(account))
            t.rows += len(table)
            t.duplicates += len(set(ours) - set(shown))
            t.no_number += sum(1 for r in table if not r["Order No"])
            t.wrong_order += sum(n for k, n in shown.items() if k not in ours)
            t.shown_twice += sum(n - 1 for n in shown.values() if n > 1)
            t.final_after_temporary += sum(1 for r in table if r["Status"] == "REJECTED" or (
                r["Status"] == "CANCELLED" and r["Tag"] not in asked))
            t.miscounted += len(miscounted)
            for r in table:
                chain = chains.get((str(r["Order Date"]), str(r["Order No"])))
                if r["Tag"] in asked and (r["Status"] not in ("CANCELLED", "EXPIRED", "FILLED")
                                          or (chain is not None and any(o.working for o in chain))):
                    t.cancels_not_done += 1
            if not self.quiet:
                print(f"worker {self.seed} round {t.rounds:3d}: {t.line()}", flush=True)


def _iso(day: str) -> str:
    return datetime.strptime(day, "%Y%m%d").date().isoformat()


def _key(order) -> tuple[str, str]:
    return _iso(order.day), order.order_no


def _final(table: list[dict]) -> bool:
    """Every row final for the soak: a status it keeps, and its order's number."""
    return all(row["Status"] in TERMINAL and row["Order No"] for row in table) and not any(
        row["Status"] == "CANCEL" for row in table)


def _miscounted(row: dict, chains: dict) -> bool:
    """A modified row whose Filled or "filled X of N" is not what its whole chain filled of what it ordered."""
    chain = chains.get((str(row["Order Date"]), str(row["Order No"])))
    if chain is None or len(chain) == 1:
        return False
    filled = sum(o.filled_qty for o in chain)
    said = FILLS.search(str(row["Message"] or ""))
    return (int(row.get("Filled") or 0) != filled or said is None
            or (int(said[1].replace(",", "")), int(said[2].replace(",", ""))) != (filled, chain[0].qty))


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
    parser.add_argument("--event", action="append", default=[], metavar="NAME=P",
                        help=f"an event's chance before a run instead of its default ({', '.join(EVENTS)}); repeatable")
    args = parser.parse_args()
    events = dict(EVENTS)
    for text in args.event:
        name, _, chance = text.partition("=")
        if name not in EVENTS:
            parser.error(f"no event named {name!r}: {', '.join(EVENTS)}")
        events[name] = float(chance)
    start = time.monotonic()
    tally = soak(args.rounds, args.rows, args.seed, workers=args.workers, kill_share=args.kill_share,
                 kill_within=(0.3, max(0.3, args.kill_within)), events=events)
    kills = ", ".join(f"{k} {v}" for k, v in sorted(tally.kills.items()))
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(tally.kinds.items()))
    print(f"\nOrder-sheet soak: {tally.rounds} rounds of {args.rows} rows, {tally.schedules} fault schedules "
          f"({kinds}), kills: {kills or 'none'} ({sum(tally.kills.values())}), {time.monotonic() - start:.0f} s")
    print(f"  {tally.line()}")
    print("  target met: every count zero" if tally.clean else "  TARGET MISSED")
    sys.exit(0 if tally.clean else 1)


if __name__ == "__main__":
    main()
