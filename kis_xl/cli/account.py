"""Account commands: ``balance``, ``cash``, ``buy``, ``sell``, ``modify``, ``cancel``, ``fills`` and ``orders``."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from .. import krx
from ..client.account import default_type
from ..codes import parse_symbol
from ..dates import cli_date
from ..errors import KisError, NotOffered
from ..models import OrderRequest, OrderType, Side
from .confirm import confirm_real_orders
from .context import client_for
from .output import add_format_options, emit, emit_mapping

HOLDING_COLUMNS = ["code", "name", "quantity", "orderable_qty", "avg_price", "price", "evaluation", "pnl", "pnl_pct"]
ORDER_COLUMNS = ["order_date", "time", "order_no", "market", "code", "name", "side", "order_type", "quantity",
                 "price", "filled_qty", "avg_fill_price", "remaining_qty", "status", "orig_order_no"]


SIDE_WORDS = {Side.BUY: "매수", Side.SELL: "매도"}


def register(subparsers, common) -> None:
    p = subparsers.add_parser("balance", parents=[common], help="holdings (잔고) and account summary")
    add_format_options(p)
    p.set_defaults(func=balance)
    p = subparsers.add_parser("cash", parents=[common], help="deposit (예수금), D+2 cash, evaluation and P&L")
    add_format_options(p)
    p.set_defaults(func=cash)
    for side in (Side.BUY, Side.SELL):
        p = subparsers.add_parser(side.value.lower(), parents=[common],
                                  help=f"{side.value.lower()} ({SIDE_WORDS[side]}) CODE QTY [--price P] (no --price: market order)")
        p.add_argument("code")
        p.add_argument("quantity", type=int)
        p.add_argument("--price", type=float, help="limit price; omit for a market order")
        p.add_argument("--stop", dest="stop_price", type=float, metavar="P",
                       help="STOP_LIMIT's stop price (조건가격): the limit order goes in once the stock trades there")
        p.add_argument("--type", dest="order_type", type=_order_type, metavar="TYPE",
                       help="order type: LIMIT (지정가, the default with --price), MARKET (시장가, the default "
                            f"without), {', '.join(t.name for t in list(OrderType)[2:])}")
        p.add_argument("--yes", action="store_true", help="confirm a real-account order without asking")
        p.set_defaults(func=order, side=side)
    p = subparsers.add_parser("modify", parents=[common], help="change the price of a working order (정정)")
    p.add_argument("order_no")
    p.add_argument("--price", type=float, required=True)
    p.add_argument("--qty", type=int, help="quantity to modify (default: all remaining)")
    p.add_argument("--us", action="store_true", help="a US order (found among today's US orders otherwise)")
    p.add_argument("--yes", action="store_true")
    p.set_defaults(func=modify)
    p = subparsers.add_parser("cancel", parents=[common], help="cancel a working order (취소)")
    p.add_argument("order_no")
    p.add_argument("--qty", type=int, help="quantity to cancel (default: all remaining)")
    p.add_argument("--us", action="store_true", help="a US order (found among today's US orders otherwise)")
    p.add_argument("--yes", action="store_true")
    p.set_defaults(func=cancel)
    p = subparsers.add_parser("fills", parents=[common], help="filled orders (체결내역) of a day or a period, KRX and US")
    _dates(p)
    add_format_options(p)
    p.set_defaults(func=fills)


def _dates(p) -> None:
    p.add_argument("--date", type=cli_date, help="YYYY-MM-DD (default: today)")
    p.add_argument("--from", dest="start", type=cli_date)
    p.add_argument("--to", dest="end", type=cli_date)


def register_orders_list(p) -> None:
    """``kis-xl orders [--date D | --from A --to B]``: the orders of a day, on the parser main.py made."""
    _dates(p)
    add_format_options(p)
    p.set_defaults(func=orders)


def balance(args) -> int:
    with client_for(args) as client:
        bal = client.balance()
    emit([vars_of(h) for h in bal.holdings], HOLDING_COLUMNS, args.fmt, title="holdings")
    if args.fmt == "table":
        _summary(bal.summary, args.fmt)
    return 0


def vars_of(obj) -> dict:
    return {name: getattr(obj, name) for name in obj.__dataclass_fields__} | (
        {"status": obj.status} if hasattr(obj, "status") else {})


SUMMARY_LABELS = {"deposit": "deposit (예수금)", "d1_cash": "D+1 cash", "d2_cash": "D+2 cash",
                  "securities_eval": "securities evaluation", "total_eval": "total evaluation (총평가)",
                  "purchase_total": "purchase total", "pnl_total": "P&L (평가손익)", "net_assets": "net assets"}


def _summary(s, fmt: str) -> None:
    emit_mapping({key: getattr(s, key) for key in SUMMARY_LABELS}, fmt, title="account", labels=SUMMARY_LABELS)


def cash(args) -> int:
    with client_for(args) as client:
        _summary(client.balance().summary, args.fmt)
    return 0


def _confirm(client, args, line: str) -> None:
    if client.profile.live_money:
        confirm_real_orders([f"account {client.profile.masked_account} (profile {client.profile.name})", line],
                            yes=args.yes)


def _order_type(text: str) -> OrderType:
    found = OrderType.named(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"unknown order type {text!r}: LIMIT, MARKET, "
                                         f"{', '.join(t.name for t in list(OrderType)[2:])} (or 지정가, 시장가, …)")
    return found


def order(args) -> int:
    """A buy or sell: every check (rules and the profile's caps, as any sender meets them) before the
    confirmation, which shows what the order may spend or fetch."""
    symbol = parse_symbol(args.code)
    if symbol.is_domestic:
        order_type = args.order_type or (OrderType.STOP_LIMIT if args.stop_price is not None
                                         else default_type(args.price))
        request = OrderRequest(args.code, args.side, args.quantity, args.price, order_type,
                               stop_price=args.stop_price)
    else:  # a US limit order (KIS takes no US market orders) on the symbol's exchange
        request = OrderRequest(symbol.code, args.side, args.quantity, args.price, args.order_type or OrderType.LIMIT,
                               market=symbol.market or "NAS", stop_price=args.stop_price)
    with client_for(args) as client:
        if symbol.is_domestic:  # an unknown code is refused here, in our words; a market order is valued by it
            quote = client.price(request.code)
        else:
            quote = client.us_price(symbol.code, symbol.market)
            request = replace(request, market=quote.market)
        ready = client.prepare_order(request, quote=quote)
        r = ready.request
        price = "market" if r.price is None else f"{r.price:,.0f}" if r.market == "KRX" else f"${r.price:,.4g}"
        stop = f", stop {r.stop_price:,.0f}" if r.stop_price is not None else ""
        where = f" ({r.market})" if r.market != "KRX" else ""
        _confirm(client, args, f"{r.side.value} {r.code}{where} × {r.quantity} at {price}{stop}: "
                               f"{ready.estimate.text()} ({r.order_type.label})")
        ack = client.place_order(r, kind=ready.kind or krx.STOCK, quote=ready.quote)
    print(f"{args.side.value} {r.code} × {args.quantity}: order {ack.order_no} accepted at {ack.time} "
          f"({ack.message})")
    return 0


def _is_us(client, args) -> bool:
    """--us, or an order number that is not among today's domestic orders but among the US ones."""
    if args.us:
        return True
    wanted = args.order_no.lstrip("0")
    if any(o.order_no.lstrip("0") == wanted for o in client.daily_orders().orders):
        return False
    try:
        return client.us_order(args.order_no) is not None
    except (KisError, NotOffered):  # no US trading here: the domestic path says the order is unknown
        return False


def modify(args) -> int:
    with client_for(args) as client:
        us = _is_us(client, args)
        price = f"${args.price:,.2f}" if us else f"{args.price:,.0f}"
        _confirm(client, args, f"MODIFY order {args.order_no} to {price} ({args.qty or 'all remaining'} shares)")
        if us:
            ack = client.modify_us_order(args.order_no, args.price, args.qty)
        else:
            ack = client.modify_order(args.order_no, args.qty, args.price)
    print(f"order {args.order_no} modified: new order {ack.order_no} at {ack.time}")
    return 0


def cancel(args) -> int:
    with client_for(args) as client:
        _confirm(client, args, f"CANCEL order {args.order_no} ({args.qty or 'all remaining'} shares)")
        if _is_us(client, args):
            ack = client.cancel_us_order(args.order_no, args.qty)
        else:
            ack = client.cancel_order(args.order_no, args.qty)
    print(f"order {args.order_no} cancelled: cancel order {ack.order_no} at {ack.time}")
    return 0


def _us_list(client, start, end, filled: str):
    """The US orders of the same days (New York dates), or None and why not, when KIS will not list them."""
    try:
        orders = client.us_daily_orders(start, end).orders
    except (KisError, NotOffered) as exc:
        return None, str(exc)
    return [o for o in orders if o.filled_qty or filled != "filled"], ""


def _list(args, filled: str) -> int:
    """KRX orders (KIS's order list, newest first), then US orders (KIS's US list), each row with its market."""
    start, end = args.start or args.date, args.end or args.date
    with client_for(args) as client:
        result = client.daily_orders(start, end, filled=filled)
        us, problem = _us_list(client, start, end, filled)
    emit([vars_of(o) for o in result.orders + (us or [])], ORDER_COLUMNS, args.fmt)
    if args.fmt == "table":
        print(f"KRX: {len(result.orders)} orders; filled {result.total_filled_qty:,} shares for "
              f"{result.total_filled_amount:,.0f} won; fees and tax {result.estimated_fees:,.0f}")
        if us is not None:
            print(f"US: {len(us)} orders; filled {sum(o.filled_qty for o in us):,} shares for "
                  f"${sum(o.filled_amount for o in us):,.2f}")
    if problem:
        print(f"kis-xl: US orders not listed: {problem}", file=sys.stderr)
    return 0


def orders(args) -> int:
    return _list(args, "all")


def fills(args) -> int:
    return _list(args, "filled")
