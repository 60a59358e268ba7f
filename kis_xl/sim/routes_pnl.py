"""What the account can sell (inquire-psbl-sell) and what it made (inquire-period-profit,
inquire-period-trade-profit), as KIS serves them."""


from datetime import datetime

from fastapi import APIRouter, Depends

from .. import spec
from .protocol import Caller, KisFault, kis_request, num, paged, reply
from .routes_market import _state
from .routes_stocks import BAD_DATE, _instrument
from .routes_trading import account

router = APIRouter()
_Q = "/uapi/domestic-stock/v1/quotations"
_T = "/uapi/domestic-stock/v1/trading"


@router.get(f"{_T}/inquire-psbl-sell")
def sellable(caller: Caller = Depends(kis_request)):
    acct = account(caller)
    inst = _instrument(caller, caller.param("PDNO"))
    pos = acct.positions.get(inst.code)
    today = caller.world.now().strftime("%Y%m%d")
    bought = sum(o.filled_qty for o in acct.orders if o.code == inst.code and o.day == today and o.side == spec.SIDE_BUY)
    sold = sum(o.filled_qty for o in acct.orders if o.code == inst.code and o.day == today and o.side == spec.SIDE_SELL)
    qty, cost = (pos.qty, pos.cost) if pos else (0, 0.0)
    price = _state(caller, inst.code).price
    evlu = qty * price
    return reply(caller, "ok_query", output={
        "pdno": inst.code, "buy_qty": num(bought), "sll_qty": num(sold),
        "cblc_qty": num(qty), "nsvg_qty": "0", "ord_psbl_qty": num(max(0, qty - acct.open_sell_qty(inst.code))),
        "pchs_avg_pric": num(cost / qty if qty else 0, 4), "pchs_amt": num(cost), "now_pric": num(price),
        "evlu_amt": num(evlu), "evlu_pfls_amt": num(evlu - cost),
        "evlu_pfls_rt": f"{(evlu - cost) / cost * 100 if cost else 0:.2f}",
    })


# realised P&L --------------------------------------------------------------------------------------------
def _period(caller: Caller) -> tuple[str, str]:
    start, end = caller.param("INQR_STRT_DT"), caller.param("INQR_END_DT")
    try:
        first, last = (datetime.strptime(x, "%Y%m%d").date() for x in (start, end))
    except ValueError:
        raise KisFault(BAD_DATE, tr_id=caller.tr_id, rt_cd="2") from None
    if first > last:  # UNCONFIRMED wording: the OPSQ2001 input-check pattern
        raise KisFault(BAD_DATE, tr_id=caller.tr_id, rt_cd="2")
    return start, end


def _fills(caller: Caller) -> list[dict]:
    acct = account(caller)
    start, end = _period(caller)
    code = caller.param("PDNO")
    return [f for f in acct.fills if start <= f["day"] <= end and (not code or f["code"] == code) and not f.get("us")]


def _totals(fills: list[dict], buy_qty_key: str = "buy_qty_smtl") -> dict[str, str]:
    sells = [f for f in fills if f["side"] == spec.SIDE_SELL]
    buys = [f for f in fills if f["side"] == spec.SIDE_BUY]
    s_amt, b_amt = sum(f["qty"] * f["price"] for f in sells), sum(f["qty"] * f["price"] for f in buys)
    s_fee, b_fee = sum(f["fee"] for f in sells), sum(f["fee"] for f in buys)
    s_tax = sum(f["tax"] for f in sells)
    pnl = sum(f["qty"] * f["price"] - f["cost"] - f["fee"] - f["tax"] for f in sells)
    return {"sll_qty_smtl": num(sum(f["qty"] for f in sells)), "sll_tr_amt_smtl": num(s_amt),
            "sll_fee_smtl": num(s_fee), "sll_tltx_smtl": num(s_tax), "sll_excc_amt_smtl": num(s_amt - s_fee - s_tax),
            buy_qty_key: num(sum(f["qty"] for f in buys)), "buy_tr_amt_smtl": num(b_amt), "buy_fee_smtl": num(b_fee),
            "buy_tax_smtl": "0", "buy_excc_amt_smtl": num(b_amt + b_fee),
            "tot_qty": num(sum(f["qty"] for f in fills)), "tot_tr_amt": num(s_amt + b_amt),
            "tot_fee": num(s_fee + b_fee), "tot_tltx": num(s_tax), "tot_excc_amt": num(s_amt - b_amt - s_fee - b_fee - s_tax),
            "tot_rlzt_pfls": num(pnl), "loan_int": "0"}  # KIS lists loan_int in the totals too


def _newest_first(caller: Caller) -> bool:
    return caller.param("SORT_DVSN", "00") != "01"  # 00 and 02: newest first; 01: oldest first


@router.get(f"{_T}/inquire-period-profit")
def period_profit(caller: Caller = Depends(kis_request)):
    """Realised P&L summed by day (기간별손익일별합산): a sale's profit is its amount less the shares' average
    cost, fees and tax; output2 sums the period."""
    fills = _fills(caller)
    days: dict[str, list[dict]] = {}
    for f in fills:
        days.setdefault(f["day"], []).append(f)
    rows = []
    for day in sorted(days, reverse=_newest_first(caller)):
        fs = days[day]
        sells = [f for f in fs if f["side"] == spec.SIDE_SELL]
        buys = [f for f in fs if f["side"] == spec.SIDE_BUY]
        cost = sum(f["cost"] for f in sells)
        pnl = sum(f["qty"] * f["price"] - f["cost"] - f["fee"] - f["tax"] for f in sells)
        rows.append({"trad_dt": day, "buy_amt": num(sum(f["qty"] * f["price"] for f in buys)),
                     "sll_amt": num(sum(f["qty"] * f["price"] for f in sells)), "rlzt_pfls": num(pnl),
                     "fee": num(sum(f["fee"] for f in fs)), "loan_int": "0", "tl_tax": num(sum(f["tax"] for f in fs)),
                     "pfls_rt": f"{pnl / cost * 100 if cost else 0:.2f}",
                     "sll_qty1": num(sum(f["qty"] for f in sells)), "buy_qty1": num(sum(f["qty"] for f in buys))})
    return paged(caller, rows, spec.ENDPOINTS["period_profit"].rows(caller.domain), list_key="output1",
                 output2=_totals(fills), fk_keys=("CANO", "ACNT_PRDT_CD", "INQR_STRT_DT", "INQR_END_DT"))


@router.get(f"{_T}/inquire-period-trade-profit")
def period_trade_profit(caller: Caller = Depends(kis_request)):
    """Realised P&L by day and stock (기간별매매손익현황): what was bought and sold of each, the sale's profit
    against the average cost, fees and tax."""
    fills = _fills(caller)
    positions = account(caller).positions
    groups: dict[tuple[str, str], list[dict]] = {}
    for f in fills:
        groups.setdefault((f["day"], f["code"]), []).append(f)
    rows = []
    for day, code in sorted(groups, reverse=_newest_first(caller)):
        fs = groups[(day, code)]
        sells = [f for f in fs if f["side"] == spec.SIDE_SELL]
        buys = [f for f in fs if f["side"] == spec.SIDE_BUY]
        s_qty, b_qty = sum(f["qty"] for f in sells), sum(f["qty"] for f in buys)
        s_amt, b_amt = sum(f["qty"] * f["price"] for f in sells), sum(f["qty"] * f["price"] for f in buys)
        cost = sum(f["cost"] for f in sells)
        pnl = s_amt - cost - sum(f["fee"] + f["tax"] for f in sells)
        rows.append({"trad_dt": day, "pdno": code, "prdt_name": fs[0]["name"], "trad_dvsn_name": "현금",
                     "loan_dt": "", "hldg_qty": num(positions[code].qty if code in positions else 0),
                     "pchs_unpr": num(cost / s_qty if s_qty else (b_amt / b_qty if b_qty else 0), 4),
                     "buy_qty": num(b_qty), "buy_amt": num(b_amt), "sll_pric": num(s_amt / s_qty if s_qty else 0, 4),
                     "sll_qty": num(s_qty), "sll_amt": num(s_amt), "rlzt_pfls": num(pnl),
                     "pfls_rt": f"{pnl / cost * 100 if cost else 0:.2f}", "fee": num(sum(f["fee"] for f in fs)),
                     "tl_tax": num(sum(f["tax"] for f in fs)), "loan_int": "0"})
    totals = _totals(fills, "buyqty_smtl")
    cost = sum(f["cost"] for f in fills if f["side"] == spec.SIDE_SELL)
    totals["tot_pftrt"] = f"{float(totals['tot_rlzt_pfls']) / cost * 100 if cost else 0:.2f}"
    return paged(caller, rows, spec.ENDPOINTS["period_trade_profit"].rows(caller.domain), list_key="output1",
                 output2=totals, fk_keys=("CANO", "ACNT_PRDT_CD", "INQR_STRT_DT", "INQR_END_DT"))
