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
from ..errors import InvalidCode, InvalidInput, KisError
from ..models import Bar, EtfQuote, Level, MinuteBar, OrderBook, Quote, RankRow, StockInfo, Tick, UsPriceDetail
from ..venues import KRX, MARKET_CODES, NXT, quote_venue
from .parse import hms, integer, num, opt, string, ymd

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

    def prices(self, codes: Iterable, venue: str | None = None,
               progress: Callable[[int, int], None] | None = None) -> dict[str, Quote]:
        """Quotes for many codes on a venue: 30 per multi-stock request on the real domain, each code with its
        own market key (J, NX, UN), so the integrated quote costs what KRX's does; unknown codes are absent
        (so are codes Nextrade does not list, asked on NXT).

        The mock domain has no multi-stock quote, so there each code costs one request (configure
        ``market_data = "real"`` on a mock profile to avoid that). ``progress(done, total)`` hears of the codes
        answered after each request.
        """
        wanted = list(dict.fromkeys(normalize_code(c) for c in codes))
        venue = self.quote_venue(venue)
        out: dict[str, Quote] = {}
        if self.market_domain != spec.REAL:
            for done, code in enumerate(wanted, 1):
                try:
                    out[code] = self.price(code, venue)
                except InvalidCode:
                    pass
                if progress:
                    progress(done, len(wanted))
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
            if progress:
                progress(i + len(chunk), len(wanted))
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
            body = resp.output if endpoint in ("us_price", "us_price_detail") else resp.output1
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

    def us_price_detail(self, symbol: str, exchange: str | None = None) -> UsPriceDetail:
        """현재가상세 (price-detail, HHDFS76200200; real domain only): the quote with PER, PBR, EPS, BPS, market
        cap, the 52-week range, listed shares, tick, trading unit and the won-converted price."""
        excd, resp = self._us_call("us_price_detail", symbol, exchange)
        o = resp.output
        shares = integer(o.get("shar"))
        return UsPriceDetail(
            code=symbol.strip().upper(), market=excd, price=num(o.get("last")), open=opt(o.get("open")),
            high=opt(o.get("high")), low=opt(o.get("low")), prev_close=num(o.get("base")),
            volume=integer(o.get("tvol")), value=num(o.get("tamt")), prev_volume=integer(o.get("pvol")), prev_value=num(o.get("pamt")),
            upper_limit=opt(o.get("uplp")), lower_limit=opt(o.get("dnlp")), high_52w=opt(o.get("h52p")),
            high_52w_date=ymd(o.get("h52d")), low_52w=opt(o.get("l52p")), low_52w_date=ymd(o.get("l52d")),
            per=opt(o.get("perx")), pbr=opt(o.get("pbrx")), eps=opt(o.get("epsx")), bps=opt(o.get("bpsx")),
            market_cap=opt(o.get("tomv")), capital=opt(o.get("mcap")), listed_shares=shares or None,
            currency=string(o.get("curr")) or "USD", decimals=integer(o.get("zdiv")),
            trading_unit=integer(o.get("vnit")) or None, tick=opt(o.get("e_hogau")), par_value=opt(o.get("e_parp")),
            sector=string(o.get("e_icod")), tradable=string(o.get("e_ordyn")) not in ("", "N", "매매 불가"),
            etp_kind=string(o.get("etyp_nm")), krw_price=opt(o.get("t_xprc")), krw_change=opt(o.get("t_xdif")),
            krw_change_pct=opt(o.get("t_xrat")), krw_prev_price=opt(o.get("p_xprc")), rate=opt(o.get("t_rate")),
            prev_rate=opt(o.get("p_rate")), as_of=self.now())

    def us_orderbook(self, symbol: str, exchange: str | None = None) -> OrderBook:
        """현재가 1호가 (inquire-asking-price, HHDFS76200100; real domain only): KIS gives one level each side
        (pbid1/pask1), with the totals of its book (bvol/avol)."""
        _excd, resp = self._us_call("us_orderbook", symbol, exchange)
        o1, o2 = resp.output1 or {}, resp.output2 or {}
        if isinstance(o2, list):
            o2 = o2[0] if o2 else {}
        return OrderBook(symbol.strip().upper(), [Level(num(o2.get("pask1")), integer(o2.get("vask1")))],
                         [Level(num(o2.get("pbid1")), integer(o2.get("vbid1")))], integer(o1.get("avol")),
                         integer(o1.get("bvol")), price=opt(o1.get("last")), as_of=self.now())

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

    # a stock beyond its quote: details, ticks, minutes, ETFs, rankings -------------------------
    def _market_call(self, endpoint: str, params: dict, *, what: str = "", tr_cont: str = ""):
        try:
            return self.market_transport.call(endpoint, params=params, tr_cont=tr_cont)
        except KisError as exc:
            if refused_dates(exc):
                raise InvalidInput(f"KIS refuses the dates asked ({exc.msg1})") from None
            if exc.msg_cd in UNKNOWN_CODE_MSGS and what:
                raise InvalidCode(f"unknown code {what}") from None
            raise

    def stock_info(self, code, *, product_class: bool = False) -> StockInfo:
        """The stock master (search-stock-info CTPF1002R); with ``product_class`` also search-info (CTPF1604R)."""
        code = normalize_code(code)
        o = self._market_call("stock_info", {"PRDT_TYPE_CD": "300", "PDNO": code}, what=code).output or {}
        market = {"STK": "KOSPI", "KSQ": "KOSDAQ", "KNX": "KONEX"}.get(str(o.get("mket_id_cd", "")).strip(), "")
        listed = ymd(o.get("scts_mket_lstg_dt")) or ymd(o.get("kosdaq_mket_lstg_dt")) or ymd(o.get("frbd_mket_lstg_dt"))
        delisted = (ymd(o.get("scts_mket_lstg_abol_dt")) or ymd(o.get("kosdaq_mket_lstg_abol_dt"))
                    or ymd(o.get("lstg_abol_dt")))
        month = str(o.get("setl_mmdd", "")).strip()
        extra: dict = {}
        if product_class:
            s = self._market_call("search_info", {"PDNO": code, "PRDT_TYPE_CD": "300"}, what=code).output or {}
            extra = {"product_class": string(s.get("prdt_clsf_cd")) or None, "registered": ymd(s.get("frst_erlm_dt"))}
        return StockInfo(
            code=code, name=string(o.get("prdt_abrv_name")) or string(o.get("prdt_name")),
            name_en=string(o.get("prdt_eng_abrv_name")) or string(o.get("prdt_eng_name")), market=market,
            kind={"EF": "ETF", "EN": "ETN"}.get(string(o.get("scty_grp_id_cd")), "stock"),
            sector=string(o.get("idx_bztp_lcls_cd_name")), sector_medium=string(o.get("idx_bztp_mcls_cd_name")),
            industry=string(o.get("std_idst_clsf_cd_name")), listed=listed, delisted=delisted,
            par_value=num(o.get("papr")), listed_shares=integer(o.get("lstg_stqt")), capital=num(o.get("cpta")),
            settlement_month=int(month[:2]) if month[:2].isdigit() else None, isin=string(o.get("std_pdno")),
            kospi200=string(o.get("kospi200_item_yn")) == "Y", halted=string(o.get("tr_stop_yn")) == "Y",
            administrative=string(o.get("admn_item_yn")) == "Y", close=opt(o.get("thdt_clpr")),
            prev_close=opt(o.get("bfdy_clpr")), nxt=string(o.get("cptt_trad_tr_psbl_yn")) == "Y",
            nxt_halted=string(o.get("nxt_tr_stop_yn")) == "Y", **extra)

    def nxt_listed(self, code) -> bool | None:
        """Whether NXT trades the stock now (the master's NXT flag, not halted there), remembered for the
        client's life; None when the master cannot be read (the mock domain offers none)."""
        code = normalize_code(code)
        if code not in self._nxt:
            if spec.ENDPOINTS["stock_info"].tr_id(self.market_domain) is None:
                return None
            info = self.stock_info(code)
            self._nxt[code] = info.nxt and not info.nxt_halted
        return self._nxt[code]

    def tick_table(self, code, quote: Quote | None = None) -> str | None:
        """The KRX tick table a code trades on (krx.STOCK, or krx.ETP for ETFs and ETNs); None if KIS cannot say.

        KIS's own answers only: the tick it quotes at the price (``aspr_unit``) where the two tables differ
        there, else the stock master's security group (search-stock-info ``scty_grp_id_cd``: EF, EN), which
        the mock domain does not offer. Remembered for the client's life: an instrument keeps its kind.
        """
        code = normalize_code(code)
        kind = self._tick_tables.get(code) or (krx.kind_from_tick(quote.price, quote.tick) if quote else None)
        if kind is None and spec.ENDPOINTS["stock_info"].tr_id(self.market_domain):
            kind = krx.ETP if self.stock_info(code).kind in ("ETF", "ETN") else krx.STOCK
        if kind is not None:
            self._tick_tables[code] = kind
        return kind

    def etf(self, code) -> EtfQuote:
        """An ETF/ETN's price, NAV, premium and tracking error (etfetn inquire-price, real domain)."""
        code = normalize_code(code)
        try:
            o = self.market_transport.call("etf_price", params={"FID_COND_MRKT_DIV_CODE": "J",
                                                                "FID_INPUT_ISCD": code}).output or {}
        except KisError as exc:
            if exc.msg_cd in UNKNOWN_CODE_MSGS:
                raise InvalidCode(f"unknown code {code} or not an ETF/ETN") from None
            raise
        return EtfQuote(code, num(o.get("stck_prpr")), num(o.get("nav")), num(o.get("prdy_last_nav")),
                        num(o.get("dprt")), num(o.get("trc_errt")), num(o.get("prdy_vrss")), num(o.get("prdy_ctrt")),
                        num(o.get("nav_prdy_ctrt")), integer(o.get("acml_vol")), num(o.get("etf_ntas_ttam")),
                        integer(o.get("etf_crcl_stcn")), num(o.get("etf_trc_ert_mltp"), 1.0),
                        integer(o.get("etf_cnfg_issu_cnt")))

    def ticks(self, code, n: int = 30) -> list[Tick]:
        """The latest trades, newest first (inquire-ccnl gives 30)."""
        code = normalize_code(code)
        rows = self._market_call("ticks", {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": code},
                                 what=code).output or []
        return [Tick(t, num(r.get("stck_prpr")), integer(r.get("cntg_vol")), num(r.get("prdy_vrss")),
                     num(r.get("prdy_ctrt")), num(r.get("tday_rltv")))
                for r in rows if (t := hms(r.get("stck_cntg_hour")))][:n]

    def minute_bars_on(self, code, day: date) -> list[MinuteBar]:
        """One-minute bars of a past session (inquire-time-dailychartprice, real domain), oldest first."""
        code = normalize_code(code)
        bars: dict[datetime, MinuteBar] = {}
        hour = "153000"
        for _ in range(6):
            resp = self._market_call("minute_chart_daily", {
                "FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": code, "FID_INPUT_HOUR_1": hour,
                "FID_INPUT_DATE_1": day.strftime("%Y%m%d"), "FID_PW_DATA_INCU_YN": "Y", "FID_FAKE_TICK_INCU_YN": ""},
                what=code)
            rows = [r for r in resp.output2 or [] if ymd(r.get("stck_bsop_date")) == day and hms(r.get("stck_cntg_hour"))]
            for r in rows:
                at = datetime.combine(day, hms(r.get("stck_cntg_hour")), tzinfo=krx.KST)
                bars[at] = MinuteBar(at, num(r.get("stck_oprc")), num(r.get("stck_hgpr")), num(r.get("stck_lwpr")),
                                     num(r.get("stck_prpr")), integer(r.get("cntg_vol")))
            if len(rows) < spec.ENDPOINTS["minute_chart_daily"].rows(self.market_domain):
                break
            oldest = min(hms(r.get("stck_cntg_hour")) for r in rows)
            if oldest <= time(9, 1):
                break
            hour = (datetime.combine(day, oldest) - timedelta(minutes=1)).strftime("%H%M%S")
        return [bars[k] for k in sorted(bars)]

    def us_minute_bars(self, symbol: str, day: date | None = None, minutes: int = 1,
                       exchange: str | None = None) -> list[MinuteBar]:
        """US bars of ``minutes`` minutes (HHDFS76950200, real domain) of one New York session (default the
        latest), oldest first; times in New York."""
        from zoneinfo import ZoneInfo

        ny = ZoneInfo("America/New_York")
        bars: dict[datetime, MinuteBar] = {}
        keyb, nxt = "", ""
        for _ in range(40):
            _excd, resp = self._us_call("us_minutes", symbol, exchange, NMIN=str(minutes), PINC="1", NEXT=nxt,
                                        NREC="120", FILL="", KEYB=keyb)
            rows = resp.output2 or []
            for r in rows:
                d, t = ymd(r.get("xymd")), hms(r.get("xhms"))
                if d and t:
                    at = datetime.combine(d, t, tzinfo=ny)
                    bars[at] = MinuteBar(at, num(r.get("open")), num(r.get("high")), num(r.get("low")),
                                         num(r.get("last")), integer(r.get("evol")))
            day = day or (max(bars).date() if bars else None)
            oldest = min(bars, default=None)
            if not rows or (resp.output1 or {}).get("more") != "Y" or (oldest and day and oldest.date() < day):
                break
            keyb, nxt = oldest.strftime("%Y%m%d%H%M%S"), "1"
        return [bars[k] for k in sorted(bars) if k.date() == day]

    def rank(self, kind: str = "volume", n: int = 30, market: str = "all") -> list[RankRow]:
        """Rankings of KRX stocks: volume, value (traded value), gainers, losers, market_cap (top 30)."""
        kind = kind.strip().lower()
        scope = {"all": "0000", "kospi": "0001", "kosdaq": "1001", "kospi200": "2001"}.get(market.strip().lower())
        if scope is None:
            raise InvalidInput(f"market must be all, KOSPI, KOSDAQ or KOSPI200, not {market!r}")
        if kind in ("volume", "value"):
            params = {"FID_COND_MRKT_DIV_CODE": "J", "FID_COND_SCR_DIV_CODE": "20171", "FID_INPUT_ISCD": scope,
                      "FID_DIV_CLS_CODE": "0", "FID_BLNG_CLS_CODE": "3" if kind == "value" else "0",
                      "FID_TRGT_CLS_CODE": "111111111", "FID_TRGT_EXLS_CLS_CODE": "0000000000",
                      "FID_INPUT_PRICE_1": "", "FID_INPUT_PRICE_2": "", "FID_VOL_CNT": "", "FID_INPUT_DATE_1": ""}
            endpoint, code_key = "volume_rank", "mksc_shrn_iscd"
        elif kind in ("gainers", "losers"):
            params = {"FID_COND_MRKT_DIV_CODE": "J", "FID_COND_SCR_DIV_CODE": "20170", "FID_INPUT_ISCD": scope,
                      "FID_RANK_SORT_CLS_CODE": "0000" if kind == "gainers" else "0001", "FID_INPUT_CNT_1": "0",
                      "FID_PRC_CLS_CODE": "0", "FID_INPUT_PRICE_1": "", "FID_INPUT_PRICE_2": "", "FID_VOL_CNT": "",
                      "FID_TRGT_CLS_CODE": "0", "FID_TRGT_EXLS_CLS_CODE": "0", "FID_DIV_CLS_CODE": "0",
                      "FID_RSFL_RATE1": "", "FID_RSFL_RATE2": ""}
            endpoint, code_key = "fluctuation_rank", "stck_shrn_iscd"
        elif kind in ("market_cap", "marketcap", "cap"):
            params = {"FID_COND_MRKT_DIV_CODE": "J", "FID_COND_SCR_DIV_CODE": "20174", "FID_DIV_CLS_CODE": "0",
                      "FID_INPUT_ISCD": scope, "FID_TRGT_CLS_CODE": "0", "FID_TRGT_EXLS_CLS_CODE": "0",
                      "FID_INPUT_PRICE_1": "", "FID_INPUT_PRICE_2": "", "FID_VOL_CNT": ""}
            endpoint, code_key = "market_cap_rank", "mksc_shrn_iscd"
        else:
            raise InvalidInput(f"ranking must be volume, value, gainers, losers or market_cap, not {kind!r}")
        rows = self._market_call(endpoint, params).output or []
        return [RankRow(integer(r.get("data_rank")), string(r.get(code_key)), string(r.get("hts_kor_isnm")),
                        num(r.get("stck_prpr")), num(r.get("prdy_vrss")), num(r.get("prdy_ctrt")),
                        integer(r.get("acml_vol")), opt(r.get("acml_tr_pbmn")),
                        (opt(r.get("stck_avls")) or 0) * 1e8 or None) for r in rows][:n]


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


def refused_dates(exc: KisError) -> bool:
    return exc.msg_cd in UNKNOWN_CODE_MSGS and "DATE" in exc.msg1.upper()

