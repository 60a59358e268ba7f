"""Excel worksheet functions (xlwings UDFs): ``=KIS_PRICE("005930")`` and friends, one module per area.

A thin layer: arguments in, ``services`` asked, plain values out. Ranges in give arrays of the same
shape out (Excel 365 spills them). Nothing here raises into a cell: bad input or a KIS error becomes a
short ``#KIS! …`` text, missing data ``#N/A``. No function places an order, and none is volatile: values
change when inputs change, on ``KIS_REFRESH()`` or when the cache expires.

xlwings imports this package (``UDF Modules = kis_xl.udfs``) and registers every function it finds here,
so each area's functions are named below.
"""

from .account import KIS_BALANCE, KIS_CASH, KIS_PNL, KIS_SELLABLE
from .events import KIS_DIVIDEND_RANK, KIS_EVENTS
from .flows import KIS_FLOWS, KIS_INVESTORS, KIS_MEMBERS, KIS_STRENGTH
from .fundamentals import KIS_DIVIDENDS, KIS_FINANCIALS
from .indices import KIS_INDEX, KIS_INDEX_HISTORY
from .live import KIS_LIVE, KIS_REFRESH, KIS_STATUS
from .market import (KIS_ETF, KIS_HISTORY, KIS_INFO, KIS_MINUTES, KIS_ORDERBOOK, KIS_PRICE, KIS_QUOTE, KIS_RANK,
                     KIS_TICKS)
from .query import KIS_QUERY
from .screens import KIS_SCREEN
from .sessions import KIS_HOLIDAYS, KIS_ISOPEN, KIS_ISTRADINGDAY, KIS_SESSION
from .watchlists import KIS_WATCHLIST

__all__ = [
    "KIS_BALANCE", "KIS_CASH", "KIS_DIVIDEND_RANK", "KIS_DIVIDENDS", "KIS_ETF", "KIS_EVENTS", "KIS_FINANCIALS",
    "KIS_FLOWS", "KIS_HISTORY", "KIS_HOLIDAYS", "KIS_INDEX",
    "KIS_INDEX_HISTORY", "KIS_INFO", "KIS_INVESTORS", "KIS_ISOPEN", "KIS_ISTRADINGDAY", "KIS_LIVE", "KIS_MEMBERS",
    "KIS_MINUTES", "KIS_ORDERBOOK", "KIS_PNL", "KIS_PRICE", "KIS_QUERY", "KIS_QUOTE", "KIS_RANK", "KIS_REFRESH",
    "KIS_SCREEN", "KIS_SELLABLE", "KIS_SESSION", "KIS_STATUS", "KIS_STRENGTH", "KIS_TICKS", "KIS_WATCHLIST",
]
