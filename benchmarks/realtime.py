"""Real-time prices: KIS's WebSocket from the simulator into the quote cache, under load.

    python benchmarks/realtime.py [--codes 40] [--rate 20] [--seconds 60] [--cells 1000] [--drops 1]

Against the in-process simulator streaming ``--codes`` codes at ``--rate`` trades a second each:
  - tick → quote-cache latency: from the simulator sending a trade to its quote being in the QuoteService
    cache (both sides on one machine's monotonic clock), p50 and p99;
  - frames/s parsed on one core: the client's frame handling (split, parse, build Quotes, update the
    cache) over recorded frames on one thread, no network;
  - CPU share of the stream's thread at that load (share of one core, from /proc);
  - recovery: the simulator drops the socket; time until a trade streamed after the reconnect is in the cache;
  - REST requests spent by ``--cells`` cells watching those codes, recalculated every second for ``--seconds``
    (the live-mode tick: KIS_REFRESH("live")), after the first look.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict, deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import client, codes, simulator  # noqa: E402

from kis_xl import realtime as rt  # noqa: E402
from kis_xl.client.stream import Stream, fetch_approval_key, ws_base  # noqa: E402
from kis_xl.services.quotes import QuoteService  # noqa: E402
from kis_xl.sim.ws import hub  # noqa: E402


def thread_cpu(native_id: int) -> float:
    """CPU seconds (user + system) a thread of this process has used."""
    with open(f"/proc/self/task/{native_id}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def parse_rate(frames: list[str], svc: QuoteService) -> float:
    """Frames a second one thread turns into cached Quotes (what the stream's thread does per frame)."""
    s = Stream(url="ws://127.0.0.1:9/", approval=lambda: "")
    s.on_quotes(svc._on_stream_quotes)
    start = time.perf_counter()
    for raw in frames:
        s._dispatch(raw)
    return len(frames) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=40)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--cells", type=int, default=1_000)
    parser.add_argument("--drops", type=int, default=1)
    args = parser.parse_args()
    wanted = codes(args.codes)
    with simulator() as server:
        settings = hub(server.world).settings
        settings.trade_rate = args.rate
        server.world.market.quote(wanted[0], server.world.now())  # build calendars and series first
        sent: dict[str, deque] = defaultdict(deque)  # code -> send times of its trades not yet seen, in order
        recorded: list[str] = []

        def on_frame(tr_id, records, at):
            if tr_id == rt.TRADES:
                for r in records:
                    sent[r[0]].append(at)
                if len(recorded) < 200_000:
                    recorded.append(rt.frame(tr_id, records))

        settings.on_frame = on_frame
        rest = client(server)
        svc = QuoteService(rest)
        profile = rest.profile
        stream = Stream(url=ws_base(profile), approval=lambda: fetch_approval_key(profile))
        latencies: list[float] = []
        arrivals: list[float] = []

        def cached(quotes):  # after QuoteService's own listener: the quote is in the cache now
            now = time.monotonic()
            for q in quotes:  # TCP keeps a code's trades in order: the oldest unseen send is this one
                queue = sent[q.code]
                if queue:
                    latencies.append(now - queue.popleft())
            arrivals.append(now)

        svc.attach_stream(stream)
        stream.on_quotes(cached)
        svc.set_mode("live", 1.0)
        cells = [wanted[i % len(wanted)] for i in range(args.cells)]
        for code in cells:  # first look: REST (name, limits), and each code is watched
            svc.price(code)
        deadline = time.monotonic() + 15
        while sum(1 for v in svc.live_status().values() if v == "stream") < len(wanted):
            assert time.monotonic() < deadline, "codes did not start streaming"
            time.sleep(0.05)
        time.sleep(1.0)
        latencies.clear()
        requests_before = rest.stats.requests
        cpu_before, wall_before = thread_cpu(stream._thread.native_id), time.monotonic()
        records_before = stream.stats.records
        end = time.monotonic() + args.seconds
        while time.monotonic() < end:  # the sheet: every cell recalculated each second
            tick = time.monotonic()
            for code in cells:
                svc.price(code)
            time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
        wall = time.monotonic() - wall_before
        cpu = thread_cpu(stream._thread.native_id) - cpu_before
        rest_spent = rest.stats.requests - requests_before
        load_latencies = list(latencies)
        trades = stream.stats.records - records_before

        recoveries = []
        for _ in range(args.drops):
            time.sleep(11)  # a session that lasted resets the backoff: each drop is a first drop
            server.world.faults.ws_drop = 1
            until = time.monotonic() + 30
            while not stream.stats.last_drop or stream.stats.last_drop < wall_before:
                time.sleep(0.005)
                assert time.monotonic() < until
            dropped = stream.stats.last_drop
            while not (stream.stats.last_connect > dropped and arrivals and arrivals[-1] > stream.stats.last_connect):
                time.sleep(0.005)
                assert time.monotonic() < until
            recoveries.append(arrivals[-1] - dropped)
            wall_before = time.monotonic()
        stream.close()
        settings.on_frame = None
        svc.close()
    frames_per_s = parse_rate(recorded * max(1, 100_000 // max(1, len(recorded))), QuoteService(rest))

    ms = [x * 1000 for x in load_latencies]
    print(f"{args.codes} codes x {args.rate:g} trades/s for {args.seconds:g} s against the simulator "
          f"({trades:,} trades streamed, {trades / wall:,.0f}/s)")
    print(f"  tick -> quote-cache latency  p50 {statistics.median(ms):6.1f} ms   p99 {pct(ms, 0.99):6.1f} ms"
          f"   (goal p99 <= 50 ms, {len(ms):,} trades)")
    print(f"  frames parsed on one core    {frames_per_s:,.0f} frames/s   (goal >= 20,000)")
    print(f"  CPU of the stream's thread   {cpu / wall * 100:.1f} % of one core at {trades / wall:,.0f} trades/s")
    if recoveries:
        print(f"  recovery after a drop        {max(recoveries):.2f} s worst of {len(recoveries)}   (goal <= 3 s)")
    print(f"  REST requests, {args.cells:,} cells x {args.seconds:g} s live   {rest_spent}   (goal 0)")


if __name__ == "__main__":
    main()
