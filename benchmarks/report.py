"""The daily report for a large account: 2,000 holdings and 20,000 fills, time and peak memory.

    python benchmarks/report.py [--holdings N] [--fills N]

Compared with a naive baseline in the same run: the same cells written with openpyxl's ordinary
(in-memory) workbook, as a report written without streaming would.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import tracemalloc
from datetime import date, time as dtime
from pathlib import Path

from openpyxl import Workbook

from kis_xl.models import Balance, BalanceSummary, DailyOrders, Holding, OrderRecord, Side
from kis_xl.report.build import write_report
from kis_xl.report.data import ReportData


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
    return ReportData(day, "sim", "5000****-01", Balance(holdings, summary),
                      DailyOrders(orders, 10 * n_fills, 10 * n_fills, 500_000.0 * n_fills, 0))


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


def measure(fn, *args) -> tuple[float, float]:
    """Wall time of a plain run, then peak traced memory of a second run (tracemalloc slows what it traces)."""
    start = time.perf_counter()
    fn(*args)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    fn(*args)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdings", type=int, default=2_000)
    parser.add_argument("--fills", type=int, default=20_000)
    args = parser.parse_args()
    data = account(args.holdings, args.fills)
    with tempfile.TemporaryDirectory() as tmp:
        streamed = measure(write_report, data, Path(tmp) / "report.xlsx")
        baseline = measure(naive, data, Path(tmp) / "naive.xlsx")
    print(f"Report for {args.holdings:,} holdings and {args.fills:,} fills:")
    print(f"  kis-xl (write-only, styled, tables, charts): {streamed[0]:6.2f} s, peak {streamed[1]:7.1f} MiB")
    print(f"  naive in-memory openpyxl, plain cells      : {baseline[0]:6.2f} s, peak {baseline[1]:7.1f} MiB")
    print(f"  memory ratio naive/kis-xl                  : {baseline[1] / streamed[1]:6.1f}x")


if __name__ == "__main__":
    main()
