"""The simulator speaks KIS's protocol: tokens, required headers, envelopes, string numbers, errors, limits."""

import requests

from kis_xl import spec
from kis_xl.sim.server import SimServer
from tests.conftest import new_app_key, new_app_secret

PRICE = "/uapi/domestic-stock/v1/quotations/inquire-price"
BALANCE = "/uapi/domestic-stock/v1/trading/inquire-balance"


def balance_query(cano: str) -> dict:
    """Every key KIS's inquire_balance sample sends."""
    return {"CANO": cano, "ACNT_PRDT_CD": "01", "AFHR_FLPR_YN": "N", "OFL_YN": "", "INQR_DVSN": "01",
            "UNPR_DVSN": "01", "FUND_STTL_ICLD_YN": "N", "FNCG_AMT_AUTO_RDPT_YN": "N", "PRCS_DVSN": "00",
            "CTX_AREA_FK100": "", "CTX_AREA_NK100": ""}


def issue(url, key, secret):
    return requests.post(url + "/oauth2/tokenP", json={"grant_type": "client_credentials", "appkey": key,
                                                       "appsecret": secret}, timeout=30)


def session_headers(url, tr_id="FHKST01010100"):
    key, secret = new_app_key(), new_app_secret()
    token = issue(url, key, secret).json()["access_token"]
    return {"authorization": f"Bearer {token}", "appkey": key, "appsecret": secret, "tr_id": tr_id}


def test_token_shape_and_one_issue_a_minute(sim):
    key, secret = new_app_key(), new_app_secret()
    first = issue(sim.real_url, key, secret)
    assert first.status_code == 200
    body = first.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 86_000
    assert len(body["access_token_token_expired"]) == 19  # "YYYY-MM-DD HH:MM:SS"
    again = issue(sim.real_url, key, secret)
    assert again.status_code == 403
    assert again.json() == {"error_description": spec.MSG["token_too_often"].text, "error_code": "EGW00133"}


def test_same_token_within_six_hours_after_the_minute(sim):
    key, secret = new_app_key(), new_app_secret()
    first = issue(sim.real_url, key, secret).json()["access_token"]
    sim.world._last_issue[("real", key)] -= 61
    assert issue(sim.real_url, key, secret).json()["access_token"] == first


def test_bad_key_and_secret_lengths_are_refused(sim):
    r = issue(sim.real_url, "short", new_app_secret())
    assert r.json()["msg_cd"] == "EGW00103" and r.status_code == 500
    assert issue(sim.real_url, new_app_key(), "short").json()["msg_cd"] == "EGW00105"


def test_missing_headers_get_kis_errors(sim):
    h = session_headers(sim.real_url)
    params = {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}
    expected = {"authorization": "EGW00122", "appkey": "EGW00103", "appsecret": "EGW00105", "tr_id": "OPSQ0002"}
    for header, code in expected.items():
        partial = {k: v for k, v in h.items() if k != header}
        r = requests.get(sim.real_url + PRICE, headers=partial, params=params, timeout=30)
        body = r.json()
        assert body["rt_cd"] != "0" and body["msg_cd"] == code, header
        assert set(body) == {"rt_cd", "msg_cd", "msg1"}


def test_envelope_string_numbers_lower_case_headers_any_case_keys(sim):
    h = {k.upper() if k == "appkey" else k: v for k, v in session_headers(sim.real_url).items()}  # appKey style
    r = requests.get(sim.real_url + PRICE, headers=h, params={"fid_cond_mrkt_div_code": "J",
                                                              "fid_input_iscd": "005930"}, timeout=30)
    body = r.json()
    assert (body["rt_cd"], body["msg_cd"]) == ("0", "MCA00000")
    out = body["output"]
    assert all(isinstance(v, str) for v in out.values())
    assert out["stck_prpr"].isdigit() and out["stck_shrn_iscd"] == "005930"
    assert int(out["stck_mxpr"]) > int(out["stck_prpr"]) > int(out["stck_llam"])
    assert r.headers["tr_id"] == "FHKST01010100" and "tr_cont" in r.headers and "gt_uid" in r.headers


def test_unknown_and_unlisted_codes(sim):
    h = session_headers(sim.real_url)
    r = requests.get(sim.real_url + PRICE, headers=h, params={"FID_COND_MRKT_DIV_CODE": "J",
                                                              "FID_INPUT_ISCD": "995000"}, timeout=30)
    assert r.json() == {"rt_cd": "2", "msg_cd": "OPSQ2001", "msg1": "ERROR : INPUT INVALID_CHECK_ISCD"}
    r = requests.get(sim.real_url + PRICE, headers=h, params={"FID_COND_MRKT_DIV_CODE": "J",
                                                              "FID_INPUT_ISCD": "123450"}, timeout=30)
    assert r.json()["rt_cd"] == "0"  # outside the unlisted range every code is a synthetic stock


def test_mock_domain_rules(sim):
    h = session_headers(sim.mock_url, "TTTC8434R")
    acct = balance_query("50000099")
    r = requests.get(sim.mock_url + BALANCE, headers=h, params=acct, timeout=30)
    assert (r.status_code, r.json()["msg_cd"], r.json()["msg1"]) == (500, "EGW00213", "모의투자 TR 이 아닙니다.")
    r = requests.get(sim.mock_url + BALANCE, headers=dict(h, tr_id="VTTC8434R"), params=acct, timeout=30)
    assert r.json()["rt_cd"] == "0"
    multi = requests.get(sim.mock_url + "/uapi/domestic-stock/v1/quotations/intstock-multprice",
                         headers=dict(h, tr_id="FHKST11300006"), params={"FID_COND_MRKT_DIV_CODE_1": "J", "FID_INPUT_ISCD_1": "005930"}, timeout=30)
    assert multi.json()["rt_cd"] != "0"  # not offered on the mock domain
    # the same key is a mock key now: the real domain refuses it
    r = issue(sim.real_url, h["appkey"], h["appsecret"])
    assert r.json()["msg_cd"] == "EGW02004"


def test_rate_limit_per_key_with_kis_error():
    with SimServer(rate_limits={"real": 3}) as server:
        h = session_headers(server.real_url)
        params = {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}
        codes = [requests.get(server.real_url + PRICE, headers=h, params=params, timeout=30).json()["msg_cd"]
                 for _ in range(5)]
        assert codes[:3] == ["MCA00000"] * 3
        assert "EGW00201" in codes[3:]
        other = session_headers(server.real_url)  # another key has its own window
        assert requests.get(server.real_url + PRICE, headers=other, params=params, timeout=30).json()["rt_cd"] == "0"


def test_token_expiry_and_faults(sim):
    h = session_headers(sim.real_url)
    params = {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}
    sim.world.faults.server_errors = 1
    r = requests.get(sim.real_url + PRICE, headers=h, params=params, timeout=30)
    assert (r.status_code, r.json()["msg_cd"]) == (500, "EGW00002")
    r = requests.post(sim.real_url + "/sim/faults", json={"garbage": 1}, timeout=30)
    assert r.json()["garbage"] == 1
    r = requests.get(sim.real_url + PRICE, headers=h, params=params, timeout=30)
    assert r.status_code == 502 and r.headers["content-type"].startswith("text/html")
    assert requests.get(sim.real_url + PRICE, headers=dict(h, authorization="Bearer nope"), params=params,
                        timeout=30).json()["msg_cd"] == "EGW00121"


def test_balance_paging_echoes_ctx_keys(sim):
    h = session_headers(sim.real_url, "TTTC8434R")
    r = requests.get(sim.real_url + BALANCE, headers=h, params=balance_query("50000098"),
                     timeout=30)
    body = r.json()
    assert len(body["ctx_area_fk100"]) == 100 and body["ctx_area_nk100"].strip() == ""
    assert r.headers["tr_cont"] in ("D", "E") and body["msg_cd"] == "KIOK0510"
    assert isinstance(body["output2"], list) and body["output2"][0]["dnca_tot_amt"] == "10000000"


def test_header_names_standard_capitalised_kis_lower_case(sim):
    """KIS's own headers lower case, standard ones capitalised: no lower-case name with a hyphen (a client that
    makes identifiers of the lower-case names, as KIS's kis_auth.py does, must not meet ``content-type``)."""
    import http.client
    from urllib.parse import urlsplit

    h = session_headers(sim.real_url)
    where = urlsplit(sim.real_url)
    for path, headers in ((PRICE + "?FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930", h),  # success
                          (PRICE, h),  # a missing input
                          (PRICE, {}),  # a gateway error
                          ("/nowhere", h)):  # an unknown path
        conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        resp.read()
        names = [name for name, _ in resp.getheaders()]
        conn.close()
        assert {"Content-Type", "Content-Length", "Date"} <= set(names), (path, names)
        assert not [n for n in names if n.islower() and "-" in n], (path, names)
        if path.startswith(PRICE):
            assert {"tr_id", "tr_cont", "gt_uid"} <= set(names), (path, names)


def test_every_required_input_is_required():
    """Each endpoint refuses a call lacking any one input its KIS sample requires: rt_cd 1 and the field named."""
    from tests.sim.test_field_lists import Session

    with SimServer(rate_limits={"real": 10_000}) as server:
        s = Session(server.real_url)
        for name, ep in spec.ENDPOINTS.items():
            assert ep.required, name
            full = dict.fromkeys(ep.required, "")
            for key in ep.required:
                query = {k: v for k, v in full.items() if k != key}
                headers = {"authorization": f"Bearer {s.token}", "appkey": s.key, "appsecret": s.secret,
                           "tr_id": ep.tr_id_real}
                if ep.method == "GET":
                    r = requests.get(server.real_url + ep.path, headers=headers, params=query, timeout=30)
                else:
                    r = requests.post(server.real_url + ep.path, headers=headers, json=query, timeout=30)
                body = r.json()
                assert body["rt_cd"] == "1" and body["msg_cd"] and body["msg1"].endswith(f" {key}"), (name, key,
                                                                                                     body)


def test_holiday_pages_with_plain_ctx_keys_and_approval_answers_the_key(sim):
    h = session_headers(sim.real_url, "CTCA0903R")
    url = sim.real_url + "/uapi/domestic-stock/v1/quotations/chk-holiday"
    first = requests.get(url, headers=h, params={"BASS_DT": "20250602", "CTX_AREA_FK": "", "CTX_AREA_NK": ""},
                         timeout=30)
    body = first.json()
    assert first.headers["tr_cont"] == "F" and "ctx_area_nk100" not in body
    assert body["ctx_area_nk"].strip() and body["output"][0]["bass_dt"] == "20250602"
    nxt = requests.get(url, headers=dict(h, tr_cont="N"), params={"BASS_DT": "20250602", "CTX_AREA_FK": body[
        "ctx_area_fk"], "CTX_AREA_NK": body["ctx_area_nk"]}, timeout=30).json()
    assert nxt["output"][0]["bass_dt"] > body["output"][-1]["bass_dt"]

    key, secret = h["appkey"], h["appsecret"]
    ok = requests.post(sim.real_url + spec.AUTH_APPROVAL_PATH, json={
        "grant_type": "client_credentials", "appkey": key, "secretkey": secret}, timeout=30)
    assert set(ok.json()) == {"approval_key"} and len(ok.json()["approval_key"]) == 36
    bad = requests.post(sim.real_url + spec.AUTH_APPROVAL_PATH, json={
        "grant_type": "password", "appkey": key, "secretkey": secret}, timeout=30)
    assert bad.json()["msg_cd"] == "EGW00205"
    mock_key, mock_secret = new_app_key(), new_app_secret()
    body = {"grant_type": "client_credentials", "appkey": mock_key, "secretkey": mock_secret}
    assert "approval_key" in requests.post(sim.mock_url + spec.AUTH_APPROVAL_PATH, json=body, timeout=30).json()
    refused = requests.post(sim.real_url + spec.AUTH_APPROVAL_PATH, json=body, timeout=30)
    assert refused.json()["msg_cd"] == "EGW02004"  # a mock key on the real domain, as tokenP
