"""KIS's real-time (WebSocket) protocol as data and codecs: shared by the client and the simulator.

Facts from KIS's sample repository (koreainvestment/open-trading-api): ``examples_user/kis_auth.py``
(``KISWebSocket``: subscribe JSON, ``system_resp``, PINGPONG, ``aes_cbc_base64_dec``, ``smart_sleep``
pacing), the column lists of ``examples_user/domestic_stock/domestic_stock_functions_ws.py`` (H0STCNT0,
H0STASP0, H0STANC0, H0STMKO0, H0UPCNT0, H0STCNI0/9), ``examples_user/overseas_stock/overseas_stock_functions_ws.py``
(H0GSCNI0/9) and ``legacy/Sample01/kis_ovrseastk_ws.py`` (HDFSCNT0 with its first column ``RSYM``, which the
newer list leaves out because its pandas frame takes that column as the index).

A data frame is text ``<enc>|<tr_id>|<count, 3 digits>|<payload>``: enc ``0`` plain, ``1`` encrypted
(AES-256-CBC, PKCS7, base64; key and iv are the UTF-8 text of the subscribe reply's ``output.key``/``iv``).
The payload holds ``count`` records of the feed's columns, every field joined by ``^``. KIS has added
columns to feeds before: records wider than the known layout are read by the known columns, narrower
ones padded with empty fields, and ``split_frame`` says how wide they were so the reader can warn once.
Anything else is a JSON control message (subscribe replies, ``PINGPONG``).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

TRADES = "H0STCNT0"  # 국내주식 실시간체결가 (KRX); the same tr_id on both domains
ORDER_BOOK = "H0STASP0"  # 국내주식 실시간호가 (KRX)
EXPECTED = "H0STANC0"  # 국내주식 실시간예상체결 (KRX): the auctions' expected price and volume
MARKET_STATUS = "H0STMKO0"  # 국내주식 장운영정보 (KRX): trading halts, VI on and off
INDEX = "H0UPCNT0"  # 국내지수 실시간체결; tr_key 0001 KOSPI, 1001 KOSDAQ, 2001 KOSPI200
US_TRADES = "HDFSCNT0"  # 해외주식 실시간지연체결가; tr_key D+exchange+symbol (DNASAAPL), daytime R+BAQ/BAY/BAA+symbol
NOTICE_REAL, NOTICE_MOCK = "H0STCNI0", "H0STCNI9"  # 국내주식 체결통보 (encrypted); tr_key = HTS id
US_NOTICE_REAL, US_NOTICE_MOCK = "H0GSCNI0", "H0GSCNI9"  # 해외주식 체결통보 (encrypted), their own layout
DOMESTIC_NOTICES = frozenset({NOTICE_REAL, NOTICE_MOCK})
US_NOTICES = frozenset({US_NOTICE_REAL, US_NOTICE_MOCK})
NOTICES = DOMESTIC_NOTICES | US_NOTICES
PINGPONG = "PINGPONG"
MAX_REGISTRATIONS = 41  # per session, KIS's limit; clients keep to 40
CLIENT_BUDGET = 40
REGISTER, RELEASE = "1", "2"
# KIS's document index marks every real-time feed but these "모의투자 미지원" (not offered on the mock domain)
MOCK_FEEDS = frozenset({TRADES, ORDER_BOOK, NOTICE_MOCK, US_NOTICE_MOCK})
REAL_FEEDS = frozenset({TRADES, ORDER_BOOK, EXPECTED, MARKET_STATUS, INDEX, US_TRADES, NOTICE_REAL, US_NOTICE_REAL})
# seconds between subscribe messages, as KIS's sample paces them (kis_auth.smart_sleep: 0.05 real, 0.5 mock)
PACE = {"real": 0.05, "mock": 0.5}
US_EXCHANGES = {"NAS": "NAS", "NYS": "NYS", "AMS": "AMS", "BAQ": "NAS", "BAY": "NYS", "BAA": "AMS"}
US_DAYTIME = {"NAS": "BAQ", "NYS": "BAY", "AMS": "BAA"}  # the US daytime session's market codes (미국주간)

_TRADE_COLUMNS = (
    "MKSC_SHRN_ISCD", "STCK_CNTG_HOUR", "STCK_PRPR", "PRDY_VRSS_SIGN", "PRDY_VRSS", "PRDY_CTRT",
    "WGHN_AVRG_STCK_PRC", "STCK_OPRC", "STCK_HGPR", "STCK_LWPR", "ASKP1", "BIDP1", "CNTG_VOL", "ACML_VOL",
    "ACML_TR_PBMN", "SELN_CNTG_CSNU", "SHNU_CNTG_CSNU", "NTBY_CNTG_CSNU", "CTTR", "SELN_CNTG_SMTN",
    "SHNU_CNTG_SMTN", "CCLD_DVSN", "SHNU_RATE", "PRDY_VOL_VRSS_ACML_VOL_RATE", "OPRC_HOUR",
    "OPRC_VRSS_PRPR_SIGN", "OPRC_VRSS_PRPR", "HGPR_HOUR", "HGPR_VRSS_PRPR_SIGN", "HGPR_VRSS_PRPR", "LWPR_HOUR",
    "LWPR_VRSS_PRPR_SIGN", "LWPR_VRSS_PRPR", "BSOP_DATE", "NEW_MKOP_CLS_CODE", "TRHT_YN", "ASKP_RSQN1",
    "BIDP_RSQN1", "TOTAL_ASKP_RSQN", "TOTAL_BIDP_RSQN", "VOL_TNRT", "PRDY_SMNS_HOUR_ACML_VOL",
    "PRDY_SMNS_HOUR_ACML_VOL_RATE", "HOUR_CLS_CODE", "MRKT_TRTM_CLS_CODE")

COLUMNS: dict[str, tuple[str, ...]] = {
    TRADES: (*_TRADE_COLUMNS, "VI_STND_PRC"),
    EXPECTED: _TRADE_COLUMNS,  # STCK_PRPR is the expected price, CNTG_VOL the expected volume
    ORDER_BOOK: (
        "MKSC_SHRN_ISCD", "BSOP_HOUR", "HOUR_CLS_CODE",
        *(f"ASKP{i}" for i in range(1, 11)), *(f"BIDP{i}" for i in range(1, 11)),
        *(f"ASKP_RSQN{i}" for i in range(1, 11)), *(f"BIDP_RSQN{i}" for i in range(1, 11)),
        "TOTAL_ASKP_RSQN", "TOTAL_BIDP_RSQN", "OVTM_TOTAL_ASKP_RSQN", "OVTM_TOTAL_BIDP_RSQN", "ANTC_CNPR",
        "ANTC_CNQN", "ANTC_VOL", "ANTC_CNTG_VRSS", "ANTC_CNTG_VRSS_SIGN", "ANTC_CNTG_PRDY_CTRT", "ACML_VOL",
        "TOTAL_ASKP_RSQN_ICDC", "TOTAL_BIDP_RSQN_ICDC", "OVTM_TOTAL_ASKP_ICDC", "OVTM_TOTAL_BIDP_ICDC",
        "STCK_DEAL_CLS_CODE"),
    MARKET_STATUS: (
        "MKSC_SHRN_ISCD", "TRHT_YN", "TR_SUSP_REAS_CNTT", "MKOP_CLS_CODE", "ANTC_MKOP_CLS_CODE",
        "MRKT_TRTM_CLS_CODE", "DIVI_APP_CLS_CODE", "ISCD_STAT_CLS_CODE", "VI_CLS_CODE", "OVTM_VI_CLS_CODE",
        "EXCH_CLS_CODE"),
    INDEX: (
        "BSTP_CLS_CODE", "BSOP_HOUR", "PRPR_NMIX", "PRDY_VRSS_SIGN", "BSTP_NMIX_PRDY_VRSS", "ACML_VOL",
        "ACML_TR_PBMN", "PCAS_VOL", "PCAS_TR_PBMN", "PRDY_CTRT", "OPRC_NMIX", "NMIX_HGPR", "NMIX_LWPR",
        "OPRC_VRSS_NMIX_PRPR", "OPRC_VRSS_NMIX_SIGN", "HGPR_VRSS_NMIX_PRPR", "HGPR_VRSS_NMIX_SIGN",
        "LWPR_VRSS_NMIX_PRPR", "LWPR_VRSS_NMIX_SIGN", "PRDY_CLPR_VRSS_OPRC_RATE", "PRDY_CLPR_VRSS_HGPR_RATE",
        "PRDY_CLPR_VRSS_LWPR_RATE", "UPLM_ISSU_CNT", "ASCN_ISSU_CNT", "STNR_ISSU_CNT", "DOWN_ISSU_CNT",
        "LSLM_ISSU_CNT", "QTQT_ASCN_ISSU_CNT", "QTQT_DOWN_ISSU_CNT", "TICK_VRSS"),
    US_TRADES: (
        "RSYM", "SYMB", "ZDIV", "TYMD", "XYMD", "XHMS", "KYMD", "KHMS", "OPEN", "HIGH", "LOW", "LAST", "SIGN",
        "DIFF", "RATE", "PBID", "PASK", "VBID", "VASK", "EVOL", "TVOL", "TAMT", "BIVL", "ASVL", "STRN", "MTYP"),
    NOTICE_REAL: (
        "CUST_ID", "ACNT_NO", "ODER_NO", "OODER_NO", "SELN_BYOV_CLS", "RCTF_CLS", "ODER_KIND", "ODER_COND",
        "STCK_SHRN_ISCD", "CNTG_QTY", "CNTG_UNPR", "STCK_CNTG_HOUR", "RFUS_YN", "CNTG_YN", "ACPT_YN", "BRNC_NO",
        "ODER_QTY", "ACNT_NAME", "ORD_COND_PRC", "ORD_EXG_GB", "POPUP_YN", "FILLER", "CRDT_CLS",
        "CRDT_LOAN_DATE", "CNTG_ISNM40", "ODER_PRC"),
    US_NOTICE_REAL: (
        "CUST_ID", "ACNT_NO", "ODER_NO", "OODER_NO", "SELN_BYOV_CLS", "RCTF_CLS", "ODER_KIND2", "STCK_SHRN_ISCD",
        "CNTG_QTY", "CNTG_UNPR", "STCK_CNTG_HOUR", "RFUS_YN", "CNTG_YN", "ACPT_YN", "BRNC_NO", "ODER_QTY",
        "ACNT_NAME", "CNTG_ISNM", "ODER_COND", "DEBT_GB", "DEBT_DATE", "START_TM", "END_TM", "TM_DIV_TP",
        "CNTG_UNPR12"),
}
COLUMNS[NOTICE_MOCK] = COLUMNS[NOTICE_REAL]
COLUMNS[US_NOTICE_MOCK] = COLUMNS[US_NOTICE_REAL]
WIDTH = {tr_id: len(cols) for tr_id, cols in COLUMNS.items()}
FIELD = {tr_id: {name: i for i, name in enumerate(cols)} for tr_id, cols in COLUMNS.items()}
# US notices' CNTG_UNPR leaves out the decimal point: four places for US stocks (001480100 = 148.0100)
US_PRICE_DECIMALS = 4
US_NOTICE_EXCHANGE = {"6": "NAS", "7": "NYS", "8": "AMS"}  # ODER_COND 해외종목구분


@dataclass(frozen=True)
class Reply:
    """A control reply: KIS's ``msg_cd``, ``msg1`` and ``rt_cd`` (0 success, 1 refused, 9 not understood)."""

    code: str
    text: str
    rt_cd: str = "1"

    @property
    def ok(self) -> bool:
        return self.rt_cd == "0"


# python-kis matches on msg_cd, KIS's sample on msg1[:5]; texts and rt_cd as KIS's traffic quotes them
SUBSCRIBED = Reply("OPSP0000", "SUBSCRIBE SUCCESS", "0")
UNSUBSCRIBED = Reply("OPSP0001", "UNSUBSCRIBE SUCCESS", "0")
ALREADY = Reply("OPSP0002", "ALREADY IN SUBSCRIBE")
NOT_SUBSCRIBED = Reply("OPSP0003", "UNSUBSCRIBE ERROR(not found!)")
INTERNAL = Reply("OPSP0007", "SUBSCRIBE INTERNAL ERROR")
MAX_OVER = Reply("OPSP0008", "MAX SUBSCRIBE OVER")
BAD_APPROVAL = Reply("OPSP0011", "invalid approval : NOT FOUND")
BAD_TR_ID = Reply("OPSP8991", "SUBSCRIBE ERROR : invalid tr_id")
UNKNOWN_TR_KEY = Reply("OPSP8992", "SUBSCRIBE ERROR : invalid tr_key")
BAD_TR_KEY = Reply("OPSP8993", "JSON PARSING ERROR : invalid tr_key", "9")
IN_USE = Reply("OPSP8996", "ALREADY IN USE appkey")
BAD_TR_TYPE = Reply("OPSP8997", "JSON PARSING ERROR : invalid tr_type", "9")
NO_TR_KEY = Reply("OPSP9990", "JSON PARSING ERROR : tr_key not found", "9")
NO_INPUT = Reply("OPSP9991", "JSON PARSING ERROR : input not found", "9")
NO_BODY = Reply("OPSP9992", "JSON PARSING ERROR : body not found", "9")
NO_HEADER = Reply("OPSP9998", "JSON PARSING ERROR : header not found", "9")
BAD_JSON = Reply("OPSP9999", "JSON PARSING ERROR : invalid json format", "9")


def feeds(mock: bool) -> frozenset[str]:
    """The feeds a domain offers."""
    return MOCK_FEEDS if mock else REAL_FEEDS


def notice_tr_id(mock: bool) -> str:
    return NOTICE_MOCK if mock else NOTICE_REAL


def us_notice_tr_id(mock: bool) -> str:
    return US_NOTICE_MOCK if mock else US_NOTICE_REAL


def us_key(symbol: str, exchange: str, daytime: bool = False) -> str:
    """HDFSCNT0's tr_key: ``D`` + NAS/NYS/AMS + symbol; the daytime session's ``R`` + BAQ/BAY/BAA + symbol."""
    exchange = exchange.upper()
    return f"R{US_DAYTIME[exchange]}{symbol.upper()}" if daytime else f"D{exchange}{symbol.upper()}"


def parse_us_key(tr_key: str) -> tuple[str, str, bool] | None:
    """(exchange NAS/NYS/AMS, symbol, daytime) of an HDFSCNT0 tr_key; None if it is not one."""
    market = tr_key[1:4].upper()
    if len(tr_key) < 5 or tr_key[0] not in "DR" or market not in US_EXCHANGES \
            or (tr_key[0] == "R") != (market in US_DAYTIME.values()):
        return None
    return US_EXCHANGES[market], tr_key[4:].upper(), tr_key[0] == "R"


def subscribe_message(approval_key: str, tr_id: str, tr_key: str, register: bool = True) -> str:
    return json.dumps({"header": {"approval_key": approval_key, "custtype": "P",
                                  "tr_type": REGISTER if register else RELEASE, "content-type": "utf-8"},
                       "body": {"input": {"tr_id": tr_id, "tr_key": tr_key}}})


def frame(tr_id: str, records: list[list[str]] | list[tuple[str, ...]], encrypted: bool = False,
          key: str = "", iv: str = "") -> str:
    payload = "^".join("^".join(r) for r in records)
    if encrypted:
        payload = encrypt(key, iv, payload)
    return f"{1 if encrypted else 0}|{tr_id}|{len(records):03d}|{payload}"


def _cipher(key: str, iv: str):
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    return Cipher(algorithms.AES(key.encode("utf-8")), modes.CBC(iv.encode("utf-8")))


def encrypt(key: str, iv: str, text: str) -> str:
    from cryptography.hazmat.primitives import padding

    padder = padding.PKCS7(128).padder()
    data = padder.update(text.encode("utf-8")) + padder.finalize()
    enc = _cipher(key, iv).encryptor()
    return base64.b64encode(enc.update(data) + enc.finalize()).decode("ascii")


def decrypt(key: str, iv: str, text: str) -> str:
    from cryptography.hazmat.primitives import padding

    dec = _cipher(key, iv).decryptor()
    data = dec.update(base64.b64decode(text)) + dec.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return (unpadder.update(data) + unpadder.finalize()).decode("utf-8")


class FrameError(ValueError):
    """A data frame that does not parse (wrong shape, a field count no record width explains, bad cipher text)."""


def parse_control(raw: str) -> tuple[dict, dict]:
    """(header, body) of a JSON control message (a PINGPONG or a reply to a subscribe); FrameError says what is
    wrong with one of another shape, so a broken message is counted instead of ending the session."""
    try:
        msg = json.loads(raw)
    except ValueError:
        raise FrameError("control message is not JSON") from None
    if not isinstance(msg, dict) or not isinstance(msg.get("header"), dict):
        raise FrameError("control message without a header object")
    body = msg.get("body")
    if body is not None and not isinstance(body, dict):
        raise FrameError("control message whose body is not an object")
    return msg["header"], body or {}


def split_frame(raw: str, keys: dict[str, tuple[str, str]] | None = None) -> tuple[str, list[list[str]], int]:
    """(tr_id, records, width sent) of a data frame; ``keys`` maps an encrypted feed's tr_id to its (key, iv).

    Records come cut or padded to the feed's known columns; the width sent differs from ``WIDTH[tr_id]``
    when KIS added (or left out) trailing columns.
    """
    parts = raw.split("|", 3)
    if len(parts) != 4 or parts[0] not in ("0", "1"):
        raise FrameError("not a data frame")
    enc, tr_id, count_text, payload = parts
    known = WIDTH.get(tr_id)
    if known is None:
        raise FrameError(f"unknown feed {tr_id!r}")
    if enc == "1":
        key_iv = (keys or {}).get(tr_id)
        if key_iv is None:
            raise FrameError(f"no key for encrypted feed {tr_id}")
        try:
            payload = decrypt(key_iv[0], key_iv[1], payload)
        except Exception as exc:
            raise FrameError(f"cannot decrypt {tr_id}: {type(exc).__name__}") from None
    fields = payload.split("^")
    if count_text == "001" and len(fields) == known:  # most frames: one record of the known layout
        return tr_id, [fields], known
    try:
        count = int(count_text)
    except ValueError:
        raise FrameError("bad record count") from None
    if count < 1 or len(fields) % count:
        raise FrameError(f"{tr_id}: {len(fields)} fields for {count} record(s)")
    width = len(fields) // count
    if width > known + known // 4 or (count > 1 and width < known):
        # A count that does not match the payload: splitting it would cut records in the middle and make
        # quotes of half-records. KIS appends a column or two without notice (python-kis#68, #80), not a quarter.
        raise FrameError(f"{tr_id}: {len(fields)} fields are not {count} record(s) of {known}")
    if width == known:
        return tr_id, [fields[i * width:(i + 1) * width] for i in range(count)], width
    if width >= known:
        return tr_id, [fields[i * width:i * width + known] for i in range(count)], width
    pad = [""] * (known - width)
    return tr_id, [fields[i * width:(i + 1) * width] + pad for i in range(count)], width

