"""Account and orders against the simulator: fills, resting orders, modify/cancel, rejections, paging, lost answers."""

import math
import re

import pytest

from kis_xl import krx
from kis_xl.client import KisClient
from kis_xl.errors import InvalidOrder, KisError, OrderOutcomeUnknown
from kis_xl.models import OrderRequest, OrderStatus, OrderType, Side
from kis_xl.sim.accounts import Position
from kis_xl.sim.server import SimServer


@pytest.fixture(scope="module")
def own_sim():
    """A simulator whose clock these tests may move without disturbing the others."""
    with SimServer(seed=11, clock="2025-06-02T09:30:00+09:00") as server:
        yield server


@pytest.fixture
def own_client(own_sim, make_profile):
    client = KisClient(make_profile(rest_url=own_sim.real_url))
    yield client
    client.close()


def test_buy_moves_cash_and_holdings_as_the_fill_says(make_client):
    client = make_client()
    before = client.balance().summary.deposit
    ack = client.buy("005930", 10)
    fill = next(o for o in client.daily_orders().orders if o.order_no == ack.order_no)
    assert fill.status == OrderStatus.FILLED and fill.filled_qty == 10
    fee = math.floor(fill.filled_amount * 0.00015)
    bal = client.balance()
    assert bal.summary.deposit == before - fill.filled_amount - fee
    [holding] = bal.holdings
    assert (holding.code, holding.quantity, holding.avg_price) == ("005930", 10, fill.avg_fill_price)
    assert client.daily_orders().estimated_fees == fee


def test_sell_charges_tax(make_client):
    client = make_client()
    client.buy("000660", 5)
    cash = client.balance().summary.deposit
    ack = client.sell("000660", 5)
    fill = next(o for o in client.daily_orders().orders if o.order_no == ack.order_no)
    fee, tax = math.floor(fill.filled_amount * 0.00015), math.floor(fill.filled_amount * 0.0018)
    bal = client.balance()
    assert bal.holdings == [] and bal.summary.deposit == cash + fill.filled_amount - fee - tax


def test_limit_order_rests_then_fills_when_price_crosses(own_sim, own_client):
    now = own_sim.world.now()
    state = own_sim.world.market.quote("005380", now)
    path = own_sim.world.market.minute_path("005380", state.session)
    future_low = min(path[state.minute + 1: state.minute + 121])
    assert future_low < state.price, "this seed must dip within two hours"
    price = krx.round_to_tick(future_low, "up")
    ack = own_client.buy("005380", 3, price)
    [pending] = own_client.pending_orders()
    assert pending.order_no == ack.order_no and pending.remaining_qty == 3
    own_sim.world.shift_clock(121 * 60)
    order = next(o for o in own_client.daily_orders().orders if o.order_no == ack.order_no)
    assert order.status == OrderStatus.FILLED and order.avg_fill_price == price
    assert own_client.pending_orders() == []


def test_modify_then_cancel(make_client):
    client = make_client()
    low = client.price("035420").lower_limit
    ack = client.buy("035420", 4, low)
    new = client.modify_order(ack.order_no, price=low + krx.tick_size(low))
    orders = {o.order_no: o for o in client.daily_orders().orders}
    assert orders[new.order_no].orig_order_no == ack.order_no
    assert orders[new.order_no].price == low + krx.tick_size(low) and orders[new.order_no].remaining_qty == 4
    client.cancel_order(new.order_no)
    assert client.pending_orders() == []
    assert client.balance().summary.deposit == 10_000_000  # nothing filled, nothing reserved


def raw_buy(client, price):
    """An order past the client's own checks: the simulator's answer."""
    return client.transport.call("order_buy", body=dict(
        CANO=client.profile.cano, ACNT_PRDT_CD=client.profile.product, PDNO="005930", ORD_DVSN="00", ORD_QTY="1",
        ORD_UNPR=str(int(price)), EXCG_ID_DVSN_CD="KRX"))


def test_the_client_refuses_a_price_outside_the_days_limits_before_sending(make_client):
    client = make_client()
    q = client.price("005930")
    with pytest.raises(InvalidOrder, match="above today's upper limit"):
        client.buy("005930", 1, q.upper_limit + krx.tick_size(q.upper_limit))
    assert client.daily_orders().orders == []


@pytest.mark.parametrize(("kind", "code"), [
    ("cash", "APBK0952"), ("qty", "APBK0400"), ("tick", "APBK0506"), ("upper", "APBK0508"), ("lower", "APBK0509"),
])
def test_rejections_with_kis_codes(make_client, kind, code):
    client = make_client()
    q = client.price("005930")
    send = {
        "cash": lambda: client.buy("005930", 1_000, q.upper_limit),
        "qty": lambda: client.sell("005930", 1),
        "tick": lambda: client.transport.call("order_buy", body=dict(  # past our own check: the simulator's
            CANO=client.profile.cano, ACNT_PRDT_CD=client.profile.product, PDNO="005930", ORD_DVSN="00",
            ORD_QTY="1", ORD_UNPR=str(int(q.price + krx.tick_size(q.price) / 2)), EXCG_ID_DVSN_CD="KRX")),
        "upper": lambda: raw_buy(client, q.upper_limit + krx.tick_size(q.upper_limit)),
        "lower": lambda: raw_buy(client, q.lower_limit - krx.tick_size(q.lower_limit)),
    }[kind]
    with pytest.raises(KisError) as err:
        send()
    assert err.value.msg_cd == code and err.value.msg1
    assert client.daily_orders().orders == []


@pytest.mark.parametrize(("args", "words"), [
    (dict(price=None, order_type=OrderType.LIMIT), "LIMIT order needs a price"),
    (dict(price=70_000, order_type=OrderType.MARKET), "MARKET order takes no price"),
    (dict(price=-70_000, order_type=None), "price must be positive"),
    (dict(price=70_050, order_type=None), "off the tick grid (100 won): 70,000 or 70,100"),
    (dict(price=35_005, order_type=OrderType.IOC_LIMIT), "off the tick grid"),
])
def test_the_client_sends_an_order_only_as_typed(make_client, args, words):
    client = make_client()
    with pytest.raises(InvalidOrder, match=re.escape(words)):
        client.buy("005930", 1, args["price"], args["order_type"])
    assert client.daily_orders().orders == []


def test_etfs_trade_on_their_own_tick_grid(make_client):
    client = make_client()
    etf = client.price("069500")  # KODEX 200, about 35,000 won: a 5-won tick, where a stock's is 50
    assert etf.tick == 5
    price = etf.price + 5 if (etf.price + 5) % 50 else etf.price + 10
    ack = client.buy("069500", 1, price)
    [order] = [o for o in client.daily_orders().orders if o.order_no == ack.order_no]
    assert order.price == price and order.order_type == OrderType.LIMIT
    with pytest.raises(InvalidOrder, match="off the tick grid"):
        client.buy("069500", 1, price + 2)


def test_mock_domain_wording(make_client):
    client = make_client("mock")
    with pytest.raises(KisError) as err:
        client.buy("005930", 10_000, 70_000)
    assert (err.value.msg_cd, err.value.msg1) == ("40910000", "모의투자 주문가능금액을 초과했습니다.")


def test_out_of_hours_orders_are_refused_with_what_is_open(make_profile):
    with SimServer(clock="2025-06-02T16:10:00+09:00") as closed:
        client = KisClient(make_profile(rest_url=closed.real_url))
        with pytest.raises(InvalidOrder, match="KRX is closed for MARKET orders until 2025-06-04 09:00 KST .*"
                                               "NXT after-market until 20:00 KST"):
            client.buy("005930", 1)
        body = dict(client._account(), PDNO="005930", ORD_DVSN="01", ORD_QTY="1", ORD_UNPR="0", EXCG_ID_DVSN_CD="KRX")
        with pytest.raises(KisError) as err:  # sent regardless, KIS's answer: not its hours
            client.transport.call("order_buy", body=body)
        assert err.value.msg_cd == "APBK0919"
        assert client.daily_orders().orders == []
        assert client.price("005930").price > 0  # quotes still answer, with the day's close
        client.close()


@pytest.mark.parametrize(("domain", "page"), [("real", 50), ("mock", 20)])
def test_balance_pages_through_120_holdings(sim, make_client, domain, page):
    client = make_client(domain)
    client.balance()  # opens the account
    acct = sim.world.trading.accounts[sim.world.trading.key(domain, client.profile.app_key, client.profile.account)]
    for i in range(120):
        code = f"{300_000 + i:06d}"
        acct.positions[code] = Position(code, f"SIM{code}", 10, 100_000.0)
    before = client.stats.requests
    bal = client.balance()
    assert sorted(h.code for h in bal.holdings) == [f"{300_000 + i:06d}" for i in range(120)]
    assert client.stats.requests - before == math.ceil(120 / page)
    assert bal.summary.purchase_total == 120 * 100_000


def test_paging_restarts_when_data_changes(sim, make_client):
    client = make_client()
    client.balance()
    acct = sim.world.trading.accounts[sim.world.trading.key("real", client.profile.app_key, client.profile.account)]
    for i in range(60):
        acct.positions[f"{310_000 + i:06d}"] = Position(f"{310_000 + i:06d}", "x", 1, 1.0)
    sim.world.faults.data_changed = 1
    assert len(client.balance().holdings) == 60


def test_lost_answer_raises_unknown_and_is_not_resent(sim, make_profile):
    client = KisClient(make_profile(), timeout=0.5)
    client.price("005930")
    sent_at = client.now()
    sim.world.faults.order_reply_delay = 1.5
    try:
        with pytest.raises(OrderOutcomeUnknown):
            client.buy("005930", 7)
    finally:
        sim.world.faults.order_reply_delay = 0
    orders = client.daily_orders().orders  # booked once: reconciliation (orders/reconcile.py) pairs it
    assert len(orders) == 1 and orders[0].quantity == 7 and orders[0].time >= sent_at.time().replace(microsecond=0)
    client.close()


def test_buying_power(make_client):
    client = make_client()
    bp = client.buying_power("005930", 70_000)
    assert bp.cash == 10_000_000 and bp.max_qty == int(10_000_000 // (70_000 * 1.00015))


def test_us_order_and_balance(sim, make_profile):
    with SimServer(clock="2025-06-02T23:00:00+09:00") as us_open:  # 10:00 in New York
        client = KisClient(make_profile(rest_url=us_open.real_url))
        price = client.us_price("AAPL").price
        client.place_order(OrderRequest("AAPL", Side.BUY, 2, round(price * 1.01, 2), market="NAS"))
        bal = client.us_balance()
        assert [(h.code, h.quantity, h.currency) for h in bal.holdings] == [("AAPL", 2, "USD")]
        with pytest.raises(InvalidOrder, match="US order needs a price"):
            client.place_order(OrderRequest("AAPL", Side.BUY, 1, None, market="NAS"))
        client.place_order(OrderRequest("MSFT", Side.BUY, 1, 1.0, market="NAS"))
        assert [o.code for o in client.us_pending_orders()] == ["MSFT"]
        client.close()
