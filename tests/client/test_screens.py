"""Condition search (조건검색) and watchlists (관심종목) through the client, against the simulator: KIS's paths and
tr_ids, the 100-row cap, the empty answer (MCA05918), and the mock domain refusing as KIS does."""

from __future__ import annotations

import pytest
import requests

from kis_xl import spec
from kis_xl.errors import ConfigError, InvalidInput, KisError, NotOffered
from tests.conftest import new_app_key, new_app_secret


def test_saved_conditions_and_a_search(make_client, sim):
    client = make_client()
    saved = client.conditions()
    assert [(c.seq, c.name) for c in saved][:2] == [("0", "거래량 상위"), ("1", "상승 종목")]
    result = client.screen("거래량 상위")
    assert result.condition.seq == "0" and not result.capped and len(result.rows) == 20
    volumes = [r.volume for r in result.rows]
    assert volumes == sorted(volumes, reverse=True)
    top = result.rows[0]
    quote = sim.world.market.quote(top.code, sim.world.now())
    assert top.name == quote.instrument.name and top.upper_limit == quote.upper_limit
    assert top.base_price == quote.prev_close and isinstance(top.volume, int)
    # by seq, by number as Excel passes it, and whatever the case of a name
    assert client.screen("0").condition == client.screen(0.0).condition == result.condition


def test_the_100_row_cap_is_reported(make_client):
    result = make_client().screen("전 종목")
    assert len(result.rows) == spec.SCREEN_MAX_ROWS and result.capped


def test_nothing_found_is_an_empty_result_not_an_error(make_client):
    result = make_client().screen("상한가")  # KIS answers MCA05918 (종목코드 오류입니다.) when nothing matches
    assert result.rows == [] and not result.capped


def test_unknown_condition_names_the_saved_ones(make_client):
    with pytest.raises(InvalidInput, match="no saved condition 없는조건: the saved ones are 0 거래량 상위"):
        make_client().screen("없는조건")
    with pytest.raises(InvalidInput, match="name a saved condition"):
        make_client().screen("  ")


def test_hts_id_is_needed(make_client):
    with pytest.raises(ConfigError, match="hts_id"):
        make_client(hts_id=None).conditions()


def test_watchlists(make_client):
    client = make_client()
    groups = client.watchlist_groups()
    assert [(g.code, g.name, g.count) for g in groups][:2] == [("001", "관심종목1", 5), ("002", "배당주", 4)]
    stocks = client.watchlist("관심종목1")
    assert [s.code for s in stocks][:2] == ["005930", "000660"] and stocks[0].name == "삼성전자"
    assert client.watchlist("002") == client.watchlist(2.0) == client.watchlist("배당주")
    with pytest.raises(InvalidInput, match="no watchlist group 없음: the groups are 001 관심종목1"):
        client.watchlist("없음")


def test_mock_domain_is_not_offered(make_client):
    client = make_client("mock")
    for call in (client.conditions, client.watchlist_groups, lambda: client.screen("0"), lambda: client.watchlist(1)):
        with pytest.raises(NotOffered, match="not offered on the mock domain"):
            call()


def test_mock_simulator_refuses_the_tr_ids_as_kis_does(sim):
    key, secret = new_app_key(), new_app_secret()
    token = requests.post(sim.mock_url + spec.AUTH_TOKEN_PATH, json={
        "grant_type": "client_credentials", "appkey": key, "appsecret": secret}, timeout=30).json()["access_token"]
    ep = spec.ENDPOINTS["psearch_title"]
    body = requests.get(sim.mock_url + ep.path, params={"user_id": "testuser"}, timeout=30, headers={
        "authorization": f"Bearer {token}", "appkey": key, "appsecret": secret, "tr_id": ep.tr_id_real}).json()
    assert (body["rt_cd"], body["msg_cd"]) == ("1", spec.MSG["no_service"].code)


def test_unknown_seq_and_kis_query(make_client):
    client = make_client()
    rows = client.query("psearch-title", {"USER_ID": "testuser"}).rows
    assert rows and rows[0]["condition_nm"] == "거래량 상위"
    with pytest.raises(KisError) as raised:
        client.transport.call("psearch_result", params={"user_id": "testuser", "seq": "99"})
    assert raised.value.msg_cd == spec.MSG["condition_not_saved"].code


def test_market_data_real_lends_a_mock_profile_the_real_key_and_hts_id(make_client, make_profile):
    from kis_xl.client import KisClient

    with KisClient(make_profile("mock", hts_id=None), market_client=make_client("real")) as client:
        assert client.screen("상승 종목").condition.seq == "1"
        assert [s.code for s in client.watchlist("반도체")] == ["005930", "000660", "009150"]
