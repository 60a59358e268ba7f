"""KIS's rankings: volume, fluctuation (gainers, losers), market cap."""



from fastapi import APIRouter, Depends

from .. import krx
from .protocol import Caller, kis_request, num, reply
from .routes_market import sign
from .universe import KRX_NAMED

router = APIRouter()
_Q = "/uapi/domestic-stock/v1/quotations"
_T = "/uapi/domestic-stock/v1/trading"


# rankings ----------------------------------------------------------------------------------------------
def _ranked_states(caller: Caller):
    """The named KRX stocks (ETFs left out) at this moment, in the market asked (0000 all, 0001 KOSPI,
    1001 KOSDAQ)."""
    scope = caller.param("FID_INPUT_ISCD", "0000")
    want = {"0000": None, "0001": "KOSPI", "1001": "KOSDAQ", "2001": "KOSPI"}.get(scope, None)
    now = caller.world.now()
    out = []
    for inst in KRX_NAMED.values():
        if inst.kind == krx.ETP or (want and inst.market != want):
            continue
        out.append(caller.world.market.quote(inst.code, now))
    return out


def _rank_rows(states, key, fields) -> list[dict]:
    rows = []
    for rank, s in enumerate(sorted(states, key=key)[:30], 1):
        rows.append({"data_rank": str(rank), "hts_kor_isnm": s.instrument.name, "stck_prpr": num(s.price),
                     "prdy_vrss": num(s.change), "prdy_vrss_sign": sign(s.price, s.prev_close),
                     "prdy_ctrt": f"{s.change_pct:.2f}", "acml_vol": num(s.volume), **fields(s)})
    return rows


@router.get(f"{_Q}/volume-rank")
def volume_rank(caller: Caller = Depends(kis_request)):
    """Top 30 by volume (FID_BLNG_CLS_CODE 0) or traded value (3)."""
    by_value = caller.param("FID_BLNG_CLS_CODE") == "3"
    states = _ranked_states(caller)

    def fields(s):
        shares = s.instrument.shares
        return {"mksc_shrn_iscd": s.code, "prdy_vol": num(s.volume), "lstn_stcn": num(shares),
                "avrg_vol": num(s.volume), "n_befr_clpr_vrss_prpr_rate": f"{s.change_pct:.2f}", "vol_inrt": "0.00",
                "vol_tnrt": f"{s.volume / shares * 100:.2f}", "nday_vol_tnrt": f"{s.volume / shares * 100:.2f}",
                "avrg_tr_pbmn": num(s.value), "tr_pbmn_tnrt": f"{s.volume / shares * 100:.2f}",
                "nday_tr_pbmn_tnrt": f"{s.volume / shares * 100:.2f}", "acml_tr_pbmn": num(s.value)}

    key = (lambda s: -s.value) if by_value else (lambda s: -s.volume)
    return reply(caller, "ok_quote", output=_rank_rows(states, key, fields))


@router.get("/uapi/domestic-stock/v1/ranking/fluctuation")
def fluctuation(caller: Caller = Depends(kis_request)):
    """Top 30 risers (FID_RANK_SORT_CLS_CODE 0000) or fallers (0001)."""
    falling = caller.param("FID_RANK_SORT_CLS_CODE") == "0001"
    states = _ranked_states(caller)

    def fields(s):
        return {"stck_shrn_iscd": s.code, "stck_hgpr": num(s.high), "hgpr_hour": "", "acml_hgpr_date":
                s.session.strftime("%Y%m%d"), "stck_lwpr": num(s.low), "lwpr_hour": "",
                "acml_lwpr_date": s.session.strftime("%Y%m%d"),
                "lwpr_vrss_prpr_rate": f"{(s.price / s.low - 1) * 100:.2f}",
                "dsgt_date_clpr_vrss_prpr_rate": f"{s.change_pct:.2f}", "cnnt_ascn_dynu": "0",
                "hgpr_vrss_prpr_rate": f"{(s.price / s.high - 1) * 100:.2f}", "cnnt_down_dynu": "0",
                "oprc_vrss_prpr_sign": sign(s.price, s.open), "oprc_vrss_prpr": num(s.price - s.open),
                "oprc_vrss_prpr_rate": f"{(s.price / s.open - 1) * 100:.2f}", "prd_rsfl": num(s.change),
                "prd_rsfl_rate": f"{s.change_pct:.2f}"}

    key = (lambda s: s.change_pct) if falling else (lambda s: -s.change_pct)
    return reply(caller, "ok_quote", output=_rank_rows(states, key, fields))


@router.get("/uapi/domestic-stock/v1/ranking/market-cap")
def market_cap(caller: Caller = Depends(kis_request)):
    """Top 30 by market capitalisation (stck_avls in 억원)."""
    states = _ranked_states(caller)
    total = sum(s.price * s.instrument.shares for s in states) or 1

    def fields(s):
        cap = s.price * s.instrument.shares
        return {"mksc_shrn_iscd": s.code, "lstn_stcn": num(s.instrument.shares), "stck_avls": num(cap / 1e8),
                "mrkt_whol_avls_rlim": f"{cap / total * 100:.2f}"}

    return reply(caller, "ok_quote", output=_rank_rows(states, lambda s: -s.price * s.instrument.shares, fields))
