"""The session table: what is open at a moment and until when, on a clock handed in."""

from datetime import datetime

import pytest

from kis_xl import sessions


@pytest.mark.parametrize(("at", "krx", "us"), [
    ("2026-12-01T21:00:00+09:00", "closed until 2026-12-02 09:00 KST", "closed until 23:30 KST"),  # a Tuesday night
    ("2026-12-01T23:45:00+09:00", "closed until 2026-12-02 09:00 KST", "open until 2026-12-02 06:00 KST"),
    ("2025-06-02T10:00:00+09:00", "open until 15:30 KST", "closed until 22:30 KST"),  # New York on summer time
    ("2025-06-05T20:00:00+09:00", "closed until 2025-06-09 09:00 KST", "closed until 22:30 KST"),  # 6/6 holiday
    ("2025-11-29T02:30:00+09:00", "closed until 2025-12-01 09:00 KST", "open until 03:00 KST"),  # US early close
])
def test_what_is_open_and_until_when(at, krx, us):
    krx_state, us_state = sessions.states(datetime.fromisoformat(at))
    assert (krx_state.status, us_state.status) == (krx, us)
    assert krx_state.open is krx.startswith("open") and us_state.open is us.startswith("open")


def test_a_session_is_found_by_key_or_name():
    assert sessions.find("krx") is sessions.find("KRX 정규장") is sessions.KRX_REGULAR
    assert sessions.find("US") is sessions.US_REGULAR
    with pytest.raises(ValueError, match="unknown session 'NXT': KRX, US"):
        sessions.find("NXT")
