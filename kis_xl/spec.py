"""KIS Open API facts as data: domains, endpoints, tr_ids, limits, message codes.

This is the one module the client and the simulator share. It holds only what KIS publishes
(KIS's sample repository koreainvestment/open-trading-api, ``examples_llm/<category>/<api>/``:
tr_ids, parameters and the inputs its functions require), never behaviour, so the simulator
stands on the spec rather than on our client.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Domain = Literal["real", "mock"]
REAL: Domain = "real"
MOCK: Domain = "mock"

REST_URLS: dict[Domain, str] = {
    REAL: "https://openapi.koreainvestment.com:9443",
    MOCK: "https://openapivts.koreainvestment.com:29443",
}
WS_URLS: dict[Domain, str] = {
    REAL: "ws://ops.koreainvestment.com:21000",
    MOCK: "ws://ops.koreainvestment.com:31000",
}

# Requests per second per app key, as KIS publishes them; the client keeps to them exactly (client.ratelimit).
RATE_LIMITS: dict[Domain, int] = {REAL: 20, MOCK: 2}
TOKEN_ISSUE_INTERVAL_S = 60  # at most one tokenP per app key per minute (EGW00133)
TOKEN_LIFETIME_S = 86_400
TOKEN_SAME_WITHIN_S = 6 * 3600  # re-issue within 6 h returns the same token
TOKEN_EXPIRY_FORMAT = "%Y-%m-%d %H:%M:%S"  # access_token_token_expired, KST

APP_KEY_LENGTH = 36
APP_SECRET_LENGTH = 180

AUTH_TOKEN_PATH = "/oauth2/tokenP"
AUTH_REVOKE_PATH = "/oauth2/revokeP"
AUTH_APPROVAL_PATH = "/oauth2/Approval"
HASHKEY_PATH = "/uapi/hashkey"

STOCK_CODE_RE = re.compile(r"^[0-9]{4}[0-9A-Z][0-9]$")  # 6-char short code; 5th place may be a letter since 2024
ACCOUNT_RE = re.compile(r"^([0-9]{8})-?([0-9]{2})$")  # CANO + ACNT_PRDT_CD

# US exchanges: quotes use 3-letter EXCD, trading uses 4-letter OVRS_EXCG_CD.
US_QUOTE_EXCHANGES = ("NAS", "NYS", "AMS")
US_QUOTE_TO_TRADE = {"NAS": "NASD", "NYS": "NYSE", "AMS": "AMEX"}
US_TRADE_TO_QUOTE = {v: k for k, v in US_QUOTE_TO_TRADE.items()}


@dataclass(frozen=True)
class Endpoint:
    """One KIS REST API: its path, method and tr_id on each domain.

    ``tr_id_mock`` is None where KIS marks the API "모의투자 미지원". ``page_rows`` is KIS's
    rows-per-call cap on each domain for paged APIs. ``required`` are the inputs KIS's sample
    function for the API refuses to go without (``examples_llm/<category>/<api>/<api>.py``).
    """

    name: str
    method: Literal["GET", "POST"]
    path: str
    tr_id_real: str
    tr_id_mock: str | None
    page_rows: tuple[int, int] | None = None  # (real, mock)
    is_order: bool = False
    required: tuple[str, ...] = ()  # query keys / body fields KIS refuses the call without
    optional: tuple[str, ...] = ()  # further inputs KIS's sample sends (KIS_QUERY accepts these too)

    @property
    def read_only(self) -> bool:
        """A query (GET, not an order): what KIS_QUERY may call."""
        return self.method == "GET" and not self.is_order

    @property
    def inputs(self) -> tuple[str, ...]:
        return self.required + tuple(k for k in self.optional if k not in self.required)

    def tr_id(self, domain: Domain) -> str | None:
        return self.tr_id_real if domain == REAL else self.tr_id_mock

    def rows(self, domain: Domain) -> int | None:
        if self.page_rows is None:
            return None
        return self.page_rows[0] if domain == REAL else self.page_rows[1]


_Q = "/uapi/domestic-stock/v1/quotations"
_T = "/uapi/domestic-stock/v1/trading"
_OQ = "/uapi/overseas-price/v1/quotations"
_OT = "/uapi/overseas-stock/v1/trading"
_FIN = "/uapi/domestic-stock/v1/finance"
_KSD = "/uapi/domestic-stock/v1/ksdinfo"


def _keys(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_ACCT = "CANO ACNT_PRDT_CD "
_FID = "FID_COND_MRKT_DIV_CODE FID_INPUT_ISCD "
_DOMESTIC_ORDER = _keys(_ACCT + "PDNO ORD_DVSN ORD_QTY ORD_UNPR")
_US_ORDER = _keys(_ACCT + "OVRS_EXCG_CD PDNO ORD_QTY OVRS_ORD_UNPR ORD_SVR_DVSN_CD ORD_DVSN")
_US_DAY = _US_ORDER  # daytime_order's sample requires the same inputs as the order endpoint's
_RESERVATION = _keys(_ACCT + "RSVN_ORD_SEQ RSVN_ORD_ORGNO RSVN_ORD_ORD_DT")
_US_RESERVATION = _keys(_ACCT + "PDNO OVRS_EXCG_CD FT_ORD_QTY FT_ORD_UNPR3")
_US_RESERVATION_OPTIONS = _keys("SLL_BUY_DVSN_CD RVSE_CNCL_DVSN_CD PRDT_TYPE_CD ORD_SVR_DVSN_CD RSVN_ORD_RCIT_DT "
                                "ORD_DVSN OVRS_RSVN_ODNO ALGO_ORD_TMD_DVSN_CD")

def _ksd(name: str, path: str, tr_id: str, required: str = "F_DT T_DT") -> Endpoint:
    """A KSD schedule (예탁원정보): GET under ksdinfo/, real domain only, one stock (SHT_CD) or every stock."""
    return Endpoint(name, "GET", f"{_KSD}/{path}", tr_id, None, required=_keys(required), optional=_keys("CTS SHT_CD"))


ENDPOINTS: dict[str, Endpoint] = {
    e.name: e
    for e in [
        # Domestic quotations: tr_ids shared by both domains unless not offered on mock.
        Endpoint("price", "GET", f"{_Q}/inquire-price", "FHKST01010100", "FHKST01010100", required=_keys(_FID)),
        Endpoint("multi_price", "GET", f"{_Q}/intstock-multprice", "FHKST11300006", None,
                 required=("FID_COND_MRKT_DIV_CODE_1", "FID_INPUT_ISCD_1")),
        Endpoint("orderbook", "GET", f"{_Q}/inquire-asking-price-exp-ccn", "FHKST01010200", "FHKST01010200",
                 required=_keys(_FID)),
        Endpoint("chart", "GET", f"{_Q}/inquire-daily-itemchartprice", "FHKST03010100", "FHKST03010100",
                 page_rows=(100, 100),
                 required=_keys(_FID + "FID_INPUT_DATE_1 FID_INPUT_DATE_2 FID_PERIOD_DIV_CODE FID_ORG_ADJ_PRC")),
        Endpoint("daily_price", "GET", f"{_Q}/inquire-daily-price", "FHKST01010400", "FHKST01010400",
                 required=_keys(_FID + "FID_PERIOD_DIV_CODE FID_ORG_ADJ_PRC")),
        Endpoint("minute_chart", "GET", f"{_Q}/inquire-time-itemchartprice", "FHKST03010200", "FHKST03010200",
                 page_rows=(30, 30), required=_keys(_FID + "FID_INPUT_HOUR_1 FID_PW_DATA_INCU_YN"),
                 optional=("FID_ETC_CLS_CODE",)),
        Endpoint("investors", "GET", f"{_Q}/inquire-investor", "FHKST01010900", "FHKST01010900", required=_keys(_FID)),
        Endpoint("ticks", "GET", f"{_Q}/inquire-ccnl", "FHKST01010300", "FHKST01010300", required=_keys(_FID)),
        Endpoint("members", "GET", f"{_Q}/inquire-member", "FHKST01010600", "FHKST01010600", required=_keys(_FID)),
        # Flows traders watch (KIS's samples take no env_dv for these: 모의투자 미지원, like the rankings).
        Endpoint("volume_power", "GET", "/uapi/domestic-stock/v1/ranking/volume-power", "FHPST01680000", None,
                 required=_keys("FID_TRGT_EXLS_CLS_CODE FID_COND_MRKT_DIV_CODE FID_COND_SCR_DIV_CODE FID_INPUT_ISCD "
                                "FID_DIV_CLS_CODE FID_TRGT_CLS_CODE"),
                 optional=_keys("FID_INPUT_PRICE_1 FID_INPUT_PRICE_2 FID_VOL_CNT")),
        Endpoint("investor_daily", "GET", f"{_Q}/investor-trade-by-stock-daily", "FHPTJ04160001", None,
                 required=_keys(_FID + "FID_INPUT_DATE_1"), optional=("FID_ORG_ADJ_PRC", "FID_ETC_CLS_CODE")),
        Endpoint("program_trade", "GET", f"{_Q}/program-trade-by-stock", "FHPPG04650101", None, required=_keys(_FID)),
        Endpoint("program_daily", "GET", f"{_Q}/program-trade-by-stock-daily", "FHPPG04650201", None,
                 required=_keys(_FID + "FID_INPUT_DATE_1")),
        Endpoint("short_sale_daily", "GET", f"{_Q}/daily-short-sale", "FHPST04830000", None, required=_keys(_FID),
                 optional=("FID_INPUT_DATE_1", "FID_INPUT_DATE_2")),
        # 30 rows a call; the next call asks from the day before the last row (FID_INPUT_DATE_1, 결제일자).
        Endpoint("credit_daily", "GET", f"{_Q}/daily-credit-balance", "FHPST04760000", None, page_rows=(30, 30),
                 required=_keys("FID_COND_MRKT_DIV_CODE FID_COND_SCR_DIV_CODE FID_INPUT_ISCD FID_INPUT_DATE_1")),
        Endpoint("minute_chart_daily", "GET", f"{_Q}/inquire-time-dailychartprice", "FHKST03010230", None,
                 page_rows=(120, 120), required=_keys(_FID + "FID_INPUT_HOUR_1 FID_INPUT_DATE_1"),
                 optional=("FID_PW_DATA_INCU_YN", "FID_FAKE_TICK_INCU_YN")),
        Endpoint("etf_price", "GET", "/uapi/etfetn/v1/quotations/inquire-price", "FHPST02400000", None,
                 required=_keys(_FID)),
        # Rankings (top 30 rows): 모의투자 미지원.
        Endpoint("volume_rank", "GET", f"{_Q}/volume-rank", "FHPST01710000", None,
                 required=_keys("FID_COND_MRKT_DIV_CODE FID_COND_SCR_DIV_CODE FID_INPUT_ISCD FID_DIV_CLS_CODE "
                                "FID_BLNG_CLS_CODE"),
                 optional=_keys("FID_TRGT_CLS_CODE FID_TRGT_EXLS_CLS_CODE FID_INPUT_PRICE_1 FID_INPUT_PRICE_2 "
                                "FID_VOL_CNT FID_INPUT_DATE_1")),
        Endpoint("fluctuation_rank", "GET", "/uapi/domestic-stock/v1/ranking/fluctuation", "FHPST01700000", None,
                 required=("FID_COND_MRKT_DIV_CODE", "FID_COND_SCR_DIV_CODE"),
                 optional=_keys("FID_INPUT_ISCD FID_RANK_SORT_CLS_CODE FID_INPUT_CNT_1 FID_PRC_CLS_CODE "
                                "FID_INPUT_PRICE_1 FID_INPUT_PRICE_2 FID_VOL_CNT FID_TRGT_CLS_CODE "
                                "FID_TRGT_EXLS_CLS_CODE FID_DIV_CLS_CODE FID_RSFL_RATE1 FID_RSFL_RATE2")),
        Endpoint("market_cap_rank", "GET", "/uapi/domestic-stock/v1/ranking/market-cap", "FHPST01740000", None,
                 required=_keys("FID_COND_MRKT_DIV_CODE FID_COND_SCR_DIV_CODE FID_DIV_CLS_CODE FID_INPUT_ISCD "
                                "FID_TRGT_CLS_CODE FID_TRGT_EXLS_CLS_CODE"),
                 optional=_keys("FID_INPUT_PRICE_1 FID_INPUT_PRICE_2 FID_VOL_CNT")),
        Endpoint("search_info", "GET", f"{_Q}/search-info", "CTPF1604R", None, required=("PDNO", "PRDT_TYPE_CD")),
        Endpoint("holiday", "GET", f"{_Q}/chk-holiday", "CTCA0903R", None, required=("BASS_DT",),
                 optional=("CTX_AREA_FK", "CTX_AREA_NK")),
        # Indices (업종): FID_COND_MRKT_DIV_CODE "U"; 0001 KOSPI, 1001 KOSDAQ, 2001 KOSPI200. 모의투자 미지원.
        Endpoint("index_price", "GET", f"{_Q}/inquire-index-price", "FHPUP02100000", None, required=_keys(_FID)),
        Endpoint("index_daily", "GET", f"{_Q}/inquire-index-daily-price", "FHPUP02120000", None,
                 page_rows=(100, 100), required=_keys("FID_PERIOD_DIV_CODE " + _FID + "FID_INPUT_DATE_1")),
        # Condition search (종목조건검색) and watchlists (관심종목): the user's own lists on KIS's server, keyed by the
        # HTS id; KIS's samples give one tr_id and no mock one (모의투자 미지원). psearch-result: 100 rows a condition.
        Endpoint("psearch_title", "GET", f"{_Q}/psearch-title", "HHKST03900300", None, required=("user_id",)),
        Endpoint("psearch_result", "GET", f"{_Q}/psearch-result", "HHKST03900400", None, required=("user_id", "seq")),
        Endpoint("intstock_grouplist", "GET", f"{_Q}/intstock-grouplist", "HHKCM113004C7", None,
                 required=("TYPE", "FID_ETC_CLS_CODE", "USER_ID")),
        Endpoint("intstock_stocklist_by_group", "GET", f"{_Q}/intstock-stocklist-by-group", "HHKCM113004C6", None,
                 required=("TYPE", "USER_ID", "INTER_GRP_CODE", "FID_ETC_CLS_CODE"),
                 optional=_keys("DATA_RANK INTER_GRP_NAME HTS_KOR_ISNM CNTG_CLS_CODE")),
        Endpoint("stock_info", "GET", f"{_Q}/search-stock-info", "CTPF1002R", None, required=("PRDT_TYPE_CD", "PDNO")),
        # 종목정보: financial statements and ratios (FID_DIV_CLS_CODE 0 year, 1 quarter), analysts' estimates and
        # opinions, KSD's dividend schedule (예탁원정보). Only KIS's 실전 Postman collection lists them, its 모의 one
        # does not (legacy/postman): 모의투자 미지원.
        Endpoint("financial_ratio", "GET", f"{_FIN}/financial-ratio", "FHKST66430300", None,
                 required=_keys("FID_DIV_CLS_CODE " + _FID)),
        Endpoint("income_statement", "GET", f"{_FIN}/income-statement", "FHKST66430200", None,
                 required=_keys("FID_DIV_CLS_CODE " + _FID)),
        Endpoint("balance_sheet", "GET", f"{_FIN}/balance-sheet", "FHKST66430100", None,
                 required=_keys("FID_DIV_CLS_CODE " + _FID)),
        Endpoint("growth_ratio", "GET", f"{_FIN}/growth-ratio", "FHKST66430800", None,
                 required=_keys("FID_DIV_CLS_CODE " + _FID)),
        Endpoint("profit_ratio", "GET", f"{_FIN}/profit-ratio", "FHKST66430400", None,
                 required=_keys("FID_DIV_CLS_CODE " + _FID)),
        Endpoint("estimate_perform", "GET", f"{_Q}/estimate-perform", "HHKST668300C0", None, required=("SHT_CD",)),
        Endpoint("invest_opinion", "GET", f"{_Q}/invest-opinion", "FHKST663300C0", None,
                 required=_keys(_FID + "FID_COND_SCR_DIV_CODE FID_INPUT_DATE_1 FID_INPUT_DATE_2")),
        Endpoint("ksd_dividend", "GET", f"{_KSD}/dividend", "HHKDB669102C0", None,
                 required=_keys("GB1 F_DT T_DT"), optional=_keys("CTS SHT_CD HIGH_GB")),
        # KSD's other schedules a holder acts on (예탁원정보) and the dividend-rate ranking: the same evidence, only
        # the 실전 Postman collection lists them (모의투자 미지원). F_DT/T_DT are 기준일 (paidin-capin: GB1 2).
        _ksd("ksd_bonus_issue", "bonus-issue", "HHKDB669101C0"),
        _ksd("ksd_paidin_capin", "paidin-capin", "HHKDB669100C0", "GB1 F_DT T_DT"),
        _ksd("ksd_rev_split", "rev-split", "HHKDB669105C0", "F_DT T_DT MARKET_GB"),
        _ksd("ksd_merger_split", "merger-split", "HHKDB669104C0"),
        _ksd("ksd_purreq", "purreq", "HHKDB669103C0"),
        _ksd("ksd_cap_dcrs", "cap-dcrs", "HHKDB669106C0"),
        _ksd("ksd_sharehld_meet", "sharehld-meet", "HHKDB669111C0"),
        Endpoint("dividend_rate_rank", "GET", "/uapi/domestic-stock/v1/ranking/dividend-rate", "HHKDB13470100", None,
                 required=_keys("GB1 UPJONG GB2 GB3 F_DT T_DT GB4"), optional=("CTS_AREA",)),
        # Domestic trading: mock tr_ids start with V.
        Endpoint("balance", "GET", f"{_T}/inquire-balance", "TTTC8434R", "VTTC8434R", page_rows=(50, 20),
                 required=_keys(_ACCT + "AFHR_FLPR_YN INQR_DVSN UNPR_DVSN FUND_STTL_ICLD_YN FNCG_AMT_AUTO_RDPT_YN "
                                        "PRCS_DVSN"),
                 optional=("OFL_YN", "CTX_AREA_FK100", "CTX_AREA_NK100")),
        Endpoint("buying_power", "GET", f"{_T}/inquire-psbl-order", "TTTC8908R", "VTTC8908R",
                 required=_keys(_ACCT + "PDNO ORD_UNPR ORD_DVSN CMA_EVLU_AMT_ICLD_YN OVRS_ICLD_YN")),
        Endpoint("order_sell", "POST", f"{_T}/order-cash", "TTTC0011U", "VTTC0011U", is_order=True,
                 required=_DOMESTIC_ORDER),
        Endpoint("order_buy", "POST", f"{_T}/order-cash", "TTTC0012U", "VTTC0012U", is_order=True,
                 required=_DOMESTIC_ORDER),
        Endpoint("order_modify", "POST", f"{_T}/order-rvsecncl", "TTTC0013U", "VTTC0013U", is_order=True,
                 required=_keys(_ACCT + "KRX_FWDG_ORD_ORGNO ORGN_ODNO ORD_DVSN RVSE_CNCL_DVSN_CD ORD_QTY ORD_UNPR "
                                        "QTY_ALL_ORD_YN")),
        # Reservations (예약주문), domestic: 모의투자 미지원 (KIS's order_resv* samples).
        Endpoint("reserve", "POST", f"{_T}/order-resv", "CTSC0008U", None, is_order=True,
                 required=_keys(_ACCT + "PDNO ORD_QTY ORD_UNPR SLL_BUY_DVSN_CD ORD_DVSN_CD ORD_OBJT_CBLC_DVSN_CD"),
                 optional=_keys("LOAN_DT RSVN_ORD_END_DT LDNG_DT")),
        Endpoint("reservations", "GET", f"{_T}/order-resv-ccnl", "CTSC0004R", None, page_rows=(20, 20),
                 required=_keys("RSVN_ORD_ORD_DT RSVN_ORD_END_DT TMNL_MDIA_KIND_CD " + _ACCT + "PRCS_DVSN_CD CNCL_YN"),
                 optional=_keys("RSVN_ORD_SEQ PDNO SLL_BUY_DVSN_CD CTX_AREA_FK200 CTX_AREA_NK200")),
        Endpoint("reserve_cancel", "POST", f"{_T}/order-resv-rvsecncl", "CTSC0009U", None, is_order=True,
                 required=_RESERVATION),
        Endpoint("reserve_modify", "POST", f"{_T}/order-resv-rvsecncl", "CTSC0013U", None, is_order=True,
                 required=_RESERVATION, optional=_keys("PDNO ORD_QTY ORD_UNPR SLL_BUY_DVSN_CD ORD_DVSN_CD "
                                                       "ORD_OBJT_CBLC_DVSN_CD LOAN_DT RSVN_ORD_END_DT CTAL_TLNO")),
        Endpoint("pending", "GET", f"{_T}/inquire-psbl-rvsecncl", "TTTC0084R", None, page_rows=(50, 50),
                 required=_keys(_ACCT + "INQR_DVSN_1 INQR_DVSN_2"), optional=("CTX_AREA_FK100", "CTX_AREA_NK100")),
        Endpoint("sellable", "GET", f"{_T}/inquire-psbl-sell", "TTTC8408R", None, required=_keys(_ACCT + "PDNO")),
        Endpoint("period_profit", "GET", f"{_T}/inquire-period-profit", "TTTC8708R", None, page_rows=(50, 50),
                 required=_keys(_ACCT + "INQR_STRT_DT INQR_END_DT SORT_DVSN INQR_DVSN CBLC_DVSN"),
                 optional=("PDNO", "CTX_AREA_FK100", "CTX_AREA_NK100")),
        Endpoint("period_trade_profit", "GET", f"{_T}/inquire-period-trade-profit", "TTTC8715R", None,
                 page_rows=(50, 50), required=_keys(_ACCT + "SORT_DVSN INQR_STRT_DT INQR_END_DT CBLC_DVSN"),
                 optional=("PDNO", "CTX_AREA_FK100", "CTX_AREA_NK100")),
        Endpoint("daily_orders", "GET", f"{_T}/inquire-daily-ccld", "TTTC0081R", "VTTC0081R", page_rows=(100, 15),
                 required=_keys(_ACCT + "INQR_STRT_DT INQR_END_DT SLL_BUY_DVSN_CD CCLD_DVSN INQR_DVSN INQR_DVSN_3"),
                 optional=_keys("PDNO ORD_GNO_BRNO ODNO INQR_DVSN_1 EXCG_ID_DVSN_CD CTX_AREA_FK100 CTX_AREA_NK100")),
        Endpoint("daily_orders_old", "GET", f"{_T}/inquire-daily-ccld", "CTSC9215R", "VTSC9215R",
                 page_rows=(100, 15),
                 required=_keys(_ACCT + "INQR_STRT_DT INQR_END_DT SLL_BUY_DVSN_CD CCLD_DVSN INQR_DVSN INQR_DVSN_3")),
        # Overseas (US).
        Endpoint("us_price", "GET", f"{_OQ}/price", "HHDFS00000300", "HHDFS00000300", required=("EXCD", "SYMB"),
                 optional=("AUTH",)),
        Endpoint("us_daily", "GET", f"{_OQ}/dailyprice", "HHDFS76240000", "HHDFS76240000", page_rows=(100, 100),
                 required=("EXCD", "SYMB", "GUBN", "MODP"), optional=("AUTH", "BYMD")),
        Endpoint("us_minutes", "GET", f"{_OQ}/inquire-time-itemchartprice", "HHDFS76950200", None,
                 page_rows=(120, 120), required=_keys("EXCD SYMB NMIN PINC NREC"),
                 optional=_keys("AUTH NEXT FILL KEYB")),
        # US detail (현재가상세, 현재가 1호가) and the period P&L (해외주식 기간손익): KIS's samples take no env_dv for
        # them (모의투자 미지원). The P&L's rows per call are not in KIS's material: 20 assumed (UNCONFIRMED).
        Endpoint("us_price_detail", "GET", f"{_OQ}/price-detail", "HHDFS76200200", None, required=("EXCD", "SYMB"),
                 optional=("AUTH",)),
        Endpoint("us_orderbook", "GET", f"{_OQ}/inquire-asking-price", "HHDFS76200100", None,
                 required=("EXCD", "SYMB"), optional=("AUTH",)),
        Endpoint("us_period_profit", "GET", f"{_OT}/inquire-period-profit", "TTTS3039R", None, page_rows=(20, 20),
                 required=_keys(_ACCT + "OVRS_EXCG_CD CRCY_CD INQR_STRT_DT INQR_END_DT WCRC_FRCR_DVSN_CD"),
                 optional=_keys("NATN_CD PDNO CTX_AREA_FK200 CTX_AREA_NK200")),
        Endpoint("us_order_buy", "POST", f"{_OT}/order", "TTTT1002U", "VTTT1002U", is_order=True,
                 required=_US_ORDER),
        Endpoint("us_order_sell", "POST", f"{_OT}/order", "TTTT1006U", "VTTT1001U", is_order=True,
                 required=_US_ORDER),
        Endpoint("us_order_modify", "POST", f"{_OT}/order-rvsecncl", "TTTT1004U", "VTTT1004U", is_order=True,
                 required=_keys(_ACCT + "OVRS_EXCG_CD PDNO ORGN_ODNO RVSE_CNCL_DVSN_CD ORD_QTY OVRS_ORD_UNPR")),
        # The US daytime session (미국주간, 10:00-18:00 KST, limit orders only): 모의투자 미지원.
        Endpoint("daytime_buy", "POST", f"{_OT}/daytime-order", "TTTS6036U", None, is_order=True, required=_US_DAY,
                 optional=("CTAC_TLNO", "MGCO_APTM_ODNO")),
        Endpoint("daytime_sell", "POST", f"{_OT}/daytime-order", "TTTS6037U", None, is_order=True, required=_US_DAY,
                 optional=("CTAC_TLNO", "MGCO_APTM_ODNO")),
        Endpoint("daytime_modify", "POST", f"{_OT}/daytime-order-rvsecncl", "TTTS6038U", None, is_order=True,
                 required=_keys(_ACCT + "OVRS_EXCG_CD PDNO ORGN_ODNO RVSE_CNCL_DVSN_CD ORD_QTY OVRS_ORD_UNPR "
                                        "ORD_SVR_DVSN_CD"), optional=("CTAC_TLNO", "MGCO_APTM_ODNO")),
        # US reservations (해외주식 예약주문): sent at the next regular open; the list is 모의투자 미지원.
        Endpoint("us_reserve_buy", "POST", f"{_OT}/order-resv", "TTTT3014U", "VTTT3014U", is_order=True,
                 required=_US_RESERVATION, optional=_US_RESERVATION_OPTIONS),
        Endpoint("us_reserve_sell", "POST", f"{_OT}/order-resv", "TTTT3016U", "VTTT3016U", is_order=True,
                 required=_US_RESERVATION, optional=_US_RESERVATION_OPTIONS),
        Endpoint("us_reservations", "GET", f"{_OT}/order-resv-list", "TTTT3039R", None, page_rows=(20, 20),
                 required=_keys(_ACCT + "INQR_STRT_DT INQR_END_DT INQR_DVSN_CD OVRS_EXCG_CD"),
                 optional=_keys("PRDT_TYPE_CD CTX_AREA_FK200 CTX_AREA_NK200")),
        Endpoint("us_reserve_cancel", "POST", f"{_OT}/order-resv-ccnl", "TTTT3017U", "VTTT3017U", is_order=True,
                 required=_keys(_ACCT + "RSVN_ORD_RCIT_DT OVRS_RSVN_ODNO")),
        Endpoint("us_balance", "GET", f"{_OT}/inquire-balance", "TTTS3012R", "VTTS3012R", page_rows=(100, 100),
                 required=_keys(_ACCT + "OVRS_EXCG_CD TR_CRCY_CD"), optional=("CTX_AREA_FK200", "CTX_AREA_NK200")),
        Endpoint("us_present_balance", "GET", f"{_OT}/inquire-present-balance", "CTRP6504R", "VTRP6504R",
                 required=_keys(_ACCT + "WCRC_FRCR_DVSN_CD NATN_CD TR_MKET_CD INQR_DVSN_CD")),
        Endpoint("us_buying_power", "GET", f"{_OT}/inquire-psamount", "TTTS3007R", "VTTS3007R",
                 required=_keys(_ACCT + "OVRS_EXCG_CD OVRS_ORD_UNPR ITEM_CD")),
        Endpoint("us_orders", "GET", f"{_OT}/inquire-ccnl", "TTTS3035R", "VTTS3035R", page_rows=(100, 15),
                 required=_keys(_ACCT + "ORD_STRT_DT ORD_END_DT SLL_BUY_DVSN CCLD_NCCS_DVSN SORT_SQN"),
                 optional=_keys("PDNO OVRS_EXCG_CD ORD_DT ORD_GNO_BRNO ODNO CTX_AREA_FK200 CTX_AREA_NK200")),
        Endpoint("us_pending", "GET", f"{_OT}/inquire-nccs", "TTTS3018R", "VTTS3018R", page_rows=(100, 100),
                 required=_keys(_ACCT + "OVRS_EXCG_CD SORT_SQN"), optional=("CTX_AREA_FK200", "CTX_AREA_NK200")),
    ]
}

def find_endpoint(api: str) -> Endpoint:
    """An endpoint by our name (``index_price``), its path (``/uapi/…/inquire-index-price``) or the path's
    tail (``inquire-index-price``, ``etfetn/inquire-price``). KeyError naming the candidates when the tail
    is ambiguous or unknown."""
    text = str(api or "").strip()
    if text in ENDPOINTS:
        return ENDPOINTS[text]
    parts = [p for p in text.lower().split("/") if p]
    found: dict[str, Endpoint] = {}
    for e in ENDPOINTS.values():
        segments = e.path.lower().split("/")
        if parts and segments[-1] == parts[-1] and all(p in segments for p in parts[:-1]):
            found.setdefault(e.path, e)  # one path, several tr_ids: the first (current) one
    if len(found) > 1:  # a bare name means the domestic-stock API; others are asked as etfetn/inquire-price
        domestic = [e for path, e in found.items() if "/domestic-stock/" in path]
        if len(domestic) == 1 and len(parts) == 1:
            return domestic[0]
    if len(found) == 1:
        return next(iter(found.values()))
    if not found:
        raise KeyError(f"unknown API {text!r}")
    options = ", ".join(sorted("/".join(p.split("/")[2:3] + p.split("/")[-1:]) for p in found))
    raise KeyError(f"API {text!r} is ambiguous: {options}")


# Older tr_ids KIS still accepts "until further notice"; a simulator answers them like the new ones.
LEGACY_TR_IDS: dict[str, str] = {
    "TTTC0802U": "TTTC0012U", "TTTC0801U": "TTTC0011U", "TTTC0803U": "TTTC0013U", "TTTC8001R": "TTTC0081R",
    "TTTC8036R": "TTTC0084R", "CTSC9115R": "CTSC9215R",
    "VTTC0802U": "VTTC0012U", "VTTC0801U": "VTTC0011U", "VTTC0803U": "VTTC0013U", "VTTC8001R": "VTTC0081R",
    "VTSC9115R": "VTSC9215R",
}
# Other names for one mock tr_id: KIS's tr_id list gives the mock US sell as VTTT1001U, while its sample
# order.py sends "V" + TTTT1006U = VTTT1006U; both reach the mock US sell.
MOCK_TR_ID_ALIASES: dict[str, str] = {"VTTT1006U": "VTTT1001U"}

MULTI_PRICE_MAX_CODES = 30
SCREEN_MAX_ROWS = 100  # psearch-result: "조건검색 결과의 경우 조건당 100건으로 제한" (KIS's psearch samples)

# KRX order types (ORD_DVSN) for domestic cash orders.
ORDER_TYPES: dict[str, str] = {
    "00": "지정가", "01": "시장가", "02": "조건부지정가", "03": "최유리지정가", "04": "최우선지정가",
    "05": "장전 시간외", "06": "장후 시간외", "07": "시간외 단일가", "11": "IOC지정가", "12": "FOK지정가",
    "13": "IOC시장가", "14": "FOK시장가", "15": "IOC최유리", "16": "FOK최유리", "21": "중간가", "22": "스톱지정가",
    "23": "중간가IOC", "24": "중간가FOK",
}
PRICED_ORDER_TYPES = frozenset({"00", "02", "07", "11", "12", "22"})  # ORD_UNPR must be a price (05/06: "0")
EXCHANGE_NAMES = {"KRX": "한국거래소", "NXT": "넥스트레이드", "SOR": "SOR"}  # excg_id_dvsn_name
SIDE_SELL, SIDE_BUY = "01", "02"  # sll_buy_dvsn_cd


@dataclass(frozen=True)
class Message:
    code: str
    text: str
    http_status: int = 200


def _m(code: str, text: str, status: int = 200) -> Message:
    return Message(code, text, status)


# msg_cd / msg1 pairs as KIS words them (KIS's documentation, clients' logs). Codes no source
# attests (tick, price-limit and quantity rejections) are marked UNCONFIRMED; keep them in this one place.
MSG = {
    "ok_quote": _m("MCA00000", "정상처리 되었습니다."),
    "ok_query": _m("KIOK0510", "조회가 완료되었습니다"),
    "ok_query_more": _m("KIOK0500", "조회가 계속됩니다..다음버튼을 Click 하십시오."),
    "ok_query_last": _m("KIOK0460", "조회 되었습니다. (마지막 자료)"),
    "ok_order": _m("APBK0013", "주문 전송 완료 되었습니다."),
    "ok_order_mock_buy": _m("40600000", "모의투자 매수주문이 완료 되었습니다."),
    "ok_order_mock_sell": _m("40600000", "모의투자 매도주문이 완료 되었습니다."),
    "ok_modify_mock": _m("40630000", "모의투자 정정/취소주문이 완료 되었습니다."),
    "token_expired": _m("EGW00123", "기간이 만료된 token 입니다.", 500),
    "token_invalid": _m("EGW00121", "유효하지 않은 token 입니다.", 500),
    "token_missing": _m("EGW00122", "token을 찾을 수 없습니다.", 500),
    "token_too_often": _m("EGW00133", "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)", 403),
    "rate_limit": _m("EGW00201", "초당 거래건수를 초과하였습니다.", 500),
    "ledger_rate_limit": _m("EGW00215", "원장에서 허용 가능한 초당 거래건수를 초과하였습니다.", 500),
    "bad_appkey": _m("EGW00103", "유효하지 않은 AppKey입니다.", 500),
    "bad_appsecret": _m("EGW00105", "유효하지 않은 AppSecret입니다.", 500),
    "mock_key_on_real": _m("EGW02004", "실전투자 도메인은 모의투자 앱키로 호출하실 수 없습니다.", 500),
    "not_mock_tr": _m("EGW00213", "모의투자 TR 이 아닙니다.", 500),
    "no_service": _m("OPSQ0002", "없는 서비스 코드 입니다.", 500),
    "server_error": _m("EGW00002", "서버 에러가 발생했습니다.", 500),
    # An input KIS rejects, e.g. an unknown stock code: the attested OPSQ2001 "INVALID_CHECK_<FIELD>" pattern
    # (answered with rt_cd "2"); the exact answer for an unknown code on inquire-price is UNCONFIRMED.
    "invalid_code": _m("OPSQ2001", "ERROR : INPUT INVALID_CHECK_ISCD", 200),
    # A call without a required input. The wording "INPUT_FIELD_NAME <FIELD>" is from one user's log (secondary);
    # the msg_cd is the OPSQ2001 input-check code: UNCONFIRMED.
    "missing_input": _m("OPSQ2001", "ERROR : INPUT_FIELD_NAME", 500),
    "data_changed": _m("SYDB0050", "조회이후에 자료가 변경되었습니다.(다시 조회하세요)", 200),
    "insufficient_cash": _m("APBK0952", "주문가능금액을 초과 했습니다", 200),  # UNCONFIRMED
    "insufficient_cash_mock": _m("40910000", "모의투자 주문가능금액을 초과했습니다.", 200),
    "insufficient_qty": _m("APBK0400", "주문 가능한 수량을 초과하였습니다.", 200),  # UNCONFIRMED
    "no_holding_mock": _m("40240000", "모의투자 잔고내역이 없습니다.", 200),
    "not_tradable_mock": _m("40070000", "모의투자 주문처리가 안되었습니다(매매불가 종목)", 200),
    "no_modifiable_qty_mock": _m("40330000", "모의투자 정정/취소할 수량이 없습니다.", 200),
    "modify_qty_over": _m("APBK1359", "정정취소수량이 주문수량보다 많습니다.", 200),
    "market_closed": _m("APBK0919", "장운영시간이 아닙니다.", 200),
    "off_tick": _m("APBK0506", "주문단가가 호가단위에 맞지 않습니다.", 200),  # UNCONFIRMED
    "over_upper_limit": _m("APBK0508", "주문단가가 상한가를 초과합니다.", 200),  # UNCONFIRMED
    "under_lower_limit": _m("APBK0509", "주문단가가 하한가 미만입니다.", 200),  # UNCONFIRMED
    "us_price_zero": _m("APBK1507", "주문단가를 확인하세요.", 200),
    "order_not_found": _m("APBK0918", "원주문번호가 존재하지 않습니다.", 200),  # UNCONFIRMED
    # KIS refuses an order for a stock whose trading is halted (거래정지); its code is not in our sources: ASSUMED
    "halted": _m("APBK0997", "매매거래정지 종목입니다.", 200),
    "bad_price": _m("APBK1507", "주문단가를 확인하세요.", 200),  # a closing-price order (05/06) with a price: UNCONFIRMED
    "nxt_not_listed": _m("APBK1664", "NXT 거래가능 종목이 아닙니다.", 200),  # UNCONFIRMED
    "ok_reservation_change": _m("KIOK0430", "정상적으로 처리되었습니다"),  # order-resv-rvsecncl's example
    "ok_us_reservation_cancel": _m("APBK1711", "취소주문이 접수되었습니다."),  # order-resv-ccnl's example
    "reservation_closed": _m("APBK1682", "예약주문 가능시간이 아닙니다.", 200),  # UNCONFIRMED
    "reservation_not_found": _m("APBK1681", "해당 예약주문이 없습니다.", 200),  # UNCONFIRMED
    # psearch-result with no stock matching: rt_cd "1" and this message (KIS's psearch_result sample says so)
    "screen_empty": _m("MCA05918", "종목코드 오류입니다.", 200),
    # psearch-result for a condition not saved to KIS's server: the wording is KIS's sample's; the code UNCONFIRMED
    "condition_not_saved": _m("KIOK0500", "조회가 계속 됩니다. (다음을 누르십시오.)", 200),
    "already_filled": _m("APBK0917", "정정/취소 가능한 수량이 없습니다.", 200),  # UNCONFIRMED
}

# Errors that mean "try the same query again later" to a client.
RETRYABLE_MSG_CODES = frozenset({"EGW00201", "EGW00215", "EGW00002"})
TOKEN_RETRY_MSG_CODES = frozenset({"EGW00123", "EGW00121"})

# A domestic period reservation (기간예약) ends at most this many calendar days after the trading day it first goes
# out, and after that day (order_resv sample: "예약종료일은 익영업일부터 달력일 기준으로 공휴일 포함하여 최대 30일이
# 되는 일자까지 입력가능"); a US reservation lasts one day and takes no end date.
RESERVE_PERIOD_DAYS = 30
