"""The committed sample order sheet: regenerated from code byte for byte, and it runs against the simulator."""

import shutil
from datetime import date, datetime, time

import pytest

from kis_xl import krx
from kis_xl.client import KisClient
from kis_xl.orders import demo_submit
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import submit
from kis_xl.orders.template import SAMPLE_PATH, write_sample
from kis_xl.sim.server import EMBEDDED_SEED, SimServer


def test_committed_sample_is_what_the_generator_writes(tmp_path):
    fresh = write_sample(tmp_path / "sample_orders.xlsx")
    assert fresh.read_bytes() == SAMPLE_PATH.read_bytes(), "run: python -m kis_xl.orders.template"
    assert write_sample(tmp_path / "again.xlsx").read_bytes() == fresh.read_bytes()


@pytest.mark.heavy
def test_committed_sample_is_valid_on_any_day(make_profile, tmp_path):
    """The sim profile's market (its seed) at 10:00 of the first trading day of every quarter to 2030: every row
    but the deliberate typo is valid each time, for an account holding what the sheet sells."""
    days = krx.trading_days(date(2025, 6, 1), date(2030, 12, 31))
    firsts = [d for i, d in enumerate(days) if d.month % 3 == 0 and (i == 0 or days[i - 1].month != d.month)]
    with SimServer(seed=EMBEDDED_SEED, clock=datetime.combine(firsts[0], time(10), krx.KST)) as server:
        with KisClient(make_profile(rest_url=server.real_url)) as client:
            client.buy("005930", 2)
            invalid = {}
            for day in firsts:
                server.world.clock.set(datetime.combine(day, time(10), krx.KST))
                path = shutil.copy(SAMPLE_PATH, tmp_path / f"{day}.xlsx")
                outcome = submit(OpenpyxlSheet(path), str(path), client=client, dry_run=True)
                invalid[day] = [r["code"] for r in outcome.rows if r["status"] != "VALID"]
    assert len(firsts) == 23 and all(codes == ["99999X"] for codes in invalid.values()), invalid


def test_sample_sheet_submits_to_the_simulator(make_client, tmp_path):
    client = make_client()
    path = shutil.copy(SAMPLE_PATH, tmp_path / "s.xlsx")
    outcome = submit(OpenpyxlSheet(path), str(path), client=client)
    status = {r["code"]: r["status"] for r in outcome.rows if r["side"] in ("BUY", "매수")}
    assert status == {"005930": "SENT", "000660": "SENT", "035420": "SENT", "99999X": "INVALID"}
    assert len(client.daily_orders().orders) == 3


def test_demo_submit_without_a_path(sim_env):
    rows = demo_submit()
    assert sum(r["status"] == "SENT" for r in rows) == 3 and any(r["status"] == "INVALID" for r in rows)


def test_injected_clock_decides_market_hours(make_client, tmp_path):
    from datetime import datetime

    from kis_xl import krx

    client = make_client()  # the simulator itself is mid-session
    path = shutil.copy(SAMPLE_PATH, tmp_path / "s.xlsx")
    saturday = datetime(2025, 6, 7, 10, 0, tzinfo=krx.KST)
    outcome = submit(OpenpyxlSheet(path), str(path), client=client, clock=lambda: saturday)
    assert {r["status"] for r in outcome.rows} == {"INVALID"}
    assert all("closed" in r["message"] for r in outcome.rows if "not a stock code" not in r["message"])
    assert client.daily_orders().orders == []
