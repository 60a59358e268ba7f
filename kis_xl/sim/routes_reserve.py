"""Reservation endpoints (예약주문), domestic and US: take, list, modify/cancel.

Request keys and response fields follow KIS's samples (``examples_llm/domestic_stock/order_resv``,
``order_resv_ccnl``, ``order_resv_rvsecncl``; ``examples_llm/overseas_stock/order_resv``, ``order_resv_list``,
``order_resv_ccnl``). Taking, modifying and cancelling meet the order faults (before booking, a twin, after
booking), as orders do. The books and their rules are in ``reservations.py``.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from .. import spec
from ..models import KR, US
from . import reservations as books
from .accounts import US_EXCHANGES
from .protocol import Caller, KisFault, kis_request, num, paged, reply
from .routes_overseas import MARKET_NAMES, PRODUCT_TYPES
from .routes_trading import (
    SIDE_NAMES,
    account,
    after_booking,
    before_booking,
    booked,
    input_error,
)

router = APIRouter()
_T = "/uapi/domestic-stock/v1/trading"
_O = "/uapi/overseas-stock/v1/trading"
RESULTS = {books.WAITING: "미처리", books.SENT: "처리", books.CANCELLED: "취소", books.REJECTED: "거부"}
US_STATES = {books.WAITING: ("01", "접수"), books.SENT: ("02", "전송"), books.CANCELLED: ("03", "취소"),
             books.REJECTED: ("04", "거부")}


def _side(caller: Caller, key: str = "SLL_BUY_DVSN_CD") -> str:
    side = caller.param(key)
    if side not in (spec.SIDE_SELL, spec.SIDE_BUY):
        raise input_error(caller, key)
    return side


def _domestic(caller: Caller, r: books.SimReservation | None = None) -> tuple:
    """A domestic reservation's terms from the request (a modification's fall back on the reservation's)."""
    code = caller.param("PDNO", r.code if r else "").upper()
    if caller.world.market.instrument(code) is None:
        raise KisFault("invalid_code", tr_id=caller.tr_id, rt_cd="2")
    if caller.param("ORD_OBJT_CBLC_DVSN_CD", "10") != "10":  # cash only: no loans are modelled
        raise input_error(caller, "ORD_OBJT_CBLC_DVSN_CD")
    qty, price, end = books.domestic_terms(
        caller.world, tr_id=caller.tr_id, code=code, ord_dvsn=caller.param("ORD_DVSN_CD", r.ord_dvsn if r else ""),
        qty_text=caller.param("ORD_QTY", str(r.qty) if r else ""), price_text=caller.param("ORD_UNPR", "0"),
        end_text=caller.param("RSVN_ORD_END_DT"), now=caller.world.now())
    return code, caller.world.market.instrument(code).name, qty, price, end


def _waiting(caller: Caller, book: str, number_key: str, day_key: str):
    """The account and the reservation a change names (its number, the day it was taken), after the faults before
    booking, while its window is open."""
    acct = account(caller)
    before_booking(caller)
    books.check_window(book, caller.world.now(), caller.tr_id)
    return acct, books.find(acct, book, caller.param(number_key), caller.param(day_key), caller.tr_id)


@router.post(f"{_T}/order-resv")
async def reserve(caller: Caller = Depends(kis_request)):
    acct = account(caller)
    before_booking(caller)
    books.check_window(KR, caller.world.now(), caller.tr_id)
    side = _side(caller)
    code, name, qty, price, end = _domestic(caller)
    r = await booked(caller, lambda: books.take(
        caller.world.trading, acct, domain=caller.domain, book=KR, code=code, name=name, side=side,
        ord_dvsn=caller.param("ORD_DVSN_CD"), qty=qty, price=price, end_date=end))
    return reply(caller, "ok_order", output={"RSVN_ORD_SEQ": r.number})


@router.post(f"{_T}/order-resv-rvsecncl")
async def reserve_change(caller: Caller = Depends(kis_request)):
    """CTSC0009U cancels, CTSC0013U modifies a reservation still waiting, while the window is open."""
    acct, r = _waiting(caller, KR, "RSVN_ORD_SEQ", "RSVN_ORD_ORD_DT")
    if caller.endpoint == "reserve_cancel":
        books.cancel(caller.world.trading, r)
    else:
        side = _side(caller) if caller.param("SLL_BUY_DVSN_CD") else r.side
        code, name, qty, price, end = _domestic(caller, r)
        books.modify(caller.world.trading, r, code=code, name=name, side=side,
                     ord_dvsn=caller.param("ORD_DVSN_CD", r.ord_dvsn), qty=qty, price=price, end_date=end)
    await after_booking(caller)
    return reply(caller, "ok_reservation_change", output={"nrml_prcs_yn": "Y"})


def _domestic_row(acct, r: books.SimReservation) -> dict:
    orders = books.orders_of(acct, r)
    filled, amount = sum(o.filled_qty for o in orders), sum(o.filled_amount for o in orders)
    cancelled_day, cancelled_time = (r.cancelled.split() + ["", ""])[:2]
    return {
        "rsvn_ord_seq": r.number, "rsvn_ord_ord_dt": r.placed, "rsvn_ord_rcit_dt": r.placed, "pdno": r.code,
        "ord_dvsn_cd": r.ord_dvsn, "ord_rsvn_qty": num(r.qty), "tot_ccld_qty": num(filled),
        "cncl_ord_dt": cancelled_day, "ord_tmd": r.order_time, "ctac_tlno": "", "rjct_rson2": r.reason,
        "odno": r.order_no, "rsvn_ord_rcit_tmd": r.placed_time, "kor_item_shtn_name": r.name,
        "sll_buy_dvsn_cd": r.side, "ord_rsvn_unpr": num(r.price), "tot_ccld_amt": num(amount), "loan_dt": "",
        "cncl_rcit_tmd": cancelled_time, "prcs_rslt": RESULTS[r.status],
        "ord_dvsn_name": spec.ORDER_TYPES.get(r.ord_dvsn, ""), "tmnl_mdia_kind_cd": "00", "rsvn_end_dt": r.end_date,
    }


@router.get(f"{_T}/order-resv-ccnl")
def domestic_list(caller: Caller = Depends(kis_request)):
    """주식예약주문조회: reservations taken between the two dates. PRCS_DVSN_CD 0 all, 1 sent, 2 not yet (choice);
    CNCL_YN N leaves cancelled ones out."""
    acct = account(caller)
    start, end = caller.param("RSVN_ORD_ORD_DT"), caller.param("RSVN_ORD_END_DT")
    done = {"0": None, "1": True, "2": False}.get(caller.param("PRCS_DVSN_CD", "0"), None)
    seq, code, side = caller.param("RSVN_ORD_SEQ").lstrip("0"), caller.param("PDNO"), caller.param("SLL_BUY_DVSN_CD")
    rows = [_domestic_row(acct, r) for r in acct.reservations if r.book == KR and start <= r.placed <= end
            and (caller.param("CNCL_YN", "Y").upper() != "N" or r.status != books.CANCELLED)
            and (done is None or bool(r.order_no) == done) and (not seq or r.number.lstrip("0") == seq)
            and (not code or r.code == code) and side in ("", "00", r.side)]
    return paged(caller, rows[::-1], spec.ENDPOINTS["reservations"].rows(caller.domain), list_key="output", ctx="200",
                 fk_keys=("CANO", "ACNT_PRDT_CD", "RSVN_ORD_ORD_DT", "RSVN_ORD_END_DT"))


@router.post(f"{_O}/order-resv")
async def us_reserve(caller: Caller = Depends(kis_request)):
    """해외주식 예약주문접수 (the US): a limit order for the next regular open; neither cash nor holdings are
    checked now (KIS: 증거금 및 잔고보유 체크 안함)."""
    acct = account(caller)
    before_booking(caller)
    books.check_window(US, caller.world.now(), caller.tr_id)
    exchange, symbol = caller.param("OVRS_EXCG_CD").upper(), caller.param("PDNO").upper()
    if US_EXCHANGES.get(exchange) is None or caller.world.market.us_exchange(symbol) != US_EXCHANGES[exchange]:
        raise KisFault(spec.Message("APBK0656", "해당종목정보가 없습니다.", 200), tr_id=caller.tr_id)
    if caller.param("ORD_DVSN", "00") != "00":
        raise input_error(caller, "ORD_DVSN")
    qty = books.quantity(caller.param("FT_ORD_QTY"), caller.tr_id, "FT_ORD_QTY")
    price = books.us_price(caller.param("FT_ORD_UNPR3"), caller.tr_id)
    side = spec.SIDE_BUY if caller.endpoint == "us_reserve_buy" else spec.SIDE_SELL
    name = caller.world.market.us_quote(symbol, caller.world.now()).instrument.name
    r = await booked(caller, lambda: books.take(
        caller.world.trading, acct, domain=caller.domain, book=US, code=symbol, name=name, side=side, ord_dvsn="00",
        qty=qty, price=price, market=exchange))
    # KIS's documentation gives the last two for the Asian markets; its own sample cancels a US reservation
    # with them (order_resv_ccnl), so a client that reads them finds them.
    return reply(caller, "ok_order", output={"ODNO": r.number, "RSVN_ORD_RCIT_DT": r.placed, "OVRS_RSVN_ODNO": r.number})


@router.post(f"{_O}/order-resv-ccnl")
async def us_reserve_cancel(caller: Caller = Depends(kis_request)):
    """해외주식 예약주문접수취소: a US reservation still waiting, named by the day it was taken and its number."""
    _, r = _waiting(caller, US, "OVRS_RSVN_ODNO", "RSVN_ORD_RCIT_DT")
    books.cancel(caller.world.trading, r)
    await after_booking(caller)
    return reply(caller, "ok_us_reservation_cancel", output={"OVRS_RSVN_ODNO": r.number})


def _us_row(acct, r: books.SimReservation) -> dict:
    orders = books.orders_of(acct, r)
    code, state = US_STATES[r.status]
    return {
        "cncl_yn": "Y" if r.status == books.CANCELLED else "N", "rsvn_ord_rcit_dt": r.placed,
        "ovrs_rsvn_odno": r.number, "ord_dt": r.order_day, "ord_gno_brno": orders[-1].branch if orders else "",
        "odno": r.order_no, "sll_buy_dvsn_cd": r.side, "sll_buy_dvsn_cd_name": SIDE_NAMES[r.side],
        "sll_buy_dvsn_name": SIDE_NAMES[r.side],  # KIS's API table's name for the sample's sll_buy_dvsn_cd_name
        "ovrs_rsvn_ord_stat_cd": code, "ovrs_rsvn_ord_stat_cd_name": state, "pdno": r.code,
        "prdt_type_cd": PRODUCT_TYPES[r.market], "prdt_name": r.name, "ord_rcit_tmd": r.placed_time,
        "ord_fwdg_tmd": r.order_time, "tr_dvsn_name": state, "ovrs_excg_cd": r.market,
        "tr_mket_name": MARKET_NAMES[r.market], "ord_stfno": "", "ft_ord_qty": num(r.qty),
        "ft_ord_unpr3": num(r.price, 8), "ft_ccld_qty": num(sum(o.filled_qty for o in orders)),
        "nprc_rson_text": r.reason, "splt_buy_attr_name": "",
    }


@router.get(f"{_O}/order-resv-list")
def us_list(caller: Caller = Depends(kis_request)):
    """해외주식 예약주문조회 (the US, TTTT3039R): reservations taken between the two dates (KST)."""
    acct = account(caller)
    start, end = caller.param("INQR_STRT_DT"), caller.param("INQR_END_DT")
    exchange = caller.param("OVRS_EXCG_CD").upper()
    if exchange and exchange not in MARKET_NAMES:
        raise input_error(caller, "OVRS_EXCG_CD")
    rows = [_us_row(acct, r) for r in acct.reservations if r.book == US and start <= r.placed <= end
            and exchange in ("", r.market)]
    return paged(caller, rows[::-1], spec.ENDPOINTS["us_reservations"].rows(caller.domain), list_key="output",
                 ctx="200", fk_keys=("CANO", "ACNT_PRDT_CD", "INQR_STRT_DT", "INQR_END_DT", "INQR_DVSN_CD"))
