"""The send stage: one valid row at a time, journal → wire → row, exactly as the row says.

The intent (with the price as the wire will carry it) is journaled and fsynced first; each time the
request is about to leave, after the token and the rate limiter, the moment is journaled with the last
moment KIS may book it (the booking window starts there, not at the intent: a token renewal can hold an
order back a minute). How the call failed decides the row, by type, never by text: REJECTED only for a
refusal on the merits; NOT SENT when it provably never reached processing; UNKNOWN when it may have
reached KIS, and then nothing else goes out before the window has passed and the order was looked up.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from .. import krx, rules
from ..errors import (
    InvalidOrder,
    KisError,
    KisXlError,
    OrderNotSent,
    OrderOutcomeUnknown,
)
from ..i18n import t
from ..models import OrderRequest, Quote
from . import placement
from .broker import Broker
from .journal import JournalUnwritable
from .ledger import Ledger
from .lifecycle import INVALID, NOT_SENT, REJECTED, UNKNOWN
from .pairing import request_key
from .reconcile import Reconciler
from .validate import Checked


def wire_price(r: OrderRequest) -> str | None:
    """The price as the order carries it on the wire (what the journal keeps and reconciliation compares)."""
    if r.price is None or (r.market == "KRX" and not r.order_type.needs_price):
        return None
    return rules.us_wire_price(r.price) if r.market != "KRX" else str(int(r.price))


class Sender:
    def __init__(self, ledger: Ledger, broker: Broker, reconciler: Reconciler):
        self.ledger, self.broker, self.reconciler = ledger, broker, reconciler

    def send(self, c: Checked, kind: str | None, quote: Quote | None = None) -> str:
        """Prepare, journal, wire, row; the row's status. A reservation (예약주문) goes the same way to KIS's
        reservation endpoint and leaves the row RESERVED until its session opens."""
        if request_key(c.request) in self.reconciler.blocked:
            self.ledger.write(c.row, {"status": NOT_SENT, "message": "held: an identical order's outcome is still "
                                                                     "unknown; run again once it is known"})
            return NOT_SENT
        try:  # every check once more on the server's clock (a session may have closed since validation)
            ready = self.broker.prepare_order(c.request, kind=kind or krx.STOCK, quote=quote, reserve=c.reserve)
        except InvalidOrder as exc:
            self.ledger.write(c.row, {"status": INVALID, "message": str(exc)})
            return INVALID
        r = ready.request  # as it goes out: a US order knows its session now
        client_id = f"{c.row.number}-{uuid.uuid4().hex[:10]}"
        submitted = self.broker.now()
        try:
            self.ledger.intent(client_id, c.row, r, wire_price=wire_price(r), at=submitted, reserve=c.reserve)
        except JournalUnwritable as exc:  # nothing goes out unrecorded
            self.ledger.write(c.row, {"status": NOT_SENT, "message": t("not sent: {reason}", reason=exc)})
            raise
        flight = timedelta(seconds=self.broker.flight_s)

        def on_send() -> None:
            at = self.broker.now()
            self.ledger.sending(client_id, at, at + flight)

        base = c.filled | {"client_id": client_id, "submitted_at": submitted.strftime("%Y-%m-%d %H:%M:%S")}
        booked, kind = None, placement.kind(c.reserve)
        try:
            ack = kind.place(self.broker, r, kind=ready.kind, quote=ready.quote, on_send=on_send)
        except OrderOutcomeUnknown as exc:
            values = base | {"status": UNKNOWN, "message": f"{exc} — it is looked up in KIS's list, not resent"}
        except OrderNotSent as exc:
            values = base | {"status": NOT_SENT, "message": str(exc)}
        except InvalidOrder as exc:
            values = base | {"status": INVALID, "message": str(exc)}
        except KisError as exc:
            values = base | {"status": REJECTED, "message": str(exc)}
        except KisXlError as exc:  # anything else after the intent: it may have gone out
            values = base | {"status": UNKNOWN, "message": f"{exc} — it is looked up in KIS's list, not resent"}
        else:
            booked, values = kind.answered(ack, base)
            if c.note:
                values["message"] = f"{values['message']} ({c.note})"
        self.ledger.write(c.row, values, client_id=client_id, order=booked)
        return values["status"]
