"""Real-time end to end: KIS's WebSocket from the simulator to a cell's read, under load, and what live mode costs.

    python benchmarks/realtime.py [--seconds 30] [--sheet-seconds 120] [--baseline main] [--parts …]

  - records/s on one core, end to end (socket → decode → parse → cache → a cell's read), with 41
    registrations (39 codes, the KRX and US notice feeds) and multi-record frames, the simulator in
    another process: records handled a second and the share of one core the stream's thread used
    (capacity = records/s ÷ that share); cells read every code continuously and orders make notices;
  - beside it, a bare client (websockets + ``split('^')``, nothing else) on the same feeds, measured the same
    way: kis-xl's records per CPU-second as a share of the bare client's;
  - the same comparison at saturation (``--parts saturation``): a pre-built buffer of H0STCNT0 frames (1 and 20
    records a frame, 39 codes) replayed as fast as it goes through each client's path from a received text
    frame on: kis-xl's session and stream (feed matching, ``split_frame``, dispatch) into a quote service's
    live values (what a cell reads), handed on as a saturated socket's reads hand them (64 KiB at a time),
    and the bare client's ``split('|')`` + ``split('^')``; records per CPU-second of each, alternated and
    repeated, best of each; then over a socket: a feeder in another process writes the same frames, encoded
    once, as fast as the socket takes them, and each client in turn (kis-xl's ``Stream`` into a quote
    service, and the bare websockets client) reads them, its thread's CPU measured as above;
  - tick → cell-read latency at 2,000 records/s (the simulator in-process: both ends on one monotonic
    clock): from the simulator sending a trade to a cell's read returning it, p50 and p99;
  - recovery with 41 registrations: after the server closes the socket (to the first trade, and to all
    41 registered again) and after a half-open connection (a relay that goes silent, default pings);
  - the live sheet (benchmarks/live_sheet.py: 60 codes + 20 histories + a balance + 3 indices, recalculated
    every second) on the mock domain alone and with a real-domain key for quotes: REST requests a
    second and control messages a minute; ``--baseline REF`` measures the same sheet on another commit.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict, deque
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import CLOCK, client, codes, simulator  # noqa: E402

from kis_xl import realtime as rt  # noqa: E402
from kis_xl.client.stream import Stream, fetch_approval_key, ws_base  # noqa: E402
from kis_xl.models import OrderType  # noqa: E402
from kis_xl.services.quotes import QuoteService  # noqa: E402
from kis_xl.sim.proxy import Relay  # noqa: E402
from kis_xl.sim.ws import hub  # noqa: E402

SIM = """
import sys, time
from kis_xl.sim.server import SimServer
from kis_xl.sim.ws import hub
server = SimServer(seed=1, clock=sys.argv[1]).start()
hub(server.world).settings.trade_rate = float(sys.argv[2])
for i in range(int(sys.argv[3])):
    server.world.market.quote(f"{100000 + i:06d}", server.world.now())
print(server.real_url, flush=True)
sys.stdin.read()
"""


def thread_cpu(native_id: int) -> float:
    """CPU seconds (user + system) a thread of this process has used."""
    with open(f"/proc/self/task/{native_id}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def until(condition, timeout: float, what: str) -> float:
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise SystemExit(f"{what}: not within {timeout:g} s")
        time.sleep(0.005)
    return time.monotonic() - start


def watching(stream: Stream, wanted: list[str], svc: QuoteService) -> None:
    """41 registrations: the codes through the quote service (as cells ask), and the two notice feeds."""
    for code in wanted:
        svc.price(code)
    stream.watch_notices()


def throughput(args, rate: float) -> dict:
    """The simulator in its own process; this process only receives, parses, caches and reads."""
    n = 39
    sim = subprocess.Popen([sys.executable, "-c", SIM, CLOCK, str(rate), str(n)], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True)
    try:
        url = sim.stdout.readline().strip()

        class Server:  # what _common.client needs of a simulator
            real_url = mock_url = url

        rest = client(Server())
        stream = Stream(url=ws_base(rest.profile), approval=lambda: fetch_approval_key(rest.profile), budget=41,
                        hts_id="bench")
        svc = QuoteService(rest)
        svc.attach_stream(stream)
        svc.set_mode("live", 1.0)
        wanted = codes(n)
        watching(stream, wanted, svc)
        until(lambda: sum(stream.streaming(c) for c in wanted) == n and stream.notices_live(us=True), 30, "41 feeds")
        notices = []
        stream.on_notice(notices.append)
        stop = threading.Event()
        reads = [0]

        def cells():  # a sheet reading every code, over and over
            while not stop.is_set():
                for code in wanted:
                    svc.price(code)
                reads[0] += n

        def orders():  # a notice now and then: market buys of one share
            while not stop.is_set():
                try:
                    rest.buy(random.choice(wanted), 1, None, OrderType.MARKET)
                except Exception:
                    pass
                stop.wait(0.5)

        workers = [threading.Thread(target=cells, daemon=True), threading.Thread(target=orders, daemon=True)]
        for w in workers:
            w.start()
        time.sleep(2.0)
        tid = stream._thread.native_id
        records0, frames0, cpu0, wall0, reads0 = stream.stats.records, stream.stats.frames, thread_cpu(tid), \
            time.monotonic(), reads[0]
        time.sleep(args.seconds)
        wall = time.monotonic() - wall0
        records, frames = stream.stats.records - records0, stream.stats.frames - frames0
        cpu = thread_cpu(tid) - cpu0
        stop.set()
        result = {"records_per_s": records / wall, "frames_per_s": frames / wall, "cpu_share": cpu / wall,
                  "capacity_per_core": records / cpu if cpu else float("inf"), "notices": len(notices),
                  "cell_reads_per_s": (reads[0] - reads0) / wall, "malformed": stream.stats.malformed,
                  "records_per_frame": records / frames if frames else 0.0}
        feeds_ = [stream.trade_feed(c) for c in wanted] + stream.notice_feeds()
        stream.close()
        svc.close()
        time.sleep(1.0)  # the app key's one session is free again
        result["bare"] = bare(ws_base(rest.profile), fetch_approval_key(rest.profile), feeds_, args.seconds)
        result["vs_bare"] = result["capacity_per_core"] / result["bare"]["capacity_per_core"]
        return result
    finally:
        sim.stdin.close()
        sim.wait(30)


def bare(url: str, approval: str, feeds_: list, seconds: float) -> dict:
    """The floor to compare with: a client that only receives frames and splits them (asyncio websockets +
    ``split('^')``, its loop on its own thread as kis-xl's is), on the same feeds of the same simulator, its
    thread's CPU measured the same way."""
    import asyncio

    import websockets

    counts, stop, ready = {"records": 0}, threading.Event(), threading.Event()

    async def session() -> None:
        async with websockets.connect(url.rstrip("/") + "/tryitout", max_size=None, max_queue=None,
                                      compression=None) as ws:
            for tr_id, key in feeds_:
                await ws.send(rt.subscribe_message(approval, tr_id, key))
                await asyncio.sleep(0.06)
            ready.set()
            # closed from outside when told to stop: a wait_for around every recv costs the client its throughput
            # once frames queue up (websockets 17: some 30 frames a second), so the loop is a plain ``async for``
            closer = asyncio.ensure_future(asyncio.to_thread(stop.wait))
            closer.add_done_callback(lambda _: asyncio.ensure_future(ws.close()))
            try:
                async for raw in ws:
                    if raw[0] in "01":
                        _, _, count, payload = raw.split("|", 3)
                        payload.split("^")
                        counts["records"] += int(count)
                    elif "PINGPONG" in raw:
                        await ws.send(raw)
            except websockets.ConnectionClosed:
                pass

    worker = threading.Thread(target=lambda: asyncio.run(session()), daemon=True, name="bare client")
    worker.start()
    ready.wait(30)
    time.sleep(2.0)
    records0, cpu0, wall0 = counts["records"], thread_cpu(worker.native_id), time.monotonic()
    time.sleep(seconds)
    records, cpu, wall = counts["records"] - records0, thread_cpu(worker.native_id) - cpu0, time.monotonic() - wall0
    stop.set()
    worker.join(5)
    return {"records_per_s": records / wall, "cpu_share": cpu / wall,
            "capacity_per_core": records / cpu if cpu else float("inf")}


def trade_record(code: str, i: int) -> list[str]:
    """An H0STCNT0 record shaped as the simulator's (the fields' lengths are what splitting costs)."""
    price = 70_000 + (i % 50) * 100
    fields = [code, f"{90000 + i % 6000:06d}", str(price), "2", "400", "0.57", f"{price - 12.5:.2f}", "69600",
              "70900", "69500", str(price + 100), str(price), str(1 + i % 10), str(1_663_833 + i),
              str(116_468_310_000 + i * price), "0", "0", "0", "100.00", "0", "0", "1" if i % 2 else "5", "50.00",
              "100.00", "090000", "2", "400", "090000", "5", "-900", "090000", "2", "500", "20250602", "20", "N",
              "1250", "980", "55210", "48770", "0.10", "0", "0.00", "0", "0", "69600"]
    assert len(fields) == rt.WIDTH[rt.TRADES]
    return fields


def replay_frames(per_frame: int, n: int = 39, frames: int = 2_000) -> list[str]:
    """``frames`` trade frames of ``per_frame`` records each, every code in turn (as KIS sends them)."""
    names = codes(n)
    return [rt.frame(rt.TRADES, [trade_record(names[f % n], f * per_frame + j) for j in range(per_frame)])
            for f in range(frames)]


FEEDER = """
import asyncio, base64, hashlib, sys
sys.path.insert(0, sys.argv[2])
from realtime import replay_frames

def encoded(text):
    data = text.encode()
    n = len(data)
    head = bytes([0x81, n]) if n < 126 else bytes([0x81, 126]) + n.to_bytes(2, "big")
    return head + data

BLOB = b"".join(encoded(f) for f in replay_frames(int(sys.argv[1])))

async def serve(reader, writer):
    request = await reader.readuntil(b"\\r\\n\\r\\n")
    key = next(line.split(b":", 1)[1].strip() for line in request.split(b"\\r\\n")
               if line.lower().startswith(b"sec-websocket-key:"))
    accept = base64.b64encode(hashlib.sha1(key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
    writer.write(b"HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n"
                 b"Sec-WebSocket-Accept: " + accept + b"\\r\\n\\r\\n")

    async def discard():  # subscribe messages and pings: the feeder sends regardless
        while await reader.read(65536):
            pass

    asyncio.ensure_future(discard())
    try:
        while True:
            writer.write(BLOB)
            await writer.drain()
    except (ConnectionError, OSError):
        writer.close()

async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)

asyncio.run(main())
"""
READ_BYTES = 64 * 1024  # asyncio reads up to 256 KiB at once; a quarter of it, to be conservative


def saturation(args) -> dict:
    """Records per CPU-second of each client's path from a received frame on, fed as fast as it takes them."""
    from kis_xl.client.session import KisSession

    class Fed(Stream):
        """A stream that never connects: frames are handed to its session by the benchmark."""

        def start(self) -> "Fed":
            return self

    class Offline:  # what QuoteService asks of a client here (nothing is fetched)
        profile = None

        def close(self) -> None:
            pass

    wanted = codes(39)
    stream = Fed(url="ws://127.0.0.1:9", approval=lambda: "", budget=41)
    svc = QuoteService(Offline())
    svc.attach_stream(stream)
    stream.watch(wanted)
    session = KisSession(url=stream.url, approval=lambda: "", mock=False, stats=stream.stats,
                         on_frames=stream._on_session_frames, on_change=lambda: None)

    def kis_xl(frames: list[str]) -> int:
        before, read = stream.stats.records, 0
        for raw in frames:
            session._data(raw)
            read += len(raw)
            if read >= READ_BYTES:  # what one read of a saturated socket holds: the session hands it on
                session.flush()
                read = 0
        session.flush()
        return stream.stats.records - before

    def bare_client(frames: list[str]) -> int:
        records = 0
        for raw in frames:
            if raw[0] in "01":
                _, _, count, payload = raw.split("|", 3)
                payload.split("^")
                records += int(count)
        return records

    out = {}
    for per_frame in (1, 20):
        frames = replay_frames(per_frame)
        best = {"kis_xl": 0.0, "bare": 0.0}
        for _ in range(args.repeats):
            for name, run in (("bare", bare_client), ("kis_xl", kis_xl)):
                records, cpu0 = 0, time.thread_time()
                while time.thread_time() - cpu0 < args.seconds / (2 * args.repeats):
                    records += run(frames)
                best[name] = max(best[name], records / (time.thread_time() - cpu0))
        assert stream.stats.malformed == 0 and svc.live.updates > 0
        out[per_frame] = {**best, "vs_bare": best["kis_xl"] / best["bare"],
                          "socket": over_socket(per_frame, wanted, args.seconds)}
    svc.close()
    return out


def over_socket(per_frame: int, wanted: list[str], seconds: float) -> dict:
    """Each client in turn reading a feeder that writes as fast as the socket takes (see FEEDER)."""
    feeder = subprocess.Popen([sys.executable, "-c", FEEDER, str(per_frame), str(HERE)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        url = f"ws://127.0.0.1:{feeder.stdout.readline().strip()}"

        class Offline:
            profile = None

            def close(self) -> None:
                pass

        stream = Stream(url=url, approval=lambda: "bench", budget=41)
        svc = QuoteService(Offline())
        svc.attach_stream(stream)
        stream.watch(wanted)
        until(lambda: stream.stats.records, 30, "the feeder's frames")
        time.sleep(1.0)
        tid = stream._thread.native_id
        records0, cpu0, wall0 = stream.stats.records, thread_cpu(tid), time.monotonic()
        time.sleep(seconds)
        records, cpu = stream.stats.records - records0, thread_cpu(tid) - cpu0
        wall = time.monotonic() - wall0
        kis = {"records_per_s": records / wall, "cpu_share": cpu / wall, "per_cpu_s": records / cpu,
               "malformed": stream.stats.malformed, "live_values": svc.live.updates}
        stream.close()
        svc.close()
        floor = bare(url, "bench", [(rt.TRADES, c) for c in wanted], seconds)
        return {"kis_xl": kis, "bare": floor, "vs_bare": kis["per_cpu_s"] / floor["capacity_per_core"]}
    finally:
        feeder.stdin.close()
        feeder.wait(30)


def latency_and_recovery(args) -> dict:
    """The simulator in-process at 2,000 records/s (40 codes x 50), so send and read share one clock."""
    n = 39
    out: dict = {}
    with simulator() as server:
        settings = hub(server.world).settings
        settings.trade_rate = 2000 / n
        wanted = codes(n)
        for code in wanted:
            server.world.market.quote(code, server.world.now())
        sent: dict[str, deque] = defaultdict(deque)

        def on_frame(tr_id, records, at):
            if tr_id == rt.TRADES:
                for r in records:
                    sent[r[0]].append(at)

        rest = client(server)
        svc = QuoteService(rest)
        stream = Stream(url=ws_base(rest.profile), approval=lambda: fetch_approval_key(rest.profile), budget=41,
                        hts_id="bench")
        svc.attach_stream(stream)
        svc.set_mode("live", 1.0)
        latencies: list[float] = []
        arrivals: list[float] = []

        def read(quotes):  # after the service's own listener: a cell reads the trade now
            for q in quotes:
                cell = svc.price(q.code)
                now = time.monotonic()
                queue = sent[q.code]
                if queue and cell.volume >= q.volume:  # TCP keeps a code's trades in order
                    latencies.append(now - queue.popleft())
            arrivals.append(time.monotonic())

        watching(stream, wanted, svc)
        stream.on_quotes(read)
        until(lambda: sum(stream.streaming(c) for c in wanted) == n and stream.notices_live(us=True), 30, "41 feeds")
        settings.on_frame = on_frame
        time.sleep(1.0)
        latencies.clear()
        records0, t0 = stream.stats.records, time.monotonic()
        time.sleep(args.seconds)
        ms = [x * 1000 for x in latencies]
        out["latency"] = {"records_per_s": (stream.stats.records - records0) / (time.monotonic() - t0),
                          "p50_ms": statistics.median(ms), "p99_ms": pct(ms, 0.99), "trades": len(ms)}
        settings.on_frame = None

        time.sleep(11)  # a session that lasted resets the backoff: the drop is a first drop
        server.world.faults.ws_drop = 1
        until(lambda: stream.stats.last_drop > t0, 30, "the drop")
        dropped = stream.stats.last_drop
        until(lambda: stream.stats.last_connect > dropped and arrivals[-1] > stream.stats.last_connect, 30,
              "a trade after the drop")
        first = arrivals[bisect.bisect_right(arrivals, stream.stats.last_connect)] - dropped
        until(lambda: sum(stream.streaming(c) for c in wanted) == n and stream.notices_live(us=True), 30, "41 again")
        out["clean_close"] = {"first_trade_s": first, "all_41_s": time.monotonic() - dropped}
        stream.close()
        svc.close()
    return out


def half_open(args) -> dict:
    """A relay in front of the simulator goes silent; the client has only its pings (20 s, 20 s) to tell.
    Either the server drops its side at once, or it too finds out by its pings (the simulator's, like
    uvicorn's, after 20 + 20 s: until then a new session for the key is refused with OPSP8996)."""
    out = {}
    with simulator() as server:
        hub(server.world).settings.trade_rate = 2000 / 39
        wanted = codes(39)
        for code in wanted:
            server.world.market.quote(code, server.world.now())
        for server_notices in (True, False):
            out["server_notices" if server_notices else "neither_side_notices"] = frozen_for(server, wanted,
                                                                                           server_notices)
    return out


def frozen_for(server, wanted: list[str], server_notices: bool) -> float:
    """Seconds from the relay going silent to the first trade on a new connection."""
    rest = client(server)
    relay = Relay(int(server.real_url.rsplit(":", 1)[1])).start()
    stream = Stream(url=relay.url(), approval=lambda: fetch_approval_key(rest.profile), budget=41)
    arrivals: list[float] = []
    stream.on_quotes(lambda quotes: arrivals.append(time.monotonic()))
    stream.watch(wanted)
    try:
        until(lambda: sum(stream.streaming(c) for c in wanted) == len(wanted), 30, "feeds before the freeze")
        relay.freeze(server_notices=server_notices)
        frozen = time.monotonic()
        try:
            until(lambda: stream.stats.reconnects >= 1 and arrivals and arrivals[-1] > frozen, 180, "data")
        except SystemExit:
            raise SystemExit(f"no data 180 s after a half-open connection ({server_notices=}): {stream.stats}")
        return arrivals[bisect.bisect_right(arrivals, frozen)] - frozen
    finally:
        stream.close()
        relay.stop()


def sheet(args, extra: list[str], pythonpath: str | None = None) -> dict:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    proc = subprocess.run([sys.executable, str(HERE / "live_sheet.py"), "--seconds", str(args.sheet_seconds), *extra],
                          env=env, capture_output=True, text=True, timeout=args.sheet_seconds + 900)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "no output"}
    return json.loads(lines[-1])


def exported(ref: str) -> str:
    """A commit's package tree in a temporary folder (git archive: no work tree, nothing checked out)."""
    folder = tempfile.mkdtemp(prefix="kis-xl-baseline-")
    archive = subprocess.run(["git", "archive", ref, "kis_xl"], cwd=HERE.parent, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rates", default="400,30",
                        help="trades a second per code in the throughput part: many records a frame, then about one")
    parser.add_argument("--sheet-seconds", type=float, default=120.0)
    parser.add_argument("--baseline", help="also measure the live sheet on this git ref (e.g. main)")
    parser.add_argument("--parts", default="throughput,saturation,latency,half_open,sheet")
    parser.add_argument("--repeats", type=int, default=5, help="saturation: rounds of each client, best kept")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    results: dict = {}
    for rate in [float(r) for r in args.rates.split(",")] if "throughput" in parts else []:
        t = results.setdefault("throughput", {})[rate] = throughput(args, rate)
        print(f"end to end, 41 registrations, simulator in another process: {t['records_per_s']:,.0f} records/s "
              f"({t['records_per_frame']:.1f} a frame, {t['notices']} notices) on {t['cpu_share'] * 100:.0f} % of a "
              f"core = {t['capacity_per_core']:,.0f} records/s per core (goal >= 10,000); cells read "
              f"{t['cell_reads_per_s']:,.0f}/s; malformed {t['malformed']}", flush=True)
        print(f"  a bare websockets + split('^') client on the same feeds: {t['bare']['capacity_per_core']:,.0f} "
              f"records/s per core; kis-xl does {t['vs_bare']:.2f} of it (goal >= 0.5)", flush=True)
    if "saturation" in parts:
        results["saturation"] = sat = saturation(args)
        for per_frame, r in sat.items():
            print(f"at saturation, {per_frame} record(s) a frame (a pre-built buffer through each client's path): "
                  f"kis-xl {r['kis_xl']:,.0f} records per CPU-second, a bare split('^') client "
                  f"{r['bare']:,.0f}: {r['vs_bare']:.2f} of it (goal >= 0.5)", flush=True)
            k, b = r["socket"]["kis_xl"], r["socket"]["bare"]
            print(f"  over a socket, a feeder writing as fast as it is read: kis-xl {k['per_cpu_s']:,.0f} records "
                  f"per CPU-second ({k['records_per_s']:,.0f}/s on {k['cpu_share'] * 100:.0f} % of a core), bare "
                  f"websockets + split('^') {b['capacity_per_core']:,.0f} ({b['records_per_s']:,.0f}/s on "
                  f"{b['cpu_share'] * 100:.0f} %): {r['socket']['vs_bare']:.2f} of it", flush=True)
    if "latency" in parts:
        results.update(latency_and_recovery(args))
        lat, cc = results["latency"], results["clean_close"]
        print(f"tick -> cell read at {lat['records_per_s']:,.0f} records/s: p50 {lat['p50_ms']:.1f} ms, "
              f"p99 {lat['p99_ms']:.1f} ms ({lat['trades']:,} trades; goal p99 <= 50 ms)", flush=True)
        print(f"recovery after a clean close: first trade {cc['first_trade_s']:.2f} s, all 41 registered "
              f"{cc['all_41_s']:.2f} s (goal <= 3 s)", flush=True)
    if "half_open" in parts:
        results["half_open"] = ho = half_open(args)
        print(f"recovery after a half-open connection: {ho['server_notices']:.1f} s (server drops its side), "
              f"{ho['neither_side_notices']:.1f} s (neither side told) (goal <= 60 s)", flush=True)
    if "sheet" in parts:
        runs = {"mock": ["--domain", "mock"], "mock+real quotes": ["--domain", "mock", "--market-data", "real"]}
        results["sheet"] = {name: sheet(args, extra) for name, extra in runs.items()}
        if args.baseline:
            tree = exported(args.baseline)
            results["baseline"] = {name: sheet(args, extra, tree) for name, extra in runs.items()}
        for group in ("sheet", "baseline"):
            for name, r in results.get(group, {}).items():
                label = f"{args.baseline} " if group == "baseline" else ""
                print(f"live sheet {label}({name}): {r.get('rest_per_s', '?')} REST/s "
                      f"(account domain {r.get('rest_per_s_account_domain', '?')}, market {r.get('rest_per_s_market_domain', '?')}), "
                      f"{r.get('controls_per_min', '?')} control messages/min, {r.get('streaming', '?')} of "
                      f"{r.get('watched', '?')} codes streaming, slowest pass {r.get('slowest_pass_s', '?')} s", flush=True)
    print(json.dumps(results, default=str))


if __name__ == "__main__":
    main()
