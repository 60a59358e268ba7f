"""KIS's stock master files (종목 마스터), served at KIS's path from the simulator's universe.

``GET /common/master/kospi_code.mst.zip`` (and ``kosdaq_code.mst.zip``, ``nasmst.cod.zip``, ``nysmst.cod.zip``,
``amsmst.cod.zip``): zipped, cp949, in KIS's layouts (``kis_xl.masterfile``), so a client reads the simulator's
master exactly as it reads KIS's. The master lists the named stocks and ETFs and the synthetic block
``LISTED_SYNTHETIC``; every other synthetic code still quotes (scale tests use thousands) but, as a code missing
from KIS's master, is refused before an order goes out.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

from fastapi import APIRouter
from fastapi.responses import Response

from .. import krx, masterfile
from .universe import KRX_NAMED, US_NAMED, krx_instrument

router = APIRouter()
LISTED_SYNTHETIC = range(100_000, 101_000)  # synthetic stocks SIM100000…SIM100999 are in the master too


def _isin(code: str) -> str:
    return f"KR7{code}00{sum(map(ord, code)) % 10}"


def _domestic(market: str) -> str:
    instruments = [i for i in KRX_NAMED.values() if i.market == market]
    instruments += [i for c in LISTED_SYNTHETIC if (i := krx_instrument(f"{c:06d}")) and i.market == market]
    lines = []
    for inst in instruments:
        values = {"scrt_grp_cls_code": "EF" if inst.kind == krx.ETP else "ST", "stck_sdpr": round(inst.ref_price),
                  "frml_mrkt_deal_qty_unit": 1, "ovtm_mrkt_deal_qty_unit": 1, "trht_yn": "N", "sltr_yn": "N",
                  "mang_issu_yn": "N", "lstn_stcn": inst.shares // 1000,
                  "prdy_avls_scal": round(inst.ref_price * inst.shares / 1e8), "etp_prod_cls_code":
                  "1" if inst.kind == krx.ETP else "0", "krx_issu_yn": "Y"}
        lines.append(masterfile.domestic_line(inst.code, _isin(inst.code), inst.name, market, values))
    return "\n".join(lines) + "\n"


def _us(market: str) -> str:
    names = {"NAS": "NASDAQ", "NYS": "NEW YORK", "AMS": "AMEX"}
    lines = [masterfile.us_line({"ncod": "US", "exid": "", "excd": market, "exnm": names[market], "symb": inst.code,
                                 "rsym": f"D{market}{inst.code}", "knam": "", "enam": inst.name,
                                 "stis": "3" if "ETF" in inst.name else "2", "curr": "USD", "zdiv": 4,
                                 "base": f"{inst.ref_price:.4f}", "bnit": 1, "anit": 1, "mstm": "0930",
                                 "metm": "1600", "isdr": "N"})
             for inst in US_NAMED.values() if inst.market == market]
    return "\n".join(lines) + "\n"


@cache
def master_zip(file: str) -> bytes | None:
    """The zipped master file, as KIS's download server has it; None for a file KIS does not publish."""
    if file in masterfile.DOMESTIC_FILES:
        text = _domestic(masterfile.DOMESTIC_FILES[file])
    elif file in masterfile.US_FILES:
        text = _us(masterfile.US_FILES[file])
    else:
        return None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(file if file in masterfile.DOMESTIC_FILES else file.upper(), (2025, 6, 2, 0, 0, 0))
        archive.writestr(info, text.encode(masterfile.ENCODING), zipfile.ZIP_DEFLATED)
    return out.getvalue()


@router.get(masterfile.MASTER_PATH + "{file}.zip")
def master(file: str) -> Response:
    data = master_zip(file)
    if data is None:
        return Response(status_code=404)
    return Response(data, media_type="application/zip")
