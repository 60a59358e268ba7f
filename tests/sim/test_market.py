"""Simulated market data: deterministic, on the tick grid, consistent across pages and endpoints."""

from datetime import date, datetime

from kis_xl import krx
from kis_xl.sim.market import MarketModel

NOW = datetime(2025, 6, 2, 10, 0, tzinfo=krx.KST)


def test_same_seed_same_prices_other_seed_other_prices():
    a, b, c = MarketModel(1), MarketModel(1), MarketModel(2)
    assert a.quote("005930", NOW) == b.quote("005930", NOW)
    assert a.bars("000660", date(2024, 1, 1), date(2024, 3, 1), NOW) != c.bars("000660", date(2024, 1, 1),
                                                                                date(2024, 3, 1), NOW)


def test_bars_follow_krx_rules():
    m = MarketModel(3)
    bars = m.bars("035720", date(2023, 1, 1), date(2025, 5, 30), NOW)
    assert all(krx.is_trading_day(b.day) for b in bars)
    assert date(2025, 1, 1) not in {b.day for b in bars}
    for prev, bar in zip(bars, bars[1:]):
        assert bar.low <= min(bar.open, bar.close) <= max(bar.open, bar.close) <= bar.high
        assert all(krx.on_tick(int(p)) for p in (bar.open, bar.high, bar.low, bar.close))
        upper, lower = krx.price_limits(int(prev.close))
        assert lower <= bar.close <= upper


def test_named_stock_is_near_its_reference_on_the_anchor_day():
    q = MarketModel(0).quote("005930", NOW)
    assert q.instrument.name == "삼성전자" and 0.8 * 71_000 < q.price < 1.2 * 71_000


def test_intraday_quote_moves_along_the_minute_path_and_shows_last_close_after_hours():
    m = MarketModel(5)
    path = m.minute_path("005930", date(2025, 6, 2))
    assert m.quote("005930", NOW).price == path[60]
    after = m.quote("005930", datetime(2025, 6, 2, 20, 0, tzinfo=krx.KST))
    assert after.price == path[-1] and not after.is_open
    sunday = m.quote("005930", datetime(2025, 6, 1, 12, 0, tzinfo=krx.KST))
    assert sunday.session == date(2025, 5, 30)


def test_unlisted_range_and_synthetic_names():
    m = MarketModel(0)
    assert not m.is_listed("990000") and not m.is_listed("999999") and m.is_listed("989999")
    assert m.instrument("123450").name == "SIM123450"
