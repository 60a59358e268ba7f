"""``kis-xl sim``: run the KIS simulator in the foreground on loopback."""

from __future__ import annotations

import argparse
import os
import re
from datetime import datetime

from .. import config as cfg
from .. import krx, spec
from ..errors import KisXlError
from ..i18n import t


def register(subparsers, common) -> None:
    p = subparsers.add_parser("sim", parents=[common], help=t("run the KIS simulator (시뮬레이터: real domain on --port, mock on --mock-port)"))
    p.add_argument("--port", type=_port, default=8765, help=t("real domain's port, 0-65535 (0: any free port)"))
    p.add_argument("--mock-port", type=_port, help=t("default: --port + 1"))
    p.add_argument("--host", default="127.0.0.1", help=t("loopback only: 127.0.0.1, localhost or ::1"))
    p.add_argument("--seed", type=int, help=t("market data seed (same seed, same prices; default: the sim profile's "
                                            "and the demo's market)"))
    p.add_argument("--clock", type=market_time,
                   help=t("start the market clock here and run on, e.g. 2025-06-02T10:00:00+09:00 (default: as the sim "
                        "profile: the real clock while KRX is open, else the latest trading day from 10:00 KST)"))
    p.add_argument("--state", help=t("keep accounts in this JSON file across restarts"))
    p.add_argument("--reset", action="store_true",
                   help=t("fresh accounts: with --state, delete its file and serve; without, reset the sim profile's "
                        "built-in simulator (its accounts and clock) and exit"))
    p.add_argument("--strict-accounts", action="store_true", help=t("unknown account numbers are refused"))
    p.add_argument("--cash", type=int, default=10_000_000, help=t("starting deposit of a new account (won)"))
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
        raise argparse.ArgumentTypeError(t("a port is a number from 0 to 65535, not {text!r}", text=text))
    return port


def market_time(text: str) -> datetime:
    """A --clock argument: an ISO time (KST when it names no zone)."""
    from ..sim.clock import parse_time

    try:
        return parse_time(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("not a time: {text!r} (write it like 2025-06-02T10:00:00+09:00)",
                                           text=text)) from None


def _faults(pairs: list[str]) -> dict:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise KisXlError(t("--fault takes NAME=N, not {pair!r}", pair=pair))
        out[name.strip()] = value.strip()
    return out


def reset_builtin() -> list[str]:
    """Forget the sim profile's accounts and market clock (files in the cache folder): the next command starts
    with a new account and a fresh simulated session. Returns the files removed."""
    from ..sim.server import CLOCK_FILE, STATE_FILE

    removed = []
    for name in (STATE_FILE, CLOCK_FILE):
        path = cfg.cache_dir() / name
        if path.exists():
            path.unlink()
            removed.append(str(path))
    return removed


def _start(args, now: datetime) -> tuple[datetime | None, str]:
    """Where the market clock starts: --clock, else as the sim profile's simulator would (KIS_XL_SIM_CLOCK, or a
    simulated session while KRX is closed), so the same seed shows the same market as the sim profile and the demo."""
    from ..sim.clock import embedded_start

    if args.clock is not None:
        return args.clock, ""
    return embedded_start(os.environ.get("KIS_XL_SIM_CLOCK") or "", now)


def profile_lines(name: str, rest_url: str, ws_url: str) -> list[str]:
    """A config profile for this simulator that works as pasted: marked a simulator (no real-money warnings),
    with an account; keys are the simulator's own unless the environment gives others."""
    return [f"[profiles.{name}]", 'domain = "real"', "simulator = true", f'rest_url = "{rest_url}"',
            f'ws_url = "{ws_url}"', f'account = "{cfg.SIM_ACCOUNT}"']


def _env_lines(name: str) -> list[str]:
    """Shell lines giving the profile a key and secret of its own (any well-formed pair is its own world); made of
    the profile's name, so they are no one's secret."""
    word = re.sub(r"[^A-Za-z0-9]", "", name).upper() or "LOCAL"
    key = ("PS" + (word + "0") * 36)[: spec.APP_KEY_LENGTH]
    secret = (f"kis-xl-simulator-{word.lower()}-" * 20)[: spec.APP_SECRET_LENGTH]
    pairs = ((cfg.env_name(name, "APP_KEY"), key), (cfg.env_name(name, "APP_SECRET"), secret))
    if os.name == "nt":
        return [f'$env:{var} = "{value}"' for var, value in pairs]
    return [f"export {var}={value}" for var, value in pairs]


def run(args) -> int:
    from ..sim.server import EMBEDDED_SEED, SimServer

    if args.reset and not args.state:
        removed = reset_builtin()
        print(t("reset the sim profile's simulator: {files}", files=", ".join(removed)) if removed else
              t("the sim profile's simulator had nothing to reset: its next command starts afresh"))
        return 0
    if args.reset and os.path.exists(args.state):
        os.remove(args.state)
    faults = _faults(args.fault)
    seed = EMBEDDED_SEED if args.seed is None else args.seed
    start, note = _start(args, datetime.now(krx.KST))  # the wall clock, read once: where the market clock starts
    try:
        server = SimServer(seed=seed, host=args.host, port=args.port, mock_port=args.mock_port, clock=start,
                           state_file=args.state, strict_accounts=args.strict_accounts, starting_cash=args.cash)
    except ValueError as exc:
        raise KisXlError(t("{error}: the simulator accepts any key, so it never listens beyond this machine "
                           "(--host 127.0.0.1, localhost or ::1)", error=exc)) from None
    try:
        server.world.faults.update(faults)
    except ValueError as exc:
        raise KisXlError(t("--fault: {error}", error=exc)) from None
    try:
        server.start()
    except OSError as exc:
        raise KisXlError(t("cannot listen on {host} port {port} ({reason}): choose another with --port (0 picks a "
                           "free one)", host=args.host, port=args.port,
                           reason=(exc.strerror or str(exc)).lower())) from None
    if faults:
        print("  " + t("faults: {faults}", faults=", ".join(f"{k}={v}" for k, v in faults.items())))
    from ..sim.ws import ws_url

    name = args.profile or "local"
    print(t("KIS simulator"))
    print(f"  real domain: {server.real_url}\n  mock domain: {server.mock_url}")
    print(f"  WebSocket (real): {ws_url(server.real_url)}/tryitout\n  WebSocket (mock): {ws_url(server.mock_url)}/tryitout")
    print("  " + t("market clock: {time} KST, seed {seed}", time=f"{server.world.now():%Y-%m-%d %H:%M:%S}", seed=seed))
    if note:
        print("  " + note)
    print(t("Paste this profile into {path} (a simulator: no real money, no real-account warning):",
            path=cfg.config_path()))
    for line in profile_lines(name, server.real_url, ws_url(server.real_url)):
        print("  " + line)
    print(t("It uses the simulator's own key. Any other 36-character app key and 180-character secret work too, "
            "each key its own world (accounts, limits); to use one, e.g.:"))
    for line in _env_lines(name):
        print("  " + line)
    print(t("Then: kis-xl balance --profile {name}", name=name))
    print(t("Ctrl-C stops."), flush=True)
    server.serve_forever()
    lines = server.world.refusal_report()
    print(t("Refused by the rate limits, per app key:") if lines else t("No app key used the simulator."))
    for line in lines:
        print("  " + line)
    return 0
