"""The daily report for a large account: 2,000 holdings and 20,000 fills, time and peak memory.

    python benchmarks/report.py [--holdings N] [--fills N]

Compared side by side in the same run (each the best of ``--repeat`` runs) with two baselines: a bare
openpyxl write-only dump of the same rows (plain values: no styles, tables, charts or summary) — the
report's goal is to stay within 1.2x of it — and the same cells in openpyxl's ordinary (in-memory)
workbook, as a report written without streaming would. openpyxl uses lxml when it is installed (a
dependency of kis-xl); the line "openpyxl accelerator" says whether it did.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import tracemalloc
from datetime import date
from datetime import time as dtime
from pathlib import Path

from openpyxl import LXML, Workbook

from kis_xl.models import (
    Balance,
    BalanceSummary,
    DailyOrders,
    Holding,
    IndexQuote,
    OrderRecord,
    PnlSummary,
    PnlTrade,
    Side,
)
from kis_xl.report.build import write_report
from kis_xl.report.data import ReportData, estimated_fees


def account(n_holdings: int, n_fills: int) -> ReportData:
    rng = random.Random(1)
    holdings = []
    for i in range(n_holdings):
        qty, avg = rng.randint(1, 500), rng.randint(1_000, 300_000)
        price = avg * rng.uniform(0.7, 1.3)
        holdings.append(Holding(f"{100_000 + i:06d}", f"SIM{100_000 + i:06d}", qty, qty, avg, avg * qty, price,
                                price * qty, (price - avg) * qty, (price / avg - 1) * 100))
    evaluation = sum(h.evaluation for h in holdings)
    cost = sum(h.purchase_amount for h in holdings)
    summary = BalanceSummary(50_000_000, 50_000_000, evaluation, evaluation + 50_000_000, cost, evaluation - cost,
                             evaluation + 50_000_000)
    day = date(2025, 6, 2)
    orders = [OrderRecord(day, f"{i:010d}", "06010", f"{100_000 + i % n_holdings:06d}", "SIM", Side.BUY if i % 3 else
                          Side.SELL, "00", 10, 50_000, dtime(9 + i % 6, i % 60), 10, 50_000, 500_000, 0)
              for i in range(n_fills)]
    sold = [o for o in orders if o.side == Side.SELL]
    realized = [PnlTrade(day, o.code, o.name, o.filled_qty, o.avg_fill_price, o.filled_amount, 48_000.0,
                         o.filled_amount - 480_000.0, 4.17, 75.0, 900.0, 0, 0.0) for o in sold[: n_holdings]]
    total = PnlSummary(sum(t.realized for t in realized), sum(t.sell_amount for t in realized), 0.0,
                       sum(t.fees for t in realized), sum(t.taxes for t in realized))
    indices = {"KOSPI": IndexQuote("0001", "KOSPI", 2739.88, -4.4, -0.16, 2747.63, 2747.63, 2739.88, 2744.28, 68_203,
                                   1_882_603.0, 444, 449, 47),
               "KOSDAQ": IndexQuote("1001", "KOSDAQ", 750.22, 1.52, 0.2, 750.77, 751.03, 749.41, 748.7, 149_829,
                                    1_144_850.0, 906, 709, 85)}
    return ReportData(day, "sim", "5000****-01", Balance(holdings, summary),
                      DailyOrders(orders, 10 * n_fills, 10 * n_fills, 500_000.0 * n_fills, 0),
                      prev_closes={h.code: h.price * 0.99 for h in holdings}, realized=realized, realized_total=total,
                      indices=indices)


def bare(data: ReportData, path: Path) -> None:
    """The same rows as the report's Holdings, Orders and Realised P&L sheets, plain, streamed."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Holdings")
    total = sum(h.evaluation for h in data.balance.holdings) or 1
    for h in data.balance.holdings:
        ws.append([h.code, h.name, h.quantity, h.avg_price, h.price, h.evaluation, h.pnl, h.pnl_pct,
                   h.evaluation / total * 100])
    ws = wb.create_sheet("Orders")
    for o in data.orders.orders:
        ws.append([o.order_date, o.time, o.order_no, o.code, o.name, o.side.value, o.quantity, o.price, o.filled_qty,
                   o.avg_fill_price, o.filled_amount, estimated_fees(o), o.status.value])
    ws = wb.create_sheet("Realised P&L")
    for t in data.realized or []:
        ws.append([t.date, t.code, t.name, t.sell_qty, t.sell_price, t.sell_amount, t.avg_cost, t.realized, t.pnl_pct,
                   t.fees, t.taxes])
    wb.save(path)


def naive(data: ReportData, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for h in data.balance.holdings:
        ws.append([h.code, h.name, h.quantity, h.avg_price, h.price, h.evaluation, h.pnl, h.pnl_pct])
    orders = wb.create_sheet("Orders")
    for o in data.orders.orders:
        orders.append([o.order_date, o.time, o.order_no, o.code, o.name, o.side.value, o.quantity, o.price,
                       o.filled_qty, o.avg_fill_price, o.filled_amount, o.status.value])
    wb.save(path)


def measure(fn, *args, repeat: int = 3) -> tuple[float, float]:
    """Best wall time of plain runs, then peak traced memory of one more (tracemalloc slows what it traces)."""
    elapsed = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        elapsed = min(elapsed, time.perf_counter() - start)
    tracemalloc.start()
    fn(*args)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdings", type=int, default=2_000)
    parser.add_argument("--fills", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = account(args.holdings, args.fills)
    with tempfile.TemporaryDirectory() as tmp:
        # interleaved, so a busy neighbour on the machine slows both alike
        streamed, dump = (float("inf"), 0.0), (float("inf"), 0.0)
        for _ in range(args.repeat):
            s = measure(write_report, data, Path(tmp) / "report.xlsx", repeat=1)
            d = measure(bare, data, Path(tmp) / "bare.xlsx", repeat=1)
            streamed, dump = min(streamed, s), min(dump, d)
        baseline = measure(naive, data, Path(tmp) / "naive.xlsx", repeat=1)
    realized = len(data.realized or [])
    print(f"Report for {args.holdings:,} holdings, {args.fills:,} fills and {realized:,} realised P&L rows "
          f"(openpyxl accelerator: {'lxml' if LXML else 'none'}):")
    print(f"  kis-xl (write-only, styled, tables, charts): {streamed[0]:6.2f} s, peak {streamed[1]:7.1f} MiB")
    print(f"  bare openpyxl write-only dump, same rows  : {dump[0]:6.2f} s, peak {dump[1]:7.1f} MiB")
    print(f"  ratio kis-xl/bare dump (goal <= 1.20)      : {streamed[0] / dump[0]:6.2f}x")
    print(f"  naive in-memory openpyxl, plain cells      : {baseline[0]:6.2f} s, peak {baseline[1]:7.1f} MiB")
    print(f"  memory ratio naive/kis-xl                  : {baseline[1] / streamed[1]:6.1f}x")


if __name__ == "__main__":
    main()
