"""What a daily report shows, gathered once from the client into plain models (so building needs no server)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .. import krx
from ..errors import InvalidInput, KisError, NotOffered
from ..models import CorporateEvent
from ..models import (
    Balance,
    DailyOrders,
    Holding,
    IndexQuote,
    OrderRecord,
    PnlSummary,
    PnlTrade,
    Reservation,
    Side,
)

COMMISSION = 0.00015  # per-order fee estimate; KIS's own day total (prsm_tlex_smtl, 추정제비용합계) is preferred
SELL_TAX = 0.0018


@dataclass(frozen=True)
class PreviousReport:
    day: date
    total_eval: float
    pnl_total: float
    deposit: float
    holdings: int


@dataclass(frozen=True)
class DayPnl:
    """The day's profit and loss on the domestic account, after fees and tax.

    Per stock, with O shares held at the previous close, B shares bought today for ``bought`` won, S sold for
    ``sold`` won and N = O + B − S held now at price p: N·p − O·previous close − bought + sold. Shares bought
    today count from their buy price, shares sold today from the previous close (or their buy price, when
    bought today) to their sell price, whichever shares a sale is matched with; every partial fill is in the
    fill amounts KIS lists (inquire-daily-ccld tot_ccld_amt).
    """

    before_fees: float
    fees: float  # fees and tax of the day's fills
    fees_from_kis: bool  # KIS's own day total (prsm_tlex_smtl); False: the per-order estimate
    at_work: float  # the previous close's value of the shares held overnight plus today's purchases
    bought: float
    sold: float
    missing: tuple[str, ...] = ()  # codes held overnight whose previous close KIS did not give

    @property
    def total(self) -> float:
        return self.before_fees - self.fees

    @property
    def pct(self) -> float | None:
        """The day's P&L in percent of the money at work: the overnight holdings at the previous close and the
        day's purchases."""
        return self.total / self.at_work * 100 if self.at_work else None


def day_pnl(holdings: Iterable[Holding], fills: Iterable[OrderRecord], prev_closes: dict[str, float],
            kis_fees: float | None) -> DayPnl:
    """The true day's P&L from today's holdings, today's fills and the previous closes.

    ``kis_fees``: KIS's fees and tax of the day (prsm_tlex_smtl); when KIS gives none (0 with fills, or None)
    the per-order estimate at the default rates stands in.
    """
    held_qty: dict[str, int] = {}
    held_value: dict[str, float] = {}
    for h in holdings:  # a stock may come in two rows (현금 and 자기융자): one position here
        held_qty[h.code] = held_qty.get(h.code, 0) + h.quantity
        held_value[h.code] = held_value.get(h.code, 0.0) + h.evaluation
    fills = [f for f in fills if f.filled_qty]
    bought_qty: dict[str, int] = {}
    sold_qty: dict[str, int] = {}
    for f in fills:
        qty = bought_qty if f.side == Side.BUY else sold_qty
        qty[f.code] = qty.get(f.code, 0) + f.filled_qty
    bought = sum(f.filled_amount for f in fills if f.side == Side.BUY)
    sold = sum(f.filled_amount for f in fills if f.side != Side.BUY)
    now_value, overnight_value, missing = 0.0, 0.0, []
    for code in sorted(set(held_qty) | set(bought_qty) | set(sold_qty)):
        now_qty = held_qty.get(code, 0)
        overnight = now_qty - bought_qty.get(code, 0) + sold_qty.get(code, 0)
        now_value += held_value.get(code, 0.0)
        if overnight:
            close = prev_closes.get(code)
            if close is None:  # no change counted where KIS gave no previous close
                missing.append(code)
                close = held_value.get(code, 0.0) / now_qty if now_qty else 0.0
            overnight_value += overnight * close
    if kis_fees or not fills:
        fees, from_kis = float(kis_fees or 0.0), bool(kis_fees)
    else:
        fees, from_kis = float(sum(estimated_fees(f) for f in fills)), False
    before = now_value - overnight_value - bought + sold
    return DayPnl(before, fees, from_kis, overnight_value + bought, bought, sold, tuple(missing))


@dataclass
class ReportData:
    day: date
    profile: str
    account: str  # masked
    balance: Balance
    orders: DailyOrders
    us_balance: Balance | None = None  # None: the account has no US trading
    us_orders: DailyOrders | None = None
    prev_closes: dict[str, float] = field(default_factory=dict)  # code → previous close, for the day's P&L
    period: tuple[date, date] | None = None  # orders of a period instead of the day
    previous: PreviousReport | None = None
    history: list[tuple[date, float]] = field(default_factory=list)  # (day, total evaluation) of earlier reports
    as_of: datetime | None = None  # when the balance was read (server clock): KIS gives holdings only as of now
    realized: list[PnlTrade] | None = None  # realised P&L by stock of the day (None: KIS gives none here)
    realized_total: PnlSummary | None = None
    indices: dict[str, IndexQuote] = field(default_factory=dict)  # KOSPI, KOSDAQ: the day's benchmarks
    day_orders: DailyOrders | None = None  # the report day's own orders when ``orders`` are a period's
    names: dict[str, str] = field(default_factory=dict)  # code → the stock master's name, for rows KIS left without
    reservations: list[Reservation] | None = None  # taken on the day (or period), domestic and US; None: not offered
    events: list[CorporateEvent] | None = None  # the holdings' coming record dates (KSD); None: not offered (mock)
    usd_rate: float | None = None  # won per dollar of the day (KIS's first posted rate), for a book of accounts

    def name(self, code: str, given: str) -> str:
        """A row's stock name: KIS's on the row, else the stock master's."""
        return given or self.names.get(code, "")

    @property
    def balance_is_of_the_day(self) -> bool:
        """Whether the holdings and cash (read at ``as_of``) are the day's: read that day, or before KRX traded
        again (a Friday's report on Saturday). False for a past day's report: its orders are that day's, its
        holdings and cash of a later day."""
        if self.as_of is None or self.as_of.date() == self.day:
            return True
        return self.as_of.date() > self.day and krx.next_trading_day(self.day) > self.as_of.date()

    @property
    def day_pnl(self) -> DayPnl | None:
        """The report day's true P&L; None for a past day's report (KIS gives holdings only as of now)."""
        if not self.balance_is_of_the_day:
            return None
        orders = self.day_orders or self.orders
        fills = [o for o in orders.orders if o.filled_qty and o.order_date == self.day]
        return day_pnl(self.balance.holdings, fills, self.prev_closes, orders.estimated_fees)

    @property
    def fills(self) -> list[OrderRecord]:
        return [o for o in self.orders.orders if o.filled_qty]


def estimated_fees(order: OrderRecord) -> float:
    """Commission, and tax on sells, at the default rates (an estimate per order)."""
    fee = order.filled_amount * COMMISSION
    if order.side == Side.SELL:
        fee += order.filled_amount * SELL_TAX
    return round(fee)


def latest_trading_day(now: datetime) -> date:
    """The day a report is of when none is asked: today, or on a day KRX does not trade the last one that did."""
    today = now.astimezone(krx.KST).date()
    return today if krx.is_trading_day(today) else krx.previous_trading_day(today)


UPCOMING_DAYS = 60  # the holdings' events with a record date this many days ahead


def upcoming_events(client, codes: Iterable[str], day: date) -> list[CorporateEvent] | None:
    """The holdings' events of every kind in KSD's schedules (dividends, bonus and rights issues, splits, mergers,
    capital reductions, meetings) with a record date from ``day`` to 60 days on, by record date; None where KIS
    offers no schedule (the mock domain without a real key for market data)."""
    found: list[CorporateEvent] = []
    for code in codes:
        try:
            found += client.events(day, day + timedelta(days=UPCOMING_DAYS), code)
        except NotOffered:
            return None
        except (KisError, InvalidInput):  # a holding KSD does not know (an ETN, a delisted code): no events
            continue
    return sorted(found, key=lambda e: (e.record_date, e.code))


def gather(client, day: date, start: date | None = None, end: date | None = None) -> ReportData:
    """Balance, the day's (or period's) orders, US holdings and the previous closes of every stock held or
    traded on the day, from a KisClient."""
    balance = client.balance()
    orders = client.daily_orders(start or day, end or day)
    day_orders = None
    if (start or end) and (start or day, end or day) != (day, day):
        day_orders = client.daily_orders(day, day)  # the Day P&L is of the report day, whatever the period
    try:
        us = client.us_balance()
        us_orders = client.us_daily_orders(start or day, end or day)  # New York dates: that day's US session
    except (KisError, NotOffered):  # no overseas trading on this account: the report has no US section
        us, us_orders = None, None
    traded = [o.code for o in (day_orders or orders).orders if o.filled_qty and o.order_date == day]
    codes = list(dict.fromkeys([h.code for h in balance.holdings] + traded))
    quotes = client.prices(codes) if codes else {}
    try:
        realized, realized_total = client.pnl_by_stock(start or day, end or day)
    except (KisError, NotOffered):  # the mock domain offers no period P&L: the report says so
        realized, realized_total = None, None
    indices = {}
    for code in ("0001", "1001"):
        try:
            q = client.index(code)
            indices[q.name] = q
        except (KisError, NotOffered):  # no real-domain key for market data: no benchmark line
            pass
    try:
        reservations = client.reservations(start or day, end or day)
    except (KisError, NotOffered):  # the mock domain lists no reservations: the report says so
        reservations = None
    events = upcoming_events(client, [h.code for h in balance.holdings], day)
    rows = [*balance.holdings, *orders.orders, *(us.holdings if us else []), *(us_orders.orders if us_orders else []),
            *(realized or []), *(reservations or [])]
    lacking = sorted({r.code for r in rows if not r.name})
    names = client.names(lacking) if lacking else {}  # the master is fetched only when a row lacks its name
    return ReportData(day=day, profile=client.profile.name, account=client.profile.masked_account, balance=balance,
                      orders=orders, us_balance=us, us_orders=us_orders,
                      prev_closes={c: q.prev_close for c, q in quotes.items()},
                      period=(start, end) if start or end else None, as_of=client.now(), realized=realized,
                      realized_total=realized_total, indices=indices, day_orders=day_orders, names=names,
                      reservations=reservations, events=events)
