"""The KRX calendar for KisClient: KIS's holiday list (chk-holiday) and whether a day trades."""

from __future__ import annotations

from datetime import date, timedelta

from ..errors import InvalidInput, KisError
from ..models import MarketDay
from .market import refused_dates
from .parse import string, ymd


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class CalendarMixin:
    """Trading days as KIS lists them."""

    def holidays(self, start: date, end: date) -> list[MarketDay]:
        """Every day from start to end as chk-holiday (CTCA0903R) gives it, paging past its page size.

        KIS asks that chk-holiday be called sparingly (its ledger serves it): callers cache it for a day.
        """
        if start > end:
            raise InvalidInput(f"start {start} is after end {end}")
        if (end - start).days > 366 * 2:
            raise InvalidInput("at most two years of the calendar at a time")
        days: dict[date, MarketDay] = {}
        cursor = start
        for _ in range(60):
            try:
                rows, _resp = self.market_transport.paged("holiday", params={"BASS_DT": cursor.strftime("%Y%m%d")},
                                                          ctx=("CTX_AREA_FK", "CTX_AREA_NK"), list_key="output")
            except KisError as exc:
                if refused_dates(exc):
                    raise InvalidInput(f"KIS refuses the dates asked ({exc.msg1})") from None
                raise
            for r in rows:
                day = ymd(r.get("bass_dt"))
                if day:
                    days[day] = MarketDay(day, _WEEKDAYS[day.weekday()], string(r.get("bzdy_yn")) == "Y",
                                          string(r.get("tr_day_yn")) == "Y", string(r.get("opnd_yn")) == "Y",
                                          string(r.get("sttl_day_yn")) == "Y")
            newest = max(days, default=None)
            if newest is None or newest >= end or newest < cursor:
                break
            cursor = newest + timedelta(days=1)
        return [days[d] for d in sorted(days) if start <= d <= end]

    def is_open(self, day: date | None = None) -> bool:
        """True when KRX opens on ``day`` (default: the server's today), as chk-holiday's opnd_yn says."""
        day = day or self.now().date()
        return self.holidays(day, day)[0].open_day
