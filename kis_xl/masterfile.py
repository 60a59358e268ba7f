"""KIS's stock master files (종목 마스터) as data: where KIS publishes them, their layouts, and how a line reads.

KIS publishes its masters as zipped files at ``https://new.real.download.dws.co.kr/common/master/``
(``stocks_info/`` of KIS's open-trading-api samples): ``kospi_code.mst`` and ``kosdaq_code.mst`` (cp949, one stock
a line: short code in 9 characters, standard code in 12, the Korean name, then a fixed-width tail of 227 and 221
characters, read from the line's end because the name's width in characters varies) and ``nasmst.cod``,
``nysmst.cod``, ``amsmst.cod`` (cp949, tab-separated, 24 fields: symbol, Korean and English names…). The client
reads them (``client/master.py``) and the simulator writes them (``sim/routes_master.py``) from this one layout.
"""

from __future__ import annotations

from dataclasses import dataclass

KIS_MASTER_URL = "https://new.real.download.dws.co.kr"
MASTER_PATH = "/common/master/"
ENCODING = "cp949"


def _widths(text: str) -> tuple[tuple[str, int], ...]:
    return tuple((name, int(width)) for name, width in (item.split(":") for item in text.split()))


_TAIL_START = "scrt_grp_cls_code:2 avls_scal_cls_code:1 bstp_larg_div_code:4 bstp_medm_div_code:4 bstp_smal_div_code:4 "
_TAIL_END = ("stck_sdpr:9 frml_mrkt_deal_qty_unit:5 ovtm_mrkt_deal_qty_unit:5 trht_yn:1 sltr_yn:1 mang_issu_yn:1 "
             "mrkt_alrm_cls_code:2 mrkt_alrm_risk_adnt_yn:1 insn_pbnt_yn:1 byps_lstn_yn:1 flng_cls_code:2 "
             "fcam_mod_cls_code:2 icic_cls_code:2 marg_rate:3 crdt_able:1 crdt_days:3 prdy_vol:12 stck_fcam:12 "
             "stck_lstn_date:8 lstn_stcn:15 cpfn:21 stac_month:2 po_prc:7 prst_cls_code:1 ssts_hot_yn:1 "
             "stange_runup_yn:1 krx300_issu_yn:1 {kospi}sale_account:9 bsop_prfi:9 op_prfi:9 thtr_ntin:5 roe:9 "
             "base_date:8 prdy_avls_scal:9 grp_code:3 co_crdt_limt_over_yn:1 secu_lend_able_yn:1 stln_able_yn:1")
# The fixed-width tail after the name (종목마스터정보(코스피).h, (코스닥).h): 227 and 221 characters.
KOSPI_TAIL = _widths(
    _TAIL_START + "mnin_cls_code_yn:1 low_current_yn:1 sprn_strr_nmix_issu_yn:1 kospi200_apnt_cls_code:1 "
    "kospi100_issu_yn:1 kospi50_issu_yn:1 krx_issu_yn:1 etp_prod_cls_code:1 elw_pblc_yn:1 krx100_issu_yn:1 "
    "krx_car_yn:1 krx_smcn_yn:1 krx_bio_yn:1 krx_bank_yn:1 etpr_undt_objt_co_yn:1 krx_enrg_chms_yn:1 krx_stel_yn:1 "
    "short_over_cls_code:1 krx_medi_cmnc_yn:1 krx_cnst_yn:1 krx_fnnc_svc_yn:1 krx_scrt_yn:1 krx_ship_yn:1 "
    "krx_insu_yn:1 krx_trnp_yn:1 sri_nmix_yn:1 " + _TAIL_END.format(kospi="kospi_issu_yn:1 "))
KOSDAQ_TAIL = _widths(
    _TAIL_START + "vntr_issu_yn:1 low_current_yn:1 krx_issu_yn:1 etp_prod_cls_code:1 krx100_issu_yn:1 krx_car_yn:1 "
    "krx_smcn_yn:1 krx_bio_yn:1 krx_bank_yn:1 etpr_undt_objt_co_yn:1 krx_enrg_chms_yn:1 krx_stel_yn:1 "
    "short_over_cls_code:1 krx_medi_cmnc_yn:1 krx_cnst_yn:1 invt_alrm_yn:1 krx_scrt_yn:1 krx_ship_yn:1 krx_insu_yn:1 "
    "krx_trnp_yn:1 ksq150_nmix_yn:1 " + _TAIL_END.format(kospi=""))
# The fields of a US master line (해외종목코드정보(미국,중국,일본,홍콩,베트남).h), tab-separated.
US_FIELDS = ("ncod", "exid", "excd", "exnm", "symb", "rsym", "knam", "enam", "stis", "curr", "zdiv", "ztyp", "base",
             "bnit", "anit", "mstm", "metm", "isdr", "drcd", "icod", "sjong", "ttyp", "etyp", "ttyp_sb")
HEAD_WIDTHS = (9, 12)  # short code, standard code (ISIN); the Korean name follows

# file (as zipped at MASTER_PATH + file + ".zip") → market it lists
DOMESTIC_FILES = {"kospi_code.mst": "KOSPI", "kosdaq_code.mst": "KOSDAQ"}
US_FILES = {"nasmst.cod": "NAS", "nysmst.cod": "NYS", "amsmst.cod": "AMS"}
TAILS = {"KOSPI": KOSPI_TAIL, "KOSDAQ": KOSDAQ_TAIL}
FUND_GROUPS = {"EF": "ETF", "EN": "ETN", "FE": "ETF"}  # scrt_grp_cls_code of exchange-traded products


@dataclass(frozen=True)
class Listing:
    """One instrument of a master: a KRX code or a US symbol, its names and what kind it is."""

    code: str  # 005930 / AAPL
    name: str  # Korean name (a US symbol's Korean name where KIS gives one, else its English name)
    market: str  # KOSPI, KOSDAQ, NAS, NYS, AMS
    name_en: str = ""  # English name: the US masters carry one, KIS's domestic masters do not
    kind: str = "stock"  # stock, ETF, ETN
    halted: bool = False  # 거래정지
    market_cap: float = 0.0  # previous day's, in 억 won (domestic) — ranks look-alike candidates
    base_price: float = 0.0  # 기준가 / base price

    @property
    def is_us(self) -> bool:
        return self.market in US_FILES.values()

    @property
    def label(self) -> str:
        """``005930 삼성전자`` / ``AAPL 애플 (APPLE INC)``: how a person recognises it."""
        extra = f" ({self.name_en})" if self.name_en and self.name_en != self.name else ""
        return f"{self.code} {self.name}{extra}"


def _fields(tail: str, layout: tuple[tuple[str, int], ...]) -> dict[str, str]:
    out, at = {}, 0
    for name, width in layout:
        out[name] = tail[at:at + width].strip()
        at += width
    return out


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def tail_width(market: str) -> int:
    return sum(width for _, width in TAILS[market])


def read_domestic(text: str, market: str) -> list[Listing]:
    """The listings of a decoded ``kospi_code.mst`` / ``kosdaq_code.mst``; short or garbled lines are skipped."""
    width, layout, out = tail_width(market), TAILS[market], []
    for line in text.splitlines():
        if len(line) <= width + sum(HEAD_WIDTHS):
            continue
        head, tail = line[:-width], line[-width:]
        code, name = head[:HEAD_WIDTHS[0]].strip(), head[sum(HEAD_WIDTHS):].strip()
        if len(code) != 6 or not name:
            continue
        f = _fields(tail, layout)
        out.append(Listing(code, name, market, kind=FUND_GROUPS.get(f["scrt_grp_cls_code"], "stock"),
                           halted=f["trht_yn"] == "Y", market_cap=_number(f["prdy_avls_scal"]),
                           base_price=_number(f["stck_sdpr"])))
    return out


def read_us(text: str, market: str) -> list[Listing]:
    """The listings of a decoded US master (tab-separated); its Korean name first, else its English one."""
    out = []
    for line in text.splitlines():
        values = line.split("\t")
        if len(values) < len(US_FIELDS) - 1:
            continue
        f = dict(zip(US_FIELDS, (v.strip() for v in values)))
        if not f["symb"] or f["stis"] == "1":  # 1: an index, not something to trade
            continue
        english = f["enam"]
        out.append(Listing(f["symb"].upper(), f["knam"] or english, market, name_en=english,  # the file's market
                           kind="ETF" if f["stis"] == "3" else "stock", base_price=_number(f["base"])))
    return out


def domestic_line(code: str, isin: str, name: str, market: str, values: dict[str, object]) -> str:
    """One line of a domestic master in KIS's layout (``values`` by field name; the rest blank)."""
    pad = " " * max(0, 40 - len(name.encode(ENCODING)))  # KIS pads the name to 40 bytes
    head = f"{code:<{HEAD_WIDTHS[0]}}{isin:<{HEAD_WIDTHS[1]}}{name}{pad}"
    tail = "".join(f"{str(values.get(key, '')):<{width}}"[:width] for key, width in TAILS[market])
    return head + tail


def us_line(values: dict[str, object]) -> str:
    """One line of a US master in KIS's layout."""
    return "\t".join(str(values.get(key, "")) for key in US_FIELDS)
