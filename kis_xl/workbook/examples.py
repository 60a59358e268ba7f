"""The workbook's example formulas, shared by the builder and ``kis-xl demo`` (which evaluates some)."""

from __future__ import annotations

# The KOSPI top 20 by market capitalisation (the simulator knows their names and price levels).
WATCHLIST = [
    ("005930", "삼성전자"), ("000660", "SK하이닉스"), ("373220", "LG에너지솔루션"), ("207940", "삼성바이오로직스"),
    ("005380", "현대차"), ("000270", "기아"), ("068270", "셀트리온"), ("005490", "POSCO홀딩스"), ("035420", "NAVER"),
    ("051910", "LG화학"), ("006400", "삼성SDI"), ("035720", "카카오"), ("105560", "KB금융"), ("055550", "신한지주"),
    ("012330", "현대모비스"), ("028260", "삼성물산"), ("066570", "LG전자"), ("032830", "삼성생명"),
    ("086790", "하나금융지주"), ("012450", "한화에어로스페이스"),
]
REFRESH_CELL = "$B$3"  # every formula takes it as its last argument: recalculating it refreshes them all
REFRESH_FORMULA = '=KIS_REFRESH("auto")'
WATCHLIST_RANGE = f"A6:A{5 + len(WATCHLIST)}"
HISTORY_FORMULA = f'=KIS_HISTORY("005930",-60,,"D",,"desc",TRUE,{REFRESH_CELL})'  # -60: not volatile like TODAY()
CASH_FORMULA = f"=KIS_CASH(,,{REFRESH_CELL})"
STATUS_FORMULA = f"=KIS_STATUS({REFRESH_CELL})"
BALANCE_FORMULA = f"=KIS_BALANCE(,TRUE,,{REFRESH_CELL})"


def watchlist_formula(field: str) -> str:
    return f'=KIS_PRICE({WATCHLIST_RANGE},"{field}",{REFRESH_CELL})'


def evaluate_examples() -> list[tuple[str, object]]:
    """Formulas of the workbook evaluated by kis_xl.udfs against the active profile: (formula, value).

    Cell references are replaced by what the cells hold (the watchlist codes; the refresh cell is left out).
    """
    from .. import udfs

    codes = [[code] for code, _ in WATCHLIST]
    return [
        ('=KIS_PRICE("005930")', udfs.KIS_PRICE("005930")),
        ('=KIS_PRICE("005930","name")', udfs.KIS_PRICE("005930", "name")),
        ('=KIS_PRICE("AAPL")', udfs.KIS_PRICE("AAPL")),
        (watchlist_formula("change_pct"), [row[0] for row in udfs.KIS_PRICE(codes, "change_pct")]),
        ('=KIS_HISTORY("005930",-30)', udfs.KIS_HISTORY("005930", -30)),
        ('=KIS_CASH("deposit")', udfs.KIS_CASH("deposit")),
        (BALANCE_FORMULA, udfs.KIS_BALANCE(None, True)),
        ('=KIS_INDEX("KOSPI")', udfs.KIS_INDEX("KOSPI")),
        ('=KIS_INFO("005930","sector")', udfs.KIS_INFO("005930", "sector")),
        ('=KIS_RANK("volume",5)', udfs.KIS_RANK("volume", 5)),
        ('=KIS_ETF("069500","premium_pct")', udfs.KIS_ETF("069500", "premium_pct")),
    ]


# The Market sheet: issue 15's functions, each spilling into its own empty space. They refresh with the
# Functions sheet's refresh cell.
MARKET_REFRESH = "Functions!" + REFRESH_CELL
MARKET_INDICES = ["KOSPI", "KOSDAQ", "KOSPI200"]
MARKET_FORMULAS = {  # anchor cell -> formula
    "B5": f'=KIS_INDEX(A5:A7,"level",{MARKET_REFRESH})',
    "C5": f'=KIS_INDEX(A5:A7,"change_pct",{MARKET_REFRESH})',
    "D5": f'=KIS_INDEX(A5:A7,"advancing",{MARKET_REFRESH})',
    "A11": f'=KIS_INDEX_HISTORY("KOSPI",-60,,"D","desc",TRUE,{MARKET_REFRESH})',
    "I5": f'=KIS_INFO("005930",,{MARKET_REFRESH})',
    "J28": f'=KIS_SELLABLE("005930",,,{MARKET_REFRESH})',
    "J29": f"=KIS_ISTRADINGDAY(,{MARKET_REFRESH})",
    "I45": f"=KIS_SESSION(,,TRUE,{MARKET_REFRESH})",
    "J30": f'=KIS_INFO("005930","sector",{MARKET_REFRESH})',
    "J31": f'=KIS_ETF("069500","premium_pct",{MARKET_REFRESH})',
    "J32": f'=KIS_INDEX("KOSDAQ","change_pct",{MARKET_REFRESH})',
    "L5": f'=KIS_INVESTORS("005930",10,TRUE,{MARKET_REFRESH})',
    "L19": f'=KIS_TICKS("005930",10,TRUE,{MARKET_REFRESH})',
    "L33": f'=KIS_MEMBERS("005930",TRUE,{MARKET_REFRESH})',
    "U5": f'=KIS_ETF("069500","all",{MARKET_REFRESH})',
    "U21": f'=KIS_RANK("volume",10,"all",TRUE,{MARKET_REFRESH})',
    "U35": f"=KIS_HOLIDAYS(0,14,TRUE,{MARKET_REFRESH})",
    "AC5": f'=KIS_MINUTES("005930",,TRUE,{MARKET_REFRESH})',
    "A57": ('=KIS_QUERY("inquire-index-price","FID_COND_MRKT_DIV_CODE","U","FID_INPUT_ISCD","0001",'
            f"{MARKET_REFRESH})"),
    "A61": f'=KIS_PNL(-30,,"stock",TRUE,,,{MARKET_REFRESH})',
    "AK5": f'=KIS_FINANCIALS("005930","ratio","year",TRUE,{MARKET_REFRESH})',
    "AK14": f'=KIS_DIVIDENDS("005930",,TRUE,{MARKET_REFRESH})',
    "AK24": f'=KIS_EVENTS("005930",,"all",TRUE,{MARKET_REFRESH})',
    "AK40": f'=KIS_DIVIDEND_RANK("all",,,10,TRUE,{MARKET_REFRESH})',
    "AX5": f'=KIS_WATCHLIST("관심종목1",TRUE,{MARKET_REFRESH})',
    "AX21": f'=KIS_FLOWS("005930","short",10,TRUE,{MARKET_REFRESH})',
    "AX35": f'=KIS_STRENGTH("KOSPI",10,TRUE,{MARKET_REFRESH})',
    "BL5": f'=KIS_SCREEN("거래량 상위",,TRUE,{MARKET_REFRESH})',
}
MARKET_LABELS = {
    "A1": "Market and account (시장·계좌): indices, flows, ETFs, realised P&L, the calendar, any endpoint",
    "A4": "Index", "B4": "level", "C4": "change %", "D4": "advancing",
    "A10": "KOSPI, last 60 days, newest first (KIS_INDEX_HISTORY)", "I4": "005930 (KIS_INFO)",
    "I28": "Sellable 005930", "I29": "KRX trading day today", "I30": "Sector of 005930", "I31": "KODEX 200 premium %",
    "I32": "KOSDAQ change %", "L4": "Investors, 005930 (KIS_INVESTORS)", "L18": "Latest trades (KIS_TICKS)",
    "L32": "Brokers today (KIS_MEMBERS)", "U4": "KODEX 200 vs NAV (KIS_ETF)", "U20": "Top volume (KIS_RANK)",
    "U34": "KRX calendar, next 14 days (KIS_HOLIDAYS)", "AC4": "005930 minute bars today (KIS_MINUTES)",
    "I44": "What is open now, and until when (KIS_SESSION)",
    "AK4": "005930 financial ratios by year (KIS_FINANCIALS; real domain)",
    "AK13": "005930 dividends, a year back and 90 days ahead (KIS_DIVIDENDS; real domain)",
    "AK23": "005930 corporate events (KIS_EVENTS; real domain)",
    "AK39": "Dividend rate ranking (KIS_DIVIDEND_RANK; real domain)",
    "AX4": "Watchlist 관심종목1 (KIS_WATCHLIST; real accounts, HTS id)",
    "AX20": "005930 short selling, last 10 sessions (KIS_FLOWS)", "AX34": "Trade strength, KOSPI top 10 (KIS_STRENGTH)",
    "BL4": "Condition search 거래량 상위, saved from the HTS (KIS_SCREEN; real accounts, HTS id)",
    "A56": "KOSPI through KIS_QUERY (any read-only endpoint, KIS's field names)",
    "A60": "Realised P&L, last 30 days, by stock (KIS_PNL; real accounts)",
}


def market_sheet_calls() -> list[tuple[str, object]]:
    """The Market sheet's formulas as calls of kis_xl.udfs (cell references replaced by what they hold):
    (anchor cell, zero-argument callable). For tests and benchmarks/udfs.py."""
    from .. import udfs

    query = ("inquire-index-price", "FID_COND_MRKT_DIV_CODE", "U", "FID_INPUT_ISCD", "0001", None)
    return [
        ("B5", lambda: udfs.KIS_INDEX([[n] for n in MARKET_INDICES], "level")),
        ("C5", lambda: udfs.KIS_INDEX([[n] for n in MARKET_INDICES], "change_pct")),
        ("D5", lambda: udfs.KIS_INDEX([[n] for n in MARKET_INDICES], "advancing")),
        ("A11", lambda: udfs.KIS_INDEX_HISTORY("KOSPI", -60, None, "D", "desc", True)),
        ("I5", lambda: udfs.KIS_INFO("005930")), ("J28", lambda: udfs.KIS_SELLABLE("005930")),
        ("J29", lambda: udfs.KIS_ISTRADINGDAY()), ("I45", lambda: udfs.KIS_SESSION(None, None, True)),
        ("J30", lambda: udfs.KIS_INFO("005930", "sector")),
        ("J31", lambda: udfs.KIS_ETF("069500", "premium_pct")), ("J32", lambda: udfs.KIS_INDEX("KOSDAQ", "change_pct")),
        ("L5", lambda: udfs.KIS_INVESTORS("005930", 10, True)), ("L19", lambda: udfs.KIS_TICKS("005930", 10, True)),
        ("L33", lambda: udfs.KIS_MEMBERS("005930", True)), ("U5", lambda: udfs.KIS_ETF("069500", "all")),
        ("U21", lambda: udfs.KIS_RANK("volume", 10, "all", True)), ("U35", lambda: udfs.KIS_HOLIDAYS(0, 14, True)),
        ("AC5", lambda: udfs.KIS_MINUTES("005930", None, True)), ("A57", lambda: udfs.KIS_QUERY(*query)),
        ("A61", lambda: udfs.KIS_PNL(-30, None, "stock", True)),
        ("AK5", lambda: udfs.KIS_FINANCIALS("005930", "ratio", "year", True)),
        ("AK14", lambda: udfs.KIS_DIVIDENDS("005930", None, True)),
        ("AK24", lambda: udfs.KIS_EVENTS("005930", None, "all", True)),
        ("AK40", lambda: udfs.KIS_DIVIDEND_RANK("all", None, None, 10, True)),
        ("AX5", lambda: udfs.KIS_WATCHLIST("관심종목1", True)),
        ("AX21", lambda: udfs.KIS_FLOWS("005930", "short", 10, True)),
        ("AX35", lambda: udfs.KIS_STRENGTH("KOSPI", 10, True)),
        ("BL5", lambda: udfs.KIS_SCREEN("거래량 상위", None, True)),
    ]
