"""``kis-xl sim``: run the KIS simulator in the foreground on loopback."""

from __future__ import annotations

import os

from .. import config as cfg


def register(subparsers, common) -> None:
    p = subparsers.add_parser("sim", help="run the KIS simulator (real domain on --port, mock on --mock-port)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--mock-port", type=int, help="default: --port + 1")
    p.add_argument("--host", default="127.0.0.1", help="loopback only: 127.0.0.1, localhost or ::1")
    p.add_argument("--seed", type=int, default=0, help="market data seed (same seed, same prices)")
    p.add_argument("--clock", help="start the market clock here and run on, e.g. 2025-06-02T10:00:00+09:00")
    p.add_argument("--state", help="keep accounts in this JSON file across restarts")
    p.add_argument("--reset", action="store_true", help="start with fresh accounts (deletes --state's file)")
    p.add_argument("--strict-accounts", action="store_true", help="unknown account numbers are refused")
    p.add_argument("--cash", type=int, default=10_000_000, help="starting deposit of a new account (won)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..sim.server import SimServer

    if args.reset and args.state and os.path.exists(args.state):
        os.remove(args.state)
    server = SimServer(seed=args.seed, host=args.host, port=args.port, mock_port=args.mock_port, clock=args.clock,
                       state_file=args.state, strict_accounts=args.strict_accounts, starting_cash=args.cash).start()
    print(f"KIS simulator\n  real domain: {server.real_url}\n  mock domain: {server.mock_url}")
    print(f"  market clock: {server.world.now():%Y-%m-%d %H:%M:%S} KST  seed {args.seed}")
    print("Point a profile at it, e.g. in", cfg.config_path())
    print(f'  [profiles.local]\n  domain = "real"\n  rest_url = "{server.real_url}"')
    print("Any 36-character app key and 180-character secret work. Ctrl-C stops.", flush=True)
    server.serve_forever()
    lines = server.world.refusal_report()
    print("Refused by the rate limits, per app key:" if lines else "No app key used the simulator.")
    for line in lines:
        print("  " + line)
    return 0
