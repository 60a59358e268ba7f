"""US detail as KIS serves it: the price detail (현재가상세, price-detail), the book (현재가 1호가,
inquire-asking-price) and the realised P&L by trade day and stock (해외주식 기간손익, inquire-period-profit).

Field lists are those of KIS's samples (``examples_llm/overseas_stock/``: price_detail, inquire_asking_price,
inquire_period_profit, their chk_ files' COLUMN_MAPPING). KIS's material does not say how the book's fields split
between output1, output2 and output3, nor which P&L amounts KIS converts when asked in won: docs/SIMULATOR.md says
what is assumed. None of the three is offered on the mock domain (spec.py: no mock tr_id).
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends

from .. import spec
from .accounts import USD_KRW
from .protocol import Caller, kis_request, num, paged, reply
from .routes_market import _US, _pct, _us_state, sign
from .routes_overseas import MARKET_NAMES
from .routes_pnl import _period
from .routes_trading import account, input_error

router = APIRouter()
_O = "/uapi/overseas-stock/v1/trading"
DETAIL_FIELDS = ("rsym pvol open high low last base tomv pamt uplp dnlp h52p h52d l52p l52d perx pbrx epsx bpsx shar "
                 "mcap curr zdiv vnit t_xprc t_xdif t_xrat p_xprc p_xdif p_xrat t_rate p_rate t_xsgn p_xsng e_ordyn "
                 "e_hogau e_icod e_parp tvol tamt etyp_nm").split()
BOOK_HEAD = "rsym zdiv curr base open high low last dymd dhms bvol avol bdvl advl code ropen rhigh rlow rclose".split()
BOOK_LEVEL = "pbid1 pask1 vbid1 vask1 dbid1 dask1".split()
BOOK_AUCTION = "vstm vetm csbp cshi cslo iep iev".split()
US_TICK = 0.01  # a US stock at a dollar or more quotes in cents
NEW_YORK = ZoneInfo("America/New_York")  # the book's dymd/dhms: the exchange's local time (ASSUMED)


@router.get(f"{_US}/price-detail")
def us_price_detail(caller: Caller = Depends(kis_request)):
    """현재가상세: the quote with its 52-week range, ratios, shares and the won-converted prices. A symbol not on the
    exchange asked gets KIS's success with empty fields, as the plain price does."""
    s = _us_state(caller)
    if s is None:
        return reply(caller, "ok_quote", output=dict.fromkeys(DETAIL_FIELDS, ""))
    excd, symbol = caller.param("EXCD").upper(), caller.param("SYMB").upper()
    now = caller.world.now()
    bars = caller.world.market.bars(symbol, (now - timedelta(days=365)).date(), now.date(), now, us=True)
    top, bottom = max(bars, key=lambda b: b.high), min(bars, key=lambda b: b.low)
    shares = s.instrument.shares
    eps = round(s.prev_close / 28.0, 2)  # the simulator's earnings: a fixed 28× multiple of the last close
    bps = round(s.prev_close / 6.5, 2)
    prev = bars[-2] if len(bars) > 1 else bars[-1]
    krw, krw_prev = s.price * USD_KRW, s.prev_close * USD_KRW
    return reply(caller, "ok_quote", output={
        "rsym": f"D{excd}{symbol}", "pvol": num(prev.volume), "open": num(s.open, 4), "high": num(s.high, 4),
        "low": num(s.low, 4), "last": num(s.price, 4), "base": num(s.prev_close, 4), "tomv": num(s.price * shares),
        "pamt": num(prev.value), "uplp": "0.0000", "dnlp": "0.0000", "h52p": num(top.high, 4),
        "h52d": top.day.strftime("%Y%m%d"), "l52p": num(bottom.low, 4), "l52d": bottom.day.strftime("%Y%m%d"),
        "perx": f"{s.price / eps:.2f}", "pbrx": f"{s.price / bps:.2f}", "epsx": f"{eps:.2f}", "bpsx": f"{bps:.2f}",
        "shar": num(shares), "mcap": num(shares * 0.00001), "curr": "USD", "zdiv": "4", "vnit": "1",
        "t_xprc": num(krw), "t_xdif": num(abs(krw - krw_prev)), "t_xrat": _pct(s.change_pct),
        "p_xprc": num(krw_prev), "p_xdif": "0", "p_xrat": "0.00", "t_rate": num(USD_KRW, 2), "p_rate": num(USD_KRW, 2),
        "t_xsgn": sign(s.price, s.prev_close), "p_xsng": "3", "e_ordyn": "매매 가능", "e_hogau": num(US_TICK, 4),
        "e_icod": "", "e_parp": "0.00001", "tvol": num(s.volume), "tamt": num(s.value), "etyp_nm": "",
    })


@router.get(f"{_US}/inquire-asking-price")
def us_orderbook(caller: Caller = Depends(kis_request)):
    """현재가 1호가: one bid and one ask (KIS's sample names only level 1), the day's prices and the auction fields."""
    s = _us_state(caller)
    if s is None:
        return reply(caller, "ok_quote", output1=dict.fromkeys(BOOK_HEAD, ""), output2=dict.fromkeys(BOOK_LEVEL, ""),
                     output3=dict.fromkeys(BOOK_AUCTION, ""))
    excd, symbol = caller.param("EXCD").upper(), caller.param("SYMB").upper()
    local = caller.world.now().astimezone(NEW_YORK)
    seed = s.minute + sum(map(ord, symbol))
    bid, ask = round(s.price, 2), round(s.price + US_TICK, 2)
    vbid, vask = 100 + (seed * 53) % 900, 100 + (seed * 37) % 900

    def rate(x: float) -> str:
        return _pct((x - s.prev_close) / s.prev_close * 100)

    out1 = {"rsym": f"D{excd}{symbol}", "zdiv": "4", "curr": "USD", "base": num(s.prev_close, 4),
            "open": num(s.open, 4), "high": num(s.high, 4), "low": num(s.low, 4), "last": num(s.price, 4),
            "dymd": local.strftime("%Y%m%d"), "dhms": local.strftime("%H%M%S"), "bvol": num(vbid), "avol": num(vask),
            "bdvl": "0", "advl": "0", "code": symbol, "ropen": rate(s.open), "rhigh": rate(s.high),
            "rlow": rate(s.low), "rclose": rate(s.price)}
    out2 = {"pbid1": num(bid, 4), "pask1": num(ask, 4), "vbid1": num(vbid), "vask1": num(vask), "dbid1": "0",
            "dask1": "0"}
    out3 = dict.fromkeys(BOOK_AUCTION, "")
    return reply(caller, "ok_quote", output1=out1, output2=out2, output3=out3)


def _in(amount: float, won: bool) -> str:
    return num(amount * USD_KRW) if won else num(amount, 2)


@router.get(f"{_O}/inquire-period-profit")
def us_period_profit(caller: Caller = Depends(kis_request)):
    """해외주식 기간손익: each trade day's sales of each stock against their average cost (output1, newest first),
    the period's totals (output2). Amounts in dollars (WCRC_FRCR_DVSN_CD 01) or won (02, at the simulator's rate)."""
    acct = account(caller)
    start, end = _period(caller)
    exchange, code = caller.param("OVRS_EXCG_CD").upper(), caller.param("PDNO").upper()
    if exchange not in ("", *MARKET_NAMES):
        raise input_error(caller, "OVRS_EXCG_CD")
    if caller.param("CRCY_CD").upper() not in ("", "USD"):
        raise input_error(caller, "CRCY_CD")
    currency = caller.param("WCRC_FRCR_DVSN_CD")
    if currency not in ("01", "02"):
        raise input_error(caller, "WCRC_FRCR_DVSN_CD")
    won = currency == "02"
    fills = [f for f in acct.fills if f.get("us") and start <= f["day"] <= end and code in ("", f["code"])
             and exchange in ("", "NASD", f.get("market"))]  # NASD: 미국 (all of the US), as KIS's sample says
    groups: dict[tuple[str, str], list[dict]] = {}
    for f in fills:
        if f["side"] == spec.SIDE_SELL:
            groups.setdefault((f["day"], f["code"]), []).append(f)
    rows = []
    for day, symbol in sorted(groups, reverse=True):
        fs = groups[(day, symbol)]
        qty = sum(f["qty"] for f in fs)
        cost, sold = sum(f["cost"] for f in fs), sum(f["qty"] * f["price"] for f in fs)
        fee = sum(f["fee"] for f in fs)
        pnl = sold - cost - fee
        rows.append({"trad_day": day, "ovrs_pdno": symbol, "slcl_qty": num(qty), "pchs_avg_pric": num(cost / qty, 4),
                     "frcr_pchs_amt1": _in(cost, won), "avg_sll_unpr": num(sold / qty, 4),
                     "frcr_sll_amt_smtl1": _in(sold, won), "stck_sll_tlex": _in(fee, won),
                     "ovrs_rlzt_pfls_amt": _in(pnl, won), "pftrt": _pct(pnl / cost * 100 if cost else 0),
                     "exrt": num(USD_KRW, 4), "ovrs_excg_cd": fs[-1].get("market", "NASD"),
                     "frst_bltn_exrt": num(USD_KRW, 4)})
    sells = [f for fs in groups.values() for f in fs]
    buys = [f for f in fills if f["side"] == spec.SIDE_BUY]
    cost = sum(f["cost"] for f in sells)
    sold = sum(f["qty"] * f["price"] for f in sells)
    fees = sum(f["fee"] for f in fills)
    pnl = sold - cost - sum(f["fee"] for f in sells)
    bought = sum(f["qty"] * f["price"] for f in buys)
    totals = {"stck_sll_amt_smtl": _in(sold, won), "stck_buy_amt_smtl": _in(bought, won), "smtl_fee1": _in(fees, won),
              "excc_dfrm_amt": _in(sold - bought - fees, won), "ovrs_rlzt_pfls_tot_amt": _in(pnl, won),
              "tot_pftrt": f"{pnl / cost * 100 if cost else 0:.8f}", "bass_dt": end, "exrt": num(USD_KRW, 4)}
    return paged(caller, rows, spec.ENDPOINTS["us_period_profit"].rows(caller.domain), list_key="output1", ctx="200",
                 output2=totals, fk_keys=("CANO", "ACNT_PRDT_CD", "INQR_STRT_DT", "INQR_END_DT"))
