"""How long a many-code quote takes at KIS's rate, and what to tell the person waiting for it.

The mock domain (모의투자) has no multi-stock quote, so there each code costs a request at 2 a second: 30 codes take
15 s, 300 take two and a half minutes. A mock profile may take its quotes with a real account's keys
(``market_data = "real"``; orders stay on the mock account), and then 30 codes cost one request.
"""

from __future__ import annotations

import math

from .. import spec
from ..i18n import t

SLOW_S = 5.0  # a quote expected to take this long gets the hint (on mock: 10 codes and more)


def quote_requests(domain: str, codes: int) -> int:
    """The requests a quote of ``codes`` domestic codes costs on a domain."""
    return math.ceil(codes / spec.MULTI_PRICE_MAX_CODES) if domain == spec.REAL else codes


def quotes_hint(client, codes: int) -> str | None:
    """Said once before a slow quote on the mock domain: the wait, and how ``market_data = "real"`` shortens it;
    None where it does not apply (quotes from the real domain, few codes, or a client without a rate budget)."""
    limiter = getattr(getattr(client, "market_transport", None), "limiter", None)
    if getattr(client, "market_domain", None) != spec.MOCK or limiter is None:
        return None
    rate = limiter.calls / limiter.period
    seconds = quote_requests(spec.MOCK, codes) / rate
    if seconds < SLOW_S:
        return None
    return t('the mock domain (모의투자) quotes one code per request, {rate:g} a second: {codes} codes take about '
             '{seconds:.0f} s. With market_data = "real" in this profile (a real account\'s keys, for quotes only; '
             'orders stay on the mock account) they take {batches} request(s)',
             rate=rate, codes=codes, seconds=seconds, batches=quote_requests(spec.REAL, codes))


def progress_text(done: int, total: int) -> str:
    """The line a long quote shows while it runs (stderr, Excel's status bar)."""
    return t("Fetching quotes {done}/{total}…", done=done, total=total)
