"""KSD's corporate-event schedules (예탁원 권리일정) and the dividend-rate ranking (배당률 상위) for KisClient
(real domain only).

Every kind's KIS fields are mapped to ``CorporateEvent`` here, once (KIS's API table, ``chk_<api>.py``'s
COLUMN_MAPPING). Dates asked are record dates (기준일); paidin-capin is asked by record date too (GB1 2).
"""

from __future__ import annotations

from datetime import date

from ..codes import normalize_code
from ..errors import InvalidInput
from ..i18n import t
from ..models import CorporateEvent, Dividend, DividendRank
from .fundamentals import DIVIDEND_KINDS, dividend_kind, ksd_day
from .parse import integer, opt, string

EVENT_KINDS = ("dividend", "bonus", "rights", "split", "merger", "appraisal", "reduction", "meeting")
_ENDPOINTS = {"bonus": ("ksd_bonus_issue", {}), "rights": ("ksd_paidin_capin", {"GB1": "2"}),
              "split": ("ksd_rev_split", {"MARKET_GB": "0"}), "merger": ("ksd_merger_split", {}),
              "appraisal": ("ksd_purreq", {}),
              "reduction": ("ksd_cap_dcrs", {}), "meeting": ("ksd_sharehld_meet", {})}
_EVENT_WORDS = {
    "dividend": "dividend", "dividends": "dividend", "배당": "dividend", "bonus": "bonus", "무상증자": "bonus",
    "무상": "bonus", "rights": "rights", "유상증자": "rights", "유상": "rights", "유상청약": "rights",
    "split": "split", "액면교체": "split", "액면분할": "split", "액면병합": "split", "병합": "split",
    "merger": "merger", "합병": "merger", "분할": "merger", "합병분할": "merger", "appraisal": "appraisal",
    "주식매수청구": "appraisal", "매수청구": "appraisal", "reduction": "reduction",
    "감자": "reduction", "자본감소": "reduction", "meeting": "meeting", "주주총회": "meeting", "주총": "meeting",
}
RANK_MARKETS = {"all": "0", "kospi": "1", "kospi200": "2", "kosdaq": "3"}  # GB1
_RANK_SECTORS = {"0": "0001", "1": "0001", "2": "2001", "3": "1001"}  # UPJONG: each market's whole (종합)
RANK_MAX = 100


def event_kinds(value) -> tuple[str, ...]:
    """What a person typed (``bonus``, ``무상증자``, ``all``, blank) as a tuple of ``EVENT_KINDS``."""
    key = str(value if value not in (None, "") else "all").strip().lower()
    if key in ("all", "전체"):
        return EVENT_KINDS
    if key not in _EVENT_WORDS:
        raise InvalidInput(t("event kind must be all or one of {kinds}, not {value!r}",
                             kinds=", ".join(EVENT_KINDS), value=value))
    return (_EVENT_WORDS[key],)


def _num_text(value) -> str:
    v = opt(value)
    return "" if v is None else f"{v:,.10g}"


def _when(value) -> str:
    """A KSD deadline as a date when it is one (``20250710``), else as KIS wrote it."""
    day = ksd_day(value)
    return day.isoformat() if day else string(value)


def _event(kind: str, r: dict) -> CorporateEvent | None:
    """One row of a KSD schedule as an event; None without a record date."""
    day = ksd_day(r.get("record_date"))
    if day is None:
        return None
    rate = price = ex = pay = meet = sub_from = sub_to = listed = None
    halt = string(r.get("td_stop_dt"))
    if kind == "bonus":
        rate, ex = opt(r.get("fix_rate")), ksd_day(r.get("right_dt"))
        pay, listed = ksd_day(r.get("odd_pay_dt")), ksd_day(r.get("list_date"))
        detail = t("{rate} new shares a share, free", rate=_num_text(r.get("fix_rate")))
    elif kind == "rights":
        rate, price, ex, listed = (opt(r.get("fix_rate")), opt(r.get("fix_price")), ksd_day(r.get("right_dt")),
                                   ksd_day(r.get("list_date")))
        sub_from, sub_to = ksd_day(r.get("sub_term_ft")), ksd_day(r.get("sub_term"))
        detail = t("{rate} new shares a share at {price} won ({discount}% discount)",
                   rate=_num_text(r.get("fix_rate")), price=_num_text(r.get("fix_price")),
                   discount=_num_text(r.get("disc_rate")))
    elif kind == "split":
        price, listed = opt(r.get("inter_af_face_amt")), ksd_day(r.get("list_dt"))
        detail = t("par value {before} → {after} won", before=_num_text(r.get("inter_bf_face_amt")),
                   after=_num_text(r.get("inter_af_face_amt")))
    elif kind == "merger":
        rate, pay, listed = opt(r.get("merge_rate")), ksd_day(r.get("odd_amt_pay_dt")), ksd_day(r.get("list_dt"))
        detail = t("{reason}: {target} into {company}, ratio {rate}", reason=string(r.get("merge_type")),
                   target=string(r.get("opp_cust_nm")), company=string(r.get("cust_nm")),
                   rate=_num_text(r.get("merge_rate")))
    elif kind == "appraisal":
        price, pay, meet = opt(r.get("buy_req_price")), ksd_day(r.get("buy_amt_pay_dt")), ksd_day(r.get("meet_dt"))
        detail = t("buy-back at {price} won: dissent by {dissent}, claim by {claim}",
                   price=_num_text(r.get("buy_req_price")), dissent=_when(r.get("opp_opi_rcpt_term")),
                   claim=_when(r.get("buy_req_rcpt_term")))
    elif kind == "reduction":
        rate, listed = opt(r.get("reduce_cap_rate")), ksd_day(r.get("list_dt"))
        detail = (f"{string(r.get('reduce_cap_type'))} {_num_text(r.get('reduce_cap_rate'))}, "
                  f"{string(r.get('comp_way'))}")
    else:  # meeting
        meet = ksd_day(r.get("gen_meet_dt"))
        detail = f"{string(r.get('gen_meet_type'))}: {string(r.get('agenda'))}"
    return CorporateEvent(kind, string(r.get("sht_cd")), day, detail, rate, price, ex, pay, meet, sub_from, sub_to,
                          listed, halt, string(r.get("stk_kind")))


def dividend_event(d: Dividend) -> CorporateEvent:
    """A dividend of KSD's dividend schedule as an event."""
    return CorporateEvent("dividend", d.code, d.record_date, d.kind, d.cash_rate_pct, d.cash_per_share, None,
                          d.pay_date, None, None, None, None, "", d.share_kind)


class EventsMixin:
    """KSD's schedules of the events a holder acts on, and the dividend-rate ranking."""

    def events(self, start: date, end: date, code=None, kind="all") -> list[CorporateEvent]:
        """Events of one kind (or all) with a record date between two days, one stock's or every stock's, by
        record date."""
        kinds = event_kinds(kind)
        if start > end:
            raise InvalidInput(t("start {start} is after end {end}", start=start, end=end))
        code = normalize_code(code) if code not in (None, "") else ""
        found: list[CorporateEvent] = []
        for k in kinds:
            if k == "dividend":
                found += [dividend_event(d) for d in self.dividends(start, end, code or None)]
                continue
            endpoint, fixed = _ENDPOINTS[k]
            params = {"CTS": "", "F_DT": start.strftime("%Y%m%d"), "T_DT": end.strftime("%Y%m%d"), "SHT_CD": code,
                      **fixed}
            found += [e for r in self._ksd_pages(endpoint, params, code) if (e := _event(k, r))]
        return sorted(found, key=lambda e: (e.record_date, e.code, EVENT_KINDS.index(e.kind)))

    def dividend_rank(self, start: date, end: date, market="all", kind="all", n: int = 30) -> list[DividendRank]:
        """배당률 상위: cash dividends by rate with a record date between two days (GB3 2 현금배당, every share
        kind), in KIS's order, the first ``n``."""
        gb1 = RANK_MARKETS.get(str(market or "all").strip().lower())
        if gb1 is None:
            raise InvalidInput(t("market must be all, KOSPI, KOSDAQ or KOSPI200, not {value!r}", value=market))
        if start > end:
            raise InvalidInput(t("start {start} is after end {end}", start=start, end=end))
        if not isinstance(n, int) or not 1 <= n <= RANK_MAX:
            raise InvalidInput(t("n must be a whole number from 1 to {most}, not {value!r}", most=RANK_MAX, value=n))
        params = {"CTS_AREA": "", "GB1": gb1, "UPJONG": _RANK_SECTORS[gb1], "GB2": "0", "GB3": "2",
                  "F_DT": start.strftime("%Y%m%d"), "T_DT": end.strftime("%Y%m%d"),
                  "GB4": DIVIDEND_KINDS[dividend_kind(kind)]}
        rows = self._ksd_pages("dividend_rate_rank", params, "", key="output")
        return [DividendRank(integer(r.get("rank")), string(r.get("sht_cd")), ksd_day(r.get("record_date")),
                             opt(r.get("per_sto_divi_amt")), opt(r.get("divi_rate")), string(r.get("divi_kind")))
                for r in rows][:n]
