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
HISTORY_FORMULA = '=KIS_HISTORY("005930",TODAY()-60,,"D",,"desc",TRUE,$B$3)'
STATUS_FORMULAS = ["=KIS_STATUS($B$3)"]


def evaluate_examples() -> list[tuple[str, object]]:
    """A few of the workbook's formulas evaluated by kis_xl.udfs against the active profile."""
    from .. import udfs

    codes = [[code] for code, _ in WATCHLIST[:5]]
    return [
        ('=KIS_PRICE("005930")', udfs.KIS_PRICE("005930")),
        ('=KIS_PRICE("005930","name")', udfs.KIS_PRICE("005930", "name")),
        ('=KIS_PRICE("AAPL")', udfs.KIS_PRICE("AAPL")),
        ("=KIS_PRICE(A6:A10,\"change_pct\")", [row[0] for row in udfs.KIS_PRICE(codes, "change_pct")]),
        ('=KIS_CASH("deposit")', udfs.KIS_CASH("deposit")),
        ('=KIS_HISTORY("005930",<30 days ago>)', udfs.KIS_HISTORY("005930", _days_ago(30))),
        ("=KIS_BALANCE()", udfs.KIS_BALANCE()),
    ]


def _days_ago(days: int) -> str:
    from datetime import timedelta

    from ..services.quotes import service

    return (service().client.now().date() - timedelta(days=days)).isoformat()
