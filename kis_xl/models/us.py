"""Typed models of KIS's US detail: the price detail (해외주식 현재가상세) and the realised P&L by trade day and
stock (해외주식 기간손익). KIS's names are mapped to these in ``kis_xl.client``; the US order book (현재가 1호가)
is an ``OrderBook`` of one level each side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class UsPriceDetail:
    """price-detail (HHDFS76200200). The names KIS_PRICE knows from the domestic quote (per, pbr, eps, bps,
    market_cap, high_52w, low_52w, tick, listed_shares) mean the same here; money is in ``currency`` (USD) except
    the ``krw_`` prices, which KIS converts at ``rate`` (당일환율)."""

    code: str
    market: str  # NAS, NYS, AMS
    price: float
    open: float | None
    high: float | None
    low: float | None
    prev_close: float
    volume: int
    value: float
    prev_volume: int
    prev_value: float
    upper_limit: float | None
    lower_limit: float | None
    high_52w: float | None
    high_52w_date: date | None
    low_52w: float | None
    low_52w_date: date | None
    per: float | None
    pbr: float | None
    eps: float | None
    bps: float | None
    market_cap: float | None  # tomv, in the quote currency
    capital: float | None  # mcap (자본금)
    listed_shares: int | None
    currency: str
    decimals: int  # zdiv: the price's decimal places
    trading_unit: int | None  # vnit (매매단위)
    tick: float | None  # e_hogau (호가단위)
    par_value: float | None
    sector: str
    tradable: bool  # e_ordyn (거래가능여부)
    etp_kind: str  # etyp_nm (ETP 분류명), blank for a stock
    krw_price: float | None
    krw_change: float | None
    krw_change_pct: float | None
    krw_prev_price: float | None
    rate: float | None  # t_rate (당일환율)
    prev_rate: float | None
    as_of: datetime | None = None


@dataclass(frozen=True)
class UsPnlTrade:
    """Realised profit of one US stock on one trade day (inquire-period-profit output1), in ``currency``: USD, or
    KRW when asked in won (WCRC_FRCR_DVSN_CD 02)."""

    date: date
    code: str
    exchange: str
    sell_qty: int
    avg_cost: float
    cost: float  # frcr_pchs_amt1: what the shares sold had cost
    sell_price: float
    sell_amount: float
    fees: float
    realized: float
    pnl_pct: float
    rate: float | None  # exrt (환율)
    currency: str


@dataclass(frozen=True)
class UsPnlSummary:
    """The period's totals (output2)."""

    sell_amount: float
    buy_amount: float
    fees: float
    settled: float  # excc_dfrm_amt (정산지급금액)
    realized: float
    pnl_pct: float | None
    rate: float | None
    currency: str
