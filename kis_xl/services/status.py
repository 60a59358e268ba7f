"""What KIS_STATUS shows: the profile in use, its clock, the token's age, traffic, cache and the last error."""

from __future__ import annotations

import time

from ..connect import simulator_clock
from ..i18n import label, t
from .quotes import LOADING, PERIODIC, STALE, QuoteService


def token_age(client) -> str:
    """The token's age as text ("12 min"), or "none yet" before the first call; never the token itself."""
    tokens = getattr(getattr(client, "transport", None), "tokens", None)
    issued = getattr(tokens, "issued_at", None) or client.stats.token_issued_at
    if not issued:
        return t("none yet")
    minutes = (time.time() - issued) / 60
    return f"{minutes:.0f} min" if minutes < 120 else f"{minutes / 60:.1f} h"


def server_time(client) -> str:
    """The server's clock as its last answer set it; never a request of its own (KIS_STATUS must answer when KIS
    does not)."""
    if getattr(client.transport, "server_offset", None) is None:
        return t("not known yet (no answer from the server)")
    return f"{client.now():%Y-%m-%d %H:%M:%S} KST"


def status_rows(svc: QuoteService) -> list[list]:
    """Two columns, label (Korean by default) and value."""
    return [[label(key), value] for key, value in _rows(svc)]


def _rows(svc: QuoteService) -> list[list]:
    profile, stats = svc.client.profile, svc.client.stats
    mode = f"periodic {svc.period:g} s" if svc.mode == PERIODIC else svc.mode
    if getattr(svc, "live_mode", False):
        mode = f"live (stream, recalculated every {svc.period:g} s)"
    live = svc.live_status() if hasattr(svc, "live_status") else {}
    streaming = sum(1 for v in live.values() if v == "stream")
    return [
        ["profile", profile.name], ["domain", profile.domain], ["simulator", profile.simulator],
        ["market clock", simulator_clock(profile) or t("the server's")],
        ["server time", server_time(svc.client)], ["live money", profile.live_money], ["refresh mode", mode], ["token age", token_age(svc.client)],
        ["KIS requests", stats.requests], ["retries", stats.retries],
        ["rate-limit wait s", round(stats.rate_limit_wait_s, 2)], ["cache hits", svc.stats.cache_hits],
        ["coalesced", svc.stats.coalesced], ["prefetched", svc.stats.prefetched],
        ["last refresh", time.strftime("%H:%M:%S", time.localtime(svc.stats.last_refresh))],
        ["streaming codes", t("{streaming} of {watched} watched", streaming=streaming, watched=len(live)) if live
         else t("none")],
        ["loading or stale codes", waiting(svc)],
        *live_rows(svc),
        ["last error", svc.stats.last_error or stats.last_error or ""],
        *([["hint", svc.stats.hint]] if getattr(svc.stats, "hint", "") else []),
    ]


def live_rows(svc: QuoteService) -> list[list]:
    """Live mode: the shared session's state, how far polling is stretched, and feeds' layout warnings."""
    stream = getattr(svc, "stream", None)
    if stream is None:
        return []
    view = stream.view
    session = t("connected") if view.connected else t("connecting")
    if view.owner:
        session += t(" (owner: {owner})", owner=view.owner)
    rows = [["stream session", session], ["live REST budget", f"{svc.live_budget:g}/s, TTLs x{svc.stretch:.1f}"]]
    warnings = "; ".join(stream.stats.warnings.values())
    return rows + ([["feed warnings", warnings]] if warnings else [])


def waiting(svc: QuoteService) -> str:
    """How many of the codes the sheet asked for show no value yet (loading) or a polled one older than the
    service's stale limit: what a live sheet hides in its numbers, said in one cell."""
    sources = svc.sources()
    return t("{loading} loading, {stale} stale (over {seconds:g} s) of {asked}", loading=sources[LOADING],
             stale=sources[STALE], seconds=svc.stale_after, asked=sources.total())
