"""Excel functions at scale: a cold refresh of 1,000 KIS_PRICE cells, and a warm recalculation of 10,000.

    python benchmarks/udfs.py [--cells N]

(a) naive: one inquire-price request per cell, as a UDF without a service would do;
(b) kis-xl, one range formula =KIS_PRICE(A1:A1000): the way desktop Excel should ask (one call, batched);
(c) kis-xl, 1,000 single-cell formulas evaluated concurrently (Office.js / a threaded calculation);
(d) kis-xl, 1,000 single-cell formulas recalculated one at a time after KIS_REFRESH (desktop Excel calls
    UDFs cell by cell): the codes of the last round ride along in each multi-stock request;
(e) warm: single cells again, answered from the cache.

Then the workbook's Market sheet, which mixes every other function (indices, index history, stock info,
sellable, calendar, investors, ticks, brokers, ETF, rankings, minutes, KIS_QUERY, realised P&L), refreshed
``--market-refreshes`` times back to back with its cells calculated concurrently: the requests it costs,
their rate against the app key's budget (20 a second on the real domain) and the simulator's rate-limit
refusals (EGW00201), which must be 0. ``--market-only`` runs just that part.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import client, codes, simulator  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=1_000)
    parser.add_argument("--warm-cells", type=int, default=10_000)
    parser.add_argument("--market-refreshes", type=int, default=10)
    parser.add_argument("--market-only", action="store_true")
    args = parser.parse_args()
    if args.market_only:
        market_sheet(args.market_refreshes)
        return
    wanted = codes(args.cells, first=500_000)
    with simulator() as server:
        os.environ.update(KIS_XL_PROFILE="sim", KIS_XL_BASE_URL=server.real_url)
        naive = client(server)
        naive.price("005930")
        start = time.perf_counter()
        for code in wanted:
            naive.price(code)
        naive_s = time.perf_counter() - start

        from kis_xl import udfs
        from kis_xl.services.quotes import service

        svc = service()
        svc.client.price("005930")
        before = svc.client.stats.requests
        start = time.perf_counter()
        spilled = udfs.KIS_PRICE([[c] for c in wanted])
        range_s = time.perf_counter() - start
        range_requests = svc.client.stats.requests - before
        assert all(isinstance(row[0], float) for row in spilled)

        svc.refresh()
        before = svc.client.stats.requests
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=32) as pool:
            cold = list(pool.map(udfs.KIS_PRICE, wanted))
        cold_s = time.perf_counter() - start
        cold_requests = svc.client.stats.requests - before
        assert all(isinstance(v, float) for v in cold), [v for v in cold if not isinstance(v, float)][:3]

        svc.refresh()
        before = svc.client.stats.requests
        start = time.perf_counter()
        serial = [udfs.KIS_PRICE(code) for code in wanted]
        serial_s = time.perf_counter() - start
        serial_requests = svc.client.stats.requests - before
        assert all(isinstance(v, float) for v in serial)

        svc.set_mode("manual")  # a recalculation within the TTL; manual mode keeps the run deterministic
        cells = (wanted * (args.warm_cells // len(wanted) + 1))[: args.warm_cells]
        before = svc.client.stats.requests
        start = time.perf_counter()
        for code in cells:
            udfs.KIS_PRICE(code)
        warm_s = time.perf_counter() - start
        assert svc.client.stats.requests == before
    print(f"KIS_PRICE over {len(wanted):,} distinct codes, simulator at the real-account limit:")
    print(f"  (a) naive, one request per cell : {naive_s:8.2f} s  ({len(wanted):,} requests)")
    print(f"  (b) one range formula            : {range_s:8.2f} s  ({range_requests:,} requests)"
          f"  ratio (a)/(b) {naive_s / range_s:5.1f}x")
    print(f"  (c) concurrent single cells      : {cold_s:8.2f} s  ({cold_requests:,} requests)"
          f"  ratio (a)/(c) {naive_s / cold_s:5.1f}x")
    print(f"  (d) single cells one at a time   : {serial_s:8.2f} s  ({serial_requests:,} requests)"
          f"  ratio (a)/(d) {naive_s / serial_s:5.1f}x")
    print(f"  (e) warm recalculation of {len(cells):,} cells: {warm_s * 1e6 / len(cells):.1f} µs per cell "
          f"(0 requests)")
    market_sheet(args.market_refreshes)


def market_sheet(refreshes: int) -> None:
    """The Market sheet refreshed ``refreshes`` times: requests, rate against the budget, refusals."""
    from kis_xl import spec
    from kis_xl.services.quotes import reset_services, service
    from kis_xl.workbook.examples import market_sheet_calls

    with simulator() as server:
        os.environ.update(KIS_XL_PROFILE="sim", KIS_XL_BASE_URL=server.real_url)
        reset_services()
        svc = service()
        svc.client.buy("005930", 10)
        svc.client.sell("005930", 4)  # a realised P&L for KIS_PNL
        calls = market_sheet_calls()
        errors, times = [], []
        before = svc.client.stats.requests
        start = time.perf_counter()
        for _ in range(refreshes):
            svc.refresh()
            t0 = time.perf_counter()
            with ThreadPoolExecutor(max_workers=8) as pool:  # Excel calculates cells on several threads
                results = list(pool.map(lambda call: call[1](), calls))
            times.append(time.perf_counter() - t0)
            flat = [v for r in results for v in (r if isinstance(r, list) else [r])]
            flat = [x for v in flat for x in (v if isinstance(v, list) else [v])]
            errors += [v for v in flat if isinstance(v, str) and v.startswith("#KIS!")]
        elapsed = time.perf_counter() - start
        requests = svc.client.stats.requests - before
        svc.set_mode("manual")
        warm_before = svc.client.stats.requests
        t0 = time.perf_counter()
        for _, call in calls:
            call()
        warm_s = time.perf_counter() - t0
        warm_requests = svc.client.stats.requests - warm_before
        refused = sum(server.world.rate_refusals.values())
        budget = spec.RATE_LIMITS[spec.REAL] - 1
    print(f"Market sheet ({len(calls)} formulas mixing all 14 new functions), {refreshes} refreshes back to back:")
    print(f"  requests per refresh           : {requests / refreshes:8.1f}")
    print(f"  refresh time (median, max)     : {sorted(times)[len(times) // 2]:8.2f} s, {max(times):.2f} s")
    print(f"  request rate                   : {requests / elapsed:8.1f} /s  (budget {budget} /s)")
    print(f"  rate-limit refusals (EGW00201) : {refused:8d}")
    print(f"  #KIS! cells                    : {len(errors):8d}")
    print(f"  warm recalculation             : {warm_s * 1e3:8.1f} ms ({warm_requests} requests)")


if __name__ == "__main__":
    main()
