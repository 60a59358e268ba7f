"""US account endpoints: orders, modify/cancel, the daytime session's orders, balance, present balance, buying
power, orders and fills, pending.

Request keys and response fields follow KIS's samples (``examples_llm/overseas_stock/``: order,
order_rvsecncl, daytime_order, daytime_order_rvsecncl, inquire_balance, inquire_present_balance, inquire_psamount, inquire_ccnl,
inquire_nccs). Exchange codes: trading uses NASD/NYSE/AMEX. ``OVRS_EXCG_CD=NASD`` means the whole US
market on the real domain but NASDAQ only on the mock domain (inquire-balance); inquire-ccnl takes
``%`` (real) or blank (mock) for all. Amounts are USD; KRW figures use the simulator's fixed rate.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import APIRouter, Depends

from .. import spec
from .accounts import US_DAY_VENUE, USD_KRW, Account, Position, SimOrder
from .protocol import Caller, KisFault, kis_request, num, paged, reply
from .routes_trading import (
    SIDE_NAMES,
    account,
    ack,
    after_booking,
    before_booking,
    booked,
    input_error,
    is_cancel,
)

router = APIRouter()
_O = "/uapi/overseas-stock/v1/trading"
MARKET_NAMES = {"NASD": "나스닥", "NYSE": "뉴욕", "AMEX": "아멕스"}
PRODUCT_TYPES = {"NASD": "512", "NYSE": "513", "AMEX": "529"}  # prdt_type_cd of US stocks per exchange
PRESENT_MARKETS = {"00": None, "01": "NASD", "02": "NYSE", "05": "AMEX"}  # TR_MKET_CD when NATN_CD is 840
US_NATION = "840"


def _price(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


@router.post(f"{_O}/order")
@router.post(f"{_O}/daytime-order")
async def us_order(caller: Caller = Depends(kis_request)):
    """A US order through the order endpoint or the daytime session's (미국주간주문), with the order faults."""
    acct = account(caller)
    before_booking(caller)
    buy = caller.endpoint in ("us_order_buy", "daytime_buy")
    order = await booked(caller, lambda: caller.world.trading.place_us(
        acct, domain=caller.domain, tr_id=caller.tr_id, side=spec.SIDE_BUY if buy else spec.SIDE_SELL,
        exchange=caller.param("OVRS_EXCG_CD").upper(), symbol=caller.param("PDNO").upper(),
        ord_dvsn=caller.param("ORD_DVSN", "00"), qty_text=caller.param("ORD_QTY"),
        price_text=caller.param("OVRS_ORD_UNPR", "0"), daytime=caller.endpoint.startswith("daytime")))
    return ack(caller, order, buy)


@router.post(f"{_O}/order-rvsecncl")
@router.post(f"{_O}/daytime-order-rvsecncl")
async def us_revise(caller: Caller = Depends(kis_request)):
    """Modify or cancel a US order through the endpoint it was placed with (the daytime session's, or the other)."""
    acct = account(caller)
    before_booking(caller)
    cancel = is_cancel(caller)
    if caller.param("OVRS_EXCG_CD").upper() not in MARKET_NAMES:
        raise input_error(caller, "OVRS_EXCG_CD")
    order = caller.world.trading.revise_us(
        acct, domain=caller.domain, tr_id=caller.tr_id, order_no=caller.param("ORGN_ODNO"),
        symbol=caller.param("PDNO").upper(), cancel=cancel, qty_text=caller.param("ORD_QTY"),
        price_text=caller.param("OVRS_ORD_UNPR", "0"), daytime=caller.endpoint == "daytime_modify")
    await after_booking(caller)
    return ack(caller, order, order.side == spec.SIDE_BUY, modify=True)


def _us_positions(acct: Account) -> list[Position]:
    return sorted((p for p in acct.positions.values() if p.market != "KRX"), key=lambda p: p.code)


def _balance_wants(caller: Caller, market: str) -> bool:
    """inquire-balance's OVRS_EXCG_CD: NASD is all of the US on the real domain, NASDAQ only on the mock."""
    wanted = caller.param("OVRS_EXCG_CD").upper()
    if not wanted or wanted == market:
        return True
    return wanted == "NASD" and caller.domain == spec.REAL


@router.get(f"{_O}/inquire-balance")
def us_balance(caller: Caller = Depends(kis_request)):
    acct = account(caller)
    now = caller.world.now()
    rows = []
    for pos in _us_positions(acct):
        if not _balance_wants(caller, pos.market):
            continue
        price = caller.world.market.us_quote(pos.code, now).price
        evlu, cost = pos.qty * price, pos.cost
        rows.append({"cano": caller.param("CANO"), "acnt_prdt_cd": caller.param("ACNT_PRDT_CD"),
                     "prdt_type_cd": PRODUCT_TYPES[pos.market], "ovrs_pdno": pos.code, "ovrs_item_name": pos.name,
                     "frcr_evlu_pfls_amt": num(evlu - cost, 5), "evlu_pfls_rt": f"{(evlu - cost) / cost * 100:.2f}",
                     "pchs_avg_pric": num(cost / pos.qty, 4), "ovrs_cblc_qty": num(pos.qty),
                     "ord_psbl_qty": num(pos.qty - acct.open_sell_qty(pos.code)), "frcr_pchs_amt1": num(cost, 5),
                     "ovrs_stck_evlu_amt": num(evlu, 5), "now_pric2": num(price, 6), "tr_crcy_cd": "USD",
                     "ovrs_excg_cd": pos.market, "loan_type_cd": "10", "loan_dt": "", "expd_dt": ""})
    cost = sum(float(r["frcr_pchs_amt1"]) for r in rows)
    evlu = sum(float(r["ovrs_stck_evlu_amt"]) for r in rows)
    out2 = {"frcr_pchs_amt1": num(cost, 5), "ovrs_rlzt_pfls_amt": "0", "ovrs_tot_pfls": num(evlu - cost, 5),
            "rlzt_erng_rt": "0", "tot_evlu_pfls_amt": num(evlu - cost, 5),
            "tot_pftrt": f"{(evlu - cost) / cost * 100 if cost else 0:.8f}", "frcr_buy_amt_smtl1": num(cost, 5),
            "ovrs_rlzt_pfls_amt2": "0", "frcr_buy_amt_smtl2": num(cost, 5)}
    size = spec.ENDPOINTS["us_balance"].rows(caller.domain)
    return paged(caller, rows, size, list_key="output1", ctx="200", output2=out2,
                 fk_keys=("CANO", "ACNT_PRDT_CD", "OVRS_EXCG_CD"))


def _today_filled(acct: Account, code: str | None, side: str, session: str) -> tuple[int, float]:
    done = [o for o in acct.orders if o.is_us and o.day == session and o.side == side and (code is None
                                                                                            or o.code == code)]
    return sum(o.filled_qty for o in done), sum(o.filled_amount for o in done)


@router.get(f"{_O}/inquire-present-balance")
def us_present_balance(caller: Caller = Depends(kis_request)):
    """체결기준현재잔고: holdings (output1), cash per currency (output2), totals in KRW (output3)."""
    acct = account(caller)
    nation, market_code = caller.param("NATN_CD"), caller.param("TR_MKET_CD")
    if nation not in ("000", US_NATION):
        raise input_error(caller, "NATN_CD")
    if market_code not in PRESENT_MARKETS:
        raise input_error(caller, "TR_MKET_CD")
    in_krw = caller.param("WCRC_FRCR_DVSN_CD") == "01"
    wanted = PRESENT_MARKETS[market_code] if nation == US_NATION else None
    now = caller.world.now()
    session = caller.world.trading.today(True)
    rows, cost_total, evlu_total = [], 0.0, 0.0
    for pos in _us_positions(acct):
        if wanted and pos.market != wanted:
            continue
        price = caller.world.market.us_quote(pos.code, now).price
        evlu, cost = pos.qty * price, pos.cost
        cost_total, evlu_total = cost_total + cost, evlu_total + evlu
        bought_qty, bought = _today_filled(acct, pos.code, spec.SIDE_BUY, session)
        sold_qty, sold = _today_filled(acct, pos.code, spec.SIDE_SELL, session)
        pnl = (evlu - cost) * (USD_KRW if in_krw else 1)
        rows.append({
            "cblc_qty13": num(pos.qty), "thdt_buy_ccld_qty1": num(bought_qty), "thdt_sll_ccld_qty1": num(sold_qty),
            "ccld_qty_smtl1": num(pos.qty), "ord_psbl_qty1": num(pos.qty - acct.open_sell_qty(pos.code)),
            "frcr_pchs_amt": num(cost, 4), "frcr_evlu_amt2": num(evlu, 4), "evlu_pfls_amt2": num(pnl, 4),
            "evlu_pfls_rt1": f"{(evlu - cost) / cost * 100:.2f}", "pdno": pos.code, "prdt_name": pos.name,
            "bass_exrt": num(USD_KRW, 4), "buy_crcy_cd": "USD", "ovrs_now_pric1": num(price, 8),
            "avg_unpr3": num(cost / pos.qty, 8), "tr_mket_name": MARKET_NAMES[pos.market], "natn_kor_name": "미국",
            "pchs_rmnd_wcrc_amt": num(cost * USD_KRW), "thdt_buy_ccld_frcr_amt": num(bought, 4),
            "thdt_sll_ccld_frcr_amt": num(sold, 4), "unit_amt": "1", "std_pdno": "",
            "prdt_type_cd": PRODUCT_TYPES[pos.market], "loan_rmnd": "0", "loan_dt": "", "loan_expd_dt": "",
            "ovrs_excg_cd": pos.market, "item_lnkg_excg_cd": pos.market,
        })
    reserve = acct.open_buy_reserve(True)
    free = acct.usd - reserve
    _, bought = _today_filled(acct, None, spec.SIDE_BUY, session)
    _, sold = _today_filled(acct, None, spec.SIDE_SELL, session)
    usd = {"crcy_cd": "USD", "frcr_buy_amt_smtl": num(bought, 4), "frcr_sll_amt_smtl": num(sold, 4),
           "frcr_dncl_amt_2": num(acct.usd, 2), "frst_bltn_exrt": num(USD_KRW, 4),
           "frcr_buy_mgn_amt": num(reserve, 2), "frcr_etc_mgna": "0", "frcr_drwg_psbl_amt_1": num(free, 2),
           "frcr_evlu_amt2": num(free * USD_KRW), "acpl_cstd_crcy_yn": "N", "nxdy_frcr_drwg_psbl_amt": num(free, 2)}
    cost_krw, evlu_krw, cash_krw = cost_total * USD_KRW, evlu_total * USD_KRW, acct.usd * USD_KRW
    deposits = acct.cash + cash_krw
    totals = {
        "pchs_amt_smtl": num(cost_krw), "evlu_amt_smtl": num(evlu_krw), "evlu_pfls_amt_smtl": num(evlu_krw - cost_krw),
        "dncl_amt": num(acct.cash), "cma_evlu_amt": "0", "tot_dncl_amt": num(deposits), "etc_mgna": "0",
        "wdrw_psbl_tot_amt": num(acct.cash + free * USD_KRW), "frcr_evlu_tota": num(cash_krw + evlu_krw),
        "evlu_erng_rt1": f"{(evlu_krw - cost_krw) / cost_krw * 100 if cost_krw else 0:.8f}",
        "pchs_amt_smtl_amt": num(cost_krw), "evlu_amt_smtl_amt": num(evlu_krw),
        "tot_evlu_pfls_amt": num(evlu_krw - cost_krw), "tot_asst_amt": num(deposits + evlu_krw),
        "buy_mgn_amt": num(reserve * USD_KRW), "mgna_tota": num(reserve * USD_KRW),
        "frcr_use_psbl_amt": num(free, 2), "ustl_sll_amt_smtl": "0", "ustl_buy_amt_smtl": "0",
        "tot_frcr_cblc_smtl": num(cash_krw), "tot_loan_amt": "0",
    }
    return reply(caller, "ok_query", output1=rows, output2=[usd], output3=totals)


@router.get(f"{_O}/inquire-psamount")
def us_buying_power(caller: Caller = Depends(kis_request)):
    """매수가능금액: USD free of open buys, and the quantity it buys at the price (current price if none)."""
    acct = account(caller)
    exchange, symbol = caller.param("OVRS_EXCG_CD").upper(), caller.param("ITEM_CD").upper()
    market = caller.world.market
    if exchange not in MARKET_NAMES or market.us_exchange(symbol) != spec.US_TRADE_TO_QUOTE[exchange]:
        raise KisFault(spec.Message("APBK0656", "해당종목정보가 없습니다.", 200), tr_id=caller.tr_id)
    price = _price(caller.param("OVRS_ORD_UNPR")) or market.us_quote(symbol, caller.world.now()).price
    free = acct.usd - acct.open_buy_reserve(True)
    qty = max(0, int(free // (price * (1 + caller.world.trading.us_commission))))
    return reply(caller, "ok_query", output={
        "tr_crcy_cd": "USD", "ord_psbl_frcr_amt": num(free, 2), "sll_ruse_psbl_amt": "0",
        "ovrs_ord_psbl_amt": num(free, 2), "max_ord_psbl_qty": num(qty), "echm_af_ord_psbl_amt": "0",
        "echm_af_ord_psbl_qty": "0", "ord_psbl_qty": num(qty), "exrt": num(USD_KRW, 8),
        "frcr_ord_psbl_amt1": num(free, 2), "ovrs_max_ord_psbl_qty": num(qty),
    })


def _korean_time(o: SimOrder) -> tuple[str, str]:
    """(date, time) in Korea of a US order (its time is KST's): the daytime session's day, the evening of its
    day, or the next morning after midnight KST."""
    day = datetime.strptime(o.day, "%Y%m%d").date()
    if o.time < "120000" and o.venue != US_DAY_VENUE:
        day += timedelta(days=1)
    return day.strftime("%Y%m%d"), o.time


def _status(o: SimOrder) -> str:
    if o.orig_order_no and not o.price:
        return "취소"
    if o.filled_qty >= o.qty:
        return "완료"
    return "거부" if o.rejected_qty else "접수"


def _ccnl_row(o: SimOrder) -> dict:
    kind = ("02" if not o.price else "01") if o.orig_order_no else ""
    kst_day, kst_time = _korean_time(o)
    return {
        "ord_dt": o.day, "ord_gno_brno": o.branch, "odno": o.order_no, "orgn_odno": o.orig_order_no,
        "sll_buy_dvsn_cd": o.side, "sll_buy_dvsn_cd_name": SIDE_NAMES[o.side], "rvse_cncl_dvsn": kind,
        "rvse_cncl_dvsn_name": {"01": "정정", "02": "취소"}.get(kind, ""), "pdno": o.code, "prdt_name": o.name,
        "ft_ord_qty": num(o.qty), "ft_ord_unpr3": num(o.price, 8), "ft_ccld_qty": num(o.filled_qty),
        "ft_ccld_unpr3": num(o.filled_amount / o.filled_qty if o.filled_qty else 0, 8),
        "ft_ccld_amt3": num(o.filled_amount, 5), "nccs_qty": num(o.remaining if o.working else 0),
        "prcs_stat_name": _status(o), "rjct_rson": "", "rjct_rson_name": "", "ord_tmd": o.time,
        "tr_mket_name": MARKET_NAMES.get(o.market, ""), "tr_crcy_cd": "USD", "tr_natn": US_NATION,
        "ovrs_excg_cd": o.market, "tr_natn_name": "미국", "dmst_ord_dt": kst_day, "thco_ord_tmd": kst_time,
        "loan_type_cd": "10", "loan_dt": "", "mdia_dvsn_name": "OpenAPI", "usa_amk_exts_rqst_yn": "N",
        "splt_buy_attr_name": "",
    }


@router.get(f"{_O}/inquire-ccnl")
def us_orders(caller: Caller = Depends(kis_request)):
    """주문체결내역: the period's US orders (dates local to New York). Mock accepts only the 'all' filters."""
    acct = account(caller)
    code, exchange = caller.param("PDNO").upper(), caller.param("OVRS_EXCG_CD").upper()
    side, ccld = caller.param("SLL_BUY_DVSN"), caller.param("CCLD_NCCS_DVSN")
    if caller.domain == spec.MOCK:
        for key, value, allowed in (("PDNO", code, ""), ("OVRS_EXCG_CD", exchange, ""), ("SLL_BUY_DVSN", side, "00"),
                                    ("CCLD_NCCS_DVSN", ccld, "00")):
            if value != allowed:
                raise input_error(caller, key)
    start, end = caller.param("ORD_STRT_DT"), caller.param("ORD_END_DT")
    if not (len(start) == len(end) == 8 and start.isdigit() and end.isdigit()):
        raise input_error(caller, "ORD_DT")
    orders = [o for o in acct.orders if o.is_us and start <= o.day <= end
              and code in ("", "%", o.code) and exchange in ("", "%", "NASD", o.market)
              and side in ("", "00", o.side)
              and (ccld in ("", "00") or (ccld == "01" and o.filled_qty) or (ccld == "02" and o.working))]
    if caller.param("SORT_SQN", "DS").upper() == "AS" and caller.domain == spec.REAL:
        orders = orders[::-1]
    rows = [_ccnl_row(o) for o in orders]
    return paged(caller, rows, spec.ENDPOINTS["us_orders"].rows(caller.domain), list_key="output", ctx="200",
                 fk_keys=("CANO", "ACNT_PRDT_CD"))


@router.get(f"{_O}/inquire-nccs")
def us_pending(caller: Caller = Depends(kis_request)):
    acct = account(caller)
    exchange = caller.param("OVRS_EXCG_CD").upper()
    rows = []
    for o in acct.orders:
        if not o.is_us or not o.working or exchange not in ("", "NASD", o.market):
            continue
        rows.append({"ord_dt": o.day, "ord_gno_brno": o.branch, "odno": o.order_no, "orgn_odno": o.orig_order_no,
                     "pdno": o.code, "prdt_name": o.name, "sll_buy_dvsn_cd": o.side, "rvse_cncl_dvsn_cd": "",
                     "rjct_rson": "", "rjct_rson_name": "", "ord_tmd": o.time, "tr_crcy_cd": "USD",
                     "natn_cd": US_NATION, "ft_ord_qty": num(o.qty), "ft_ccld_qty": num(o.filled_qty),
                     "nccs_qty": num(o.remaining), "ft_ord_unpr3": num(o.price, 8),
                     "ft_ccld_unpr3": num(o.filled_amount / o.filled_qty if o.filled_qty else 0, 8),
                     "ft_ccld_amt3": num(o.filled_amount, 5), "ovrs_excg_cd": o.market, "loan_type_cd": "10",
                     "loan_dt": "", "usa_amk_exts_rqst_yn": "N"})
    return paged(caller, rows, spec.ENDPOINTS["us_pending"].rows(caller.domain), list_key="output", ctx="200",
                 fk_keys=("CANO", "ACNT_PRDT_CD"))
