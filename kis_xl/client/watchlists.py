"""Watchlists (관심종목) for KisClient: the groups kept on KIS's server under the HTS id and their stocks
(intstock-grouplist, intstock-stocklist-by-group; real domain only, 모의투자 미지원)."""

from __future__ import annotations

from ..errors import InvalidInput
from ..i18n import t
from ..models import WatchlistGroup, WatchlistStock
from .parse import integer, string
from .screens import _text

_TYPE = "1"  # 관심종목구분코드, as KIS's samples send it


class WatchlistsMixin:
    """The HTS id's watchlist groups and the stocks of one."""

    def watchlist_groups(self) -> list[WatchlistGroup]:
        """The watchlist groups, in KIS's order (intstock-grouplist)."""
        resp = self.market_transport.call("intstock_grouplist", params={
            "TYPE": _TYPE, "FID_ETC_CLS_CODE": "00", "USER_ID": self._hts_id("intstock_grouplist")})
        return [WatchlistGroup(string(r.get("inter_grp_code")), string(r.get("inter_grp_name")),
                               integer(r.get("ask_cnt"))) for r in resp.body.get("output2") or []]

    def watchlist_group(self, group) -> WatchlistGroup:
        """A group by its name or its code (``001``; Excel's 1 is 001)."""
        wanted = _text(group)
        groups = self.watchlist_groups()
        padded = wanted.zfill(3) if wanted.isdigit() else wanted
        found = (next((g for g in groups if g.name == wanted), None)
                 or next((g for g in groups if g.name.casefold() == wanted.casefold()), None)
                 or next((g for g in groups if g.code == padded), None))
        if found is None:
            raise InvalidInput(t("no watchlist group {group}: the groups are {names}", group=wanted,
                                 names=", ".join(f"{g.code} {g.name}" for g in groups) or "-"))
        return found

    def watchlist(self, group) -> list[WatchlistStock]:
        """The stocks of a watchlist group in the HTS's order (intstock-stocklist-by-group)."""
        g = self.watchlist_group(group)
        resp = self.market_transport.call("intstock_stocklist_by_group", params={
            "TYPE": _TYPE, "USER_ID": self._hts_id("intstock_stocklist_by_group"), "INTER_GRP_CODE": g.code,
            "FID_ETC_CLS_CODE": "4", "DATA_RANK": "", "INTER_GRP_NAME": "", "HTS_KOR_ISNM": "", "CNTG_CLS_CODE": ""})
        return [WatchlistStock(string(r.get("jong_code")), string(r.get("hts_kor_isnm")),
                               string(r.get("fid_mrkt_cls_code")), string(r.get("exch_code")), string(r.get("memo")))
                for r in resp.body.get("output2") or [] if string(r.get("jong_code"))]
