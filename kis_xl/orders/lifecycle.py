"""An order row's life in one place: the statuses it shows (one vocabulary for the sheet and the journal),
which step may lead where, and the one rule for what a row shows next.

    DRAFT ──validate──▶ VALID | INVALID
    DRAFT | VALID | INVALID | NOT SENT ──journal──▶ JOURNALED ──wire──▶ SENDING
    SENDING ──answer──▶ SENT | REJECTED | NOT SENT | UNKNOWN | INVALID  (INVALID: the client's own check refused it)
    SENDING ──a reservation's answer──▶ RESERVED ──its session opens──▶ SENT … (or REJECTED, CANCELLED)
    UNKNOWN ──reconcile──▶ SENT | NOT SENT | UNKNOWN;  cleared by the user ──▶ DRAFT (its intent RELEASED)
    SENT | PARTIAL ──fills, cancels, the day's end──▶ PARTIAL | FILLED | CANCELLED | EXPIRED (| REJECTED: refused
                                                       after KIS accepted it, as its list or a notice says)
    SENT | PARTIAL ──the user types CANCEL──▶ CANCEL ──carried out──▶ CANCELLED (or what KIS's list says)

JOURNALED and SENDING are the journal's: its ``intent`` record is written as JOURNALED, its ``sending`` record
as SENDING, and a row never shows them. A process that dies there leaves the row as it was and the journal
decides: an intent that never reached SENDING provably never left the machine. RELEASED is the journal's
alone too (the row is back to DRAFT). What an order has become is ``state.OrderState``.
An order is (trading day, book, number): KIS restarts numbers every day, per book (``models.OrderId``).
"""

from __future__ import annotations

from enum import Enum

from ..errors import KisXlError


class RowStatus(str, Enum):
    """A row's status: the word its Status cell shows and its journal records (the sheet shows it in Korean
    through ``i18n.value`` where it is displayed; the cell keeps the word)."""

    DRAFT = ""
    VALID = "VALID"
    INVALID = "INVALID"
    JOURNALED = "JOURNALED"  # the journal's intent record: nothing has left yet
    SENDING = "SENDING"  # the journal's sending record: its bytes may have left
    SENT = "SENT"
    PARTIAL = "PARTIAL"
    FILLED = "FILLED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"  # a day order still open when its day ended: nothing more can fill
    REJECTED = "REJECTED"
    UNKNOWN = "UNKNOWN"  # it may have reached KIS: reconciled against KIS's list, never resent blindly
    NOT_SENT = "NOT SENT"  # provably never booked: goes out on the next run
    CANCEL = "CANCEL"  # typed by the user on a working row
    RESERVED = "RESERVED"  # a reservation (예약주문) waiting for its session: it becomes an order when that opens
    RELEASED = "RELEASED"  # the journal's: the user cleared an UNKNOWN row; its intent claims nothing any more

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    def __hash__(self) -> int:  # as its word: a set of statuses finds a cell's word
        return hash(self.value)

    @classmethod
    def read(cls, word: object) -> RowStatus | str:
        """A Status cell's or a journal record's word: today's, the older ones (the journal's ``NOT_SENT``), or
        the Korean a user may type (``취소``); a word kis-xl does not know comes back as typed (upper case)."""
        text = str(word or "").strip().upper()
        text = _OLD_WORDS.get(text, text)
        try:
            return cls(text)
        except ValueError:
            return text


_OLD_WORDS = {"NOT_SENT": "NOT SENT", "취소": "CANCEL"}  # journals before one vocabulary; a user's Korean

DRAFT, VALID, INVALID = RowStatus.DRAFT, RowStatus.VALID, RowStatus.INVALID
JOURNALED, SENDING = RowStatus.JOURNALED, RowStatus.SENDING
SENT, PARTIAL, FILLED, CANCELLED = RowStatus.SENT, RowStatus.PARTIAL, RowStatus.FILLED, RowStatus.CANCELLED
EXPIRED, REJECTED, UNKNOWN, NOT_SENT = RowStatus.EXPIRED, RowStatus.REJECTED, RowStatus.UNKNOWN, RowStatus.NOT_SENT
CANCEL_REQUEST, RESERVED, RELEASED = RowStatus.CANCEL, RowStatus.RESERVED, RowStatus.RELEASED

WORKING = frozenset({SENT, PARTIAL})
FINAL = frozenset({FILLED, CANCELLED, EXPIRED, REJECTED})
DONE = WORKING | FINAL | {RESERVED}  # a row showing one of these is never sent again
MAY_EXIST = frozenset({None, SENT, RESERVED, REJECTED, UNKNOWN})  # journal outcomes after which a row is not resent
_RANK = {RESERVED: -1, SENT: 0, PARTIAL: 1, FILLED: 2, CANCELLED: 2, EXPIRED: 2, REJECTED: 2}

_UNSENT = frozenset({VALID, INVALID, NOT_SENT, JOURNALED, UNKNOWN}) | DONE  # DONE: a result written back
TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: _UNSENT,
    VALID: _UNSENT,
    INVALID: _UNSENT,
    NOT_SENT: _UNSENT,
    JOURNALED: frozenset({SENDING, NOT_SENT, INVALID}),
    SENDING: frozenset({SENDING, SENT, REJECTED, NOT_SENT, UNKNOWN, RESERVED, INVALID}),
    UNKNOWN: frozenset({UNKNOWN, SENT, PARTIAL, FILLED, CANCELLED, EXPIRED, REJECTED, NOT_SENT, DRAFT, RESERVED,
                        RELEASED}),
    RESERVED: frozenset({RESERVED, SENT, PARTIAL, FILLED, CANCELLED, EXPIRED, REJECTED, CANCEL_REQUEST}),
    SENT: frozenset({SENT, PARTIAL, FILLED, CANCELLED, EXPIRED, REJECTED, CANCEL_REQUEST}),  # REJECTED: refused
    PARTIAL: frozenset({PARTIAL, FILLED, CANCELLED, EXPIRED, REJECTED, CANCEL_REQUEST}),  # after it was accepted
    CANCEL_REQUEST: frozenset({CANCEL_REQUEST, SENT, PARTIAL, FILLED, CANCELLED, EXPIRED, REJECTED, RESERVED}),
    FILLED: frozenset({FILLED}),
    CANCELLED: frozenset({CANCELLED}),
    EXPIRED: frozenset({EXPIRED}),
    REJECTED: frozenset({REJECTED}),
    RELEASED: frozenset({RELEASED}),
}
"""Where a row may go from a status. Unsent rows may also take a result the journal or KIS's list holds
(written back after a lost save, or found for a lost answer)."""


class IllegalStep(KisXlError):
    """A write that would move a row where its life cannot go (a bug, never the user's input)."""


def check(current: str, new: str) -> RowStatus:
    """``new`` as a RowStatus, or IllegalStep unless a row showing ``current`` may show it next. A status
    kis-xl does not know (typed by hand) counts as DRAFT."""
    allowed = TRANSITIONS.get(RowStatus.read(current), TRANSITIONS[DRAFT])
    status = RowStatus.read(new)
    if status not in allowed:
        raise IllegalStep(f"a row showing {str(current) or 'nothing'!r} cannot become {str(new)!r}")
    return status


def progress(current: str, new: str) -> str | None:
    """The one rule for what a row showing ``current`` shows once KIS's list (or a notice) says ``new``: never
    lower (a lagging read, or a notice after a final one), and a CANCEL the user typed stays until the order is
    final. None: the row keeps what it shows."""
    if current == CANCEL_REQUEST:
        return new if new in FINAL else None
    if current in FINAL or _RANK.get(new, -1) < _RANK.get(current, -1):
        return None
    return new if new != current else None


def fill_summary(filled: int, quantity: int, amount: float) -> str:
    """``filled 3 of 10 at avg 70,100``: what a row's Message says of its fills."""
    if not filled:
        return f"filled 0 of {quantity:,}"
    avg = amount / filled
    return f"filled {filled:,} of {quantity:,} at avg {avg:,.0f}" if float(avg).is_integer() else \
        f"filled {filled:,} of {quantity:,} at avg {avg:,.2f}"
