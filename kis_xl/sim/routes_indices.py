"""Index quotations (국내업종): current level (FHPUP02100000) and daily levels (FHPUP02120000).

Field lists from KIS's samples (``examples_llm/domestic_stock/inquire_index_price`` and
``inquire_index_daily_price``); both are "모의투자 미지원" (the mock domain answers as for any tr_id
it does not know). ``FID_COND_MRKT_DIV_CODE`` must be ``U``; an index code the simulator does not
model answers OPSQ2001 INVALID_CHECK_ISCD, as an unknown stock code does.

``inquire-index-daily-price`` gives up to 100 rows, newest first, ending at ``FID_INPUT_DATE_1``
(D days, W weeks, M months); older rows are asked with an earlier date. A date after today answers
from today; a date that is not a date, or one before the calendar window, is refused
(INVALID_CHECK_DATE: UNCONFIRMED wording, the OPSQ2001 input-check pattern).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import APIRouter, Depends

from .. import spec
from ..calendars import FIRST
from .indices import INDICES, IndexBar, IndexState, index_model
from .protocol import Caller, KisFault, kis_request, num, reply
from .routes_market import aggregate, sign

router = APIRouter()
_Q = "/uapi/domestic-stock/v1/quotations"
BAD_DATE = spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_DATE", 200)


def _f(x: float) -> str:
    return f"{x:.2f}"


def _index(caller: Caller) -> tuple[str, IndexState]:
    code = caller.param("FID_INPUT_ISCD")
    if caller.param("FID_COND_MRKT_DIV_CODE").upper() != "U" or code not in INDICES:
        raise KisFault("invalid_code", tr_id=caller.tr_id, rt_cd="2")
    return code, index_model(caller.world.market).state(code, caller.world.now())


def _year_range(caller: Caller, code: str, now: datetime) -> tuple[IndexBar, IndexBar]:
    bars = index_model(caller.world.market).bars(code, now.date().replace(month=1, day=1), now.date(), now)
    return max(bars, key=lambda b: b.high), min(bars, key=lambda b: b.low)


def _breadth(code: str, s: IndexState) -> dict[str, str]:
    """Advancing/declining issue counts that lean with the day's move (a fixed number of members)."""
    members = {"0001": 940, "1001": 1700, "2001": 200}[code]
    up = int(members * min(0.9, max(0.1, 0.5 + s.change_pct / 6)))
    flat = members // 20
    return {"ascn_issu_cnt": str(up), "uplm_issu_cnt": str(up // 80), "stnr_issu_cnt": str(flat),
            "down_issu_cnt": str(members - up - flat), "lslm_issu_cnt": str((members - up) // 120)}


@router.get(f"{_Q}/inquire-index-price")
def index_price(caller: Caller = Depends(kis_request)):
    code, s = _index(caller)
    now = caller.world.now()
    hi, lo = _year_range(caller, code, now)
    prev_bar = index_model(caller.world.market).bars(code, s.session - timedelta(days=10), s.session, now)
    prev_vol = prev_bar[-2].volume if len(prev_bar) > 1 else s.volume
    prev_val = prev_bar[-2].value if len(prev_bar) > 1 else s.value
    asks, bids = 4_000_000 + int(s.level * 100), 4_200_000 + int(s.level * 90)
    output = {
        "bstp_nmix_prpr": _f(s.level), "bstp_nmix_prdy_vrss": _f(s.change), "prdy_vrss_sign": sign(s.level, s.prev_close),
        "bstp_nmix_prdy_ctrt": _f(s.change_pct), "acml_vol": num(s.volume), "prdy_vol": num(prev_vol),
        "acml_tr_pbmn": num(s.value), "prdy_tr_pbmn": num(prev_val),
        "bstp_nmix_oprc": _f(s.open), "prdy_nmix_vrss_nmix_oprc": _f(s.open - s.prev_close),
        "oprc_vrss_prpr_sign": sign(s.level, s.open), "bstp_nmix_oprc_prdy_ctrt": _f((s.open / s.prev_close - 1) * 100),
        "bstp_nmix_hgpr": _f(s.high), "prdy_nmix_vrss_nmix_hgpr": _f(s.high - s.prev_close),
        "hgpr_vrss_prpr_sign": sign(s.level, s.high), "bstp_nmix_hgpr_prdy_ctrt": _f((s.high / s.prev_close - 1) * 100),
        "bstp_nmix_lwpr": _f(s.low), "prdy_clpr_vrss_lwpr": _f(s.low - s.prev_close),
        "lwpr_vrss_prpr_sign": sign(s.level, s.low), "prdy_clpr_vrss_lwpr_rate": _f((s.low / s.prev_close - 1) * 100),
        **_breadth(code, s),
        "dryy_bstp_nmix_hgpr": _f(hi.high), "dryy_hgpr_vrss_prpr_rate": _f((s.level / hi.high - 1) * 100),
        "dryy_bstp_nmix_hgpr_date": hi.day.strftime("%Y%m%d"), "dryy_bstp_nmix_lwpr": _f(lo.low),
        "dryy_lwpr_vrss_prpr_rate": _f((s.level / lo.low - 1) * 100), "dryy_bstp_nmix_lwpr_date":
            lo.day.strftime("%Y%m%d"),
        "total_askp_rsqn": num(asks), "total_bidp_rsqn": num(bids),
        "seln_rsqn_rate": _f(asks / (asks + bids) * 100), "shnu_rsqn_rate": _f(bids / (asks + bids) * 100),
        "ntby_rsqn": num(bids - asks),
    }
    return reply(caller, "ok_quote", output=output)


@router.get(f"{_Q}/inquire-index-daily-price")
def index_daily(caller: Caller = Depends(kis_request)):
    code, s = _index(caller)
    now = caller.world.now()
    period = caller.param("FID_PERIOD_DIV_CODE", "D").upper()
    if period not in ("D", "W", "M"):
        raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_PERIOD_DIV_CODE", 200),
                       tr_id=caller.tr_id, rt_cd="2")
    try:
        end = datetime.strptime(caller.param("FID_INPUT_DATE_1"), "%Y%m%d").date()
    except ValueError:
        raise KisFault(BAD_DATE, tr_id=caller.tr_id, rt_cd="2") from None
    if end < FIRST:
        raise KisFault(BAD_DATE, tr_id=caller.tr_id, rt_cd="2")
    cap = spec.ENDPOINTS["index_daily"].rows(caller.domain)
    span = {"D": 160, "W": 7 * 110, "M": 31 * 110}[period]
    model = index_model(caller.world.market)
    bars = aggregate(model.bars(code, max(FIRST, end - timedelta(days=span)), end, now), period)
    rows = []
    for i in range(len(bars) - 1, max(-1, len(bars) - 1 - cap), -1):
        b = bars[i]
        prev = bars[i - 1].close if i else b.open
        total = sum(x.volume for x in bars[max(0, i - 19): i + 1]) or 1
        avg20 = sum(x.close for x in bars[max(0, i - 19): i + 1]) / len(bars[max(0, i - 19): i + 1])
        up_days = sum(1 for j in range(max(1, i - 11), i + 1) if bars[j].close > bars[j - 1].close)
        rows.append({
            "stck_bsop_date": b.day.strftime("%Y%m%d"), "bstp_nmix_prpr": _f(b.close),
            "prdy_vrss_sign": sign(b.close, prev), "bstp_nmix_prdy_vrss": _f(b.close - prev),
            "bstp_nmix_prdy_ctrt": _f((b.close / prev - 1) * 100 if prev else 0), "bstp_nmix_oprc": _f(b.open),
            "bstp_nmix_hgpr": _f(b.high), "bstp_nmix_lwpr": _f(b.low),
            "acml_vol_rlim": _f(b.volume / total * 100), "acml_vol": num(b.volume), "acml_tr_pbmn": num(b.value),
            "invt_new_psdg": _f(up_days / 12 * 100), "d20_dsrt": _f(b.close / avg20 * 100),
        })
    hi, lo = _year_range(caller, code, now)
    all_bars = model.bars(code, s.session - timedelta(days=10), s.session, now)
    prev_bar = all_bars[-2] if len(all_bars) > 1 else all_bars[-1]
    out1 = {
        "bstp_nmix_prpr": _f(s.level), "bstp_nmix_prdy_vrss": _f(s.change), "prdy_vrss_sign": sign(s.level, s.prev_close),
        "bstp_nmix_prdy_ctrt": _f(s.change_pct), "acml_vol": num(s.volume), "acml_tr_pbmn": num(s.value),
        "bstp_nmix_oprc": _f(s.open), "bstp_nmix_hgpr": _f(s.high), "bstp_nmix_lwpr": _f(s.low),
        "prdy_vol": num(prev_bar.volume), "prdy_tr_pbmn": num(prev_bar.value), **_breadth(code, s),
        "dryy_bstp_nmix_hgpr_date": hi.day.strftime("%Y%m%d"), "dryy_bstp_nmix_hgpr": _f(hi.high),
        "dryy_bstp_nmix_lwpr": _f(lo.low), "dryy_bstp_nmix_lwpr_date": lo.day.strftime("%Y%m%d"),
    }
    return reply(caller, "ok_quote", tr_cont="D", output1=out1, output2=rows)
