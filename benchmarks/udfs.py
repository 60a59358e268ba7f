"""Excel functions at scale: a cold refresh of 1,000 KIS_PRICE cells, and a warm recalculation of 10,000.

    python benchmarks/udfs.py [--cells N]

(a) naive: one inquire-price request per cell, as a UDF without a service would do;
(b) kis-xl, one range formula =KIS_PRICE(A1:A1000): the way desktop Excel should ask (one call, batched);
(c) kis-xl, 1,000 single-cell formulas evaluated concurrently (Office.js / a threaded calculation);
(d) kis-xl, 1,000 single-cell formulas recalculated one at a time after KIS_REFRESH (desktop Excel calls
    UDFs cell by cell): the codes of the last round ride along in each multi-stock request;
(e) warm: single cells again, answered from the cache.
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
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
