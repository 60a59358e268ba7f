"""Random cell contents thrown at validation: nothing escapes, and whatever passes is a sane order."""

from datetime import date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kis_xl import krx
from kis_xl.models import OrderType, Quote, Side
from kis_xl.orders.rows import INPUT_COLUMNS, SheetRow
from kis_xl.orders.validate import Context, validate

NOW = datetime(2025, 6, 2, 10, 0, tzinfo=krx.KST)


def _quote(code: str, price: float, market: str = "KRX") -> Quote:
    upper, lower = krx.price_limits(int(price)) if market == "KRX" else (None, None)
    return Quote(code=code, price=price, change=0.0, change_pct=0.0, open=price, high=price, low=price,
                 prev_close=price, volume=0, value=0.0, market=market, upper_limit=upper, lower_limit=lower,
                 base_price=price)


QUOTES = {"005930": _quote("005930", 71_000), "000660": _quote("000660", 198_000),
          "035720": _quote("035720", 1_995), "AAPL": _quote("AAPL", 190.5, "NAS")}

junk = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.dates(), st.datetimes(), st.times(),
    st.sampled_from(["#REF!", "#N/A", "#VALUE!", "#DIV/0!", " ", "매수", "매도", "BUY", "sell", "LIMIT", "시장가",
                     "MARKET", "IOC_LIMIT", "KRX", "NAS", "nyse", "005930", "5930", "A005930", "000660", "035720",
                     "995000", "AAPL", "70,950", "71000", "1.5", "0", "-3", "1e3"]),
)
plausible = {
    "code": st.sampled_from(["005930", 5930, "A005930", "000660", "035720", "995000", "AAPL", "12ab", ""]),
    "side": st.sampled_from(["BUY", "SELL", "매수", "매도", "HOLD", None]),
    "quantity": st.one_of(st.integers(-5, 50), st.floats(-5, 50), st.sampled_from(["3", "x", None])),
    "type": st.sampled_from(["LIMIT", "MARKET", "지정가", "시장가", "IOC_LIMIT", "FOK_MARKET", "STOP", "STOP_LIMIT",
                             "스톱지정가", "시간외단일가", None, ""]),
    "price": st.one_of(st.none(), st.integers(0, 300_000), st.floats(0, 300_000), st.sampled_from(["", "x"])),
    "stop_price": st.one_of(st.none(), st.integers(0, 300_000), st.sampled_from(["", "x", "71,100원"])),
    "market": st.sampled_from(["KRX", "NAS", "", None, "LSE"]),
    "venue": st.sampled_from(["KRX", "NXT", "SOR", "sor", "넥스트레이드", "", None, "LSE"]),
    "when": st.sampled_from(["NOW", "RESERVE", "예약", "", None, "later"]),
    "tag": st.sampled_from(["", "a", None]),
}


def cell(key: str):
    return st.one_of(junk, plausible[key])


rows = st.lists(st.fixed_dictionaries({k: cell(k) for k in INPUT_COLUMNS}), min_size=1, max_size=8)


def _checked_is_sane(c) -> None:
    """A row validation passed must be an order KIS would take: the oracle, independent of validate's messages."""
    r = c.request
    assert r.code in QUOTES and isinstance(r.side, Side) and isinstance(r.quantity, int) and r.quantity > 0
    quote = QUOTES[r.code]
    if r.market == "KRX":
        if r.order_type.needs_price:
            assert r.price is not None and float(r.price).is_integer() and krx.on_tick(int(r.price))
            assert quote.lower_limit <= r.price <= quote.upper_limit
        else:
            assert r.price is None
        assert r.order_type not in (OrderType.PRE_MARKET, OrderType.AFTER_MARKET, OrderType.AFTER_SINGLE)
        assert r.venue in ("KRX", "NXT", "SOR")  # KRX and NXT both trade at 10:00 on a trading day
        if r.venue == "NXT":  # NXT takes no market or conditional orders
            assert r.order_type not in (OrderType.MARKET, OrderType.CONDITIONAL)
        if r.order_type == OrderType.STOP_LIMIT:  # a trigger on the grid, inside the limits, on the waiting side
            s = r.stop_price
            assert s is not None and krx.on_tick(int(s)) and quote.lower_limit <= s <= quote.upper_limit
            assert s > quote.price if r.side == Side.BUY else s < quote.price
        else:
            assert r.stop_price is None
    else:
        assert r.order_type == OrderType.LIMIT and r.price and r.price > 0 and r.venue == "KRX"
    assert c.kind == "order"  # 10:00 KST: neither reservation window is open


@pytest.mark.heavy
@settings(max_examples=300, deadline=None)
@given(rows)
def test_random_cells_never_crash_and_bad_rows_get_a_message(cells):
    sheet = [SheetRow(10 + i, dict(values)) for i, values in enumerate(cells)]
    checked = validate(sheet, Context(now=NOW, quotes=dict(QUOTES), orderable_cash=1e12,
                                      orderable_qty={"005930": 10**6, "000660": 10**6, "035720": 10**6}))
    by_row = {c.row.number: c for c in checked}
    for row in sheet:
        if row.is_blank:
            assert row.number not in by_row  # blank rows are skipped, not reported
            continue
        c = by_row[row.number]
        if c.ok:
            _checked_is_sane(c)
        else:
            assert c.message.strip()  # every bad row says why


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([date(2025, 6, 1), date(2025, 6, 6)]), st.times())
def test_closed_market_is_reported_on_every_krx_row(day, at):
    now = datetime.combine(day, at, tzinfo=krx.KST)  # a Sunday and a holiday (Memorial Day)
    row = SheetRow(10, {"code": "005930", "side": "BUY", "quantity": 1, "type": "MARKET"})
    [c] = validate([row], Context(now=now, quotes=dict(QUOTES), orderable_cash=1e12))
    assert not c.ok and "closed" in c.message


def test_regular_hours_on_a_trading_day_pass():
    row = SheetRow(10, {"code": "005930", "side": "BUY", "quantity": 1, "type": "MARKET"})
    for t in (time(9, 0), time(15, 29)):
        [c] = validate([row], Context(now=datetime.combine(date(2025, 6, 2), t, tzinfo=krx.KST),
                                      quotes=dict(QUOTES), orderable_cash=1e12))
        assert c.ok, c.message
