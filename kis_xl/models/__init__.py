"""Typed models of market and account data, with clear English names.

KIS field names (``stck_prpr``, ``hldg_qty``…) are mapped to these once, in ``kis_xl.client``;
nothing above the client sees a KIS name or a number in a string. Prices are floats (KRX prices
are whole numbers in them), quantities ints, money in the account's currency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum

from ..i18n import t


class Side(str, Enum):
    BUY = "BUY"
    SELL = "SELL"


class OrderType(str, Enum):
    """KRX order types (ORD_DVSN); US orders support LIMIT (and the LOO/LOC family on the real account).

    The value is KIS's code, sent on the wire only; people read ``name`` (LIMIT) or ``korean`` (지정가).
    """

    LIMIT = "00"
    MARKET = "01"
    CONDITIONAL = "02"  # 조건부지정가
    BEST = "03"  # 최유리지정가
    PRIORITY = "04"  # 최우선지정가
    PRE_MARKET = "05"  # 장전 시간외
    AFTER_MARKET = "06"  # 장후 시간외
    AFTER_SINGLE = "07"  # 시간외 단일가
    IOC_LIMIT = "11"
    FOK_LIMIT = "12"
    IOC_MARKET = "13"
    FOK_MARKET = "14"
    IOC_BEST = "15"
    FOK_BEST = "16"
    MID = "21"  # 중간가
    STOP_LIMIT = "22"  # 스톱지정가
    IOC_MID = "23"
    FOK_MID = "24"

    @property
    def needs_price(self) -> bool:
        """Whether ORD_UNPR carries a price. The closing-price types (05, 06) trade at the close: KIS takes "0"."""
        return self in {OrderType.LIMIT, OrderType.CONDITIONAL, OrderType.AFTER_SINGLE, OrderType.IOC_LIMIT,
                        OrderType.FOK_LIMIT, OrderType.STOP_LIMIT}

    @property
    def at_close(self) -> bool:
        """장전/장후 시간외 종가: filled at a close price (the previous day's, or today's)."""
        return self in (OrderType.PRE_MARKET, OrderType.AFTER_MARKET)

    @property
    def korean(self) -> str:
        return _KOREAN_TYPES[self]

    @property
    def label(self) -> str:
        """What a person reads: ``LIMIT/지정가``."""
        return f"{self.name}/{self.korean}"

    def __str__(self) -> str:
        return self.name

    @classmethod
    def named(cls, text: str) -> "OrderType | None":
        """The type a person typed: ``LIMIT``, ``limit``, ``지정가``, ``IOC_LIMIT``, ``IOC지정가``; None if unknown."""
        key = str(text or "").strip().upper().replace(" ", "").replace("-", "_")
        return _TYPE_WORDS.get(key)

    @classmethod
    def from_code(cls, code: str) -> "OrderType | str":
        """KIS's ORD_DVSN code as a type; a code kis-xl does not know stays as KIS's text."""
        code = str(code or "").strip()
        try:
            return cls(code)
        except ValueError:
            return code


_KOREAN_TYPES = {
    OrderType.LIMIT: "지정가", OrderType.MARKET: "시장가", OrderType.CONDITIONAL: "조건부지정가",
    OrderType.BEST: "최유리지정가", OrderType.PRIORITY: "최우선지정가", OrderType.PRE_MARKET: "장전시간외",
    OrderType.AFTER_MARKET: "장후시간외", OrderType.AFTER_SINGLE: "시간외단일가", OrderType.IOC_LIMIT: "IOC지정가",
    OrderType.FOK_LIMIT: "FOK지정가", OrderType.IOC_MARKET: "IOC시장가", OrderType.FOK_MARKET: "FOK시장가",
    OrderType.IOC_BEST: "IOC최유리", OrderType.FOK_BEST: "FOK최유리", OrderType.MID: "중간가",
    OrderType.STOP_LIMIT: "스톱지정가", OrderType.IOC_MID: "중간가IOC", OrderType.FOK_MID: "중간가FOK",
}
_TYPE_WORDS = {t.name: t for t in OrderType} | {t.korean.upper(): t for t in OrderType}


class OrderStatus(str, Enum):
    OPEN = "OPEN"  # accepted, nothing filled
    PARTIAL = "PARTIAL"
    FILLED = "FILLED"
    CANCELLED = "CANCELLED"
    REJECTED = "REJECTED"


@dataclass(frozen=True, slots=True)
class Quote:
    """A current price snapshot. Fields KIS does not give on the endpoint used are None."""

    code: str
    price: float
    change: float
    change_pct: float
    open: float | None  # None where the endpoint does not give it (US current price)
    high: float | None
    low: float | None
    prev_close: float
    volume: int
    value: float  # traded value in the quote currency
    name: str | None = None
    market: str = "KRX"  # KRX, NAS, NYS, AMS
    currency: str = "KRW"
    upper_limit: float | None = None
    lower_limit: float | None = None
    base_price: float | None = None  # 기준가: the reference for the day's limits
    tick: float | None = None
    market_cap: float | None = None  # in won
    per: float | None = None
    pbr: float | None = None
    eps: float | None = None
    bps: float | None = None
    high_52w: float | None = None
    low_52w: float | None = None
    listed_shares: int | None = None
    as_of: datetime | None = None
    venue: str = "KRX"  # whose price: KRX, NXT or UN (integrated); US quotes: their exchange's
    halted: bool | None = None  # trading halted (temp_stop_yn), where the endpoint tells
    vi: bool | None = None  # a VI's single-price auction in effect (vi_cls_code), where the endpoint tells


@dataclass(frozen=True, slots=True)
class Bar:
    """One period (day, week, month) of OHLCV."""

    date: date
    open: float
    high: float
    low: float
    close: float
    volume: int
    value: float = 0.0


@dataclass(frozen=True, slots=True)
class MinuteBar:
    at: datetime
    open: float
    high: float
    low: float
    close: float
    volume: int


@dataclass(frozen=True, slots=True)
class Level:
    price: float
    quantity: int


@dataclass(frozen=True, slots=True)
class OrderBook:
    """Ten levels each side (KIS's US book: one), best first (asks[0] lowest ask, bids[0] highest bid)."""

    code: str
    asks: list[Level]
    bids: list[Level]
    total_ask_qty: int
    total_bid_qty: int
    price: float | None = None
    expected_price: float | None = None
    as_of: datetime | None = None


@dataclass(frozen=True, slots=True)
class Holding:
    code: str
    name: str
    quantity: int
    orderable_qty: int
    avg_price: float
    purchase_amount: float
    price: float
    evaluation: float
    pnl: float
    pnl_pct: float
    market: str = "KRX"
    currency: str = "KRW"


@dataclass(frozen=True, slots=True)
class BalanceSummary:
    deposit: float  # 예수금총금액
    d2_cash: float  # D+2 예수금
    securities_eval: float  # 유가평가금액
    total_eval: float  # 총평가금액
    purchase_total: float
    pnl_total: float
    net_assets: float
    d1_cash: float | None = None
    currency: str = "KRW"


@dataclass(frozen=True, slots=True)
class Balance:
    holdings: list[Holding]
    summary: BalanceSummary


@dataclass(frozen=True, slots=True)
class BuyingPower:
    code: str
    price: float
    cash: float  # 주문가능현금 (US: 주문가능외화금액)
    max_qty: int  # 미수 없는 매수가능수량
    max_amount: float
    currency: str = "KRW"


@dataclass(frozen=True, slots=True)
class UsCash:
    """The account's US dollars (inquire-present-balance, the USD row of output2)."""

    deposit: float  # 외화예수금액 frcr_dncl_amt_2
    withdrawable: float  # 외화출금가능금액 frcr_drwg_psbl_amt_1
    exchange_rate: float | None = None  # 최초고시환율 frst_bltn_exrt


KR, US = "KR", "US"  # the two order books whose numbers KIS restarts each trading day


def book_of(market: str) -> str:
    """The order book a request or record of ``market`` (KRX, NXT…, NAS/NYS/AMS) is numbered in."""
    return KR if str(market or "KRX").upper() in ("KRX", "NXT", "SOR", "") else US


@dataclass(frozen=True, slots=True)
class OrderId:
    """An order as KIS knows it: KIS restarts order numbers every trading day and per book (domestic, US),
    so a number alone names nothing. ``day`` is the trading date in the market's own time zone (KST for
    the domestic book, New York for the US book); ``number`` is KIS's ODNO without its leading zeros."""

    day: date
    book: str  # KR or US
    number: str

    @classmethod
    def of(cls, day: date, market: str, order_no: str) -> "OrderId":
        return cls(day, book_of(market), str(order_no or "").strip().lstrip("0"))

    def __str__(self) -> str:
        return f"{self.number.zfill(10)} of {self.day:%Y-%m-%d}" + (" (US)" if self.book == US else "")


US_DAYTIME, US_REGULAR_ENDPOINT = "day", "regular"  # OrderRequest.session of a US order


@dataclass(frozen=True, slots=True)
class OrderRequest:
    """What to send. ``price`` None means a market-type order (or a closing-price one); ``market`` KRX or a US
    exchange (NAS/NYS/AMS). A domestic order goes to ``venue`` KRX, NXT or SOR (EXCG_ID_DVSN_CD). A US order's
    ``session``: "day" for the daytime session (주간거래, its own endpoint), "regular" for the order endpoint
    (pre-market, regular session, after-market); "" means whichever is open when it is prepared."""

    code: str
    side: Side
    quantity: int
    price: float | None = None
    order_type: OrderType = OrderType.LIMIT
    market: str = "KRX"
    stop_price: float | None = None  # STOP_LIMIT's trigger (CNDT_PRIC): the limit order goes in once it trades there
    venue: str = "KRX"
    session: str = ""

    @property
    def book(self) -> str:
        return book_of(self.market)


@dataclass(frozen=True, slots=True)
class OrderAck:
    """KIS's answer to an accepted order, modification or cancellation."""

    order_no: str  # ODNO
    branch: str  # KRX_FWDG_ORD_ORGNO
    time: time | None
    message: str = ""
    msg_code: str = ""
    day: date | None = None  # the trading date KIS booked it on (server clock; KST, or New York for US orders)
    market: str = "KRX"
    venue: str = "KRX"  # a domestic order's venue; a US order's: "US" (the order endpoint) or "US-DAY"

    @property
    def id(self) -> OrderId | None:
        return OrderId.of(self.day, self.market, self.order_no) if self.day and self.order_no else None


@dataclass(frozen=True, slots=True)
class OrderRecord:
    """One order of a day as KIS lists it (inquire-daily-ccld), with its fills aggregated."""

    order_date: date
    order_no: str
    branch: str
    code: str
    name: str
    side: Side
    order_type: OrderType | str  # KIS's ORD_DVSN as a type (a code kis-xl does not know stays text)
    quantity: int
    price: float
    time: time | None
    filled_qty: int
    avg_fill_price: float
    filled_amount: float
    remaining_qty: int
    cancelled: bool = False
    rejected_qty: int = 0
    orig_order_no: str = ""
    market: str = "KRX"
    placed_at: datetime | None = None  # when KIS booked it (aware): reconciliation compares it with send times
    action: str = "NEW"  # NEW, MODIFY (a modification's new order) or CANCEL (a cancellation's record)
    stop_price: float = 0.0  # a STOP_LIMIT order's trigger (stpm_cndt_pric)
    venue: str = "KRX"  # KRX, NXT or SOR (excg_id_dvsn_cd); US orders: "US"

    @property
    def id(self) -> OrderId:
        return OrderId.of(self.order_date, self.market, self.order_no)

    @property
    def status(self) -> OrderStatus:
        if self.rejected_qty and self.rejected_qty >= self.quantity:
            return OrderStatus.REJECTED
        if self.filled_qty >= self.quantity > 0:
            return OrderStatus.FILLED
        if self.cancelled:
            return OrderStatus.CANCELLED
        return OrderStatus.PARTIAL if self.filled_qty else OrderStatus.OPEN


@dataclass(frozen=True, slots=True)
class DailyOrders:
    """A day's (or period's) orders and the totals KIS gives with them."""

    orders: list[OrderRecord] = field(default_factory=list)
    total_ordered_qty: int = 0
    total_filled_qty: int = 0
    total_filled_amount: float = 0.0
    estimated_fees: float = 0.0  # prsm_tlex_smtl: fees and tax


class ReservationStatus(str, Enum):
    """Where a reservation (예약주문) stands."""

    WAITING = "WAITING"  # taken, waiting for its session (접수)
    SENT = "SENT"  # went out as an order: ``Reservation.order``
    CANCELLED = "CANCELLED"
    REJECTED = "REJECTED"  # KIS could not send it when its session opened (cash, holdings, limits…): ``reason``


@dataclass(frozen=True, slots=True)
class ReservationId:
    """A reservation as KIS knows it: its number (RSVN_ORD_SEQ at home, OVRS_RSVN_ODNO for the US) on the KST
    day it was placed. Reservations are numbered apart from orders; the order a reservation becomes is an
    ordinary order of its trading day, with its own ``OrderId``."""

    day: date
    book: str  # KR or US
    number: str

    def __str__(self) -> str:
        return f"reservation {self.number} of {self.day:%Y-%m-%d}" + (" (US)" if self.book == US else "")


@dataclass(frozen=True, slots=True)
class Reservation:
    """One reservation as KIS lists it (order-resv-ccnl at home, order-resv-list for the US)."""

    id: ReservationId
    code: str
    name: str
    side: Side
    quantity: int
    price: float  # 0 for market and closing-price types
    order_type: OrderType | str
    status: ReservationStatus
    market: str = "KRX"
    placed_at: datetime | None = None  # when KIS took it (aware)
    order: OrderId | None = None  # the order it became, once sent
    filled_qty: int = 0
    reason: str = ""  # why it was not sent (rejected)
    end_date: date | None = None  # a domestic period reservation's last day (기간예약)


@dataclass(frozen=True, slots=True)
class ReservationAck:
    """KIS's answer to a reservation, and when it goes out (the next open of its session, by the table)."""

    id: ReservationId
    message: str = ""
    msg_code: str = ""
    release: datetime | None = None
    until: date | None = None  # a domestic period reservation's last day (기간예약)


# indices, flows, calendar, a stock's details, rankings, realised P&L ---------------------------------------
@dataclass(frozen=True)
class IndexQuote:
    """An index (KOSPI 0001, KOSDAQ 1001, KOSPI200 2001) now: level in points."""

    code: str
    name: str
    level: float
    change: float
    change_pct: float
    open: float
    high: float
    low: float
    prev_close: float
    volume: int  # thousands of shares
    value: float  # millions of won
    advancing: int
    declining: int
    unchanged: int
    year_high: float | None = None
    year_low: float | None = None
    as_of: datetime | None = None


@dataclass(frozen=True)
class StockInfo:
    """What KIS's stock master says about a code (search-stock-info; product class from search-info)."""

    code: str
    name: str
    name_en: str
    market: str  # KOSPI, KOSDAQ
    kind: str  # stock, ETF
    sector: str  # KRX 업종 (large)
    sector_medium: str
    industry: str  # 표준산업분류
    listed: date | None
    delisted: date | None
    par_value: float
    listed_shares: int
    capital: float
    settlement_month: int | None
    isin: str
    kospi200: bool
    halted: bool
    administrative: bool  # 관리종목
    close: float | None  # 당일종가
    prev_close: float | None  # 전일종가
    product_class: str | None = None  # search-info prdt_clsf_cd, only when asked
    registered: date | None = None  # search-info frst_erlm_dt
    nxt: bool = False  # Nextrade lists it (cptt_trad_tr_psbl_yn, NXT 거래종목여부)
    nxt_halted: bool = False  # halted on Nextrade (nxt_tr_stop_yn)


@dataclass(frozen=True)
class MarketDay:
    """One day of the KRX calendar as KIS's chk-holiday gives it."""

    date: date
    weekday: str  # Mon … Sun
    business_day: bool  # 영업일
    trading_day: bool  # 거래일
    open_day: bool  # 개장일: orders can be placed
    settlement_day: bool  # 결제일


@dataclass(frozen=True)
class Sellable:
    """inquire-psbl-sell: what can be sold of one stock now."""

    code: str
    sellable_qty: int
    holding_qty: int
    bought_today: int
    sold_today: int
    avg_price: float
    price: float
    evaluation: float
    pnl: float
    pnl_pct: float


@dataclass(frozen=True)
class InvestorDay:
    """One session's net buying by investor type (inquire-investor): shares, and millions of won."""

    date: date
    close: float
    individuals: int
    foreigners: int
    institutions: int
    individuals_value: float
    foreigners_value: float
    institutions_value: float


@dataclass(frozen=True)
class Tick:
    """One trade (체결): time (KST), price, quantity, change, buy/sell strength (체결강도)."""

    time: time
    price: float
    volume: int
    change: float
    change_pct: float
    strength: float


@dataclass(frozen=True)
class BrokerFlow:
    """One of the day's top five brokers (회원사) on one side."""

    side: str  # "sell" or "buy"
    rank: int
    broker: str
    broker_no: str
    quantity: int
    share_pct: float
    foreign: bool


@dataclass(frozen=True)
class EtfQuote:
    """An ETF/ETN's price beside its NAV (inquire-price of etfetn)."""

    code: str
    price: float
    nav: float
    prev_nav: float
    premium_pct: float  # 괴리율 (dprt): price against NAV
    tracking_error: float  # 추적오차율 (trc_errt)
    change: float
    change_pct: float
    nav_change_pct: float
    volume: int
    net_assets: float  # 순자산총액 (억원)
    units: int  # 상장좌수
    multiple: float  # 추적배수
    components: int


@dataclass(frozen=True)
class RankRow:
    rank: int
    code: str
    name: str
    price: float
    change: float
    change_pct: float
    volume: int
    value: float | None = None  # traded value (won)
    market_cap: float | None = None  # won


@dataclass(frozen=True)
class PnlDay:
    """Realised profit of one day (inquire-period-profit): sales less the shares' average cost, fees, tax."""

    date: date
    realized: float
    pnl_pct: float
    sell_amount: float
    buy_amount: float
    fees: float
    taxes: float
    sell_qty: int
    buy_qty: int


@dataclass(frozen=True)
class PnlTrade:
    """Realised profit of one stock on one day (inquire-period-trade-profit)."""

    date: date
    code: str
    name: str
    sell_qty: int
    sell_price: float
    sell_amount: float
    avg_cost: float
    realized: float
    pnl_pct: float
    fees: float
    taxes: float
    buy_qty: int
    buy_amount: float


@dataclass(frozen=True)
class PnlSummary:
    realized: float
    sell_amount: float
    buy_amount: float
    fees: float
    taxes: float
    pnl_pct: float | None = None


@dataclass(frozen=True)
class QueryResult:
    """A raw read-only KIS answer (KIS_QUERY): the endpoint, which output it is, its rows with KIS's names."""

    endpoint: str
    output: str  # output, output1, output2, output3
    rows: list[dict] = field(default_factory=list)
    outputs: dict = field(default_factory=dict)  # every output by key, rows as lists of dicts


class NoticeKind(str, Enum):
    """What a real-time order notice (H0STCNI0/H0STCNI9, US H0GSCNI0/H0GSCNI9) says happened."""

    ACCEPTED = "ACCEPTED"  # 접수
    FILLED = "FILLED"  # 체결 (one fill; an order may fill in several)
    MODIFIED = "MODIFIED"  # 정정 접수
    CANCELLED = "CANCELLED"  # 취소 접수, or an IOC/FOK remainder cancelled
    REJECTED = "REJECTED"  # 거부


@dataclass(frozen=True, slots=True)
class FillNotice:
    """One real-time order notice, decrypted: the order's acceptance, a fill, a modification, a cancel.

    KRX orders' notices come on H0STCNI0/9, US orders' on H0GSCNI0/9: ``market`` tells them apart
    (KRX, or NAS/NYS/AMS with prices in USD).
    """

    kind: NoticeKind
    order_no: str
    orig_order_no: str  # the order a modification or cancel applies to
    account: str  # 10 digits as KIS sends it (CANO + product)
    code: str
    name: str
    side: Side
    order_type: OrderType | str
    quantity: int  # the order's quantity
    price: float  # the order's price (0 for market-type orders)
    filled_qty: int = 0  # this fill's quantity (FILLED only)
    fill_price: float = 0.0  # this fill's price (FILLED only)
    time: time | None = None
    branch: str = ""
    market: str = "KRX"  # KRX, NAS, NYS, AMS
    currency: str = "KRW"


@dataclass(frozen=True, slots=True)
class MarketStatus:
    """A KRX stock's trading state from the market-operation feed (H0STMKO0): halts and VI."""

    code: str
    halted: bool
    halt_reason: str = ""
    vi: str = ""  # "" none, "static", "dynamic", "static+dynamic" (정적/동적 VI)
    since: datetime | None = None  # when this state was told
    vi_until: datetime | None = None  # a VI's two-minute single-price auction ends about then

    @property
    def label(self) -> str:
        """What a cell shows: ``trading``, ``halted``, or ``VI (static) until 10:02``."""
        if self.halted:
            return t("halted ({reason})", reason=self.halt_reason) if self.halt_reason else t("halted")
        if self.vi:
            if self.vi_until:
                return t("VI ({kind}) until {until:%H:%M}", kind=self.vi, until=self.vi_until)
            return t("VI ({kind})", kind=self.vi)
        return t("trading")


@dataclass(frozen=True, slots=True)
class AuctionQuote:
    """The expected price and volume of an opening or closing auction (H0STANC0, 예상체결)."""

    code: str
    expected_price: float
    expected_volume: int
    change: float
    change_pct: float
    as_of: datetime | None = None


from .screens import Condition, ScreenResult, ScreenRow, WatchlistGroup, WatchlistStock  # noqa: E402,F401
from .flows import CreditDay, InvestorFlowDay, ProgramDay, ProgramTick, ShortSaleDay, StrengthRow  # noqa: E402,F401
from .fundamentals import (BalanceSheet, Dividend, EstimateRow, Estimates, FinancialRatio,  # noqa: E402,F401
                           GrowthRatio, IncomeStatement, Opinion, ProfitRatio)
from .events import CorporateEvent, DividendRank  # noqa: E402,F401
from .us import UsPnlSummary, UsPnlTrade, UsPriceDetail  # noqa: E402,F401
