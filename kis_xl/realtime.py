"""KIS's real-time (WebSocket) protocol as data and codecs: shared by the client and the simulator.

Facts from KIS's sample repository (koreainvestment/open-trading-api): ``examples_user/kis_auth.py``
(``KISWebSocket``: subscribe JSON, ``system_resp``, PINGPONG, ``aes_cbc_base64_dec``) and the column lists
of ``examples_user/domestic_stock/domestic_stock_functions_ws.py`` (``ccnl_krx`` H0STCNT0,
``asking_price_krx`` H0STASP0, ``ccnl_notice`` H0STCNI0/H0STCNI9) and
``examples_user/overseas_stock/overseas_stock_functions_ws.py`` (``delayed_ccnl`` HDFSCNT0).

A data frame is text ``<enc>|<tr_id>|<count, 3 digits>|<payload>``: enc ``0`` plain, ``1`` encrypted
(AES-256-CBC, PKCS7, base64; key and iv are the UTF-8 text of the subscribe reply's ``output.key``/``iv``).
The payload holds ``count`` records of the feed's columns, every field joined by ``^``.
Anything else is a JSON control message (subscribe replies, ``PINGPONG``).
"""

from __future__ import annotations

import base64
import json

TRADES = "H0STCNT0"  # 국내주식 실시간체결가 (KRX); the same tr_id on both domains
ORDER_BOOK = "H0STASP0"  # 국내주식 실시간호가 (KRX)
US_TRADES = "HDFSCNT0"  # 해외주식 실시간지연체결가; tr_key D+exchange+symbol, e.g. DNASAAPL
NOTICE_REAL, NOTICE_MOCK = "H0STCNI0", "H0STCNI9"  # 체결통보 (encrypted); tr_key = HTS id
NOTICES = frozenset({NOTICE_REAL, NOTICE_MOCK})
PINGPONG = "PINGPONG"
MAX_REGISTRATIONS = 41  # per session, KIS's limit; clients keep to 40
CLIENT_BUDGET = 40
REGISTER, RELEASE = "1", "2"

COLUMNS: dict[str, tuple[str, ...]] = {
    TRADES: (
        "MKSC_SHRN_ISCD", "STCK_CNTG_HOUR", "STCK_PRPR", "PRDY_VRSS_SIGN", "PRDY_VRSS", "PRDY_CTRT",
        "WGHN_AVRG_STCK_PRC", "STCK_OPRC", "STCK_HGPR", "STCK_LWPR", "ASKP1", "BIDP1", "CNTG_VOL", "ACML_VOL",
        "ACML_TR_PBMN", "SELN_CNTG_CSNU", "SHNU_CNTG_CSNU", "NTBY_CNTG_CSNU", "CTTR", "SELN_CNTG_SMTN",
        "SHNU_CNTG_SMTN", "CCLD_DVSN", "SHNU_RATE", "PRDY_VOL_VRSS_ACML_VOL_RATE", "OPRC_HOUR",
        "OPRC_VRSS_PRPR_SIGN", "OPRC_VRSS_PRPR", "HGPR_HOUR", "HGPR_VRSS_PRPR_SIGN", "HGPR_VRSS_PRPR", "LWPR_HOUR",
        "LWPR_VRSS_PRPR_SIGN", "LWPR_VRSS_PRPR", "BSOP_DATE", "NEW_MKOP_CLS_CODE", "TRHT_YN", "ASKP_RSQN1",
        "BIDP_RSQN1", "TOTAL_ASKP_RSQN", "TOTAL_BIDP_RSQN", "VOL_TNRT", "PRDY_SMNS_HOUR_ACML_VOL",
        "PRDY_SMNS_HOUR_ACML_VOL_RATE", "HOUR_CLS_CODE", "MRKT_TRTM_CLS_CODE", "VI_STND_PRC"),
    ORDER_BOOK: (
        "MKSC_SHRN_ISCD", "BSOP_HOUR", "HOUR_CLS_CODE",
        *(f"ASKP{i}" for i in range(1, 11)), *(f"BIDP{i}" for i in range(1, 11)),
        *(f"ASKP_RSQN{i}" for i in range(1, 11)), *(f"BIDP_RSQN{i}" for i in range(1, 11)),
        "TOTAL_ASKP_RSQN", "TOTAL_BIDP_RSQN", "OVTM_TOTAL_ASKP_RSQN", "OVTM_TOTAL_BIDP_RSQN", "ANTC_CNPR",
        "ANTC_CNQN", "ANTC_VOL", "ANTC_CNTG_VRSS", "ANTC_CNTG_VRSS_SIGN", "ANTC_CNTG_PRDY_CTRT", "ACML_VOL",
        "TOTAL_ASKP_RSQN_ICDC", "TOTAL_BIDP_RSQN_ICDC", "OVTM_TOTAL_ASKP_ICDC", "OVTM_TOTAL_BIDP_ICDC",
        "STCK_DEAL_CLS_CODE"),
    US_TRADES: (
        "SYMB", "ZDIV", "TYMD", "XYMD", "XHMS", "KYMD", "KHMS", "OPEN", "HIGH", "LOW", "LAST", "SIGN", "DIFF",
        "RATE", "PBID", "PASK", "VBID", "VASK", "EVOL", "TVOL", "TAMT", "BIVL", "ASVL", "STRN", "MTYP"),
    NOTICE_REAL: (
        "CUST_ID", "ACNT_NO", "ODER_NO", "OODER_NO", "SELN_BYOV_CLS", "RCTF_CLS", "ODER_KIND", "ODER_COND",
        "STCK_SHRN_ISCD", "CNTG_QTY", "CNTG_UNPR", "STCK_CNTG_HOUR", "RFUS_YN", "CNTG_YN", "ACPT_YN", "BRNC_NO",
        "ODER_QTY", "ACNT_NAME", "ORD_COND_PRC", "ORD_EXG_GB", "POPUP_YN", "FILLER", "CRDT_CLS",
        "CRDT_LOAN_DATE", "CNTG_ISNM40", "ODER_PRC"),
}
COLUMNS[NOTICE_MOCK] = COLUMNS[NOTICE_REAL]
WIDTH = {tr_id: len(cols) for tr_id, cols in COLUMNS.items()}
INDEX = {tr_id: {name: i for i, name in enumerate(cols)} for tr_id, cols in COLUMNS.items()}

# control replies (msg_cd, msg1): python-kis (client/websocket.py) matches on these codes, KIS's sample on msg1[:5]
SUBSCRIBED = ("OPSP0000", "SUBSCRIBE SUCCESS")
UNSUBSCRIBED = ("OPSP0001", "UNSUBSCRIBE SUCCESS")
ALREADY = ("OPSP0002", "ALREADY IN SUBSCRIBE")
NOT_SUBSCRIBED = ("OPSP0003", "UNSUBSCRIBE ERROR(not found!)")
INTERNAL = ("OPSP0007", "SUBSCRIBE INTERNAL ERROR")
MAX_OVER = ("OPSP0008", "MAX SUBSCRIBE OVER")
IN_USE = ("OPSP8996", "ALREADY IN USE appkey")
BAD_APPROVAL = ("OPSP0011", "INVALID APPROVAL KEY")  # code unconfirmed; the text is attested
BAD_REQUEST = ("OPSP0009", "INVALID REQUEST")  # unconfirmed: a malformed subscribe message or tr_type


def notice_tr_id(mock: bool) -> str:
    return NOTICE_MOCK if mock else NOTICE_REAL


def us_key(symbol: str, exchange: str) -> str:
    """HDFSCNT0's tr_key: ``D`` (free real-time) + NAS/NYS/AMS + symbol."""
    return f"D{exchange}{symbol.upper()}"


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
    """A data frame that does not parse (wrong shape, wrong field count, bad cipher text)."""


def split_frame(raw: str, keys: dict[str, tuple[str, str]] | None = None) -> tuple[str, list[list[str]]]:
    """(tr_id, records) of a data frame; ``keys`` maps an encrypted feed's tr_id to its (key, iv)."""
    parts = raw.split("|", 3)
    if len(parts) != 4 or parts[0] not in ("0", "1"):
        raise FrameError("not a data frame")
    enc, tr_id, count_text, payload = parts
    width = WIDTH.get(tr_id)
    if width is None:
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
    try:
        count = int(count_text)
    except ValueError:
        raise FrameError("bad record count") from None
    if count < 1 or len(fields) != count * width:
        raise FrameError(f"{tr_id}: {len(fields)} fields for {count} record(s) of {width}")
    return tr_id, [fields[i * width:(i + 1) * width] for i in range(count)]
