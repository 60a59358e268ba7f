"""Typed models of KSD's corporate-event schedules (예탁원 권리일정) and the dividend-rate ranking (배당률 상위).

One ``CorporateEvent`` shape for every kind, so one table (and the report's upcoming section) lists a holder's
dividends, bonus and rights issues, par-value changes, mergers, capital reductions and shareholder meetings side by
side; a column a kind has no use for is None (or empty).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class CorporateEvent:
    """One event in a KSD schedule for one stock."""

    kind: str  # dividend, bonus, rights, split, merger, appraisal (주식매수청구), reduction, meeting
    code: str
    record_date: date  # 기준일: who holds on this day has the right
    detail: str  # what happens, in words (KIS's own words for the kind's reason, agenda, dividend kind)
    rate: float | None  # 배당률 % / 확정배정율 (new shares a share) / 합병비율 / 감자배정율
    per_share: float | None  # 원 a share: 주당배당금 / 발행예정가 / 변경후액면가 / 매수청구가격
    ex_date: date | None  # 권리락일 (bonus, rights)
    pay_date: date | None  # 배당금지급일 / 단주대금지급일 / 매수대금지급일
    meeting_date: date | None  # 주총일자 (meeting, appraisal)
    subscription_start: date | None  # 청약기간 (rights)
    subscription_end: date | None
    listing_date: date | None  # 상장/등록일 of the new shares
    halt: str  # 매매거래정지기간 as KIS writes it (split, merger, reduction)
    share_kind: str  # 주식종류 (보통, 우선)


@dataclass(frozen=True, slots=True)
class DividendRank:
    """One row of 배당률 상위 (ranking/dividend-rate)."""

    rank: int
    code: str
    record_date: date | None  # 기준일
    per_share: float | None  # 현금/주식배당금
    rate_pct: float | None  # 현금/주식배당률 (%)
    kind: str  # 배당종류 as KIS writes it
