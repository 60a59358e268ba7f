"""Every endpoint the simulator serves answers with KIS's full field list, checked mechanically.

The lists are data in ``tests/sim/fields/<endpoint>.json``, one file per endpoint, each naming its
source: the ``COLUMN_MAPPING`` of KIS's sample ``chk_<api>.py`` in koreainvestment/open-trading-api
(one list per API, the fields of output, output1 … output4 together). A file's
``extra`` names each field the simulator sends beyond that list and why (a field listed twice is in two
blocks, as KIS's API table lists it; the test counts blocks, not names) (KIS's documentation or a
client reads it); ``not_sent`` names a listed field the simulator leaves out and why. A field KIS
lists that the simulator does not send, or a field it sends that is neither listed nor explained,
fails the test.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest
import requests

from kis_xl import spec
from kis_xl.sim.server import SimServer
from tests.conftest import SIM_CLOCK, new_account, new_app_key, new_app_secret

FIELDS = Path(__file__).parent / "fields"
LISTS = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIELDS.glob("*.json"))}
US_OPEN = "2025-06-02T23:00:00+09:00"
OUTPUTS = ("output", "output1", "output2", "output3", "output4")  # output4: estimate-perform
ORDER_ENDPOINTS = {"order_cash": ("order_buy", "order_sell"), "us_order": ("us_order_buy", "us_order_sell"),
                   "daytime_order": ("daytime_buy", "daytime_sell"),
                   "reserve_rvsecncl": ("reserve_cancel", "reserve_modify"),
                   "us_reserve": ("us_reserve_buy", "us_reserve_sell")}
EVENING = "2025-06-02T20:00:00+09:00"  # domestic reservations are taken from 15:40


class Session:
    """One app key and account on one domain of a simulator, speaking raw HTTP as a third-party client would."""

    def __init__(self, url: str, domain: str = "real"):
        self.url, self.domain = url, domain
        self.last = 0.0
        self.key, self.secret = new_app_key(), new_app_secret()
        self.cano, self.product = new_account().split("-")
        token = self.post_auth(spec.AUTH_TOKEN_PATH, {"grant_type": "client_credentials", "appkey": self.key,
                                                      "appsecret": self.secret})
        self.token = token["access_token"]

    def post_auth(self, path: str, body: dict) -> dict:
        return requests.post(self.url + path, json=body, timeout=30).json()

    def call(self, endpoint: str, query: dict | None = None, *, tr_id: str | None = None) -> dict:
        # KIS allows 20 calls a second per key: a third-party client paces itself (this one, 12 a second)
        wait = self.last + 1 / 12 - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.last = time.monotonic()
        ep = spec.ENDPOINTS[endpoint]
        headers = {"authorization": f"Bearer {self.token}", "appkey": self.key, "appsecret": self.secret,
                   "tr_id": tr_id or ep.tr_id(self.domain)}
        data = dict({"CANO": self.cano, "ACNT_PRDT_CD": self.product}, **(query or {}))
        if ep.method == "GET":
            r = requests.get(self.url + ep.path, headers=headers, params=data, timeout=30)
        else:
            r = requests.post(self.url + ep.path, headers=headers, json=data, timeout=30)
        body = r.json()
        assert body["rt_cd"] == "0", (endpoint, body)
        return body


@pytest.fixture(scope="module")
def krx(sim):
    return Session(sim.real_url)


@pytest.fixture(scope="module")
def us():
    with SimServer(seed=3, clock=US_OPEN) as server:
        yield Session(server.real_url)


@pytest.fixture(scope="module")
def evening():
    with SimServer(seed=3, clock=EVENING) as server:
        yield Session(server.real_url)


FID = {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}
BALANCE = {"AFHR_FLPR_YN": "N", "OFL_YN": "", "INQR_DVSN": "01", "UNPR_DVSN": "01", "FUND_STTL_ICLD_YN": "N",
           "FNCG_AMT_AUTO_RDPT_YN": "N", "PRCS_DVSN": "00", "CTX_AREA_FK100": "", "CTX_AREA_NK100": ""}
DAY = SIM_CLOCK[:10].replace("-", "")


def _krx_order(s: Session, price: str = "0", dvsn: str = "01") -> dict:
    return s.call("order_buy", {"PDNO": "005930", "ORD_DVSN": dvsn, "ORD_QTY": "1", "ORD_UNPR": price,
                                "EXCG_ID_DVSN_CD": "KRX"})


def _us_order(s: Session, symbol: str = "AAPL", price: str = "") -> dict:
    last = s.call("us_price", {"AUTH": "", "EXCD": "NAS", "SYMB": symbol})["output"]["last"]
    return s.call("us_order_buy", {"OVRS_EXCG_CD": "NASD", "PDNO": symbol, "ORD_QTY": "1",
                                   "OVRS_ORD_UNPR": price or f"{float(last) * 1.01:.2f}", "CTAC_TLNO": "",
                                   "MGCO_APTM_ODNO": "", "SLL_TYPE": "", "ORD_SVR_DVSN_CD": "0", "ORD_DVSN": "00"})


def _us_round_trip(s: Session) -> None:
    """A US share bought and sold again: a realised US P&L to report."""
    _us_order(s)
    last = s.call("us_price", {"AUTH": "", "EXCD": "NAS", "SYMB": "AAPL"})["output"]["last"]
    s.call("us_order_sell", {"OVRS_EXCG_CD": "NASD", "PDNO": "AAPL", "ORD_QTY": "1",
                             "OVRS_ORD_UNPR": f"{float(last) * 0.99:.2f}", "CTAC_TLNO": "", "MGCO_APTM_ODNO": "",
                             "SLL_TYPE": "00", "ORD_SVR_DVSN_CD": "0", "ORD_DVSN": "00"})


def _round_trip(s: Session) -> None:
    """A bought share sold again: a realised P&L to report."""
    _krx_order(s)
    s.call("order_sell", {"PDNO": "005930", "ORD_DVSN": "01", "ORD_QTY": "1", "ORD_UNPR": "0", "EXCG_ID_DVSN_CD": "KRX",
                          "SLL_TYPE": "01"})


def _resting_krx(s: Session) -> dict:
    low = s.call("price", FID)["output"]["stck_llam"]
    return _krx_order(s, low, "00")["output"]


def _daytime(s: Session, price: str = "1.00") -> dict:
    return s.call("daytime_buy", {"OVRS_EXCG_CD": "NASD", "PDNO": "MSFT", "ORD_QTY": "1", "OVRS_ORD_UNPR": price,
                                  "CTAC_TLNO": "", "MGCO_APTM_ODNO": "", "ORD_SVR_DVSN_CD": "0", "ORD_DVSN": "00"})


def _reserve(s: Session) -> dict:
    return s.call("reserve", {"PDNO": "005930", "ORD_QTY": "1", "ORD_UNPR": "60000", "SLL_BUY_DVSN_CD": "02",
                              "ORD_DVSN_CD": "00", "ORD_OBJT_CBLC_DVSN_CD": "10"})


def _us_reserve(s: Session) -> dict:
    return s.call("us_reserve_buy", {"PDNO": "AAPL", "OVRS_EXCG_CD": "NASD", "FT_ORD_QTY": "1", "FT_ORD_UNPR3": "100.00",
                                     "ORD_SVR_DVSN_CD": "0", "ORD_DVSN": "00"})


def answer(name: str, krx: Session, us: Session, evening: Session) -> dict:
    """The body the simulator gives for one endpoint, with rows in every list."""
    if name == "token":
        return Session(krx.url).post_auth(spec.AUTH_TOKEN_PATH, {
            "grant_type": "client_credentials", "appkey": new_app_key(), "appsecret": new_app_secret()})
    if name == "approval":
        return krx.post_auth(spec.AUTH_APPROVAL_PATH, {"grant_type": "client_credentials", "appkey": krx.key,
                                                       "secretkey": krx.secret})
    calls = {
        "price": lambda: krx.call("price", FID),
        "multi_price": lambda: krx.call("multi_price", {"FID_COND_MRKT_DIV_CODE_1": "J", "FID_INPUT_ISCD_1": "005930"}),
        "orderbook": lambda: krx.call("orderbook", FID),
        "chart": lambda: krx.call("chart", dict(FID, FID_INPUT_DATE_1="20250401", FID_INPUT_DATE_2=DAY,
                                                FID_PERIOD_DIV_CODE="D", FID_ORG_ADJ_PRC="0")),
        "daily_price": lambda: krx.call("daily_price", dict(FID, FID_PERIOD_DIV_CODE="D", FID_ORG_ADJ_PRC="0")),
        "minute_chart": lambda: krx.call("minute_chart", dict(FID, FID_ETC_CLS_CODE="", FID_INPUT_HOUR_1="100000",
                                                              FID_PW_DATA_INCU_YN="Y")),
        "search_info": lambda: krx.call("search_info", {"PDNO": "005930", "PRDT_TYPE_CD": "300"}),
        "holiday": lambda: krx.call("holiday", {"BASS_DT": DAY, "CTX_AREA_FK": "", "CTX_AREA_NK": ""}),
        "index_price": lambda: krx.call("index_price", {"FID_COND_MRKT_DIV_CODE": "U", "FID_INPUT_ISCD": "0001"}),
        "index_daily": lambda: krx.call("index_daily", {"FID_PERIOD_DIV_CODE": "D", "FID_COND_MRKT_DIV_CODE": "U",
                                                        "FID_INPUT_ISCD": "1001", "FID_INPUT_DATE_1": DAY}),
        "stock_info": lambda: krx.call("stock_info", {"PRDT_TYPE_CD": "300", "PDNO": "005930"}),
        "sellable": lambda: (_krx_order(krx), krx.call("sellable", {"PDNO": "005930"}))[1],
        "investors": lambda: krx.call("investors", FID),
        "ticks": lambda: krx.call("ticks", FID),
        "members": lambda: krx.call("members", FID),
        "minute_chart_daily": lambda: krx.call("minute_chart_daily", dict(FID, FID_INPUT_HOUR_1="153000",
                                                                          FID_INPUT_DATE_1="20250530",
                                                                          FID_PW_DATA_INCU_YN="Y",
                                                                          FID_FAKE_TICK_INCU_YN="")),
        "etf_price": lambda: krx.call("etf_price", {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "069500"}),
        "volume_rank": lambda: krx.call("volume_rank", {
            "FID_COND_MRKT_DIV_CODE": "J", "FID_COND_SCR_DIV_CODE": "20171", "FID_INPUT_ISCD": "0000",
            "FID_DIV_CLS_CODE": "0", "FID_BLNG_CLS_CODE": "0", "FID_TRGT_CLS_CODE": "111111111",
            "FID_TRGT_EXLS_CLS_CODE": "0000000000", "FID_INPUT_PRICE_1": "", "FID_INPUT_PRICE_2": "",
            "FID_VOL_CNT": "", "FID_INPUT_DATE_1": ""}),
        "volume_power": lambda: krx.call("volume_power", {
            "FID_TRGT_EXLS_CLS_CODE": "0", "FID_COND_MRKT_DIV_CODE": "J", "FID_COND_SCR_DIV_CODE": "20168",
            "FID_INPUT_ISCD": "0000", "FID_DIV_CLS_CODE": "0", "FID_INPUT_PRICE_1": "", "FID_INPUT_PRICE_2": "",
            "FID_VOL_CNT": "", "FID_TRGT_CLS_CODE": "0"}),
        "investor_daily": lambda: krx.call("investor_daily", dict(FID, FID_INPUT_DATE_1=DAY, FID_ORG_ADJ_PRC="",
                                                                  FID_ETC_CLS_CODE="")),
        "program_trade": lambda: krx.call("program_trade", FID),
        "program_daily": lambda: krx.call("program_daily", dict(FID, FID_INPUT_DATE_1="")),
        "short_sale_daily": lambda: krx.call("short_sale_daily", dict(FID, FID_INPUT_DATE_1="20250401",
                                                                      FID_INPUT_DATE_2=DAY)),
        "credit_daily": lambda: krx.call("credit_daily", dict(FID, FID_COND_SCR_DIV_CODE="20476",
                                                              FID_INPUT_DATE_1=DAY)),
        "fluctuation_rank": lambda: krx.call("fluctuation_rank", {
            "FID_COND_MRKT_DIV_CODE": "J", "FID_COND_SCR_DIV_CODE": "20170", "FID_INPUT_ISCD": "0000",
            "FID_RANK_SORT_CLS_CODE": "0000", "FID_INPUT_CNT_1": "0", "FID_PRC_CLS_CODE": "0"}),
        "market_cap_rank": lambda: krx.call("market_cap_rank", {
            "FID_COND_MRKT_DIV_CODE": "J", "FID_COND_SCR_DIV_CODE": "20174", "FID_DIV_CLS_CODE": "0",
            "FID_INPUT_ISCD": "0000", "FID_TRGT_CLS_CODE": "0", "FID_TRGT_EXLS_CLS_CODE": "0"}),
        "period_profit": lambda: (_round_trip(krx), krx.call("period_profit", {
            "INQR_STRT_DT": DAY, "INQR_END_DT": DAY, "SORT_DVSN": "00", "INQR_DVSN": "00", "CBLC_DVSN": "00",
            "PDNO": "", "CTX_AREA_FK100": "", "CTX_AREA_NK100": ""}))[1],
        "period_trade_profit": lambda: (_round_trip(krx), krx.call("period_trade_profit", {
            "SORT_DVSN": "00", "INQR_STRT_DT": DAY, "INQR_END_DT": DAY, "CBLC_DVSN": "00", "PDNO": "",
            "CTX_AREA_FK100": "", "CTX_AREA_NK100": ""}))[1],
        "balance": lambda: (_krx_order(krx), krx.call("balance", BALANCE))[1],
        "buying_power": lambda: krx.call("buying_power", {"PDNO": "005930", "ORD_UNPR": "60000", "ORD_DVSN": "01",
                                                          "CMA_EVLU_AMT_ICLD_YN": "N", "OVRS_ICLD_YN": "N"}),
        "order_cash": lambda: _krx_order(krx),
        "order_modify": lambda: krx.call("order_modify", {
            "KRX_FWDG_ORD_ORGNO": (o := _resting_krx(krx))["KRX_FWDG_ORD_ORGNO"], "ORGN_ODNO": o["ODNO"],
            "ORD_DVSN": "00", "RVSE_CNCL_DVSN_CD": "02", "ORD_QTY": "0", "ORD_UNPR": "0", "QTY_ALL_ORD_YN": "Y",
            "EXCG_ID_DVSN_CD": "KRX"}),
        "pending": lambda: (_resting_krx(krx), krx.call("pending", {"INQR_DVSN_1": "0", "INQR_DVSN_2": "0",
                                                                    "CTX_AREA_FK100": "", "CTX_AREA_NK100": ""}))[1],
        "daily_orders": lambda: (_krx_order(krx), krx.call("daily_orders", {
            "INQR_STRT_DT": DAY, "INQR_END_DT": DAY, "SLL_BUY_DVSN_CD": "00", "INQR_DVSN": "00", "PDNO": "",
            "CCLD_DVSN": "00", "ORD_GNO_BRNO": "", "ODNO": "", "INQR_DVSN_3": "00", "INQR_DVSN_1": "",
            "CTX_AREA_FK100": "", "CTX_AREA_NK100": ""}))[1],
        **{name: (lambda name=name: krx.call(name, dict(FID, FID_DIV_CLS_CODE="0")))
           for name in ("financial_ratio", "income_statement", "balance_sheet", "growth_ratio", "profit_ratio")},
        "estimate_perform": lambda: krx.call("estimate_perform", {"SHT_CD": "005930"}),
        "invest_opinion": lambda: krx.call("invest_opinion", dict(FID, FID_COND_SCR_DIV_CODE="16633",
                                                                  FID_INPUT_DATE_1="20250101", FID_INPUT_DATE_2=DAY)),
        "ksd_dividend": lambda: krx.call("ksd_dividend", {"CTS": "", "GB1": "0", "F_DT": "20240101", "T_DT": DAY,
                                                          "SHT_CD": "", "HIGH_GB": ""}),
        **{ep: (lambda ep=ep, extra=extra: krx.call(ep, {"CTS": "", "F_DT": "20240101", "T_DT": DAY, "SHT_CD": "",
                                                         **extra}))
           for ep, extra in (("ksd_bonus_issue", {}), ("ksd_paidin_capin", {"GB1": "2"}),
                             ("ksd_rev_split", {"MARKET_GB": "0"}), ("ksd_merger_split", {}), ("ksd_purreq", {}),
                             ("ksd_cap_dcrs", {}),
                             ("ksd_sharehld_meet", {}))},
        "dividend_rate_rank": lambda: krx.call("dividend_rate_rank", {
            "CTS_AREA": "", "GB1": "0", "UPJONG": "0001", "GB2": "0", "GB3": "2", "F_DT": "20240101", "T_DT": DAY,
            "GB4": "0"}),
        "us_price": lambda: us.call("us_price", {"AUTH": "", "EXCD": "NAS", "SYMB": "AAPL"}),
        "us_daily": lambda: us.call("us_daily", {"AUTH": "", "EXCD": "NAS", "SYMB": "AAPL", "GUBN": "0", "BYMD": "",
                                                 "MODP": "1"}),
        "us_minutes": lambda: us.call("us_minutes", {"AUTH": "", "EXCD": "NAS", "SYMB": "AAPL", "NMIN": "5",
                                                     "PINC": "1", "NEXT": "", "NREC": "120", "FILL": "", "KEYB": ""}),
        "us_price_detail": lambda: us.call("us_price_detail", {"AUTH": "", "EXCD": "NAS", "SYMB": "AAPL"}),
        "us_orderbook": lambda: us.call("us_orderbook", {"AUTH": "", "EXCD": "NAS", "SYMB": "AAPL"}),
        "us_period_profit": lambda: (_us_round_trip(us), us.call("us_period_profit", {
            "OVRS_EXCG_CD": "NASD", "NATN_CD": "", "CRCY_CD": "USD", "PDNO": "", "INQR_STRT_DT": "20250602",
            "INQR_END_DT": "20250602", "WCRC_FRCR_DVSN_CD": "01", "CTX_AREA_FK200": "", "CTX_AREA_NK200": ""}))[1],
        "us_order": lambda: _us_order(us),
        "us_order_modify": lambda: us.call("us_order_modify", {
            "OVRS_EXCG_CD": "NASD", "PDNO": "MSFT", "ORGN_ODNO": _us_order(us, "MSFT", "1.00")["output"]["ODNO"],
            "RVSE_CNCL_DVSN_CD": "02", "ORD_QTY": "1", "OVRS_ORD_UNPR": "0", "MGCO_APTM_ODNO": "",
            "ORD_SVR_DVSN_CD": "0"}),
        "us_balance": lambda: (_us_order(us), us.call("us_balance", {
            "OVRS_EXCG_CD": "NASD", "TR_CRCY_CD": "USD", "CTX_AREA_FK200": "", "CTX_AREA_NK200": ""}))[1],
        "us_present_balance": lambda: (_us_order(us), us.call("us_present_balance", {
            "WCRC_FRCR_DVSN_CD": "02", "NATN_CD": "840", "TR_MKET_CD": "00", "INQR_DVSN_CD": "00"}))[1],
        "us_buying_power": lambda: us.call("us_buying_power", {"OVRS_EXCG_CD": "NASD", "OVRS_ORD_UNPR": "100",
                                                               "ITEM_CD": "AAPL"}),
        "us_orders": lambda: (_us_order(us), us.call("us_orders", {
            "PDNO": "%", "ORD_STRT_DT": "20250602", "ORD_END_DT": "20250602", "SLL_BUY_DVSN": "00",
            "CCLD_NCCS_DVSN": "00", "OVRS_EXCG_CD": "%", "SORT_SQN": "DS", "ORD_DT": "", "ORD_GNO_BRNO": "",
            "ODNO": "", "CTX_AREA_NK200": "", "CTX_AREA_FK200": ""}))[1],
        "us_pending": lambda: (_us_order(us, "MSFT", "1.00"), us.call("us_pending", {
            "OVRS_EXCG_CD": "NASD", "SORT_SQN": "", "CTX_AREA_FK200": "", "CTX_AREA_NK200": ""}))[1],
        "daytime_order": lambda: _daytime(krx),
        "daytime_modify": lambda: krx.call("daytime_modify", {
            "OVRS_EXCG_CD": "NASD", "PDNO": "MSFT", "ORGN_ODNO": _daytime(krx)["output"]["ODNO"],
            "RVSE_CNCL_DVSN_CD": "02", "ORD_QTY": "1", "OVRS_ORD_UNPR": "0", "CTAC_TLNO": "", "MGCO_APTM_ODNO": "",
            "ORD_SVR_DVSN_CD": "0"}),
        "reserve": lambda: _reserve(evening),
        "reservations": lambda: (_reserve(evening), evening.call("reservations", {
            "RSVN_ORD_ORD_DT": DAY, "RSVN_ORD_END_DT": DAY, "TMNL_MDIA_KIND_CD": "00", "PRCS_DVSN_CD": "0",
            "CNCL_YN": "Y", "RSVN_ORD_SEQ": "", "PDNO": "", "SLL_BUY_DVSN_CD": "", "CTX_AREA_FK200": "",
            "CTX_AREA_NK200": ""}))[1],
        "reserve_rvsecncl": lambda: evening.call("reserve_cancel", {
            "RSVN_ORD_SEQ": _reserve(evening)["output"]["RSVN_ORD_SEQ"], "RSVN_ORD_ORGNO": "",
            "RSVN_ORD_ORD_DT": DAY}),
        "psearch_title": lambda: krx.call("psearch_title", {"user_id": "testuser"}),
        "psearch_result": lambda: krx.call("psearch_result", {"user_id": "testuser", "seq": "0"}),
        "intstock_grouplist": lambda: krx.call("intstock_grouplist", {"TYPE": "1", "FID_ETC_CLS_CODE": "00",
                                                                      "USER_ID": "testuser"}),
        "intstock_stocklist_by_group": lambda: krx.call("intstock_stocklist_by_group", {
            "TYPE": "1", "USER_ID": "testuser", "INTER_GRP_CODE": "001", "FID_ETC_CLS_CODE": "4", "DATA_RANK": "",
            "INTER_GRP_NAME": "", "HTS_KOR_ISNM": "", "CNTG_CLS_CODE": ""}),
        "us_reserve": lambda: _us_reserve(krx),
        "us_reservations": lambda: (_us_reserve(krx), krx.call("us_reservations", {
            "INQR_STRT_DT": DAY, "INQR_END_DT": DAY, "INQR_DVSN_CD": "00", "OVRS_EXCG_CD": "NASD", "PRDT_TYPE_CD": "",
            "CTX_AREA_FK200": "", "CTX_AREA_NK200": ""}))[1],
        "us_reserve_cancel": lambda: krx.call("us_reserve_cancel", {
            "RSVN_ORD_RCIT_DT": DAY, "OVRS_RSVN_ODNO": _us_reserve(krx)["output"]["ODNO"]}),
    }
    return calls[name]()


def sent_fields(body: dict) -> Counter[str]:
    """How many blocks of a reply carry each name (every row of a list counts for its block once), or the
    top-level keys of an OAuth reply. A field KIS lists twice (``loan_int`` in a day's row and in the totals) must
    be in two blocks: a set would hide the missing one."""
    if not any(k in body for k in OUTPUTS):
        return Counter(body)
    names: Counter[str] = Counter()
    for key in (k for k in OUTPUTS if k in body):
        value = body[key]
        rows = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
        assert rows, f"{key} has no rows to compare"
        names.update(set().union(*(set(row) for row in rows)))
    return names


def test_every_served_endpoint_has_a_field_list():
    served = {name for name in spec.ENDPOINTS if name not in ("daily_orders_old",)}
    covered = {e for name, data in LISTS.items() for e in ORDER_ENDPOINTS.get(name, (name,))}
    assert served <= covered, served - covered
    for name, data in LISTS.items():
        assert data["source"].startswith("koreainvestment/open-trading-api@"), name
        endpoint = spec.ENDPOINTS.get(ORDER_ENDPOINTS.get(name, (name,))[0])
        if endpoint:
            assert data["path"] == endpoint.path, name


@pytest.mark.parametrize("name", sorted(LISTS))
def test_fields_match_kis(name, krx, us, evening):
    data = LISTS[name]
    listed = set(data["fields"])
    blocks = sent_fields(answer(name, krx, us, evening))
    sent = set(blocks)
    missing = sorted(listed - set(data["not_sent"]) - sent)
    short = {f: n for f, n in Counter(data["fields"]).items() if n > 1 and blocks[f] < n}
    assert not short, f"{name}: KIS lists these in more blocks than the simulator sends them: {short}"
    unknown = sorted(sent - listed - set(data["extra"]))
    assert not missing, f"{name}: KIS lists fields the simulator does not send: {missing}"
    assert not unknown, f"{name}: the simulator sends fields KIS does not list: {unknown}"
    assert not set(data["not_sent"]) & sent, f"{name}: a field marked not sent is sent"
    assert set(data["extra"]) <= sent, f"{name}: an extra field is no longer sent: drop it from the list file"
