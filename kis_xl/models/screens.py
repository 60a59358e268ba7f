"""Condition search (조건검색) and watchlists (관심종목): the user's own lists kept on KIS's server under the HTS id."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Condition:
    """One condition saved to KIS's server from the HTS ([0110] 조건검색 → 사용자조건 서버저장): psearch-title."""

    seq: str  # KIS's key of the condition (psearch-result's input), "0" for the first
    name: str
    group: str = ""


@dataclass(frozen=True)
class ScreenRow:
    """One stock a condition finds (psearch-result), as KIS reports it at the moment of the search."""

    code: str
    name: str
    price: float
    change: float
    change_pct: float
    volume: int
    value: float  # traded value (거래대금), as KIS sends it
    strength: float | None = None  # 체결강도
    open: float | None = None
    high: float | None = None
    low: float | None = None
    year_high: float | None = None
    year_low: float | None = None
    expected_price: float | None = None  # 예상체결가 (auctions)
    expected_change: float | None = None
    expected_change_pct: float | None = None
    expected_volume: int | None = None
    volume_ratio: float | None = None  # 전일거래량대비율 (%)
    base_price: float | None = None  # 기준가
    upper_limit: float | None = None
    lower_limit: float | None = None
    market_cap: float | None = None  # 시가총액, in KIS's unit (its table does not state it)


@dataclass(frozen=True)
class ScreenResult:
    """A condition's stocks; ``capped`` when KIS's 100-row limit may have left stocks out."""

    condition: Condition
    rows: list[ScreenRow] = field(default_factory=list)
    capped: bool = False


@dataclass(frozen=True)
class WatchlistGroup:
    """One watchlist group (관심그룹) of the HTS id: intstock-grouplist."""

    code: str  # inter_grp_code, "001"
    name: str
    count: int  # stocks in it (ask_cnt)


@dataclass(frozen=True)
class WatchlistStock:
    """One stock of a watchlist group (intstock-stocklist-by-group); ``code`` a plain code KIS_PRICE takes."""

    code: str
    name: str
    market: str  # fid_mrkt_cls_code as KIS sends it (J: KRX stocks)
    exchange: str = ""  # exch_code
    memo: str = ""
