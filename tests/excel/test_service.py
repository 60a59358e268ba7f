"""The quote service against a fake client: prefetch, cached unknown codes, the periodic ticker."""

import threading

import pytest

from kis_xl.codes import InvalidCode
from kis_xl.models import Quote
from kis_xl.services.quotes import QuoteService


class FakeClient:
    """Counts multi-price requests; codes from 990000 are unknown, as on the simulator and KIS."""

    def __init__(self, market_domain="real"):
        self.market_domain = market_domain
        self.requests: list[list[str]] = []

    def prices(self, codes):
        self.requests.append(list(codes))
        return {c: Quote(c, 1000.0 + len(self.requests), 0.0, 0.0, None, None, None, 1000.0, 0, 0.0)
                for c in codes if c < "990000"}

    def close(self):
        pass


CODES = [f"{100_000 + i:06d}" for i in range(90)]


def one_by_one(svc, codes):
    return [svc.price(code).price for code in codes]


def test_cells_asked_one_by_one_after_a_refresh_share_requests():
    client = FakeClient()
    svc = QuoteService(client, batch_window=0.001)
    one_by_one(svc, CODES)  # first calculation: codes are new, each cell asks alone
    assert len(client.requests) == len(CODES)
    svc.refresh()
    del client.requests[:]
    prices = one_by_one(svc, CODES)  # recalculation: the codes of the last round ride along, 30 a request
    assert [len(r) for r in client.requests] == [30, 30, 30]
    assert client.requests[0][:2] == CODES[:2]  # in the order the sheet asked them
    assert len(set(prices)) == 3 and svc.stats.prefetched == 87


def test_no_prefetch_where_each_code_costs_a_request():
    client = FakeClient(market_domain="mock")
    svc = QuoteService(client, batch_window=0.001)
    one_by_one(svc, CODES[:10])
    svc.refresh()
    del client.requests[:]
    one_by_one(svc, CODES[:10])
    assert [len(r) for r in client.requests] == [1] * 10 and svc.stats.prefetched == 0


def test_unknown_codes_are_cached_like_prices():
    client = FakeClient()
    svc = QuoteService(client, batch_window=0.001)
    for _ in range(3):
        with pytest.raises(InvalidCode, match="unknown code 995000"):
            svc.price("995000")
    assert svc.prices(["995000", "005930"])["995000"].args == ("unknown code 995000",)
    assert client.requests == [["995000"], ["005930"]]


def test_periodic_ticker_calls_the_hook_and_falls_back_to_refreshing_itself():
    svc = QuoteService(FakeClient())
    ticked = threading.Event()
    svc.set_mode("periodic", 0.02, on_tick=ticked.set)
    assert ticked.wait(10)
    broken = threading.Event()

    def closed_workbook():
        broken.set()
        raise RuntimeError("the workbook was closed")

    svc.set_mode("periodic", 0.02, on_tick=closed_workbook)  # same period: the running ticker takes the new hook
    assert broken.wait(10)
    generation = svc.generation
    for _ in range(1000):  # refreshes by itself now
        if svc.generation >= generation + 2:
            break
        threading.Event().wait(0.01)
    assert svc.generation >= generation + 2 and "workbook was closed" in svc.stats.last_error
    svc.set_mode("manual")
    assert svc._ticker is None


def test_refresh_mode_arguments_are_checked():
    svc = QuoteService(FakeClient())
    with pytest.raises(ValueError, match="auto, manual, periodic or live"):
        svc.set_mode("weekly")
    with pytest.raises(ValueError, match="positive number of seconds"):
        svc.set_mode("periodic")
