"""The scripted day (benchmarks/whole_day.py), at moments that open and close every session: each case a
session takes is booked in it on its venue, each other is refused saying what is open instead, reservations
go out as orders, no tracebacks; and a quote sheet on the integrated venue costs what KRX's does."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import whole_day  # noqa: E402

from kis_xl.sim.server import SimServer  # noqa: E402

MOMENTS = [whole_day._t(t, day) for t, day in (("08:00:00", 0), ("08:35:00", 0), ("09:00:10", 0), ("10:00:00", 0),
                                               ("15:25:00", 0), ("15:45:00", 0), ("17:00:00", 0), ("21:00:00", 0),
                                               ("23:00:00", 0), ("06:00:00", 1))]


@pytest.fixture(scope="module")
def day():
    with SimServer(seed=5, clock=whole_day.START, rate_limits={"real": 1000}, starting_cash=10**11) as server:
        client = whole_day.new_client(server)
        yield server, client
        client.close()


@pytest.mark.heavy
def test_every_session_takes_its_orders_and_refuses_the_others(day):
    server, client = day
    tally = whole_day.run_day(server, client, MOMENTS)
    whole_day.check_reservations(server, client, tally)
    assert tally.tracebacks == [] and tally.wrong == []
    assert tally.sent > 30 and tally.refused > 60 and len(tally.reservations) == 10  # 5 at home, 5 for the US
    booked = {(o.venue, o.session) for o in whole_day._books(server, client).orders}
    assert {("KRX", "KRX-PRE"), ("NXT", "NXT-PRE"), ("KRX", "KRX-POST"), ("NXT", "NXT-AFTER"), ("SOR", "NXT-AFTER"),
            ("KRX", "KRX-SINGLE"), ("US-DAY", "US-DAY"), ("US", "US-PRE"), ("US", "US"), ("US", "US-AFTER"),
            ("SOR", "KRX"), ("NXT", "NXT")} <= booked


def test_a_quote_sheet_on_the_integrated_venue_costs_what_krx_costs(day):
    server, client = day
    cost = whole_day.quote_sheet_cost(client, [f"{100_000 + i:06d}" for i in range(100)])
    assert cost == {"KRX": 4, "UN": 4}


@pytest.mark.heavy
@pytest.mark.parametrize("day, times", [
    ("2026-12-07", ("07:30:00", "09:00:10", "16:10:00", "17:00:00", "21:00:00")),  # KRX's 2026 rules
    ("2026-11-19", ("08:10:00", "09:30:00", "10:00:10", "16:25:00", "16:45:00")),  # the exam day (수능)
])
def test_the_days_of_2026s_rules_and_the_exam_day_against_their_published_hours(day, times):
    """Each case at moments that open and close 2026's sessions, against the oracle of that day's hours: no
    시간외 단일가, the KRX pre- and after-market told and not traded, the exam day's late open and shifted NXT."""
    when = [whole_day._at(day, t) for t in times]
    with SimServer(seed=5, clock=when[0], rate_limits={"real": 1000}, starting_cash=10**11) as server:
        client = whole_day.new_client(server)
        tally = whole_day.run_day(server, client, when, whole_day.cases_for(day))
        client.close()
    assert tally.tracebacks == [] and tally.wrong == []
    assert tally.sent > 10 and tally.refused > 20
