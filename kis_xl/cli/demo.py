"""``kis-xl demo``: the main job end to end against an in-process simulator, no credentials needed."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from .. import krx
from ..errors import KisXlError
from ..i18n import label, t, value
from .output import emit
from .sim import market_time

DEMO_CODES = ("005930", "000660", "035420", "005380", "373220")


def register(subparsers, common) -> None:
    p = subparsers.add_parser("demo", parents=[common], help=t(
        "quotes, orders, Excel formulas, an order sheet and a report against a built-in simulator (데모)"))
    p.add_argument("--out", default="demo-output", help=t("folder for the demo's files (default: ./demo-output)"))
    p.add_argument("--clock", type=market_time, help=t(
        "the market clock's start, e.g. 2025-06-02T10:00:00+09:00 (default: 10:00 KST of the latest trading day); "
        "`kis-xl sim --clock` the same moment shows the same market"))
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
        for key, kept in saved.items():
            if kept is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = kept


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
    _section(t("Quotes (one batched request)"))
    quotes = client.prices(DEMO_CODES)
    emit([{"code": q.code, "name": q.name, "price": q.price, "change": q.change, "change %": q.change_pct,
           "volume": q.volume} for q in quotes.values()], ["code", "name", "price", "change", "change %", "volume"])
    us = client.us_price("AAPL")
    print(f"AAPL ({us.market}): {us.price:,.2f} {us.currency} ({us.change_pct:+.2f} %)")


def _history(client) -> None:
    _section(t("Daily history of {stock}, last 10 sessions", stock="005930 삼성전자"))
    end = client.now().date()
    bars = client.history("005930", end - timedelta(days=20), end)[-10:]
    emit([{"date": b.date, "open": b.open, "high": b.high, "low": b.low, "close": b.close, "volume": b.volume}
          for b in bars], ["date", "open", "high", "low", "close", "volume"])


def _balance_rows(client) -> None:
    balance = client.balance()
    s = balance.summary
    print(t("deposit {deposit}  D+2 {d2}  securities {securities}  total {total}  P&L {pnl}",
            deposit=f"{s.deposit:,.0f}", d2=f"{s.d2_cash:,.0f}", securities=f"{s.securities_eval:,.0f}",
            total=f"{s.total_eval:,.0f}", pnl=f"{s.pnl_total:,.0f}"))
    if balance.holdings:
        emit([{"code": h.code, "name": h.name, "qty": h.quantity, "avg price": h.avg_price, "price": h.price,
               "P&L": h.pnl} for h in balance.holdings], ["code", "name", "qty", "avg price", "price", "P&L"])


def _orders(client) -> None:
    _section(t("Account before"))
    _balance_rows(client)
    _section(t("Orders (simulated account)"))
    samsung = client.price("005930")
    limit = krx.round_to_tick(samsung.price * 0.95, "down")
    names = client.names(["005930", "000660"])
    placed = [("BUY", 10, "005930", None, client.buy("005930", 10)),
              ("BUY", 3, "000660", None, client.buy("000660", 3)),
              ("SELL", 4, "005930", None, client.sell("005930", 4)),
              ("BUY", 5, "005930", limit, client.buy("005930", 5, limit))]
    for side, quantity, code, price, ack in placed:
        what = f"{value(side)} {quantity} {code} {names.get(code, '')} " + (
            value("MARKET") if price is None else f"{value('LIMIT')} {price:,}")
        print(t("{what} → order {order_no} at {time}", what=f"{what:<28}", order_no=ack.order_no, time=ack.time))
    _section(t("Account after"))
    _balance_rows(client)


def _formulas() -> None:
    from ..services.quotes import reset_services
    from ..workbook.examples import evaluate_examples

    _section(t("Workbook formulas, evaluated by kis_xl.udfs (workbooks/kis_xl.xlsm)"))
    try:
        for formula, result in evaluate_examples():
            if isinstance(result, list) and result and isinstance(result[0], list):
                result = t("{rows}x{columns} table, first row {first}", rows=len(result), columns=len(result[0]),
                           first=result[0])
            print(f"{formula:<40} {result}")
    finally:
        reset_services()


def _report(out_dir: Path) -> None:
    from ..report import run as run_report

    _section(t("Daily account report"))
    print(t("written: {path}", path=run_report(profile="sim", out_dir=out_dir, force=True)))


def _order_sheet(out_dir: Path) -> None:
    from ..orders import demo_submit

    _section(t("Order sheet (workbooks' Orders layout) submitted to the simulator"))
    rows = sorted(demo_submit(out_dir / "sample_orders.xlsx"), key=lambda r: r["row"])
    emit(rows, ["row", "code", "side", "quantity", "price", "status", "order_no", "message"],
         headers={"price": label("order_price")})
