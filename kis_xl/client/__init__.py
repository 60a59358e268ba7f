"""The KIS client: ``KisClient(profile)`` for a profile with a REST URL (``kis_xl.connect.open_client("mock")``
reads the profile and starts the built-in simulator when one is needed).

Layers, bottom up: ``ratelimit`` (the app key's calls per second, one budget for every process and,
through Redis, every machine), ``auth`` (tokens shared on disk or in Redis),
``transport`` (one call: headers, envelope, errors, retries), ``paging`` (tr_cont), then the
typed methods by area: ``market`` (quotes, charts, order books, a stock's details, rankings), ``indices``,
``flows``, ``calendar``, ``account``, ``pnl``, ``reservations``, ``query``, ``screens`` (조건검색), ``watchlists`` (관심종목),
``fundamentals`` (재무, 배당); ``master`` the stock master (종목 마스터: names).
"""

from __future__ import annotations

from datetime import datetime

from .. import krx
from ..config import Profile
from ..errors import ConfigError
from .account import AccountMixin
from .calendar import CalendarMixin
from .events import EventsMixin
from .flows import FlowsMixin
from .fundamentals import FundamentalsMixin
from .indices import IndicesMixin
from .market import MarketDataMixin
from .master import MasterMixin
from .pnl import PnlMixin
from .query import QueryMixin
from .reservations import ReservationsMixin
from .screens import ScreensMixin
from .transport import ClientStats, KisResponse, Transport
from .watchlists import WatchlistsMixin

__all__ = ["KisClient", "ClientStats", "KisResponse", "Transport"]


def base_url(profile: Profile) -> str:
    """The REST base of a profile (``kis_xl.connect`` fills it in for the built-in simulator)."""
    if profile.rest_url:
        return profile.rest_url
    raise ConfigError(f"profile {profile.name!r} has no rest_url: set it in the config file or KIS_XL_BASE_URL")


class KisClient(MarketDataMixin, IndicesMixin, FlowsMixin, CalendarMixin, AccountMixin, PnlMixin, ReservationsMixin,
                QueryMixin, MasterMixin, ScreensMixin, WatchlistsMixin, FundamentalsMixin,
                EventsMixin):
    """Typed access to one KIS account (or the simulator) through one profile."""

    def __init__(self, profile: Profile, *, market_client: "KisClient | None" = None, timeout: float | None = None):
        self.profile = profile
        self.domain = profile.domain
        self.stats = ClientStats()
        self.transport = Transport(profile, base_url(profile), stats=self.stats, timeout=timeout or profile.timeout)
        self.market_client = market_client
        self.market_transport = market_client.transport if market_client else self.transport
        self._init_market()

    def now(self) -> datetime:
        """The account server's 'now' in KST: decides what 'today' means for orders and history."""
        return datetime.fromtimestamp(self.transport.server_time(), krx.KST)

    def server_time(self) -> float:
        """The account server's clock (epoch seconds), from its Date header."""
        return self.transport.server_time()

    @property
    def server(self) -> str:
        """The account server's REST base: a journal of orders is kept per server and account."""
        return self.transport.base_url

    @property
    def timeout(self) -> float:
        """How long one request may take before it counts as lost."""
        return self.transport.timeout

    @property
    def flight_s(self) -> float:
        """How long after it left KIS may still book an order whose answer was lost."""
        return self.transport.flight_s

    def close(self) -> None:
        self.transport.close()
        if self.market_client:
            self.market_client.close()

    def __enter__(self) -> "KisClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
