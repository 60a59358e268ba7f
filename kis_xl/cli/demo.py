"""``kis-xl demo``: the main job end to end against an in-process simulator, no credentials needed."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from .. import krx
from ..errors import KisXlError
from ..i18n import label, t
from .output import emit
from .sim import market_time

DEMO_CODES = ("005930", "000660", "035420", "005380", "373220")


def register(subparsers, common) -> None:
    p = subparsers.add_parser("demo", parents=[common], help="quotes, orders, Excel formulas, an order sheet and a report against a built-in simulator (데모)")
    p.add_argument("--out", default="demo-output", help="folder for the demo's files (default: ./demo-output)")
    p.add_argument("--clock", type=market_time, help="the market clock's start, e.g. 2025-06-02T10:00:00+09:00 (default: "
                                                "10:00 KST of the latest trading day); `kis-xl sim --clock` the same "
                                                "moment shows the same market")
    p.set_defaults(func=run)


def demo_clock(now: datetime | None = None) -> datetime:
    """10:00 KST on the latest trading day, so the demo trades whatever the hour."""
    from ..sim.clock import simulated_session

    return simulated_session(now or datetime.now(krx.KST))


@contextmanager
def _demo_environment(server, cache_dir: str):
    """Point the ``sim`` profile of this process at the demo's simulator, with a private cache."""
    saved = {k: os.environ.get(k) for k in ("KIS_XL_PROFILE", "KIS_XL_BASE_URL", "KIS_XL_CACHE_DIR")}
    os.environ.update(KIS_XL_PROFILE="sim", KIS_XL_BASE_URL=server.real_url, KIS_XL_CACHE_DIR=cache_dir)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _section(title: str) -> None:
    print(f"\n== {title} ==")


def run(args) -> int:
    from ..connect import open_client
    from ..sim.server import EMBEDDED_SEED, SimServer

    if (args.profile or "sim") != "sim":
        raise KisXlError(t("the demo places orders, so it runs on the built-in simulator only (profile sim), not "
                           "{profile!r}: try `kis-xl quote 005930 --profile {profile}` instead", profile=args.profile))
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    clock = args.clock or demo_clock()
    with (tempfile.TemporaryDirectory(prefix="kis-xl-demo-") as cache_dir,
          SimServer(seed=EMBEDDED_SEED, clock=clock) as server):  # the sim profile's market
        with _demo_environment(server, cache_dir):
            print(t("Simulator: real domain {real}, mock domain {mock}, market clock {clock} KST, seed {seed}",
                    real=server.real_url, mock=server.mock_url, clock=f"{clock:%Y-%m-%d %H:%M}", seed=EMBEDDED_SEED))
            client = open_client("sim")
            try:
                _quotes(client)
                _history(client)
                _orders(client)
                _formulas()
                _order_sheet(out_dir)
                _report(out_dir)
            finally:
                client.close()
    return 0


def _quotes(client) -> None:
    _section("Quotes (one batched request)")
    quotes = client.prices(DEMO_CODES)
    emit([{"code": q.code, "name": q.name, "price": q.price, "change": q.change, "change %": q.change_pct,
           "volume": q.volume} for q in quotes.values()], ["code", "name", "price", "change", "change %", "volume"])
    us = client.us_price("AAPL")
    print(f"AAPL ({us.market}): {us.price:,.2f} {us.currency} ({us.change_pct:+.2f} %)")


def _history(client) -> None:
    _section("Daily history of 005930, last 10 sessions")
    end = client.now().date()
    bars = client.history("005930", end - timedelta(days=20), end)[-10:]
    emit([{"date": b.date, "open": b.open, "high": b.high, "low": b.low, "close": b.close, "volume": b.volume}
          for b in bars], ["date", "open", "high", "low", "close", "volume"])


def _balance_rows(client) -> None:
    balance = client.balance()
    s = balance.summary
    print(f"deposit {s.deposit:,.0f}  D+2 {s.d2_cash:,.0f}  securities {s.securities_eval:,.0f}  "
          f"total {s.total_eval:,.0f}  P&L {s.pnl_total:,.0f}")
    if balance.holdings:
        emit([{"code": h.code, "name": h.name, "qty": h.quantity, "avg price": h.avg_price, "price": h.price,
               "P&L": h.pnl} for h in balance.holdings], ["code", "name", "qty", "avg price", "price", "P&L"])


def _orders(client) -> None:
    _section("Account before")
    _balance_rows(client)
    _section("Orders (simulated account)")
    samsung = client.price("005930")
    acks = [
        ("BUY 10 005930 market", client.buy("005930", 10)),
        ("BUY 3 000660 market", client.buy("000660", 3)),
        ("SELL 4 005930 market", client.sell("005930", 4)),
        (f"BUY 5 005930 limit {krx.round_to_tick(samsung.price * 0.95, 'down'):,}",
         client.buy("005930", 5, krx.round_to_tick(samsung.price * 0.95, "down"))),
    ]
    for what, ack in acks:
        print(f"{what:<32} → order {ack.order_no} at {ack.time}")
    _section("Account after")
    _balance_rows(client)


def _formulas() -> None:
    from ..services.quotes import reset_services
    from ..workbook.examples import evaluate_examples

    _section("Workbook formulas, evaluated by kis_xl.udfs (workbooks/kis_xl.xlsm)")
    try:
        for formula, value in evaluate_examples():
            if isinstance(value, list) and value and isinstance(value[0], list):
                value = f"{len(value)}x{len(value[0])} table, first row {value[0]}"
            print(f"{formula:<40} {value}")
    finally:
        reset_services()


def _report(out_dir: Path) -> None:
    from ..report import run as run_report

    _section("Daily account report")
    print(f"written: {run_report(profile='sim', out_dir=out_dir, force=True)}")


def _order_sheet(out_dir: Path) -> None:
    from ..orders import demo_submit

    _section("Order sheet (workbooks' Orders layout) submitted to the simulator")
    rows = sorted(demo_submit(out_dir / "sample_orders.xlsx"), key=lambda r: r["row"])
    emit(rows, ["row", "code", "side", "quantity", "price", "status", "order_no", "message"],
         headers={"price": label("order_price")})
