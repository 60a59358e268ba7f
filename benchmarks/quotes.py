"""Quotes for 1,000 distinct codes at the real-account rate limit: one request per code vs the batched path.

    python benchmarks/quotes.py [--codes N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import client, codes, simulator  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=1_000)
    args = parser.parse_args()
    wanted = codes(args.codes)
    with simulator() as server:
        naive = client(server)
        naive.price("005930")  # token issued outside the timing
        start = time.perf_counter()
        one_by_one = {c: naive.price(c) for c in wanted}
        naive_s = time.perf_counter() - start
        batched = client(server)
        batched.price("005930")
        start = time.perf_counter()
        together = batched.prices(wanted)
        batched_s = time.perf_counter() - start
    assert len(one_by_one) == len(together) == len(wanted)
    print(f"{len(wanted):,} distinct codes against the simulator at the real-account limit "
          f"({batched.transport.limiter.calls} calls/s):")
    print(f"  (a) one inquire-price per code : {naive_s:8.2f} s  ({naive.stats.requests - 1:,} requests)")
    print(f"  (b) batched intstock-multprice : {batched_s:8.2f} s  ({batched.stats.requests - 1:,} requests)")
    print(f"  ratio (a)/(b)                  : {naive_s / batched_s:8.1f}x")


if __name__ == "__main__":
    main()
