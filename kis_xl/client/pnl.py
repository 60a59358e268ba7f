"""What the account can sell and what it made, for KisClient: sellable quantity and realised P&L by day and by stock."""

from __future__ import annotations

from datetime import date

from .. import spec
from ..codes import normalize_code
from ..errors import InvalidCode, InvalidInput, KisError
from ..models import PnlDay, PnlSummary, PnlTrade, Sellable, UsPnlSummary, UsPnlTrade
from .market import UNKNOWN_CODE_MSGS, refused_dates
from .parse import integer, num, opt, string, ymd


class PnlMixin:
    """Sellable quantity (inquire-psbl-sell) and realised P&L (period profit, real accounts)."""

    def sellable(self, code) -> Sellable:
        """inquire-psbl-sell (TTTC8408R, real accounts). On the mock domain, which lacks it, the balance's
        orderable quantity (ord_psbl_qty) answers instead."""
        code = normalize_code(code)
        if self.domain != spec.REAL:
            h = next((h for h in self.balance().holdings if h.code == code), None)
            if h is None:
                return Sellable(code, 0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0)
            return Sellable(code, h.orderable_qty, h.quantity, 0, 0, h.avg_price, h.price, h.evaluation, h.pnl,
                            h.pnl_pct)
        try:
            o = self.transport.call("sellable", params=dict(self._account(), PDNO=code)).output or {}
        except KisError as exc:
            if exc.msg_cd in UNKNOWN_CODE_MSGS:
                raise InvalidCode(f"unknown code {code}") from None
            raise
        return Sellable(code, integer(o.get("ord_psbl_qty")), integer(o.get("cblc_qty")), integer(o.get("buy_qty")),
                        integer(o.get("sll_qty")), num(o.get("pchs_avg_pric")), num(o.get("now_pric")),
                        num(o.get("evlu_amt")), num(o.get("evlu_pfls_amt")), num(o.get("evlu_pfls_rt")))

    def _period_query(self, endpoint: str, start: date, end: date | None, code=None, won: bool = False):
        end = end or self.now().date()
        if start > end:
            raise InvalidInput(f"start {start} is after end {end}")
        params = dict(self._account(), INQR_STRT_DT=start.strftime("%Y%m%d"), INQR_END_DT=end.strftime("%Y%m%d"))
        ctx = ("CTX_AREA_FK100", "CTX_AREA_NK100")
        if endpoint == "us_period_profit":  # NASD: 미국 (all of the US), in KIS's sample
            params.update(OVRS_EXCG_CD="NASD", NATN_CD="", CRCY_CD="USD", PDNO=str(code or "").strip().upper(),
                          WCRC_FRCR_DVSN_CD="02" if won else "01")
            ctx = ("CTX_AREA_FK200", "CTX_AREA_NK200")
        else:
            params.update(SORT_DVSN="01", CBLC_DVSN="00", PDNO=normalize_code(code) if code else "")
        if endpoint == "period_profit":
            params["INQR_DVSN"] = "00"
        try:
            return self.transport.paged(endpoint, params=params, ctx=ctx)
        except KisError as exc:
            if refused_dates(exc):
                raise InvalidInput(f"KIS refuses the dates asked ({exc.msg1})") from None
            raise

    @staticmethod
    def _summary(o: dict) -> PnlSummary:
        return PnlSummary(num(o.get("tot_rlzt_pfls")), num(o.get("sll_tr_amt_smtl")), num(o.get("buy_tr_amt_smtl")),
                          num(o.get("tot_fee")), num(o.get("tot_tltx")), opt(o.get("tot_pftrt")))

    def pnl_by_day(self, start: date, end: date | None = None) -> tuple[list[PnlDay], PnlSummary]:
        """Realised P&L summed by day, oldest first, and the period's totals (TTTC8708R, real accounts)."""
        rows, resp = self._period_query("period_profit", start, end)
        days = [PnlDay(d, num(r.get("rlzt_pfls")), num(r.get("pfls_rt")), num(r.get("sll_amt")), num(r.get("buy_amt")),
                       num(r.get("fee")), num(r.get("tl_tax")), integer(r.get("sll_qty1")), integer(r.get("buy_qty1")))
                for r in rows if (d := ymd(r.get("trad_dt")))]
        out2 = resp.output2
        return sorted(days, key=lambda x: x.date), self._summary(out2[0] if isinstance(out2, list) and out2 else out2 or {})

    def pnl_by_stock(self, start: date, end: date | None = None, code=None) -> tuple[list[PnlTrade], PnlSummary]:
        """Realised P&L by day and stock, oldest first, and the period's totals (TTTC8715R, real accounts)."""
        rows, resp = self._period_query("period_trade_profit", start, end, code)
        trades = [PnlTrade(d, string(r.get("pdno")), string(r.get("prdt_name")), integer(r.get("sll_qty")),
                           num(r.get("sll_pric")), num(r.get("sll_amt")), num(r.get("pchs_unpr")),
                           num(r.get("rlzt_pfls")), num(r.get("pfls_rt")), num(r.get("fee")), num(r.get("tl_tax")),
                           integer(r.get("buy_qty")), num(r.get("buy_amt")))
                  for r in rows if (d := ymd(r.get("trad_dt")))]
        out2 = resp.output2
        return (sorted(trades, key=lambda x: (x.date, x.code)),
                self._summary(out2[0] if isinstance(out2, list) and out2 else out2 or {}))

    def us_pnl(self, start: date, end: date | None = None, symbol: str | None = None,
               won: bool = False) -> tuple[list[UsPnlTrade], UsPnlSummary]:
        """US realised P&L by trade day and stock, oldest first, and the period's totals (해외주식 기간손익,
        TTTS3039R, real accounts): in dollars, or in won as KIS converts them (``won``)."""
        rows, resp = self._period_query("us_period_profit", start, end, symbol, won)
        currency = "KRW" if won else "USD"
        trades = [UsPnlTrade(d, string(r.get("ovrs_pdno")), string(r.get("ovrs_excg_cd")), integer(r.get("slcl_qty")),
                             num(r.get("pchs_avg_pric")), num(r.get("frcr_pchs_amt1")), num(r.get("avg_sll_unpr")),
                             num(r.get("frcr_sll_amt_smtl1")), num(r.get("stck_sll_tlex")),
                             num(r.get("ovrs_rlzt_pfls_amt")), num(r.get("pftrt")), opt(r.get("exrt")), currency)
                  for r in rows if (d := ymd(r.get("trad_day")))]
        out2 = resp.output2
        o = (out2[0] if isinstance(out2, list) and out2 else out2) or {}
        total = UsPnlSummary(num(o.get("stck_sll_amt_smtl")), num(o.get("stck_buy_amt_smtl")), num(o.get("smtl_fee1")),
                             num(o.get("excc_dfrm_amt")), num(o.get("ovrs_rlzt_pfls_tot_amt")), opt(o.get("tot_pftrt")),
                             opt(o.get("exrt")), currency)
        return sorted(trades, key=lambda x: (x.date, x.code)), total
