"""The account: holdings, cash, what can be sold, realised P&L."""

from __future__ import annotations


import xlwings as xw

from ..errors import CellError
from ..i18n import t
from ..services import cached
from ._cells import (_account, _each, _field, _flat, _header, _refresh_text, _safe, _start_end, _symbol, _table,
                     _wants_header)


_BALANCE_ALIASES = {
    "code": ("종목코드", "pdno"), "name": ("종목명", "prdt_name"), "quantity": ("수량", "보유수량", "hldg_qty"),
    "orderable_qty": ("주문가능수량", "ord_psbl_qty"), "avg_price": ("평균단가", "매입단가", "pchs_avg_pric"),
    "purchase_amount": ("매입금액", "pchs_amt"), "price": ("현재가", "prpr"), "evaluation": ("평가금액", "evlu_amt"),
    "pnl": ("평가손익", "evlu_pfls_amt"), "pnl_pct": ("수익률", "evlu_pfls_rt"), "market": ("시장",),
    "currency": ("통화",),
}


BALANCE_FIELDS = {alias.lower(): name for name, aliases in _BALANCE_ALIASES.items() for alias in (name, *aliases)}


_CASH_ALIASES = {
    "deposit": ("예수금", "dnca_tot_amt"), "d2_cash": ("d+2", "d+2예수금", "prvs_rcdl_excc_amt"),
    "total_eval": ("총평가", "총평가금액", "tot_evlu_amt"), "securities_eval": ("유가평가", "scts_evlu_amt"),
    "pnl_total": ("pnl", "평가손익", "evlu_pfls_smtl_amt"), "purchase_total": ("매입금액", "pchs_amt_smtl_amt"),
    "net_assets": ("순자산", "nass_amt"),
}


# The US side (USD, from the US balance; the deposit is the present balance's frcr_dncl_amt_2).
_USD_ALIASES = {
    "usd_deposit": ("usd", "usd_cash", "외화예수금", "frcr_dncl_amt_2"), "usd_securities_eval": ("usd_eval", "외화평가"),
    "usd_total_eval": ("usd_total", "외화총평가"), "usd_pnl_total": ("usd_pnl", "외화평가손익"),
}


CASH_FIELDS = {alias.lower(): name for name, aliases in (_CASH_ALIASES | _USD_ALIASES).items()
               for alias in (name, *aliases)}


# account ------------------------------------------------------------------------------------------
def _balance(fields, header, account=None):
    names = _flat(fields) or ["code", "name", "quantity", "avg_price", "price", "evaluation", "pnl", "pnl_pct"]
    attrs = [_field(f, BALANCE_FIELDS, "code") for f in names]
    svc = _account(account)
    us = svc.us_balance()
    holdings = svc.balance().holdings + (us.holdings if us else [])
    rows = [_header(names)] if _wants_header(header) else []
    rows += [[getattr(h, a) for a in attrs] for h in holdings]
    return rows if holdings else rows + [["(no holdings)", *[""] * (len(attrs) - 1)]]


@xw.func
@xw.arg("fields", ndim=2)
def KIS_BALANCE(fields=None, header=True, account=None, refresh=None):
    """An account's holdings as a table (code, name, quantity, average price, price, evaluation, P&L): the active
    profile's, or the account (profile) named, e.g. "isa"; US holdings follow the domestic ones (in USD; ask for
    "market" and "currency" to tell them apart)."""
    return _safe(_balance, fields, header, account)


def _cash(field, account=None):
    svc = _account(account)
    summary = svc.balance().summary
    if field in (None, ""):
        us = svc.us_balance()
        usd = [[name, getattr(us.summary, name[4:])] for name in _USD_ALIASES] if us else []
        return [[name, getattr(summary, name)] for name in _CASH_ALIASES] + usd
    name = _field(field, CASH_FIELDS, "deposit")
    if name in _USD_ALIASES:
        us = svc.us_balance()
        if us is None:
            raise CellError("this account has no US trading")
        return getattr(us.summary, name[4:])
    return getattr(summary, name)


@xw.func
def KIS_CASH(field=None, account=None, refresh=None):
    """Deposit, D+2 cash, total evaluation, P&L…: one field, or all of them as a two-column table; the US side
    in USD as usd_deposit, usd_securities_eval, usd_total_eval, usd_pnl_total. An account (profile) may be named."""
    return _safe(_cash, field, account)


_SELLABLE_ALIASES = {
    "sellable_qty": ("qty", "매도가능수량", "주문가능수량", "ord_psbl_qty"), "holding_qty": ("보유수량", "잔고수량", "cblc_qty"),
    "bought_today": ("금일매수", "buy_qty"), "sold_today": ("금일매도", "sll_qty"), "avg_price": ("평균단가", "pchs_avg_pric"),
    "price": ("현재가", "now_pric"), "evaluation": ("평가금액", "evlu_amt"), "pnl": ("평가손익", "evlu_pfls_amt"),
    "pnl_pct": ("수익률", "evlu_pfls_rt"),
}


SELLABLE_FIELDS = {alias.lower(): name for name, aliases in _SELLABLE_ALIASES.items() for alias in (name, *aliases)}


def _sellable(codes, field, account=None):
    svc = _account(account)
    attr = _field(field, SELLABLE_FIELDS, "sellable_qty")

    def one(cell):
        symbol = _symbol(cell)
        if not symbol.is_domestic:
            raise CellError(f"KIS_SELLABLE takes KRX codes, not {cell!r}")
        return getattr(cached.sellable(svc, symbol.code), attr)

    return _each(codes, one)


@xw.func
@xw.arg("codes", ndim=2)
def KIS_SELLABLE(codes, field=None, account=None, refresh=None):
    """The quantity of a stock the account can sell now (inquire-psbl-sell), or another field: holding_qty,
    bought_today, sold_today, avg_price, price, evaluation, pnl, pnl_pct. A range gives an array. An account
    (profile) may be named."""
    return _safe(_sellable, codes, field, account)


PNL_DAY_COLUMNS = ["date", "realized", "pnl_pct", "sell_amount", "buy_amount", "fees", "taxes"]


PNL_STOCK_COLUMNS = ["date", "code", "name", "sell_qty", "sell_price", "avg_cost", "realized", "pnl_pct", "fees",
                     "taxes"]


_PNL_BY = {"stock": "stock", "종목": "stock", "종목별": "stock", "day": "day", "일별": "day", "date": "day"}


_PNL_MARKETS = {"": "KRX", "krx": "KRX", "국내": "KRX", "us": "US", "미국": "US", "해외": "US"}


US_PNL_COLUMNS = ["date", "code", "exchange", "sell_qty", "avg_cost", "sell_price", "cost", "sell_amount", "fees",
                  "realized", "pnl_pct", "rate"]


_US_PNL_BY = {"stock": False, "종목": False, "종목별": False, "usd": False, "달러": False,
              "krw": True, "won": True, "원화": True}


def _pnl(start, end, by, header, market=None, account=None):
    svc = _account(account)
    first, last = _start_end(start, end, svc)
    place = _PNL_MARKETS.get("" if _refresh_text(market) else str(market or "").strip().lower())
    if place is None:
        raise CellError(t('market must be "KRX" or "US", not {market}', market=repr(market)))
    key = str(by or "stock").strip().lower()
    if place == "US":
        return _us_pnl(svc, first, last, key, header)
    if key not in _PNL_BY:
        raise CellError(f'by must be "stock" or "day", not {by!r}')
    by = _PNL_BY[key]
    records, total = cached.pnl(svc, first, last, by)
    names = PNL_DAY_COLUMNS if by == "day" else PNL_STOCK_COLUMNS
    rows = [[getattr(r, c) for c in names] for r in records]
    if rows:
        totals = {"realized": total.realized, "sell_amount": total.sell_amount, "buy_amount": total.buy_amount,
                  "fees": total.fees, "taxes": total.taxes, "pnl_pct": "" if total.pnl_pct is None else total.pnl_pct}
        rows.append(["total", *[totals.get(c, "") for c in names[1:]]])
    return _table(names, rows, header, empty="(no realised P&L)")


def _us_pnl(svc, first, last, key: str, header):
    """US realised P&L (해외주식 기간손익): each trade day's sales of each stock, in USD or (by "krw") in won."""
    if key not in _US_PNL_BY:
        raise CellError(t('with market "US", by must be "stock" (USD) or "krw" (won), not {by}', by=repr(key)))
    records, total = cached.us_pnl(svc, first, last, _US_PNL_BY[key])
    rows = [[getattr(r, c) for c in US_PNL_COLUMNS] for r in records]
    if rows:
        totals = {"sell_amount": total.sell_amount, "fees": total.fees, "realized": total.realized,
                  "pnl_pct": "" if total.pnl_pct is None else total.pnl_pct, "rate": total.rate or ""}
        rows.append(["total", *[totals.get(c, "") for c in US_PNL_COLUMNS[1:]]])
    return _table(US_PNL_COLUMNS, rows, header, empty="(no realised P&L)")


@xw.func
def KIS_PNL(start, end=None, by="stock", header=True, market=None, account=None, refresh=None):
    """Realised profit from start to end (default today): by "stock" (each stock each day: quantity sold,
    price, average cost, profit, fees, taxes) or by "day"; a total row last. market "US": each trade day's US
    sales of each stock in USD (by "krw": in won, as KIS converts them). Real accounts (KIS offers no period P&L
    on the mock domain). An account (profile) may be named."""
    return _safe(_pnl, start, end, by, header, market, account)
