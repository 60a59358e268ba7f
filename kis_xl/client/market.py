"""Market data methods of KisClient: KIS quotation replies mapped to ``kis_xl.models``.

All calls go through ``self.market_transport``: the profile's own, or another profile's when the
profile takes its quotes elsewhere (trade on mock, quote through real). Domestic quotes, charts and
order books take a venue: KRX (J), NXT (NX) or UN (integrated); without one the profile's
``quote_venue`` (KRX unless it says otherwise).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta

from .. import krx, sessions, spec
from ..codes import normalize_code
from ..errors import InvalidCode, KisError
from ..models import Bar, Level, MinuteBar, OrderBook, Quote
from ..venues import KRX, MARKET_CODES, NXT, quote_venue
from .parse import hms, integer, num, opt, ymd

UNKNOWN_CODE_MSGS = frozenset({"OPSQ2001", "OPSQ2002"})
HISTORY_MAX_CALLS = 1_000


class MarketDataMixin:
    """Quotes, history, order book and names, domestic and US."""

    _names: dict[str, str]
    _us_exchanges: dict[str, str]
    _meta_lock: threading.Lock

    def _init_market(self) -> None:
        self._names = {}
        self._us_exchanges = {}
        self._tick_tables: dict[str, str] = {}  # code → krx.STOCK / krx.ETP, as KIS said once
        self._nxt: dict[str, bool] = {}  # code → traded on NXT, as the master said once
        self._meta_lock = threading.Lock()

    @property
    def market_domain(self) -> str:
        return self.market_transport.domain

    # domestic ----------------------------------------------------------------------------
    def quote_venue(self, venue: str | None = None) -> str:
        """The venue a quote asks: the one given (KRX, NXT, UN, or what a person types for them), else the
        profile's ``quote_venue``, else KRX, whose prices the live feeds stream."""
        return quote_venue(venue if venue is not None else getattr(self.profile, "quote_venue", None), KRX)

    def _quote_call(self, endpoint: str, code: str, venue: str = KRX, **params):
        try:
            return self.market_transport.call(endpoint, params={"FID_COND_MRKT_DIV_CODE": MARKET_CODES[venue],
                                                                "FID_INPUT_ISCD": code, **params})
        except KisError as exc:
            if exc.msg_cd in UNKNOWN_CODE_MSGS:
                raise self._unknown(code, venue) from None
            raise

    def _unknown(self, code: str, venue: str) -> InvalidCode:
        """An unknown code, said so; for NXT, a stock Nextrade does not list when the master says so."""
        if venue == NXT and self.nxt_listed(code) is False:
            return InvalidCode(f"{code} is not traded on NXT (넥스트레이드): ask KRX or UN (integrated)")
        return InvalidCode(f"unknown code {code}" + (" on NXT" if venue == NXT else ""))

    def price(self, code, venue: str | None = None) -> Quote:
        """Current price and the day's figures (inquire-price) on a venue (default: the profile's)."""
        code = normalize_code(code)
        venue = self.quote_venue(venue)
        o = self._quote_call("price", code, venue).output or {}
        shares = integer(o.get("lstn_stcn"))
        return Quote(
            code=code, price=num(o.get("stck_prpr")), change=num(o.get("prdy_vrss")),
            change_pct=num(o.get("prdy_ctrt")), open=num(o.get("stck_oprc")), high=num(o.get("stck_hgpr")),
            low=num(o.get("stck_lwpr")), prev_close=num(o.get("stck_prpr")) - num(o.get("prdy_vrss")),
            volume=integer(o.get("acml_vol")), value=num(o.get("acml_tr_pbmn")), name=self._names.get(code),
            upper_limit=opt(o.get("stck_mxpr")), lower_limit=opt(o.get("stck_llam")),
            base_price=opt(o.get("stck_sdpr")), tick=opt(o.get("aspr_unit")),
            market_cap=(opt(o.get("hts_avls")) or 0) * 1e8 or None, per=opt(o.get("per")), pbr=opt(o.get("pbr")),
            eps=opt(o.get("eps")), bps=opt(o.get("bps")), high_52w=opt(o.get("w52_hgpr")),
            low_52w=opt(o.get("w52_lwpr")), listed_shares=shares or None, as_of=self.now(), venue=venue,
            halted=str(o.get("temp_stop_yn", "")).strip() == "Y",
            vi=str(o.get("vi_cls_code", "")).strip() not in ("", "N", "0"),
        )

    def prices(self, codes: Iterable, venue: str | None = None) -> dict[str, Quote]:
        """Quotes for many codes on a venue: 30 per multi-stock request on the real domain, each code with its
        own market key (J, NX, UN), so the integrated quote costs what KRX's does; unknown codes are absent
        (so are codes Nextrade does not list, asked on NXT).

        The mock domain has no multi-stock quote, so there each code costs one request (configure
        ``market_data = "real"`` on a mock profile to avoid that).
        """
        wanted = list(dict.fromkeys(normalize_code(c) for c in codes))
        venue = self.quote_venue(venue)
        out: dict[str, Quote] = {}
        if self.market_domain != spec.REAL:
            for code in wanted:
                try:
                    out[code] = self.price(code, venue)
                except InvalidCode:
                    pass
            return out
        for i in range(0, len(wanted), spec.MULTI_PRICE_MAX_CODES):
            chunk = wanted[i:i + spec.MULTI_PRICE_MAX_CODES]
            params = {}
            for n, code in enumerate(chunk, 1):
                params[f"FID_COND_MRKT_DIV_CODE_{n}"] = MARKET_CODES[venue]
                params[f"FID_INPUT_ISCD_{n}"] = code
            rows = self.market_transport.call("multi_price", params=params).output or []
            now = self.now()
            for r in rows:
                code = str(r.get("inter_shrn_iscd", "")).strip()
                if not code:
                    continue
                price, change = num(r.get("inter2_prpr")), num(r.get("inter2_prdy_vrss"))
                name = str(r.get("inter_kor_isnm", "")).strip() or None
                if name:
                    self._names[code] = name
                out[code] = Quote(
                    code=code, price=price, change=change, change_pct=num(r.get("prdy_ctrt")),
                    open=num(r.get("inter2_oprc")), high=num(r.get("inter2_hgpr")), low=num(r.get("inter2_lwpr")),
                    prev_close=opt(r.get("inter2_prdy_clpr")) or price - change, volume=integer(r.get("acml_vol")),
                    value=num(r.get("acml_tr_pbmn")), name=name, upper_limit=opt(r.get("inter2_mxpr")),
                    lower_limit=opt(r.get("inter2_llam")), base_price=opt(r.get("inter2_sdpr")), as_of=now,
                    venue=venue,
                )
        return out

    def _chart_page(self, code: str, start: date, end: date, period: str, adjusted: bool, venue: str = KRX):
        return self._quote_call("chart", code, venue, FID_INPUT_DATE_1=start.strftime("%Y%m%d"),
                                FID_INPUT_DATE_2=end.strftime("%Y%m%d"), FID_PERIOD_DIV_CODE=period,
                                FID_ORG_ADJ_PRC="0" if adjusted else "1")

    def history(self, code, start: date, end: date | None = None, period: str = "D",
                adjusted: bool = True, venue: str | None = None) -> list[Bar]:
        """OHLCV bars from start to end (default today), oldest first, paging past KIS's 100 rows a call; on a
        venue (default: the profile's; NXT's begin with its first day of trading)."""
        code = normalize_code(code)
        venue = self.quote_venue(venue)
        period = period.upper()
        if period not in ("D", "W", "M", "Y"):
            raise ValueError(f"period must be D, W, M or Y, not {period!r}")
        end = end or self.now().date()
        if start > end:
            raise ValueError(f"start {start} is after end {end}")
        cap = spec.ENDPOINTS["chart"].rows(self.market_domain)

        def page(cursor: date) -> list[Bar]:
            resp = self._chart_page(code, start, cursor, period, adjusted, venue)
            name = str((resp.output1 or {}).get("hts_kor_isnm", "")).strip()
            if name:
                self._names[code] = name
            return [Bar(day, num(r.get("stck_oprc")), num(r.get("stck_hgpr")), num(r.get("stck_lwpr")),
                        num(r.get("stck_clpr")), integer(r.get("acml_vol")), num(r.get("acml_tr_pbmn")))
                    for r in resp.output2 or [] if (day := ymd(r.get("stck_bsop_date")))]

        return _bars_back(page, start, end, cap)

    def minute_bars(self, code, until: time | None = None, venue: str | None = None) -> list[MinuteBar]:
        """Today's one-minute bars up to ``until`` (default: now), oldest first, on a venue (default: the
        profile's; NXT's and the integrated ones run from 08:00 to 20:00)."""
        code = normalize_code(code)
        venue = self.quote_venue(venue)
        first = sessions.KRX_REGULAR if venue == KRX else sessions.NXT_PRE
        cursor = until or (sessions.KRX_REGULAR.closes if venue == KRX else sessions.NXT_AFTER.closes)
        bars: dict[datetime, MinuteBar] = {}
        for _ in range(30):
            resp = self._quote_call("minute_chart", code, venue, FID_ETC_CLS_CODE="",
                                    FID_INPUT_HOUR_1=cursor.strftime("%H%M%S"), FID_PW_DATA_INCU_YN="Y")
            rows = [r for r in (resp.output2 or []) if r.get("stck_cntg_hour")]
            for r in rows:
                day, t = ymd(r.get("stck_bsop_date")), hms(r.get("stck_cntg_hour"))
                if day and t:
                    at = datetime.combine(day, t, tzinfo=krx.KST)
                    bars[at] = MinuteBar(at, num(r.get("stck_oprc")), num(r.get("stck_hgpr")), num(r.get("stck_lwpr")),
                                         num(r.get("stck_prpr")), integer(r.get("cntg_vol")))
            if len(rows) < spec.ENDPOINTS["minute_chart"].rows(self.market_domain):
                break
            oldest = min(hms(r["stck_cntg_hour"]) for r in rows)
            if oldest <= (datetime.combine(date.min, first.opens) + timedelta(minutes=1)).time():
                break
            cursor = (datetime.combine(date.min, oldest) - timedelta(minutes=1)).time()
        return [bars[k] for k in sorted(bars)]

    def orderbook(self, code, venue: str | None = None) -> OrderBook:
        """Ten levels each side on a venue (default: the profile's)."""
        code = normalize_code(code)
        resp = self._quote_call("orderbook", code, self.quote_venue(venue))
        o1, o2 = resp.output1 or {}, resp.output2 or {}
        asks = [Level(num(o1.get(f"askp{i}")), integer(o1.get(f"askp_rsqn{i}"))) for i in range(1, 11)]
        bids = [Level(num(o1.get(f"bidp{i}")), integer(o1.get(f"bidp_rsqn{i}"))) for i in range(1, 11)]
        return OrderBook(code, asks, bids, integer(o1.get("total_askp_rsqn")), integer(o1.get("total_bidp_rsqn")),
                         price=opt(o2.get("stck_prpr")), expected_price=opt(o2.get("antc_cnpr")) or None,
                         as_of=self.now())

    def stock_name(self, code) -> str:
        """The stock's Korean name (from the chart summary, which both domains offer), cached."""
        code = normalize_code(code)
        if code not in self._names:
            today = self.now().date()
            resp = self._chart_page(code, today - timedelta(days=7), today, "D", True)
            self._names[code] = str((resp.output1 or {}).get("hts_kor_isnm", "")).strip()
            if not self._names[code]:
                raise InvalidCode(f"unknown code {code}")
        return self._names[code]

    # US ----------------------------------------------------------------------------------
    def _us_call(self, endpoint: str, symbol: str, exchange: str | None, **params):
        """Try the given exchange, the remembered one, or NAS, NYS, AMS in turn."""
        symbol = symbol.strip().upper()
        known = exchange or self._us_exchanges.get(symbol)
        for excd in [known] if known else list(spec.US_QUOTE_EXCHANGES):
            resp = self.market_transport.call(endpoint, params={"AUTH": "", "EXCD": excd, "SYMB": symbol, **params})
            body = resp.output if endpoint == "us_price" else resp.output1
            if (body or {}).get("rsym"):
                self._us_exchanges[symbol] = excd
                return excd, resp
        where = known or "NAS/NYS/AMS"
        raise InvalidCode(f"unknown US symbol {symbol} on {where}")

    def us_price(self, symbol: str, exchange: str | None = None) -> Quote:
        excd, resp = self._us_call("us_price", symbol, exchange)
        o = resp.output
        last, base = num(o.get("last")), num(o.get("base"))
        sign = -1 if str(o.get("sign")) in ("4", "5") else 1
        return Quote(code=symbol.upper(), price=last, change=sign * abs(num(o.get("diff"))),
                     change_pct=num(o.get("rate")), open=None, high=None, low=None, prev_close=base,
                     volume=integer(o.get("tvol")), value=num(o.get("tamt")), market=excd, currency="USD",
                     as_of=self.now(), venue=excd)

    def us_history(self, symbol: str, start: date, end: date | None = None, period: str = "D",
                   exchange: str | None = None) -> list[Bar]:
        gubn = {"D": "0", "W": "1", "M": "2"}[period.upper()]
        end = end or self.now().date()
        found = exchange

        def page(cursor: date) -> list[Bar]:
            nonlocal found
            found, resp = self._us_call("us_daily", symbol, found, GUBN=gubn, BYMD=cursor.strftime("%Y%m%d"), MODP="1")
            return [Bar(day, num(r.get("open")), num(r.get("high")), num(r.get("low")), num(r.get("clos")),
                        integer(r.get("tvol")), num(r.get("tamt")))
                    for r in resp.output2 or [] if (day := ymd(r.get("xymd")))]

        return _bars_back(page, start, end, None)


def _bars_back(page: Callable[[date], list[Bar]], start: date, end: date, cap: int | None) -> list[Bar]:
    """Bars from pages asked newest first, each ending the day before the previous page's oldest bar.

    Stops at ``start``, at a short page (fewer than ``cap`` rows), or when a page makes no progress, so a
    server that repeats itself cannot keep us asking.
    """
    bars: dict[date, Bar] = {}
    cursor = end
    for _ in range(HISTORY_MAX_CALLS):
        rows = page(cursor)
        bars.update({b.date: b for b in rows if start <= b.date <= end})
        oldest = min((b.date for b in rows), default=None)
        if oldest is None or (cap and len(rows) < cap) or oldest <= start or oldest > cursor:
            break
        cursor = oldest - timedelta(days=1)
    return [bars[d] for d in sorted(bars)]
