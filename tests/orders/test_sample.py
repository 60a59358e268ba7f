"""The committed sample order sheet: regenerated from code byte for byte, and it runs against the simulator."""

import shutil

from kis_xl.orders import demo_submit
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import submit
from kis_xl.orders.template import SAMPLE_PATH, SAMPLE_PRICES, write_sample


def test_committed_sample_is_what_the_generator_writes(tmp_path):
    fresh = write_sample(tmp_path / "sample_orders.xlsx", prices=SAMPLE_PRICES)
    assert fresh.read_bytes() == SAMPLE_PATH.read_bytes(), "run: python -m kis_xl.orders.template"


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
    assert {r["status"] for r in outcome.rows} == {"INVALID"} and all("closed" in r["message"] for r in outcome.rows)
    assert client.daily_orders().orders == []
