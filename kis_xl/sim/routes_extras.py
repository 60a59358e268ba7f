"""More quotations and account queries: stock details (search-stock-info), sellable quantity
(inquire-psbl-sell), and (below) flows, ticks, brokers, ETFs, rankings, past minutes, realised P&L.

Field lists from KIS's samples (``examples_llm/<category>/<api>/chk_<api>.py``); every number is a
string. Static facts about a synthetic stock (sector, listing date, par value) are derived from its
code, so they are the same in every run.
"""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Depends

from .. import krx, spec
from .protocol import Caller, KisFault, kis_request, num, reply
from .routes_market import _state
from .routes_trading import account
from .universe import Instrument, _digest

router = APIRouter()
_Q = "/uapi/domestic-stock/v1/quotations"
_T = "/uapi/domestic-stock/v1/trading"

# KRX sector (업종) names: (large, medium, small) — a synthetic stock gets one by its code
SECTORS = [("전기전자", "반도체", ""), ("화학", "", ""), ("금융업", "은행", ""), ("서비스업", "", ""),
           ("운수장비", "자동차", ""), ("의약품", "", ""), ("철강금속", "", ""), ("유통업", "", ""),
           ("통신업", "", ""), ("기계", "", "")]
NAMED_SECTORS = {"005930": 0, "000660": 0, "009150": 0, "066570": 0, "051910": 1, "006400": 1, "105560": 2,
                 "055550": 2, "086790": 2, "316140": 2, "024110": 2, "035420": 3, "035720": 3, "005380": 4,
                 "000270": 4, "012330": 4, "068270": 5, "207940": 5, "005490": 6, "010130": 6, "017670": 8, "030200": 8}
PAR_VALUES = {"005930": 100, "000660": 5000, "035420": 100, "035720": 100}


def sector_of(inst: Instrument) -> tuple[str, str, str]:
    return SECTORS[NAMED_SECTORS.get(inst.code, _digest("sector", inst.code) % len(SECTORS))]


def listed_on(inst: Instrument) -> date:
    return date(1975, 6, 1) + timedelta(days=_digest("listed", inst.code) % (48 * 365))


def _instrument(caller: Caller, code: str) -> Instrument:
    code = code.strip().upper()
    code = code[1:] if code.startswith("A") and len(code) == 7 else code[-6:] if len(code) > 6 else code
    inst = caller.world.market.instrument(code)
    if inst is None:
        raise KisFault("invalid_code", tr_id=caller.tr_id, rt_cd="2")
    return inst


@router.get(f"{_Q}/search-stock-info")
def stock_info(caller: Caller = Depends(kis_request)):
    inst = _instrument(caller, caller.param("PDNO"))
    s = _state(caller, inst.code)
    etf = inst.kind == krx.ETP
    kospi = inst.market == "KOSPI"
    large, medium, small = ("", "", "") if etf else sector_of(inst)
    par = 0 if etf else PAR_VALUES.get(inst.code, 500)
    listed = listed_on(inst).strftime("%Y%m%d")
    h = _digest("sector-code", large)
    output = {
        "pdno": inst.code, "prdt_type_cd": caller.param("PRDT_TYPE_CD", "300"), "prdt_name": inst.name,
        "prdt_name120": inst.name, "prdt_abrv_name": inst.name, "prdt_eng_name": inst.name,
        "prdt_eng_name120": inst.name, "prdt_eng_abrv_name": inst.name,
        "mket_id_cd": "STK" if kospi else "KSQ", "scty_grp_id_cd": "EF" if etf else "ST",
        "excg_dvsn_cd": "02" if kospi else "03", "setl_mmdd": "1231", "lstg_stqt": num(inst.shares),
        "lstg_cptl_amt": num(inst.shares * par), "cpta": num(inst.shares * par), "papr": num(par),
        "issu_pric": num(par), "kospi200_item_yn": "Y" if kospi and inst.code in NAMED_SECTORS else "N",
        "scts_mket_lstg_dt": listed if kospi else "", "scts_mket_lstg_abol_dt": "",
        "kosdaq_mket_lstg_dt": "" if kospi else listed, "kosdaq_mket_lstg_abol_dt": "", "frbd_mket_lstg_dt": "",
        "frbd_mket_lstg_abol_dt": "", "reits_kind_cd": "", "etf_dvsn_cd": "1" if etf else "",
        "oilf_fund_yn": "N", "idx_bztp_lcls_cd": "" if etf else f"{h % 20 + 1:03d}",
        "idx_bztp_mcls_cd": "" if etf or not medium else f"{h % 20 + 21:03d}", "idx_bztp_scls_cd": "",
        "idx_bztp_lcls_cd_name": large, "idx_bztp_mcls_cd_name": medium, "idx_bztp_scls_cd_name": small,
        "stck_kind_cd": "" if etf else "101", "mfnd_opng_dt": "", "mfnd_end_dt": "", "dpsi_erlm_cncl_dt": "",
        "etf_cu_qty": "50000" if etf else "0", "std_pdno": f"KR7{inst.code}00{_digest('isin', inst.code) % 10}",
        "dpsi_aptm_erlm_yn": "N", "etf_txtn_type_cd": "", "etf_type_cd": "", "lstg_abol_dt": "",
        "nwst_odst_dvsn_cd": "", "sbst_pric": num(s.prev_close * 0.7), "thco_sbst_pric": num(s.prev_close * 0.7),
        "thco_sbst_pric_chng_dt": s.session.strftime("%Y%m%d"), "tr_stop_yn": "N", "admn_item_yn": "N",
        "thdt_clpr": num(s.price), "bfdy_clpr": num(s.prev_close), "clpr_chng_dt": s.session.strftime("%Y%m%d"),
        "std_idst_clsf_cd": "" if etf else f"C{h % 900 + 100}", "std_idst_clsf_cd_name": medium or large,
        "ocr_no": "", "crfd_item_yn": "N", "elec_scty_yn": "Y", "issu_istt_cd": inst.code[:5],
        "etf_chas_erng_rt_dbnb": "0", "etf_etn_ivst_heed_item_yn": "N", "stln_int_rt_dvsn_cd": "",
        "frnr_psnl_lmt_rt": "0.00", "lstg_rqsr_issu_istt_cd": "", "lstg_rqsr_item_cd": "",
        "trst_istt_issu_istt_cd": "", "cptt_trad_tr_psbl_yn": "Y", "nxt_tr_stop_yn": "N",
    }
    return reply(caller, "ok_quote", output=output)


@router.get(f"{_T}/inquire-psbl-sell")
def sellable(caller: Caller = Depends(kis_request)):
    acct = account(caller)
    inst = _instrument(caller, caller.param("PDNO"))
    pos = acct.positions.get(inst.code)
    today = caller.world.now().strftime("%Y%m%d")
    bought = sum(o.filled_qty for o in acct.orders if o.code == inst.code and o.day == today and o.side == spec.SIDE_BUY)
    sold = sum(o.filled_qty for o in acct.orders if o.code == inst.code and o.day == today and o.side == spec.SIDE_SELL)
    qty, cost = (pos.qty, pos.cost) if pos else (0, 0.0)
    price = _state(caller, inst.code).price
    evlu = qty * price
    return reply(caller, "ok_query", output={
        "pdno": inst.code, "buy_qty": num(bought), "sll_qty": num(sold),
        "cblc_qty": num(qty), "nsvg_qty": "0", "ord_psbl_qty": num(max(0, qty - acct.open_sell_qty(inst.code))),
        "pchs_avg_pric": num(cost / qty if qty else 0, 4), "pchs_amt": num(cost), "now_pric": num(price),
        "evlu_amt": num(evlu), "evlu_pfls_amt": num(evlu - cost),
        "evlu_pfls_rt": f"{(evlu - cost) / cost * 100 if cost else 0:.2f}",
    })
