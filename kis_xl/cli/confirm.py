"""The confirmation every real-money order must pass before it is sent."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..errors import Aborted
from ..i18n import is_yes, t

__all__ = ["Aborted", "confirm_real_orders"]


def confirm_real_orders(lines: Sequence[str], *, yes: bool, stdin=None, out=None) -> None:
    """Show what is about to be sent to the REAL account and ask for an explicit yes (예, 네, y or yes).

    ``--yes`` skips the question. Without a terminal and without ``--yes`` this refuses, so a
    script can never place real orders by accident. Callers ask only for ``Profile.live_money``.
    """
    out = out or sys.stderr
    stdin = stdin or sys.stdin
    out.write("\n" + t("*** REAL ACCOUNT (실전투자) — real money ***") + "\n")
    for line in lines:
        out.write(f"  {line}\n")
    if yes:
        out.write(t("Confirmed by --yes.") + "\n")
        return
    if not stdin.isatty():
        raise Aborted(t("refusing to send real orders without a terminal: pass --yes to confirm"))
    out.write(t("Type 'yes' (or 예) to send: "))
    out.flush()
    if not is_yes(stdin.readline()):
        raise Aborted(t("not confirmed; nothing was sent"))
