"""A live sheet's first recalculation, its polling and an order's wait: 200 codes on mock (2 requests a second).

    python benchmarks/live_cells.py [--codes 200] [--seconds 360] [--domain mock]

Live mode (``KIS_REFRESH("live")``) against the in-process simulator, price cells calculated one at a time as desktop
Excel does, recalculated every second. Measures: how long the first recalculation takes until every cell has
returned something (a value or "loading"), how long until every cell shows a value, then over ``--seconds`` of
polling (long enough for every polled code's stretched TTL to run out) the REST requests a second (overall and in the
busiest 10 s); throughout, how long an order waits for a slot of the key's budget (an order-priority slot taken every
2 s, as ``kis-xl buy`` takes one). Prints one JSON line.
Only public APIs are used, so the same script measures an older kis-xl (``PYTHONPATH=<its checkout>``).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import client as make_client, codes, simulator  # noqa: E402

from kis_xl.client.ratelimit import ORDER  # noqa: E402
from kis_xl.services import quotes  # noqa: E402
from kis_xl.services.quotes import QuoteService  # noqa: E402
from kis_xl.sim.ws import hub  # noqa: E402


Loading = getattr(quotes, "Loading", ())  # older kis-xl (--baseline runs): no loading state, nothing to catch


def recalculate(svc: QuoteService, wanted: list[str]) -> int:
    """One pass over the cells; returns how many showed "loading"."""
    loading = 0
    for code in wanted:
        try:
            svc.price(code)
        except Loading:
            loading += 1
    return loading


def busiest(samples: list[tuple[float, int]], window: float) -> float:
    """The most requests a second over any ``window`` seconds of (time, requests so far) samples."""
    best = 0.0
    for i, (t0, r0) in enumerate(samples):
        for t1, r1 in samples[i:]:
            if t1 - t0 >= window:
                best = max(best, (r1 - r0) / (t1 - t0))
                break
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=360.0,
                        help="seconds of polling measured after every cell has a value")
    parser.add_argument("--domain", default="mock")
    args = parser.parse_args()
    wanted = codes(args.codes, first=300_000)
    with simulator() as server:
        hub(server.world).settings.trade_rate = 2.0
        server.world.market.quote(wanted[0], server.world.now())
        client = make_client(server, args.domain)
        client.price("000660")  # the token first, as a sheet that was open before
        svc = QuoteService(client)
        svc.set_mode("live", 1.0)
        order_waits: list[tuple[float, float]] = []  # (when, seconds the order waited for its slot)
        stop = threading.Event()

        def orders() -> None:
            limiter = client.transport.limiter
            while not stop.wait(2.0):
                ticket, waited = limiter.acquire(ORDER)
                limiter.release(ticket)
                order_waits.append((time.monotonic(), waited))

        prober = threading.Thread(target=orders, daemon=True)
        prober.start()
        samples: list[tuple[float, int]] = []  # (time, REST requests so far), once a tick
        started = time.monotonic()
        loading = recalculate(svc, wanted)
        first_pass = time.monotonic() - started
        while loading:  # the live tick: a recalculation a second until every cell has a value
            tick = time.monotonic()
            samples.append((tick, client.stats.requests))
            loading = recalculate(svc, wanted)
            time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
        filled = time.monotonic()
        fill_samples, samples = samples, []
        while time.monotonic() - filled < args.seconds:  # polling: every code refreshed at least once
            tick = time.monotonic()
            samples.append((tick, client.stats.requests))
            recalculate(svc, wanted)
            time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
        stop.set()
        prober.join()
        wall = samples[-1][0] - samples[0][0]
        live = svc.live_status()
        result = {
            "domain": args.domain, "codes": args.codes, "first_recalculation_s": round(first_pass, 2),
            "all_values_s": round(filled - started, 1),
            "fill_busiest_10s_per_s": round(busiest(fill_samples, 10.0), 2),
            "fill_order_wait_max_s": round(max((w for t, w in order_waits if t < filled), default=0.0), 2),
            "polling_seconds": round(wall, 1), "polling_rest_per_s": round((samples[-1][1] - samples[0][1]) / wall, 2),
            "polling_busiest_10s_per_s": round(busiest(samples, 10.0), 2),
            "polling_order_wait_max_s": round(max((w for t, w in order_waits if t >= filled), default=0.0), 2),
            "orders": len(order_waits), "streaming": sum(1 for v in live.values() if v == "stream"),
            "stretch": round(svc.stretch, 1),
        }
        svc.close()
        if svc.stream is not None:
            svc.stream.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
