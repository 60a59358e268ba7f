"""Who trades a stock, as KIS serves it: investors by type per day (inquire-investor), the top brokers
(inquire-member)."""


from datetime import timedelta

from fastapi import APIRouter, Depends

from .protocol import Caller, kis_request, num, reply
from .routes_market import _state, sign
from .universe import _digest

router = APIRouter()
_Q = "/uapi/domestic-stock/v1/quotations"
_T = "/uapi/domestic-stock/v1/trading"
BROKERS = [("00050", "키움증권", "N"), ("00005", "미래에셋증권", "N"), ("00003", "한국투자증권", "N"),
           ("00012", "NH투자증권", "N"), ("00030", "삼성증권", "N"), ("00004", "KB증권", "N"),
           ("00036", "모건스탠리", "Y"), ("00045", "제이피모간", "Y"), ("00044", "메릴린치", "Y"), ("00017", "신한투자증권", "N")]


# flows, ticks, brokers ---------------------------------------------------------------------------------
def _split(total: int, key: str) -> tuple[int, int, int]:
    """Net buying of individuals, foreigners and institutions that sums to (nearly) zero."""
    h = _digest(key)
    frgn = int(total * ((h % 2001) - 1000) / 10_000)
    orgn = int(total * (((h >> 12) % 2001) - 1000) / 12_000)
    return -(frgn + orgn), frgn, orgn


@router.get(f"{_Q}/inquire-investor")
def investors(caller: Caller = Depends(kis_request)):
    """Daily buying and selling by individuals (prsn), foreigners (frgn) and institutions (orgn), newest
    first, 30 sessions; money in millions of won. Today's row grows with the session."""
    s = _state(caller, caller.param("FID_INPUT_ISCD"))
    now = caller.world.now()
    bars = caller.world.market.bars(s.code, s.session - timedelta(days=60), s.session, now)[-31:]
    rows = []
    for i in range(len(bars) - 1, 0, -1):
        b, prev = bars[i], bars[i - 1].close
        avg = b.value / b.volume if b.volume else b.close
        net = _split(int(b.volume * 0.12), f"inv|{caller.world.market.seed}|{s.code}|{b.day}")
        row = {"stck_bsop_date": b.day.strftime("%Y%m%d"), "stck_clpr": num(b.close), "prdy_vrss": num(b.close - prev),
               "prdy_vrss_sign": sign(b.close, prev)}
        for who, n in zip(("prsn", "frgn", "orgn"), net):
            share = {"prsn": 0.55, "frgn": 0.25, "orgn": 0.2}[who]
            buy = int(b.volume * share) + max(n, 0)
            sell = int(b.volume * share) + max(-n, 0)
            row.update({f"{who}_ntby_qty": num(buy - sell), f"{who}_ntby_tr_pbmn": num((buy - sell) * avg / 1e6),
                        f"{who}_shnu_vol": num(buy), f"{who}_shnu_tr_pbmn": num(buy * avg / 1e6),
                        f"{who}_seln_vol": num(sell), f"{who}_seln_tr_pbmn": num(sell * avg / 1e6)})
        rows.append(row)
    return reply(caller, "ok_quote", output=rows)


@router.get(f"{_Q}/inquire-member")
def members(caller: Caller = Depends(kis_request)):
    """Today's top five brokers (회원사) selling and buying, by quantity; foreign brokers flagged (glob)."""
    s = _state(caller, caller.param("FID_INPUT_ISCD"))
    seed = f"mbr|{caller.world.market.seed}|{s.code}|{s.session}"
    out: dict[str, str] = {}
    totals = {}
    for side in ("seln", "shnu"):
        order = sorted(BROKERS, key=lambda b: _digest(seed, side, b[0]))[:5]
        weights = [5, 4, 3, 2, 1]
        picked = []
        for i, ((no, name, glob), w) in enumerate(zip(order, weights), 1):
            qty = int(s.volume * w / 30)
            picked.append((qty, glob))
            out.update({f"{side}_mbcr_no{i}": no, f"{side}_mbcr_name{i}": name, f"total_{side}_qty{i}": num(qty),
                        f"{side}_mbcr_rlim{i}": f"{qty / s.volume * 100 if s.volume else 0:.2f}",
                        f"{side}_qty_icdc{i}": num(qty // 50), f"{side}_mbcr_glob_yn_{i}": glob})
        totals[side] = sum(q for q, g in picked if g == "Y")
    out.update({"glob_total_seln_qty": num(totals["seln"]), "glob_total_shnu_qty": num(totals["shnu"]),
                "glob_seln_rlim": f"{totals['seln'] / s.volume * 100 if s.volume else 0:.2f}",
                "glob_shnu_rlim": f"{totals['shnu'] / s.volume * 100 if s.volume else 0:.2f}",
                "glob_ntby_qty": num(totals["shnu"] - totals["seln"]), "glob_total_seln_qty_icdc": "0",
                "glob_total_shnu_qty_icdc": "0"})
    return reply(caller, "ok_quote", output=out)
