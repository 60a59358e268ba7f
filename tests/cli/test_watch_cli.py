"""``kis-xl watch``: prices move from REST to the stream, rows say where they come from as KIS_LIVE does,
after hours the last trade's time and a closed marker, and ``--json`` streams one object per update."""

from __future__ import annotations

import json

from kis_xl.cli.main import main
from kis_xl.sim.ws import hub


def ndjson(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_watch_streams_prices_as_ndjson_and_says_where_they_come_from(sim_env, sim, capsys):
    settings = hub(sim.world).settings
    sim.world.market.quote("005930", sim.world.now())  # calendars and series built before any timing
    saved, settings.trade_rate = settings.trade_rate, 20.0
    try:
        assert main(["watch", "005930", "000660", "--seconds", "2", "--json"]) == 0
    finally:
        settings.trade_rate = saved
    updates = ndjson(capsys.readouterr().out)
    prices = [u for u in updates if u["type"] == "price"]
    assert len(prices) > 4  # one object per update, as they came, not one snapshot at the end
    assert {u["code"] for u in prices[:2]} == {"005930", "000660"} and prices[0]["source"] == "rest"
    last = {u["code"]: u for u in prices}
    assert {u["source"] for u in last.values()} == {"stream"} and {u["market"] for u in last.values()} == {"open"}
    assert last["005930"]["price"] > 0 and last["005930"]["time"].startswith("2025-06-02T10:")


def test_after_hours_rows_show_the_last_trade_and_a_closed_marker(sim_env, sim, capsys):
    sim.world.shift_clock(11 * 3600)  # 21:00 KST, a Monday: KRX closed since 15:30
    try:
        assert main(["watch", "005930", "--seconds", "1.5", "--json"]) == 0
    finally:
        sim.world.shift_clock(-11 * 3600)
    rows = [u for u in ndjson(capsys.readouterr().out) if u["type"] == "price"]
    last = rows[-1]
    assert last["market"] == "closed" and last["time"] == "2025-06-02T15:30:00+09:00"  # not the poll time
    assert last["source"] == "stream"  # the feed is registered (KIS_LIVE says the same); no trades after hours


def test_watch_table_renders(sim_env, sim, capsys):
    assert main(["watch", "005930", "--seconds", "0.5"]) == 0
    out = capsys.readouterr().out
    assert "005930" in out and "today's fills" in out and "market" in out


def test_kis_xl_sim_prints_its_websocket_urls_and_serves_them():
    import os
    import signal
    import subprocess
    import sys

    import requests
    from websockets.sync.client import connect

    from kis_xl import realtime as rt

    proc = subprocess.Popen([sys.executable, "-m", "kis_xl.cli.main", "sim", "--port", "0",
                             "--clock", "2025-06-02T10:00:00+09:00"], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    urls = {}
    try:
        for line in proc.stdout:
            if "domain:" in line or "WebSocket (" in line:
                urls[line.split(":")[0].strip()] = line.split()[-1]
            if "Ctrl-C stops" in line:
                break
        real, ws = urls["real domain"], urls["WebSocket (real)"]
        assert ws == real.replace("http://", "ws://") + "/tryitout"
        assert urls["WebSocket (mock)"] == urls["mock domain"].replace("http://", "ws://") + "/tryitout"
        key = requests.post(real + "/oauth2/Approval", timeout=10, json={
            "grant_type": "client_credentials", "appkey": "PS" + "1" * 34, "secretkey": "s" * 180}).json()["approval_key"]
        with connect(ws) as conn:
            conn.send(rt.subscribe_message(key, rt.TRADES, "005930"))
            assert json.loads(conn.recv(timeout=30))["body"]["msg1"] == "SUBSCRIBE SUCCESS"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=90)


def test_a_us_symbol_streams_in_the_daytime_session_by_kis_clock(sim_env, sim, capsys):
    """10:00 KST on the simulator (whatever this machine's clock says): the daytime session's R key streams."""
    settings = hub(sim.world).settings
    saved, settings.trade_rate = settings.trade_rate, 20.0
    try:
        assert main(["watch", "NAS:AAPL", "--seconds", "2", "--json"]) == 0
    finally:
        settings.trade_rate = saved
    prices = [u for u in ndjson(capsys.readouterr().out) if u["type"] == "price"]
    streamed = [u for u in prices if u["source"] == "stream" and u["market"] == "open"]
    assert len(streamed) >= 2 and streamed[-1]["code"] == "NAS:AAPL" and streamed[-1]["price"] > 0
