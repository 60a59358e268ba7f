"""The order sheet through the whole trading day: Venue (거래소) and When (시점) columns, NXT in the evening, the
US daytime session, reservations that become orders, and rows told what is open instead of a closed session."""

from __future__ import annotations

import pytest

from kis_xl import krx
from kis_xl.client import KisClient
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import refresh_sheet, submit
from kis_xl.sim.server import SimServer

from .test_order_identity import by_tag, set_cells
from .test_order_sheet import FIRST, make_sheet

EVENING = "2025-06-02T17:00:00+09:00"  # KRX closed; NXT after-market and the reservation window open
MORNING = "2025-06-02T11:00:00+09:00"  # KRX and NXT open; the US daytime session too


@pytest.fixture
def day_sim():
    with SimServer(seed=5, clock=EVENING) as server:
        yield server


def client_at(server, make_profile) -> KisClient:
    return KisClient(make_profile(rest_url=server.real_url), timeout=1)


def row(code, side, qty, type_, price, venue="", when="", tag="", market="KRX") -> dict:
    return {"code": code, "side": side, "quantity": qty, "type": type_, "price": price, "market": market,
            "venue": venue, "when": when, "tag": tag}


def test_an_evening_row_goes_to_nxt_and_a_krx_row_is_told_what_is_open(day_sim, make_profile, tmp_path):
    client = client_at(day_sim, make_profile)
    low = client.price("005930").lower_limit
    path = make_sheet(tmp_path / "o.xlsx", [row("005930", "BUY", 1, "LIMIT", low, "NXT", tag="nxt"),
                                            row("005930", "BUY", 1, "LIMIT", low, "KRX", tag="krx")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    rows = by_tag(path)
    assert rows["nxt"]["Status"] == "SENT"
    assert rows["krx"]["Status"] == "INVALID" and "NXT after-market" in rows["krx"]["Message"]
    assert "set Venue to NXT or SOR" in rows["krx"]["Message"]
    [order] = client.daily_orders().orders
    assert order.venue == "NXT" and order.order_no == rows["nxt"]["Order No"]
    client.close()


def test_an_after_hours_row_is_checked_at_the_moment_as_the_cli_checks_it(day_sim, make_profile, tmp_path):
    """Issue 28, defect 3: the sheet checked rows without the moment, so a 시간외 단일가 row at 17:00 was INVALID
    ("send it where sessions are checked") although KRX's single-price session was open."""
    client = client_at(day_sim, make_profile)
    close = client.price("005930").price
    price = float(krx.round_to_tick(close * 1.01, "down"))
    path = make_sheet(tmp_path / "o.xlsx", [row("005930", "BUY", 1, "AFTER_SINGLE", price, "KRX", tag="single"),
                                            row("005930", "BUY", 1, "PRE_MARKET", None, "KRX", tag="pre")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    rows = by_tag(path)
    assert rows["single"]["Status"] == "SENT", rows["single"]["Message"]
    assert rows["pre"]["Status"] == "INVALID" and "08:30" in rows["pre"]["Message"]  # told when it opens
    client.close()


def test_a_reservation_row_waits_then_becomes_its_order(day_sim, make_profile, tmp_path):
    client = client_at(day_sim, make_profile)
    path = make_sheet(tmp_path / "o.xlsx", [row("005930", "BUY", 2, "MARKET", None, when="RESERVE", tag="r"),
                                            row("000660", "BUY", 1, "MARKET", None, when="예약", tag="c")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    rows = by_tag(path)
    assert rows["r"]["Status"] == "RESERVED" and rows["r"]["Reservation No"] and not rows["r"]["Order No"]
    assert "goes out 2025-06-04 09:00 KST" in rows["r"]["Message"]  # 06-03 was a holiday (an election)
    set_cells(path, FIRST + 1, Status="CANCEL")  # the second reservation is cancelled while its window is open
    refresh_sheet(OpenpyxlSheet(path), client=client)
    assert by_tag(path)["c"]["Status"] == "CANCELLED"
    submit(OpenpyxlSheet(path), str(path), client=client)  # nothing is reserved twice
    assert len(client.reservations()) == 2
    client.close()
    day_sim.world.clock.set("2025-06-04T09:05:00+09:00")  # its session opened: the reservation went out
    client = KisClient(client.profile, timeout=1)
    refresh_sheet(OpenpyxlSheet(path), client=client)
    r = by_tag(path)["r"]
    [order] = client.daily_orders().orders
    assert r["Status"] == "FILLED" and (r["Order No"], r["Order Date"]) == (order.order_no, "2025-06-04")
    assert by_tag(path)["c"]["Status"] == "CANCELLED"
    client.close()


def test_a_reservation_whose_answer_was_lost_is_found_in_kiss_list_not_reserved_twice(day_sim, make_profile,
                                                                                    tmp_path):
    client = client_at(day_sim, make_profile)
    path = make_sheet(tmp_path / "o.xlsx", [row("005930", "BUY", 2, "MARKET", None, when="RESERVE", tag="r")])
    day_sim.world.faults.order_reset_after = 1
    try:
        submit(OpenpyxlSheet(path), str(path), client=client)
    finally:
        day_sim.world.faults.reset()
    r = by_tag(path)["r"]
    [reservation] = client.reservations()
    assert r["Status"] == "RESERVED" and r["Reservation No"] == reservation.id.number
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert len(client.reservations()) == 1
    client.close()


def test_a_us_row_in_korean_daytime_goes_to_the_daytime_session(day_sim, make_profile, tmp_path):
    day_sim.world.clock.set(MORNING)
    client = client_at(day_sim, make_profile)
    price = round(client.us_price("AAPL").price * 0.8, 2)
    path = make_sheet(tmp_path / "o.xlsx", [row("AAPL", "BUY", 1, "LIMIT", price, market="NAS", tag="us"),
                                            row("AAPL", "BUY", 1, "MARKET", None, market="NAS", tag="mkt")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    rows = by_tag(path)
    assert rows["us"]["Status"] == "SENT" and rows["mkt"]["Status"] == "INVALID"
    [order] = client.us_daily_orders().orders
    assert order.venue == "US-DAY" and order.order_no == rows["us"]["Order No"]
    set_cells(path, FIRST, Status="CANCEL")
    refresh_sheet(OpenpyxlSheet(path), client=client)  # cancelled through the daytime session's endpoint
    assert by_tag(path)["us"]["Status"] == "CANCELLED"
    client.close()


def test_a_row_during_a_vi_says_it_joins_the_auction(make_profile, tmp_path):
    from kis_xl.sim.ws import hub

    with SimServer(seed=5, clock=MORNING) as server:
        client = KisClient(make_profile("mock", rest_url=server.mock_url), timeout=2)  # quotes one by one: with VI
        hub(server.world).start_vi("005930")
        path = make_sheet(tmp_path / "o.xlsx", [row("005930", "BUY", 1, "MARKET", None, tag="vi")])
        submit(OpenpyxlSheet(path), str(path), client=client, dry_run=True)
        r = by_tag(path)["vi"]
        assert r["Status"] == "VALID" and "VI in effect: the order joins its two-minute single-price auction" in \
            r["Message"]
        client.close()
