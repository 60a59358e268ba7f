"""Who trades a stock, for KisClient: investors by type per day, the brokers (회원사) buying and selling it."""

from __future__ import annotations


from ..codes import normalize_code
from ..models import BrokerFlow, InvestorDay
from .parse import integer, num, string, ymd


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
