"""Condition search (조건검색) for KisClient: the conditions saved to KIS's server from the HTS and their stocks.

KIS serves only conditions saved from the HTS (영웅문/eFriend Plus [0110] 조건검색 → 사용자조건 서버저장), keyed by
the HTS id (``hts_id`` in the profile), on the real domain only (모의투자 미지원: ``market_data = "real"`` lends a
mock profile a real key, and its HTS id).
"""

from __future__ import annotations

from .. import spec
from ..errors import ConfigError, InvalidInput, KisError, NotOffered
from ..i18n import t
from ..models import Condition, ScreenResult, ScreenRow
from .parse import integer, num, opt, string


class ScreensMixin:
    """psearch-title and psearch-result."""

    def _hts_id(self, endpoint: str) -> str:
        """The HTS id KIS keys the user's conditions and watchlists by (the market profile's, else this one's);
        on a domain KIS does not offer ``endpoint`` on, that first (an HTS id would not help)."""
        if spec.ENDPOINTS[endpoint].tr_id(self.market_domain) is None:
            raise NotOffered(endpoint, self.market_domain)
        market = getattr(self, "market_client", None)
        hts_id = (market.profile.hts_id if market else None) or self.profile.hts_id
        if not hts_id:
            raise ConfigError(t("condition search and watchlists need your HTS id: set hts_id in profile {profile}",
                                profile=self.profile.name))
        return hts_id

    def conditions(self) -> list[Condition]:
        """The conditions saved to KIS's server from the HTS ([0110] 조건검색), in KIS's order (psearch-title)."""
        params = {"user_id": self._hts_id("psearch_title")}
        rows = self.market_transport.call("psearch_title", params=params).body.get("output2") or []
        return [Condition(string(r.get("seq")), string(r.get("condition_nm")), string(r.get("grp_nm"))) for r in rows]

    def condition(self, name_or_seq) -> Condition:
        """A saved condition by its name as the HTS shows it, or by KIS's key (seq: 0, 1…)."""
        wanted = _text(name_or_seq)
        saved = self.conditions()
        found = (next((c for c in saved if c.name == wanted), None)
                 or next((c for c in saved if c.name.casefold() == wanted.casefold()), None)
                 or next((c for c in saved if c.seq == wanted), None))
        if found is None:
            names = ", ".join(f"{c.seq} {c.name}" for c in saved)
            if not saved:
                raise InvalidInput(t("no condition is saved on KIS's server for this HTS id: save one from the HTS "
                                     "([0110] 조건검색 → 사용자조건 서버저장)"))
            raise InvalidInput(t("no saved condition {name}: the saved ones are {names}", name=wanted, names=names))
        return found

    def screen(self, name_or_seq) -> ScreenResult:
        """The stocks a saved condition finds now (psearch-result). KIS returns at most 100 stocks a condition
        (``spec.SCREEN_MAX_ROWS``): ``capped`` says the answer reached it and more stocks may match."""
        cond = self.condition(name_or_seq)
        params = {"user_id": self._hts_id("psearch_result"), "seq": cond.seq}
        try:
            resp = self.market_transport.call("psearch_result", params=params)
        except KisError as exc:
            if exc.msg_cd == spec.MSG["screen_empty"].code:  # KIS's answer when nothing matches
                return ScreenResult(cond, [], False)
            raise
        rows = [_row(r) for r in resp.body.get("output2") or [] if string(r.get("code"))]
        return ScreenResult(cond, rows, len(rows) >= spec.SCREEN_MAX_ROWS)


def _text(value) -> str:
    """A name or key as typed; Excel's 3.0 is 3."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip()
    if not text:
        raise InvalidInput(t("name a saved condition (or a watchlist group)"))
    return text


def _row(r: dict) -> ScreenRow:
    vol = opt(r.get("expcvol"))
    return ScreenRow(
        code=string(r.get("code")), name=string(r.get("name")), price=num(r.get("price")), change=num(r.get("change")),
        change_pct=num(r.get("chgrate")), volume=integer(r.get("acml_vol")), value=num(r.get("trade_amt")),
        strength=opt(r.get("cttr")), open=opt(r.get("open")), high=opt(r.get("high")), low=opt(r.get("low")),
        year_high=opt(r.get("high52")), year_low=opt(r.get("low52")), expected_price=opt(r.get("expprice")),
        expected_change=opt(r.get("expchange")), expected_change_pct=opt(r.get("expchggrate")),
        expected_volume=None if vol is None else int(vol), volume_ratio=opt(r.get("chgrate2")),
        base_price=opt(r.get("recprice")), upper_limit=opt(r.get("uplmtprice")), lower_limit=opt(r.get("dnlmtprice")),
        market_cap=opt(r.get("stotprice")))
