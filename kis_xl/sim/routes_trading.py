"""Domestic trading endpoints: balance, buying power, cash orders, modify/cancel, daily orders.

Request keys and response fields follow KIS's samples (inquire_balance, inquire_psbl_order, order_cash,
order_rvsecncl, inquire_psbl_rvsecncl, inquire_daily_ccld). Success messages differ by domain:
APBK0013 on real, 40600000 on mock. Orders carry their venue (EXCG_ID_DVSN_CD KRX, NXT, SOR; the mock
domain KRX only), and the order lists show it. The US account is in routes_overseas; reservations in
routes_reserve.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends

from .. import sessions, spec
from ..venues import KRX, NXT, ORDER_VENUES
from .accounts import Account, SimOrder
from .protocol import Caller, KisFault, Reset, kis_request, num, paged, reply

router = APIRouter()
_T = "/uapi/domestic-stock/v1/trading"
SIDE_NAMES = {spec.SIDE_SELL: "매도", spec.SIDE_BUY: "매수"}


def account(caller: Caller) -> Account:
    trading = caller.world.trading
    return trading.account(caller.domain, caller.app_key, caller.param("CANO"), caller.param("ACNT_PRDT_CD"),
                           caller.tr_id)


PRICE_VENUES = {"N": KRX, "X": NXT}  # AFHR_FLPR_YN: the price holdings are valued at (Y: 시간외 단일가)


def _valuation(caller: Caller, code: str, now) -> float:
    """The price a holding is valued at: KRX's (N), NXT's (X, where Nextrade lists it), or the latest 시간외
    단일가 auction of the day (Y; the close before its first)."""
    how = caller.param("AFHR_FLPR_YN", "N").upper()
    state = caller.world.market.quote(code, now)
    if how == "X" and state.instrument.nxt:
        return caller.world.tracks.venue_state(code, NXT, now).price
    if how == "Y" and sessions.KRX_SINGLE.hours(state.session):
        single = caller.world.tracks.track(code, sessions.KRX_SINGLE, state.session)
        return float(single.prices[single.done(now)])
    return state.price


def _krx_positions(caller: Caller, acct: Account) -> list[dict]:
    now = caller.world.now()
    if caller.param("AFHR_FLPR_YN", "N").upper() not in ("N", "Y", "X"):
        raise input_error(caller, "AFHR_FLPR_YN")
    rows = []
    for pos in sorted(acct.positions.values(), key=lambda p: p.code):
        if pos.market != "KRX":
            continue
        price = _valuation(caller, pos.code, now)
        evlu = pos.qty * price
        pnl = evlu - pos.cost
        rows.append({
            "pdno": pos.code, "prdt_name": pos.name, "trad_dvsn_name": "현금", "bfdy_buy_qty": "0",
            "bfdy_sll_qty": "0", "thdt_buyqty": "0", "thdt_sll_qty": "0", "hldg_qty": num(pos.qty),
            "ord_psbl_qty": num(pos.qty - acct.open_sell_qty(pos.code)),
            "pchs_avg_pric": num(pos.cost / pos.qty, 4), "pchs_amt": num(pos.cost), "prpr": num(price),
            "evlu_amt": num(evlu), "evlu_pfls_amt": num(pnl), "evlu_pfls_rt": f"{pnl / pos.cost * 100:.2f}",
            "evlu_erng_rt": "0.00000000", "loan_dt": "", "loan_amt": "0", "stln_slng_chgs": "0", "expd_dt": "",
            "fltt_rt": "0.00000000", "bfdy_cprs_icdc": "0", "item_mgna_rt_name": "", "grta_rt_name": "",
            "sbst_pric": "0", "stck_loan_unpr": "0",
        })
    return rows


@router.get(f"{_T}/inquire-balance")
def balance(caller: Caller = Depends(kis_request)):
    acct = account(caller)
    rows = _krx_positions(caller, acct)
    evlu = sum(float(r["evlu_amt"]) for r in rows)
    cost = sum(float(r["pchs_amt"]) for r in rows)
    cash = acct.cash
    summary = {
        "dnca_tot_amt": num(cash), "nxdy_excc_amt": num(cash), "prvs_rcdl_excc_amt": num(cash), "cma_evlu_amt": "0",
        "bfdy_buy_amt": "0", "thdt_buy_amt": num(sum(o.filled_amount for o in acct.orders if o.side == "02"
                                                     and not o.is_us)),
        "nxdy_auto_rdpt_amt": "0", "bfdy_sll_amt": "0",
        "thdt_sll_amt": num(sum(o.filled_amount for o in acct.orders if o.side == "01" and not o.is_us)),
        "d2_auto_rdpt_amt": "0", "bfdy_tlex_amt": "0", "thdt_tlex_amt": num(acct.fees_today), "tot_loan_amt": "0",
        "scts_evlu_amt": num(evlu), "tot_evlu_amt": num(evlu + cash), "nass_amt": num(evlu + cash),
        "fncg_gld_auto_rdpt_yn": "", "pchs_amt_smtl_amt": num(cost), "evlu_amt_smtl_amt": num(evlu),
        "evlu_pfls_smtl_amt": num(evlu - cost), "tot_stln_slng_chgs": "0", "bfdy_tot_asst_evlu_amt": num(evlu + cash),
        "asst_icdc_amt": "0", "asst_icdc_erng_rt": "0.00000000",
    }
    size = spec.ENDPOINTS["balance"].rows(caller.domain)
    return paged(caller, rows, size, list_key="output1", output2=[summary],
                 fk_keys=("CANO", "ACNT_PRDT_CD", "AFHR_FLPR_YN", "OFL_YN", "INQR_DVSN", "UNPR_DVSN",
                          "FUND_STTL_ICLD_YN"))


@router.get(f"{_T}/inquire-psbl-order")
def buying_power(caller: Caller = Depends(kis_request)):
    acct = account(caller)
    trading = caller.world.trading
    code = caller.param("PDNO")
    cash = acct.cash - acct.open_buy_reserve(False)
    try:
        state = caller.world.market.quote(code, caller.world.now()) if code else None
    except KeyError:
        raise KisFault("invalid_code", tr_id=caller.tr_id, rt_cd="2") from None
    price_text = caller.param("ORD_UNPR")
    market = caller.param("ORD_DVSN") in ("01", "03", "04") or not price_text or float(price_text or 0) <= 0
    price = (state.upper_limit if market else float(price_text)) if state else 0
    qty = int(cash // (price * (1 + trading.commission))) if price else 0
    return reply(caller, "ok_query", output={
        "ord_psbl_cash": num(cash), "ord_psbl_sbst": "0", "ruse_psbl_amt": "0", "fund_rpch_chgs": "0",
        "psbl_qty_calc_unpr": num(price), "nrcvb_buy_amt": num(qty * price), "nrcvb_buy_qty": num(qty),
        "max_buy_amt": num(qty * price), "max_buy_qty": num(qty), "cma_evlu_amt": "0",
        "ovrs_re_use_amt_wcrc": "0", "ord_psbl_frcr_amt_wcrc": "0",
    })


def before_booking(caller: Caller) -> None:
    """Faults before the order is booked: nothing happened (a cut connection, or a token expiring under it)."""
    faults = caller.world.faults
    if faults.take("order_reset_before"):
        raise Reset()
    if faults.take("order_token_expired"):
        caller.world.expire_under(caller.token)
        raise KisFault("token_expired", tr_id=caller.tr_id)


def twin(caller: Caller, place) -> None:
    """Another program on the same account (an HTS, a second script) books the same order just before ours."""
    if caller.world.faults.take("twin_orders"):
        try:
            place().foreign = True
        except KisFault:
            pass  # the other program's order was refused: only ours remains


async def booked(caller: Caller, book):
    """``book()`` meets the order faults: another program's twin booked first, then ours, then the answer may be
    lost or withheld (``after_booking``). Returns what ours booked."""
    twin(caller, book)
    done = book()
    await after_booking(caller)
    return done


async def after_booking(caller: Caller) -> None:
    """The order is booked; a fault may now lose or withhold the answer (the client cannot tell which)."""
    faults = caller.world.faults
    if faults.take("order_reset_after"):
        raise Reset()
    if faults.take("order_error_after"):
        raise KisFault("server_error", tr_id=caller.tr_id)
    if faults.take("order_timeout_after"):
        await asyncio.sleep(faults.order_hold)
    if faults.order_reply_delay:
        await asyncio.sleep(faults.order_reply_delay)


def venue_of(caller: Caller, allowed: tuple[str, ...] = ORDER_VENUES) -> str:
    """EXCG_ID_DVSN_CD (KRX when absent, as older clients send nothing); the mock domain takes KRX only."""
    venue = caller.param("EXCG_ID_DVSN_CD", KRX).upper()
    if venue not in allowed or (caller.domain == spec.MOCK and venue != KRX):
        raise input_error(caller, "EXCG_ID_DVSN_CD")
    return venue


def ack(caller: Caller, order: SimOrder, buy: bool, modify: bool = False):
    if caller.domain == spec.MOCK:
        msg = "ok_modify_mock" if modify else ("ok_order_mock_buy" if buy else "ok_order_mock_sell")
    else:
        msg = "ok_order"
    return reply(caller, msg, output={"KRX_FWDG_ORD_ORGNO": order.branch, "ODNO": order.order_no,
                                      "ORD_TMD": order.time})


@router.post(f"{_T}/order-cash")
async def order_cash(caller: Caller = Depends(kis_request)):
    acct = account(caller)
    before_booking(caller)
    buy = caller.endpoint == "order_buy"
    venue = venue_of(caller)
    order = await booked(caller, lambda: caller.world.trading.place(
        acct, domain=caller.domain, tr_id=caller.tr_id, side=spec.SIDE_BUY if buy else spec.SIDE_SELL,
        code=caller.param("PDNO").upper(), ord_dvsn=caller.param("ORD_DVSN", "00"), qty_text=caller.param("ORD_QTY"),
        price_text=caller.param("ORD_UNPR", "0"), stop_text=caller.param("CNDT_PRIC"), venue=venue))
    return ack(caller, order, buy)


def input_error(caller: Caller, field: str) -> KisFault:
    """KIS's answer to an input it does not accept: OPSQ2001 "INVALID_CHECK_<FIELD>" with rt_cd "2"."""
    return KisFault(spec.Message("OPSQ2001", f"ERROR : INPUT INVALID_CHECK_{field}", 200), tr_id=caller.tr_id,
                    rt_cd="2")


def is_cancel(caller: Caller) -> bool:
    """RVSE_CNCL_DVSN_CD: 01 modify, 02 cancel; anything else is refused."""
    kind = caller.param("RVSE_CNCL_DVSN_CD")
    if kind not in ("01", "02"):
        raise input_error(caller, "RVSE_CNCL_DVSN_CD")
    return kind == "02"


@router.post(f"{_T}/order-rvsecncl")
async def order_revise(caller: Caller = Depends(kis_request)):
    acct = account(caller)
    before_booking(caller)
    cancel = is_cancel(caller)
    order = caller.world.trading.revise(
        acct, domain=caller.domain, tr_id=caller.tr_id, order_no=caller.param("ORGN_ODNO"), cancel=cancel,
        all_qty=caller.param("QTY_ALL_ORD_YN", "N").upper() == "Y", qty_text=caller.param("ORD_QTY", "0"),
        price_text=caller.param("ORD_UNPR", "0"), ord_dvsn=caller.param("ORD_DVSN", "00"), venue=venue_of(caller))
    await after_booking(caller)
    return ack(caller, order, order.side == spec.SIDE_BUY, modify=True)


def _order_row(o: SimOrder) -> dict:
    avg = o.filled_amount / o.filled_qty if o.filled_qty else 0
    return {
        "ord_dt": o.day, "ord_gno_brno": o.branch, "odno": o.order_no, "orgn_odno": o.orig_order_no,
        "ord_dvsn_name": spec.ORDER_TYPES.get(o.ord_dvsn, ""), "sll_buy_dvsn_cd": o.side,
        "sll_buy_dvsn_cd_name": SIDE_NAMES[o.side], "pdno": o.code, "prdt_name": o.name, "ord_qty": num(o.qty),
        "ord_unpr": num(o.price), "ord_tmd": o.time, "tot_ccld_qty": num(o.filled_qty), "avg_prvs": num(avg),
        "cncl_yn": "Y" if o.cancelled_qty else "N", "tot_ccld_amt": num(o.filled_amount), "loan_dt": "",
        "ordr_empno": "", "ord_dvsn_cd": o.ord_dvsn, "cnc_cfrm_qty": num(o.cancelled_qty),
        "rmn_qty": num(o.remaining if o.working else 0), "rjct_qty": num(o.rejected_qty), "ccld_cndt_name": "없음",
        "inqr_ip_addr": "", "cpbc_ordp_ord_rcit_dvsn_cd": "", "cpbc_ordp_infm_mthd_dvsn_cd": "", "infm_tmd": "",
        "ctac_tlno": "", "prdt_type_cd": "300", "excg_dvsn_cd": "01", "cpbc_ordp_mtrl_dvsn_cd": "",
        "ord_orgno": o.branch, "rsvn_ord_end_dt": "", "excg_id_dvsn_Cd": o.venue, "stpm_cndt_pric": num(o.stop_price),
        "stpm_efct_occr_dtmd": o.triggered,
    }


@router.get(f"{_T}/inquire-daily-ccld")
def daily_orders(caller: Caller = Depends(kis_request)):
    acct = account(caller)
    start, end = caller.param("INQR_STRT_DT"), caller.param("INQR_END_DT")
    side, code, odno = caller.param("SLL_BUY_DVSN_CD", "00"), caller.param("PDNO"), caller.param("ODNO")
    ccld = caller.param("CCLD_DVSN", "00")
    venue = venue_of(caller, (*ORDER_VENUES, "ALL"))
    orders = [o for o in acct.orders if not o.is_us and venue in ("ALL", o.venue)
              and (not start or o.day >= start) and (not end or o.day <= end)
              and side in ("", "00", o.side) and (not code or o.code == code)
              and (not odno or o.order_no.lstrip("0") == odno.lstrip("0"))
              and (ccld in ("", "00") or (ccld == "01" and o.filled_qty) or (ccld == "02" and o.working))]
    if caller.param("INQR_DVSN", "00") != "01":
        orders = orders[::-1]
    rows = [_order_row(o) for o in orders]
    filled_amt = sum(o.filled_amount for o in orders)
    filled_qty = sum(o.filled_qty for o in orders)
    totals = {"tot_ord_qty": num(sum(o.qty for o in orders)), "tot_ccld_qty": num(filled_qty),
              "tot_ccld_amt": num(filled_amt), "prsm_tlex_smtl": num(sum(o.fees for o in orders)),
              "pchs_avg_pric": num(filled_amt / filled_qty if filled_qty else 0, 4)}
    size = spec.ENDPOINTS["daily_orders"].rows(caller.domain)
    return paged(caller, rows, size, list_key="output1", output2=totals,
                 fk_keys=("CANO", "ACNT_PRDT_CD", "INQR_STRT_DT", "INQR_END_DT"))


@router.get(f"{_T}/inquire-psbl-rvsecncl")
def modifiable(caller: Caller = Depends(kis_request)):
    acct = account(caller)
    side = caller.param("INQR_DVSN_2", "0")
    wanted = {"0": None, "1": spec.SIDE_SELL, "2": spec.SIDE_BUY}.get(side)
    rows = []
    for o in acct.orders:
        if o.is_us or not o.working or (wanted and o.side != wanted):
            continue
        rows.append({"ord_gno_brno": o.branch, "odno": o.order_no, "orgn_odno": o.orig_order_no,
                     "ord_dvsn_name": spec.ORDER_TYPES.get(o.ord_dvsn, ""), "pdno": o.code, "prdt_name": o.name,
                     "rvse_cncl_dvsn_name": "", "ord_qty": num(o.qty), "ord_unpr": num(o.price), "ord_tmd": o.time,
                     "tot_ccld_qty": num(o.filled_qty), "tot_ccld_amt": num(o.filled_amount),
                     "psbl_qty": num(o.remaining), "sll_buy_dvsn_cd": o.side, "ord_dvsn_cd": o.ord_dvsn,
                     "mgco_aptm_odno": "", "excg_dvsn_cd": "01", "excg_id_dvsn_cd": o.venue,
                     "excg_id_dvsn_name": spec.EXCHANGE_NAMES[o.venue], "stpm_cndt_pric": num(o.stop_price),
                     "stpm_efct_occr_yn": "Y" if o.triggered else "N"})
    return paged(caller, rows, spec.ENDPOINTS["pending"].rows(caller.domain), list_key="output",
                 fk_keys=("CANO", "ACNT_PRDT_CD"))
