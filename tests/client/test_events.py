"""KSD's corporate-event schedules and the dividend-rate ranking through the client, against the simulator
(issue 30)."""

from datetime import date

import pytest

from kis_xl.client.events import EVENT_KINDS
from kis_xl.errors import InvalidCode, InvalidInput, NotOffered
from kis_xl.models import CorporateEvent


def test_every_kind_for_every_stock(make_client):
    client = make_client()
    events = client.events(date(2024, 1, 1), date(2025, 6, 2))
    assert {e.kind for e in events} == set(EVENT_KINDS) and all(isinstance(e, CorporateEvent) for e in events)
    assert events == sorted(events, key=lambda e: (e.record_date, e.code, EVENT_KINDS.index(e.kind)))
    assert all(date(2024, 1, 1) <= e.record_date <= date(2025, 6, 2) for e in events)
    agm = next(e for e in events if e.kind == "meeting" and e.code == "005930" and e.record_date.year == 2024)
    assert agm.record_date == date(2024, 12, 31) and agm.meeting_date.month == 3
    assert agm.detail.startswith("정기주주총회: ")
    rights = next(e for e in events if e.kind == "rights")
    assert rights.ex_date < rights.record_date < rights.subscription_start <= rights.subscription_end
    assert rights.per_share > 0 and "new shares a share at" in rights.detail
    bonus = next(e for e in events if e.kind == "bonus")
    assert bonus.rate in (0.2, 0.5, 1.0) and bonus.ex_date < bonus.record_date and bonus.listing_date
    split = next(e for e in events if e.kind == "split")
    assert split.detail.startswith("par value ") and "~" in split.halt
    merger = next(e for e in events if e.kind == "merger")
    appraisal = next(e for e in events if e.kind == "appraisal" and e.code == merger.code)
    assert appraisal.record_date == merger.record_date and appraisal.meeting_date > appraisal.record_date
    assert appraisal.per_share > 0 and appraisal.pay_date > appraisal.meeting_date
    assert appraisal.detail.startswith("buy-back at ") and ", claim by 20" in appraisal.detail
    dividend = next(e for e in events if e.kind == "dividend")
    assert dividend.per_share > 0 and dividend.pay_date > dividend.record_date


def test_one_kind_and_one_stock(make_client):
    client = make_client()
    mine = client.events(date(2024, 1, 1), date(2025, 6, 2), "005930", "주주총회")
    assert mine and {(e.kind, e.code) for e in mine} == {("meeting", "005930")}
    divs = client.events(date(2024, 1, 1), date(2025, 6, 2), "005930", "dividend")
    assert [e.record_date for e in divs] == [d.record_date for d in client.dividends(date(2024, 1, 1),
                                                                                      date(2025, 6, 2), "005930")]
    ahead = client.events(date(2025, 6, 2), date(2026, 6, 2))
    assert ahead and max(e.record_date for e in ahead) <= date(2025, 8, 1)  # KSD lists 60 days ahead


def test_dividend_rank(make_client):
    client = make_client()
    rows = client.dividend_rank(date(2024, 1, 1), date(2024, 12, 31), n=10)
    assert [r.rank for r in rows] == list(range(1, 11))
    assert [r.rate_pct for r in rows] == sorted((r.rate_pct for r in rows), reverse=True)
    kosdaq = client.dividend_rank(date(2024, 1, 1), date(2024, 12, 31), "KOSDAQ", "final")
    assert kosdaq and {r.kind for r in kosdaq} == {"결산배당"} and {r.code for r in kosdaq}.isdisjoint(
        {"005930", "000660"})


def test_bad_input_and_mock_domain(make_client):
    client = make_client()
    with pytest.raises(InvalidInput, match="event kind must be all or one of dividend, bonus"):
        client.events(date(2025, 1, 1), date(2025, 6, 1), kind="ipo")
    with pytest.raises(InvalidInput, match="after end"):
        client.events(date(2025, 6, 1), date(2025, 1, 1))
    with pytest.raises(InvalidCode, match="unknown code 995000"):
        client.events(date(2025, 1, 1), date(2025, 6, 1), "995000", "bonus")
    with pytest.raises(InvalidInput, match="market must be all"):
        client.dividend_rank(date(2025, 1, 1), date(2025, 6, 1), "nasdaq")
    with pytest.raises(InvalidInput, match="n must be a whole number"):
        client.dividend_rank(date(2025, 1, 1), date(2025, 6, 1), n=0)
    with pytest.raises(NotOffered):
        make_client("mock").events(date(2025, 1, 1), date(2025, 6, 1), kind="meeting")
    with pytest.raises(NotOffered):
        make_client("mock").dividend_rank(date(2025, 1, 1), date(2025, 6, 1))
