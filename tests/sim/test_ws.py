"""The simulator's KIS WebSocket: replies, feeds with KIS's column lists, encrypted notices, faults."""

from __future__ import annotations

import json
import time

import pytest
import requests
from websockets.sync.client import connect

from kis_xl import realtime as rt
from kis_xl.sim.ws import hub, ws_url
from tests.conftest import new_app_key, new_app_secret


@pytest.fixture
def stream(sim):
    settings = hub(sim.world).settings
    sim.world.market.quote("005930", sim.world.now())  # the calendars and series are built once per session
    saved = (settings.trade_rate, settings.ping_interval)
    settings.trade_rate = 20.0
    yield settings
    settings.trade_rate, settings.ping_interval = saved
    sim.world.faults.ws_drop = sim.world.faults.ws_malformed = 0
    sim.world.faults.ws_stall = 0.0


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


def test_subscribe_replies_as_kis(sim, stream):
    key = approval(sim.real_url)
    with connect(ws_url(sim.real_url) + "/tryitout") as ws:
        ws.send(rt.subscribe_message("not-a-key", rt.TRADES, "005930"))
        assert reply(ws)["body"]["msg1"] == "INVALID APPROVAL KEY"
        ws.send(rt.subscribe_message(key, rt.TRADES, "005930"))
        ack = reply(ws)
        assert ack["header"] == {"tr_id": rt.TRADES, "tr_key": "005930", "encrypt": "N"}
        assert (ack["body"]["rt_cd"], ack["body"]["msg_cd"], ack["body"]["msg1"]) == ("0", "OPSP0000", "SUBSCRIBE SUCCESS")
        assert len(ack["body"]["output"]["key"]) == 32 and len(ack["body"]["output"]["iv"]) == 16
        ws.send(rt.subscribe_message(key, rt.TRADES, "005930"))
        assert reply(ws)["body"]["msg1"] == "ALREADY IN SUBSCRIBE"
        for n in range(40):  # 41 registrations in all
            ws.send(rt.subscribe_message(key, rt.ORDER_BOOK, f"{100000 + n:06d}"))
            assert reply(ws)["body"]["msg_cd"] == "OPSP0000"
        ws.send(rt.subscribe_message(key, rt.ORDER_BOOK, "200000"))
        over = reply(ws)
        assert (over["body"]["msg_cd"], over["body"]["msg1"]) == ("OPSP0008", "MAX SUBSCRIBE OVER")
        ws.send(rt.subscribe_message(key, rt.ORDER_BOOK, "100000", register=False))
        assert reply(ws)["body"]["msg1"] == "UNSUBSCRIBE SUCCESS"
        ws.send(rt.subscribe_message(key, rt.ORDER_BOOK, "100000", register=False))
        assert reply(ws)["body"]["msg_cd"] == "OPSP0003"
        with connect(ws_url(sim.real_url) + f"/tryitout/{rt.TRADES}") as other:  # one session per app key
            other.send(rt.subscribe_message(key, rt.TRADES, "000660"))
            assert reply(other)["body"]["msg_cd"] == "OPSP8996"


def test_a_streamed_trade_is_what_inquire_price_answers(sim, stream, make_client):
    client = make_client()
    key = approval(sim.real_url)
    with connect(ws_url(sim.real_url) + "/tryitout") as ws:
        ws.send(rt.subscribe_message(key, rt.TRADES, "005930"))
        reply(ws)
        tr_id, records = rt.split_frame(data_frame(ws, rt.TRADES))
        assert len(records[0]) == 46 == len(rt.COLUMNS[rt.TRADES])
        row = dict(zip(rt.COLUMNS[rt.TRADES], records[-1]))
        quote = client.price("005930")
        assert float(row["STCK_PRPR"]) == quote.price
        assert float(row["PRDY_VRSS"]) == quote.change
        assert row["MKSC_SHRN_ISCD"] == "005930" and row["BSOP_DATE"] == "20250602"
        # several records in one frame when trades come together
        stream.trade_rate = 400.0
        counts = {rt.split_frame(data_frame(ws, rt.TRADES))[1].__len__() for _ in range(10)}
        assert max(counts) > 1


def test_order_book_and_us_trades_carry_kis_columns(sim, stream, make_client):
    key = approval(sim.real_url)
    book = make_client().orderbook("005930")
    with connect(ws_url(sim.real_url) + "/tryitout") as ws:
        ws.send(rt.subscribe_message(key, rt.ORDER_BOOK, "005930"))
        reply(ws)
        _, records = rt.split_frame(data_frame(ws, rt.ORDER_BOOK))
        row = dict(zip(rt.COLUMNS[rt.ORDER_BOOK], records[0]))
        assert len(records[0]) == 59
        assert float(row["ASKP1"]) == book.asks[0].price and float(row["BIDP1"]) == book.bids[0].price
        ws.send(rt.subscribe_message(key, rt.US_TRADES, "DNASAAPL"))
        assert reply(ws)["body"]["msg_cd"] == "OPSP0000"
        ws.send(rt.subscribe_message(key, rt.US_TRADES, "DNYSAAPL"))  # not AAPL's exchange
        assert reply(ws)["body"]["rt_cd"] == "1"
        sim.world.shift_clock(13 * 3600)  # 23:00 KST = 10:00 New York
        try:
            _, records = rt.split_frame(data_frame(ws, rt.US_TRADES))
        finally:
            sim.world.shift_clock(-13 * 3600)
        row = dict(zip(rt.COLUMNS[rt.US_TRADES], records[0]))
        assert len(records[0]) == 25 and row["SYMB"] == "AAPL" and float(row["LAST"]) > 0


def test_fill_notices_are_encrypted_and_keyed_by_hts_id(sim, stream, make_client):
    client = make_client()
    key = approval(sim.real_url, client.profile.app_key, client.profile.app_secret)
    with connect(ws_url(sim.real_url) + "/tryitout") as ws:
        ws.send(rt.subscribe_message(key, rt.NOTICE_REAL, "testuser"))
        ack = reply(ws)
        assert ack["header"]["encrypt"] == "Y"
        keys = {rt.NOTICE_REAL: (ack["body"]["output"]["key"], ack["body"]["output"]["iv"])}
        price = client.price("005930").price
        buy = client.buy("005930", 3, price)  # marketable: accepted, then filled
        far = client.buy("005930", 1, price * 0.8 // 100 * 100)  # rests
        client.cancel_order(far.order_no)
        seen = []
        deadline = time.monotonic() + 5
        while len(seen) < 4 and time.monotonic() < deadline:
            raw = data_frame(ws, rt.NOTICE_REAL)
            assert raw.startswith("1|H0STCNI0|")
            with pytest.raises(rt.FrameError):
                rt.split_frame(raw)  # unreadable without the key
            seen += [dict(zip(rt.COLUMNS[rt.NOTICE_REAL], r)) for r in rt.split_frame(raw, keys)[1]]
    mine = {(n["ODER_NO"].lstrip("0"), n["CNTG_YN"], n["RCTF_CLS"]) for n in seen}
    assert (buy.order_no.lstrip("0"), "1", "0") in mine  # accepted
    assert (buy.order_no.lstrip("0"), "2", "0") in mine  # filled
    fill = next(n for n in seen if n["CNTG_YN"] == "2")
    assert (fill["CUST_ID"], fill["CNTG_QTY"], float(fill["CNTG_UNPR"])) == ("testuser", "3", price)
    cancel = next(n for n in seen if n["RCTF_CLS"] == "2")
    assert cancel["OODER_NO"].lstrip("0") == far.order_no.lstrip("0")


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
        bad = None
        while bad is None:
            text = data_frame(ws, rt.TRADES)
            try:
                rt.split_frame(text)
            except rt.FrameError:
                bad = text
        rt.split_frame(data_frame(ws, rt.TRADES))  # the next frame is whole again
        sim.world.faults.ws_drop = 1
        with pytest.raises(Exception):
            while True:
                ws.recv(timeout=5)
    assert ws.close_code == 1011


def test_kis_sample_style_parsing_reads_every_column(sim, stream, make_client):
    """KIS's own sample reads a payload with pandas (sep "^", its column names) after AES-CBC decryption."""
    from io import StringIO

    import pandas as pd

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
