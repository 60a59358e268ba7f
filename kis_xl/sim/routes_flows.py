"""Who trades a stock, as KIS serves it: investors by type per day (inquire-investor and
investor-trade-by-stock-daily), the top brokers (inquire-member), program trading (today and by day), short
selling and credit balances by day, and the trade-strength ranking (volume-power).

Where KIS does not say how many rows a call gives (investor-trade-by-stock-daily, program-trade-by-stock(-daily),
daily-short-sale), the simulator assumes ``ROWS`` (30, KIS's stated figure for daily-credit-balance) and answers
the rows up to the date asked, newest first, with no continuation: a client asks again from an earlier date.
"""


from datetime import date, datetime, timedelta

from fastapi import APIRouter, Depends

from .. import krx
from .market import DayBar
from .protocol import Caller, kis_request, num, reply
from .routes_market import _state, _yyyymmdd, sign
from .routes_ranks import _rank_rows, _ranked_states
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


# flows by day: investors in detail, program trading, short selling, credit ----------------------------
ROWS = 30
_INSTITUTIONS = ("scrt", "ivtr", "pe_fund", "bank", "insu", "mrbn", "fund", "etc_corp")


def _sessions(caller: Caller, code: str, until: date, n: int = ROWS) -> list[tuple[DayBar, float]]:
    """Up to ``n`` sessions on or before ``until``, newest first, each with the close before it."""
    bars = caller.world.market.bars(code, until - timedelta(days=n * 2 + 14), until, caller.world.now())
    return [(bars[i], bars[i - 1].close) for i in range(len(bars) - 1, 0, -1)][:n]


def _day_fields(b: DayBar, prev: float, date_key: str = "stck_bsop_date") -> dict[str, str]:
    return {date_key: b.day.strftime("%Y%m%d"), "stck_clpr": num(b.close), "prdy_vrss": num(b.close - prev),
            "prdy_vrss_sign": sign(b.close, prev), "prdy_ctrt": f"{(b.close / prev - 1) * 100 if prev else 0:.2f}",
            "acml_vol": num(b.volume)}


def _now_fields(caller: Caller) -> dict[str, str]:
    s = _state(caller, caller.param("FID_INPUT_ISCD"))
    prev = _sessions(caller, s.code, s.session, 2)
    return {"stck_prpr": num(s.price), "prdy_vrss": num(s.change), "prdy_vrss_sign": sign(s.price, s.prev_close),
            "prdy_ctrt": f"{s.change_pct:.2f}", "acml_vol": num(s.volume),
            "prdy_vol": num(prev[1][0].volume if len(prev) > 1 else 0)}


def _until(caller: Caller, key: str = "FID_INPUT_DATE_1") -> date:
    return _yyyymmdd(caller.param(key), caller.world.now().date())


def _sides(volume: int, share: float, net: int) -> tuple[int, int]:
    """Buy and sell volume of one group whose net buying is ``net``."""
    base = int(volume * share)
    return base + max(net, 0), base + max(-net, 0)


@router.get(f"{_Q}/investor-trade-by-stock-daily")
def investor_daily(caller: Caller = Depends(kis_request)):
    """Investor flows by session up to FID_INPUT_DATE_1 (output2, newest first; money in millions of won), the
    stock now in output1. Individuals, foreigners and institutions as inquire-investor has them, the
    institutions split among securities, trusts, private equity, banks, insurers, merchant banks, funds and
    other corporations."""
    s = _state(caller, caller.param("FID_INPUT_ISCD"))
    seed = caller.world.market.seed
    rows = []
    for b, prev in _sessions(caller, s.code, _until(caller)):
        avg = b.value / b.volume if b.volume else b.close
        prsn, frgn, orgn = _split(int(b.volume * 0.12), f"inv|{seed}|{s.code}|{b.day}")
        weights = [1 + _digest("orgn", seed, s.code, b.day, k) % 5 for k in _INSTITUTIONS]
        parts = [int(orgn * w / sum(weights)) for w in weights]
        parts[-1] += orgn - sum(parts)
        row = dict(_day_fields(b, prev), acml_tr_pbmn=num(b.value), stck_oprc=num(b.open), stck_hgpr=num(b.high),
                   stck_lwpr=num(b.low), frgn_reg_ntby_qty=num(frgn), frgn_nreg_ntby_qty="0",
                   etc_ntby_qty=num(parts[-1]), etc_orgt_ntby_vol="0", bold_yn="N")
        groups = {"prsn": (prsn, 0.55), "frgn": (frgn, 0.25), "orgn": (orgn, 0.2)}
        groups.update({k: (n, 0.2 / len(parts)) for k, n in zip(_INSTITUTIONS, parts)})
        groups.update({"etc": (parts[-1], 0.2 / len(parts)), "etc_orgt": (0, 0.0)})
        for who, (net, share) in groups.items():
            buy, sell = _sides(b.volume, share, net)
            qty_key = f"{who}_ntby_vol" if who in ("pe_fund", "etc_corp", "etc_orgt") else f"{who}_ntby_qty"
            row.update({qty_key: num(net), f"{who}_seln_vol": num(sell), f"{who}_shnu_vol": num(buy),
                        f"{who}_seln_tr_pbmn": num(sell * avg / 1e6), f"{who}_shnu_tr_pbmn": num(buy * avg / 1e6),
                        f"{who}_ntby_tr_pbmn": num(net * avg / 1e6)})
        frgn_buy, frgn_sell = _sides(b.volume, 0.25, frgn)
        row.update({"frgn_reg_ntby_pbmn": row["frgn_ntby_tr_pbmn"], "frgn_nreg_ntby_pbmn": "0",
                    "frgn_reg_askp_qty": num(frgn_sell), "frgn_reg_bidp_qty": num(frgn_buy),
                    "frgn_reg_askp_pbmn": num(frgn_sell * avg / 1e6), "frgn_reg_bidp_pbmn": num(frgn_buy * avg / 1e6),
                    "frgn_nreg_askp_qty": "0", "frgn_nreg_bidp_qty": "0", "frgn_nreg_askp_pbmn": "0",
                    "frgn_nreg_bidp_pbmn": "0"})
        rows.append(row)
    out1 = dict(_now_fields(caller), rprs_mrkt_kor_name=s.instrument.market)
    return reply(caller, "ok_quote", output1=out1, output2=rows)


def _program(volume: int, key: str) -> tuple[int, int]:
    """Program selling and buying in a session of ``volume`` shares: 8-20% of it each way, leaning by ``key``."""
    h = _digest(key)
    share = 0.08 + (h % 1200) / 10_000
    lean = ((h >> 16) % 2001 - 1000) / 5_000
    return int(volume * share * (1 - lean)), int(volume * share * (1 + lean))


def _program_fields(sell: int, buy: int, avg: float) -> dict[str, str]:
    """Program trading fields, money in millions of won."""
    return {"whol_smtn_seln_vol": num(sell), "whol_smtn_shnu_vol": num(buy), "whol_smtn_ntby_qty": num(buy - sell),
            "whol_smtn_seln_tr_pbmn": num(sell * avg / 1e6), "whol_smtn_shnu_tr_pbmn": num(buy * avg / 1e6),
            "whol_smtn_ntby_tr_pbmn": num((buy - sell) * avg / 1e6)}


@router.get(f"{_Q}/program-trade-by-stock-daily")
def program_daily(caller: Caller = Depends(kis_request)):
    """Program trading by session up to FID_INPUT_DATE_1 (blank: today), newest first."""
    s = _state(caller, caller.param("FID_INPUT_ISCD"))
    days = _sessions(caller, s.code, _until(caller), ROWS + 1)
    rows = []
    for i, (b, prev) in enumerate(days[:ROWS]):
        avg = b.value / b.volume if b.volume else b.close
        sell, buy = _program(b.volume, f"pgm|{caller.world.market.seed}|{s.code}|{b.day}")
        before = days[i + 1][0] if i + 1 < len(days) else None
        psell, pbuy = _program(before.volume, f"pgm|{caller.world.market.seed}|{s.code}|{before.day}") if before \
            else (sell, buy)
        fields = _program_fields(sell, buy, avg)
        rows.append(dict(_day_fields(b, prev), acml_tr_pbmn=num(b.value), **fields,
                         whol_ntby_vol_icdc=num((buy - sell) - (pbuy - psell)),
                         whol_ntby_tr_pbmn_icdc2=num(((buy - sell) - (pbuy - psell)) * avg / 1e6)))
    return reply(caller, "ok_quote", output=rows)


@router.get(f"{_Q}/program-trade-by-stock")
def program_trade(caller: Caller = Depends(kis_request)):
    """Today's program trading, cumulative, one row a minute of the session so far, newest first (ROWS)."""
    s = _state(caller, caller.param("FID_INPUT_ISCD"))
    market = caller.world.market
    vols = market.minute_volumes(s.code, s.session)
    path = market.minute_path(s.code, s.session)
    sell_all, buy_all = _program(s.volume, f"pgm|{market.seed}|{s.code}|{s.session}")
    last = max(1, min(s.minute, 390))
    cum = [0]
    for v in vols[:last]:
        cum.append(cum[-1] + int(v))
    total = cum[-1] or 1
    rows = []
    for m in range(last, 0, -1)[:ROWS + 1]:
        done = cum[m] / total
        sell, buy = int(sell_all * done), int(buy_all * done)
        price = s.price if m == last else float(path[m])
        at = datetime.combine(s.session, krx.REGULAR_OPEN) + timedelta(minutes=m)
        row = {"bsop_hour": at.strftime("%H%M%S"), "stck_prpr": num(price), "prdy_vrss": num(price - s.prev_close),
               "prdy_vrss_sign": sign(price, s.prev_close),
               "prdy_ctrt": f"{(price / s.prev_close - 1) * 100 if s.prev_close else 0:.2f}",
               "acml_vol": num(int(s.volume * done)), **_program_fields(sell, buy, price)}
        rows.append((row, buy - sell, price))
    out = []
    for i, (row, net, price) in enumerate(rows[:ROWS]):
        older = rows[i + 1][1] if i + 1 < len(rows) else 0
        out.append(dict(row, whol_ntby_vol_icdc=num(net - older),
                        whol_ntby_tr_pbmn_icdc=num((net - older) * price / 1e6)))
    return reply(caller, "ok_quote", output=out)


@router.get(f"{_Q}/daily-short-sale")
def short_sale_daily(caller: Caller = Depends(kis_request)):
    """Short selling by session from FID_INPUT_DATE_1 to FID_INPUT_DATE_2 (blank: today), newest first, at most
    ROWS; the stock now in output1. Money in won; the accumulated fields count from the range's first session."""
    s = _state(caller, caller.param("FID_INPUT_ISCD"))
    end = _until(caller, "FID_INPUT_DATE_2")
    start = _yyyymmdd(caller.param("FID_INPUT_DATE_1"), end - timedelta(days=60))
    days = [(b, prev) for b, prev in _sessions(caller, s.code, end, ROWS) if b.day >= start]
    rows, acc_qty, acc_value, acc_vol, acc_tr = [], 0, 0.0, 0, 0.0
    for b, prev in reversed(days):
        h = _digest("short", caller.world.market.seed, s.code, b.day)
        qty = int(b.volume * (0.005 + (h % 600) / 10_000))
        avg = b.value / b.volume if b.volume else b.close
        value = qty * avg
        acc_qty, acc_value, acc_vol, acc_tr = acc_qty + qty, acc_value + value, acc_vol + b.volume, acc_tr + b.value
        rows.append(dict(_day_fields(b, prev), stnd_vol_smtn=num(b.volume), ssts_cntg_qty=num(qty),
                         ssts_vol_rlim=f"{qty / b.volume * 100 if b.volume else 0:.2f}",
                         acml_ssts_cntg_qty=num(acc_qty),
                         acml_ssts_cntg_qty_rlim=f"{acc_qty / acc_vol * 100 if acc_vol else 0:.2f}",
                         acml_tr_pbmn=num(b.value), stnd_tr_pbmn_smtn=num(b.value), ssts_tr_pbmn=num(value),
                         ssts_tr_pbmn_rlim=f"{value / b.value * 100 if b.value else 0:.2f}",
                         acml_ssts_tr_pbmn=num(acc_value),
                         acml_ssts_tr_pbmn_rlim=f"{acc_value / acc_tr * 100 if acc_tr else 0:.2f}",
                         stck_oprc=num(b.open), stck_hgpr=num(b.high), stck_lwpr=num(b.low), avrg_prc=num(avg)))
    return reply(caller, "ok_quote", output1=_now_fields(caller), output2=rows[::-1])


def _settles(day: date) -> date:
    """The settlement day (결제일, T+2), counting weekdays (holidays ignored)."""
    out, left = day, 2
    while left:
        out += timedelta(days=1)
        left -= out.weekday() < 5
    return out


@router.get(f"{_Q}/daily-credit-balance")
def credit_daily(caller: Caller = Depends(kis_request)):
    """Margin loans (융자) and stock loans (대주) by trading day whose settlement day is on or before
    FID_INPUT_DATE_1 (결제일자), newest first, 30 a call (KIS's figure); the next call asks from an earlier date.
    Each day's balances are drawn for that day (0.4-1.2% of listed shares on loan); money in millions of won."""
    s = _state(caller, caller.param("FID_INPUT_ISCD"))
    until = _until(caller)
    shares = s.instrument.shares or 1
    days = [(b, prev) for b, prev in _sessions(caller, s.code, until, ROWS + 3) if _settles(b.day) <= until][:ROWS]
    rows = []
    for b, prev in days:
        h = _digest("credit", caller.world.market.seed, s.code, b.day)
        loan = int(shares * (0.004 + (h % 800) / 100_000))  # the balance wanders with the day, within 0.4-1.2%
        lend = int(shares * (0.0002 + ((h >> 20) % 300) / 1_000_000))
        new, repaid = int(b.volume * (0.02 + (h >> 8) % 30 / 1000)), int(b.volume * (0.02 + (h >> 14) % 30 / 1000))
        lnew, lrepaid = new // 20, repaid // 20
        day = dict(_day_fields(b, prev, "deal_date"), stlm_date=_settles(b.day).strftime("%Y%m%d"))
        day["stck_prpr"] = day.pop("stck_clpr")  # this API names the day's close 주식 현재가
        amount = b.close / 1e6
        rows.append(dict(day, whol_loan_new_stcn=num(new), whol_loan_rdmp_stcn=num(repaid),
                         whol_loan_rmnd_stcn=num(loan), whol_loan_new_amt=num(new * amount),
                         whol_loan_rdmp_amt=num(repaid * amount), whol_loan_rmnd_amt=num(loan * amount),
                         whol_loan_rmnd_rate=f"{loan / shares * 100:.2f}",
                         whol_loan_gvrt=f"{new / b.volume * 100 if b.volume else 0:.2f}",
                         whol_stln_new_stcn=num(lnew), whol_stln_rdmp_stcn=num(lrepaid), whol_stln_rmnd_stcn=num(lend),
                         whol_stln_new_amt=num(lnew * amount), whol_stln_rdmp_amt=num(lrepaid * amount),
                         whol_stln_rmnd_amt=num(lend * amount), whol_stln_rmnd_rate=f"{lend / shares * 100:.2f}",
                         whol_stln_gvrt=f"{lnew / b.volume * 100 if b.volume else 0:.2f}",
                         stck_oprc=num(b.open), stck_hgpr=num(b.high), stck_lwpr=num(b.low)))
    return reply(caller, "ok_quote", output=rows)


@router.get("/uapi/domestic-stock/v1/ranking/volume-power")
def volume_power(caller: Caller = Depends(kis_request)):
    """Top 30 by trade strength (체결강도: buy volume / sell volume × 100), leaning with the day's move."""
    states = _ranked_states(caller)

    def strength(s) -> float:
        h = _digest("power", caller.world.market.seed, s.code, s.session)
        return max(20.0, min(500.0, 100 + s.change_pct * 8 + (h % 4001 - 2000) / 100))

    def fields(s):
        power = strength(s)
        buy = int(s.volume * power / (100 + power))
        return {"stck_shrn_iscd": s.code, "tday_rltv": f"{power:.2f}", "seln_cnqn_smtn": num(s.volume - buy),
                "shnu_cnqn_smtn": num(buy)}

    return reply(caller, "ok_quote", output=_rank_rows(states, lambda s: -strength(s), fields))
