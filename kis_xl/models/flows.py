"""Typed models of the flows traders watch: trade strength (체결강도), investor flows by day, program trading,
short selling and credit balances by day. KIS's names are mapped to these in ``kis_xl.client.flows``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time


@dataclass(frozen=True)
class StrengthRow:
    """One stock of KIS's trade-strength ranking (체결강도 상위, volume-power): strength is buy volume over sell
    volume × 100 for the day, so above 100 buyers are lifting the offer."""

    rank: int
    code: str
    name: str
    price: float
    change_pct: float
    volume: int
    strength: float
    buy_volume: int
    sell_volume: int


@dataclass(frozen=True)
class InvestorFlowDay:
    """One session's net buying (shares; values in millions of won) by investor type
    (종목별 투자자매매동향(일별), investor-trade-by-stock-daily), the institutions broken down."""

    date: date
    close: float
    change_pct: float
    volume: int
    individuals: int
    foreigners: int
    institutions: int
    securities: int
    trusts: int
    private_equity: int
    banks: int
    insurance: int
    merchant_banks: int
    pension_funds: int
    other_corporations: int
    individuals_value: float
    foreigners_value: float
    institutions_value: float


@dataclass(frozen=True)
class ProgramDay:
    """One session's program trading in a stock (종목별 프로그램매매추이(일별)): shares, and values in won."""

    date: date
    close: float
    change_pct: float
    volume: int
    program_sell: int
    program_buy: int
    program_net: int
    program_sell_value: float
    program_buy_value: float
    program_net_value: float


@dataclass(frozen=True)
class ProgramTick:
    """Program trading so far today at one moment (종목별 프로그램매매추이(체결)), cumulative: shares, won."""

    time: time
    price: float
    change_pct: float
    volume: int
    program_sell: int
    program_buy: int
    program_net: int
    program_sell_value: float
    program_buy_value: float
    program_net_value: float


@dataclass(frozen=True)
class ShortSaleDay:
    """One session's short selling (공매도 일별추이): shares and won, and their share of the day's trading (%)."""

    date: date
    close: float
    change_pct: float
    volume: int
    short_volume: int
    short_volume_pct: float
    short_value: float
    short_value_pct: float
    short_avg_price: float


@dataclass(frozen=True)
class CreditDay:
    """One trading day's credit balances (신용잔고 일별추이): margin loans (융자) and stock loans (대주) in shares,
    the loan balance in won, both balances as % of listed shares."""

    date: date
    settle_date: date | None
    close: float
    change_pct: float
    volume: int
    loan_new: int
    loan_repaid: int
    loan_balance: int
    loan_balance_value: float
    loan_balance_pct: float
    lend_new: int
    lend_repaid: int
    lend_balance: int
    lend_balance_pct: float
