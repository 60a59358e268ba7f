"""The US account against the simulator: present balance, buying power, orders and fills, modify/cancel, mock rules.

A simulator of its own, pinned at 23:00 KST (10:00 in New York), so US orders trade at any hour of CI.
"""

from datetime import date

import pytest
import requests

from kis_xl.client import KisClient
from kis_xl.errors import KisError
from kis_xl.models import OrderRequest, OrderStatus, Side
from kis_xl.sim.accounts import USD_KRW
from kis_xl.sim.server import SimServer
from tests.sim.test_protocol import session_headers

US_OPEN = "2025-06-02T23:00:00+09:00"  # a Monday, 10:00 in New York
_OT = "/uapi/overseas-stock/v1/trading"


@pytest.fixture(scope="module")
def us_sim():
    with SimServer(seed=5, clock=US_OPEN, rate_limits={"mock": 50}) as server:
        yield server


@pytest.fixture
def us_client(us_sim, make_profile):
    clients = []

    def make(domain="real"):
        # the module's simulator admits 50 calls a second on mock, and so may its clients: what these tests check is
        # the US account, not KIS's 2 a second (tests/client/test_rate_pace.py and the mock tests in tests/client)
        client = KisClient(make_profile(domain, rest_url=us_sim.real_url if domain == "real" else us_sim.mock_url,
                                        rate_limit=50 if domain == "mock" else None))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def _buy(client, symbol, qty, above=1.01):
    quote = client.us_price(symbol)
    return client.place_order(OrderRequest(symbol, Side.BUY, qty, round(quote.price * above, 2), market=quote.market))


def _sim_account(sim, client):
    trading = sim.world.trading
    return trading.accounts[trading.key(client.profile.domain, client.profile.app_key, client.profile.account)]


@pytest.mark.parametrize("domain", ["real", "mock"])
def test_us_balance_covers_every_exchange_and_takes_cash_from_the_present_balance(us_sim, us_client, domain):
    client = us_client(domain)
    _buy(client, "AAPL", 2)  # NASDAQ
    _buy(client, "IBM", 1)  # NYSE
    bal = client.us_balance()
    assert sorted((h.code, h.market, h.quantity) for h in bal.holdings) == [("AAPL", "NAS", 2), ("IBM", "NYS", 1)]
    usd = _sim_account(us_sim, client).usd
    assert bal.summary.deposit == usd < 10_000 and bal.summary.currency == "USD"
    assert client.us_cash().exchange_rate == USD_KRW


def test_mock_nasd_is_nasdaq_only_real_nasd_is_the_whole_us(us_sim, us_client):
    for domain, url, tr_id in (("mock", us_sim.mock_url, "VTTS3012R"), ("real", us_sim.real_url, "TTTS3012R")):
        client = us_client(domain)
        _buy(client, "AAPL", 1)
        _buy(client, "IBM", 1)
        h = dict(session_headers(url, tr_id), appkey=client.profile.app_key, appsecret=client.profile.app_secret,
                 authorization=f"Bearer {client.transport.tokens.token()}")
        cano, product = client.profile.account.split("-")
        query = {"CANO": cano, "ACNT_PRDT_CD": product, "OVRS_EXCG_CD": "NASD", "TR_CRCY_CD": "USD",
                 "CTX_AREA_FK200": "", "CTX_AREA_NK200": ""}
        body = requests.get(url + f"{_OT}/inquire-balance", headers=h, params=query, timeout=5).json()
        codes = sorted(r["ovrs_pdno"] for r in body["output1"])
        assert codes == (["AAPL"] if domain == "mock" else ["AAPL", "IBM"]), domain
        assert "frcr_dncl_amt_2" not in body["output2"]  # TTTS3012R has no USD cash: the present balance has


def test_present_balance_outputs(us_sim, us_client):
    client = us_client()
    _buy(client, "AAPL", 3)
    resp = client.transport.call("us_present_balance", params=dict(
        client._account(), WCRC_FRCR_DVSN_CD="02", NATN_CD="840", TR_MKET_CD="00", INQR_DVSN_CD="00"))
    [row] = resp.output1
    assert (row["pdno"], row["ccld_qty_smtl1"], row["ovrs_excg_cd"], row["buy_crcy_cd"]) == ("AAPL", "3", "NASD", "USD")
    [usd] = resp.output2
    acct = _sim_account(us_sim, client)
    assert (usd["crcy_cd"], float(usd["frcr_dncl_amt_2"])) == ("USD", acct.usd)
    totals = resp.body["output3"]
    held = float(row["frcr_evlu_amt2"]) * USD_KRW
    assert float(totals["tot_asst_amt"]) == pytest.approx(acct.cash + acct.usd * USD_KRW + held, abs=2)
    nyse_only = client.transport.call("us_present_balance", params=dict(
        client._account(), WCRC_FRCR_DVSN_CD="02", NATN_CD="840", TR_MKET_CD="02", INQR_DVSN_CD="00"))
    assert nyse_only.output1 == []


def test_us_buying_power(us_client):
    client = us_client()
    price = client.us_price("MSFT").price
    bp = client.us_buying_power("MSFT", 100.0)
    assert (bp.cash, bp.max_qty, bp.currency) == (10_000.0, int(10_000 // (100 * 1.0025)), "USD")
    client.place_order(OrderRequest("MSFT", Side.BUY, 10, 1.0, market="NAS"))  # rests, reserving its cost
    assert client.us_buying_power("MSFT").cash == pytest.approx(10_000 - 10 * 1.0025)
    assert client.us_buying_power("MSFT").price == price  # no price: sized at the current price


@pytest.mark.parametrize("domain", ["real", "mock"])
def test_us_daily_orders_modify_and_cancel(us_client, domain):
    client = us_client(domain)
    filled = _buy(client, "AAPL", 1)
    resting = client.place_order(OrderRequest("MSFT", Side.BUY, 5, 1.0, market="NAS"))
    modified = client.modify_us_order(resting.order_no, 1.5)
    cancel = client.cancel_us_order(modified.order_no)
    orders = {o.order_no: o for o in client.us_daily_orders().orders}
    assert orders[filled.order_no].status == OrderStatus.FILLED and orders[filled.order_no].market == "NAS"
    assert orders[resting.order_no].status == OrderStatus.CANCELLED  # replaced by the modification
    assert (orders[modified.order_no].price, orders[modified.order_no].orig_order_no) == (1.5, resting.order_no)
    assert orders[cancel.order_no].orig_order_no == modified.order_no
    assert orders[modified.order_no].status == OrderStatus.CANCELLED
    assert client.us_pending_orders() == []
    with pytest.raises(KisError):
        client.cancel_us_order(modified.order_no)  # nothing left to cancel


def test_us_daily_orders_page_on_mock(us_client):
    client = us_client("mock")
    sent = [client.place_order(OrderRequest("MSFT", Side.BUY, 1, 1.0, market="NAS")).order_no for _ in range(17)]
    assert [o.order_no for o in client.us_daily_orders().orders] == sent  # 15 rows a page on mock, then 2
    assert client.us_daily_orders(date(2025, 5, 30), date(2025, 6, 2)).total_ordered_qty == 17
    assert client.us_daily_orders(date(2025, 5, 30)).orders == []  # end defaults to start


def test_mock_us_sell_accepts_both_tr_ids_and_ccnl_takes_blank_filters_only(us_sim, us_client):
    client = us_client("mock")
    _buy(client, "AAPL", 2)
    price = client.us_price("AAPL").price
    for tr_id in ("VTTT1001U", "VTTT1006U"):
        body = dict(client._account(), OVRS_EXCG_CD="NASD", PDNO="AAPL", ORD_QTY="1",
                    OVRS_ORD_UNPR=f"{price * 0.99:.2f}", CTAC_TLNO="", MGCO_APTM_ODNO="", SLL_TYPE="00",
                    ORD_SVR_DVSN_CD="0", ORD_DVSN="00")
        resp = client.transport.call("us_order_sell", body=body, tr_id=tr_id)
        assert resp.body["msg_cd"] == "40600000", tr_id
    assert client.us_holdings() == []
    with pytest.raises(KisError) as err:
        client.transport.call("us_orders", params=dict(
            client._account(), PDNO="%", ORD_STRT_DT="20250602", ORD_END_DT="20250602", SLL_BUY_DVSN="00",
            CCLD_NCCS_DVSN="00", OVRS_EXCG_CD="", SORT_SQN="DS", ORD_DT="", ORD_GNO_BRNO="", ODNO=""))
    assert err.value.msg_cd == "OPSQ2001" and "PDNO" in str(err.value)
