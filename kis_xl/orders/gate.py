"""The gate between a checked sheet and KIS: both send switches, and for live money the sheet's say-so and
the user's confirmation. New orders and cancellations pass the same gate."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import SendingDisabled
from .rows import SheetSettings

Confirm = Callable[[list[str]], None]


def check(settings: SheetSettings, profile, confirm: Confirm | None, summary: str, lines: list[str]) -> None:
    """Raise SendingDisabled unless both switches are on and, for live money, the sheet says real and the user
    confirms a summary showing the masked account."""
    if not settings.send_enabled:
        raise SendingDisabled(settings.send_refusal)
    if not profile.send_orders:
        raise SendingDisabled(f"sending is switched off for profile {profile.name!r} (send_orders = false in the "
                              f"config): nothing was sent")
    if profile.live_money:
        if settings.profile not in ("real", profile.name.lower()):
            raise SendingDisabled(f"this would go to the REAL account, but the sheet's Profile cell is not 'real' "
                                  f"(or {profile.name!r})")
        if confirm is None:
            raise SendingDisabled("orders to the REAL account need an explicit confirmation")
        confirm([f"account {profile.masked_account} (profile {profile.name})", summary, *lines[:10],
                 *(["…"] if len(lines) > 10 else [])])
