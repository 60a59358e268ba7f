"""The profile's fat-finger caps, checked in one place by every path that sends an order.

``max_order_amount`` (won) caps one order, ``max_batch_amount`` (won) one run of an order sheet (an order
from the CLI or the Python API is a batch of one). A US order is held to ``max_order_usd`` when the profile
sets it; otherwise its dollars are converted into won at KIS's posted rate and held to the won caps, and the
message says so. What an order may spend or fetch: its own price; a market buy the most it may pay (the
upper limit); a market sell what it would fetch now (the current price); a closing-price order (장전/장후
시간외) the close. The client checks before it sends (the last line, whatever called it), the CLI before it
asks for a confirmation, the sheet on every row.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import t
from .models import OrderRequest, Quote, Side


@dataclass(frozen=True)
class Caps:
    order: float | None = None  # won
    batch: float | None = None  # won
    order_usd: float | None = None

    @classmethod
    def of(cls, profile) -> "Caps":
        return cls(profile.max_order_amount, profile.max_batch_amount, getattr(profile, "max_order_usd", None))

    @property
    def any(self) -> bool:
        return bool(self.order or self.batch or self.order_usd)

    @property
    def converts_usd(self) -> bool:
        """Whether US orders are held to a won cap, and so need KIS's exchange rate."""
        return bool(self.batch or (self.order and not self.order_usd))

    def needs_rate(self, request: OrderRequest) -> bool:
        return request.market != "KRX" and self.converts_usd


@dataclass(frozen=True)
class Estimate:
    """What one order may spend or fetch, in its currency and, where it can be had, in won."""

    unit: float
    quantity: int
    currency: str = "KRW"
    basis: str = ""  # "" for the order's own price; else what the unit price is
    rate: float | None = None  # won per dollar, for a US order's won figure

    @property
    def amount(self) -> float:
        return self.unit * self.quantity

    @property
    def won(self) -> float | None:
        if self.currency == "KRW":
            return self.amount
        return self.amount * self.rate if self.rate else None

    def text(self) -> str:
        """``~530,000``; ``~$1,234.00``; a market order's says what it is: ``(upper-limit estimate: 10 × 90,100)``."""
        figure = f"~{self.amount:,.0f}" if self.currency == "KRW" else f"~${self.amount:,.2f}"
        unit = f"{self.unit:,.0f}" if self.currency == "KRW" else f"${self.unit:,.4g}"
        return figure + (f" ({self.basis}: {self.quantity:,} × {unit})" if self.basis else "")


def estimate(request: OrderRequest, quote: Quote | None, rate: float | None = None) -> Estimate:
    """The order's value. A market order needs its quote (None: valued at 0, and said so by the caller)."""
    currency = "KRW" if request.market == "KRX" else "USD"
    if request.price is not None:
        unit, basis = request.price, ""
    elif quote is None:
        unit, basis = 0.0, t("no quote")
    elif request.order_type.at_close:
        unit, basis = quote.price, t("at the close")
    elif request.side == Side.BUY:
        unit, basis = quote.upper_limit or quote.price, t("upper-limit estimate")
    else:
        unit, basis = quote.price, t("estimate at the current price")
    return Estimate(unit, request.quantity, currency, basis, rate if currency == "USD" else None)


def order_problems(est: Estimate, caps: Caps) -> list[str]:
    """The per-order caps an order breaks (each a line saying which cap and by how much)."""
    if est.currency == "USD":
        if caps.order_usd:
            if est.amount > caps.order_usd:
                return [t("amount ${amount:,.2f} exceeds the per-order cap ${cap:,.2f} (max_order_usd)",
                          amount=est.amount, cap=caps.order_usd)]
            return []
        if not caps.order:
            return []
        if est.won is None:
            return [t("amount ${amount:,.2f} cannot be held to the per-order cap {cap:,.0f} won: KIS's exchange "
                      "rate could not be read (set max_order_usd for US orders)", amount=est.amount, cap=caps.order)]
        if est.won > caps.order:
            return [t("amount ${amount:,.2f} ≈ {won:,.0f} won at {rate:,.2f} won/$ (KIS's posted rate) exceeds the "
                      "per-order cap {cap:,.0f} won (max_order_amount)", amount=est.amount, won=est.won, rate=est.rate,
                      cap=caps.order)]
        return []
    if caps.order and est.amount > caps.order:
        return [t("amount {amount:,.0f} won exceeds the per-order cap {cap:,.0f} (max_order_amount)",
                  amount=est.amount, cap=caps.order)]
    return []


def batch_problems(total_won: float | None, caps: Caps) -> list[str]:
    """The batch cap a run's total (in won; None when a US order's could not be converted) breaks."""
    if not caps.batch:
        return []
    if total_won is None:
        return [t("the batch cannot be held to its cap {cap:,.0f} won: a US order's won value is unknown (KIS's "
                  "exchange rate could not be read)", cap=caps.batch)]
    if total_won > caps.batch:
        return [t("the batch totals {total:,.0f} won, over the batch cap {cap:,.0f} (max_batch_amount)",
                  total=total_won, cap=caps.batch)]
    return []
