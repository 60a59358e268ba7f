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
CASH_FORMULA = f"=KIS_CASH(,{REFRESH_CELL})"
STATUS_FORMULA = f"=KIS_STATUS({REFRESH_CELL})"
BALANCE_FORMULA = f"=KIS_BALANCE(,TRUE,{REFRESH_CELL})"


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
    ]
