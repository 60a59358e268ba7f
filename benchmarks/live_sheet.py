"""What a live-mode sheet costs: REST requests and WebSocket control messages per minute, after warm-up.

    python benchmarks/live_sheet.py [--codes 60] [--history 20] [--seconds 60] [--settle 30] [--domain mock]
                                    [--market-data real]

The sheet: ``--codes`` prices (KIS_PRICE cells, calculated one at a time as desktop Excel does), ``--history`` histories (KIS_HISTORY), a balance (KIS_BALANCE) and
the three index cells (KIS_INDEX), recalculated every second in live mode (``KIS_REFRESH("live")``) against
the in-process simulator. ``--market-data real`` gives the mock account a real-domain key for quotes, as
docs/EXCEL.md recommends. Prints one JSON line. Only public APIs are used, so the same script measures any
version of kis-xl (``realtime.py --baseline`` runs it on another commit).
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import codes, simulator  # noqa: E402

from kis_xl import realtime as rt  # noqa: E402
from kis_xl.client import KisClient  # noqa: E402
from kis_xl.config import Profile  # noqa: E402
from kis_xl.services import cached  # noqa: E402
from kis_xl.services.quotes import QuoteService  # noqa: E402
from kis_xl.sim.ws import hub  # noqa: E402

INDICES = ("0001", "1001", "2001")


def profile(server, domain: str, name: str) -> Profile:
    url = server.real_url if domain == "real" else server.mock_url
    return Profile(name, domain, url, None, ("PS" + secrets.token_hex(17))[:36], secrets.token_urlsafe(135)[:180],
                   f"{59_100_000 + secrets.randbelow(800_000):08d}-01", simulator=True)


def count_controls() -> list[int]:
    """Subscribe and unsubscribe messages sent, counted where every client builds them."""
    sent = [0]
    build = rt.subscribe_message

    def counted(*args, **kwargs):
        sent[0] += 1
        return build(*args, **kwargs)

    rt.subscribe_message = counted
    for module in list(sys.modules.values()):  # modules that imported the name itself
        if getattr(module, "subscribe_message", None) is build:
            module.subscribe_message = counted
    return sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=60)
    parser.add_argument("--history", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--domain", default="mock")
    parser.add_argument("--market-data", choices=["same", "real"], default="same")
    parser.add_argument("--cells", choices=["one-by-one", "range"], default="one-by-one",
                        help="price cells as desktop Excel calculates them (one at a time) or one range formula")
    parser.add_argument("--settle", type=float, default=30.0, help="seconds of recalculation before measuring")
    args = parser.parse_args()
    sent = count_controls()
    wanted = codes(args.codes, first=300_000)
    with simulator() as server:
        hub(server.world).settings.trade_rate = 2.0
        server.world.market.quote(wanted[0], server.world.now())
        market = KisClient(profile(server, "real", "market")) if args.market_data == "real" else None
        client = KisClient(profile(server, args.domain, "sheet"), market_client=market)
        svc = QuoteService(client)
        svc.set_mode("live", 1.0)
        today = client.now().date()
        errors: dict[str, str] = {}

        def cell(what: str, fn, *a):
            try:
                fn(*a)
            except Exception as exc:  # a cell shows its error; the sheet goes on
                errors[what] = f"{type(exc).__name__}: {exc}"[:120]

        def sheet() -> None:
            if args.cells == "range":
                cell("prices", svc.prices, wanted)
            for code in wanted if args.cells == "one-by-one" else ():  # desktop Excel: a cell at a time
                cell("prices", svc.price, code)
                time.sleep(0.005)
            for code in wanted[: args.history]:
                cell("history", svc.history, code, today - timedelta(days=90), today, "D")
            cell("balance", svc.balance)
            cell("us_balance", svc.us_balance)
            for code in INDICES:
                cell("index", cached.index, svc, code)

        def requests() -> int:
            return client.stats.requests + (market.stats.requests if market else 0)

        started = time.monotonic()
        sheet()
        warm = time.monotonic() - started
        settled = time.monotonic() + args.settle
        while time.monotonic() < settled:  # let the stream take its codes, and the caches settle
            tick = time.monotonic()
            sheet()
            time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
        r0, m0, c0, t0 = client.stats.requests, market.stats.requests if market else 0, sent[0], time.monotonic()
        passes, slow = 0, 0.0
        while time.monotonic() - t0 < args.seconds:
            tick = time.monotonic()
            sheet()
            passes += 1
            spent = time.monotonic() - tick
            slow = max(slow, spent)
            time.sleep(max(0.0, 1.0 - spent))
        wall = time.monotonic() - t0
        live = getattr(svc, "live_status", lambda: {})()
        result = {
            "domain": args.domain, "market_data": args.market_data, "codes": args.codes, "history": args.history,
            "seconds": round(wall, 1), "first_pass_s": round(warm, 1), "passes": passes, "slowest_pass_s": round(slow, 2),
            "rest_per_s_account_domain": round((client.stats.requests - r0) / wall, 3),
            "rest_per_s_market_domain": round(((market.stats.requests if market else 0) - m0) / wall, 3),
            "rest_per_s": round((requests() - r0 - m0) / wall, 3),
            "controls_per_min": round((sent[0] - c0) / wall * 60, 1),
            "streaming": sum(1 for v in live.values() if v == "stream"), "watched": len(live),
            "errors": errors, "threads": threading.active_count(),
        }
        svc.close()
        stream = getattr(svc, "stream", None)
        if stream is not None:
            stream.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
