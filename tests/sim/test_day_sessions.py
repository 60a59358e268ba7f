"""The simulator's whole trading day, spoken to as a third-party client would (raw HTTP, KIS's keys):
quotes by venue (J, NX, UN), NXT and KRX after-hours sessions, SOR across two venues, the US daytime
session, reservation books, the venue in the order lists, and the order faults on the new endpoints."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest
import requests

from kis_xl import krx, sessions, spec
from kis_xl import realtime as rt
from kis_xl.sim.server import SimServer
from tests.conftest import new_account, new_app_key, new_app_secret

DAY = date(2025, 6, 4)  # a Wednesday; KRX and New York trade on it and the day after


def at(hhmm: str, day: date = DAY) -> datetime:
    return datetime.fromisoformat(f"{day.isoformat()}T{hhmm}+09:00")


class Raw:
    """One app key and account on the real domain, raw requests, KIS's answers as they come."""

    def __init__(self, server: SimServer, domain: str = "real"):
        self.server, self.domain = server, domain
        self.url = server.real_url if domain == "real" else server.mock_url
        self.key, self.secret = new_app_key(), new_app_secret()
        self.cano, self.product = new_account().split("-")
        self.token = requests.post(self.url + spec.AUTH_TOKEN_PATH, json={
            "grant_type": "client_credentials", "appkey": self.key, "appsecret": self.secret},
            timeout=10).json()["access_token"]

    def call(self, endpoint: str, data: dict | None = None) -> dict:
        time.sleep(0.06)  # within KIS's 20 requests a second
        ep = spec.ENDPOINTS[endpoint]
        headers = {"authorization": f"Bearer {self.token}", "appkey": self.key, "appsecret": self.secret,
                   "tr_id": ep.tr_id(self.domain) or ep.tr_id_real}
        data = dict({"CANO": self.cano, "ACNT_PRDT_CD": self.product}, **(data or {}))
        if ep.method == "GET":
            return requests.get(self.url + ep.path, headers=headers, params=data, timeout=10).json()
        return requests.post(self.url + ep.path, headers=headers, json=data, timeout=10).json()

    def order(self, code="005930", qty=1, price=0, dvsn="01", venue="KRX", side="buy") -> dict:
        body = {"PDNO": code, "ORD_DVSN": dvsn, "ORD_QTY": str(qty), "ORD_UNPR": str(price), "EXCG_ID_DVSN_CD": venue}
        return self.call("order_buy" if side == "buy" else "order_sell", body)

    @property
    def account(self):
        trading = self.server.world.trading
        return trading.accounts[trading.key(self.domain, self.key, f"{self.cano}-{self.product}")]


@pytest.fixture(scope="module")
def server():
    with SimServer(seed=11, clock=at("10:00:00"), starting_cash=10**10) as s:
        yield s


def moment(server: SimServer, when: datetime) -> None:
    server.world.clock.set(when)


def fid(code="005930", market="J") -> dict:
    return {"FID_COND_MRKT_DIV_CODE": market, "FID_INPUT_ISCD": code}


def test_quotes_by_venue_and_the_integrated_price(server):
    raw = Raw(server)
    tracks = server.world.tracks
    moment(server, at("08:20:00"))  # NXT's pre-market trades; KRX shows yesterday
    krx_quote, nxt_quote, un_quote = (raw.call("price", fid(market=m))["output"] for m in ("J", "NX", "UN"))
    assert nxt_quote["stck_prpr"] == un_quote["stck_prpr"] == str(int(tracks.venue_state("005930", "NXT",
                                                                                          server.world.now()).price))
    assert int(krx_quote["acml_vol"]) > int(nxt_quote["acml_vol"]) > 0  # KRX's is yesterday's whole session
    moment(server, at("10:00:40"))  # both trade: KRX prints last within the minute
    assert raw.call("price", fid(market="UN"))["output"]["stck_prpr"] == raw.call("price", fid())["output"]["stck_prpr"]
    moment(server, at("17:00:00"))  # NXT's after-market
    assert raw.call("price", fid(market="UN"))["output"]["stck_prpr"] == \
        raw.call("price", fid(market="NX"))["output"]["stck_prpr"]
    unlisted = raw.call("price", fid("035900", "NX"))  # Nextrade does not list JYP Ent.
    assert (unlisted["rt_cd"], unlisted["msg_cd"]) == ("2", "OPSQ2001")
    assert raw.call("price", fid("035900", "UN"))["output"]["stck_prpr"] == \
        raw.call("price", fid("035900"))["output"]["stck_prpr"]
    assert raw.call("price", fid(market="X"))["msg1"] == "ERROR : INPUT INVALID_CHECK_MRKT_DIV_CODE"
    multi = raw.call("multi_price", {"FID_COND_MRKT_DIV_CODE_1": "NX", "FID_INPUT_ISCD_1": "005930",
                                     "FID_COND_MRKT_DIV_CODE_2": "J", "FID_INPUT_ISCD_2": "005930",
                                     "FID_COND_MRKT_DIV_CODE_3": "NX", "FID_INPUT_ISCD_3": "035900"})["output"]
    nxt_now = str(int(tracks.venue_state("005930", "NXT", server.world.now()).price))
    assert [r["inter2_prpr"] for r in multi] == [nxt_now, raw.call("price", fid())["output"]["stck_prpr"]]
    assert nxt_now != multi[1]["inter2_prpr"]  # NXT's after-market has moved off KRX's close (this seed)
    master = {c: raw.call("stock_info", {"PRDT_TYPE_CD": "300", "PDNO": c})["output"]["cptt_trad_tr_psbl_yn"]
              for c in ("005930", "035900", "069500")}
    assert master == {"005930": "Y", "035900": "N", "069500": "N"}  # no ETF on Nextrade


def test_charts_by_venue(server):
    raw = Raw(server)
    moment(server, at("17:00:00"))
    chart = raw.call("chart", dict(fid(market="NX"), FID_INPUT_DATE_1="20250201", FID_INPUT_DATE_2="20250604",
                                   FID_PERIOD_DIV_CODE="D", FID_ORG_ADJ_PRC="0"))["output2"]
    assert chart[-1]["stck_bsop_date"] == "20250304"  # Nextrade's first day
    minutes = raw.call("minute_chart", dict(fid(market="NX"), FID_ETC_CLS_CODE="", FID_INPUT_HOUR_1="083000",
                                            FID_PW_DATA_INCU_YN="Y"))["output2"]
    assert [m["stck_cntg_hour"] for m in minutes][:2] == ["083000", "082900"] and minutes[-1]["stck_cntg_hour"] == \
        "080100"
    late = raw.call("minute_chart", dict(fid(market="UN"), FID_ETC_CLS_CODE="", FID_INPUT_HOUR_1="170000",
                                         FID_PW_DATA_INCU_YN="Y"))["output2"]
    assert late[0]["stck_cntg_hour"] == "170000"  # the integrated bars run on through NXT's after-market


def test_nxt_orders_their_sessions_and_the_venue_in_the_lists(server):
    raw = Raw(server)
    moment(server, at("08:20:00"))
    low = raw.call("price", fid(market="NX"))["output"]["stck_llam"]
    booked = raw.order(price=low, dvsn="00", venue="NXT")
    assert booked["rt_cd"] == "0" and raw.account.orders[-1].session == "NXT-PRE"
    assert raw.order(venue="NXT")["msg1"] == "ERROR : INPUT INVALID_CHECK_ORD_DVSN"  # no market orders on NXT
    assert raw.order(code="035900", price=50000, dvsn="00", venue="NXT")["msg_cd"] == "APBK1664"
    assert raw.order()["msg_cd"] == "APBK0919"  # KRX's regular session opens at 09:00
    moment(server, at("09:00:10"))  # KRX open, NXT's main session not yet (09:00:30)
    assert raw.order(price=low, dvsn="00", venue="NXT")["msg_cd"] == "APBK0919"
    assert raw.order(price=low, dvsn="00")["rt_cd"] == "0"
    numbers = [o.order_no for o in raw.account.orders]
    assert numbers == ["0000001001", "0000001002"]  # one book for KRX and NXT, numbered per day
    ccld = {"INQR_STRT_DT": "20250604", "INQR_END_DT": "20250604", "SLL_BUY_DVSN_CD": "00", "INQR_DVSN": "00",
            "PDNO": "", "CCLD_DVSN": "00", "ORD_GNO_BRNO": "", "ODNO": "", "INQR_DVSN_3": "00", "INQR_DVSN_1": ""}
    listed = {v: [(r["odno"], r["excg_id_dvsn_Cd"]) for r in raw.call("daily_orders", dict(
        ccld, EXCG_ID_DVSN_CD=v))["output1"]] for v in ("KRX", "NXT", "ALL")}
    assert listed == {"KRX": [("0000001002", "KRX")], "NXT": [("0000001001", "NXT")],
                      "ALL": [("0000001002", "KRX"), ("0000001001", "NXT")]}
    assert [r["odno"] for r in raw.call("daily_orders", ccld)["output1"]] == ["0000001002"]  # absent: KRX only
    cancel = {"KRX_FWDG_ORD_ORGNO": "06010", "ORGN_ODNO": "0000001001", "ORD_DVSN": "00", "RVSE_CNCL_DVSN_CD": "02",
              "ORD_QTY": "0", "ORD_UNPR": "0", "QTY_ALL_ORD_YN": "Y"}
    assert raw.call("order_modify", dict(cancel, EXCG_ID_DVSN_CD="KRX"))["msg_cd"] == "APBK0918"  # not KRX's
    assert raw.call("order_modify", dict(cancel, EXCG_ID_DVSN_CD="NXT"))["msg_cd"] == "APBK0919"  # pre-market over
    mock = Raw(server, "mock")
    assert mock.order(price=low, dvsn="00", venue="NXT")["msg1"] == "ERROR : INPUT INVALID_CHECK_EXCG_ID_DVSN_CD"


def test_sor_takes_the_better_price_and_fills_on_two_venues(server):
    tracks = server.world.tracks
    krx_path = server.world.market.minute_path("005930", DAY)
    nxt_track = tracks.track("005930", sessions.NXT_MAIN, DAY)
    cheaper = next(m for m in range(60, 300) if nxt_track.prices[m] < krx_path[m])
    moment(server, nxt_track.time_of(cheaper) + (at("10:00:45") - at("10:00:30")))
    raw = Raw(server)
    limit = int(krx_path[cheaper] + 5 * krx.tick_size(krx_path[cheaper]))  # marketable on both venues
    assert raw.order(price=limit, dvsn="00", venue="SOR")["rt_cd"] == "0"
    assert raw.account.orders[-1].venue_fills == {"NXT": 1}  # NXT sold cheaper
    assert raw.account.orders[-1].filled_amount == float(nxt_track.prices[cheaper])
    assert raw.order(venue="SOR")["rt_cd"] == "0"  # a market order goes where market orders are taken: KRX
    assert raw.account.orders[-1].venue_fills == {"KRX": 1}
    big = raw.order(qty=100_000, price=limit, dvsn="00", venue="SOR")  # more than one venue's minute
    assert big["rt_cd"] == "0"
    fills = raw.account.orders[-1].venue_fills
    assert set(fills) == {"KRX", "NXT"} and sum(fills.values()) == raw.account.orders[-1].filled_qty


def test_krx_after_hours_sessions(server):
    raw = Raw(server)
    closes = server.world.market._series_for("005930", False)["close"]
    index = server.world.market._series_for("005930", False)["index"]
    today, yesterday = float(closes[index[DAY]]), float(closes[index[DAY] - 1])
    moment(server, at("08:35:00"))
    assert raw.order(dvsn="05", price=1000)["msg_cd"] == "APBK1507"  # 장전 시간외 trades at the close: "0"
    assert raw.order(dvsn="05")["rt_cd"] == "0"
    assert raw.account.orders[-1].filled_amount == yesterday
    moment(server, at("15:45:00"))
    assert raw.order(dvsn="06")["rt_cd"] == "0"
    assert raw.account.orders[-1].filled_amount == today and raw.account.orders[-1].session == "KRX-POST"
    moment(server, at("16:05:00"))
    high = krx.round_to_tick(today * 1.1, "down")
    assert raw.order(dvsn="07", price=int(high) + 1000)["msg_cd"] == "APBK0508"  # beyond +10 % of the close
    assert raw.order(dvsn="07", price=high)["rt_cd"] == "0"
    single = raw.account.orders[-1]
    assert single.filled_qty == 0  # a single-price auction every ten minutes: none yet
    auction = server.world.tracks.track("005930", sessions.KRX_SINGLE, DAY)
    moment(server, at("16:10:30"))
    raw.call("balance", {"AFHR_FLPR_YN": "Y", "INQR_DVSN": "02", "UNPR_DVSN": "01", "FUND_STTL_ICLD_YN": "N",
                         "FNCG_AMT_AUTO_RDPT_YN": "N", "PRCS_DVSN": "00"})
    assert single.filled_qty == 1 and single.filled_amount == float(auction.prices[1])  # at the auction's price


def test_us_daytime_orders_have_their_own_endpoints(server):
    raw = Raw(server)
    moment(server, at("11:00:00"))  # 22:00 of the day before in New York
    body = {"OVRS_EXCG_CD": "NASD", "PDNO": "MSFT", "ORD_QTY": "1", "OVRS_ORD_UNPR": "1.00", "CTAC_TLNO": "",
            "MGCO_APTM_ODNO": "", "ORD_SVR_DVSN_CD": "0", "ORD_DVSN": "00"}
    assert raw.call("us_order_buy", body)["msg_cd"] == "APBK0919"  # the order endpoint's sessions are closed
    day = raw.call("daytime_buy", body)
    assert day["rt_cd"] == "0"
    order = raw.account.orders[-1]
    assert (order.venue, order.session, order.day) == ("US-DAY", "US-DAY", "20250604")  # the US trading day it precedes
    row = raw.call("us_orders", {"PDNO": "%", "ORD_STRT_DT": "20250604", "ORD_END_DT": "20250604",
                                 "SLL_BUY_DVSN": "00", "CCLD_NCCS_DVSN": "00", "OVRS_EXCG_CD": "%", "SORT_SQN": "DS",
                                 "ORD_DT": "", "ORD_GNO_BRNO": "", "ODNO": ""})["output"][0]
    assert (row["dmst_ord_dt"], row["thco_ord_tmd"]) == ("20250604", "110000")
    cancel = {"OVRS_EXCG_CD": "NASD", "PDNO": "MSFT", "ORGN_ODNO": day["output"]["ODNO"], "RVSE_CNCL_DVSN_CD": "02",
              "ORD_QTY": "1", "OVRS_ORD_UNPR": "0", "MGCO_APTM_ODNO": "", "ORD_SVR_DVSN_CD": "0"}
    assert raw.call("us_order_modify", cancel)["msg_cd"] == "APBK0918"  # a daytime order is not the endpoint's
    assert raw.call("daytime_modify", dict(cancel, CTAC_TLNO=""))["rt_cd"] == "0"
    assert not order.working
    mock = Raw(server, "mock")
    assert mock.call("daytime_buy", body)["msg_cd"] == "EGW00213"  # 모의투자 미지원: a real tr_id on the mock domain


def test_reservations_go_out_as_orders_of_their_day(server):
    raw = Raw(server)
    moment(server, at("10:00:00"))
    resv = {"PDNO": "005930", "ORD_QTY": "2", "ORD_UNPR": "0", "SLL_BUY_DVSN_CD": "02", "ORD_DVSN_CD": "01",
            "ORD_OBJT_CBLC_DVSN_CD": "10"}
    assert raw.call("reserve", resv)["msg_cd"] == "APBK1682"  # taken from 15:40
    moment(server, at("20:00:00"))
    first = raw.call("reserve", resv)["output"]["RSVN_ORD_SEQ"]
    too_big = raw.call("reserve", dict(resv, ORD_QTY="10000000"))["output"]["RSVN_ORD_SEQ"]  # cash not checked now
    sell = raw.call("reserve", dict(resv, SLL_BUY_DVSN_CD="01", ORD_QTY="5"))["output"]["RSVN_ORD_SEQ"]  # 2 held then
    assert raw.call("reserve", dict(resv, ORD_DVSN_CD="03"))["msg1"] == "ERROR : INPUT INVALID_CHECK_ORD_DVSN_CD"
    period = raw.call("reserve", dict(resv, ORD_DVSN_CD="00", ORD_UNPR="1", RSVN_ORD_END_DT="20250610"))
    assert period["msg_cd"] == "APBK0509"  # below the next session's expected lower limit
    moment(server, at("09:00:05", date(2025, 6, 5)))
    listed = raw.call("reservations", {"RSVN_ORD_ORD_DT": "20250604", "RSVN_ORD_END_DT": "20250604",
                                       "TMNL_MDIA_KIND_CD": "00", "PRCS_DVSN_CD": "0", "CNCL_YN": "Y"})["output"]
    by_seq = {r["rsvn_ord_seq"]: r for r in listed}
    assert (by_seq[first]["prcs_rslt"], by_seq[first]["odno"]) == ("처리", "0000001001")  # the day's first order
    assert by_seq[too_big]["prcs_rslt"] == "거부" and by_seq[too_big]["rjct_rson2"] == "주문가능금액을 초과 했습니다"
    assert by_seq[sell]["prcs_rslt"] == "거부"
    [order] = [o for o in raw.account.orders if o.reservation]
    assert (order.day, order.time, order.filled_qty) == ("20250605", "090000", 2)
    assert raw.call("reserve_cancel", {"RSVN_ORD_SEQ": first, "RSVN_ORD_ORGNO": "",
                                       "RSVN_ORD_ORD_DT": "20250604"})["msg_cd"] == "APBK1682"  # window closed


def test_us_reservations_go_out_at_the_open_and_cancel(server):
    raw = Raw(server)
    moment(server, at("12:00:00"))
    body = {"PDNO": "AAPL", "OVRS_EXCG_CD": "NASD", "FT_ORD_QTY": "1", "FT_ORD_UNPR3": "1.00"}
    kept = raw.call("us_reserve_buy", body)["output"]["ODNO"]
    dropped = raw.call("us_reserve_buy", body)["output"]["ODNO"]
    assert raw.call("us_reserve_cancel", {"RSVN_ORD_RCIT_DT": "20250604", "OVRS_RSVN_ODNO": dropped})["output"] == \
        {"OVRS_RSVN_ODNO": dropped}
    moment(server, at("22:31:00"))
    rows = raw.call("us_reservations", {"INQR_STRT_DT": "20250604", "INQR_END_DT": "20250604", "INQR_DVSN_CD": "00",
                                        "OVRS_EXCG_CD": ""})["output"]
    states = {r["ovrs_rsvn_odno"]: (r["ovrs_rsvn_ord_stat_cd"], r["cncl_yn"], r["ord_dt"]) for r in rows}
    assert states == {kept: ("02", "N", "20250604"), dropped: ("03", "Y", "")}
    [order] = [o for o in raw.account.orders if o.reservation]
    assert (order.session, order.time) == ("US", "223000")


def test_the_order_faults_act_on_the_new_endpoints(server):
    raw = Raw(server)
    moment(server, at("20:00:00"))
    server.world.faults.update({"order_error_after": 1, "twin_orders": 1})
    resv = {"PDNO": "005930", "ORD_QTY": "1", "ORD_UNPR": "0", "SLL_BUY_DVSN_CD": "02", "ORD_DVSN_CD": "01",
            "ORD_OBJT_CBLC_DVSN_CD": "10"}
    answer = raw.call("reserve", resv)
    assert answer["msg_cd"] == "EGW00002" and len(raw.account.reservations) == 2  # ours and the twin, both taken
    server.world.faults.update({"order_reset_before": 1})
    with pytest.raises(requests.RequestException):
        raw.call("reserve", resv)
    assert len(raw.account.reservations) == 2


def test_a_halted_stock_is_told_on_both_feeds_and_refused_before_sending(make_profile):
    """Issue 28, defect 11: the simulator never halted (temp_stop_yn and TRHT_YN were always N). A halted stock is
    shown as KIS shows it, refused locally with the reason, and refused by the simulator as KIS would."""
    from kis_xl.client import KisClient
    from kis_xl.errors import InvalidOrder, KisError
    from kis_xl.models import OrderRequest, OrderType, Side
    from kis_xl.sim.server import SimServer

    with SimServer(seed=5, clock="2025-06-04T10:00:00+09:00") as server:
        client = KisClient(make_profile(rest_url=server.real_url), timeout=30)
        assert client.price("005930").halted is False
        server.world.halt("005930", "투자주의 환기")
        assert client.price("005930").halted is True
        assert client.stock_info("005930").halted is True
        with pytest.raises(InvalidOrder, match="halted"):
            client.place_order(OrderRequest("005930", Side.BUY, 1, 70_000))
        with pytest.raises(InvalidOrder, match="halted"):  # a market order, with the quote its caller shows
            client.place_order(OrderRequest("005930", Side.BUY, 1, None, OrderType.MARKET),
                               quote=client.price("005930"))
        assert client.daily_orders().orders == []  # nothing reached KIS
        body = dict(CANO=client.profile.cano, ACNT_PRDT_CD=client.profile.product, PDNO="005930", ORD_DVSN="01",
                    ORD_QTY="1", ORD_UNPR="0", EXCG_ID_DVSN_CD="KRX")
        with pytest.raises(KisError, match="매매거래정지"):
            client.transport.call("order_buy", body=body)  # a client that does not check: KIS refuses it
        server.world.resume("005930")
        assert client.place_order(OrderRequest("005930", Side.BUY, 1, None, OrderType.MARKET)).order_no
        client.close()


def test_the_market_status_feed_tells_a_halt_and_its_end():
    from kis_xl.sim import feeds

    sub = feeds.Sub(rt.MARKET_STATUS, "005930", "", "", 0.0)
    now = datetime.fromisoformat("2025-06-04T10:00:00+09:00")
    assert feeds.market_status(sub, None, now) is None  # trading, nothing to tell
    record = feeds.market_status(sub, None, now, "투자주의 환기")
    assert dict(zip(rt.COLUMNS[rt.MARKET_STATUS], record))["TRHT_YN"] == "Y"
    assert dict(zip(rt.COLUMNS[rt.MARKET_STATUS], record))["TR_SUSP_REAS_CNTT"] == "투자주의 환기"
    assert feeds.market_status(sub, None, now, "투자주의 환기") is None  # no change, no frame
    assert dict(zip(rt.COLUMNS[rt.MARKET_STATUS], feeds.market_status(sub, None, now)))["TRHT_YN"] == "N"
