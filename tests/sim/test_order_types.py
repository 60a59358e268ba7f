"""Every order type kis-xl offers is sent with what KIS needs and simulated as KIS runs it.

STOP_LIMIT (스톱지정가) waits for its trigger (CNDT_PRIC) before its limit order goes in; PRIORITY (최우선지정가)
waits at its own side's best price; BEST (최유리지정가) takes the other side's best; MID (중간가) fills at the middle
of the best bid and ask; CONDITIONAL (조건부지정가) turns into a market order at the close. After-hours types
are refused outside their sessions (tests/sim/test_day_sessions.py trades them in theirs).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kis_xl import krx
from kis_xl.client import KisClient
from kis_xl.errors import InvalidOrder
from kis_xl.models import OrderRequest, OrderType, Side
from kis_xl.sim.market import SESSION_MINUTES
from kis_xl.sim.server import SimServer

DAY = date(2025, 6, 2)
TEN = datetime(2025, 6, 2, 10, 0, tzinfo=krx.KST)  # minute 60 of the session


@pytest.fixture
def server():
    with SimServer(seed=5, clock=TEN) as s:
        yield s


@pytest.fixture
def client(server, make_profile):
    c = KisClient(make_profile(rest_url=server.real_url), timeout=2)
    yield c
    c.close()


def at_minute(server, m: int) -> None:
    server.world.clock.set(TEN + timedelta(minutes=m - 60, seconds=30))


def record(client, order_no):
    return next(o for o in client.daily_orders().orders if o.order_no == order_no)


def test_a_stop_limit_waits_for_its_trigger_then_its_limit_goes_in(server, client):
    path = server.world.market.minute_path("005930", DAY)
    now = float(path[60])
    trigger_minute = next(m for m in range(61, SESSION_MINUTES) if path[m] > now)
    stop = float(path[trigger_minute])
    limit = stop + 2 * krx.tick_size(stop)  # marketable now as a plain limit: a stop must not fill yet
    ack = client.place_order(OrderRequest("005930", Side.BUY, 5, limit, OrderType.STOP_LIMIT, stop_price=stop))
    waiting = record(client, ack.order_no)
    assert waiting.filled_qty == 0 and waiting.stop_price == stop and waiting.remaining_qty == 5
    at_minute(server, trigger_minute + 1)
    done = record(client, ack.order_no)
    assert done.filled_qty == 5 and done.avg_fill_price == limit


def test_a_stop_limit_is_checked_before_anything_is_sent(client):
    q = client.price("005930")
    tick = krx.tick_size(q.price)
    cases = {
        "needs a stop price": OrderRequest("005930", Side.BUY, 1, q.price, OrderType.STOP_LIMIT),
        "off the tick grid": OrderRequest("005930", Side.BUY, 1, q.price, OrderType.STOP_LIMIT,
                                          stop_price=q.price + tick + 1),
        "give a stop above the current": OrderRequest("005930", Side.BUY, 1, q.price, OrderType.STOP_LIMIT,
                                                      stop_price=q.price - tick),
        "give a stop below the current": OrderRequest("005930", Side.SELL, 1, q.price, OrderType.STOP_LIMIT,
                                                      stop_price=q.price + tick),
        "only STOP_LIMIT": OrderRequest("005930", Side.BUY, 1, q.price, OrderType.LIMIT, stop_price=q.price + tick),
        "closed for AFTER_SINGLE orders until 16:00": OrderRequest("005930", Side.BUY, 1, q.price,
                                                                   OrderType.AFTER_SINGLE),
    }
    for words, request in cases.items():
        with pytest.raises(InvalidOrder, match=words):
            client.place_order(request)
    assert client.daily_orders().orders == []


def test_priority_waits_at_its_own_best_price_and_best_takes_the_other_side(client):
    priority = client.place_order(OrderRequest("005930", Side.BUY, 3, None, OrderType.PRIORITY))
    best = client.place_order(OrderRequest("005930", Side.BUY, 3, None, OrderType.BEST))
    q = client.price("005930")
    resting, taken = record(client, priority.order_no), record(client, best.order_no)
    assert resting.filled_qty == 0 and resting.price == q.price  # at the best bid, waiting
    assert taken.filled_qty == 3 and taken.price == q.price + krx.tick_size(q.price)  # priced at the best ask


def test_a_mid_price_order_fills_at_the_middle_of_the_book(client):
    q = client.price("005930")
    ack = client.place_order(OrderRequest("005930", Side.BUY, 2, None, OrderType.MID))
    assert record(client, ack.order_no).avg_fill_price == q.price + krx.tick_size(q.price) / 2


def test_a_conditional_limit_turns_market_at_the_close(server, client):
    q = client.price("005930")
    ack = client.place_order(OrderRequest("005930", Side.BUY, 4, q.lower_limit, OrderType.CONDITIONAL))
    assert record(client, ack.order_no).filled_qty == 0  # far below the market: it rests all day
    at_minute(server, SESSION_MINUTES + 1)
    done = record(client, ack.order_no)
    close = float(server.world.market.minute_path("005930", DAY)[SESSION_MINUTES])
    assert done.filled_qty == 4 and done.avg_fill_price == close


def test_the_cli_sends_a_stop_limit_with_its_stop(sim_env):
    from kis_xl.cli.main import main
    from kis_xl.connect import open_client

    with open_client("sim") as c:
        q = c.price("005930")
    stop, limit = q.price + 2 * krx.tick_size(q.price), q.price + 3 * krx.tick_size(q.price)
    assert main(["buy", "005930", "1", "--price", str(limit), "--stop", str(stop), "--yes"]) == 0
    with open_client("sim") as c:
        [order] = c.daily_orders().orders
    assert order.order_type == OrderType.STOP_LIMIT and order.stop_price == stop and order.filled_qty == 0
