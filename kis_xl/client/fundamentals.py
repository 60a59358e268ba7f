"""A company's fundamentals (재무) and KSD's dividend schedule (배당일정) for KisClient (real domain only).

KIS's field names are mapped to the models here, once: ``STATEMENTS`` names each statement kind's endpoint,
model and fields (KIS's API table, ``chk_<api>.py``'s COLUMN_MAPPING).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..codes import normalize_code
from ..errors import InvalidInput
from ..i18n import t
from ..models import (BalanceSheet, Dividend, EstimateRow, Estimates, FinancialRatio, GrowthRatio, IncomeStatement,
                      Opinion, ProfitRatio)
from .parse import opt, string, ymd


@dataclass(frozen=True)
class Statement:
    """One statement kind: its endpoint and its model's fields in KIS's names (after ``period``: stac_yymm)."""

    endpoint: str
    model: type
    fields: tuple[str, ...]


STATEMENTS: dict[str, Statement] = {
    "ratio": Statement("financial_ratio", FinancialRatio, (
        "grs", "bsop_prfi_inrt", "ntin_inrt", "roe_val", "eps", "sps", "bps", "rsrv_rate", "lblt_rate")),
    "income": Statement("income_statement", IncomeStatement, (
        "sale_account", "sale_cost", "sale_totl_prfi", "depr_cost", "sell_mang", "bsop_prti", "bsop_non_ernn",
        "bsop_non_expn", "op_prfi", "spec_prfi", "spec_loss", "thtr_ntin")),
    "balance": Statement("balance_sheet", BalanceSheet, (
        "cras", "fxas", "total_aset", "flow_lblt", "fix_lblt", "total_lblt", "cpfn", "cfp_surp", "prfi_surp",
        "total_cptl")),
    "growth": Statement("growth_ratio", GrowthRatio, ("grs", "bsop_prfi_inrt", "equt_inrt", "totl_aset_inrt")),
    "profit": Statement("profit_ratio", ProfitRatio, (
        "cptl_ntin_rate", "self_cptl_ntin_inrt", "sale_ntin_rate", "sale_totl_rate")),
}
KINDS = (*STATEMENTS, "estimate", "opinion")
_KIND_WORDS = {
    "ratio": "ratio", "ratios": "ratio", "재무비율": "ratio", "income": "income", "손익계산서": "income",
    "balance": "balance", "대차대조표": "balance", "재무상태표": "balance", "growth": "growth", "성장성": "growth",
    "성장성비율": "growth", "profit": "profit", "수익성": "profit", "수익성비율": "profit", "estimate": "estimate",
    "estimates": "estimate", "추정실적": "estimate", "opinion": "opinion", "opinions": "opinion", "투자의견": "opinion",
}
_PERIOD_WORDS = {"year": "0", "y": "0", "annual": "0", "연간": "0", "년": "0", "0": "0",
                 "quarter": "1", "q": "1", "분기": "1", "1": "1"}
DIVIDEND_KINDS = {"all": "0", "final": "1", "interim": "2"}  # GB1: 배당전체, 결산배당, 중간배당
_DIVIDEND_WORDS = {"all": "all", "전체": "all", "final": "final", "결산": "final", "결산배당": "final",
                   "interim": "interim", "중간": "interim", "중간배당": "interim"}
MAX_PAGES = 10  # KIS's sample follows tr_cont at most this deep
OPINION_SCREEN = "16633"  # FID_COND_SCR_DIV_CODE, as KIS's sample sends it


def financial_kind(value) -> str:
    """What a person typed (``ratio``, ``손익계산서``…) as one of ``KINDS``."""
    key = str(value if value not in (None, "") else "ratio").strip().lower()
    if key not in _KIND_WORDS:
        raise InvalidInput(t("kind must be one of {kinds}, not {value!r}", kinds=", ".join(KINDS), value=value))
    return _KIND_WORDS[key]


def period_code(value) -> str:
    """``year``/``quarter`` (연간/분기) as KIS's FID_DIV_CLS_CODE, 0 or 1."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    key = str(value if value not in (None, "") else "year").strip().lower()
    if key not in _PERIOD_WORDS:
        raise InvalidInput(t("period must be year or quarter (연간/분기), not {value!r}", value=value))
    return _PERIOD_WORDS[key]


def dividend_kind(value) -> str:
    key = str(value if value not in (None, "") else "all").strip().lower()
    if key not in _DIVIDEND_WORDS:
        raise InvalidInput(t("dividend kind must be all, final or interim (전체/결산/중간), not {value!r}",
                             value=value))
    return _DIVIDEND_WORDS[key]


def period_label(value) -> str:
    """KIS's 결산 년월 ``202412`` as ``2024.12``; anything else as sent."""
    text = string(value)
    return f"{text[:4]}.{text[4:6]}" if len(text) == 6 and text.isdigit() else text


def ksd_day(value) -> date | None:
    """A KSD date as ``20250415`` or ``2025/04/15``; None when empty."""
    return ymd("".join(c for c in string(value) if c.isdigit()))


class FundamentalsMixin:
    """Financial statements and ratios, estimates, analysts' opinions and dividends of domestic stocks."""

    def financials(self, code, kind="ratio", period="year") -> list:
        """One statement kind (``ratio``, ``income``, ``balance``, ``growth``, ``profit``) per period, newest first."""
        kind, div = financial_kind(kind), period_code(period)
        if kind not in STATEMENTS:
            raise InvalidInput(t("kind {kind} has its own call: estimates() or opinions()", kind=kind))
        code = normalize_code(code)
        st = STATEMENTS[kind]
        rows = self._market_call(st.endpoint, {"FID_DIV_CLS_CODE": div, "FID_COND_MRKT_DIV_CODE": "J",
                                               "FID_INPUT_ISCD": code}, what=code).output or []
        rows = rows if isinstance(rows, list) else [rows]
        return [st.model(period_label(r.get("stac_yymm")), *(opt(r.get(f)) for f in st.fields)) for r in rows]

    def opinions(self, code, start: date, end: date) -> list[Opinion]:
        """Analysts' opinions and target prices between two days (invest-opinion), as KIS orders them."""
        code = normalize_code(code)
        rows = self._market_call("invest_opinion", {
            "FID_COND_MRKT_DIV_CODE": "J", "FID_COND_SCR_DIV_CODE": OPINION_SCREEN, "FID_INPUT_ISCD": code,
            "FID_INPUT_DATE_1": start.strftime("%Y%m%d"), "FID_INPUT_DATE_2": end.strftime("%Y%m%d")},
            what=code).output or []
        return [Opinion(day, string(r.get("invt_opnn")), string(r.get("invt_opnn_cls_code")),
                        string(r.get("rgbf_invt_opnn")), string(r.get("rgbf_invt_opnn_cls_code")),
                        opt(r.get("hts_goal_prc")), opt(r.get("stck_prdy_clpr")), opt(r.get("stck_nday_esdg")),
                        opt(r.get("nday_dprt")), opt(r.get("stft_esdg")), opt(r.get("dprt")))
                for r in rows if (day := ymd(r.get("stck_bsop_date")))]

    def estimates(self, code) -> Estimates:
        """Analysts' estimated results (estimate-perform): output2 and output3's lines, one value per output4 period."""
        code = normalize_code(code)
        body = self._market_call("estimate_perform", {"SHT_CD": code}, what=code).body
        head = body.get("output1") or {}
        head = head[0] if isinstance(head, list) and head else head if isinstance(head, dict) else {}
        periods = tuple(period_label(r.get("dt")) for r in body.get("output4") or [])
        rows = tuple(EstimateRow(block, i, tuple(opt(r.get(f"data{n}")) for n in range(1, len(periods) + 1)))
                     for block, key in (("statement", "output2"), ("indicators", "output3"))
                     for i, r in enumerate(body.get(key) or [], 1))
        return Estimates(code, string(head.get("item_kor_nm")), periods, rows)

    def dividends(self, start: date, end: date, code=None, kind="all") -> list[Dividend]:
        """KSD's dividend schedule (ksdinfo/dividend) by record date: one stock's, or every stock's."""
        if start > end:
            raise InvalidInput(t("start {start} is after end {end}", start=start, end=end))
        code = normalize_code(code) if code not in (None, "") else ""
        params = {"CTS": "", "GB1": DIVIDEND_KINDS[dividend_kind(kind)], "F_DT": start.strftime("%Y%m%d"),
                  "T_DT": end.strftime("%Y%m%d"), "SHT_CD": code, "HIGH_GB": ""}
        return [Dividend(day, string(r.get("sht_cd")), string(r.get("divi_kind")), opt(r.get("face_val")),
                         opt(r.get("per_sto_divi_amt")), opt(r.get("divi_rate")), opt(r.get("stk_divi_rate")),
                         ksd_day(r.get("divi_pay_dt")), ksd_day(r.get("stk_div_pay_dt")), ksd_day(r.get("odd_pay_dt")),
                         string(r.get("stk_kind")), string(r.get("high_divi_gb")) == "Y")
                for r in self._ksd_pages("ksd_dividend", params, code) if (day := ksd_day(r.get("record_date")))]

    def _ksd_pages(self, endpoint: str, params: dict, what: str, key: str = "output1") -> list[dict]:
        """Every row of a KSD schedule: KIS's samples ask again with the same inputs and tr_cont N while KIS
        answers M (or F), at most ``MAX_PAGES`` deep."""
        rows: list[dict] = []
        tr_cont = ""
        for _ in range(MAX_PAGES):
            answer = self._market_call(endpoint, params, what=what, tr_cont=tr_cont)
            page = answer.body.get(key) or []
            rows += page if isinstance(page, list) else [page]
            if answer.tr_cont not in ("M", "F"):
                break
            tr_cont = "N"
        return rows
