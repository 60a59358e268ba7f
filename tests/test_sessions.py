"""The session table: what is open at a moment and until when, on a clock handed in."""

from datetime import datetime

import pytest

from kis_xl import sessions
from kis_xl.models import OrderType


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(("when", "krx", "us"), [
    ("2026-12-01T21:00:00+09:00", "closed until 2026-12-02 09:00 KST", "closed until 23:30 KST"),  # a Tuesday night
    ("2026-12-01T23:45:00+09:00", "closed until 2026-12-02 09:00 KST", "open until 2026-12-02 06:00 KST"),
    ("2025-06-02T10:00:00+09:00", "open until 15:30 KST", "closed until 22:30 KST"),  # New York on summer time
    ("2025-06-05T20:00:00+09:00", "closed until 2025-06-09 09:00 KST", "closed until 22:30 KST"),  # 6/6 holiday
    ("2025-11-29T02:30:00+09:00", "closed until 2025-12-01 09:00 KST", "open until 03:00 KST"),  # US early close
])
def test_the_regular_sessions_open_and_until_when(when, krx, us):
    krx_state, us_state = sessions.KRX_REGULAR.state(at(when)), sessions.US_REGULAR.state(at(when))
    assert (krx_state.status, us_state.status) == (krx, us)
    assert krx_state.open is krx.startswith("open") and us_state.open is us.startswith("open")


@pytest.mark.parametrize(("when", "open_now"), [
    ("2025-06-02T07:00:00+09:00", set()),  # a Monday morning: nothing yet
    ("2025-06-02T08:35:00+09:00", {"NXT-PRE", "KRX-PRE"}),
    ("2025-06-02T09:00:10+09:00", {"KRX"}),  # NXT's main session opens at 09:00:30
    ("2025-06-02T10:00:00+09:00", {"KRX", "NXT", "US-DAY"}),
    ("2025-06-02T15:25:00+09:00", {"KRX", "US-DAY"}),  # NXT pauses 15:20-15:30 for KRX's closing auction
    ("2025-06-02T15:45:00+09:00", {"NXT-AFTER", "KRX-POST", "US-DAY"}),
    ("2025-06-02T17:00:00+09:00", {"NXT-AFTER", "KRX-SINGLE", "US-DAY", "US-PRE"}),  # summer: pre-market at 17:00
    ("2025-12-02T17:00:00+09:00", {"NXT-AFTER", "KRX-SINGLE", "US-DAY"}),  # winter: at 18:00
    ("2025-06-02T19:30:00+09:00", {"NXT-AFTER", "US-PRE"}),
    ("2025-06-03T01:00:00+09:00", {"US"}),
    ("2025-06-03T06:30:00+09:00", {"US-AFTER"}),  # until 07:00 KST, summer and winter
    ("2025-12-03T06:30:00+09:00", {"US-AFTER"}),
    ("2025-06-07T12:00:00+09:00", set()),  # a Saturday
])
def test_every_session_open_at_a_moment(when, open_now):
    assert {st.session.key for st in sessions.open_sessions(at(when))} == set(open_now)


def test_session_ends_and_next_opens_in_kst():
    states = {st.session.key: st.status for st in sessions.states(at("2025-06-02T17:00:00+09:00"))}
    assert states["NXT-AFTER"] == "open until 20:00 KST"
    assert states["KRX-SINGLE"] == "open until 18:00 KST"
    assert states["NXT"] == "closed until 2025-06-04 09:00:30 KST"  # 6/3 was a holiday (the presidential election)
    assert states["US-AFTER"] == "closed until 2025-06-03 05:00 KST"
    early = sessions.US_AFTER.state(at("2025-11-28T13:30:00-05:00"))  # the day after Thanksgiving closes at 13:00
    assert early.open and early.until == at("2025-11-29T07:00:00+09:00")


def test_which_session_takes_a_venue_and_type():
    evening = at("2025-06-02T17:00:00+09:00")
    assert sessions.taking("KRX", OrderType.LIMIT, evening) is None
    assert sessions.taking("KRX", OrderType.AFTER_SINGLE, evening).session is sessions.KRX_SINGLE
    assert sessions.taking("NXT", OrderType.LIMIT, evening).session is sessions.NXT_AFTER
    assert sessions.taking("NXT", OrderType.IOC_LIMIT, evening) is None  # the after-market takes limit orders only
    soon = sessions.next_taking("KRX", OrderType.PRE_MARKET, evening)
    assert soon.session is sessions.KRX_PRE_CLOSE and soon.until == at("2025-06-04T08:30:00+09:00")


def test_a_session_is_found_by_key_or_name():
    assert sessions.find("krx") is sessions.find("KRX 정규장") is sessions.KRX_REGULAR
    assert sessions.find("US") is sessions.US_REGULAR
    assert sessions.find("nxt-after") is sessions.find("NXT 애프터마켓") is sessions.NXT_AFTER
    assert sessions.find("시간외 단일가") is sessions.KRX_SINGLE and sessions.find("us-day") is sessions.US_DAY
    with pytest.raises(ValueError, match="unknown session 'LSE': KRX-PREMARKET, NXT-PRE, KRX-PRE, KRX, NXT, NXT-AFTER"):
        sessions.find("LSE")


@pytest.mark.parametrize(("when", "status"), [
    ("2025-06-02T15:39:00+09:00", "closed until 15:40 KST"),
    ("2025-06-02T15:40:00+09:00", "open until 23:40 KST"),
    ("2025-06-02T23:50:00+09:00", "closed until 2025-06-03 00:10 KST"),  # KIS's nightly batch
    ("2025-06-07T12:00:00+09:00", "open until 23:40 KST"),  # a Saturday
    ("2025-06-09T06:00:00+09:00", "open until 07:30 KST"),  # Monday, before the market
    ("2025-06-09T07:31:00+09:00", "closed until 15:40 KST"),
])
def test_the_domestic_reservation_window(when, status):
    assert sessions.KR_RESERVE.state(at(when)).status == status


@pytest.mark.parametrize(("when", "status"), [
    ("2025-06-02T09:59:00+09:00", "closed until 10:00 KST"),
    ("2025-06-02T16:35:00+09:00", "closed until 16:45 KST"),  # KIS's settlement
    ("2025-06-02T22:15:00+09:00", "open until 22:20 KST"),  # 10 minutes before New York opens (summer)
    ("2025-12-02T23:15:00+09:00", "open until 23:20 KST"),  # (winter)
    ("2025-06-02T22:25:00+09:00", "closed until 2025-06-03 10:00 KST"),
])
def test_the_us_reservation_window(when, status):
    assert sessions.US_RESERVE.state(at(when)).status == status


def test_a_reservation_goes_out_at_the_next_open_of_its_session():
    friday = at("2025-06-13T20:00:00+09:00")
    assert sessions.KR_RESERVE.release(OrderType.LIMIT, friday) == at("2025-06-16T09:00:00+09:00")
    assert sessions.KR_RESERVE.release(OrderType.PRE_MARKET, friday) == at("2025-06-16T08:30:00+09:00")
    assert sessions.KR_RESERVE.release(OrderType.LIMIT, at("2025-06-16T02:00:00+09:00")) == \
        at("2025-06-16T09:00:00+09:00")
    assert sessions.US_RESERVE.release(OrderType.LIMIT, at("2025-06-13T12:00:00+09:00")) == \
        at("2025-06-13T22:30:00+09:00")
