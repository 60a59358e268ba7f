"""US detail against the simulator: the price detail, the one-level US book and the US period P&L, as KIS serves
them on the real domain, refused on the mock one (KIS's samples offer them there no tr_id)."""

from datetime import date

import pytest
import requests

from kis_xl import spec
from kis_xl.client import KisClient
from kis_xl.errors import NotOffered
from kis_xl.models import OrderRequest, Side
from kis_xl.sim.accounts import USD_KRW
from kis_xl.sim.server import SimServer
from tests.sim.test_protocol import session_headers

US_OPEN = "2025-06-02T23:00:00+09:00"  # a Monday, 10:00 in New York
DAY = date(2025, 6, 2)


@pytest.fixture(scope="module")
def us_sim():
    with SimServer(seed=5, clock=US_OPEN) as server:
        yield server


@pytest.fixture
def client(us_sim, make_profile):
    c = KisClient(make_profile("real", rest_url=us_sim.real_url))
    yield c
    c.close()


def test_price_detail_gives_ratios_range_shares_and_the_won_price(client):
    d = client.us_price_detail("AAPL")
    q = client.us_price("AAPL")
    assert d.code == "AAPL" and d.market == "NAS" and d.currency == "USD" and d.price == q.price
    assert d.per and d.pbr and d.eps and d.bps and d.listed_shares and d.market_cap
    assert d.market_cap == pytest.approx(d.price * d.listed_shares, rel=1e-6)
    assert d.low_52w <= d.price <= d.high_52w and d.high_52w_date and d.low_52w_date
    assert d.tick == 0.01 and d.trading_unit == 1 and d.tradable
    assert d.krw_price == pytest.approx(d.price * USD_KRW, abs=1) and d.rate == USD_KRW


def test_price_detail_finds_the_exchange_and_refuses_an_unknown_symbol(client):
    assert client.us_price_detail("IBM").market == "NYS"
    with pytest.raises(Exception, match="unknown US symbol"):
        client.us_price_detail("NOSUCH")


def test_us_book_is_one_level_each_side_as_kis_gives_it(client):
    book = client.us_orderbook("AAPL")
    assert len(book.asks) == len(book.bids) == 1
    assert book.asks[0].price > book.bids[0].price > 0 and book.asks[0].quantity > 0 and book.bids[0].quantity > 0
    assert book.price == client.us_price("AAPL").price
    assert book.total_ask_qty == book.asks[0].quantity and book.total_bid_qty == book.bids[0].quantity


def _round_trip(client, symbol, qty):
    quote = client.us_price(symbol)
    client.place_order(OrderRequest(symbol, Side.BUY, qty, round(quote.price * 1.02, 2), market=quote.market))
    client.place_order(OrderRequest(symbol, Side.SELL, qty, round(quote.price * 0.98, 2), market=quote.market))


def test_us_pnl_by_trade_day_and_stock_in_dollars_and_won(us_sim, client):
    _round_trip(client, "AAPL", 3)
    _round_trip(client, "IBM", 1)
    trades, total = client.us_pnl(DAY, DAY)
    assert [(t.date, t.code, t.sell_qty) for t in trades] == [(DAY, "AAPL", 3), (DAY, "IBM", 1)]
    for t in trades:
        assert t.currency == "USD"
        assert t.realized == pytest.approx(t.sell_amount - t.cost - t.fees, abs=0.02)
        assert t.realized < 0  # bought and sold at once: the commission is lost
    assert total.realized == pytest.approx(sum(t.realized for t in trades), abs=0.02)
    won, won_total = client.us_pnl(DAY, DAY, won=True)
    assert won_total.currency == "KRW" and won_total.realized == pytest.approx(total.realized * USD_KRW, abs=2)
    assert [t.code for t in client.us_pnl(DAY, DAY, "IBM")[0]] == ["IBM"]
    assert client.us_pnl(date(2025, 5, 1), date(2025, 5, 30))[0] == []


def test_domestic_pnl_leaves_us_sales_out(client):
    _round_trip(client, "AAPL", 1)
    assert client.pnl_by_stock(DAY, DAY)[0] == []


def test_mock_domain_is_refused_before_sending(us_sim, make_profile):
    c = KisClient(make_profile("mock", rest_url=us_sim.mock_url))
    try:
        for call in (lambda: c.us_price_detail("AAPL"), lambda: c.us_orderbook("AAPL"),
                     lambda: c.us_pnl(DAY, DAY)):
            with pytest.raises(NotOffered):
                call()
    finally:
        c.close()


@pytest.mark.parametrize("path, tr_id, query", [
    ("/uapi/overseas-price/v1/quotations/price-detail", "HHDFS76200200", {"AUTH": "", "EXCD": "NAS", "SYMB": "AAPL"}),
    ("/uapi/overseas-price/v1/quotations/inquire-asking-price", "HHDFS76200100",
     {"AUTH": "", "EXCD": "NAS", "SYMB": "AAPL"}),
    ("/uapi/overseas-stock/v1/trading/inquire-period-profit", "TTTS3039R",
     {"CANO": "12345678", "ACNT_PRDT_CD": "01", "OVRS_EXCG_CD": "NASD", "NATN_CD": "", "CRCY_CD": "USD", "PDNO": "",
      "INQR_STRT_DT": "20250602", "INQR_END_DT": "20250602", "WCRC_FRCR_DVSN_CD": "01", "CTX_AREA_FK200": "",
      "CTX_AREA_NK200": ""}),
])
def test_the_simulators_mock_domain_refuses_them_as_kis_does_real_only_endpoints(us_sim, path, tr_id, query):
    """A third-party client sending the real tr_id to the mock domain is refused as for the other real-only
    endpoints: "모의투자 TR 이 아닙니다" for an account tr_id, "없는 서비스 코드" for a quotation one."""
    answer = requests.get(us_sim.mock_url + path, headers=session_headers(us_sim.mock_url, tr_id), params=query,
                          timeout=30)
    expected = spec.MSG["not_mock_tr" if tr_id.startswith("T") else "no_service"].code
    assert answer.json()["rt_cd"] != "0" and answer.json()["msg_cd"] == expected
    real = requests.get(us_sim.real_url + path, headers=session_headers(us_sim.real_url, tr_id), params=query,
                        timeout=30)
    assert real.json()["rt_cd"] == "0", real.json()
