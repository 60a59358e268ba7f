"""The simulator's instruments: named KRX and US stocks, synthetic codes and the unlisted range.

Every well-formed 6-character code exists as a synthetic stock named ``SIM<code>``, except the
documented unlisted range 990000–999999, so scale tests can use thousands of codes and still
have codes that do not exist. Nextrade (NXT) lists most named stocks but no ETF and not every KOSDAQ
name (``NOT_ON_NXT``), and about half the synthetic codes (``Instrument.nxt``, the master's NXT flag).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..krx import ETP, STOCK
from ..spec import STOCK_CODE_RE

UNLISTED_FIRST, UNLISTED_LAST = 990_000, 999_999


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    market: str  # KOSPI, KOSDAQ, NAS, NYS, AMS
    ref_price: float  # the price level the random walk is anchored to
    shares: int  # listed shares
    kind: str = STOCK  # krx.STOCK or krx.ETP (ETF/ETN): which tick table applies
    nxt: bool = False  # traded on Nextrade too (search-stock-info cptt_trad_tr_psbl_yn)

    @property
    def is_us(self) -> bool:
        return self.market in ("NAS", "NYS", "AMS")


# (code, name, market, reference price in won, listed shares in millions)
_KRX = """\
005930 삼성전자 KOSPI 71000 5969
000660 SK하이닉스 KOSPI 198000 728
373220 LG에너지솔루션 KOSPI 350000 234
207940 삼성바이오로직스 KOSPI 980000 71
005380 현대차 KOSPI 205000 209
000270 기아 KOSPI 98000 397
068270 셀트리온 KOSPI 176000 217
005490 POSCO홀딩스 KOSPI 290000 85
035420 NAVER KOSPI 195000 158
051910 LG화학 KOSPI 260000 71
006400 삼성SDI KOSPI 240000 69
035720 카카오 KOSPI 38000 444
105560 KB금융 KOSPI 82000 393
055550 신한지주 KOSPI 52000 509
012330 현대모비스 KOSPI 250000 92
028260 삼성물산 KOSPI 125000 170
003670 포스코퓨처엠 KOSPI 180000 77
066570 LG전자 KOSPI 85000 164
096770 SK이노베이션 KOSPI 110000 151
032830 삼성생명 KOSPI 88000 200
086790 하나금융지주 KOSPI 60000 290
015760 한국전력 KOSPI 21000 642
034730 SK KOSPI 150000 73
003550 LG KOSPI 72000 157
017670 SK텔레콤 KOSPI 55000 214
033780 KT&G KOSPI 98000 126
018260 삼성에스디에스 KOSPI 150000 77
009150 삼성전기 KOSPI 135000 75
010130 고려아연 KOSPI 780000 21
011200 HMM KOSPI 19000 1025
010950 S-Oil KOSPI 62000 112
000810 삼성화재 KOSPI 340000 47
316140 우리금융지주 KOSPI 15500 742
030200 KT KOSPI 42000 258
012450 한화에어로스페이스 KOSPI 720000 51
042660 한화오션 KOSPI 68000 306
329180 HD현대중공업 KOSPI 330000 89
009540 HD한국조선해양 KOSPI 210000 71
267260 HD현대일렉트릭 KOSPI 350000 36
034020 두산에너빌리티 KOSPI 45000 640
259960 크래프톤 KOSPI 350000 48
323410 카카오뱅크 KOSPI 22000 477
024110 기업은행 KOSPI 15000 797
138040 메리츠금융지주 KOSPI 110000 190
047050 포스코인터내셔널 KOSPI 52000 176
090430 아모레퍼시픽 KOSPI 120000 58
003490 대한항공 KOSPI 23000 368
010140 삼성중공업 KOSPI 14500 880
000100 유한양행 KOSPI 110000 80
064350 현대로템 KOSPI 180000 109
086280 현대글로비스 KOSPI 120000 75
097950 CJ제일제당 KOSPI 260000 15
036570 엔씨소프트 KOSPI 180000 22
352820 하이브 KOSPI 270000 42
402340 SK스퀘어 KOSPI 150000 133
011070 LG이노텍 KOSPI 160000 24
247540 에코프로비엠 KOSDAQ 110000 98
086520 에코프로 KOSDAQ 60000 133
196170 알테오젠 KOSDAQ 420000 53
028300 HLB KOSDAQ 62000 131
263750 펄어비스 KOSDAQ 42000 64
293490 카카오게임즈 KOSDAQ 17000 83
035900 JYP Ent. KOSDAQ 72000 35
041510 에스엠 KOSDAQ 95000 24
022100 포스코DX KOSDAQ 24000 152
145020 휴젤 KOSDAQ 300000 12
058470 리노공업 KOSDAQ 190000 15
240810 원익IPS KOSDAQ 27000 49
039030 이오테크닉스 KOSDAQ 150000 12
357780 솔브레인 KOSDAQ 220000 8
214150 클래시스 KOSDAQ 55000 65
277810 레인보우로보틱스 KOSDAQ 250000 19
403870 HPSP KOSDAQ 28000 83
068760 셀트리온제약 KOSDAQ 50000 41
112040 위메이드 KOSDAQ 30000 34
066970 엘앤에프 KOSDAQ 80000 36
253450 스튜디오드래곤 KOSDAQ 40000 30
141080 리가켐바이오 KOSDAQ 130000 36
095340 ISC KOSDAQ 60000 21
348370 엔켐 KOSDAQ 90000 20
"""

# (symbol, name, exchange, reference price in USD, listed shares in millions)
_US = """\
AAPL Apple NAS 228.50 15200
MSFT Microsoft NAS 450.20 7430
NVDA NVIDIA NAS 135.40 24500
AMZN Amazon.com NAS 205.10 10500
GOOGL Alphabet NAS 178.30 5800
META Meta Platforms NAS 610.70 2530
TSLA Tesla NAS 330.00 3200
AVGO Broadcom NAS 240.50 4700
NFLX Netflix NAS 1150.00 428
AMD Advanced Micro Devices NAS 160.30 1620
INTC Intel NAS 22.40 4360
COST Costco NAS 980.00 443
ADBE Adobe NAS 420.00 425
QCOM Qualcomm NAS 160.00 1100
PEP PepsiCo NAS 145.00 1370
JPM JPMorgan Chase NYS 260.00 2800
V Visa NYS 345.00 1950
KO Coca-Cola NYS 70.10 4300
XOM Exxon Mobil NYS 110.00 4300
JNJ Johnson & Johnson NYS 160.00 2400
DIS Walt Disney NYS 112.00 1810
BA Boeing NYS 210.00 750
IBM IBM NYS 250.00 930
SPY SPDR S&P 500 ETF AMS 600.00 900
GLD SPDR Gold Shares AMS 300.00 330
IWM iShares Russell 2000 ETF AMS 220.00 370
SIMP SimPenny Holdings NAS 0.45 900
"""

# ETFs trade on their own tick grid (krx.ETP): (code, name, market, reference price, units in millions)
_ETF = """\
069500 KODEX 200 KOSPI 35000 120
102110 TIGER 200 KOSPI 35100 60
122630 KODEX 레버리지 KOSPI 18000 150
114800 KODEX 인버스 KOSPI 4500 200
252670 KODEX 200선물인버스2X KOSPI 2100 900
233740 KODEX 코스닥150레버리지 KOSPI 9000 80
360750 TIGER 미국S&P500 KOSPI 20000 150
133690 TIGER 미국나스닥100 KOSPI 130000 10
"""


NOT_ON_NXT = frozenset({"035900", "068760", "348370", "253450"})  # named KOSDAQ stocks Nextrade does not list


def _parse(table: str, kind: str = STOCK) -> dict[str, Instrument]:
    out = {}
    for line in table.splitlines():
        head, market, price, shares = line.rsplit(" ", 3)
        code, name = head.split(" ", 1)
        nxt = kind == STOCK and market in ("KOSPI", "KOSDAQ") and code not in NOT_ON_NXT
        out[code] = Instrument(code, name, market, float(price), int(shares) * 1_000_000, kind, nxt)
    return out


KRX_NAMED: dict[str, Instrument] = _parse(_KRX) | _parse(_ETF, ETP)
US_NAMED: dict[str, Instrument] = _parse(_US)


def _digest(*parts: object) -> int:
    return int.from_bytes(hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest(), "big")


def is_unlisted(code: str) -> bool:
    return code.isdigit() and UNLISTED_FIRST <= int(code) <= UNLISTED_LAST


def krx_instrument(code: str) -> Instrument | None:
    """The named or synthetic stock for a code, or None if the code is malformed or unlisted."""
    if code in KRX_NAMED:
        return KRX_NAMED[code]
    if not STOCK_CODE_RE.match(code) or is_unlisted(code):
        return None
    h = _digest("krx", code)
    price = 1_000 * (300 ** ((h % 10_000) / 10_000))  # log-uniform 1,000 – 300,000 won
    market = "KOSPI" if h % 3 else "KOSDAQ"
    shares = 5_000_000 + (h >> 20) % 300_000_000
    return Instrument(code, f"SIM{code}", market, price, shares, nxt=bool((h >> 8) % 2))


def us_instrument(symbol: str) -> Instrument | None:
    return US_NAMED.get(symbol.upper())


def seed_for(seed: int, code: str) -> int:
    """A per-instrument random seed: the same walk for the same (seed, code) on every machine."""
    return _digest(seed, code) % (2**32)
