"""The gate between a checked sheet and KIS: both send switches, and for live money the sheet's say-so and
the user's confirmation. New orders and cancellations pass the same gate."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import SendingDisabled
from ..i18n import t
from .rows import SheetSettings

Confirm = Callable[[list[str]], None]


def check(settings: SheetSettings, profile, confirm: Confirm | None, summary: str, lines: list[str]) -> None:
    """Raise SendingDisabled unless both switches are on and, for live money, the sheet says real and the user
    confirms a summary showing the masked account."""
    if not settings.send_enabled:
        raise SendingDisabled(settings.send_refusal)
    if not profile.send_orders:
        raise SendingDisabled(t("sending is off for profile {name!r}: a real-domain profile sends nothing until "
                                "send_orders = true is in its config; nothing was sent", name=profile.name))
    if profile.live_money:
        if settings.profile not in ("real", profile.name.lower()):
            raise SendingDisabled(t("this would go to the REAL account (실전투자), but the sheet's Profile cell is not "
                                    "'real' (or {name!r}): nothing was sent", name=profile.name))
        if confirm is None:
            raise SendingDisabled(t("orders to the REAL account (실전투자) need an explicit confirmation: nothing was "
                                    "sent"))
        account = t("account {account} (profile {profile})", account=profile.masked_account, profile=profile.name)
        confirm([account, summary, *lines[:10], *(["…"] if len(lines) > 10 else [])])
