"""The order sheet at scale: validating 1,000 rows, and submission throughput against the rate limit.

    python benchmarks/orders.py [--rows N] [--send N]

Validation is timed on rows already read (the sheet I/O is openpyxl's); submission sends N market orders
through the full path (journal fsync, KIS call, row written back) against the simulator, and reports the
orders per second as a fraction of the profile's rate limit. The naive baseline validates each row with
its own quote request, as a per-row macro without the batched context would.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import client, codes, simulator  # noqa: E402

from kis_xl.orders.journal import Journal  # noqa: E402
from kis_xl.orders.rows import SheetRow  # noqa: E402
from kis_xl.orders.book import OpenpyxlSheet  # noqa: E402
from kis_xl.orders.submit import run_sheet  # noqa: E402
from kis_xl.orders.template import add_orders_sheet  # noqa: E402
from kis_xl.orders.validate import Context, gather_context, validate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000)
    parser.add_argument("--send", type=int, default=100)
    args = parser.parse_args()
    wanted = codes(args.rows, first=100_000)  # synthetic stocks the master lists
    rows = [SheetRow(i + 9, {"code": c, "side": "BUY", "quantity": 1, "type": "MARKET", "price": None,
                             "market": "KRX", "tag": str(i)}) for i, c in enumerate(wanted)]
    with simulator() as server, tempfile.TemporaryDirectory() as tmp:
        c = client(server)
        c.price("005930")
        start = time.perf_counter()
        ctx = gather_context(c, rows)
        gather_s = time.perf_counter() - start
        ctx.orderable_cash = None  # a 1,000-row batch is larger than the demo account; time the checks, not the cap
        start = time.perf_counter()
        checked = validate(rows, ctx)
        check_s = time.perf_counter() - start
        assert all(x.ok for x in checked), checked[0].message

        naive = client(server)
        naive.price("005930")
        start = time.perf_counter()
        for row in rows[:100]:
            validate([row], Context(now=naive.now(), quotes={row.get("code"): naive.price(row.get("code"))}))
        naive_s = (time.perf_counter() - start) * len(rows) / 100

        sender = client(server)
        sender.price("005930")
        sheet_path = Path(tmp) / "send.xlsx"
        book = xlsxwriter.Workbook(str(sheet_path))
        add_orders_sheet(book, macro_name=None, profile="sim", send=True,
                         rows=[(c, "BUY", 1, "MARKET", None, "KRX", str(i)) for i, c in enumerate(wanted[: args.send])])
        book.close()
        journal = Journal(str(sheet_path), sender.server, sender.profile.account or "", folder=Path(tmp))
        start = time.perf_counter()
        outcome = run_sheet(OpenpyxlSheet(sheet_path), sender, journal)  # the whole path: check, gate, send, write
        send_s = time.perf_counter() - start
        batch = [r for r in outcome.rows if r["status"] == "SENT"]
        assert len(batch) == args.send, outcome.rows[:3]
        limit = sender.transport.limiter.calls / sender.transport.limiter.period
    print(f"Order sheet, {len(rows):,} rows:")
    print(f"  context (batched quotes, balance, buying power): {gather_s:6.2f} s")
    print(f"  validation checks                              : {check_s * 1e3:6.1f} ms "
          f"({check_s * 1e6 / len(rows):.0f} µs per row)")
    print(f"  naive per-row quote + check (extrapolated)      : {naive_s:6.2f} s  "
          f"ratio {naive_s / (gather_s + check_s):.1f}x")
    rate = len(batch) / send_s
    print(f"  a sheet of {len(batch)} rows run whole (quotes, checks, journal, sends, writes): {send_s:.2f} s = {rate:.1f}/s, "
          f"{rate / limit:.0%} of the {limit:.0f}/s rate limit")


if __name__ == "__main__":
    main()
