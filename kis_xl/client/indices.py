"""Market indices for KisClient: KOSPI, KOSDAQ, KOSPI200 now and their history (real domain only)."""

from __future__ import annotations

from datetime import date

from .. import spec
from ..errors import InvalidCode, InvalidInput
from ..models import Bar, IndexQuote
from .market import _bars_back
from .parse import integer, num, opt, ymd


# index code -> English name; typed names map to codes
INDEX_NAMES = {"0001": "KOSPI", "1001": "KOSDAQ", "2001": "KOSPI200"}


_INDEX_WORDS = {"KOSPI": "0001", "코스피": "0001", "종합": "0001", "KOSDAQ": "1001", "코스닥": "1001",
                "KOSPI200": "2001", "KOSPI 200": "2001", "코스피200": "2001", "K200": "2001"}


def index_code(value) -> str:
    """``KOSPI``, ``0001``, ``1`` (what Excel makes of 0001) → the 4-digit index code KIS takes."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip().upper()
    if text in _INDEX_WORDS:
        return _INDEX_WORDS[text]
    if text.isdigit() and len(text) <= 4:
        return text.zfill(4)
    raise InvalidCode(f"not an index code: {value!r} (KOSPI 0001, KOSDAQ 1001, KOSPI200 2001)")


class IndicesMixin:
    """Index levels and their daily, weekly and monthly bars."""

    def index(self, code) -> IndexQuote:
        """An index now (inquire-index-price, FHPUP02100000; real domain only)."""
        code = index_code(code)
        o = self._market_call("index_price", {"FID_COND_MRKT_DIV_CODE": "U", "FID_INPUT_ISCD": code},
                              what=code).output or {}
        level, change = num(o.get("bstp_nmix_prpr")), num(o.get("bstp_nmix_prdy_vrss"))
        return IndexQuote(
            code=code, name=INDEX_NAMES.get(code, code), level=level, change=change,
            change_pct=num(o.get("bstp_nmix_prdy_ctrt")), open=num(o.get("bstp_nmix_oprc")),
            high=num(o.get("bstp_nmix_hgpr")), low=num(o.get("bstp_nmix_lwpr")), prev_close=round(level - change, 2),
            volume=integer(o.get("acml_vol")), value=num(o.get("acml_tr_pbmn")),
            advancing=integer(o.get("ascn_issu_cnt")), declining=integer(o.get("down_issu_cnt")),
            unchanged=integer(o.get("stnr_issu_cnt")), year_high=opt(o.get("dryy_bstp_nmix_hgpr")),
            year_low=opt(o.get("dryy_bstp_nmix_lwpr")), as_of=self.now())

    def index_history(self, code, start: date, end: date | None = None, period: str = "D") -> list[Bar]:
        """Daily (weekly, monthly) index levels, oldest first (inquire-index-daily-price, 100 rows a call)."""
        code = index_code(code)
        period = period.upper()
        if period not in ("D", "W", "M"):
            raise InvalidInput(f"period must be D, W or M for an index, not {period!r}")
        end = end or self.now().date()
        if start > end:
            raise InvalidInput(f"start {start} is after end {end}")

        def page(cursor: date) -> list[Bar]:
            resp = self._market_call("index_daily", {
                "FID_PERIOD_DIV_CODE": period, "FID_COND_MRKT_DIV_CODE": "U", "FID_INPUT_ISCD": code,
                "FID_INPUT_DATE_1": cursor.strftime("%Y%m%d")}, what=code)
            return [Bar(day, num(r.get("bstp_nmix_oprc")), num(r.get("bstp_nmix_hgpr")), num(r.get("bstp_nmix_lwpr")),
                        num(r.get("bstp_nmix_prpr")), integer(r.get("acml_vol")), num(r.get("acml_tr_pbmn")))
                    for r in resp.output2 or [] if (day := ymd(r.get("stck_bsop_date")))]

        return _bars_back(page, start, end, spec.ENDPOINTS["index_daily"].rows(self.market_domain))
