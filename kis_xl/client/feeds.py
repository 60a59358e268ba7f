"""KIS's real-time records as the models REST gives: KIS's field names mapped here, numbers parsed once.

Each function takes one record of a feed (its fields in ``realtime.COLUMNS`` order, already cut or
padded to the known layout by ``realtime.split_frame``). ``ROUTES`` is the stream's dispatch: per tr_id,
its parser and the listeners it goes to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as dtime
from operator import itemgetter

from .. import krx
from .. import realtime as rt
from ..models import (
    AuctionQuote,
    FillNotice,
    IndexQuote,
    Level,
    MarketStatus,
    NoticeKind,
    OrderBook,
    OrderType,
    Quote,
    Side,
)
from .parse import hms, integer, num

VI_SECONDS = 120  # a VI's single-price auction lasts two minutes (KRX)
_VI_KINDS = {"1": "static", "2": "dynamic", "3": "static+dynamic"}
_US_ORDER_KINDS = {"1": OrderType.MARKET, "2": OrderType.LIMIT, "6": "ODD_LOT_MARKET", "7": "ODD_LOT_LIMIT",
                   "A": "MOO", "B": "LOO", "C": "MOC", "D": "LOC"}
_FALLING = ("4", "5")  # PRDY_VRSS_SIGN / SIGN: 4 down, 5 lower limit


def _getter(tr_id: str, *names: str) -> itemgetter:
    return itemgetter(*(rt.FIELD[tr_id][n] for n in names))


_KST_CACHE: dict[tuple[str, str], datetime] = {}


def _stamp(day: str, hhmmss: str) -> datetime | None:
    at = _KST_CACHE.get((day, hhmmss))
    if at is None:
        try:
            at = datetime(int(day[:4]), int(day[4:6]), int(day[6:8]), int(hhmmss[:2]), int(hhmmss[2:4]),
                          int(hhmmss[4:6]), tzinfo=krx.KST)
        except ValueError:
            return None
        if len(_KST_CACHE) > 100_000:
            _KST_CACHE.clear()
        _KST_CACHE[(day, hhmmss)] = at
    return at


_TRADE = _getter(rt.TRADES, "MKSC_SHRN_ISCD", "STCK_CNTG_HOUR", "STCK_PRPR", "PRDY_VRSS", "PRDY_CTRT", "STCK_OPRC",
                 "STCK_HGPR", "STCK_LWPR", "ACML_VOL", "ACML_TR_PBMN", "BSOP_DATE")


def quote_from_trade(r: list[str]) -> Quote:
    """An H0STCNT0 record as the Quote inquire-price would give (fields the feed lacks stay None)."""
    code, hhmmss, price, change, pct, open_, high, low, volume, value, day = _TRADE(r)
    price, change = float(price), float(change)
    return Quote(code=code, price=price, change=change, change_pct=float(pct), open=float(open_),
                 high=float(high), low=float(low), prev_close=price - change, volume=int(volume),
                 value=float(value), as_of=_stamp(day, hhmmss))


_US_TRADE = _getter(rt.US_TRADES, "RSYM", "SYMB", "KYMD", "KHMS", "OPEN", "HIGH", "LOW", "LAST", "SIGN", "DIFF",
                    "RATE", "TVOL", "TAMT")


def quote_from_us_trade(r: list[str]) -> Quote:
    """An HDFSCNT0 record as a US Quote; the exchange comes from its RSYM (DNASAAPL, daytime RBAQAAPL)."""
    rsym, symbol, day, hhmmss, open_, high, low, last, sign, diff, rate, volume, value = _US_TRADE(r)
    key = rt.parse_us_key(rsym)
    price, change = float(last), float(diff)
    if sign in _FALLING and change > 0:  # KIS sends the difference unsigned with a falling sign
        change = -change
    return Quote(code=symbol or (key[1] if key else rsym), price=price, change=change, change_pct=num(rate),
                 open=num(open_), high=num(high), low=num(low), prev_close=price - change, volume=int(volume),
                 value=num(value), market=key[0] if key else "NAS", currency="USD", as_of=_stamp(day, hhmmss))


_BOOK = rt.FIELD[rt.ORDER_BOOK]


def book_from_record(r: list[str], day: str = "") -> OrderBook:
    """An H0STASP0 record; ``day`` (YYYYMMDD) dates its time."""
    ask, bid = _BOOK["ASKP1"], _BOOK["BIDP1"]
    ask_qty, bid_qty = _BOOK["ASKP_RSQN1"], _BOOK["BIDP_RSQN1"]
    asks = [Level(float(r[ask + i]), int(r[ask_qty + i])) for i in range(10)]
    bids = [Level(float(r[bid + i]), int(r[bid_qty + i])) for i in range(10)]
    expected = num(r[_BOOK["ANTC_CNPR"]]) or None
    return OrderBook(code=r[0], asks=asks, bids=bids, total_ask_qty=int(r[_BOOK["TOTAL_ASKP_RSQN"]]),
                     total_bid_qty=int(r[_BOOK["TOTAL_BIDP_RSQN"]]), expected_price=expected,
                     as_of=_stamp(day, r[_BOOK["BSOP_HOUR"]]) if day else None)


_AUCTION = _getter(rt.EXPECTED, "MKSC_SHRN_ISCD", "STCK_CNTG_HOUR", "STCK_PRPR", "PRDY_VRSS", "PRDY_CTRT",
                   "CNTG_VOL", "BSOP_DATE")


def auction_from_record(r: list[str]) -> AuctionQuote:
    """An H0STANC0 record: the auction's expected price and volume."""
    code, hhmmss, price, change, pct, volume, day = _AUCTION(r)
    return AuctionQuote(code=code, expected_price=num(price), expected_volume=integer(volume), change=num(change),
                        change_pct=num(pct), as_of=_stamp(day, hhmmss))


_STATUS = _getter(rt.MARKET_STATUS, "MKSC_SHRN_ISCD", "TRHT_YN", "TR_SUSP_REAS_CNTT", "VI_CLS_CODE")


def status_from_record(r: list[str], told: datetime) -> MarketStatus:
    """An H0STMKO0 record, told at ``told`` (the feed carries no time): halt, and VI with its auction's end."""
    code, halted, reason, vi_code = _STATUS(r)
    vi = "" if vi_code.strip() in ("", "N", "0") else _VI_KINDS.get(vi_code.strip(), "on")
    return MarketStatus(code=code, halted=halted.strip() == "Y", halt_reason=reason.strip(), vi=vi, since=told,
                        vi_until=told + timedelta(seconds=VI_SECONDS) if vi else None)


_INDEX = _getter(rt.INDEX, "BSTP_CLS_CODE", "BSOP_HOUR", "PRPR_NMIX", "PRDY_VRSS_SIGN", "BSTP_NMIX_PRDY_VRSS",
                 "ACML_VOL", "ACML_TR_PBMN", "PRDY_CTRT", "OPRC_NMIX", "NMIX_HGPR", "NMIX_LWPR", "ASCN_ISSU_CNT",
                 "STNR_ISSU_CNT", "DOWN_ISSU_CNT")


def index_from_record(r: list[str], day: datetime) -> IndexQuote:
    """An H0UPCNT0 record (the name and the year's range come from REST); ``day`` dates its time."""
    code, hhmmss, level, sign, change, volume, value, pct, open_, high, low, up, flat, down = _INDEX(r)
    level, change = num(level), num(change)
    if sign in _FALLING and change > 0:
        change = -change
    at = hms(hhmmss)
    return IndexQuote(code=code, name="", level=level, change=change, change_pct=num(pct), open=num(open_),
                      high=num(high), low=num(low), prev_close=round(level - change, 2), volume=integer(volume),
                      value=num(value), advancing=integer(up), declining=integer(down), unchanged=integer(flat),
                      as_of=datetime.combine(day.date(), at, krx.KST) if at else None)


def _notice_kind(refused: str, filled: str, correction: str, accepted: str) -> NoticeKind:
    if refused == "1":
        return NoticeKind.REJECTED
    if filled == "2":
        return NoticeKind.FILLED
    if correction == "2" or accepted == "3":
        return NoticeKind.CANCELLED
    if correction == "1":
        return NoticeKind.MODIFIED
    return NoticeKind.ACCEPTED


def _clock(text: str) -> dtime | None:
    return hms(text) if len(text) == 6 and text.isdigit() else None


_NOTICE = _getter(rt.NOTICE_REAL, "ACNT_NO", "ODER_NO", "OODER_NO", "SELN_BYOV_CLS", "RCTF_CLS", "ODER_KIND",
                  "STCK_SHRN_ISCD", "CNTG_QTY", "CNTG_UNPR", "STCK_CNTG_HOUR", "RFUS_YN", "CNTG_YN", "ACPT_YN",
                  "BRNC_NO", "ODER_QTY", "CNTG_ISNM40", "ODER_PRC")


def notice_from_record(r: list[str]) -> FillNotice:
    """A decrypted H0STCNI0/9 record (a KRX order)."""
    (account, order_no, orig, side, correction, kind_code, code, qty, unit_price, hhmmss, refused, filled,
     accepted, branch, order_qty, name, order_price) = _NOTICE(r)
    kind = _notice_kind(refused, filled, correction, accepted)
    fill = kind is NoticeKind.FILLED
    return FillNotice(kind=kind, order_no=order_no, orig_order_no=orig, account=account, code=code, name=name,
                      side=Side.SELL if side == "01" else Side.BUY, order_type=OrderType.from_code(kind_code),
                      quantity=integer(order_qty), price=num(order_price),
                      filled_qty=integer(qty) if fill else 0, fill_price=num(unit_price) if fill else 0.0,
                      time=_clock(hhmmss), branch=branch)


_US_NOTICE = _getter(rt.US_NOTICE_REAL, "ACNT_NO", "ODER_NO", "OODER_NO", "SELN_BYOV_CLS", "RCTF_CLS", "ODER_KIND2",
                     "STCK_SHRN_ISCD", "CNTG_QTY", "CNTG_UNPR", "STCK_CNTG_HOUR", "RFUS_YN", "CNTG_YN", "ACPT_YN",
                     "BRNC_NO", "ODER_QTY", "CNTG_ISNM", "ODER_COND")


def us_notice_from_record(r: list[str]) -> FillNotice:
    """A decrypted H0GSCNI0/9 record (a US order), KIS's overseas layout.

    An order notice carries the order's quantity and price in CNTG_QTY/CNTG_UNPR (ODER_QTY empty); a
    fill notice its fill there and the order's quantity in ODER_QTY. CNTG_UNPR has no decimal point
    (four implied places for US stocks); STCK_CNTG_HOUR may be empty (KIS does not send every
    exchange's time).
    """
    (account, order_no, orig, side, correction, kind_code, code, qty, unit_price, hhmmss, refused, filled,
     accepted, branch, order_qty, name, exchange) = _US_NOTICE(r)
    kind = _notice_kind(refused, filled, correction, accepted)
    fill = kind is NoticeKind.FILLED
    price = num(unit_price) / 10 ** rt.US_PRICE_DECIMALS
    return FillNotice(kind=kind, order_no=order_no, orig_order_no=orig, account=account, code=code.strip(),
                      name=name.strip(), side=Side.SELL if side in ("01", "03") else Side.BUY,
                      order_type=_US_ORDER_KINDS.get(kind_code.strip(), kind_code.strip()),
                      quantity=integer(order_qty) if fill else integer(qty), price=0.0 if fill else price,
                      filled_qty=integer(qty) if fill else 0, fill_price=price if fill else 0.0,
                      time=_clock(hhmmss), branch=branch, market=rt.US_NOTICE_EXCHANGE.get(exchange.strip(), "US"),
                      currency="USD")


# the stream's dispatch ---------------------------------------------------------------------------------
QUOTES, BOOK, INDEX, STATUS, AUCTION, NOTICE = "quotes", "book", "index", "status", "auction", "notice"


@dataclass(frozen=True)
class Route:
    """How a feed's records reach a stream's listeners: which listeners (``kind``), the parser, what dates a
    record (``dated``: nothing, ``day`` the stream clock's YYYYMMDD, ``now`` its moment), whether listeners take
    a frame's records together (``batch``) or one by one, whether ``on_trades`` listeners get KIS's fields
    (``raw``), and the feed's name in ``KIS_LIVE``."""

    kind: str
    parse: Callable[..., object]
    name: str
    dated: str = ""
    batch: bool = False
    raw: bool = False

    def items(self, records: list[list[str]], clock: Callable[[], datetime],
              unreadable: Callable[[str], None]) -> list:
        """The records parsed (dated by ``clock`` when the feed carries no date); one that cannot be read is
        told to ``unreadable`` and left out, the others kept."""
        parse, out = self.parse, []
        dated = () if not self.dated else (clock().strftime("%Y%m%d") if self.dated == "day" else clock(),)
        for r in records:
            try:
                out.append(parse(r, *dated))
            except (ValueError, IndexError, TypeError) as exc:
                unreadable(str(exc))
        return out


_TRADES = dict(kind=QUOTES, name="trades", batch=True, raw=True)
_NOTICES = dict(kind=NOTICE, name="notices")
_US_NOTICES = dict(kind=NOTICE, name="US notices")
# every tr_id a stream subscribes to, once (tests/client/test_routes.py holds it to realtime's feeds)
ROUTES: dict[str, Route] = {
    rt.TRADES: Route(parse=quote_from_trade, **_TRADES),
    rt.US_TRADES: Route(parse=quote_from_us_trade, **_TRADES),
    rt.ORDER_BOOK: Route(BOOK, book_from_record, "order book", dated="day"),
    rt.INDEX: Route(INDEX, index_from_record, "index", dated="now"),
    rt.MARKET_STATUS: Route(STATUS, status_from_record, "status", dated="now"),
    rt.EXPECTED: Route(AUCTION, auction_from_record, "auction"),
    rt.NOTICE_REAL: Route(parse=notice_from_record, **_NOTICES),
    rt.NOTICE_MOCK: Route(parse=notice_from_record, **_NOTICES),
    rt.US_NOTICE_REAL: Route(parse=us_notice_from_record, **_US_NOTICES),
    rt.US_NOTICE_MOCK: Route(parse=us_notice_from_record, **_US_NOTICES),
}
