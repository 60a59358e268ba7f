"""KIS's stock master (종목 마스터): the simulator serves KIS's files at KIS's path, the client reads, caches and
answers from them, and never guesses between stocks."""

import io
import stat
import zipfile
from datetime import date

import pytest
import requests

from kis_xl.client import master as m
from kis_xl.errors import InvalidCode
from kis_xl.masterfile import Listing

# KIS's sample (stocks_info/kis_kospi_code_mst.py) reads a line as: the last 228 characters (227 of fields and the
# newline) are the fixed-width tail, the rest is short code (9), standard code (12) and the Korean name.
KOSPI_TAIL_WIDTHS = [2, 1, 4, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9,
                     5, 5, 1, 1, 1, 2, 1, 1, 1, 2, 2, 2, 3, 1, 3, 12, 12, 8, 15, 21, 2, 7, 1, 1, 1, 1, 1, 9, 9, 9, 5,
                     9, 8, 9, 3, 1, 1, 1]


def _member(url: str) -> tuple[str, str]:
    answer = requests.get(url, timeout=30)
    assert answer.status_code == 200
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        [name] = archive.namelist()
        return name, archive.read(name).decode("cp949")


def test_the_simulator_serves_kis_master_files_in_kis_layout(sim):
    name, text = _member(f"{sim.real_url}/common/master/kospi_code.mst.zip")
    assert name == "kospi_code.mst"
    rows = {}
    for row in text.splitlines(keepends=True):
        head, tail = row[:len(row) - 228], row[-228:]
        rows[head[0:9].rstrip()] = (head[9:21].rstrip(), head[21:].strip(), tail)
    isin, korean, tail = rows["005930"]
    assert korean == "삼성전자" and isin.startswith("KR7005930") and len(isin) == 12
    assert sum(KOSPI_TAIL_WIDTHS) + 1 == len(tail) and tail[:2] == "ST"
    assert rows["069500"][2][:2] == "EF" and "035900" not in rows  # an ETF; a KOSDAQ stock is in the other file
    name, text = _member(f"{sim.mock_url}/common/master/kosdaq_code.mst.zip")  # the mock port serves them too
    assert any(line.startswith("035900") and "JYP Ent." in line for line in text.splitlines())
    name, text = _member(f"{sim.real_url}/common/master/nasmst.cod.zip")
    fields = next(line.split("\t") for line in text.splitlines() if line.split("\t")[4] == "AAPL")
    assert name == "NASMST.COD" and len(fields) == 24 and (fields[2], fields[7]) == ("NAS", "Apple")
    assert requests.get(f"{sim.real_url}/common/master/nothing.mst.zip", timeout=30).status_code == 404


def test_the_client_keeps_the_day_s_master_privately_and_reads_it_back(make_client, isolated_env, monkeypatch):
    monkeypatch.setattr(m, "_loaded", {})  # not the master another test of this process read
    client = make_client()
    assert client.master().get("005930").name == "삼성전자"
    [zipped] = (isolated_env / "cache" / "master").glob("*/20250602/kospi_code.mst.zip")
    assert stat.S_IMODE(zipped.stat().st_mode) == 0o600
    base = m.master_url(client.profile)
    m._loaded.clear()

    def offline(*args):
        raise m.MasterUnavailable("offline")

    monkeypatch.setattr(m, "_download", offline)
    assert m.load(base, date(2025, 6, 2)).get("AAPL").name == "Apple"  # from the cache folder, not the network
    with pytest.raises(m.MasterUnavailable):
        m.load(base, date(2025, 6, 3))  # another day needs another download


def test_kis_servers_take_their_master_from_kis_download_server(make_profile, monkeypatch):
    from kis_xl import spec

    assert m.master_url(make_profile(rest_url=spec.REST_URLS["real"])) == "https://new.real.download.dws.co.kr"
    assert m.master_url(make_profile(rest_url="http://127.0.0.1:8765")) == "http://127.0.0.1:8765"
    monkeypatch.setenv("KIS_XL_MASTER_URL", "http://mirror.example/")
    assert m.master_url(make_profile()) == "http://mirror.example"


MASTER = m.StockMaster([
    Listing("005930", "삼성전자", "KOSPI", market_cap=4_000_000), Listing("005935", "삼성전자우", "KOSPI", market_cap=1),
    Listing("030200", "KT", "KOSPI", market_cap=100), Listing("000001", "같은이름", "KOSPI"),
    Listing("000002", "같은이름", "KOSDAQ"), Listing("KT", "KT", "NYS", name_en="KT CORP"),
    Listing("AAPL", "애플", "NAS", name_en="APPLE INC"),
])


@pytest.mark.parametrize("typed, code", [("005930", "005930"), (5930.0, "005930"), ("A005930", "005930"),
                                         ("삼성전자", "005930"), (" 삼성 전자 ", "005930"), ("apple inc", "AAPL"),
                                         ("애플", "AAPL"), ("NAS:AAPL", "AAPL"), ("AAPL", "AAPL")])
def test_a_code_or_a_name_resolves(typed, code):
    assert m.resolve(MASTER, typed).code == code


@pytest.mark.parametrize("typed, words", [
    ("같은이름", "같은이름 could be 2 stocks: 000001 같은이름, 000002 같은이름; type the code"),
    ("KT", "KT could be 2 stocks: KT KT (KT CORP), 030200 KT; type the code"),  # a US symbol and a KRX name
    ("000593", "000593: no such stock code in KIS's stock master. Did you mean: 005930 삼성전자"),
    ("00593", "00593: a stock code has six digits (005930), not 5. Did you mean: 005930 삼성전자"),
    ("삼성", "삼성: not a stock code, nor a stock name in KIS's stock master. Did you mean: 005930 삼성전자, "
             "005935 삼성전자우"),
    ("NYS:AAPL", "NYS:AAPL: no such stock code in KIS's stock master"),
])
def test_never_a_guess(typed, words):
    with pytest.raises(InvalidCode) as refused:
        m.resolve(MASTER, typed)
    assert str(refused.value).startswith(words)
