"""The order sheet's row model: column keys, header labels (English and Korean), statuses, one row's cells,
and a request as the row's messages name it.

Columns are known by a key (``code``, ``side``…). ``column_key`` maps a header cell, in English or
Korean, to its key; ``SheetRow`` holds one data row's cells by key. Nothing here talks to KIS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..codes import normalize_code
from ..dates import parse_date
from ..errors import InvalidCode, InvalidInput
from ..krx import KST
from ..models import KR, OrderId, OrderRequest, ReservationId, Side, book_of
from ..sessions import trading_day
from .lifecycle import DONE, RowStatus

INPUT_COLUMNS = ("code", "side", "quantity", "type", "price", "stop_price", "market", "venue", "when", "tag")
# Account (계좌): which profile a row goes to, blank for the sheet's Profile (``accounts.py``); not part of the order
# (a row with nothing else is blank), and a sheet may lack the column.
ROUTE_COLUMNS = ("account",)
# Written by kis-xl: Name (종목명, filled by validation from KIS's stock master) and the order's results.
RESULT_COLUMNS = ("name", "status", "order_no", "order_date", "reservation_no", "order_time", "filled", "avg_price", "message",
                  "submitted_at", "client_id")
COLUMN_ORDER = INPUT_COLUMNS + ROUTE_COLUMNS + RESULT_COLUMNS  # Name (종목명) first of what kis-xl writes

HEADERS = {
    "code": "Code", "name": "Name", "side": "Side", "quantity": "Quantity", "type": "Type", "price": "Price",
    "stop_price": "Stop Price", "market": "Market", "venue": "Venue", "when": "When",
    "tag": "Tag", "account": "Account", "status": "Status", "order_no": "Order No", "order_date": "Order Date",
    "reservation_no": "Reservation No", "order_time": "Order Time",
    "filled": "Filled", "avg_price": "Avg Price", "message": "Message", "submitted_at": "Submitted At",
    "client_id": "Client Id",
}
_ALIASES = {
    "code": ("code", "종목코드", "종목", "symbol", "ticker"),
    "name": ("name", "종목명", "stockname", "이름"),
    "side": ("side", "매매", "매매구분", "매수/매도", "buy/sell"),
    "quantity": ("quantity", "qty", "수량", "주문수량"),
    "type": ("type", "ordertype", "유형", "주문유형", "주문구분"),
    "price": ("price", "가격", "주문가격", "주문단가", "단가"),
    "stop_price": ("stopprice", "stop", "trigger", "triggerprice", "조건가격", "스톱가격", "감시가격"),
    "market": ("market", "exchange", "시장"),
    "venue": ("venue", "거래소", "거래소구분", "집행시장"),
    "when": ("when", "시점", "주문시점", "예약여부"),
    "tag": ("tag", "clienttag", "태그", "메모"),
    "account": ("account", "acct", "계좌", "계좌명", "계좌프로필"),
    "status": ("status", "상태"),
    "order_no": ("orderno", "ordernumber", "주문번호"),
    "order_date": ("orderdate", "tradedate", "주문일자", "주문일"),
    "reservation_no": ("reservationno", "reservationnumber", "예약번호", "예약주문번호"),
    "order_time": ("ordertime", "주문시각", "주문시간"),
    "filled": ("filled", "filledqty", "filledquantity", "체결수량", "체결"),
    "avg_price": ("avgprice", "averageprice", "avgfillprice", "평균체결가", "체결평균가", "체결단가", "평균가"),
    "message": ("message", "메시지", "결과"),
    "submitted_at": ("submittedat", "submitted", "전송시각"),
    "client_id": ("clientid", "clientorderid", "주문id"),
}
_LABELS = {alias: key for key, aliases in _ALIASES.items() for alias in aliases}
# Result columns kis-xl adds to a sheet headed in Korean (each is one of the aliases above, so it reads back).
KOREAN_HEADERS = {"name": "종목명", "status": "상태", "order_no": "주문번호", "order_date": "주문일자", "reservation_no": "예약번호",
                  "order_time": "주문시각", "filled": "체결수량", "avg_price": "평균체결가", "message": "메시지",
                  "submitted_at": "전송시각", "client_id": "주문ID"}
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def added_headers(header_cells: list[Any]) -> dict[str, str]:
    """The labels for result columns added to a header row: Korean if the row is headed in Korean."""
    korean = any(isinstance(v, str) and _HANGUL.search(v) for v in header_cells)
    return HEADERS | KOREAN_HEADERS if korean else HEADERS


SIDES = {"buy": Side.BUY, "b": Side.BUY, "매수": Side.BUY, "sell": Side.SELL, "s": Side.SELL, "매도": Side.SELL}
VENUES = {"krx": "KRX", "한국거래소": "KRX", "nxt": "NXT", "넥스트레이드": "NXT", "sor": "SOR", "최선집행": "SOR"}
# The When cell's words → the kind of placement a row asks for (``placement.named``): now, or a reservation (예약주문).
WHEN = {"": "order", "now": "order", "즉시": "order", "reserve": "reservation", "예약": "reservation"}
# What the sheet's Run button does (its Action cell): check, send, re-read statuses, follow fills live, stop that.
ACTIONS = ("DRY RUN", "SUBMIT", "REFRESH", "FOLLOW", "STOP")


def _norm(text: str) -> str:
    return re.sub(r"[\s_.\-()]+", "", text).lower()


def column_key(value: Any) -> str | None:
    """The column a header cell names, from the whole label or one of its words (``종목코드 Code``)."""
    if not isinstance(value, str) or not value.strip():
        return None
    whole = _norm(value)
    if whole in _LABELS:
        return _LABELS[whole]
    for word in re.split(r"[\s/()]+", value.strip()):
        if word and _norm(word) in _LABELS:
            return _LABELS[_norm(word)]
    return None


@dataclass
class SheetSettings:
    """The settings block above the table: which profile, whether sending is on, what the Run button does."""

    profile: str = ""
    send_enabled: bool = False
    action: str = ""
    send_cell: bool = False  # the sheet has a Send orders cell at all

    @property
    def send_refusal(self) -> str:
        """Why this sheet sends nothing: its switch is OFF, or it has no switch to turn on."""
        if not self.send_cell:
            return ("this sheet has no 'Send orders' cell: add `Send orders | ON` (or `주문전송 | 켬`) above the "
                    "header; nothing was sent (rows are validated)")
        return "the sheet's 'Send orders' switch is OFF: nothing was sent (rows are validated)"


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class SheetRow:
    """One data row: its 1-based sheet row number, its cells by column key, and any merged areas it touches."""

    number: int
    cells: dict[str, Any] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)  # e.g. ["A9:B9"]: reported, never guessed at

    def get(self, key: str) -> Any:
        return self.cells.get(key)

    def _text(self, key: str) -> str:
        value = self.cells.get(key)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()

    @property
    def status(self) -> RowStatus | str:
        """Its Status cell as a RowStatus (older and Korean words read alike); a word kis-xl does not know as typed."""
        return RowStatus.read(self._text("status"))

    @property
    def order_no(self) -> str:
        return self._text("order_no")

    @property
    def tag(self) -> str:
        return self._text("tag")

    @property
    def account(self) -> str:
        """The profile its Account cell names (lower case, as the sheet's Profile cell is read); "" when blank."""
        return self._text("account").lower()

    @property
    def code(self) -> str:
        """The code as KIS lists it: a KRX code normalised (``5930`` → ``005930``), a US symbol upper-cased."""
        if self.book == KR:
            try:
                return normalize_code(self.cells.get("code"))
            except InvalidCode:
                pass
        return self._text("code").upper()

    @property
    def side(self) -> Side | None:
        return SIDES.get(self._text("side").lower())

    @property
    def order_day(self) -> date | None:
        """The trading day its order was booked on: the Order Date cell, else the day Submitted At falls on."""
        value = self.cells.get("order_date")
        if not _empty(value):
            try:
                return parse_date(value, "order date")
            except InvalidInput:
                pass
        at = self._submitted()
        return trading_day(self.book, at) if at else None

    @property
    def book(self) -> str:
        return book_of(self._text("market"))

    @property
    def reservation_id(self) -> ReservationId | None:
        """The row's reservation (예약주문): its number, on the KST day it was placed (the day of Submitted At)."""
        number = self._text("reservation_no").lstrip("0")
        at = self._submitted()
        return ReservationId(at.astimezone(KST).date(), self.book, number) if number and at else None

    def _submitted(self) -> datetime | None:
        value = self.cells.get("submitted_at")
        try:
            at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).strip())
        except (TypeError, ValueError):
            return None
        return at if at.tzinfo else at.replace(tzinfo=KST)

    @property
    def order_id(self) -> OrderId | None:
        """The row's order as KIS knows it: (trading day, book, number); None without a number or a day."""
        day = self.order_day
        return OrderId.of(day, self._text("market"), self.order_no) if self.order_no and day else None

    @property
    def ids(self) -> list[OrderId | ReservationId]:
        """Every placement the row names, newest first: the order a reservation went out as before the
        reservation."""
        return [i for i in (self.order_id, self.reservation_id) if i is not None]

    @property
    def is_blank(self) -> bool:
        return all(_empty(self.cells.get(k)) for k in INPUT_COLUMNS)

    @property
    def already_sent(self) -> bool:
        """An order number or a final status: this row is never sent again."""
        return bool(self.order_no) or self.status in DONE


def describe(r: OrderRequest, name: str = "") -> str:
    """``BUY 10 005930 삼성전자 at 70,000 (LIMIT)``: a request as messages name it."""
    price = "market" if r.price is None else f"{r.price:,.0f}" if float(r.price).is_integer() else f"{r.price:,.4g}"
    stock = f"{r.code} {name}" if name else r.code
    return f"{r.side.value} {r.quantity:,} {stock} at {price} ({r.order_type.name})"
