"""Watchlists (관심종목) as KIS serves them: the HTS id's groups (intstock-grouplist) and a group's stocks
(intstock-stocklist-by-group). Real domain only. Every HTS id has the same groups."""


from fastapi import APIRouter, Depends

from .protocol import Caller, kis_request, reply
from .universe import KRX_NAMED

router = APIRouter()
_Q = "/uapi/domestic-stock/v1/quotations"

# (inter_grp_code, inter_grp_name, codes)
GROUPS = [("001", "관심종목1", ["005930", "000660", "035420", "005380", "035720"]),
          ("002", "배당주", ["105560", "055550", "033780", "017670"]),
          ("003", "반도체", ["005930", "000660", "009150"])]


def _day_and_time(caller: Caller) -> tuple[str, str]:
    now = caller.world.now()
    return now.strftime("%Y%m%d"), now.strftime("%H%M%S")


@router.get(f"{_Q}/intstock-grouplist")
def grouplist(caller: Caller = Depends(kis_request)):
    """The watchlist groups (output2), in the HTS's order."""
    day, hhmmss = _day_and_time(caller)
    return reply(caller, "ok_quote", output2=[
        {"date": day, "trnm_hour": hhmmss, "data_rank": f"{i:010d}", "inter_grp_code": code, "inter_grp_name": name,
         "ask_cnt": str(len(codes))} for i, (code, name, codes) in enumerate(GROUPS, 1)])


@router.get(f"{_Q}/intstock-stocklist-by-group")
def stocklist(caller: Caller = Depends(kis_request)):
    """A group's stocks (output2) under the group's name (output1). A group the HTS id does not have: no rows
    (KIS's answer for it is not documented: ASSUMED)."""
    code = caller.param("INTER_GRP_CODE")
    group = next((g for g in GROUPS if g[0] == code), None)
    name, codes = (group[1], group[2]) if group else ("", [])
    rows = [{"fid_mrkt_cls_code": "J", "data_rank": f"{i:010d}", "exch_code": "KRX", "jong_code": c, "color_code": "0",
             "memo": "", "hts_kor_isnm": KRX_NAMED[c].name, "fxdt_ntby_qty": "0", "cntg_unpr": "0",
             "cntg_cls_code": ""} for i, c in enumerate(codes, 1)]
    return reply(caller, "ok_quote", output1={"data_rank": "", "inter_grp_name": name}, output2=rows)
