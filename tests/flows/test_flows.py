"""Issue 30's flows against the session simulator: trade strength (volume-power), investor flows, program
trading, short selling and credit balances by day, through the client, the CLI and Excel."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
import requests

from kis_xl import spec, udfs
from kis_xl.client.flows import flow_columns
from kis_xl.errors import InvalidInput, NotOffered
from kis_xl.services.quotes import reset_services
from tests.cli.test_cli import run
from tests.conftest import point_profile

SESSION = date(2025, 6, 2)  # the session simulator's day (SIM_CLOCK)


def _closes(sim, days: int = 90) -> dict[date, float]:
    bars = sim.world.market.bars("005930", SESSION - timedelta(days=days), SESSION, sim.world.now())
    return {b.day: b.close for b in bars}


def _newest_first_without_gaps(days: list[date], closes: dict[date, float]) -> bool:
    sessions = sorted((d for d in closes if d <= days[0]), reverse=True)
    return days == sessions[:len(days)]


@pytest.fixture
def excel(sim_env):
    reset_services()
    yield udfs
    reset_services()


# the client -------------------------------------------------------------------------------------------
def test_investor_flows_page_back_by_date_to_the_sessions_asked(make_client, sim):
    rows = make_client().investor_flows("005930", 45)  # more than one call's 30 rows
    closes = _closes(sim)
    assert len(rows) == 45 and rows[0].date == SESSION
    assert _newest_first_without_gaps([r.date for r in rows], closes)
    assert all(r.close == closes[r.date] for r in rows)
    parts = ("securities", "trusts", "private_equity", "banks", "insurance", "merchant_banks", "pension_funds",
             "other_corporations")
    assert all(r.institutions == sum(getattr(r, p) for p in parts) for r in rows)
    assert all(abs(r.individuals + r.foreigners + r.institutions) <= 2 for r in rows)  # net buying balances out
    assert any(r.institutions for r in rows) and any(r.foreigners_value for r in rows)


def test_flows_are_the_same_for_the_same_code_and_day(make_client):
    first, second = make_client(), make_client()
    assert first.short_sales("005930", 5) == second.short_sales("005930", 5)
    assert first.investor_flows("005930", 3) != first.investor_flows("000660", 3)


def test_program_trading_by_day_and_today(make_client, sim):
    client = make_client()
    days = client.program_days("005930", 35)
    assert len(days) == 35 and _newest_first_without_gaps([d.date for d in days], _closes(sim))
    assert all(d.program_net == d.program_buy - d.program_sell and d.program_buy > 0 for d in days)
    today = client.program_today("005930")
    now = sim.world.now().time()
    assert 0 < len(today) <= 30 and all(t.time <= now for t in today)
    assert [t.time for t in today] == sorted((t.time for t in today), reverse=True)
    assert [t.program_buy for t in today] == sorted((t.program_buy for t in today), reverse=True)  # cumulative
    assert today[0].program_net == today[0].program_buy - today[0].program_sell


def test_short_sales_by_day(make_client, sim):
    rows = make_client().short_sales("005930", 40)
    assert len(rows) == 40 and _newest_first_without_gaps([r.date for r in rows], _closes(sim))
    assert all(0 < r.short_volume < r.volume for r in rows)
    assert all(r.short_volume_pct == round(r.short_volume / r.volume * 100, 2) for r in rows)


def test_credit_balances_page_back_by_settlement_day(make_client, sim):
    rows = make_client().credit_balances("005930", 45)
    assert len(rows) == 45 and _newest_first_without_gaps([r.date for r in rows], _closes(sim))
    assert rows[0].settle_date <= SESSION < rows[0].settle_date + timedelta(days=5)  # T+2 up to today
    assert all(r.settle_date > r.date for r in rows) and all(r.loan_balance > r.lend_balance > 0 for r in rows)


def test_strength_ranking(make_client):
    rows = make_client().strength_rank(10, "KOSPI")
    assert [r.rank for r in rows] == list(range(1, 11))
    assert [r.strength for r in rows] == sorted((r.strength for r in rows), reverse=True)
    assert all(r.buy_volume + r.sell_volume == r.volume for r in rows)
    assert all(abs(r.strength - r.buy_volume / r.sell_volume * 100) < 1 for r in rows if r.sell_volume)


def test_bad_kind_days_and_market_are_refused(make_client):
    client = make_client()
    with pytest.raises(InvalidInput, match="kind must be investors"):
        client.flows("005930", "momentum")
    with pytest.raises(InvalidInput, match="days must be a whole number from 1 to 250"):
        client.flows("005930", "short", 0)
    with pytest.raises(InvalidInput, match="market must be all"):
        client.strength_rank(5, "nasdaq")
    assert client.flows("005930", "공매도", 2) == client.short_sales("005930", 2)  # Korean kinds


def test_mock_domain_does_not_offer_the_flows(make_client):
    client = make_client("mock")
    for read in (lambda: client.short_sales("005930", 3), lambda: client.credit_balances("005930", 3),
                 lambda: client.strength_rank(3), lambda: client.program_today("005930")):
        with pytest.raises(NotOffered, match="not offered on the mock domain"):
            read()


def test_the_simulator_refuses_a_mock_call_and_a_missing_input_as_kis_does(sim):
    from tests.sim.test_field_lists import Session

    mock = Session(sim.mock_url, "mock")
    ep = spec.ENDPOINTS["credit_daily"]
    headers = {"authorization": f"Bearer {mock.token}", "appkey": mock.key, "appsecret": mock.secret,
               "tr_id": ep.tr_id_real}
    body = requests.get(mock.url + ep.path, headers=headers, timeout=30,
                        params={"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}).json()
    assert body["rt_cd"] != "0" and body["msg_cd"] in ("EGW00213", "OPSQ0002")
    real = Session(sim.real_url)
    headers.update({"authorization": f"Bearer {real.token}", "appkey": real.key, "appsecret": real.secret})
    answer = requests.get(real.url + ep.path, headers=headers, timeout=30,
                          params={"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930",
                                  "FID_INPUT_DATE_1": "20250602"})
    assert answer.json()["msg_cd"] == "OPSQ2001" and "FID_COND_SCR_DIV_CODE" in answer.json()["msg1"]


# the command line ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["investors", "program", "program_today", "short", "credit"])
def test_cli_flows_every_kind_as_json_and_csv(sim_env, capsys, kind):
    code, out, _ = run(capsys, "flows", "005930", "--kind", kind, "--days", "3", "--json")
    rows = json.loads(out)
    assert code == 0 and list(rows[0]) == flow_columns(kind)
    assert len(rows) == 3 or kind == "program_today"
    code, out, _ = run(capsys, "flows", "005930", "--kind", kind, "--days", "3", "--csv")
    assert code == 0 and out.strip().splitlines()[0] == "\ufeff" + ",".join(flow_columns(kind))


def test_cli_strength_of_a_stock_and_of_a_market(sim_env, capsys, sim):
    code, out, _ = run(capsys, "strength", "kosdaq", "-n", "3", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["rank"] for r in rows] == [1, 2, 3] and rows[0]["strength"] >= rows[1]["strength"]
    code, out, _ = run(capsys, "strength", "005930", "--json")
    record = json.loads(out)[0]
    assert code == 0 and record["code"] == "005930" and record["strength"] > 0


@pytest.mark.parametrize("argv, says", [
    (["flows", "005930", "--kind", "momentum"], "kind must be investors"),
    (["flows", "005930", "--kind", "short", "--days", "0"], "days must be a whole number from 1 to 250"),
    (["strength", "all", "-n", "50"], "n must be a whole number from 1 to 30"),
    (["flows", "995000"], "unknown code 995000"),
])
def test_cli_bad_input_is_one_line(sim_env, capsys, argv, says):
    code, out, err = run(capsys, *argv)
    assert code == 1 and says in err and "Traceback" not in err and len(err.strip().splitlines()) <= 2 and not out


def test_cli_on_the_mock_domain_says_to_use_a_real_key(sim, monkeypatch, capsys):
    point_profile(monkeypatch, "mock", sim.mock_url)
    code, _, err = run(capsys, "flows", "005930", "--kind", "credit")
    assert code == 1 and "use a real-domain key for market data" in err and "Traceback" not in err


def test_cli_speaks_korean_by_default(sim_env, capsys, korean):
    code, out, _ = run(capsys, "flows", "005930", "--kind", "short", "--days", "2")
    assert code == 0 and "공매도 수량" in out and "일자" in out
    code, _, err = run(capsys, "flows", "005930", "--kind", "momentum")
    assert code == 1 and "종류는" in err


# Excel ------------------------------------------------------------------------------------------------------
def test_kis_flows_spills_with_headers(excel, sim):
    table = excel.KIS_FLOWS("005930", "credit", 35)
    assert table[0] == flow_columns("credit") and len(table) == 36
    assert isinstance(table[1][0], datetime) and table[1][0] > table[2][0]
    plain = excel.KIS_FLOWS("005930", "프로그램", 3, False)
    assert len(plain) == 3 and plain[0][0] == datetime(2025, 6, 2) and plain[0][1] == _closes(sim)[SESSION]
    today = excel.KIS_FLOWS("005930", "program_today", 30, True)
    assert today[0][0] == "time" and today[1][0] <= sim.world.now().strftime("%H:%M:%S")
    assert excel.KIS_FLOWS("005930")[0][:5] == ["date", "close", "change_pct", "volume", "individuals"]


def test_kis_flows_answers_from_the_cache(excel, sim, monkeypatch):
    from kis_xl.client import KisClient

    first = excel.KIS_FLOWS("005930", "short", 5)
    monkeypatch.setattr(KisClient, "short_sales", lambda *a, **k: pytest.fail("asked KIS again"))
    assert excel.KIS_FLOWS("005930", "short", 5) == first


def test_kis_strength_of_a_stock_and_a_market(excel, sim):
    ticks = excel.KIS_TICKS("005930", 1, False)
    assert excel.KIS_STRENGTH("005930") == ticks[0][5]
    table = excel.KIS_STRENGTH("KOSPI", 3)
    assert table[0][:7] == ["rank", "code", "name", "price", "change_pct", "volume", "strength"] and len(table) == 4
    assert table[1][6] >= table[2][6] >= table[3][6]
    assert len(excel.KIS_STRENGTH()) == 11  # all markets, 10 rows and the header


@pytest.mark.parametrize("call, says", [
    (lambda x: x.KIS_FLOWS("005930", "momentum"), "#KIS! kind must be investors"),
    (lambda x: x.KIS_FLOWS("005930", "short", 300), "#KIS! days must be a number from 1 to 250, not 300"),
    (lambda x: x.KIS_FLOWS("AAPL", "short"), "#KIS! KIS_FLOWS takes KRX codes"),
    (lambda x: x.KIS_FLOWS("995000", "credit"), "#KIS! unknown code 995000"),
    (lambda x: x.KIS_STRENGTH("AAPL"), "#KIS! KIS_STRENGTH takes KRX codes"),
    (lambda x: x.KIS_STRENGTH("all", 31), "#KIS! n must be a number from 1 to 30, not 31"),
])
def test_kis_flows_bad_input_in_the_cell(excel, call, says):
    assert call(excel).startswith(says)


def test_kis_flows_on_the_mock_domain(sim, monkeypatch):
    point_profile(monkeypatch, "mock", sim.mock_url)
    reset_services()
    try:
        assert "use a real-domain key for market data" in udfs.KIS_FLOWS("005930", "investors")
        assert "use a real-domain key for market data" in udfs.KIS_STRENGTH("kosdaq")
    finally:
        reset_services()
