"""What a daily report shows, gathered once from the client into plain models (so building needs no server)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ..errors import KisError, NotOffered
from ..models import (
    Balance,
    DailyOrders,
    IndexQuote,
    OrderRecord,
    PnlSummary,
    PnlTrade,
    Side,
)

COMMISSION = 0.00015  # per-order fee estimate; KIS's own total (prsm_tlex_smtl) is shown beside it
SELL_TAX = 0.0018


@dataclass(frozen=True)
class PreviousReport:
    day: date
    total_eval: float
    pnl_total: float
    deposit: float
    holdings: int


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

    @property
    def balance_is_of_the_day(self) -> bool:
        """False for a past day's report: its orders are that day's, its holdings and cash are today's."""
        return self.as_of is None or self.as_of.date() == self.day

    @property
    def day_pct(self) -> float | None:
        """The day's change of today's holdings in percent of their value at the previous close."""
        before = sum(h.quantity * self.prev_closes.get(h.code, h.price) for h in self.balance.holdings)
        return self.day_pnl / before * 100 if before else None

    @property
    def day_pnl(self) -> float:
        """The day's change on today's holdings against the previous close."""
        return sum(h.quantity * (h.price - self.prev_closes.get(h.code, h.price)) for h in self.balance.holdings)

    @property
    def fills(self) -> list[OrderRecord]:
        return [o for o in self.orders.orders if o.filled_qty]


def estimated_fees(order: OrderRecord) -> float:
    """Commission, and tax on sells, at the default rates (an estimate per order)."""
    fee = order.filled_amount * COMMISSION
    if order.side == Side.SELL:
        fee += order.filled_amount * SELL_TAX
    return round(fee)


def gather(client, day: date, start: date | None = None, end: date | None = None) -> ReportData:
    """Balance, the day's (or period's) orders, US holdings and previous closes from a KisClient."""
    balance = client.balance()
    orders = client.daily_orders(start or day, end or day)
    try:
        us = client.us_balance()
        us_orders = client.us_daily_orders(start or day, end or day)  # New York dates: that day's US session
    except (KisError, NotOffered):  # no overseas trading on this account: the report has no US section
        us, us_orders = None, None
    quotes = client.prices([h.code for h in balance.holdings]) if balance.holdings else {}
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
    return ReportData(day=day, profile=client.profile.name, account=client.profile.masked_account, balance=balance,
                      orders=orders, us_balance=us, us_orders=us_orders,
                      prev_closes={c: q.prev_close for c, q in quotes.items()},
                      period=(start, end) if start or end else None, as_of=client.now(), realized=realized,
                      realized_total=realized_total, indices=indices)
