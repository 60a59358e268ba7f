"""A stock beyond its quote, as KIS serves it: details (search-stock-info), ticks (inquire-ccnl), past and US
minutes, ETF prices.

Field lists from KIS's samples (``examples_llm/<category>/<api>/chk_<api>.py``); every number is a
string. Static facts about a synthetic stock (sector, listing date, par value) are derived from its
code, so they are the same in every run."""


from datetime import date, datetime, timedelta

from fastapi import APIRouter, Depends

from .. import krx, spec
from .market import NEW_YORK, SESSION_MINUTES, US_OPEN
from .protocol import Caller, KisFault, kis_request, num, reply
from .routes_market import _state, sign
from .universe import Instrument, _digest

router = APIRouter()
_Q = "/uapi/domestic-stock/v1/quotations"
_T = "/uapi/domestic-stock/v1/trading"
_OQ = "/uapi/overseas-price/v1/quotations"
BAD_DATE = spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_DATE", 200)


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
        "thco_sbst_pric_chng_dt": s.session.strftime("%Y%m%d"), "tr_stop_yn": "Y" if inst.code in caller.world.halts else "N", "admn_item_yn": "N",
        "thdt_clpr": num(s.price), "bfdy_clpr": num(s.prev_close), "clpr_chng_dt": s.session.strftime("%Y%m%d"),
        "std_idst_clsf_cd": "" if etf else f"C{h % 900 + 100}", "std_idst_clsf_cd_name": medium or large,
        "ocr_no": "", "crfd_item_yn": "N", "elec_scty_yn": "Y", "issu_istt_cd": inst.code[:5],
        "etf_chas_erng_rt_dbnb": "0", "etf_etn_ivst_heed_item_yn": "N", "stln_int_rt_dvsn_cd": "",
        "frnr_psnl_lmt_rt": "0.00", "lstg_rqsr_issu_istt_cd": "", "lstg_rqsr_item_cd": "",
        "trst_istt_issu_istt_cd": "", "cptt_trad_tr_psbl_yn": "Y" if inst.nxt else "N", "nxt_tr_stop_yn": "N",
    }
    return reply(caller, "ok_quote", output=output)


@router.get(f"{_Q}/inquire-ccnl")
def ticks(caller: Caller = Depends(kis_request)):
    """The latest 30 trades, newest first: a trade every few seconds along the session's minute path."""
    s = _state(caller, caller.param("FID_INPUT_ISCD"))
    market = caller.world.market
    path = market.minute_path(s.code, s.session)
    vols = market.minute_volumes(s.code, s.session)
    now = caller.world.now()
    end_s = max(1, min(s.minute, 390)) * 60 if not s.is_open else s.minute * 60 + now.second
    rows, t = [], end_s
    cum_buy = cum_sell = max(1, s.volume // 2)  # the day so far, about even: strength near 100
    seed = f"tick|{market.seed}|{s.code}|{s.session}"
    while len(rows) < 30 and t > 0:
        m = min(390, max(1, -(-t // 60)))
        price = float(path[m]) if t >= end_s - 1 and not s.is_open else float(path[m - (1 if t % 60 else 0)])
        if len(rows) == 0:
            price = s.price
        qty = 1 + _digest(seed, t) % max(2, int(vols[m - 1] // 40 or 2))
        buy = _digest(seed, "side", t) % 2 == 0
        cum_buy, cum_sell = cum_buy + (qty if buy else 0), cum_sell + (0 if buy else qty)
        at = (datetime.combine(s.session, krx.REGULAR_OPEN) + timedelta(seconds=t))
        rows.append({"stck_cntg_hour": at.strftime("%H%M%S"), "stck_prpr": num(price),
                     "prdy_vrss": num(price - s.prev_close), "prdy_vrss_sign": sign(price, s.prev_close),
                     "cntg_vol": num(qty), "tday_rltv": f"{cum_buy / cum_sell * 100:.2f}",
                     "prdy_ctrt": f"{(price - s.prev_close) / s.prev_close * 100:.2f}"})
        t -= 2 + _digest(seed, "gap", t) % 9
    return reply(caller, "ok_quote", output=rows)


# minute bars of past days (KRX) and of US sessions ------------------------------------------------------
@router.get(f"{_Q}/inquire-time-dailychartprice")
def minute_chart_daily(caller: Caller = Depends(kis_request)):
    """One-minute bars of a past (or today's) session up to FID_INPUT_HOUR_1, newest first, 120 a call.
    KIS keeps about a year of them: an older date is refused (INVALID_CHECK_DATE, UNCONFIRMED wording)."""
    s = _state(caller, caller.param("FID_INPUT_ISCD"))
    now = caller.world.now()
    try:
        day = datetime.strptime(caller.param("FID_INPUT_DATE_1"), "%Y%m%d").date()
        hour = caller.param("FID_INPUT_HOUR_1") or "153000"
        hh, mm = int(hour[:2]), int(hour[2:4])
    except ValueError:
        raise KisFault(BAD_DATE, tr_id=caller.tr_id, rt_cd="2") from None
    if day > s.session:
        day = s.session
    if day < now.date() - timedelta(days=366):
        raise KisFault(BAD_DATE, tr_id=caller.tr_id, rt_cd="2")
    market = caller.world.market
    rows = []
    if krx.is_trading_day(day) and day <= s.session:
        path, vols = market.minute_path(s.code, day), market.minute_volumes(s.code, day)
        last = max(0, min(SESSION_MINUTES if day < s.session else s.minute, hh * 60 + mm - 9 * 60, SESSION_MINUTES))
        for m in range(last, max(0, last - spec.ENDPOINTS["minute_chart_daily"].rows(caller.domain)), -1):
            o, c = float(path[m - 1]), float(path[m])
            t = datetime.combine(day, krx.REGULAR_OPEN) + timedelta(minutes=m)
            rows.append({"stck_bsop_date": day.strftime("%Y%m%d"), "stck_cntg_hour": t.strftime("%H%M00"),
                         "stck_prpr": num(c), "stck_oprc": num(o), "stck_hgpr": num(max(o, c)),
                         "stck_lwpr": num(min(o, c)), "cntg_vol": num(vols[m - 1]),
                         "acml_tr_pbmn": num(float(vols[:m].sum()) * c)})
    out1 = {"prdy_vrss": num(s.change), "prdy_vrss_sign": sign(s.price, s.prev_close),
            "prdy_ctrt": f"{s.change_pct:.2f}", "stck_prdy_clpr": num(s.prev_close), "acml_vol": num(s.volume),
            "acml_tr_pbmn": num(s.value), "hts_kor_isnm": s.instrument.name, "stck_prpr": num(s.price)}
    return reply(caller, "ok_quote", output1=out1, output2=rows)


@router.get(f"{_OQ}/inquire-time-itemchartprice")
def us_minutes(caller: Caller = Depends(kis_request)):
    """US bars of NMIN minutes, newest first, NREC (≤120) a call; PINC 1 reaches into earlier sessions.
    A continuation (NEXT 1) starts before KEYB (YYYYMMDDHHMMSS, New York time)."""
    market = caller.world.market
    symbol, excd = caller.param("SYMB").upper(), caller.param("EXCD").upper()
    empty1 = {"rsym": "", "zdiv": "", "stim": "", "etim": "", "sktm": "", "ektm": "", "next": "0", "more": "N",
              "nrec": "0"}
    if market.us_exchange(symbol) != excd:
        return reply(caller, "ok_quote", output1=empty1, output2=[])
    try:
        nmin = max(1, int(caller.param("NMIN") or "1"))
        nrec = max(1, min(120, int(caller.param("NREC") or "120")))
    except ValueError:
        raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_NMIN", 200), tr_id=caller.tr_id,
                       rt_cd="2") from None
    now = caller.world.now()
    day, minute, _ = market.session_for(now, us=True)
    keyb = caller.param("KEYB") if caller.param("NEXT") == "1" else ""
    days = [d for d in market.bars(symbol, day - timedelta(days=10), day, now, us=True)][::-1]
    if caller.param("PINC", "1") != "1":
        days = days[:1]
    rows = []
    for b in days:
        path, vols = market.minute_path(symbol, b.day, True), market.minute_volumes(symbol, b.day, True)
        last = minute if b.day == day else SESSION_MINUTES
        for end in range(last - last % nmin if last % nmin else last, 0, -nmin):
            start = max(0, end - nmin)
            seg = path[start:end + 1]
            at = datetime.combine(b.day, US_OPEN, tzinfo=NEW_YORK) + timedelta(minutes=start)
            stamp = at.strftime("%Y%m%d%H%M%S")
            if keyb and stamp >= keyb:
                continue
            kst = at.astimezone(krx.KST)
            v = int(vols[start:end].sum())
            rows.append({"tymd": b.day.strftime("%Y%m%d"), "xymd": at.strftime("%Y%m%d"), "xhms": at.strftime("%H%M%S"),
                         "kymd": kst.strftime("%Y%m%d"), "khms": kst.strftime("%H%M%S"), "open": num(seg[0], 4),
                         "high": num(seg.max(), 4), "low": num(seg.min(), 4), "last": num(seg[-1], 4),
                         "evol": num(v), "eamt": num(v * float(seg[-1]))})
            if len(rows) > nrec:
                break
        if len(rows) > nrec:
            break
    more = len(rows) > nrec
    rows = rows[:nrec]
    out1 = {"rsym": f"D{excd}{symbol}", "zdiv": "4", "stim": "093000", "etim": "160000", "sktm": "233000",
            "ektm": "060000", "next": "1" if more else "0", "more": "Y" if more else "N", "nrec": str(len(rows))}
    return reply(caller, "ok_quote", output1=out1, output2=rows)


# ETF/ETN ---------------------------------------------------------------------------------------------
@router.get("/uapi/etfetn/v1/quotations/inquire-price")
def etf_price(caller: Caller = Depends(kis_request)):
    """An ETF's price beside its NAV: a premium of a few basis points that varies by minute; a stock code
    answers INVALID_CHECK_ISCD (UNCONFIRMED: what KIS answers for a non-ETF code)."""
    s = _state(caller, caller.param("FID_INPUT_ISCD"))
    if s.instrument.kind != krx.ETP:
        raise KisFault("invalid_code", tr_id=caller.tr_id, rt_cd="2")
    seed = f"nav|{caller.world.market.seed}|{s.code}"
    premium = ((_digest(seed, s.session, s.minute) % 41) - 20) / 10_000  # ±0.20 %
    nav = round(s.price / (1 + premium), 2)
    prev_nav = round(s.prev_close / (1 + ((_digest(seed, s.session) % 21) - 10) / 10_000), 2)
    inst = s.instrument
    units = inst.shares
    now = caller.world.now()
    hi, lo = caller.world.market.window_52w(s.code, now)
    pct = lambda a, b: f"{(a / b - 1) * 100 if b else 0:.2f}"  # noqa: E731
    output = {
        "stck_prpr": num(s.price), "prdy_vrss_sign": sign(s.price, s.prev_close), "prdy_vrss": num(s.change),
        "prdy_ctrt": f"{s.change_pct:.2f}", "acml_vol": num(s.volume), "prdy_vol": num(s.volume),
        "stck_mxpr": num(s.upper_limit), "stck_llam": num(s.lower_limit), "stck_prdy_clpr": num(s.prev_close),
        "stck_oprc": num(s.open), "prdy_clpr_vrss_oprc_rate": pct(s.open, s.prev_close), "stck_hgpr": num(s.high),
        "prdy_clpr_vrss_hgpr_rate": pct(s.high, s.prev_close), "stck_lwpr": num(s.low),
        "prdy_clpr_vrss_lwpr_rate": pct(s.low, s.prev_close), "prdy_last_nav": f"{prev_nav:.2f}", "nav": f"{nav:.2f}",
        "nav_prdy_vrss": f"{nav - prev_nav:.2f}", "nav_prdy_vrss_sign": sign(nav, prev_nav),
        "nav_prdy_ctrt": pct(nav, prev_nav), "trc_errt": f"{0.05 + (_digest(seed, 'te') % 40) / 100:.2f}",
        "stck_sdpr": num(s.prev_close), "stck_sspr": num(s.prev_close * 0.7), "nmix_ctrt": pct(nav, prev_nav),
        "etf_crcl_stcn": num(units), "etf_ntas_ttam": num(nav * units / 1e8), "etf_frcr_ntas_ttam": "0",
        "frgn_limt_rate": "100.00", "frgn_oder_able_qty": num(units), "etf_cu_unit_scrt_cnt": "50000",
        "etf_cnfg_issu_cnt": str(10 + _digest(seed, "n") % 190), "etf_dvdn_cycl": "4", "crcd": "KRW",
        "etf_crcl_ntas_ttam": num(nav * units / 1e8), "etf_frcr_crcl_ntas_ttam": "0",
        "etf_frcr_last_ntas_wrth_val": "0", "lp_oder_able_cls_code": "Y", "stck_dryy_hgpr": num(hi.high),
        "dryy_hgpr_vrss_prpr_rate": pct(s.price, hi.high), "dryy_hgpr_date": hi.day.strftime("%Y%m%d"),
        "stck_dryy_lwpr": num(lo.low), "dryy_lwpr_vrss_prpr_rate": pct(s.price, lo.low),
        "dryy_lwpr_date": lo.day.strftime("%Y%m%d"), "bstp_kor_isnm": "ETF", "vi_cls_code": "N",
        "lstn_stcn": num(units), "frgn_hldn_qty": num(units // 10), "frgn_hldn_qty_rate": "10.00",
        "etf_trc_ert_mltp": "-2.00" if "인버스2X" in inst.name else "2.00" if "레버리지" in inst.name
        else "-1.00" if "인버스" in inst.name else "1.00",
        "dprt": f"{premium * 100:.2f}", "mbcr_name": inst.name.split()[0], "stck_lstn_date": listed_on(inst).strftime("%Y%m%d"),
        "mtrt_date": "", "shrg_type_code": "1", "lp_hldn_rate": "1.50", "etf_trgt_nmix_bstp_code": "2001",
        "etf_div_name": "국내주식", "etf_rprs_bstp_kor_isnm": "코스피200", "lp_hldn_vol": num(units * 0.015),
    }
    return reply(caller, "ok_quote", output=output)
