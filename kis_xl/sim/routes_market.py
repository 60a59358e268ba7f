"""Quotation endpoints: current price, multi-stock price, order book, charts, stock info, US quotes.

Field names follow KIS's official samples (``chk_<api>.py`` column lists); every number is a string.
An unknown KRX code answers OPSQ2001 "INVALID_CHECK_ISCD" with rt_cd "2" (the attested pattern for
bad inputs); in the multi-stock price it is simply left out, as KIS does. The domestic quotes take
``FID_COND_MRKT_DIV_CODE`` J (KRX), NX (NXT) or UN (integrated): NX for a stock Nextrade does not list
answers as an unknown code does (a choice), UN for it is KRX's quote.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
from fastapi import APIRouter, Depends

from .. import krx, spec
from ..venues import VENUE_OF_CODE
from .market import DayBar, StockState
from .protocol import Caller, KisFault, kis_request, num, paged, reply

router = APIRouter()
_Q = "/uapi/domestic-stock/v1/quotations"

SIGN_UP, SIGN_FLAT, SIGN_DOWN, SIGN_UPPER, SIGN_LOWER = "2", "3", "5", "1", "4"


def sign(state_price: float, prev: float, upper: float | None = None, lower: float | None = None) -> str:
    """prdy_vrss_sign: 1 상한, 2 상승, 3 보합, 4 하한, 5 하락."""
    if upper is not None and state_price >= upper:
        return SIGN_UPPER
    if lower is not None and state_price <= lower:
        return SIGN_LOWER
    return SIGN_UP if state_price > prev else SIGN_DOWN if state_price < prev else SIGN_FLAT


def _state(caller: Caller, code: str) -> StockState:
    code = code.strip().upper()
    if code.startswith("A") and len(code) == 7:
        code = code[1:]
    try:
        return caller.world.market.quote(code, caller.world.now())
    except KeyError:
        raise KisFault("invalid_code", tr_id=caller.tr_id, rt_cd="2") from None


def venue_state(caller: Caller, code: str, market_code: str) -> StockState:
    """A domestic quote on the venue ``FID_COND_MRKT_DIV_CODE`` names (J, NX, UN)."""
    venue = VENUE_OF_CODE.get(market_code.strip().upper())
    if venue is None:
        raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_MRKT_DIV_CODE", 200), tr_id=caller.tr_id,
                       rt_cd="2")
    code = code.strip().upper()
    try:
        return caller.world.tracks.venue_state(code[1:] if code.startswith("A") and len(code) == 7 else code, venue,
                                               caller.world.now())
    except KeyError:
        raise KisFault("invalid_code", tr_id=caller.tr_id, rt_cd="2") from None


def _asked(caller: Caller) -> StockState:
    return venue_state(caller, caller.param("FID_INPUT_ISCD"), caller.param("FID_COND_MRKT_DIV_CODE", "J"))


def _pct(x: float) -> str:
    return f"{x:.2f}"


@router.get(f"{_Q}/inquire-price")
def inquire_price(caller: Caller = Depends(kis_request)):
    s = _asked(caller)
    now = caller.world.now()
    hi_bar, lo_bar = caller.world.market.window_52w(s.code, now)
    hi52, lo52 = hi_bar.high, lo_bar.low
    hi_date, lo_date = hi_bar.day.strftime("%Y%m%d"), lo_bar.day.strftime("%Y%m%d")
    hi_rate, lo_rate = _pct((s.price - hi52) / hi52 * 100), _pct((s.price - lo52) / lo52 * 100)
    inst = s.instrument
    eps = round(s.prev_close / 12.5)
    bps = round(s.prev_close / 1.4)
    output = {
        "iscd_stat_cls_code": "55", "marg_rate": "20.00", "rprs_mrkt_kor_name": "KOSPI200" if inst.market == "KOSPI"
        else "KOSDAQ", "new_hgpr_lwpr_cls_code": "", "bstp_kor_isnm": "시뮬레이션",
        "temp_stop_yn": "Y" if s.code in caller.world.halts else "N",
        "oprc_rang_cont_yn": "N",
        "clpr_rang_cont_yn": "N", "crdt_able_yn": "Y", "grmn_rate_cls_code": "40", "elw_pblc_yn": "N",
        "stck_prpr": num(s.price), "prdy_vrss": num(s.change), "prdy_vrss_sign": sign(s.price, s.prev_close,
                                                                                       s.upper_limit, s.lower_limit),
        "prdy_ctrt": _pct(s.change_pct), "acml_tr_pbmn": num(s.value), "acml_vol": num(s.volume),
        "prdy_vrss_vol_rate": "100.00", "stck_oprc": num(s.open), "stck_hgpr": num(s.high), "stck_lwpr": num(s.low),
        "stck_mxpr": num(s.upper_limit), "stck_llam": num(s.lower_limit), "stck_sdpr": num(s.prev_close),
        "wghn_avrg_stck_prc": num((s.high + s.low + s.price) / 3, 2), "hts_frgn_ehrt": "25.00",
        "frgn_ntby_qty": "0", "pgtr_ntby_qty": "0", "pvt_scnd_dmrs_prc": "", "pvt_frst_dmrs_prc": "",
        "pvt_pont_val": "", "pvt_frst_dmsp_prc": "", "pvt_scnd_dmsp_prc": "", "dmrs_val": "", "dmsp_val": "",
        "cpfn": num(inst.shares * 100 / 1e8), "rstc_wdth_prc": num(s.upper_limit - s.prev_close),
        "stck_fcam": "100", "stck_sspr": num(s.prev_close * 0.7), "aspr_unit": num(krx.tick_size(s.price, s.instrument.kind)),
        "hts_deal_qty_unit_val": "1", "lstn_stcn": num(inst.shares), "hts_avls": num(s.price * inst.shares / 1e8),
        "per": _pct(s.price / eps), "pbr": _pct(s.price / bps), "stac_month": "12", "vol_tnrt":
            _pct(s.volume / inst.shares * 100), "eps": num(eps, 2), "bps": num(bps, 2), "d250_hgpr": num(hi52),
        "d250_hgpr_date": hi_date, "d250_hgpr_vrss_prpr_rate": hi_rate, "d250_lwpr": num(lo52),
        "d250_lwpr_date": lo_date, "d250_lwpr_vrss_prpr_rate": lo_rate, "stck_dryy_hgpr": num(hi52),
        "dryy_hgpr_vrss_prpr_rate": hi_rate, "dryy_hgpr_date": hi_date, "stck_dryy_lwpr": num(lo52),
        "dryy_lwpr_vrss_prpr_rate": lo_rate, "dryy_lwpr_date": lo_date, "w52_hgpr": num(hi52),
        "w52_hgpr_vrss_prpr_ctrt": hi_rate, "w52_hgpr_date": hi_date, "w52_lwpr": num(lo52),
        "w52_lwpr_vrss_prpr_ctrt": lo_rate, "w52_lwpr_date": lo_date, "whol_loan_rmnd_rate": "0.00", "ssts_yn": "Y",
        "stck_shrn_iscd": s.code, "fcam_cnnm": "100", "cpfn_cnnm": "", "apprch_rate": "0.00", "frgn_hldn_qty": "",
        "vi_cls_code": _vi_code(caller.world, s.code, now),
        "ovtm_vi_cls_code": "N", "last_ssts_cntg_qty": "0", "invt_caful_yn": "N", "mrkt_warn_cls_code": "00",
        "short_over_yn": "N", "sltr_yn": "N", "mang_issu_cls_code": "N",
    }
    return reply(caller, "ok_quote", output=output)


def _vi_code(world, code: str, now) -> str:
    """VI_CLS_CODE: the VI the WebSocket's market-status feed tells (``hub.start_vi``), else N."""
    vi = getattr(getattr(world, "stream", None), "vis", {}).get(code)
    return vi.kind if vi is not None and vi.on(now) else "N"


@router.get(f"{_Q}/intstock-multprice")
def multi_price(caller: Caller = Depends(kis_request)):
    codes = [caller.param(f"FID_INPUT_ISCD_{n}") for n in range(1, spec.MULTI_PRICE_MAX_CODES + 2)]
    if codes[-1]:
        raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_CNT(최대 30종목)", 200),
                       tr_id=caller.tr_id, rt_cd="2")
    rows = []
    for n, code in enumerate(codes[:-1], 1):
        if not code:
            continue
        try:
            s = venue_state(caller, code, caller.param(f"FID_COND_MRKT_DIV_CODE_{n}", "J"))
        except KisFault:
            continue
        rows.append({
            "kospi_kosdaq_cls_name": s.instrument.market, "mrkt_trtm_cls_name": "", "hour_cls_code": "0",
            "inter_shrn_iscd": s.code, "inter_kor_isnm": s.instrument.name, "inter2_prpr": num(s.price),
            "inter2_prdy_vrss": num(s.change), "prdy_vrss_sign": sign(s.price, s.prev_close, s.upper_limit,
                                                                      s.lower_limit),
            "prdy_ctrt": _pct(s.change_pct), "acml_vol": num(s.volume), "inter2_oprc": num(s.open),
            "inter2_hgpr": num(s.high), "inter2_lwpr": num(s.low), "inter2_llam": num(s.lower_limit),
            "inter2_mxpr": num(s.upper_limit), "inter2_askp": num(s.price + krx.tick_size(s.price, s.instrument.kind)),
            "inter2_bidp": num(s.price), "seln_rsqn": "1000", "shnu_rsqn": "1000", "total_askp_rsqn": "50000",
            "total_bidp_rsqn": "50000", "acml_tr_pbmn": num(s.value), "inter2_prdy_clpr": num(s.prev_close),
            "oprc_vrss_hgpr_rate": "", "intr_antc_cntg_vrss": "", "intr_antc_cntg_vrss_sign": "",
            "intr_antc_cntg_prdy_ctrt": "", "intr_antc_vol": "", "inter2_sdpr": num(s.prev_close),
        })
    return reply(caller, "ok_quote", output=rows)


def _book(s: StockState, minute_seed: int) -> tuple[list[tuple[float, int]], list[tuple[float, int]]]:
    """Ten ask and ten bid levels around the price, quantities varying with the minute."""
    asks, bids, p_ask, p_bid = [], [], s.price, s.price
    for level in range(10):
        p_ask += krx.tick_size(p_ask, s.instrument.kind)
        asks.append((min(p_ask, s.upper_limit), 100 + (minute_seed * 37 + level * 131) % 5_000))
        bids.append((max(p_bid, s.lower_limit), 100 + (minute_seed * 53 + level * 97) % 5_000))
        p_bid -= krx.tick_size(p_bid - 1, s.instrument.kind)
    return asks, bids


@router.get(f"{_Q}/inquire-asking-price-exp-ccn")
def orderbook(caller: Caller = Depends(kis_request)):
    s = _asked(caller)
    asks, bids = _book(s, s.minute + int(s.code, 36))
    now = caller.world.now()
    out1 = {"aspr_acpt_hour": now.strftime("%H%M%S")}
    for i, (p, q) in enumerate(asks, 1):
        out1[f"askp{i}"], out1[f"askp_rsqn{i}"], out1[f"askp_rsqn_icdc{i}"] = num(p), num(q), "0"
    for i, (p, q) in enumerate(bids, 1):
        out1[f"bidp{i}"], out1[f"bidp_rsqn{i}"], out1[f"bidp_rsqn_icdc{i}"] = num(p), num(q), "0"
    out1.update({
        "total_askp_rsqn": num(sum(q for _, q in asks)), "total_bidp_rsqn": num(sum(q for _, q in bids)),
        "total_askp_rsqn_icdc": "0", "total_bidp_rsqn_icdc": "0", "ovtm_total_askp_icdc": "0",
        "ovtm_total_bidp_icdc": "0", "ovtm_total_askp_rsqn": "0", "ovtm_total_bidp_rsqn": "0",
        "ntby_aspr_rsqn": num(sum(q for _, q in bids) - sum(q for _, q in asks)),
        "new_mkop_cls_code": "20" if s.is_open else "00",
    })
    out2 = {
        "antc_mkop_cls_code": "311" if s.is_open else "112", "stck_prpr": num(s.price), "stck_oprc": num(s.open),
        "stck_hgpr": num(s.high), "stck_lwpr": num(s.low), "stck_sdpr": num(s.prev_close),
        "antc_cnpr": "0" if s.is_open else num(s.price), "antc_cntg_vrss_sign": "3", "antc_cntg_vrss": "0",
        "antc_cntg_prdy_ctrt": "0.00", "antc_vol": "0", "stck_shrn_iscd": s.code, "vi_cls_code": "N",
    }
    return reply(caller, "ok_quote", output1=out1, output2=out2)


def _yyyymmdd(text: str, default: date) -> date:
    try:
        return datetime.strptime(text, "%Y%m%d").date() if text else default
    except ValueError:
        raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_DATE", 200), rt_cd="2") from None


def aggregate(bars: list[DayBar], period: str) -> list[DayBar]:
    """Daily bars into weekly/monthly/yearly ones, dated by the period's last session."""
    if period == "D":
        return bars
    keyf = {"W": lambda d: d.isocalendar()[:2], "M": lambda d: (d.year, d.month), "Y": lambda d: d.year}[period]
    groups: dict = {}
    for b in bars:
        groups.setdefault(keyf(b.day), []).append(b)
    return [DayBar(g[-1].day, g[0].open, max(x.high for x in g), min(x.low for x in g), g[-1].close,
                   sum(x.volume for x in g), sum(x.value for x in g)) for g in groups.values()]


def _chart_row(b: DayBar, prev: float | None) -> dict:
    change = b.close - prev if prev else 0
    return {"stck_bsop_date": b.day.strftime("%Y%m%d"), "stck_clpr": num(b.close), "stck_oprc": num(b.open),
            "stck_hgpr": num(b.high), "stck_lwpr": num(b.low), "acml_vol": num(b.volume),
            "acml_tr_pbmn": num(b.value), "flng_cls_code": "00", "prtt_rate": "0.00", "mod_yn": "N",
            "prdy_vrss_sign": sign(b.close, prev or b.close), "prdy_vrss": num(change), "revl_issu_reas": ""}


@router.get(f"{_Q}/inquire-daily-itemchartprice")
def daily_chart(caller: Caller = Depends(kis_request)):
    s = _asked(caller)
    now = caller.world.now()
    period = caller.param("FID_PERIOD_DIV_CODE", "D").upper()
    if period not in ("D", "W", "M", "Y"):
        raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_PERIOD_DIV_CODE", 200),
                       tr_id=caller.tr_id, rt_cd="2")
    end = _yyyymmdd(caller.param("FID_INPUT_DATE_2"), now.date())
    start = _yyyymmdd(caller.param("FID_INPUT_DATE_1"), end - timedelta(days=150))
    bars = aggregate(caller.world.tracks.bars(s.code, s.venue, start - timedelta(days=40), end, now), period)
    rows = []
    for i, b in enumerate(bars):
        if b.day >= start:
            rows.append(_chart_row(b, bars[i - 1].close if i else None))
    rows = rows[::-1][: spec.ENDPOINTS["chart"].rows(caller.domain)]
    inst = s.instrument
    out1 = {"prdy_vrss": num(s.change), "prdy_vrss_sign": sign(s.price, s.prev_close), "prdy_ctrt":
            _pct(s.change_pct), "stck_prdy_clpr": num(s.prev_close), "acml_vol": num(s.volume),
            "acml_tr_pbmn": num(s.value), "hts_kor_isnm": inst.name, "stck_prpr": num(s.price),
            "stck_shrn_iscd": s.code, "prdy_vol": "", "stck_mxpr": num(s.upper_limit),
            "stck_llam": num(s.lower_limit), "stck_oprc": num(s.open), "stck_hgpr": num(s.high),
            "stck_lwpr": num(s.low), "stck_prdy_oprc": "", "stck_prdy_hgpr": "", "stck_prdy_lwpr": "",
            "askp": num(s.price + krx.tick_size(s.price, s.instrument.kind)), "bidp": num(s.price), "prdy_vrss_vol": "",
            "vol_tnrt": "", "stck_fcam": "100", "lstn_stcn": num(inst.shares), "cpfn": "", "hts_avls":
            num(s.price * inst.shares / 1e8), "per": "", "eps": "", "pbr": "", "itewhol_loan_rmnd_ratem": "0.00"}
    return reply(caller, "ok_quote", output1=out1, output2=rows)


@router.get(f"{_Q}/inquire-daily-price")
def daily_price(caller: Caller = Depends(kis_request)):
    s = _asked(caller)
    now = caller.world.now()
    period = caller.param("FID_PERIOD_DIV_CODE", "D").upper()
    bars = aggregate(caller.world.tracks.bars(s.code, s.venue, now.date() - timedelta(days=1200), now.date(), now),
                     period if period in ("D", "W", "M") else "D")
    rows = []
    for i in range(len(bars) - 1, max(-1, len(bars) - 31), -1):
        b, prev = bars[i], bars[i - 1].close if i else bars[i].open
        rows.append({"stck_bsop_date": b.day.strftime("%Y%m%d"), "stck_oprc": num(b.open), "stck_hgpr": num(b.high),
                     "stck_lwpr": num(b.low), "stck_clpr": num(b.close), "acml_vol": num(b.volume),
                     "prdy_vrss_vol_rate": "", "prdy_vrss": num(b.close - prev), "prdy_vrss_sign": sign(b.close, prev),
                     "prdy_ctrt": _pct((b.close - prev) / prev * 100 if prev else 0), "hts_frgn_ehrt": "",
                     "frgn_ntby_qty": "", "flng_cls_code": "00", "acml_prtt_rate": "0.00"})
    return reply(caller, "ok_quote", output=rows)


@router.get(f"{_Q}/inquire-time-itemchartprice")
def minute_chart(caller: Caller = Depends(kis_request)):
    """The venue's one-minute bars of its day up to FID_INPUT_HOUR_1, newest first, 30 a call (each stamped
    with the minute it ends in; NXT's begin at 08:00)."""
    s = _asked(caller)
    hour = caller.param("FID_INPUT_HOUR_1") or "200000"
    try:
        asked = time(int(hour[:2]), int(hour[2:4]))
    except ValueError:
        raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_HOUR", 200), rt_cd="2") from None
    bars = caller.world.tracks.minute_bars(s.code, s.venue, caller.world.now())
    totals = np.cumsum([b[5] for b in bars]) if bars else []
    upto = [i for i, b in enumerate(bars) if b[0].time() <= asked] or [0][:len(bars)]
    rows = []
    for i in reversed(upto[-spec.ENDPOINTS["minute_chart"].rows(caller.domain):]):
        at, o, h, lo, c, vol = bars[i]
        rows.append({"stck_bsop_date": at.strftime("%Y%m%d"), "stck_cntg_hour": at.strftime("%H%M00"),
                     "stck_prpr": num(c), "stck_oprc": num(o), "stck_hgpr": num(h), "stck_lwpr": num(lo),
                     "cntg_vol": num(vol), "acml_tr_pbmn": num(float(totals[i]) * c)})
    out1 = {"prdy_vrss": num(s.change), "prdy_vrss_sign": sign(s.price, s.prev_close), "prdy_ctrt": _pct(s.change_pct),
            "stck_prdy_clpr": num(s.prev_close), "acml_vol": num(s.volume), "acml_tr_pbmn": num(s.value),
            "hts_kor_isnm": s.instrument.name, "stck_prpr": num(s.price)}
    return reply(caller, "ok_quote", output1=out1, output2=rows)


@router.get(f"{_Q}/search-info")
def search_info(caller: Caller = Depends(kis_request)):
    code = caller.param("PDNO")
    inst = caller.world.market.instrument(code[-6:] if len(code) > 6 else code)
    if inst is None:
        raise KisFault("invalid_code", tr_id=caller.tr_id, rt_cd="2")
    return reply(caller, "ok_quote", output={
        "pdno": inst.code, "prdt_type_cd": caller.param("PRDT_TYPE_CD", "300"), "prdt_name120": inst.name,
        "prdt_abrv_name": inst.name, "prdt_eng_name120": inst.name, "prdt_eng_abrv_name": inst.name,
        "std_pdno": f"KR7{inst.code}003", "shtn_pdno": inst.code, "prdt_sale_stat_cd": "", "prdt_risk_grad_cd": "",
        "prdt_clsf_cd": "101210", "sale_strt_dt": "", "sale_end_dt": "", "wrap_asst_type_cd": "",
        "ivst_prdt_type_cd": "", "frst_erlm_dt": "20000101",
    })


@router.get(f"{_Q}/chk-holiday")
def holidays(caller: Caller = Depends(kis_request)):
    start = _yyyymmdd(caller.param("BASS_DT"), caller.world.now().date())
    rows = []
    for i in range(60):
        d = start + timedelta(days=i)
        open_day = krx.is_trading_day(d)
        rows.append({"bass_dt": d.strftime("%Y%m%d"), "wday_dvsn_cd": f"{(d.isoweekday() % 7) + 1:02d}",
                     "bzdy_yn": "Y" if open_day else "N", "tr_day_yn": "Y" if open_day else "N",
                     "opnd_yn": "Y" if open_day else "N", "sttl_day_yn": "Y" if open_day else "N"})
    return paged(caller, rows, 20, list_key="output", ctx="", fk_keys=("BASS_DT",))


_US = "/uapi/overseas-price/v1/quotations"


def _us_state(caller: Caller) -> StockState | None:
    symbol, excd = caller.param("SYMB").upper(), caller.param("EXCD").upper()
    market = caller.world.market
    if market.us_exchange(symbol) != excd:
        return None
    return market.us_quote(symbol, caller.world.now())


@router.get(f"{_US}/price")
def us_price(caller: Caller = Depends(kis_request)):
    s = _us_state(caller)
    excd, symbol = caller.param("EXCD").upper(), caller.param("SYMB").upper()
    if s is None:  # KIS answers success with empty fields for a symbol not on that exchange
        empty = dict.fromkeys(("zdiv", "base", "pvol", "last", "sign", "diff", "rate", "tvol", "tamt", "ordy"), "")
        return reply(caller, "ok_quote", output={"rsym": "", **empty})
    return reply(caller, "ok_quote", output={
        "rsym": f"D{excd}{symbol}", "zdiv": "4", "base": num(s.prev_close, 4), "pvol": num(s.volume),
        "last": num(s.price, 4), "sign": sign(s.price, s.prev_close), "diff": num(abs(s.change), 4),
        "rate": _pct(s.change_pct), "tvol": num(s.volume), "tamt": num(s.value), "ordy": "Y",
    })


@router.get(f"{_US}/dailyprice")
def us_daily(caller: Caller = Depends(kis_request)):
    s = _us_state(caller)
    excd, symbol = caller.param("EXCD").upper(), caller.param("SYMB").upper()
    if s is None:
        return reply(caller, "ok_quote", output1={"rsym": "", "zdiv": "", "nrec": "0"}, output2=[])
    now = caller.world.now()
    end = _yyyymmdd(caller.param("BYMD"), now.date())
    bars = caller.world.market.bars(symbol, end - timedelta(days=3 * 366), end, now, us=True)
    bars = aggregate(bars, {"0": "D", "1": "W", "2": "M"}.get(caller.param("GUBN", "0"), "D"))
    rows = []
    for i in range(len(bars) - 1, max(0, len(bars) - 101), -1):
        b, prev = bars[i], bars[i - 1].close
        rows.append({"xymd": b.day.strftime("%Y%m%d"), "clos": num(b.close, 4), "sign": sign(b.close, prev),
                     "diff": num(abs(b.close - prev), 4), "rate": _pct((b.close - prev) / prev * 100),
                     "open": num(b.open, 4), "high": num(b.high, 4), "low": num(b.low, 4), "tvol": num(b.volume),
                     "tamt": num(b.value), "pbid": num(b.close, 4), "vbid": "100", "pask": num(b.close + 0.01, 4),
                     "vask": "100"})
    return reply(caller, "ok_quote", tr_cont="D", output1={"rsym": f"D{excd}{symbol}", "zdiv": "4",
                                                             "nrec": str(len(rows))}, output2=rows)
