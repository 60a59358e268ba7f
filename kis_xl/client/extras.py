"""More of the market and the account for KisClient: indices, stock info, calendars, flows, ETFs, ranks,
realised P&L, and any read-only endpoint by name. KIS replies mapped to ``kis_xl.models``.

Market data goes through ``self.market_transport`` (a mock profile may quote through a real key);
account queries through ``self.transport``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .. import krx, spec
from ..codes import normalize_code
from ..errors import InvalidCode, InvalidInput, KisError
from ..models import (
    Bar,
    BrokerFlow,
    EtfQuote,
    IndexQuote,
    InvestorDay,
    MarketDay,
    MinuteBar,
    PnlDay,
    PnlSummary,
    PnlTrade,
    QueryResult,
    Quote,
    RankRow,
    Sellable,
    StockInfo,
    Tick,
)
from .market import UNKNOWN_CODE_MSGS, _bars_back
from .parse import hms, integer, num, opt, ymd

# index code -> English name; typed names map to codes
INDEX_NAMES = {"0001": "KOSPI", "1001": "KOSDAQ", "2001": "KOSPI200"}
_INDEX_WORDS = {"KOSPI": "0001", "코스피": "0001", "종합": "0001", "KOSDAQ": "1001", "코스닥": "1001",
                "KOSPI200": "2001", "KOSPI 200": "2001", "코스피200": "2001", "K200": "2001"}


def index_code(value) -> str:
    """``KOSPI``, ``0001``, ``1`` (what Excel makes of 0001) → the 4-digit index code KIS takes."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip().upper()
    if text in _INDEX_WORDS:
        return _INDEX_WORDS[text]
    if text.isdigit() and len(text) <= 4:
        return text.zfill(4)
    raise InvalidCode(f"not an index code: {value!r} (KOSPI 0001, KOSDAQ 1001, KOSPI200 2001)")


def refused_dates(exc: KisError) -> bool:
    return exc.msg_cd in UNKNOWN_CODE_MSGS and "DATE" in exc.msg1.upper()


class FlowsMixin:
    """Flows, ticks, brokers, minute bars of past days and of the US, ETFs and rankings."""

    def investors(self, code, days: int = 30) -> list[InvestorDay]:
        """Net buying by individuals, foreigners and institutions per session, newest first (≤ 30 sessions)."""
        code = normalize_code(code)
        rows = self._market_call("investors", {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": code},
                                 what=code).output or []
        out = [InvestorDay(day, num(r.get("stck_clpr")), integer(r.get("prsn_ntby_qty")),
                           integer(r.get("frgn_ntby_qty")), integer(r.get("orgn_ntby_qty")),
                           num(r.get("prsn_ntby_tr_pbmn")), num(r.get("frgn_ntby_tr_pbmn")),
                           num(r.get("orgn_ntby_tr_pbmn")))
               for r in rows if (day := ymd(r.get("stck_bsop_date")))]
        return out[:days]

    def ticks(self, code, n: int = 30) -> list[Tick]:
        """The latest trades, newest first (inquire-ccnl gives 30)."""
        code = normalize_code(code)
        rows = self._market_call("ticks", {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": code},
                                 what=code).output or []
        return [Tick(t, num(r.get("stck_prpr")), integer(r.get("cntg_vol")), num(r.get("prdy_vrss")),
                     num(r.get("prdy_ctrt")), num(r.get("tday_rltv")))
                for r in rows if (t := hms(r.get("stck_cntg_hour")))][:n]

    def members(self, code) -> list[BrokerFlow]:
        """Today's top five selling and top five buying brokers (inquire-member)."""
        code = normalize_code(code)
        o = self._market_call("members", {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": code},
                              what=code).output or {}
        out = []
        for side, key in (("sell", "seln"), ("buy", "shnu")):
            for i in range(1, 6):
                name = _text(o.get(f"{key}_mbcr_name{i}"))
                if name:
                    out.append(BrokerFlow(side, i, name, _text(o.get(f"{key}_mbcr_no{i}")),
                                          integer(o.get(f"total_{key}_qty{i}")), num(o.get(f"{key}_mbcr_rlim{i}")),
                                          _text(o.get(f"{key}_mbcr_glob_yn_{i}")) == "Y"))
        return out

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
        return [RankRow(integer(r.get("data_rank")), _text(r.get(code_key)), _text(r.get("hts_kor_isnm")),
                        num(r.get("stck_prpr")), num(r.get("prdy_vrss")), num(r.get("prdy_ctrt")),
                        integer(r.get("acml_vol")), opt(r.get("acml_tr_pbmn")),
                        (opt(r.get("stck_avls")) or 0) * 1e8 or None) for r in rows][:n]


class ExtrasMixin(FlowsMixin):
    """Indices and the rest of issue 15's market and account data."""

    def _market_call(self, endpoint: str, params: dict, *, what: str = "", tr_cont: str = ""):
        try:
            return self.market_transport.call(endpoint, params=params, tr_cont=tr_cont)
        except KisError as exc:
            if refused_dates(exc):
                raise InvalidInput(f"KIS refuses the dates asked ({exc.msg1})") from None
            if exc.msg_cd in UNKNOWN_CODE_MSGS and what:
                raise InvalidCode(f"unknown code {what}") from None
            raise

    # indices -----------------------------------------------------------------------------------
    def index(self, code) -> IndexQuote:
        """An index now (inquire-index-price, FHPUP02100000; real domain only)."""
        code = index_code(code)
        o = self._market_call("index_price", {"FID_COND_MRKT_DIV_CODE": "U", "FID_INPUT_ISCD": code},
                              what=code).output or {}
        level, change = num(o.get("bstp_nmix_prpr")), num(o.get("bstp_nmix_prdy_vrss"))
        return IndexQuote(
            code=code, name=INDEX_NAMES.get(code, code), level=level, change=change,
            change_pct=num(o.get("bstp_nmix_prdy_ctrt")), open=num(o.get("bstp_nmix_oprc")),
            high=num(o.get("bstp_nmix_hgpr")), low=num(o.get("bstp_nmix_lwpr")), prev_close=round(level - change, 2),
            volume=integer(o.get("acml_vol")), value=num(o.get("acml_tr_pbmn")),
            advancing=integer(o.get("ascn_issu_cnt")), declining=integer(o.get("down_issu_cnt")),
            unchanged=integer(o.get("stnr_issu_cnt")), year_high=opt(o.get("dryy_bstp_nmix_hgpr")),
            year_low=opt(o.get("dryy_bstp_nmix_lwpr")), as_of=self.now())

    def index_history(self, code, start: date, end: date | None = None, period: str = "D") -> list[Bar]:
        """Daily (weekly, monthly) index levels, oldest first (inquire-index-daily-price, 100 rows a call)."""
        code = index_code(code)
        period = period.upper()
        if period not in ("D", "W", "M"):
            raise InvalidInput(f"period must be D, W or M for an index, not {period!r}")
        end = end or self.now().date()
        if start > end:
            raise InvalidInput(f"start {start} is after end {end}")

        def page(cursor: date) -> list[Bar]:
            resp = self._market_call("index_daily", {
                "FID_PERIOD_DIV_CODE": period, "FID_COND_MRKT_DIV_CODE": "U", "FID_INPUT_ISCD": code,
                "FID_INPUT_DATE_1": cursor.strftime("%Y%m%d")}, what=code)
            return [Bar(day, num(r.get("bstp_nmix_oprc")), num(r.get("bstp_nmix_hgpr")), num(r.get("bstp_nmix_lwpr")),
                        num(r.get("bstp_nmix_prpr")), integer(r.get("acml_vol")), num(r.get("acml_tr_pbmn")))
                    for r in resp.output2 or [] if (day := ymd(r.get("stck_bsop_date")))]

        return _bars_back(page, start, end, spec.ENDPOINTS["index_daily"].rows(self.market_domain))

    # stock details -------------------------------------------------------------------------------
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
            extra = {"product_class": _text(s.get("prdt_clsf_cd")) or None, "registered": ymd(s.get("frst_erlm_dt"))}
        return StockInfo(
            code=code, name=_text(o.get("prdt_abrv_name")) or _text(o.get("prdt_name")),
            name_en=_text(o.get("prdt_eng_abrv_name")) or _text(o.get("prdt_eng_name")), market=market,
            kind={"EF": "ETF", "EN": "ETN"}.get(_text(o.get("scty_grp_id_cd")), "stock"),
            sector=_text(o.get("idx_bztp_lcls_cd_name")), sector_medium=_text(o.get("idx_bztp_mcls_cd_name")),
            industry=_text(o.get("std_idst_clsf_cd_name")), listed=listed, delisted=delisted,
            par_value=num(o.get("papr")), listed_shares=integer(o.get("lstg_stqt")), capital=num(o.get("cpta")),
            settlement_month=int(month[:2]) if month[:2].isdigit() else None, isin=_text(o.get("std_pdno")),
            kospi200=_text(o.get("kospi200_item_yn")) == "Y", halted=_text(o.get("tr_stop_yn")) == "Y",
            administrative=_text(o.get("admn_item_yn")) == "Y", close=opt(o.get("thdt_clpr")),
            prev_close=opt(o.get("bfdy_clpr")), nxt=_text(o.get("cptt_trad_tr_psbl_yn")) == "Y",
            nxt_halted=_text(o.get("nxt_tr_stop_yn")) == "Y", **extra)

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

    # the KRX calendar ----------------------------------------------------------------------------
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
                    days[day] = MarketDay(day, _WEEKDAYS[day.weekday()], _text(r.get("bzdy_yn")) == "Y",
                                          _text(r.get("tr_day_yn")) == "Y", _text(r.get("opnd_yn")) == "Y",
                                          _text(r.get("sttl_day_yn")) == "Y")
            newest = max(days, default=None)
            if newest is None or newest >= end or newest < cursor:
                break
            cursor = newest + timedelta(days=1)
        return [days[d] for d in sorted(days) if start <= d <= end]

    def is_open(self, day: date | None = None) -> bool:
        """True when KRX opens on ``day`` (default: the server's today), as chk-holiday's opnd_yn says."""
        day = day or self.now().date()
        return self.holidays(day, day)[0].open_day

    # the account ---------------------------------------------------------------------------------
    def sellable(self, code) -> Sellable:
        """inquire-psbl-sell (TTTC8408R, real accounts). On the mock domain, which lacks it, the balance's
        orderable quantity (ord_psbl_qty) answers instead."""
        code = normalize_code(code)
        if self.domain != spec.REAL:
            h = next((h for h in self.balance().holdings if h.code == code), None)
            if h is None:
                return Sellable(code, 0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0)
            return Sellable(code, h.orderable_qty, h.quantity, 0, 0, h.avg_price, h.price, h.evaluation, h.pnl,
                            h.pnl_pct)
        try:
            o = self.transport.call("sellable", params=dict(self._account(), PDNO=code)).output or {}
        except KisError as exc:
            if exc.msg_cd in UNKNOWN_CODE_MSGS:
                raise InvalidCode(f"unknown code {code}") from None
            raise
        return Sellable(code, integer(o.get("ord_psbl_qty")), integer(o.get("cblc_qty")), integer(o.get("buy_qty")),
                        integer(o.get("sll_qty")), num(o.get("pchs_avg_pric")), num(o.get("now_pric")),
                        num(o.get("evlu_amt")), num(o.get("evlu_pfls_amt")), num(o.get("evlu_pfls_rt")))


    # realised P&L ------------------------------------------------------------------------------
    def _period_query(self, endpoint: str, start: date, end: date | None, code=None):
        end = end or self.now().date()
        if start > end:
            raise InvalidInput(f"start {start} is after end {end}")
        params = dict(self._account(), INQR_STRT_DT=start.strftime("%Y%m%d"), INQR_END_DT=end.strftime("%Y%m%d"),
                      SORT_DVSN="01", CBLC_DVSN="00", PDNO=normalize_code(code) if code else "")
        if endpoint == "period_profit":
            params["INQR_DVSN"] = "00"
        try:
            return self.transport.paged(endpoint, params=params)
        except KisError as exc:
            if refused_dates(exc):
                raise InvalidInput(f"KIS refuses the dates asked ({exc.msg1})") from None
            raise

    @staticmethod
    def _summary(o: dict) -> PnlSummary:
        return PnlSummary(num(o.get("tot_rlzt_pfls")), num(o.get("sll_tr_amt_smtl")), num(o.get("buy_tr_amt_smtl")),
                          num(o.get("tot_fee")), num(o.get("tot_tltx")), opt(o.get("tot_pftrt")))

    def pnl_by_day(self, start: date, end: date | None = None) -> tuple[list[PnlDay], PnlSummary]:
        """Realised P&L summed by day, oldest first, and the period's totals (TTTC8708R, real accounts)."""
        rows, resp = self._period_query("period_profit", start, end)
        days = [PnlDay(d, num(r.get("rlzt_pfls")), num(r.get("pfls_rt")), num(r.get("sll_amt")), num(r.get("buy_amt")),
                       num(r.get("fee")), num(r.get("tl_tax")), integer(r.get("sll_qty1")), integer(r.get("buy_qty1")))
                for r in rows if (d := ymd(r.get("trad_dt")))]
        out2 = resp.output2
        return sorted(days, key=lambda x: x.date), self._summary(out2[0] if isinstance(out2, list) and out2 else out2 or {})

    def pnl_by_stock(self, start: date, end: date | None = None, code=None) -> tuple[list[PnlTrade], PnlSummary]:
        """Realised P&L by day and stock, oldest first, and the period's totals (TTTC8715R, real accounts)."""
        rows, resp = self._period_query("period_trade_profit", start, end, code)
        trades = [PnlTrade(d, _text(r.get("pdno")), _text(r.get("prdt_name")), integer(r.get("sll_qty")),
                           num(r.get("sll_pric")), num(r.get("sll_amt")), num(r.get("pchs_unpr")),
                           num(r.get("rlzt_pfls")), num(r.get("pfls_rt")), num(r.get("fee")), num(r.get("tl_tax")),
                           integer(r.get("buy_qty")), num(r.get("buy_amt")))
                  for r in rows if (d := ymd(r.get("trad_dt")))]
        out2 = resp.output2
        return (sorted(trades, key=lambda x: (x.date, x.code)),
                self._summary(out2[0] if isinstance(out2, list) and out2 else out2 or {}))

    # any read-only endpoint --------------------------------------------------------------------------
    def query(self, api: str, params: dict | None = None, output: str | None = None,
              max_pages: int = 20) -> QueryResult:
        """Any read-only endpoint the spec knows, by name or path (``inquire-index-price``), with KIS's own
        parameter names, validated against the spec (CANO/ACNT_PRDT_CD come from the profile). Follows
        tr_cont pages up to ``max_pages``; rows keep KIS's field names and string values."""
        try:
            ep = spec.find_endpoint(api)
        except KeyError as exc:
            raise InvalidInput(str(exc.args[0])) from None
        if not ep.read_only:
            raise InvalidInput(f"{api} places orders: KIS_QUERY only reads")
        given = {str(k).strip().upper(): "" if v is None else str(v) for k, v in (params or {}).items()}
        account = "/trading/" in ep.path
        if account:
            given = {**self._account(), **given}
        allowed = set(ep.inputs)
        unknown = sorted(set(given) - allowed)
        if unknown:
            raise InvalidInput(f"unknown parameter {unknown[0]} for {ep.name}: it takes "
                               f"{', '.join(k for k in ep.inputs if k not in ('CANO', 'ACNT_PRDT_CD'))}")
        missing = [k for k in ep.required if k not in given]
        if missing:
            raise InvalidInput(f"{ep.name} needs {', '.join(missing)}")
        transport = self.transport if account else self.market_transport
        outputs: dict[str, list] = {}
        query, tr_cont = dict(given), ""
        for _ in range(max_pages):
            try:
                resp = transport.call(ep.name, params=query, tr_cont=tr_cont)
            except KisError as exc:
                if refused_dates(exc):
                    raise InvalidInput(f"KIS refuses the dates asked ({exc.msg1})") from None
                if exc.msg_cd in UNKNOWN_CODE_MSGS:
                    raise InvalidInput(f"KIS refused the input: {exc.msg1}") from None
                raise
            for key in ("output", "output1", "output2", "output3"):
                value = resp.body.get(key)
                if value is None:
                    continue
                rows = value if isinstance(value, list) else [value]
                if isinstance(value, list) or key not in outputs:
                    outputs.setdefault(key, []).extend(r for r in rows if isinstance(r, dict))
                else:
                    outputs[key] = [r for r in rows if isinstance(r, dict)]  # a summary: the last page's
            ctx = {k.upper(): v for k, v in resp.body.items() if k.lower().startswith("ctx_area_")}
            if not resp.has_more or not ctx:
                break
            query.update(ctx)
            tr_cont = "N"
        if output:
            key = output.strip().lower()
            if key not in outputs:
                raise InvalidInput(f"{ep.name} answers {', '.join(outputs) or 'nothing'}, not {output}")
        else:
            lists = [k for k in outputs if len(outputs[k]) > 1]
            key = max(lists, key=lambda k: len(outputs[k])) if lists else next(iter(outputs), "output")
        return QueryResult(ep.name, key, outputs.get(key, []), outputs)

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _text(value) -> str:
    return str(value if value is not None else "").strip()

