"""``kis-xl reservations``: the reservations (예약주문) of a day or a period, and their cancellation or modification.

A reservation is placed with ``kis-xl buy|sell … --reserve``; here it is listed with the order it became
once KIS sent it, cancelled (예약취소) or, at home, given new terms (예약정정) while it waits.
"""

from __future__ import annotations

from ..dates import cli_date
from ..i18n import label, t
from ..models import KR, US, ReservationId
from .account import _confirm, vars_of
from .context import client_for
from .output import add_format_options, emit

COLUMNS = ["placed", "number", "book", "code", "name", "side", "order_type", "quantity", "price", "end_date", "status",
           "order", "filled_qty", "reason"]


def register(subparsers, common) -> None:
    p = subparsers.add_parser("reservations", parents=[common],
                              help=t("reservations (예약주문): list, or cancel/modify NUMBER [--date D] [--us]"))
    p.add_argument("action", nargs="?", choices=["list", "cancel", "modify"], default="list",
                   help=t("list (조회, the default), cancel (예약취소) or modify (예약정정)"))
    p.add_argument("number", nargs="?", help=t("the reservation's number (예약주문번호), to cancel or modify"))
    p.add_argument("--date", type=cli_date, help=t("the day it was placed, KST (default: today)"))
    p.add_argument("--from", dest="start", type=cli_date, help=t("listing: placed from this day"))
    p.add_argument("--to", dest="end", type=cli_date, help=t("listing: placed up to this day"))
    p.add_argument("--us", action="store_true", help=t("a US reservation (해외주식 예약주문); listing: US only"))
    p.add_argument("--kr", action="store_true", help=t("listing: domestic reservations only"))
    p.add_argument("--price", type=float, help=t("modify: the new price"))
    p.add_argument("--qty", type=int, help=t("modify: the new quantity"))
    p.add_argument("--yes", action="store_true", help=t("confirm a real-account change without asking"))
    add_format_options(p)
    p.set_defaults(func=reservations)


def reservations(args) -> int:
    if args.action == "list":
        return _list(args)
    if not args.number:
        raise ValueError(t("reservations {action} needs the reservation's number", action=args.action))
    if not args.number.strip().isdigit():
        raise ValueError(t("a reservation's number (예약주문번호) is digits, not {number!r}", number=args.number))
    with client_for(args) as client:
        day = args.date or client.now().date()
        rid = ReservationId(day, US if args.us else KR, args.number.strip().lstrip("0"))
        if args.action == "cancel":
            _confirm(client, args, t("CANCEL {reservation}", reservation=_named(rid)))
            ack = client.cancel_reservation(rid)
            print(t("{reservation} cancelled ({message})", reservation=_named(rid), message=ack.message))
            return 0
        if args.price is None and args.qty is None:
            raise ValueError(t("reservations modify needs --price or --qty"))
        same = t("as it is")
        _confirm(client, args, t("MODIFY {reservation}: price {price}, quantity {quantity}", reservation=_named(rid),
                                 price=args.price or same, quantity=args.qty or same))
        ack = client.modify_reservation(rid, args.qty, args.price)
    print(t("{reservation} modified ({message})", reservation=_named(rid), message=ack.message))
    return 0


def _named(rid: ReservationId) -> str:
    """``reservation 1001 of 2025-06-04`` (``2025-06-04 예약주문 1001``), ``(US)`` for a US one."""
    us = " (US)" if rid.book == US else ""
    return t("reservation {number} of {day:%Y-%m-%d}{us}", number=rid.number, day=rid.day, us=us)


def _list(args) -> int:
    book = US if args.us else KR if args.kr else None
    with client_for(args) as client:
        found = client.reservations(args.start or args.date, args.end or args.date, book=book)
    rows = []
    for r in found:
        row = vars_of(r) | {"placed": r.placed_at, "number": r.id.number, "book": r.id.book,
                            "status": r.status.value, "order": str(r.order) if r.order else ""}
        rows.append(row)
    emit(rows, COLUMNS, args.fmt, headers={"price": label("order_price")})
    return 0
