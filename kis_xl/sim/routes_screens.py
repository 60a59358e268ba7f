"""Condition search (조건검색) as KIS serves it: the conditions saved from the HTS (psearch-title) and the stocks
one finds now (psearch-result, at most 100). Real domain only: the mock domain answers these tr_ids as KIS does
for any tr_id it lacks.

Every HTS id has the same saved conditions (KIS keeps them per HTS id; the simulator has no HTS to save from).
"""


from fastapi import APIRouter, Depends

from .. import krx, spec
from .protocol import Caller, KisFault, kis_request, num, reply
from .routes_market import sign
from .universe import KRX_NAMED, _digest

router = APIRouter()
_Q = "/uapi/domestic-stock/v1/quotations"

# (seq, name, group): the saved conditions; which stocks each finds is in _FINDS.
CONDITIONS = [("0", "거래량 상위", "기본"), ("1", "상승 종목", "기본"), ("2", "전 종목", "스크리닝"),
              ("3", "상한가", "스크리닝")]
SYNTHETIC = [f"{100001 + i:06d}" for i in range(40)]  # 전 종목 reaches KIS's 100-row cap with these


def _states(caller: Caller, codes):
    now = caller.world.now()
    return [caller.world.market.quote(c, now) for c in codes]


def _stocks(caller: Caller):
    return _states(caller, [c for c, i in KRX_NAMED.items() if i.kind != krx.ETP])


_FINDS = {
    "0": lambda caller: sorted(_stocks(caller), key=lambda s: -s.volume)[:20],
    "1": lambda caller: sorted((s for s in _stocks(caller) if s.change > 0), key=lambda s: -s.change_pct),
    "2": lambda caller: _states(caller, list(KRX_NAMED) + SYNTHETIC),
    "3": lambda caller: [s for s in _stocks(caller) if s.price >= s.upper_limit],
}


@router.get(f"{_Q}/psearch-title")
def psearch_title(caller: Caller = Depends(kis_request)):
    """The HTS id's saved conditions (output2)."""
    user = caller.param("USER_ID")
    return reply(caller, "ok_quote", output2=[{"user_id": user, "seq": seq, "grp_nm": group, "condition_nm": name}
                                              for seq, name, group in CONDITIONS])


def _row(caller: Caller, s) -> dict:
    cap = s.price * s.instrument.shares
    strength = 50 + _digest("cttr", caller.world.market.seed, s.code, s.session) % 10_000 / 100
    expected = not s.is_open  # KIS shows the auction's expected price outside the continuous session
    return {"code": s.code, "name": s.instrument.name, "daebi": sign(s.price, s.prev_close, s.upper_limit, s.lower_limit),
            "price": num(s.price), "chgrate": f"{s.change_pct:.2f}", "acml_vol": num(s.volume),
            "trade_amt": num(s.value), "change": num(s.change), "cttr": f"{strength:.2f}", "open": num(s.open),
            "high": num(s.high), "low": num(s.low), "high52": num(max(s.high, s.prev_close * 1.25)),
            "low52": num(min(s.low, s.prev_close * 0.8)), "expprice": num(s.price if expected else 0),
            "expchange": num(s.change if expected else 0), "expchggrate": f"{s.change_pct if expected else 0:.2f}",
            "expcvol": num(s.volume // 50 if expected else 0), "chgrate2": f"{100 + _digest('vr', s.code) % 200:.2f}",
            "expdaebi": sign(s.price, s.prev_close) if expected else "3", "recprice": num(s.prev_close),
            "uplmtprice": num(s.upper_limit), "dnlmtprice": num(s.lower_limit), "stotprice": num(cap / 1e8)}


@router.get(f"{_Q}/psearch-result")
def psearch_result(caller: Caller = Depends(kis_request)):
    """The stocks a saved condition finds now, at most 100 (KIS's cap); none found: MCA05918, as KIS answers."""
    find = _FINDS.get(caller.param("SEQ"))
    if find is None:
        raise KisFault("condition_not_saved", tr_id=caller.tr_id)
    states = find(caller)[:spec.SCREEN_MAX_ROWS]
    if not states:
        raise KisFault("screen_empty", tr_id=caller.tr_id)
    return reply(caller, "ok_quote", output2=[_row(caller, s) for s in states])
