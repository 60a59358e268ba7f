"""KSD's schedules of the events a holder acts on (예탁원정보: 무상증자, 유상증자, 액면교체, 합병/분할, 자본감소,
주주총회, 주식매수청구) and the dividend-rate ranking (배당률 상위), as KIS serves them (real domain only).

Field lists from KIS's API table (``chk_<api>.py``'s COLUMN_MAPPING); every number a string. A named stock's events
follow from its code and the year alone: every year an AGM (정기주주총회, record date 31 Dec, held in March), and now
and then, drawn per code, kind and year, one of the others. Like the dividend schedule, an event is in KSD's schedule
from 60 days before its record date; one page an answer. What was assumed is in docs/SIMULATOR.md.
"""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Depends

from .. import krx, spec
from .protocol import Caller, KisFault, kis_request, num, reply
from .routes_fundamentals import ANNOUNCED_BEFORE, BAD_PARAM, _dividends, _ymd
from .routes_stocks import PAR_VALUES, _instrument
from .universe import KRX_NAMED, Instrument, _digest

router = APIRouter()
ODDS = {"bonus": 9, "rights": 8, "split": 12, "merger": 15, "reduction": 20, "meeting": 5}  # one year in N (임시)
# appraisal (주식매수청구) comes with each merger
RANK_MARKETS = {"0": ("KOSPI", "KOSDAQ"), "1": ("KOSPI",), "2": ("KOSPI",), "3": ("KOSDAQ",)}
RANK_ROWS = 100


def _ymd8(day: date) -> str:
    return day.strftime("%Y%m%d")


def _event_day(inst: Instrument, kind: str, year: int) -> tuple[date, int] | None:
    """The record date of ``kind``'s event for ``inst`` in ``year`` (and its digest), when it has one."""
    h = _digest("event", kind, inst.code, year)
    if h % ODDS[kind]:
        return None
    day = date(year, 1 + (h >> 8) % 12, 1 + (h >> 16) % 28)
    while not krx.is_trading_day(day):
        day += timedelta(days=1)
    return day, h


def _rows(inst: Instrument, kind: str, year: int) -> list[dict]:
    """``inst``'s events of ``kind`` with a record date in ``year`` as KIS's rows."""
    if inst.kind == krx.ETP:
        return []
    par = PAR_VALUES.get(inst.code, 500)
    base = {"sht_cd": inst.code}
    out = []
    if kind == "meeting":
        agm = date(year, 3, 14 + _digest("agm", inst.code, year) % 14)
        out.append(base | {"record_date": _ymd8(date(year - 1, 12, 31)), "gen_meet_dt": _ymd8(agm),
                           "gen_meet_type": "정기주주총회", "agenda": "재무제표 승인, 이사 선임",
                           "vote_tot_qty": num(inst.shares * 0.97)})
    drawn = _event_day(inst, "merger" if kind == "appraisal" else kind, year)  # a merger's dissenters may sell back
    if drawn is None:
        return out
    day, h = drawn
    ex = krx.previous_trading_day(day)
    later = day + timedelta(days=20 + h % 10)
    if kind == "meeting":
        out.append(base | {"record_date": _ymd8(day), "gen_meet_dt": _ymd8(day + timedelta(days=45)),
                           "gen_meet_type": "임시주주총회", "agenda": "정관 변경", "vote_tot_qty": num(inst.shares * 0.97)})
    elif kind == "bonus":
        rate = (0.5, 1.0, 0.2)[(h >> 24) % 3]
        out.append(base | {"record_date": _ymd8(day), "fix_rate": num(rate, 4), "odd_rec_price": num(inst.ref_price),
                           "right_dt": _ymd8(ex), "odd_pay_dt": _ymd8(later), "list_date": _ymd8(later),
                           "tot_issue_stk_qty": num(inst.shares), "issue_stk_qty": num(inst.shares * rate),
                           "stk_kind": "보통"})
    elif kind == "rights":
        rate, disc = 0.1 + (h >> 24) % 20 / 100, 15 + (h >> 32) % 11
        price = round(inst.ref_price * (1 - disc / 100), -1)
        sub = day + timedelta(days=35)
        out.append(base | {"record_date": _ymd8(day), "tot_issue_stk_qty": num(inst.shares),
                           "issue_stk_qty": num(inst.shares * rate), "fix_rate": num(rate, 4),
                           "disc_rate": num(disc, 2), "fix_price": num(price), "right_dt": _ymd8(ex),
                           "sub_term_ft": _ymd8(sub), "sub_term": _ymd8(sub + timedelta(days=1)),
                           "list_date": _ymd8(sub + timedelta(days=21)), "stk_kind": "보통"})
    elif kind == "split":
        after = par // 10 if par >= 1000 else par * 5
        out.append(base | {"record_date": _ymd8(day), "inter_bf_face_amt": num(par), "inter_af_face_amt": num(after),
                           "td_stop_dt": f"{_ymd8(ex)}~{_ymd8(later)}", "list_dt": _ymd8(later)})
    elif kind == "merger":
        rate = 0.25 + (h >> 24) % 50 / 100
        out.append(base | {"record_date": _ymd8(day), "opp_cust_cd": f"9{inst.code[1:]}",
                           "opp_cust_nm": f"{inst.name}홀딩스", "cust_cd": inst.code, "cust_nm": inst.name,
                           "merge_type": "흡수합병", "merge_rate": num(rate, 4),
                           "td_stop_dt": f"{_ymd8(ex)}~{_ymd8(later)}", "list_dt": _ymd8(later),
                           "odd_amt_pay_dt": _ymd8(later), "tot_issue_stk_qty": num(inst.shares),
                           "issue_stk_qty": num(inst.shares * rate), "seq": "1"})
    elif kind == "appraisal":
        meet = day + timedelta(days=40)
        out.append(base | {"record_date": _ymd8(day), "stk_kind": "보통",
                           "opp_opi_rcpt_term": _ymd8(meet - timedelta(days=1)),
                           "buy_req_rcpt_term": _ymd8(meet + timedelta(days=20)),
                           "buy_req_price": num(round(inst.ref_price * 0.95, -1)),
                           "buy_amt_pay_dt": _ymd8(meet + timedelta(days=50)), "meet_dt": _ymd8(meet)})
    else:  # reduction
        rate = (0.5, 0.2, 0.1)[(h >> 24) % 3]
        out.append(base | {"record_date": _ymd8(day), "stk_kind": "보통", "reduce_cap_type": "무상감자",
                           "reduce_cap_rate": num(rate, 4), "comp_way": "주식병합",
                           "td_stop_dt": f"{_ymd8(ex)}~{_ymd8(later)}", "list_dt": _ymd8(later)})
    return out


def _schedule(kind: str, date_key: str = "record_date"):
    """A KSD schedule's route: the rows of one stock (SHT_CD) or of every named stock with ``date_key`` between
    F_DT and T_DT and a record date at most 60 days ahead, by that date."""

    def route(caller: Caller = Depends(kis_request)):
        first, last = _ymd(caller, caller.param("F_DT")), _ymd(caller, caller.param("T_DT"))
        code = caller.param("SHT_CD").strip()
        insts = [_instrument(caller, code)] if code else [i for i in KRX_NAMED.values() if i.kind != krx.ETP]
        key = _dated(caller, kind, date_key)
        horizon = _ymd8(caller.world.now().date() + ANNOUNCED_BEFORE)
        rows = [r for inst in insts for y in range(first.year - 1, last.year + 2) for r in _rows(inst, kind, y)
                if _ymd8(first) <= r[key] <= _ymd8(last) and r["record_date"] <= horizon]
        rows.sort(key=lambda r: (r[key], r["sht_cd"]))
        return reply(caller, "ok_quote", output1=rows)

    route.__name__ = f"ksd_{kind}"
    return route


def _dated(caller: Caller, kind: str, default: str) -> str:
    """Which date F_DT/T_DT bound: paidin-capin's GB1 (1 청약일별, 2 기준일별); rev-split checks MARKET_GB."""
    if kind == "rights":
        gb1 = caller.param("GB1")
        if gb1 not in ("1", "2"):
            raise KisFault(BAD_PARAM, tr_id=caller.tr_id, rt_cd="2")
        return "sub_term_ft" if gb1 == "1" else "record_date"
    if kind == "split" and caller.param("MARKET_GB") not in ("0", "1", "2"):
        raise KisFault(BAD_PARAM, tr_id=caller.tr_id, rt_cd="2")
    return default


for _kind, _name in (("bonus", "ksd_bonus_issue"), ("rights", "ksd_paidin_capin"), ("split", "ksd_rev_split"),
                     ("merger", "ksd_merger_split"), ("appraisal", "ksd_purreq"),
                     ("reduction", "ksd_cap_dcrs"), ("meeting", "ksd_sharehld_meet")):
    router.get(spec.ENDPOINTS[_name].path)(_schedule(_kind))


@router.get(spec.ENDPOINTS["dividend_rate_rank"].path)
def dividend_rate(caller: Caller = Depends(kis_request)):
    """배당률 상위: the named stocks' dividends with a record date between F_DT and T_DT by rate (divi_rate),
    highest first; GB3 1 (주식배당) finds none (no synthetic stock pays in shares); one page of at most 100."""
    first, last = _ymd(caller, caller.param("F_DT")), _ymd(caller, caller.param("T_DT"))
    gb1, gb3, gb4 = caller.param("GB1"), caller.param("GB3"), caller.param("GB4")
    if gb1 not in RANK_MARKETS or gb3 not in ("1", "2") or gb4 not in ("0", "1", "2"):
        raise KisFault(BAD_PARAM, tr_id=caller.tr_id, rt_cd="2")
    rows = [] if gb3 == "1" else [
        r for inst in KRX_NAMED.values() if inst.kind != krx.ETP and inst.market in RANK_MARKETS[gb1]
        for y in range(first.year, last.year + 1) for r in _dividends(inst, y)
        if _ymd8(first) <= r["record_date"] <= _ymd8(last)
        and (gb4 == "0" or (gb4 == "1") == (r["divi_kind"] == "결산배당"))]
    rows.sort(key=lambda r: (-float(r["divi_rate"]), r["record_date"], r["sht_cd"]))
    return reply(caller, "ok_quote", output=[
        {"rank": str(i), "sht_cd": r["sht_cd"], "record_date": r["record_date"],
         "per_sto_divi_amt": r["per_sto_divi_amt"], "divi_rate": r["divi_rate"], "divi_kind": r["divi_kind"]}
        for i, r in enumerate(rows[:RANK_ROWS], 1)])
