"""Trading sessions: which venue, session and order type are open at a moment, and what opens next.

One table (``SESSIONS``) of every session kis-xl trades in: KRX's regular session and its after-hours
sessions (장전/장후 시간외 종가, 시간외 단일가), Nextrade's pre-market, main session and after-market, and
the US daytime (주간거래), pre-market, regular and after-market sessions. A ``Session`` is one session of
one venue on its exchange's calendar (XKRX, XNYS, over ``calendars``' fixed window) at its local hours,
with the order types (KIS's ORD_DVSN) it takes. Beside it the reservation windows (``RESERVATIONS``):
when KIS takes a reservation (예약주문) and when a reservation goes out as an order.

KRX's and Nextrade's hours are data with a date (``kis_xl/data/sessions.toml``): rule sets (eras) that take
effect on a date, each with its source, and special days (the year's first trading day, 수능) that shift them.
The moment's date picks the rules, for the client, the order sheet and the simulator alike; a user's own file
(``KIS_XL_SESSIONS`` or ``sessions_file`` in the config) adds to them without a release.

The moment is always handed in (the server's clock), never read here. Where KIS's material does not
give a rule, docs/ORDERS.md ("Sessions") states the assumption made.
"""

from __future__ import annotations

import bisect
import functools
import os
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

from . import i18n
from .calendars import calendar
from .config import ConfigError, read_config
from .i18n import t
from .models import KR, US, OrderType
from .venues import KRX, NXT, SOR

KST = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")
LOOKAHEAD_DAYS = 31  # the longest closure looked past for the next open (Chuseok and weekends: about a week)

US_VENUE = "US"
TRADING, RESERVE = "trading", "reserve"

_T = OrderType
AFTER_HOURS_TYPES = frozenset({_T.PRE_MARKET, _T.AFTER_MARKET, _T.AFTER_SINGLE})  # each in its own KRX session
# KIS's order types per venue (order-cash ORD_DVSN): NXT takes no 01/02/05-07, SOR no 02/05-07/21-24.
KRX_TYPES = frozenset(OrderType) - AFTER_HOURS_TYPES
NXT_TYPES = frozenset(KRX_TYPES - {_T.MARKET, _T.CONDITIONAL})
SOR_TYPES = frozenset(KRX_TYPES - {_T.CONDITIONAL, _T.MID, _T.STOP_LIMIT, _T.IOC_MID, _T.FOK_MID})
LIMIT_ONLY = frozenset({_T.LIMIT})
VENUE_TYPES = {KRX: frozenset(OrderType), NXT: NXT_TYPES, SOR: SOR_TYPES}
KR_RESERVE_TYPES = frozenset({_T.LIMIT, _T.MARKET, _T.CONDITIONAL, _T.PRE_MARKET})  # order-resv ORD_DVSN_CD


# Dated hours ------------------------------------------------------------------------------------------------
Hours = tuple[time, time] | None  # None: the session does not run


@dataclass(frozen=True)
class Era:
    """A rule set from ``start`` on: every dated session's hours (the eras before it included), and its source."""

    start: date
    name: str
    korean: str
    source: str
    hours: dict[str, Hours]
    unpublished: str = ""

    @property
    def title(self) -> str:
        """The rule set's name in the reader's language."""
        return _one(self.name, self.korean)


@dataclass(frozen=True)
class SpecialDay:
    """A day that shifts sessions (``day``, or every year's first trading day for ``rule``)."""

    name: str
    korean: str
    source: str
    hours: dict[str, Hours]
    day: date | None = None
    rule: str = ""


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key of _dated_hours
class Rules:
    """The eras and special days, from the package's table and a user's own file."""

    eras: tuple[Era, ...]
    specials: tuple[SpecialDay, ...]
    starts: tuple[date, ...] = field(default=(), compare=False)

    def era(self, day: date) -> Era:
        return self.eras[max(0, bisect.bisect_right(self.starts, day) - 1)]

    def special(self, day: date) -> SpecialDay | None:
        for sp in self.specials:
            if sp.day == day or (sp.rule == FIRST_TRADING_DAY and _first_trading_day(day)):
                return sp
        return None

    def local_hours(self, key: str, day: date) -> Hours:
        """A dated session's local hours on ``day``: the special day's, else its era's."""
        sp = self.special(day)
        if sp is not None and key in sp.hours:
            return sp.hours[key]
        return self.era(day).hours.get(key)


FIRST_TRADING_DAY = "first trading day"


def _first_trading_day(day: date) -> bool:
    cal = calendar("XKRX")
    if not cal.is_session(day):
        return False
    return not any(cal.is_session(date(day.year, 1, 1) + timedelta(days=i)) for i in range((day - date(day.year, 1, 1)).days))


def _hours(text: str, where: str) -> Hours:
    if text == "closed":
        return None
    try:
        opens, closes = (time.fromisoformat(t.strip()) for t in text.split("-"))
    except ValueError:
        raise ValueError(t("{where}: hours must be HH:MM-HH:MM or \"closed\", not {text!r}", where=where,
                           text=text)) from None
    return opens, closes


def _read(text: str, where: str) -> tuple[list[dict], list[dict]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(t("{where} is not valid TOML: {problem}", where=where, problem=exc)) from None
    return list(data.get("era", [])), list(data.get("special", []))


def build_rules(texts: list[tuple[str, str]]) -> Rules:
    """Rules from TOML texts (name, text), later ones adding eras and special days or replacing those of the
    same date; each era's hours are those of the eras before it with its own changes."""
    eras: dict[date, dict] = {}
    specials: dict[object, dict] = {}
    for where, text in texts:
        era_rows, special_rows = _read(text, where)
        for row in era_rows:
            eras[row["from"]] = dict(row, where=where)
        for row in special_rows:
            specials[row.get("date") or row.get("rule")] = dict(row, where=where)
    built, hours = [], {}
    for start in sorted(eras):
        row = eras[start]
        hours = dict(hours)
        hours.update({k: _hours(v, f"{row['where']} era {start}") for k, v in row.get("sessions", {}).items()})
        built.append(Era(start, row.get("name", ""), row.get("korean", row.get("name", "")), row.get("source", ""),
                         hours, row.get("unpublished", "")))
    days = [SpecialDay(row.get("name", ""), row.get("korean", row.get("name", "")), row.get("source", ""),
                       {k: _hours(v, f"{row['where']} special {key}") for k, v in row.get("sessions", {}).items()},
                       row.get("date"), row.get("rule", ""))
            for key, row in specials.items()]
    return Rules(tuple(built), tuple(days), tuple(e.start for e in built))


def _package_table() -> str:
    return resources.files("kis_xl").joinpath("data/sessions.toml").read_text(encoding="utf-8")


def _configured_file() -> str | None:
    try:
        return read_config().get("sessions_file")
    except ConfigError:  # a broken config file is said where it is used, not here
        return None


@functools.lru_cache(maxsize=1)
def rules() -> Rules:
    """The package's table, with the user's own file over it: ``KIS_XL_SESSIONS``, else the config file's
    ``sessions_file``."""
    texts = [("kis_xl/data/sessions.toml", _package_table())]
    own = os.environ.get("KIS_XL_SESSIONS") or _configured_file()
    if own:
        with open(own, encoding="utf-8-sig") as fh:
            texts.append((own, fh.read()))
    return build_rules(texts)


@functools.lru_cache(maxsize=4096)
def _dated_hours(key: str, day: date, table: Rules) -> Hours:
    return table.local_hours(key, day)


_FIRST_RULES = build_rules([("kis_xl/data/sessions.toml", _package_table())])


def _first_hours(key: str) -> tuple[time, time]:
    """A dated session's hours in the first era that runs it: what its constant shows without a date."""
    return next(e.hours[key] for e in _FIRST_RULES.eras if e.hours.get(key))


@dataclass(frozen=True)
class Session:
    """One session of one venue: its calendar, local hours and the order types it takes.

    A session runs on the calendar's trading days (``on_closed_days``: on the others) from ``opens`` to
    ``closes`` in ``tz``; ``opens_tz``/``closes_tz`` put an end in another zone, ``closes_next_day`` on the
    following day; ``calendar_hours`` takes both ends from the calendar (early closes), and
    ``opens_at_calendar_close`` opens at the calendar's close (an after-market after an early close).
    """

    key: str  # what a cell or a flag names it by
    name: str
    korean: str
    calendar: str  # "XKRX" or "XNYS"
    tz: ZoneInfo
    opens: time
    closes: time
    venue: str = KRX  # KRX, NXT or US
    order_types: frozenset = LIMIT_ONLY
    kind: str = TRADING
    calendar_hours: bool = False
    opens_at_calendar_close: bool = False
    opens_tz: ZoneInfo | None = None
    closes_tz: ZoneInfo | None = None
    closes_next_day: bool = False
    on_closed_days: bool = False
    dated: bool = False  # hours from the dated table (kis_xl/data/sessions.toml), not ``opens``/``closes``

    @property
    def label(self) -> str:
        """Both names, the reader's language first: ``KRX after-hours single price (시간외 단일가)``."""
        return _both(self.name, self.korean)

    @property
    def title(self) -> str:
        """The name in the reader's language: ``시간외 단일가`` or ``KRX after-hours single price``."""
        return _one(self.name, self.korean)

    @property
    def book(self) -> str:
        """The order book (KR or US) whose orders this session trades."""
        return US if self.venue == US_VENUE else KR

    def takes(self, order_type: OrderType) -> bool:
        return order_type in self.order_types

    def hours(self, day: date) -> tuple[datetime, datetime] | None:
        """(open, close) of the session of a calendar day, aware; None on a day it does not run."""
        cal = calendar(self.calendar)
        if cal.is_session(day) == self.on_closed_days:
            return None
        if self.dated:
            local = _dated_hours(self.key, day, rules())
            if local is None:
                return None
            return datetime.combine(day, local[0], self.tz), datetime.combine(day, local[1], self.tz)
        own = cal.hours(day) if (self.calendar_hours or self.opens_at_calendar_close) else None
        if own and self.calendar_hours:
            return own[0].astimezone(self.tz), own[1].astimezone(self.tz)
        start = own[1].astimezone(self.tz) if own else datetime.combine(day, self.opens, self.opens_tz or self.tz)
        end_day = day + timedelta(days=1) if self.closes_next_day else day
        return start, datetime.combine(end_day, self.closes, self.closes_tz or self.tz)

    def is_open(self, at: datetime) -> bool:
        return self.state(at).open

    def last_close(self, at: datetime) -> datetime | None:
        """When the latest session that ended at or before ``at`` closed: after hours, the time of the last
        trade a quote shows."""
        day = at.astimezone(self.tz).date()
        for back in range(LOOKAHEAD_DAYS):
            hours = self.hours(day - timedelta(days=back))
            if hours and hours[1] <= at:
                return hours[1]
        return None

    def state(self, at: datetime) -> SessionState:
        """Open or closed at ``at``, and until when: the close while open, the next open while closed."""
        day = at.astimezone(self.tz).date() - timedelta(days=1)  # a session may open on the local day before
        for ahead in range(LOOKAHEAD_DAYS):
            hours = self.hours(day + timedelta(days=ahead))
            if hours and at < hours[1]:
                opened = hours[0] <= at
                return SessionState(self, opened, hours[1] if opened else hours[0], at, day + timedelta(days=ahead))
        return SessionState(self, False, None, at)

    def last_open(self, at: datetime) -> datetime | None:
        """When the session open at ``at`` (or the latest one before it) opened."""
        day = at.astimezone(self.tz).date() + timedelta(days=1)
        for back in range(LOOKAHEAD_DAYS):
            hours = self.hours(day - timedelta(days=back))
            if hours and hours[0] <= at:
                return hours[0]
        return None


@dataclass(frozen=True)
class SessionState:
    session: Session
    open: bool
    until: datetime | None  # when this changes (aware); None if no session within LOOKAHEAD_DAYS
    at: datetime
    day: date | None = None  # the calendar day of the session open now, or of the next one

    @property
    def status(self) -> str:
        """``open until 15:30 KST`` or ``closed until 2025-06-03 09:00 KST`` (another day shows its date)."""
        if self.until is None:
            return t("closed, no session within {days} days", days=LOOKAHEAD_DAYS)
        until = kst_text(self.until, self.at)
        return t("open until {until}", until=until) if self.open else t("closed until {until}", until=until)


def _both(english: str, korean: str) -> str:
    return f"{korean} ({english})" if i18n.language() == "ko" else f"{english} ({korean})"


def _one(english: str, korean: str) -> str:
    return korean if i18n.language() == "ko" else english


def kst_text(moment: datetime, at: datetime) -> str:
    """``15:30 KST`` on ``at``'s KST day, ``2025-06-03 09:00 KST`` on another."""
    local = moment.astimezone(KST)
    clock = f"{local:%H:%M:%S}" if local.second else f"{local:%H:%M}"
    return f"{clock} KST" if local.date() == at.astimezone(KST).date() else f"{local:%Y-%m-%d} {clock} KST"


def _krx(key, name, korean, types, venue=KRX) -> Session:
    """A KRX or Nextrade session: its hours by date from the dated table (the first era's shown by default)."""
    opens, closes = _first_hours(key)
    return Session(key, name, korean, "XKRX", KST, opens, closes, venue, frozenset(types), dated=True)


KRX_PREMARKET = _krx("KRX-PREMARKET", "KRX pre-market", "KRX 프리마켓", ())  # order parameters unpublished
KRX_PRE_CLOSE = _krx("KRX-PRE", "KRX pre-market closing price", "장전 시간외 종가", {_T.PRE_MARKET})
KRX_REGULAR = _krx("KRX", "KRX regular session", "KRX 정규장", KRX_TYPES)
KRX_POST_CLOSE = _krx("KRX-POST", "KRX after-market closing price", "장후 시간외 종가", {_T.AFTER_MARKET})
KRX_SINGLE = _krx("KRX-SINGLE", "KRX after-hours single price", "시간외 단일가", {_T.AFTER_SINGLE})
KRX_AFTERMARKET = _krx("KRX-AFTERMARKET", "KRX after-market", "KRX 애프터마켓", ())  # order parameters unpublished
NXT_PRE = _krx("NXT-PRE", "NXT pre-market", "NXT 프리마켓", LIMIT_ONLY, NXT)
NXT_MAIN = _krx("NXT", "NXT main session", "NXT 메인마켓", NXT_TYPES, NXT)
NXT_AFTER = _krx("NXT-AFTER", "NXT after-market", "NXT 애프터마켓", LIMIT_ONLY, NXT)
US_DAY = Session("US-DAY", "US daytime session", "미국 주간거래", "XNYS", NEW_YORK, time(10, 0), time(18, 0),
                 US_VENUE, opens_tz=KST, closes_tz=KST)
US_PRE = Session("US-PRE", "US pre-market", "미국 프리마켓", "XNYS", NEW_YORK, time(4, 0), time(9, 30), US_VENUE)
US_REGULAR = Session("US", "US regular session", "미국 정규장", "XNYS", NEW_YORK, time(9, 30), time(16, 0), US_VENUE,
                     calendar_hours=True)
US_AFTER = Session("US-AFTER", "US after-market", "미국 애프터마켓", "XNYS", NEW_YORK, time(16, 0), time(7, 0),
                   US_VENUE, opens_at_calendar_close=True, closes_tz=KST, closes_next_day=True)

# Not an order session: the hours the daytime session's trades stream on R keys (RBAQAAPL), KRX's trading days
# 10:00–16:00 KST (KIS's delayed_ccnl.py: "미국주간거래 실시간 조회 시 맨 앞자리(R)"); D keys (DNASAAPL) otherwise.
US_DAY_QUOTES = Session("US-DAY-QUOTES", "US daytime quotes", "미국 주간거래 시세", "XKRX", KST, time(10, 0),
                        time(16, 0), US_VENUE, frozenset())

SESSIONS: tuple[Session, ...] = (KRX_PREMARKET, NXT_PRE, KRX_PRE_CLOSE, KRX_REGULAR, NXT_MAIN, NXT_AFTER,
                                 KRX_POST_CLOSE, KRX_SINGLE, KRX_AFTERMARKET, US_DAY, US_PRE, US_REGULAR, US_AFTER)
US_ORDER_SESSIONS = (US_PRE, US_REGULAR, US_AFTER)  # the US order endpoint's; the daytime session has its own


def us_trading_day(at: datetime) -> date:
    """The US trading day a moment belongs to: that of the US session open now, or else of the next one to
    open. The daytime session of day X runs while it is still X-1 in New York; the after-market of X ends
    at 07:00 KST, after which the day is X's successor."""
    found = [st for st in states(at, (US_DAY, US_PRE, US_REGULAR, US_AFTER)) if st.until]
    now = next((st for st in found if st.open), None) or min(found, key=lambda st: st.until, default=None)
    return now.day if now else at.astimezone(NEW_YORK).date()



def trading_day(book: str, at: datetime) -> date:
    """The trading date an order booked at ``at`` is numbered under (``models.OrderId.day``): KST's date, or for
    US orders the US trading day of the session running (or next to run)."""
    return us_trading_day(at) if book == US else at.astimezone(KST).date()

def _words(text: str) -> str:
    return "".join(str(text).split()).lower()


def find(name: str) -> Session:
    """A session by its key, name or Korean name (``KRX``, ``nxt-after``, ``시간외 단일가``); ValueError naming them."""
    for session in SESSIONS:
        if _words(name) in {_words(session.key), _words(session.name), _words(session.korean)}:
            return session
    raise ValueError(t("unknown session {name!r}: {keys}", name=name, keys=", ".join(s.key for s in SESSIONS)))


def day_table(day: date, now: datetime | None = None) -> dict:
    """A KST day's sessions per venue, as a person reads them: the day's rule set and special day (each with
    its source), and each session that opens that day with its hours (KST), order types and, given ``now``,
    whether it is open now. US sessions are those whose open falls on the day in Seoul."""
    era, special = rules().era(day), rules().special(day)
    rows = []
    for s in SESSIONS:
        candidates = [s.hours(day + timedelta(days=d)) for d in ((0,) if s.dated else (-1, 0, 1))]
        for hours in candidates:
            if hours is None or hours[0].astimezone(KST).date() != day:
                continue
            names = [tp.name for tp in sorted(s.order_types, key=lambda tp: tp.value)]
            types = (", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
                     if names else t("not published by KIS"))
            row = {"venue": s.venue, "session": s.title, "key": s.key, "opens": hours[0].astimezone(KST),
                   "closes": hours[1].astimezone(KST), "order_types": types}
            if now is not None:
                row["now"] = t("open") if hours[0] <= now < hours[1] else t("closed")
            rows.append(row)
    rows.sort(key=lambda r: (r["venue"] == US_VENUE, r["opens"]))
    for r in rows:
        r["opens"], r["closes"] = _clock_text(r["opens"], day), _clock_text(r["closes"], day)
    return {"date": day.isoformat(),
            "rules": {"name": _one(era.name, era.korean), "from": era.start.isoformat(), "source": era.source,
                      "unpublished": era.unpublished},
            "special": {"name": _one(special.name, special.korean), "source": special.source} if special else None,
            "sessions": rows}


def _clock_text(moment: datetime, day: date) -> str:
    """``09:00``, ``09:00:30``, or ``06:00 (+1)`` for the next day in Seoul."""
    local = moment.astimezone(KST)
    text = f"{local:%H:%M:%S}" if local.second else f"{local:%H:%M}"
    return text if local.date() == day else f"{text} (+1)"


def states(at: datetime, sessions: tuple[Session, ...] = SESSIONS) -> list[SessionState]:
    """Every session's state at ``at``, in table order."""
    return [s.state(at) for s in sessions]


def open_sessions(at: datetime, book: str | None = None) -> list[SessionState]:
    """The trading sessions open at ``at`` (of one book, KR or US, when given), in table order."""
    return [st for st in states(at) if st.open and (book is None or st.session.book == book)]


def taking(venue: str, order_type: OrderType, at: datetime, sessions: tuple[Session, ...] = SESSIONS
           ) -> SessionState | None:
    """The open session where ``venue`` (KRX, NXT, US) takes ``order_type`` at ``at``; None if none is open."""
    for s in sessions:
        if s.venue == venue and s.takes(order_type):
            st = s.state(at)
            if st.open:
                return st
    return None


def next_taking(venue: str, order_type: OrderType, at: datetime, sessions: tuple[Session, ...] = SESSIONS
                ) -> SessionState | None:
    """The soonest session (closed now; ``until`` is its open) where ``venue`` takes ``order_type``."""
    found = [st for s in sessions if s.venue == venue and s.takes(order_type)
             if not (st := s.state(at)).open and st.until]
    return min(found, key=lambda st: st.until, default=None)


# Reservation windows (예약주문) -----------------------------------------------------------------------
@dataclass(frozen=True)
class ReserveWindow:
    """When KIS takes reservations for a book, as pieces (the window pauses for KIS's nightly batch), and
    the order types a reservation may carry."""

    book: str
    name: str
    korean: str
    pieces: tuple[Session, ...]
    order_types: frozenset

    @property
    def label(self) -> str:
        return _both(self.name, self.korean)

    @property
    def title(self) -> str:
        return _one(self.name, self.korean)

    def state(self, at: datetime) -> SessionState:
        """Open (until the piece's end) or closed (until the next piece opens)."""
        pieces = [p.state(at) for p in self.pieces]
        now = next((st for st in pieces if st.open), None)
        if now is not None:
            return SessionState(now.session, True, now.until, at)
        later = [st for st in pieces if st.until]
        soonest = min(later, key=lambda st: st.until, default=None)
        return SessionState(self.pieces[0], False, soonest.until if soonest else None, at)

    def release(self, order_type: OrderType, placed: datetime) -> datetime | None:
        """When a reservation placed at ``placed`` goes out as an order: the next open of the session its
        type trades in (KRX's 장전 시간외 for PRE_MARKET, else KRX's regular session; the US regular session)."""
        target = US_REGULAR if self.book == US else KRX_PRE_CLOSE if order_type == _T.PRE_MARKET else KRX_REGULAR
        st = target.state(placed)
        return st.until if not st.open else target.state(st.until).until

    def last_release(self, order_type: OrderType, placed: datetime, at: datetime,
                     end: date | None = None) -> datetime | None:
        """When a reservation last went out by ``at`` (None: not yet): its release, or for a domestic period
        reservation (기간예약, until ``end``) the latest trading day's, as each day sends what is left."""
        last = self.release(order_type, placed)
        if last is None or last > at:
            return None
        while end is not None:
            following = self.following(order_type, last)
            if following is None or following > at or following.astimezone(KST).date() > end:
                break
            last = following
        return last

    def following(self, order_type: OrderType, sent: datetime) -> datetime | None:
        """A period reservation's next going out after the one at ``sent``: the next trading day's open."""
        return self.release(order_type, sent + timedelta(hours=12))


def _piece(book, opens, closes, *, closed_days=False, opens_tz=None, closes_tz=None) -> Session:
    cal, tz = ("XNYS", KST) if book == US else ("XKRX", KST)
    return Session(f"{book}-RESERVE", "reservation window", "예약주문", cal, tz, opens, closes, US_VENUE if book == US
                   else KRX, kind=RESERVE, opens_tz=opens_tz, closes_tz=closes_tz, on_closed_days=closed_days)


# Domestic: 15:40 to the next trading day's 07:30, except KIS's nightly batch 23:40-00:10 (order_resv sample).
KR_RESERVE = ReserveWindow(KR, "KRX reservations", "국내 예약주문", (
    _piece(KR, time(0, 10), time(7, 30)), _piece(KR, time(15, 40), time(23, 40)),
    _piece(KR, time(0, 10), time(23, 40), closed_days=True)), KR_RESERVE_TYPES)
# US: 10:00 KST to 10 minutes before New York's open, except KIS's settlement 16:30-16:45 KST (order-resv).
US_RESERVE = ReserveWindow(US, "US reservations", "미국 예약주문", (
    _piece(US, time(10, 0), time(16, 30)), _piece(US, time(16, 45), time(9, 20), closes_tz=NEW_YORK)), LIMIT_ONLY)
RESERVATIONS = {KR: KR_RESERVE, US: US_RESERVE}
