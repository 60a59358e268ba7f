"""Who trades a stock, for KisClient: investors by type per day, the brokers (회원사) buying and selling it,
program trading, short selling and credit balances by day, and the trade-strength ranking (체결강도)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date, timedelta
from typing import TypeVar

from ..codes import normalize_code
from ..errors import InvalidInput
from ..i18n import t
from ..models import (BrokerFlow, CreditDay, InvestorDay, InvestorFlowDay, ProgramDay, ProgramTick, ShortSaleDay,
                      StrengthRow)
from .parse import hms, integer, num, string, ymd

Row = TypeVar("Row")
MAX_DAYS = 250  # about a year of sessions: the most a flows table asks for
MARKETS = {"all": "0000", "kospi": "0001", "kosdaq": "1001", "kospi200": "2001"}
# A flows table's kind (English or Korean, as a person types it), the client method that reads it, its rows.
FLOW_KINDS = {"investors": ("investor_flows", InvestorFlowDay), "program": ("program_days", ProgramDay),
              "program_today": ("program_today", ProgramTick), "short": ("short_sales", ShortSaleDay),
              "credit": ("credit_balances", CreditDay)}
KIND_ALIASES = {"투자자": "investors", "프로그램": "program", "프로그램당일": "program_today", "당일프로그램": "program_today",
                "공매도": "short", "신용": "credit", "신용잔고": "credit", "investor": "investors",
                "program-today": "program_today", "today": "program_today", "shorts": "short", "short_sale": "short"}


def flow_kind(kind) -> str:
    """The canonical kind of a flows table (investors, program, program_today, short, credit), or InvalidInput."""
    key = str(kind if kind is not None else "").strip().lower().replace(" ", "")
    key = KIND_ALIASES.get(key, key)
    if key not in FLOW_KINDS:
        raise InvalidInput(t("kind must be investors, program, program_today, short or credit, not {value!r}",
                             value=kind))
    return key


def flow_columns(kind) -> list[str]:
    """The columns of a flows table of ``kind``, in order (its model's fields)."""
    return [f.name for f in fields(FLOW_KINDS[flow_kind(kind)][1])]


def _back(page: Callable[[date], list[Row]], start: date, days: int, day_of: Callable[[Row], date]) -> list[Row]:
    """Rows newest first, ``days`` of them, asking again from the day before the oldest row until KIS has no
    older ones (the flows APIs page by date rather than by continuation key)."""
    out: list[Row] = []
    cursor = start
    for _ in range(days + 1):
        older = [r for r in page(cursor) if not out or day_of(r) < day_of(out[-1])]
        if not older:
            break
        out += older
        if len(out) >= days:
            break
        cursor = day_of(out[-1]) - timedelta(days=1)
    return out[:days]


def _days(days) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise InvalidInput(t("days must be a whole number from 1 to {most}, not {value!r}", most=MAX_DAYS,
                             value=days))
    return days


class FlowsMixin:
    """Investor and broker flows of a domestic stock."""

    def investors(self, code, days: int = 30) -> list[InvestorDay]:
        """Net buying by individuals, foreigners and institutions per session, newest first (≤ 30 sessions)."""
        code = normalize_code(code)
        rows = self._market_call("investors", {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": code},
                                 what=code).output or []
        out = [InvestorDay(day, num(r.get("stck_clpr")), integer(r.get("prsn_ntby_qty")),
                           integer(r.get("frgn_ntby_qty")), integer(r.get("orgn_ntby_qty")),
                           num(r.get("prsn_ntby_tr_pbmn")), num(r.get("frgn_ntby_tr_pbmn")),
                           num(r.get("orgn_ntby_tr_pbmn")))
               for r in rows if (day := ymd(r.get("stck_bsop_date")))]
        return out[:days]

    def members(self, code) -> list[BrokerFlow]:
        """Today's top five selling and top five buying brokers (inquire-member)."""
        code = normalize_code(code)
        o = self._market_call("members", {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": code},
                              what=code).output or {}
        out = []
        for side, key in (("sell", "seln"), ("buy", "shnu")):
            for i in range(1, 6):
                name = string(o.get(f"{key}_mbcr_name{i}"))
                if name:
                    out.append(BrokerFlow(side, i, name, string(o.get(f"{key}_mbcr_no{i}")),
                                          integer(o.get(f"total_{key}_qty{i}")), num(o.get(f"{key}_mbcr_rlim{i}")),
                                          string(o.get(f"{key}_mbcr_glob_yn_{i}")) == "Y"))
        return out

    def flows(self, code, kind: str = "investors", days: int = 30) -> list:
        """One flows table of a stock by kind (see ``FLOW_KINDS``), newest first; program_today ignores days."""
        key = flow_kind(kind)
        method = getattr(self, FLOW_KINDS[key][0])
        return method(code) if key == "program_today" else method(code, days)

    def _flow_call(self, endpoint: str, code: str, **params):
        return self._market_call(endpoint, {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": code, **params},
                                 what=code)

    def investor_flows(self, code, days: int = 30) -> list[InvestorFlowDay]:
        """Net buying by investor type per session, institutions broken down, newest first
        (investor-trade-by-stock-daily; shares, values in millions of won)."""
        code, days = normalize_code(code), _days(days)

        def page(cursor: date) -> list[InvestorFlowDay]:
            rows = self._flow_call("investor_daily", code, FID_INPUT_DATE_1=cursor.strftime("%Y%m%d"),
                                   FID_ORG_ADJ_PRC="", FID_ETC_CLS_CODE="").output2 or []
            return [InvestorFlowDay(
                day, num(r.get("stck_clpr")), num(r.get("prdy_ctrt")), integer(r.get("acml_vol")),
                integer(r.get("prsn_ntby_qty")), integer(r.get("frgn_ntby_qty")), integer(r.get("orgn_ntby_qty")),
                integer(r.get("scrt_ntby_qty")), integer(r.get("ivtr_ntby_qty")), integer(r.get("pe_fund_ntby_vol")),
                integer(r.get("bank_ntby_qty")), integer(r.get("insu_ntby_qty")), integer(r.get("mrbn_ntby_qty")),
                integer(r.get("fund_ntby_qty")), integer(r.get("etc_corp_ntby_vol")),
                num(r.get("prsn_ntby_tr_pbmn")), num(r.get("frgn_ntby_tr_pbmn")), num(r.get("orgn_ntby_tr_pbmn")))
                for r in rows if (day := ymd(r.get("stck_bsop_date")))]

        return _back(page, self.now().date(), days, lambda r: r.date)

    def program_days(self, code, days: int = 30) -> list[ProgramDay]:
        """Program trading per session, newest first (program-trade-by-stock-daily; values in millions of won)."""
        code, days = normalize_code(code), _days(days)

        def page(cursor: date) -> list[ProgramDay]:
            rows = self._flow_call("program_daily", code, FID_INPUT_DATE_1=cursor.strftime("%Y%m%d")).output or []
            return [ProgramDay(day, num(r.get("stck_clpr")), num(r.get("prdy_ctrt")), integer(r.get("acml_vol")),
                               *_program(r)) for r in rows if (day := ymd(r.get("stck_bsop_date")))]

        return _back(page, self.now().date(), days, lambda r: r.date)

    def program_today(self, code) -> list[ProgramTick]:
        """Today's program trading so far, cumulative, newest first (program-trade-by-stock)."""
        code = normalize_code(code)
        rows = self._flow_call("program_trade", code).output or []
        return [ProgramTick(at, num(r.get("stck_prpr")), num(r.get("prdy_ctrt")), integer(r.get("acml_vol")),
                            *_program(r)) for r in rows if (at := hms(r.get("bsop_hour")))]

    def short_sales(self, code, days: int = 30) -> list[ShortSaleDay]:
        """Short selling per session, newest first (daily-short-sale; money in won)."""
        code, days = normalize_code(code), _days(days)

        def page(cursor: date) -> list[ShortSaleDay]:
            first = cursor - timedelta(days=days * 7 // 5 + 14)
            rows = self._flow_call("short_sale_daily", code, FID_INPUT_DATE_1=first.strftime("%Y%m%d"),
                                   FID_INPUT_DATE_2=cursor.strftime("%Y%m%d")).output2 or []
            return [ShortSaleDay(day, num(r.get("stck_clpr")), num(r.get("prdy_ctrt")), integer(r.get("acml_vol")),
                                 integer(r.get("ssts_cntg_qty")), num(r.get("ssts_vol_rlim")),
                                 num(r.get("ssts_tr_pbmn")), num(r.get("ssts_tr_pbmn_rlim")), num(r.get("avrg_prc")))
                    for r in rows if (day := ymd(r.get("stck_bsop_date")))]

        return _back(page, self.now().date(), days, lambda r: r.date)

    def credit_balances(self, code, days: int = 30) -> list[CreditDay]:
        """Margin loans (융자) and stock loans (대주) per trading day, newest first (daily-credit-balance, 30 a
        call: the next call asks from the settlement day before the oldest row)."""
        code, days = normalize_code(code), _days(days)

        def page(cursor: date) -> list[CreditDay]:
            rows = self._market_call("credit_daily", {
                "FID_COND_MRKT_DIV_CODE": "J", "FID_COND_SCR_DIV_CODE": "20476", "FID_INPUT_ISCD": code,
                "FID_INPUT_DATE_1": cursor.strftime("%Y%m%d")}, what=code).output or []
            return [CreditDay(day, ymd(r.get("stlm_date")), num(r.get("stck_prpr")), num(r.get("prdy_ctrt")),
                              integer(r.get("acml_vol")), integer(r.get("whol_loan_new_stcn")),
                              integer(r.get("whol_loan_rdmp_stcn")), integer(r.get("whol_loan_rmnd_stcn")),
                              num(r.get("whol_loan_rmnd_amt")), num(r.get("whol_loan_rmnd_rate")),
                              integer(r.get("whol_stln_new_stcn")), integer(r.get("whol_stln_rdmp_stcn")),
                              integer(r.get("whol_stln_rmnd_stcn")), num(r.get("whol_stln_rmnd_rate")))
                    for r in rows if (day := ymd(r.get("deal_date")))]

        return _back(page, self.now().date(), days, lambda r: r.settle_date or r.date)

    def strength_rank(self, n: int = 30, market: str = "all") -> list[StrengthRow]:
        """KIS's trade-strength ranking (체결강도 상위, volume-power): the top 30 of a market today."""
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 30:
            raise InvalidInput(t("n must be a whole number from 1 to 30, not {value!r}", value=n))
        scope = MARKETS.get(str(market).strip().lower())
        if scope is None:
            raise InvalidInput(t("market must be all, KOSPI, KOSDAQ or KOSPI200, not {value!r}", value=market))
        rows = self._market_call("volume_power", {
            "FID_TRGT_EXLS_CLS_CODE": "0", "FID_COND_MRKT_DIV_CODE": "J", "FID_COND_SCR_DIV_CODE": "20168",
            "FID_INPUT_ISCD": scope, "FID_DIV_CLS_CODE": "0", "FID_INPUT_PRICE_1": "", "FID_INPUT_PRICE_2": "",
            "FID_VOL_CNT": "", "FID_TRGT_CLS_CODE": "0"}).output or []
        return [StrengthRow(integer(r.get("data_rank")), string(r.get("stck_shrn_iscd")), string(r.get("hts_kor_isnm")),
                            num(r.get("stck_prpr")), num(r.get("prdy_ctrt")), integer(r.get("acml_vol")),
                            num(r.get("tday_rltv")), integer(r.get("shnu_cnqn_smtn")), integer(r.get("seln_cnqn_smtn")))
                for r in rows][:n]


def _program(r: dict) -> tuple[int, int, int, float, float, float]:
    """Program selling, buying and net buying: shares, then money as KIS sends it."""
    return (integer(r.get("whol_smtn_seln_vol")), integer(r.get("whol_smtn_shnu_vol")),
            integer(r.get("whol_smtn_ntby_qty")), num(r.get("whol_smtn_seln_tr_pbmn")),
            num(r.get("whol_smtn_shnu_tr_pbmn")), num(r.get("whol_smtn_ntby_tr_pbmn")))
