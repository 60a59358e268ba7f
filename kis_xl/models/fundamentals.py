"""Typed models of a company's fundamentals (재무) and KSD's dividend schedule (배당일정), with English names.

A statement's ``period`` is KIS's 결산 년월 as a label, ``2024.12`` (a year's statement ends in its settlement
month, a quarter's in the quarter's last month). Amounts are as KIS sends them; ratios and rates are percents.
A figure KIS leaves empty is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class FinancialRatio:
    """재무비율: growth, return and per-share figures of one period."""

    period: str
    sales_growth: float | None  # 매출액 증가율 %
    operating_profit_growth: float | None  # 영업이익 증가율 %
    net_income_growth: float | None  # 순이익 증가율 %
    roe: float | None  # ROE %
    eps: float | None
    sps: float | None  # 주당매출액
    bps: float | None
    reserve_ratio: float | None  # 유보비율 %
    debt_ratio: float | None  # 부채비율 %


@dataclass(frozen=True, slots=True)
class IncomeStatement:
    """손익계산서 of one period."""

    period: str
    revenue: float | None  # 매출액
    cost_of_sales: float | None  # 매출원가
    gross_profit: float | None  # 매출총이익
    depreciation: float | None  # 감가상각비
    sga: float | None  # 판매 및 관리비
    operating_profit: float | None  # 영업이익
    non_operating_income: float | None  # 영업외수익
    non_operating_expense: float | None  # 영업외비용
    ordinary_profit: float | None  # 경상이익
    special_gains: float | None  # 특별이익
    special_losses: float | None  # 특별손실
    net_income: float | None  # 당기순이익


@dataclass(frozen=True, slots=True)
class BalanceSheet:
    """대차대조표 at the end of one period."""

    period: str
    current_assets: float | None  # 유동자산
    fixed_assets: float | None  # 고정자산
    total_assets: float | None  # 자산총계
    current_liabilities: float | None  # 유동부채
    fixed_liabilities: float | None  # 고정부채
    total_liabilities: float | None  # 부채총계
    capital_stock: float | None  # 자본금
    capital_surplus: float | None  # 자본잉여금
    retained_earnings: float | None  # 이익잉여금
    total_equity: float | None  # 자본총계


@dataclass(frozen=True, slots=True)
class GrowthRatio:
    """성장성비율 of one period, percents."""

    period: str
    sales_growth: float | None
    operating_profit_growth: float | None
    equity_growth: float | None  # 자기자본 증가율
    total_assets_growth: float | None  # 총자산 증가율


@dataclass(frozen=True, slots=True)
class ProfitRatio:
    """수익성비율 of one period, percents."""

    period: str
    roa: float | None  # 총자본 순이익율
    roe: float | None  # 자기자본 순이익율
    net_margin: float | None  # 매출액 순이익율
    gross_margin: float | None  # 매출액 총이익율


@dataclass(frozen=True, slots=True)
class Opinion:
    """One analyst's opinion (종목투자의견) and target price on a day."""

    date: date
    opinion: str  # 투자의견 as KIS writes it (매수, BUY, …)
    opinion_code: str
    previous_opinion: str
    previous_code: str
    target_price: float | None
    prev_close: float | None  # 주식전일종가
    gap: float | None  # 주식N일괴리도
    gap_pct: float | None  # N일괴리율
    futures_gap: float | None  # 주식선물괴리도
    target_gap_pct: float | None  # 괴리율


@dataclass(frozen=True, slots=True)
class EstimateRow:
    """One line of KIS's estimate table (종목추정실적): its block (``statement`` output2, ``indicators``
    output3), its place in the block (KIS sends no line names) and one value per settlement period."""

    block: str
    line: int
    values: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class Estimates:
    """종목추정실적: the periods (결산년월, output4) the value columns stand for and the lines of both blocks."""

    code: str
    name: str
    periods: tuple[str, ...]
    rows: tuple[EstimateRow, ...]


@dataclass(frozen=True, slots=True)
class Dividend:
    """One dividend in KSD's schedule (예탁원정보 배당일정)."""

    record_date: date  # 기준일
    code: str
    kind: str  # 배당종류 as KIS writes it (결산배당, 중간배당, 분기배당)
    par_value: float | None  # 액면가
    cash_per_share: float | None  # 현금배당금 (원)
    cash_rate_pct: float | None  # 현금배당률 (% of par)
    stock_rate_pct: float | None  # 주식배당률
    pay_date: date | None  # 배당금지급일
    stock_pay_date: date | None  # 주식배당지급일
    odd_lot_pay_date: date | None  # 단주대금지급일
    share_kind: str  # 주식종류 (보통, 우선)
    high_dividend: bool  # 고배당종목여부
