"""Quotes at KIS's rate limits against the simulator.

    python benchmarks/quotes.py [--codes N]     1,000 distinct codes at the real-account limit: one request per
                                                 code vs the batched multi-stock path
    python benchmarks/quotes.py --mock 30        30 codes on the mock domain (one request a code at 2/s): the
                                                 quote itself against its floor (codes / 2 s), then `kis-xl quote`
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import client, codes, simulator  # noqa: E402


def batched(n: int) -> None:
    wanted = codes(n)
    with simulator() as server:
        naive = client(server)
        naive.price("005930")  # token issued outside the timing
        start = time.perf_counter()
        one_by_one = {c: naive.price(c) for c in wanted}
        naive_s = time.perf_counter() - start
        together_client = client(server)
        together_client.price("005930")
        start = time.perf_counter()
        together = together_client.prices(wanted)
        batched_s = time.perf_counter() - start
    assert len(one_by_one) == len(together) == len(wanted)
    print(f"{len(wanted):,} distinct codes against the simulator at the real-account limit "
          f"({together_client.transport.limiter.calls} calls/s):")
    print(f"  (a) one inquire-price per code : {naive_s:8.2f} s  ({naive.stats.requests - 1:,} requests)")
    print(f"  (b) batched intstock-multprice : {batched_s:8.2f} s  ({together_client.stats.requests - 1:,} requests)")
    print(f"  ratio (a)/(b)                  : {naive_s / batched_s:8.1f}x")


def mock(n: int) -> None:
    """The mock domain: the quote (client.prices, what the sheet and the functions use), then the CLI command."""
    from kis_xl.cli.main import main as cli

    wanted = codes(n)
    with simulator() as server:
        c = client(server, "mock")
        c.price("005930")  # token issued and the simulator's market warmed outside the timing
        before, retried = c.stats.requests, c.stats.retries
        start = time.perf_counter()
        got = c.prices(wanted)
        quote_s = time.perf_counter() - start
        refused = sum(server.world.rate_refusals.values())
        other = client(server, "mock")
        other.price("005930")
        os.environ.update(KIS_XL_PROFILE="mock", KIS_XL_BASE_URL=server.mock_url,
                          KIS_XL_APP_KEY=other.profile.app_key, KIS_XL_APP_SECRET=other.profile.app_secret,
                          KIS_XL_ACCOUNT=other.profile.account)
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            code = cli(["quote", *wanted, "--json"])
        cli_s = time.perf_counter() - start
        refused_all = sum(server.world.rate_refusals.values())
    assert len(got) == n and code == 0, err.getvalue()
    floor = n / 2  # KIS's published 2 a second
    print(f"{n} codes on the mock domain against the simulator (budget {c.transport.limiter.calls} calls per "
          f"{c.transport.limiter.period:g} s; floor {floor:.1f} s at KIS's 2/s):")
    sent = c.stats.requests - before
    print(f"  client.prices : {quote_s:6.2f} s  ({sent} requests, {sent / quote_s:.2f} req/s, "
          f"{quote_s / floor - 1:+.0%} on the floor, retries {c.stats.retries - retried})")
    print(f"  kis-xl quote  : {cli_s:6.2f} s  (the quote and a name per code)")
    print(f"  EGW00201 refused by the simulator: {refused} during client.prices, {refused_all} in all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=1_000)
    parser.add_argument("--mock", type=int, metavar="N", help="N codes on the mock domain instead")
    args = parser.parse_args()
    if args.mock:
        mock(args.mock)
    else:
        batched(args.codes)


if __name__ == "__main__":
    main()
