"""The CLI trades the whole day: an evening order told what is open instead, sent to NXT, a US daytime order,
reservations placed, listed and cancelled, quotes by venue; every error one line (a simulator pinned at
17:30 KST on a Monday, and at 21:00)."""

import json
import os

import pytest

from kis_xl.cli.main import main
from kis_xl.sim.server import SimServer
from tests.conftest import point_profile


@pytest.fixture(scope="module")
def evening():
    with SimServer(seed=17, clock="2025-06-02T17:30:00+09:00") as server:
        yield server


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _orders(sim):
    """The orders of the account the test points the sim profile at."""
    trading = sim.world.trading
    return trading.accounts[trading.key("real", os.environ["KIS_XL_APP_KEY"], os.environ["KIS_XL_ACCOUNT"])].orders


def test_an_evening_krx_order_is_told_what_is_open_and_goes_to_nxt(evening, monkeypatch, capsys):
    point_profile(monkeypatch, "sim", evening.real_url)
    code, out, err = run(capsys, "buy", "005930", "10", "--price", "70000")
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("kis-xl: order not sent: KRX is closed for LIMIT orders until 2025-06-04 09:00 KST")
    assert "NXT after-market until 20:00 KST (set Venue to NXT or SOR)" in err
    code, out, err = run(capsys, "buy", "005930", "10", "--price", "70000", "--venue", "넥스트레이드")
    assert code == 0 and "on NXT" in out, err
    [order] = _orders(evening)
    assert (order.venue, order.session, order.price) == ("NXT", "NXT-AFTER", 70000)
    code, out, _ = run(capsys, "orders", "--json")
    assert [(o["venue"], o["code"]) for o in json.loads(out)] == [("NXT", "005930")]
    code, _, err = run(capsys, "buy", "035900", "1", "--price", "70000", "--venue", "NXT")  # Nextrade lists no JYP
    assert code == 1 and "035900 is not traded on NXT" in err


def test_a_us_order_in_the_evening_goes_to_the_daytime_session(evening, monkeypatch, capsys):
    point_profile(monkeypatch, "sim", evening.real_url)
    code, out, err = run(capsys, "buy", "AAPL", "1", "--price", "1")
    assert code == 0 and "on US-DAY" in out, err
    assert _orders(evening)[-1].session == "US-DAY"
    code, out, err = run(capsys, "buy", "AAPL", "1", "--price", "1", "--session", "regular")  # the pre-market
    assert code == 0 and "on US " in out, err
    assert _orders(evening)[-1].session == "US-PRE"
    code, _, err = run(capsys, "buy", "005930", "1", "--price", "70000", "--session", "day")
    assert code == 1 and err == "kis-xl: --session is for US orders, not 005930\n"


def test_a_reservation_is_listed_and_cancelled(evening, monkeypatch, capsys):
    point_profile(monkeypatch, "sim", evening.real_url)
    code, out, err = run(capsys, "sell", "005930", "1", "--price", "70000", "--reserve")
    assert code == 0 and "reservation" in out and "goes out 2025-06-04 09:00 KST" in out, err
    number = out.split("reservation ")[1].split()[0]
    code, out, _ = run(capsys, "reservations", "--json")
    [listed] = json.loads(out)
    assert (listed["number"], listed["status"], listed["side"], listed["book"]) == (number, "WAITING", "SELL", "KR")
    code, out, err = run(capsys, "reservations", "cancel", number)
    assert code == 0 and "cancelled" in out, err
    code, out, _ = run(capsys, "reservations", "--json")
    assert json.loads(out)[0]["status"] == "CANCELLED"
    code, _, err = run(capsys, "reservations", "cancel", number)
    assert code == 1 and "APBK1681" in err and err.count("\n") == 1
    code, _, err = run(capsys, "buy", "005930", "1", "--price", "70000", "--reserve", "--venue", "NXT")
    assert code == 1 and "a reservation goes to KRX" in err
    code, _, err = run(capsys, "reservations", "cancel", "abc")
    assert code == 1 and "is digits" in err and err.count("\n") == 1
    code, _, err = run(capsys, "buy", "AAPL", "1", "--price", "200", "--reserve", "--until", "2025-06-10", "--yes")
    assert code == 1 and "lasts one day" in err and err.count("\n") == 1
    code, out, err = run(capsys, "buy", "005930", "1", "--price", "60000", "--reserve", "--until", "2025-06-10")
    assert code == 0, err
    code, out, _ = run(capsys, "reservations", "--json")
    assert [r["end_date"] for r in json.loads(out) if r["status"] == "WAITING"] == ["2025-06-10"]


def test_quotes_by_venue(evening, monkeypatch, capsys):
    point_profile(monkeypatch, "sim", evening.real_url)
    code, out, err = run(capsys, "quote", "005930", "--venue", "NXT", "--json")
    assert code == 0, err
    [row] = json.loads(out)
    nxt = evening.world.tracks.venue_state("005930", "NXT", evening.world.now())
    assert (row["venue"], row["price"]) == ("NXT", nxt.price)
    code, out, _ = run(capsys, "quote", "005930", "--venue", "통합", "--json")
    assert json.loads(out)[0]["venue"] == "UN" and json.loads(out)[0]["price"] == nxt.price  # NXT traded last
    for command in (["quote", "005930"], ["buy", "005930", "1", "--price", "70000"]):  # defect 9: "" is no venue
        with pytest.raises(SystemExit) as usage:
            main([*command, "--venue", ""])
        assert usage.value.code == 2 and "--venue needs a venue" in capsys.readouterr().err
    code, out, err = run(capsys, "quote", "035900", "--venue", "NXT")  # issue 28, defect 5: it exists, off NXT
    assert code == 1 and "not traded on NXT" in err and "unknown" not in err
    with pytest.raises(SystemExit) as usage:
        main(["quote", "005930", "--venue", "LSE"])
    assert usage.value.code == 2 and "unknown quote venue 'LSE': KRX (한국거래소), NXT (넥스트레이드), UN (통합)" in \
        capsys.readouterr().err


def test_at_night_a_daytime_order_is_told_when_it_opens(monkeypatch, capsys):
    with SimServer(seed=17, clock="2025-06-02T21:00:00+09:00") as night:
        point_profile(monkeypatch, "sim", night.real_url)
        code, _, err = run(capsys, "buy", "AAPL", "1", "--price", "1", "--session", "day")
        assert code == 1 and err.count("\n") == 1
        assert "the US daytime session is closed for LIMIT orders until 2025-06-03 10:00 KST" in err
        assert "US pre-market until 22:30 KST (--session regular)" in err
