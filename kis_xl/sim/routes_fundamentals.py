"""A company's fundamentals and KSD's dividend schedule, as KIS serves them (real domain only): financial
statements and ratios (finance/*), estimated results (estimate-perform), analysts' opinions (invest-opinion) and
예탁원정보 배당일정 (ksdinfo/dividend).

Field lists from KIS's API table (``chk_<api>.py``'s COLUMN_MAPPING); every number a string. A synthetic company's
figures follow from its code and the period alone, so every run and every kind agree (the ratios are computed from
the same statements); amounts in 억원. A period is published 45 days after it ends; a dividend is in KSD's
schedule from 60 days before its record date. What KIS's material leaves open (rows per answer, one page) is
assumed in docs/SIMULATOR.md.
"""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Depends

from .. import krx, spec
from .protocol import Caller, KisFault, kis_request, num, reply
from .routes_stocks import PAR_VALUES, _instrument
from .universe import KRX_NAMED, Instrument, _digest

router = APIRouter()
_FIN = "/uapi/domestic-stock/v1/finance"
_Q = "/uapi/domestic-stock/v1/quotations"
BAD_PARAM = spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_PARAM", 200)
PUBLISHED_AFTER = timedelta(days=45)
ANNOUNCED_BEFORE = timedelta(days=60)
YEARS, QUARTERS = 5, 8  # rows per answer


# a synthetic company --------------------------------------------------------------------------------------------
def _quarter(inst: Instrument, year: int, q: int) -> dict[str, float]:
    """One quarter's income statement and its closing balance sheet (억원)."""
    h = _digest("company", inst.code)
    qi = year * 4 + q - 1
    base = inst.ref_price * inst.shares / 1e8 * (0.1 + (h % 100) / 250)  # a quarter's sales against market cap
    rev = base * max(0.3, 1 + 0.015 * (qi - 2024 * 4)) * (1 + ((_digest("sales", inst.code, qi) % 21) - 10) / 100)
    gross = rev * (0.2 + (h % 25) / 100 + ((_digest("margin", inst.code, qi) % 11) - 5) / 100)
    sga = rev * (0.08 + ((h >> 8) % 12) / 100)
    op = gross - sga
    noi, noe = rev * 0.02, rev * 0.015
    ordinary = op + noi - noe
    assets = rev * 4 * (1.1 + ((h >> 16) % 90) / 100)
    equity = assets * (0.45 + ((h >> 24) % 30) / 100)
    cpfn = inst.shares * PAR_VALUES.get(inst.code, 500) / 1e8
    return {"sale_account": rev, "sale_cost": rev - gross, "sale_totl_prfi": gross, "depr_cost": rev * 0.05,
            "sell_mang": sga, "bsop_prti": op, "bsop_non_ernn": noi, "bsop_non_expn": noe, "op_prfi": ordinary,
            "spec_prfi": 0.0, "spec_loss": 0.0, "thtr_ntin": ordinary * 0.78,
            "cras": assets * 0.45, "fxas": assets * 0.55, "total_aset": assets, "flow_lblt": (assets - equity) * 0.6,
            "fix_lblt": (assets - equity) * 0.4, "total_lblt": assets - equity, "cpfn": cpfn, "cfp_surp": cpfn * 3,
            "prfi_surp": equity - cpfn * 4, "total_cptl": equity}


_FLOWS = ("sale_account", "sale_cost", "sale_totl_prfi", "depr_cost", "sell_mang", "bsop_prti", "bsop_non_ernn",
          "bsop_non_expn", "op_prfi", "spec_prfi", "spec_loss", "thtr_ntin")


def _period(inst: Instrument, year: int, month: int, annual: bool) -> dict[str, float]:
    """A period's figures: a year sums its quarters' statements and closes with the fourth quarter's balance."""
    if not annual:
        return _quarter(inst, year, month // 3)
    quarters = [_quarter(inst, year, q) for q in (1, 2, 3, 4)]
    return quarters[-1] | {k: sum(f[k] for f in quarters) for k in _FLOWS}


def _periods(today: date, annual: bool) -> list[tuple[int, int]]:
    """(year, month) of the published periods, newest first."""
    seen = today - PUBLISHED_AFTER
    year, month = seen.year, (seen.month - 1) // 3 * 3
    if month == 0:
        year, month = year - 1, 12
    if annual:
        return [(year - i if month == 12 else year - 1 - i, 12) for i in range(YEARS)]
    out = []
    for _ in range(QUARTERS):
        out.append((year, month))
        year, month = (year, month - 3) if month > 3 else (year - 1, 12)
    return out


def _growth(now: float, before: float) -> float:
    return (now - before) / abs(before) * 100 if before else 0.0


def _statement_rows(inst: Instrument, today: date, annual: bool, endpoint: str) -> list[dict]:
    rows = []
    per_year = 1 if annual else 4
    for year, month in _periods(today, annual):
        f, prev = _period(inst, year, month, annual), _period(inst, year - 1, month, annual)
        ni = f["thtr_ntin"]
        row = {"stac_yymm": f"{year}{month:02d}"}
        if endpoint in ("income_statement", "balance_sheet"):
            keys = _FLOWS if endpoint == "income_statement" else (
                "cras", "fxas", "total_aset", "flow_lblt", "fix_lblt", "total_lblt", "cpfn", "cfp_surp", "prfi_surp",
                "total_cptl")
            row |= {k: num(f[k], 2) for k in keys}
        elif endpoint == "financial_ratio":
            row |= {"grs": num(_growth(f["sale_account"], prev["sale_account"]), 2),
                    "bsop_prfi_inrt": num(_growth(f["bsop_prti"], prev["bsop_prti"]), 2),
                    "ntin_inrt": num(_growth(ni, prev["thtr_ntin"]), 2),
                    "roe_val": num(ni * per_year / f["total_cptl"] * 100, 2),
                    "eps": num(ni * 1e8 / inst.shares), "sps": num(f["sale_account"] * 1e8 / inst.shares),
                    "bps": num(f["total_cptl"] * 1e8 / inst.shares),
                    "rsrv_rate": num((f["cfp_surp"] + f["prfi_surp"]) / f["cpfn"] * 100, 2),
                    "lblt_rate": num(f["total_lblt"] / f["total_cptl"] * 100, 2)}
        elif endpoint == "growth_ratio":
            row |= {"grs": num(_growth(f["sale_account"], prev["sale_account"]), 2),
                    "bsop_prfi_inrt": num(_growth(f["bsop_prti"], prev["bsop_prti"]), 2),
                    "equt_inrt": num(_growth(f["total_cptl"], prev["total_cptl"]), 2),
                    "totl_aset_inrt": num(_growth(f["total_aset"], prev["total_aset"]), 2)}
        else:  # profit_ratio
            row |= {"cptl_ntin_rate": num(ni * per_year / f["total_aset"] * 100, 2),
                    "self_cptl_ntin_inrt": num(ni * per_year / f["total_cptl"] * 100, 2),
                    "sale_ntin_rate": num(ni / f["sale_account"] * 100, 2),
                    "sale_totl_rate": num(f["sale_totl_prfi"] / f["sale_account"] * 100, 2)}
        rows.append(row)
    return rows


def _statement(endpoint: str):
    def route(caller: Caller = Depends(kis_request)):
        inst = _instrument(caller, caller.param("FID_INPUT_ISCD"))
        div = caller.param("FID_DIV_CLS_CODE")
        if div not in ("0", "1"):
            raise KisFault(BAD_PARAM, tr_id=caller.tr_id, rt_cd="2")
        rows = [] if inst.kind == krx.ETP else _statement_rows(inst, caller.world.now().date(), div == "0", endpoint)
        return reply(caller, "ok_quote", output=rows)

    route.__name__ = endpoint
    return route


for _name in ("financial_ratio", "income_statement", "balance_sheet", "growth_ratio", "profit_ratio"):
    router.get(spec.ENDPOINTS[_name].path)(_statement(_name))


# analysts ---------------------------------------------------------------------------------------------------
OPINIONS = (("매수", "2"), ("BUY", "2"), ("Outperform", "2"), ("중립", "3"))


@router.get(f"{_Q}/estimate-perform")
def estimate_perform(caller: Caller = Depends(kis_request)):
    """Two settled years and three estimated ones: output2 the statement's lines, output3 the indicators'."""
    inst = _instrument(caller, caller.param("SHT_CD"))
    today = caller.world.now().date()
    last = _periods(today, True)[0][0]
    years = [last - 1, last, last + 1, last + 2, last + 3]
    figs = [_period(inst, y, 12, True) for y in years]
    prev = [_period(inst, y - 1, 12, True) for y in years]

    def line(values):
        return {f"data{i}": num(v, 2) for i, v in enumerate(values, 1)}

    statement = [line(f[k] for f in figs) for k in ("sale_account", "bsop_prti", "thtr_ntin")]
    statement += [line(_growth(f[k], p[k]) for f, p in zip(figs, prev)) for k in ("sale_account", "bsop_prti")]
    eps = [f["thtr_ntin"] * 1e8 / inst.shares for f in figs]
    indicators = [line(eps), line(inst.ref_price / e if e > 0 else 0 for e in eps),
                  line(f["thtr_ntin"] / f["total_cptl"] * 100 for f in figs),
                  line(f["total_lblt"] / f["total_cptl"] * 100 for f in figs)]
    head = {"sht_cd": inst.code, "item_kor_nm": inst.name, "estdate": (today - timedelta(days=7)).strftime("%Y%m%d"),
            "capital": num(figs[1]["cpfn"], 2), "forn_item_lmtrt": num(100, 2)}
    return reply(caller, "ok_quote", output1=head, output2=statement, output3=indicators,
                 output4=[{"dt": f"{y}12"} for y in years])


@router.get(f"{_Q}/invest-opinion")
def invest_opinion(caller: Caller = Depends(kis_request)):
    """About one report a fortnight on the trading days between the two dates, newest first."""
    inst = _instrument(caller, caller.param("FID_INPUT_ISCD"))
    first, last = (_ymd(caller, caller.param(k)[-8:]) for k in ("FID_INPUT_DATE_1", "FID_INPUT_DATE_2"))
    now = caller.world.now()
    last = min(last, now.date())
    try:
        bars = caller.world.market.bars(inst.code, first - timedelta(days=10), last, now)
    except (KeyError, ValueError, IndexError):
        bars = []
    rows = []
    for prev, bar in zip(bars, bars[1:]):
        h = _digest("opinion", inst.code, bar.day)
        if bar.day < first or h % 10:
            continue
        word, code = OPINIONS[(h >> 8) % len(OPINIONS)]
        before = OPINIONS[(h >> 16) % len(OPINIONS)]
        target = round(prev.close * (1.1 + ((h >> 24) % 35) / 100), -2)
        rows.append({"stck_bsop_date": bar.day.strftime("%Y%m%d"), "invt_opnn": word, "invt_opnn_cls_code": code,
                     "rgbf_invt_opnn": before[0], "rgbf_invt_opnn_cls_code": before[1], "hts_goal_prc": num(target),
                     "stck_prdy_clpr": num(prev.close), "stck_nday_esdg": num(prev.close - target),
                     "nday_dprt": num((prev.close - target) / target * 100, 2), "stft_esdg": "0",
                     "dprt": num((prev.close - target) / target * 100, 2)})
    return reply(caller, "ok_quote", output=rows[::-1])


def _ymd(caller: Caller, text: str) -> date:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise KisFault(spec.Message("OPSQ2001", "ERROR : INPUT INVALID_CHECK_DATE", 200), tr_id=caller.tr_id,
                       rt_cd="2") from None


# KSD's dividend schedule ----------------------------------------------------------------------------------------
def _dividends(inst: Instrument, year: int) -> list[dict]:
    """A payer's dividends with record dates in ``year``: 결산 on 31 Dec, and 중간 (30 Jun) or 분기 (quarter ends)."""
    h = _digest("dividend", inst.code)
    if inst.kind == krx.ETP or (inst.code not in KRX_NAMED and h % 10 >= 7):
        return []
    style = (h >> 4) % 4
    kinds = ([(3, "분기배당"), (6, "분기배당"), (9, "분기배당")] if style == 0 else [(6, "중간배당")] if style == 1
             else []) + [(12, "결산배당")]
    yield_pct = 0.5 + ((h >> 8) % 46) / 10
    cash = max(10, round(inst.ref_price * yield_pct / 100 / len(kinds), -1))
    par = PAR_VALUES.get(inst.code, 500)
    out = []
    for month, kind in kinds:
        record = date(year, month, 30 if month in (6, 9) else 31)
        pay = record + timedelta(days=105 if month == 12 else 45)
        out.append({"record_date": record.strftime("%Y%m%d"), "sht_cd": inst.code, "divi_kind": kind,
                    "face_val": num(par), "per_sto_divi_amt": num(cash), "divi_rate": num(cash / par * 100, 2),
                    "stk_divi_rate": num(0, 2), "divi_pay_dt": pay.strftime("%Y%m%d"), "stk_div_pay_dt": "",
                    "odd_pay_dt": "", "stk_kind": "보통", "high_divi_gb": "Y" if yield_pct >= 4 else "N"})
    return out


@router.get("/uapi/domestic-stock/v1/ksdinfo/dividend")
def ksd_dividend(caller: Caller = Depends(kis_request)):
    """Dividends by record date between F_DT and T_DT (GB1 0 all, 1 결산, 2 중간 and 분기), one stock's or those of
    every named stock; one page."""
    first, last = _ymd(caller, caller.param("F_DT")), _ymd(caller, caller.param("T_DT"))
    kind = caller.param("GB1")
    if kind not in ("0", "1", "2"):
        raise KisFault(BAD_PARAM, tr_id=caller.tr_id, rt_cd="2")
    code = caller.param("SHT_CD")
    insts = [_instrument(caller, code)] if code else [i for i in KRX_NAMED.values() if i.kind != krx.ETP]
    announced = caller.world.now().date() + ANNOUNCED_BEFORE
    rows = [r for inst in insts for y in range(first.year, last.year + 1) for r in _dividends(inst, y)
            if first.strftime("%Y%m%d") <= r["record_date"] <= min(last, announced).strftime("%Y%m%d")
            and (kind == "0" or (kind == "1") == (r["divi_kind"] == "결산배당"))]
    rows.sort(key=lambda r: (r["record_date"], r["sht_cd"]))
    return reply(caller, "ok_quote", output1=rows)
