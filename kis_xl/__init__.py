"""kis-xl: the Korea Investment & Securities Open API in Excel, with a built-in KIS simulator.

The public Python API::

    from kis_xl import open_client, KisClient, OrderRequest, Side, OrderType, KisXlError
    with open_client("sim") as client:    # kis_xl.connect: the profile, and the simulator when it is one
        client.buy("005930", 1, 70_000)

``kis_xl.frames.frame(...)`` turns any list of models into a typed pandas DataFrame.
"""

from .errors import (
    Aborted,
    CellError,
    ConfigError,
    InvalidCode,
    InvalidInput,
    InvalidOrder,
    KisError,
    KisXlError,
    NotOffered,
    OrderNotSent,
    OrderOutcomeUnknown,
    RateLimited,
    SendingDisabled,
    TokenError,
    TransportError,
)
from .models import (
    Balance,
    BalanceSummary,
    Bar,
    BuyingPower,
    DailyOrders,
    Holding,
    Level,
    MinuteBar,
    OrderAck,
    OrderBook,
    OrderRecord,
    OrderRequest,
    OrderStatus,
    OrderType,
    Quote,
    Side,
    UsCash,
)

__version__ = "0.1.0"
__all__ = [
    "KisClient", "open_client", "frames",
    "Balance", "BalanceSummary", "Bar", "BuyingPower", "DailyOrders", "Holding", "Level", "MinuteBar", "OrderAck",
    "OrderBook", "OrderRecord", "OrderRequest", "OrderStatus", "OrderType", "Quote", "Side", "UsCash",
    "Aborted", "CellError", "ConfigError", "InvalidCode", "InvalidInput", "InvalidOrder", "KisError", "KisXlError",
    "NotOffered", "OrderNotSent", "OrderOutcomeUnknown", "RateLimited", "SendingDisabled", "TokenError",
    "TransportError",
]


def __getattr__(name: str):
    """``KisClient`` and ``frames`` load on first use: Excel's UDF server imports this package for ``main``."""
    import importlib

    if name == "KisClient":
        return importlib.import_module(".client", __name__).KisClient
    if name == "open_client":
        return importlib.import_module(".connect", __name__).open_client
    if name == "frames":
        return importlib.import_module(".frames", __name__)
    raise AttributeError(f"module 'kis_xl' has no attribute {name!r}")


def main() -> None:
    """The order sheet's Run button in workbooks built before KisXl.bas: xlwings' SampleCall imports the module
    named after the file, so it reached this only while the file was called kis_xl.xlsm."""
    from .orders.macro import run_from_sheet

    run_from_sheet()
