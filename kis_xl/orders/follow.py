"""Following an order sheet's working rows on KIS's fill notices, in Excel or headless.

The rows still working (SENT, PARTIAL) are followed by order number on the real-time notice feeds
(H0STCNI0/H0STCNI9 for domestic orders, H0GSCNI0/H0GSCNI9 for US orders; keyed by the profile's HTS id): a
fill adds to the row's filled quantity and average price, a cancel or a refusal closes the row, a
modification moves the row to the new order number. A US notice's time may be missing or New York's, so
it makes the follower read KIS's US list instead of counting the fill itself. Notices of another account under the same HTS id are ignored. The day's orders are read
once over REST when the feed is up (and again after each reconnect), so fills that happened while
nobody listened are not missed; between those reads following costs no REST request.

A fill is counted once: the REST read covers every fill before it, so a fill notice timed before the
read is skipped, one timed after it counts, and one timed within the read's uncertainty (its server
seconds, one second either side for clock skew) is not guessed at: the day's orders are read again
once that second has passed, and that read says what filled.

Updates are written to the sheet as it is when they are written: each is found again by its Client Id
and order number (``locate``), so a row the user moved still gets its own result, and a row that was
deleted, or whose identity was edited away, gets none (it is reported instead).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from datetime import time as dtime

from ..i18n import t
from ..krx import KST
from ..models import (
    KR,
    US,
    FillNotice,
    NoticeKind,
    OrderId,
    OrderRecord,
    book_of,
)
from ..sessions import trading_day
from .broker import Broker
from .ledger import Ledger, Outcome
from .lifecycle import CANCEL_REQUEST, PARTIAL, SENT, IllegalStep
from .rows import SheetRow
from .state import OrderState, onto

DAY_END = dtime(18, 0)  # KRX's after-hours single-price session ends: a day order cannot fill later
MIN_FOLLOW_S = 600.0  # started after the day's end, follow a little while anyway (late notices, a simulator)
SYNC_RETRY_S = 2.0


def _digits(text) -> str:
    return "".join(ch for ch in str(text or "") if ch.isdigit())


def _seconds(t: datetime | dtime) -> int:
    """Seconds into the day (KST) of a notice's time or a server instant."""
    return t.hour * 3600 + t.minute * 60 + t.second


@dataclass
class RowUpdate:
    """New result values for one row, with what identifies the row wherever it is now."""

    row: int  # its sheet row number when the rows were read
    code: str
    client_id: str
    orders: frozenset[OrderId]  # every identity its order has had (a modification's new numbers)
    values: dict


@dataclass
class Followed:
    """A followed row (as read when following began) and what its order has become."""

    row: SheetRow
    state: OrderState

    def update(self) -> RowUpdate:
        return RowUpdate(self.row.number, self.state.code, str(self.row.get("client_id") or "").strip(),
                         frozenset(self.state.ids), self.state.cells())


def followable(row: SheetRow, today: dict[str, date]) -> bool:
    """A row of today's order still working (``today`` per book): notices can tell what becomes of it (they carry
    no date, and order numbers restart daily: an earlier day's row is for REFRESH, which says EXPIRED)."""
    order = row.order_id
    return (order is not None and order.day == today[order.book]
            and row.status in (SENT, PARTIAL, CANCEL_REQUEST))


class SheetWatch:
    """The followed rows' orders: ``apply`` takes a notice, ``sync`` the day's orders; both return row updates.

    ``today`` is the server's KST trading day: a notice names today's order by its number."""

    def __init__(self, rows: Iterable[SheetRow], account: str = "", today: date | dict[str, date] | None = None):
        self.cano = _digits(account)[:8]
        today = today or datetime.now(KST).date()
        self.today = today if isinstance(today, dict) else {KR: today, US: today}
        self.by_order: dict[OrderId, Followed] = {}
        self.read_window: tuple[float, float] | None = None  # KST seconds of the day the last REST read covers
        self.reread = False  # a fill fell within that window (or a US notice came): read the day's orders again
        self.skipped = [r for r in rows if r.order_id is not None and r.order_id.day < self.today[r.order_id.book]
                        and r.status in (SENT, PARTIAL, CANCEL_REQUEST)]
        for row in rows:
            if followable(row, self.today):
                self.by_order[row.order_id] = Followed(row, OrderState.of_row(row))

    def _id(self, order_no: str, market: str = "KRX") -> OrderId:
        return OrderId.of(self.today[book_of(market)], market, order_no)

    @property
    def has_us(self) -> bool:
        return any(i.book == US for i in self.by_order)

    @property
    def tracked(self) -> list[Followed]:
        return list({id(f): f for f in self.by_order.values()}.values())

    @property
    def working(self) -> int:
        return sum(not f.state.is_final for f in self.tracked)

    @property
    def done(self) -> bool:
        return self.working == 0

    def _moved(self, f: Followed) -> list[RowUpdate]:
        """The update of a followed row whose order changed; its new numbers known from now on."""
        for i in f.state.ids:
            self.by_order[i] = f
        return [f.update()]

    def apply(self, n: FillNotice) -> list[RowUpdate]:
        if self.cano and _digits(n.account) and _digits(n.account)[:8] != self.cano:
            return []  # another account of the same HTS id: its order numbers are not ours
        own = self.by_order.get(self._id(n.order_no, n.market))
        orig = self.by_order.get(self._id(n.orig_order_no, n.market)) if n.orig_order_no else None
        f = orig or own
        if f is None or f.state.is_final or n.code.strip().upper() != f.state.code:
            return []  # a number alone could be another order: the stock must be the row's
        if book_of(n.market) == US:  # a US notice's time may be missing or New York's: KIS's list counts it
            self.reread = True
            return []
        if n.kind is NoticeKind.FILLED and self.read_window is not None:
            at = _seconds(n.time) if n.time else None
            if at is not None and at < self.read_window[0]:
                return []  # the last REST read already counted it
            if at is None or at <= self.read_window[1]:
                self.reread = True  # counted by that read or not: the next read will say
                return []
        return self._moved(f) if f.state.apply(n, self.today[book_of(n.market)]) else []

    def sync(self, records: list[OrderRecord], window: tuple[float, float] | None = None) -> list[RowUpdate]:
        """Bring rows up to the day's orders (REST), read within ``window`` (server epoch seconds before and
        after the read): what happened while no notice could be heard, the whole modification chain counted."""
        if window is not None:
            lo, hi = (datetime.fromtimestamp(x, KST) for x in window)
            self.read_window = (_seconds(lo) - 1, _seconds(hi) + 1 + (hi.microsecond > 0))
            self.reread = False
        out = []
        for f in self.tracked:
            if f.state.is_final:
                continue
            listed = OrderState.from_records(min(f.state.ids, key=lambda i: int(i.number or 0)), records, self.today)
            if listed is not None and listed.code == f.state.code and f.state.advance(listed):
                out += self._moved(f)
        return out


def locate(rows: Iterable[SheetRow], update: RowUpdate) -> SheetRow | None:
    """The row an update belongs to as the sheet is now: its order (day and number), and its Client Id when it
    had one. None unless exactly one row matches (a deleted row, or a copied Client Id, gets nothing)."""
    hits = [r for r in rows if r.order_id in update.orders
            and (not update.client_id or str(r.get("client_id") or "").strip() == update.client_id)]
    return hits[0] if len(hits) == 1 else None


def apply_updates(sheet, updates: Iterable[RowUpdate]) -> list[str]:
    """Write updates into ``sheet`` (an ``OrderSheet``) where their rows are now, through the ledger (each write
    checked against the row's life); the problems, one line each.

    A row takes what ``state.onto`` lets it take as it is now: a CANCEL the user typed into a working row's
    Status stays (it is carried out by the next Run) until the order is final; a final row takes nothing.
    """
    rows = sheet.rows()
    ledger = Ledger(sheet, None)
    problems = []
    for u in updates:
        row = locate(rows, u)
        if row is None:
            problems.append(f"row {u.row} (order {min(u.orders, key=lambda i: int(i.number or 0))}): not found "
                            f"on the sheet any more; "
                            f"{u.values['status']} {u.values.get('message', '')} was not written")
            continue
        values = onto(row.status, u.values)
        try:
            if values:
                ledger.write(row, values)
        except IllegalStep as exc:  # the row was changed by hand meanwhile: said, never written over
            problems.append(t("row {row}: {reason}; {status} was not written", row=row.number, reason=exc,
                              status=u.values["status"]))
    sheet.flush()
    return problems


def _merged(updates: list[RowUpdate]) -> list[RowUpdate]:
    """One update per followed row (its read-time row number), the latest values winning, in first-seen order.
    A later update of a row carries every order number the earlier ones did."""
    out: dict[int, RowUpdate] = {}
    for u in updates:
        prev = out.get(u.row)
        out[u.row] = u if prev is None else replace(u, values={**prev.values, **u.values})
    return list(out.values())


def follow_seconds(server_now: float) -> float:
    """How long to follow from ``server_now`` (epoch s): to the server day's 18:00 KST, at least ten minutes."""
    now = datetime.fromtimestamp(server_now, KST)
    return max(MIN_FOLLOW_S, (datetime.combine(now.date(), DAY_END, KST) - now).total_seconds())


Deliver = Callable[[list[RowUpdate], str], list[str]]


class Follower:
    """Follows rows on a stream's notices and hands their updates to ``deliver(updates, summary)``.

    ``run()`` follows in the calling thread (headless); ``start()`` on a daemon thread (Excel), where
    ``stop()`` ends it and ``error`` tells why it ended early. ``deliver`` writes the updates wherever the
    sheet lives and returns the problems it met.
    """

    def __init__(self, rows: Iterable[SheetRow], broker: Broker, stream, deliver: Deliver, *,
                 until: float | None = None,
                 on_update: Callable[[dict], None] | None = None, on_end: Callable[[], None] | None = None,
                 stopped: threading.Event | None = None):
        now = broker.now()
        self.watch = SheetWatch(rows, broker.profile.account or "", {book: trading_day(book, now) for book in (KR, US)})
        self.broker, self.stream, self.deliver = broker, stream, deliver
        self.until = until
        self.on_update, self.on_end = on_update, on_end
        self.problems: list[str] = []
        self.error = ""
        self.sync_error = ""
        self._notices: queue.Queue[FillNotice] = queue.Queue()
        self._stopped = stopped or threading.Event()  # shared with a writer, so a stopped follower writes nothing
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def summary(self) -> str:
        feed = "feed live" if self.stream.notices_live() else "feed connecting"
        text = f"following {self.watch.working} of {len(self.watch.tracked)} rows ({feed})"
        if self.watch.skipped:
            text += (f"; {len(self.watch.skipped)} row(s) of earlier days not followed (REFRESH says what became "
                     f"of them)")
        if self.sync_error:
            text += f"; reading the day's orders failed ({self.sync_error}), trying again"
        if self.problems:
            text += f"; {len(self.problems)} update(s) not written: {self.problems[-1]}"
        return text

    def ending(self) -> str:
        """What to show once following has ended."""
        if self.error:
            return f"stopped following fills: {self.error}; Action REFRESH reads the statuses"
        final = len(self.watch.tracked) - self.watch.working
        return f"following ended: {final} of {len(self.watch.tracked)} rows final"

    def run(self) -> Outcome:
        """Follow until every row is final, ``stop()``, or the deadline; the rows' outcome."""
        if self.watch.tracked:
            self.stream.on_notice(self._notices.put)
            try:
                self._loop()
            finally:
                self.stream.off_notice(self._notices.put)
        outcome = Outcome()
        for f in self.watch.tracked:
            outcome.add(f.row, f.state.status, f.state.summary(), f.state.latest.number.zfill(10))
        return outcome

    def start(self) -> Follower:
        self._thread = threading.Thread(target=self._thread_main, daemon=True, name="kis-xl follow")
        self._thread.start()
        return self

    def stop(self, wait: float = 5.0) -> None:
        self._stopped.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(wait)

    def _thread_main(self) -> None:
        try:
            self.run()
        except Exception as exc:  # the thread's end is reported through ``error``/``ending``, never raised into Excel
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            try:  # the last word where the user looks (Excel's status bar)
                self.deliver([], self.ending())
            except Exception:  # the same failure that ended it: ``error`` keeps it
                pass
            if self.on_end:
                self.on_end()

    def _loop(self) -> None:
        self.stream.watch_notices()
        synced_at = -1
        while not self.watch.done and not self._stopped.is_set():
            if self.until is not None and time.monotonic() >= self.until:
                break
            if self.stream.notices_live() and (self.stream.stats.connects != synced_at or self._reread_due()):
                try:  # after each (re)connect, or a fill the last read may have counted: what the feed cannot tell
                    before = self.broker.server_time()
                    orders = self.broker.daily_orders().orders + (
                        self.broker.us_daily_orders().orders if self.watch.has_us else [])
                    window = (before, self.broker.server_time())
                except Exception as exc:  # a REST hiccup: notices keep coming, the look-up is tried again
                    self.sync_error = str(exc)
                    self._stopped.wait(SYNC_RETRY_S)
                    continue
                synced_at, self.sync_error = self.stream.stats.connects, ""
                self._send(self.watch.sync(orders, window))  # a sheet that cannot be written ends following
                continue
            self._send(self._drain(0.1))

    def _reread_due(self) -> bool:
        """A fill fell within the last read's window, and that window has passed on the server's clock."""
        if not self.watch.reread or self.watch.read_window is None:
            return False
        return _seconds(datetime.fromtimestamp(self.broker.server_time(), KST)) > self.watch.read_window[1]

    def _drain(self, wait: float) -> list[RowUpdate]:
        try:
            notices = [self._notices.get(timeout=wait)]
        except queue.Empty:
            return []
        while True:
            try:
                notices.append(self._notices.get_nowait())
            except queue.Empty:
                break
        return [u for n in notices for u in self.watch.apply(n)]

    def _send(self, updates: list[RowUpdate]) -> None:
        if not updates or self._stopped.is_set():
            return
        updates = _merged(updates)
        self.problems.extend(self.deliver(updates, self.summary()))
        if self.on_update:
            for u in updates:
                self.on_update({"row": u.row, "code": u.code, "status": u.values["status"],
                                "filled": u.values["filled"], "avg_price": u.values["avg_price"],
                                "order_no": u.values.get("order_no")})
