"""A trader's whole day against the simulator: 08:00 to 20:00 KST on a Wednesday, then the US night to 07:30.

At each moment (every 30 minutes) every case, one per venue, session and order type, is tried through the
client (``prepare_order``'s checks, then the wire): a case a session takes at that moment must be sent and
booked by the simulator in that session on that venue; any other must be refused before anything is sent,
saying when it opens or what is open instead. Which case is open when comes from an oracle written here
from the published hours (not from ``kis_xl.sessions``). Reservations are placed in their windows and must
have gone out as orders of the next session. Then a quote sheet of 100 codes on the integrated venue must
cost no more requests than on KRX alone. Anything else raised is a traceback, and there must be none.

    python benchmarks/whole_day.py [--every 30]
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kis_xl import krx  # noqa: E402
from kis_xl.client import KisClient  # noqa: E402
from kis_xl.config import Profile  # noqa: E402
from kis_xl.errors import InvalidOrder  # noqa: E402
from kis_xl.models import OrderRequest, OrderType, ReservationStatus, Side  # noqa: E402
from kis_xl.sim.server import SimServer  # noqa: E402

DAY = "2025-06-04"  # a Wednesday: KRX and New York trade that day and the next (New York on summer time)
START, END = datetime.fromisoformat(f"{DAY}T08:00:00+09:00"), datetime.fromisoformat(f"{DAY}T08:00:00+09:00") + \
    timedelta(hours=23, minutes=30)
CODE, SYMBOL = "005930", "AAPL"


def _t(hhmm: str, day: int = 0) -> datetime:
    return datetime.fromisoformat(f"{DAY}T{hhmm}+09:00") + timedelta(days=day)


@dataclass(frozen=True)
class Case:
    """One kind of order, and the windows (start, end, session key) the oracle says take it."""

    name: str
    market: str  # KRX or NAS
    venue: str  # KRX, NXT, SOR; a US case's session: day or regular
    order_type: OrderType
    windows: tuple[tuple[datetime, datetime, str], ...]
    reserve: bool = False

    def open_at(self, at: datetime) -> str | None:
        return next((key for start, end, key in self.windows if start <= at < end), None)


NXT_DAY = ((_t("08:00:00"), _t("08:50:00"), "NXT-PRE"), (_t("09:00:30"), _t("15:20:00"), "NXT"),
           (_t("15:30:00"), _t("20:00:00"), "NXT-AFTER"))
CASES = (
    Case("KRX LIMIT", "KRX", "KRX", OrderType.LIMIT, ((_t("09:00:00"), _t("15:30:00"), "KRX"),)),
    Case("KRX MARKET", "KRX", "KRX", OrderType.MARKET, ((_t("09:00:00"), _t("15:30:00"), "KRX"),)),
    Case("KRX 장전 시간외 종가", "KRX", "KRX", OrderType.PRE_MARKET, ((_t("08:30:00"), _t("08:40:00"), "KRX-PRE"),)),
    Case("KRX 장후 시간외 종가", "KRX", "KRX", OrderType.AFTER_MARKET, ((_t("15:40:00"), _t("16:00:00"), "KRX-POST"),)),
    Case("KRX 시간외 단일가", "KRX", "KRX", OrderType.AFTER_SINGLE, ((_t("16:00:00"), _t("18:00:00"), "KRX-SINGLE"),)),
    Case("NXT LIMIT", "KRX", "NXT", OrderType.LIMIT, NXT_DAY),
    Case("NXT MID", "KRX", "NXT", OrderType.MID, ((_t("09:00:30"), _t("15:20:00"), "NXT"),)),
    Case("NXT MARKET", "KRX", "NXT", OrderType.MARKET, ()),  # KIS: NXT takes no market orders
    Case("SOR LIMIT", "KRX", "SOR", OrderType.LIMIT, (NXT_DAY[0], (_t("09:00:00"), _t("15:30:00"), "KRX"),
                                                      NXT_DAY[2])),
    Case("SOR MARKET", "KRX", "SOR", OrderType.MARKET, ((_t("09:00:00"), _t("15:30:00"), "KRX"),)),
    Case("US daytime LIMIT", "NAS", "day", OrderType.LIMIT, ((_t("10:00:00"), _t("18:00:00"), "US-DAY"),)),
    Case("US regular LIMIT", "NAS", "regular", OrderType.LIMIT, (
        (_t("17:00:00"), _t("22:30:00"), "US-PRE"), (_t("22:30:00"), _t("05:00:00", 1), "US"),
        (_t("05:00:00", 1), _t("07:00:00", 1), "US-AFTER"))),
    Case("KRX reservation", "KRX", "KRX", OrderType.LIMIT, (
        (_t("15:40:00"), _t("23:40:00"), "KR-RESERVE"), (_t("00:10:00", 1), _t("07:30:00", 1), "KR-RESERVE")),
         reserve=True),
    Case("US reservation", "NAS", "regular", OrderType.LIMIT, (
        (_t("10:00:00"), _t("16:30:00"), "US-RESERVE"), (_t("16:45:00"), _t("22:20:00"), "US-RESERVE")),
         reserve=True),
)


@dataclass
class Tally:
    sent: int = 0
    refused: int = 0
    wrong: list[str] = field(default_factory=list)  # booked where the oracle says it should not be, or not booked
    tracebacks: list[str] = field(default_factory=list)
    reservations: list = field(default_factory=list)


def _request(case: Case, client: KisClient) -> OrderRequest:
    """A resting buy of one share: at the lower limit (or inside the single-price band), $1 for the US."""
    if case.market != "KRX":
        return OrderRequest(SYMBOL, Side.BUY, 1, 1.0, OrderType.LIMIT, market=case.market,
                            session="" if case.reserve else case.venue)
    quote = client.price(CODE, "KRX")
    if case.order_type == OrderType.AFTER_SINGLE:
        price = float(krx.round_to_tick(quote.price * 0.95, "up"))
    elif case.reserve:
        price = float(krx.round_to_tick(quote.price * 0.8, "up"))  # inside the next session's expected limits
    else:
        price = quote.lower_limit if case.order_type.needs_price else None
    return OrderRequest(CODE, Side.BUY, 1, price, case.order_type, venue=case.venue)


def _books(server: SimServer, client: KisClient):
    trading = server.world.trading
    return trading.accounts[trading.key("real", client.profile.app_key, client.profile.account)]


def attempt(server: SimServer, client: KisClient, case: Case, at: datetime, tally: Tally) -> None:
    """Try one case at one moment and check the outcome against the oracle."""
    expected = case.open_at(at)
    acct = _books(server, client)
    before = (len(acct.orders), len(acct.reservations))
    label = f"{at:%m-%d %H:%M} {case.name}"
    try:
        request = _request(case, client)
        if case.reserve:
            tally.reservations.append(client.reserve(request).id)
        else:
            client.place_order(request)
    except InvalidOrder as exc:
        tally.refused += 1
        said = str(exc)
        if expected is not None:
            tally.wrong.append(f"{label}: refused in {expected}: {said}")
        elif "until" not in said and "takes no" not in said:
            tally.wrong.append(f"{label}: refused without saying when or what instead: {said}")
        if (len(acct.orders), len(acct.reservations)) != before:
            tally.wrong.append(f"{label}: refused but booked")
        return
    except Exception as exc:  # anything else is a traceback a user would meet
        tally.tracebacks.append(f"{label}: {type(exc).__name__}: {exc}")
        return
    tally.sent += 1
    if expected is None:
        tally.wrong.append(f"{label}: sent though the oracle says closed")
    elif not case.reserve:
        booked = acct.orders[-1]
        venue = {"day": "US-DAY", "regular": "US"}.get(case.venue, case.venue)
        if (booked.venue, booked.session) != (venue, expected):
            tally.wrong.append(f"{label}: booked on {booked.venue} in {booked.session}, not {venue} in {expected}")


def moments(every: int = 30) -> list[datetime]:
    """From START to END every ``every`` minutes."""
    return [START + timedelta(minutes=m) for m in range(0, int((END - START) / timedelta(minutes=1)) + 1, every)]


def run_day(server: SimServer, client: KisClient, when: list[datetime]) -> Tally:
    """Every case at every moment of ``when`` (in order), on the server's clock set to each."""
    tally = Tally()
    server.world.clock.set(when[0])
    client.balance()  # the account opens with its first request
    for at in when:
        server.world.clock.set(at)
        client.transport.server_offset = None  # the clock jumped: read it again before deciding
        for case in CASES:
            attempt(server, client, case, at, tally)
    return tally


def check_reservations(server: SimServer, client: KisClient, tally: Tally) -> None:
    """Every reservation taken went out as an order of its session's next open, found in that day's list."""
    server.world.clock.set(_t("23:00:00", 1))  # the next day: KRX opened at 09:00, New York at 22:30
    client.transport.server_offset = None
    listed = {r.id: r for r in client.reservations(START.date(), (START + timedelta(days=1)).date())}
    for rid in tally.reservations:
        r = listed.get(rid)
        if r is None or r.status != ReservationStatus.SENT or r.order is None:
            tally.wrong.append(f"{rid}: not sent as an order ({r.status if r else 'not listed'})")
            continue
        orders = client.daily_orders(r.order.day).orders if r.id.book == "KR" else \
            client.us_daily_orders(r.order.day).orders
        if not any(o.id == r.order for o in orders):
            tally.wrong.append(f"{rid}: its order {r.order} is not in that day's list")


def quote_sheet_cost(client: KisClient, codes: list[str]) -> dict[str, int]:
    """Requests a quote sheet of the codes costs, on KRX and on the integrated venue."""
    cost = {}
    for venue in ("KRX", "UN"):
        before = client.stats.requests
        got = client.prices(codes, venue)
        cost[venue] = client.stats.requests - before
        assert len(got) == len(codes), f"{venue}: {len(got)} quotes for {len(codes)} codes"
    return cost


def new_client(server: SimServer) -> KisClient:
    """A client with its own key and account, fast (the simulator's limit raised), with dollars to spend."""
    server.world.starting_usd = 10**6
    key = ("PS" + secrets.token_hex(17))[:36]
    return KisClient(Profile("day", "real", server.real_url, None, key, secrets.token_urlsafe(135)[:180],
                             "59000002-01", simulator=True, rate_limit=500))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=int, default=30, help="minutes between moments")
    args = parser.parse_args()
    os.environ.setdefault("KIS_XL_CACHE_DIR", tempfile.mkdtemp(prefix="kis-xl-day-"))
    os.environ.setdefault("KIS_XL_CONFIG", os.path.join(tempfile.mkdtemp(), "none.toml"))
    with SimServer(seed=5, clock=START, rate_limits={"real": 1000}, starting_cash=10**11) as server:
        client = new_client(server)
        began = time.perf_counter()
        tally = run_day(server, client, moments(args.every))
        check_reservations(server, client, tally)
        elapsed = time.perf_counter() - began
        cost = quote_sheet_cost(client, [f"{100_000 + i:06d}" for i in range(100)])
        client.close()
    print(f"moments: {int((END - START) / timedelta(minutes=args.every)) + 1} (every {args.every} min, "
          f"{START:%Y-%m-%d %H:%M} to {END:%m-%d %H:%M} KST), cases: {len(CASES)}")
    placed = len(tally.reservations)
    print(f"orders sent {tally.sent - placed}, reservations taken {placed} (all sent as orders at their session's "
          f"open: {not any('reservation' in w for w in tally.wrong)}), refused before sending {tally.refused}, in "
          f"{elapsed:.1f} s")
    print(f"wrong: {len(tally.wrong)}, tracebacks: {len(tally.tracebacks)}")
    for line in tally.wrong + tally.tracebacks:
        print(f"  {line}")
    print(f"quote sheet of 100 codes: {cost['KRX']} requests on KRX, {cost['UN']} on the integrated venue")
    return 0 if not tally.wrong and not tally.tracebacks and cost["UN"] <= cost["KRX"] else 1


if __name__ == "__main__":
    sys.exit(main())
