"""What the account can sell and what it made, for KisClient: sellable quantity and realised P&L by day and by stock."""

from __future__ import annotations

from datetime import date

from .. import spec
from ..codes import normalize_code
from ..errors import InvalidCode, InvalidInput, KisError
from ..models import PnlDay, PnlSummary, PnlTrade, Sellable
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

    def _period_query(self, endpoint: str, start: date, end: date | None, code=None):
        end = end or self.now().date()
        if start > end:
            raise InvalidInput(f"start {start} is after end {end}")
        params = dict(self._account(), INQR_STRT_DT=start.strftime("%Y%m%d"), INQR_END_DT=end.strftime("%Y%m%d"),
                      SORT_DVSN="01", CBLC_DVSN="00", PDNO=normalize_code(code) if code else "")
        if endpoint == "period_profit":
            params["INQR_DVSN"] = "00"
        try:
            return self.transport.paged(endpoint, params=params)
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
