"""The simulator's KIS WebSocket: KIS's replies and codes, feeds in KIS's layouts, encrypted notices, faults."""

from __future__ import annotations

import json
import time
from io import StringIO

import pandas as pd
import pytest
import requests
from websockets.sync.client import connect

from kis_xl import krx
from kis_xl import realtime as rt
from kis_xl.models import OrderRequest, OrderType, Side
from kis_xl.sim.ws import hub, ws_url
from tests.conftest import new_app_key, new_app_secret, shifted


@pytest.fixture
def stream(sim):
    settings = hub(sim.world).settings
    sim.world.market.quote("005930", sim.world.now())  # the calendars and series are built once per session
    saved = (settings.trade_rate, settings.ping_interval, settings.book_interval)
    settings.trade_rate = 20.0
    yield settings
    settings.trade_rate, settings.ping_interval, settings.book_interval = saved
    sim.world.faults.reset()


def approval(url: str, app_key: str | None = None, secret: str | None = None) -> str:
    body = {"grant_type": "client_credentials", "appkey": app_key or new_app_key(),
            "secretkey": secret or new_app_secret()}
    return requests.post(url + "/oauth2/Approval", json=body, timeout=5).json()["approval_key"]


def reply(ws) -> dict:
    while True:
        text = ws.recv(timeout=5)
        if text[0] == "{":
            data = json.loads(text)
            if data["header"]["tr_id"] != rt.PINGPONG:
                return data


def data_frame(ws, tr_id: str, timeout: float = 5) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = ws.recv(timeout=timeout)
        if text.split("|", 2)[1:2] == [tr_id]:
            return text
    raise AssertionError(f"no {tr_id} frame")


def paced(ws, message: str, domain: str = "real") -> None:
    """Send as KIS's samples do: one control message per pace."""
    time.sleep(rt.PACE[domain])
    ws.send(message)


def test_subscribe_replies_as_kis(sim, stream):
    app_key = new_app_key()
    key = approval(sim.real_url, app_key)
    with connect(ws_url(sim.real_url) + "/tryitout") as ws:
        ws.send(rt.subscribe_message("not-a-key", rt.TRADES, "005930"))
        refused = reply(ws)["body"]
        assert (refused["rt_cd"], refused["msg_cd"], refused["msg1"]) == ("1", "OPSP0011", "invalid approval : NOT FOUND")
        paced(ws, rt.subscribe_message(key, rt.TRADES, "005930"))
        ack = reply(ws)
        assert ack["header"] == {"tr_id": rt.TRADES, "tr_key": "005930", "encrypt": "N"}
        assert (ack["body"]["rt_cd"], ack["body"]["msg_cd"], ack["body"]["msg1"]) == ("0", "OPSP0000", "SUBSCRIBE SUCCESS")
        assert len(ack["body"]["output"]["key"]) == 32 and len(ack["body"]["output"]["iv"]) == 16
        paced(ws, rt.subscribe_message(key, rt.TRADES, "005930"))
        already = reply(ws)["body"]
        assert (already["rt_cd"], already["msg_cd"], already["msg1"]) == ("1", "OPSP0002", "ALREADY IN SUBSCRIBE")
        for n in range(40):  # 41 registrations in all
            paced(ws, rt.subscribe_message(key, rt.ORDER_BOOK, f"{100000 + n:06d}"))
            assert reply(ws)["body"]["msg_cd"] == "OPSP0000"
        paced(ws, rt.subscribe_message(key, rt.ORDER_BOOK, "200000"))
        over = reply(ws)
        assert (over["body"]["msg_cd"], over["body"]["msg1"]) == ("OPSP0008", "MAX SUBSCRIBE OVER")
        paced(ws, rt.subscribe_message(key, rt.ORDER_BOOK, "100000", register=False))
        assert reply(ws)["body"]["msg1"] == "UNSUBSCRIBE SUCCESS"
        paced(ws, rt.subscribe_message(key, rt.ORDER_BOOK, "100000", register=False))
        assert reply(ws)["body"]["msg_cd"] == "OPSP0003"
        with connect(ws_url(sim.real_url) + f"/tryitout/{rt.TRADES}") as other:  # one session per app key
            other.send(rt.subscribe_message(key, rt.TRADES, "000660"))
            in_use = reply(other)["body"]
            assert (in_use["msg_cd"], in_use["msg1"]) == ("OPSP8996", "ALREADY IN USE appkey")
    assert hub(sim.world).too_fast[app_key] == 0 and hub(sim.world).controls[app_key] == 45


@pytest.mark.parametrize("message, code", [
    ("{not json", "OPSP9999"),
    ('{"body": {}}', "OPSP9998"),
    ('{"header": {"approval_key": "k", "tr_type": "1"}}', "OPSP9992"),
    ('{"header": {"approval_key": "k", "tr_type": "1"}, "body": {}}', "OPSP9991"),
    ('{"header": {"approval_key": "k", "tr_type": "1"}, "body": {"input": {"tr_key": "005930"}}}', "OPSP8991"),
    ('{"header": {"approval_key": "k", "tr_type": "1"}, "body": {"input": {"tr_id": "H0STCNT0"}}}', "OPSP9990"),
    ('{"header": {"approval_key": "k", "tr_type": "1"}, "body": {"input": {"tr_id": "H0STCNT0", "tr_key": 5930}}}',
     "OPSP8993"),
    ('{"header": {"approval_key": "k", "tr_type": "3"}, "body": {"input": {"tr_id": "H0STCNT0", "tr_key": "005930"}}}',
     "OPSP8997"),
])
def test_malformed_requests_get_kis_codes(sim, stream, message, code):
    with connect(ws_url(sim.real_url) + "/tryitout") as ws:
        ws.send(message)
        body = reply(ws)["body"]
    assert body["msg_cd"] == code and body["rt_cd"] == ("1" if code == "OPSP8991" else "9")
    assert body["msg1"] == next(r.text for r in vars(rt).values() if isinstance(r, rt.Reply) and r.code == code)


def test_feeds_kis_does_not_offer_are_refused_by_domain(sim, stream):
    real, mock = approval(sim.real_url), approval(sim.mock_url)
    with connect(ws_url(sim.mock_url) + "/tryitout") as ws:
        for tr_id, key in [(rt.INDEX, "0001"), (rt.EXPECTED, "005930"), (rt.MARKET_STATUS, "005930"),
                           (rt.US_TRADES, "DNASAAPL"), (rt.NOTICE_REAL, "testuser")]:
            paced(ws, rt.subscribe_message(mock, tr_id, key), "mock")
            assert reply(ws)["body"]["msg_cd"] == "OPSP8991", tr_id
        paced(ws, rt.subscribe_message(mock, rt.US_NOTICE_MOCK, "testuser"), "mock")
        assert reply(ws)["body"]["msg_cd"] == "OPSP0000"
    with connect(ws_url(sim.real_url) + "/tryitout") as ws:
        paced(ws, rt.subscribe_message(real, rt.TRADES, "995000"))  # not a listed code
        assert reply(ws)["body"]["msg_cd"] == "OPSP8992"
        paced(ws, rt.subscribe_message(real, rt.INDEX, "0001"))
        assert reply(ws)["body"]["msg_cd"] == "OPSP0000"


def test_a_streamed_trade_is_what_inquire_price_answers(sim, stream, make_client):
    client = make_client()
    key = approval(sim.real_url)
    with connect(ws_url(sim.real_url) + "/tryitout") as ws:
        ws.send(rt.subscribe_message(key, rt.TRADES, "005930"))
        reply(ws)
        for _ in range(5):  # a trade and a quote of the same minute (the simulated price moves a step a minute)
            tr_id, records, width = rt.split_frame(data_frame(ws, rt.TRADES))
            row = dict(zip(rt.COLUMNS[rt.TRADES], records[-1]))
            quote = client.price("005930")
            if quote.as_of.strftime("%H%M") == row["STCK_CNTG_HOUR"][:4]:
                break
        assert width == 46 == len(records[0]) == len(rt.COLUMNS[rt.TRADES])
        assert float(row["STCK_PRPR"]) == quote.price
        assert float(row["PRDY_VRSS"]) == quote.change
        assert row["MKSC_SHRN_ISCD"] == "005930" and row["BSOP_DATE"] == "20250602"
        # several records in one frame when trades come together
        stream.trade_rate = 400.0
        counts = {len(rt.split_frame(data_frame(ws, rt.TRADES))[1]) for _ in range(10)}
        assert max(counts) > 1


def test_us_trades_lead_with_the_tr_key_as_kis_sends_them(sim, stream):
    """HDFSCNT0 is 26 fields, RSYM first (KIS's legacy sample; python-kis reads it so); KIS's newer sample
    names 25 columns from SYMB and gets them right because pandas takes the extra first column as the index."""
    key = approval(sim.real_url)
    with connect(ws_url(sim.real_url) + "/tryitout") as ws:
        ws.send(rt.subscribe_message(key, rt.US_TRADES, "DNASAAPL"))
        assert reply(ws)["body"]["msg_cd"] == "OPSP0000"
        paced(ws, rt.subscribe_message(key, rt.US_TRADES, "DNYSAAPL"))  # not AAPL's exchange
        assert reply(ws)["body"]["msg_cd"] == "OPSP8992"
        paced(ws, rt.subscribe_message(key, rt.US_TRADES, "RBAQAAPL"))  # the daytime session's key
        assert reply(ws)["body"]["msg_cd"] == "OPSP0000"
        with shifted(sim, 13 * 3600):  # 23:00 KST = 10:00 New York
            raw = us_frame(ws, "DNASAAPL")
        daytime = us_frame(ws, "RBAQAAPL")  # 10:00 KST: the daytime session
    payload = raw.split("|", 3)[3]
    assert len(payload.split("^")) == 26 * int(raw.split("|")[2])
    row = dict(zip(rt.COLUMNS[rt.US_TRADES], rt.split_frame(raw)[1][0]))
    assert (row["RSYM"], row["SYMB"], row["MTYP"]) == ("DNASAAPL", "AAPL", "1") and float(row["LAST"]) > 0
    newer = ["SYMB", "ZDIV", "TYMD", "XYMD", "XHMS", "KYMD", "KHMS", "OPEN", "HIGH", "LOW", "LAST", "SIGN", "DIFF",
             "RATE", "PBID", "PASK", "VBID", "VASK", "EVOL", "TVOL", "TAMT", "BIVL", "ASVL", "STRN", "MTYP"]
    frame = pd.read_csv(StringIO(payload), header=None, sep="^", names=newer, dtype=object)
    assert frame.iloc[0]["SYMB"] == "AAPL" and frame.iloc[0]["LAST"] == row["LAST"]
    assert rt.split_frame(daytime)[1][0][1] == "AAPL"


def us_frame(ws, tr_key: str) -> str:
    while True:
        raw = data_frame(ws, rt.US_TRADES)
        if raw.split("|", 3)[3].startswith(tr_key + "^"):
            return raw


def test_order_book_index_and_auction_carry_kis_columns(sim, stream, make_client):
    client = make_client()
    key = approval(sim.real_url)
    book = client.orderbook("005930")
    stream.book_interval = 0.1
    with connect(ws_url(sim.real_url) + "/tryitout") as ws:
        for tr_id, tr_key in [(rt.ORDER_BOOK, "005930"), (rt.INDEX, "0001"), (rt.EXPECTED, "005930")]:
            paced(ws, rt.subscribe_message(key, tr_id, tr_key))
            assert reply(ws)["body"]["msg_cd"] == "OPSP0000"
        _, records, width = rt.split_frame(data_frame(ws, rt.ORDER_BOOK))
        row = dict(zip(rt.COLUMNS[rt.ORDER_BOOK], records[0]))
        after = client.orderbook("005930")  # the session clock runs on: a minute may turn meanwhile
        assert width == 59 and (float(row["ASKP1"]), float(row["BIDP1"])) in {
            (b.asks[0].price, b.bids[0].price) for b in (book, after)}
        _, records, width = rt.split_frame(data_frame(ws, rt.INDEX))
        row = dict(zip(rt.COLUMNS[rt.INDEX], records[0]))
        assert width == 30 and row["BSTP_CLS_CODE"] == "0001"
        assert abs(float(row["PRPR_NMIX"]) - client.index("0001").level) < 50
        now = sim.world.now().astimezone(krx.KST)
        with shifted(sim, (now.replace(hour=15, minute=25, second=0) - now).total_seconds()):  # the closing auction
            _, records, width = rt.split_frame(data_frame(ws, rt.EXPECTED))
            closing = dict(zip(rt.COLUMNS[rt.EXPECTED], records[0]))
            assert abs(float(closing["STCK_PRPR"]) / client.price("005930").price - 1) < 0.01
    assert width == 45 and closing["HOUR_CLS_CODE"] == "A" and int(closing["CNTG_VOL"]) > 0


def test_a_vi_stops_trades_and_is_told_on_the_market_status_feed(sim, stream):
    key = approval(sim.real_url)
    stream.book_interval = 0.2
    with connect(ws_url(sim.real_url) + "/tryitout") as ws:
        for tr_id in (rt.TRADES, rt.MARKET_STATUS, rt.EXPECTED):
            paced(ws, rt.subscribe_message(key, tr_id, "000660"))
            assert reply(ws)["body"]["msg_cd"] == "OPSP0000"
        data_frame(ws, rt.TRADES)
        hub(sim.world).start_vi("000660", "2", seconds=1.5)
        _, records, _ = rt.split_frame(data_frame(ws, rt.MARKET_STATUS))
        status = dict(zip(rt.COLUMNS[rt.MARKET_STATUS], records[0]))
        assert (status["MKSC_SHRN_ISCD"], status["VI_CLS_CODE"], status["TRHT_YN"]) == ("000660", "2", "N")
        during = []
        while True:  # during the VI: no trades, expected prices of the single-price auction
            text = ws.recv(timeout=5)
            tr_id = text.split("|", 2)[1]
            if tr_id == rt.MARKET_STATUS:
                break
            during.append(tr_id)
        assert rt.TRADES not in during and rt.EXPECTED in during
        assert dict(zip(rt.COLUMNS[rt.MARKET_STATUS], rt.split_frame(text)[1][0]))["VI_CLS_CODE"] == "N"
        data_frame(ws, rt.TRADES)  # trading again


def test_fill_notices_are_encrypted_and_keyed_by_hts_id(sim, stream, make_client):
    client = make_client()
    key = approval(sim.real_url, client.profile.app_key, client.profile.app_secret)
    with connect(ws_url(sim.real_url) + "/tryitout") as ws:
        ws.send(rt.subscribe_message(key, rt.NOTICE_REAL, "testuser"))
        ack = reply(ws)
        assert ack["header"]["encrypt"] == "Y"
        keys = {rt.NOTICE_REAL: (ack["body"]["output"]["key"], ack["body"]["output"]["iv"])}
        quote = client.price("005930")
        price = quote.price
        buy = client.buy("005930", 3, quote.upper_limit)  # marketable however the price moved since: then filled
        far = client.buy("005930", 1, price * 0.8 // 100 * 100)  # rests
        client.cancel_order(far.order_no)
        seen: list[dict] = []
        wanted = {(buy.order_no.lstrip("0"), "1", "0"), (buy.order_no.lstrip("0"), "2", "0")}

        def told() -> bool:
            mine = {(n["ODER_NO"].lstrip("0"), n["CNTG_YN"], n["RCTF_CLS"]) for n in seen}
            return wanted <= mine and any(n["RCTF_CLS"] == "2" for n in seen)

        deadline = time.monotonic() + 30  # a wait, not a speed check: two suites at once made 5 s too short
        while not told() and time.monotonic() < deadline:
            try:
                raw = data_frame(ws, rt.NOTICE_REAL, timeout=max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                break
            assert raw.startswith("1|H0STCNI0|")
            with pytest.raises(rt.FrameError):
                rt.split_frame(raw)  # unreadable without the key
            seen += [dict(zip(rt.COLUMNS[rt.NOTICE_REAL], r)) for r in rt.split_frame(raw, keys)[1]]
    mine = {(n["ODER_NO"].lstrip("0"), n["CNTG_YN"], n["RCTF_CLS"]) for n in seen}
    assert told(), f"notices seen: {sorted(mine)}; buy {buy.order_no}, far {far.order_no}"
    assert (buy.order_no.lstrip("0"), "1", "0") in mine  # accepted
    assert (buy.order_no.lstrip("0"), "2", "0") in mine  # filled
    fill = next(n for n in seen if n["CNTG_YN"] == "2")
    assert (fill["CUST_ID"], fill["CNTG_QTY"], float(fill["CNTG_UNPR"])) == ("testuser", "3", price)
    cancel = next(n for n in seen if n["RCTF_CLS"] == "2")
    assert cancel["OODER_NO"].lstrip("0") == far.order_no.lstrip("0")


@pytest.mark.parametrize("domain", ["real", "mock"])
def test_us_order_notices_come_on_the_overseas_feed_in_its_layout(sim, stream, make_client, domain):
    client = make_client(domain)
    url = sim.real_url if domain == "real" else sim.mock_url
    key = approval(url, client.profile.app_key, client.profile.app_secret)
    us_tr, kr_tr = rt.us_notice_tr_id(domain == "mock"), rt.notice_tr_id(domain == "mock")
    with connect(ws_url(url) + "/tryitout") as ws:
        keys = {}
        for tr_id in (us_tr, kr_tr):
            paced(ws, rt.subscribe_message(key, tr_id, "testuser"), domain)
            out = reply(ws)["body"]["output"]
            keys[tr_id] = (out["key"], out["iv"])
        with shifted(sim, 13 * 3600):  # the US session: a marketable limit fills
            price = client.us_price("AAPL").price
            ack = client.place_order(OrderRequest("AAPL", Side.BUY, 2, round(price * 1.01, 2), OrderType.LIMIT,
                                                  market="NAS"))
            seen = []
            deadline = time.monotonic() + 10
            while len(seen) < 2 and time.monotonic() < deadline:
                raw = data_frame(ws, us_tr)
                tr_id, records, width = rt.split_frame(raw, keys)
                assert raw.startswith(f"1|{us_tr}|") and width == 25
                seen += [dict(zip(rt.COLUMNS[us_tr], r)) for r in records]
        with pytest.raises(Exception):
            data_frame(ws, kr_tr, timeout=0.5)  # a US order is not told on the domestic feed
    accepted, filled = seen
    kis_sample = pd.read_csv(StringIO("^".join(seen[0].values())), header=None, sep="^", dtype=object,
                             names=["CUST_ID", "ACNT_NO", "ODER_NO", "OODER_NO", "SELN_BYOV_CLS", "RCTF_CLS",
                                    "ODER_KIND2", "STCK_SHRN_ISCD", "CNTG_QTY", "CNTG_UNPR", "STCK_CNTG_HOUR",
                                    "RFUS_YN", "CNTG_YN", "ACPT_YN", "BRNC_NO", "ODER_QTY", "ACNT_NAME", "CNTG_ISNM",
                                    "ODER_COND", "DEBT_GB", "DEBT_DATE", "START_TM", "END_TM", "TM_DIV_TP",
                                    "CNTG_UNPR12"])  # examples_user/overseas_stock ccnl_notice's columns
    assert kis_sample.iloc[0]["STCK_SHRN_ISCD"] == "AAPL" and kis_sample.iloc[0]["ODER_COND"] == "6"
    assert accepted["ODER_NO"].lstrip("0") == ack.order_no.lstrip("0") == filled["ODER_NO"].lstrip("0")
    assert (accepted["CNTG_YN"], accepted["CNTG_QTY"], accepted["ODER_QTY"]) == ("1", "0000000002", "")
    assert accepted["CNTG_UNPR"] == f"{round(round(price * 1.01, 2) * 10_000):09d}"  # four implied decimals
    assert (filled["CNTG_YN"], int(filled["CNTG_QTY"]), int(filled["ODER_QTY"])) == ("2", 2, 2)
    assert (filled["SELN_BYOV_CLS"], filled["ODER_KIND2"], filled["ODER_COND"], filled["STCK_SHRN_ISCD"]) == (
        "02", "2", "6", "AAPL")


def test_pingpong_and_faults(sim, stream):
    key = approval(sim.real_url)
    stream.ping_interval = 0.1
    with connect(ws_url(sim.real_url) + "/tryitout") as ws:
        ws.send(rt.subscribe_message(key, rt.TRADES, "005930"))
        reply(ws)
        deadline = time.monotonic() + 5
        while True:
            text = ws.recv(timeout=5)
            if text.startswith("{") and json.loads(text)["header"]["tr_id"] == rt.PINGPONG:
                ws.send(text)  # echoed as python-kis does; the session stays up
                break
            assert time.monotonic() < deadline
        sim.world.faults.ws_malformed = 1
        deadline = time.monotonic() + 5
        while rt.split_frame(data_frame(ws, rt.TRADES))[2] == 46:  # a broken frame: two fields
            assert time.monotonic() < deadline
        assert rt.split_frame(data_frame(ws, rt.TRADES))[2] == 46  # the next frame is whole again
        sim.world.faults.ws_wide = 1
        tr_id, records, width = rt.split_frame(data_frame(ws, rt.TRADES))
        assert width == 47 and len(records[0]) == 46  # a column appended: read by the known ones
        sim.world.faults.ws_drop = 1
        with pytest.raises(Exception):
            while True:
                ws.recv(timeout=5)
    assert ws.close_code == 1011


def test_kis_sample_style_parsing_reads_every_column(sim, stream, make_client):
    """KIS's own sample reads a payload with pandas (sep "^", its column names) after AES-CBC decryption."""
    client = make_client()
    key = approval(sim.real_url, client.profile.app_key, client.profile.app_secret)
    with connect(ws_url(sim.real_url) + "/tryitout") as ws:
        ws.send(rt.subscribe_message(key, rt.NOTICE_REAL, "testuser"))
        out = reply(ws)["body"]["output"]
        client.buy("005930", 1, client.price("005930").price)
        enc, tr_id, count, payload = data_frame(ws, rt.NOTICE_REAL).split("|", 3)
    text = rt.decrypt(out["key"], out["iv"], payload)
    frame = pd.read_csv(StringIO(text), header=None, sep="^", names=list(rt.COLUMNS[tr_id]), dtype=object)
    assert enc == "1" and frame.shape == (1, 26) and int(count) * 26 == len(text.split("^"))
    assert frame.iloc[0]["STCK_SHRN_ISCD"] == "005930" and frame.iloc[0]["CUST_ID"] == "testuser"


def test_tolerant_split_reads_wider_and_narrower_records():
    record = [str(i) for i in range(46)]
    tr_id, records, width = rt.split_frame(rt.frame(rt.TRADES, [record + ["new"], record + ["new"]]))
    assert (width, records) == (47, [record, record])
    tr_id, records, width = rt.split_frame(rt.frame(rt.NOTICE_MOCK, [record[:23]]))
    assert width == 23 and records[0] == record[:23] + ["", "", ""]
    with pytest.raises(rt.FrameError):
        rt.split_frame(f"0|{rt.TRADES}|002|" + "^".join(record + ["x"]))  # 93 fields: no width explains it
