"""KRX rules: the tick grid, daily limits (checked against KIS's own example) and the calendar."""

from datetime import date, datetime

import pytest

from kis_xl import krx


@pytest.mark.parametrize(
    ("price", "tick"),
    [(1, 1), (1_999, 1), (2_000, 5), (4_995, 5), (5_000, 10), (19_990, 10), (20_000, 50), (49_950, 50),
     (50_000, 100), (199_900, 100), (200_000, 500), (499_500, 500), (500_000, 1_000), (1_234_000, 1_000)],
)
def test_tick_size_bands(price, tick):
    assert krx.tick_size(price) == tick


def test_on_tick_and_rounding():
    assert krx.on_tick(71_000) and not krx.on_tick(71_050)
    assert not krx.on_tick(0)
    assert krx.round_to_tick(71_049, "nearest") == 71_000
    assert krx.round_to_tick(71_001, "up") == 71_100
    assert krx.round_to_tick(71_099, "down") == 71_000


def test_price_limits_match_kis_example_under_current_ticks():
    # KIS's example (base 128,500, old 500-won tick) gave 167,000 / 90,000; with today's 100-won tick
    # the width is floor(38,550 / 100) * 100 = 38,500 as well.
    assert krx.price_limits(128_500) == (167_000, 90_000)


def test_price_limits_are_on_the_grid_and_within_30_percent():
    for base in (1_000, 4_990, 19_950, 71_000, 350_000, 1_250_000):
        upper, lower = krx.price_limits(base)
        assert krx.on_tick(upper) and krx.on_tick(lower)
        assert upper <= base * 1.3 and lower >= base * 0.7


def test_calendar_knows_korean_holidays():
    assert not krx.is_trading_day(date(2025, 1, 1))  # 신정
    assert not krx.is_trading_day(date(2025, 10, 6))  # 추석
    assert not krx.is_trading_day(date(2025, 6, 1))  # Sunday
    assert krx.is_trading_day(date(2025, 6, 2))
    assert krx.previous_trading_day(date(2025, 6, 2)) == date(2025, 5, 30)
    assert krx.next_trading_day(date(2025, 5, 30)) == date(2025, 6, 2)


def test_regular_session_hours():
    assert krx.is_regular_session(datetime(2025, 6, 2, 9, 0, tzinfo=krx.KST))
    assert not krx.is_regular_session(datetime(2025, 6, 2, 15, 30, tzinfo=krx.KST))
    assert not krx.is_regular_session(datetime(2025, 6, 2, 8, 59, tzinfo=krx.KST))
    assert not krx.is_regular_session(datetime(2025, 6, 1, 10, 0, tzinfo=krx.KST))
