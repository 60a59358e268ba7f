"""``kis-xl sim``: run the KIS simulator in the foreground on loopback."""

from __future__ import annotations

import argparse
import os

from .. import config as cfg
from ..errors import KisXlError


def register(subparsers, common) -> None:
    p = subparsers.add_parser("sim", parents=[common], help="run the KIS simulator (시뮬레이터: real domain on --port, mock on --mock-port)")
    p.add_argument("--port", type=_port, default=8765, help="real domain's port, 0-65535 (0: any free port)")
    p.add_argument("--mock-port", type=_port, help="default: --port + 1")
    p.add_argument("--host", default="127.0.0.1", help="loopback only: 127.0.0.1, localhost or ::1")
    p.add_argument("--seed", type=int, default=0, help="market data seed (same seed, same prices)")
    p.add_argument("--clock", type=_clock,
                   help="start the market clock here and run on, e.g. 2025-06-02T10:00:00+09:00 (default: real clock)")
    p.add_argument("--state", help="keep accounts in this JSON file across restarts")
    p.add_argument("--reset", action="store_true", help="start with fresh accounts (deletes --state's file)")
    p.add_argument("--strict-accounts", action="store_true", help="unknown account numbers are refused")
    p.add_argument("--cash", type=int, default=10_000_000, help="starting deposit of a new account (won)")
    p.add_argument("--fault", action="append", default=[], metavar="NAME=N",
                   help="inject faults for tests and soaks (repeatable): " + _FAULT_HELP +
                        ". Also GET/POST/DELETE /sim/faults with a JSON object, from loopback only")
    p.set_defaults(func=run)


_FAULT_HELP = ("order_reset_before=N (the next N orders: connection cut before booking), order_reset_after=N "
               "(booked, then cut), order_error_after=N (booked, then HTTP 500), order_timeout_after=N (booked, "
               "then no reply for order_hold=S seconds, default 30), rate_limits=N (EGW00201), expire_tokens=N, "
               "token_expired=N (EGW00123), server_errors=N (HTTP 500 before processing), garbage=N (an HTML 502), "
               "data_changed=N (SYDB0050 while paging), latency=S, order_reply_delay=S, ws_drop=N (the server closes the "
               "next N WebSocket sessions), ws_stall=S (a session goes silent for S seconds), ws_malformed=N (broken "
               "data frames)")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 0 to 65535, not {text!r}")
    return port


def _clock(text: str):
    from ..sim.clock import parse_time

    try:
        return parse_time(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time: {text!r} (write it like 2025-06-02T10:00:00+09:00)") from None


def _faults(pairs: list[str]) -> dict:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise KisXlError(f"--fault takes NAME=N, not {pair!r}")
        out[name.strip()] = value.strip()
    return out


def run(args) -> int:
    from ..sim.server import SimServer

    if args.reset and args.state and os.path.exists(args.state):
        os.remove(args.state)
    faults = _faults(args.fault)
    try:
        server = SimServer(seed=args.seed, host=args.host, port=args.port, mock_port=args.mock_port, clock=args.clock,
                           state_file=args.state, strict_accounts=args.strict_accounts, starting_cash=args.cash)
    except ValueError as exc:
        raise KisXlError(f"{exc}: the simulator accepts any key, so it never listens beyond this machine "
                         f"(--host 127.0.0.1, localhost or ::1)") from None
    try:
        server.world.faults.update(faults)
    except ValueError as exc:
        raise KisXlError(f"--fault: {exc}") from None
    try:
        server.start()
    except OSError as exc:
        raise KisXlError(f"cannot listen on {args.host} port {args.port} ({(exc.strerror or str(exc)).lower()}): "
                         f"choose another with --port (0 picks a free one)") from None
    if faults:
        print(f"  faults: {', '.join(f'{k}={v}' for k, v in faults.items())}")
    from ..sim.ws import ws_url

    print(f"KIS simulator\n  real domain: {server.real_url}\n  mock domain: {server.mock_url}")
    print(f"  WebSocket (real): {ws_url(server.real_url)}/tryitout\n  WebSocket (mock): {ws_url(server.mock_url)}/tryitout")
    print(f"  market clock: {server.world.now():%Y-%m-%d %H:%M:%S} KST  seed {args.seed}")
    print("Point a profile at it, e.g. in", cfg.config_path())
    print(f'  [profiles.{args.profile or "local"}]\n  domain = "real"\n  rest_url = "{server.real_url}"\n  ws_url = "{ws_url(server.real_url)}"')
    print("Any 36-character app key and 180-character secret work. Ctrl-C stops.", flush=True)
    server.serve_forever()
    lines = server.world.refusal_report()
    print("Refused by the rate limits, per app key:" if lines else "No app key used the simulator.")
    for line in lines:
        print("  " + line)
    return 0
