"""``kis-xl watch``: prices move from REST to the stream, and the table shows which is which."""

from __future__ import annotations

import json

from kis_xl.cli.main import main
from kis_xl.sim.ws import hub


def test_watch_streams_prices_and_says_where_they_come_from(sim_env, sim, capsys):
    settings = hub(sim.world).settings
    sim.world.market.quote("005930", sim.world.now())  # calendars and series built before any timing
    saved, settings.trade_rate = settings.trade_rate, 20.0
    try:
        assert main(["watch", "005930", "000660", "--seconds", "1.5", "--json"]) == 0
    finally:
        settings.trade_rate = saved
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(rows) == {"005930", "000660"}
    assert {r["source"] for r in rows.values()} == {"stream"}
    assert rows["005930"]["price"] > 0 and rows["005930"]["time"]


def test_watch_table_renders(sim_env, sim, capsys):
    assert main(["watch", "005930", "--seconds", "0.5"]) == 0
    out = capsys.readouterr().out
    assert "005930" in out and "today's fills" in out
