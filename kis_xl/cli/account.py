"""Account commands: ``balance``, ``cash``, ``buy``, ``sell``, ``modify``, ``cancel``, ``fills`` and ``orders``.

``buy``/``sell`` send to a venue (``--venue`` KRX, NXT, SOR; the profile's by default), a US order to the
daytime session or the order endpoint (``--session``; the one open now by default), or queue a
reservation (``--reserve``, 예약주문) for the next open of its session.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import asdict

from .. import krx, sessions
from ..client.account import default_type
from ..dates import cli_date
from ..errors import InvalidInput, KisError, NotOffered
from ..i18n import label, t
from ..models import US_DAYTIME, US_REGULAR_ENDPOINT, OrderRequest, OrderType, Side
from ..orders.validate import PRICE_MARKS, cell_number
from ..venues import KRX, order_venue
from .confirm import confirm_real_orders
from .context import client_for
from .output import add_format_options, emit, emit_mapping

HOLDING_COLUMNS = ["code", "name", "quantity", "orderable_qty", "avg_price", "price", "evaluation", "pnl", "pnl_pct"]
ORDER_COLUMNS = ["order_date", "time", "order_no", "market", "venue", "code", "name", "side", "order_type",
                 "quantity", "price", "filled_qty", "avg_fill_price", "remaining_qty", "status", "orig_order_no"]
SESSIONS = (US_DAYTIME, US_REGULAR_ENDPOINT)


SIDE_WORDS = {Side.BUY: "매수", Side.SELL: "매도"}


def register(subparsers, common) -> None:
    p = subparsers.add_parser("balance", parents=[common], help=t("holdings (잔고) and account summary"))
    add_format_options(p)
    p.set_defaults(func=balance)
    p = subparsers.add_parser("cash", parents=[common], help=t("deposit (예수금), D+2 cash, evaluation and P&L"))
    add_format_options(p)
    p.set_defaults(func=cash)
    for side in (Side.BUY, Side.SELL):
        p = subparsers.add_parser(side.value.lower(), parents=[common],
                                  help=t("buy (매수) CODE QTY [--price P] (no --price: market order)")
                                  if side is Side.BUY else t("sell (매도) CODE QTY [--price P] (no --price: market order)"))
        p.add_argument("code")
        p.add_argument("quantity", type=int)
        p.add_argument("--price", type=_price, help=t("limit price (70000, 70,000 or 70,000원); omit for a market order"))
        p.add_argument("--stop", dest="stop_price", type=_price, metavar="P",
                       help=t("STOP_LIMIT's stop price (조건가격): the limit order goes in once the stock trades there"))
        p.add_argument("--type", dest="order_type", type=_order_type, metavar="TYPE",
                       help="order type: LIMIT (지정가, the default with --price), MARKET (시장가, the default "
                            f"without), {', '.join(t.name for t in list(OrderType)[2:])}")
        p.add_argument("--venue", type=_venue, metavar="VENUE",
                       help=t("where a domestic order goes (거래소): KRX (한국거래소), NXT (넥스트레이드) or SOR "
                            "(최선집행); default: the profile's venue"))
        p.add_argument("--session", choices=SESSIONS,
                       help=t("a US order's session: day (주간거래, 10:00-18:00 KST) or regular (pre-market, regular, "
                            "after-market); default: the one open now"))
        p.add_argument("--reserve", action="store_true",
                       help=t("a reservation (예약주문) for its session's next open instead of an order now"))
        p.add_argument("--until", type=cli_date, metavar="DATE",
                       help=t("with --reserve: a period reservation (기간예약) sent again each trading day until DATE"))
        p.add_argument("--yes", action="store_true", help=t("confirm a real-account order without asking"))
        p.set_defaults(func=order, side=side)
    p = subparsers.add_parser("modify", parents=[common], help=t("change the price of a working order (정정)"))
    p.add_argument("order_no")
    p.add_argument("--price", type=_price, required=True)
    p.add_argument("--qty", type=int, help=t("quantity to modify (default: all remaining)"))
    p.add_argument("--us", action="store_true", help=t("a US order (found among today's US orders otherwise)"))
    p.add_argument("--session", choices=SESSIONS, help=t("a US order's session, when it cannot be told from its time"))
    p.add_argument("--yes", action="store_true")
    p.set_defaults(func=modify)
    p = subparsers.add_parser("cancel", parents=[common], help=t("cancel a working order (취소)"))
    p.add_argument("order_no")
    p.add_argument("--qty", type=int, help=t("quantity to cancel (default: all remaining)"))
    p.add_argument("--us", action="store_true", help=t("a US order (found among today's US orders otherwise)"))
    p.add_argument("--session", choices=SESSIONS, help=t("a US order's session, when it cannot be told from its time"))
    p.add_argument("--yes", action="store_true")
    p.set_defaults(func=cancel)
    p = subparsers.add_parser("fills", parents=[common], help=t("filled orders (체결내역) of a day or a period, KRX and US"))
    _dates(p)
    add_format_options(p)
    p.set_defaults(func=fills)
    p = subparsers.add_parser("sellable", parents=[common],
                              help=t("what the account can sell of a stock now (매도가능수량)"))
    p.add_argument("codes", nargs="+", metavar="CODE", help=t("stock codes (종목코드)"))
    add_format_options(p)
    p.set_defaults(func=sellable)
    p = subparsers.add_parser("pnl", parents=[common],
                              help=t("realised P&L (실현손익) by stock or by day (real accounts)"))
    p.add_argument("--from", dest="start", type=cli_date, required=True, help=t("from this day, YYYY-MM-DD"))
    p.add_argument("--to", dest="end", type=cli_date, help=t("YYYY-MM-DD (default: today)"))
    p.add_argument("--by", choices=["stock", "day"], help=t("stock: by stock (종목별), day: by day"))
    p.add_argument("--us", action="store_true",
                   help=t("US stocks (해외주식 기간손익): each trade day's sales of each stock, in USD"))
    p.add_argument("--krw", action="store_true", help=t("with --us: the amounts in won, as KIS converts them (원화)"))
    add_format_options(p)
    p.set_defaults(func=pnl)


def _dates(p) -> None:
    p.add_argument("--date", type=cli_date, help=t("YYYY-MM-DD (default: today)"))
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
    emit([vars_of(h) for h in bal.holdings], HOLDING_COLUMNS, args.fmt, title=t("holdings"))
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
    emit_mapping({key: getattr(s, key) for key in SUMMARY_LABELS}, fmt, title=t("account"), labels=SUMMARY_LABELS)


def cash(args) -> int:
    with client_for(args) as client:
        _summary(client.balance().summary, args.fmt)
    return 0


def _confirm(client, args, line: str) -> None:
    if client.profile.live_money:
        confirm_real_orders([t("account {account} (profile {profile})", account=client.profile.masked_account,
                               profile=client.profile.name), line], yes=args.yes)


def _price(text: str) -> float:
    """A price as people write it, on the CLI as on the sheet: 70000, 70,000, 70,000원, ₩70,000, $228.5."""
    number = cell_number(text, PRICE_MARKS["KRX"] + PRICE_MARKS["US"])
    if number is None:
        raise argparse.ArgumentTypeError(t("not a price: {value!r} (write 70000, 70,000 or 70,000원)", value=text))
    return number


def side_word(side: Side) -> str:
    return t("BUY") if side == Side.BUY else t("SELL")


def _order_type(text: str) -> OrderType:
    found = OrderType.named(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"unknown order type {text!r}: LIMIT, MARKET, "
                                         f"{', '.join(t.name for t in list(OrderType)[2:])} (or 지정가, 시장가, …)")
    return found


def order(args) -> int:
    """A buy or sell (or, with --reserve, a reservation): every check (rules, the sessions open on KIS's clock,
    the profile's caps, as any sender meets them) before the confirmation, which shows what the order may
    spend or fetch and where it goes."""
    if args.until is not None and not args.reserve:
        raise ValueError(t("--until makes a period reservation: give --reserve too"))
    with client_for(args) as client:
        symbol = client.resolve(args.code)  # a name becomes its code; a code KIS's master lacks is refused here
        if symbol.is_domestic:
            if args.session:
                raise ValueError(t("--session is for US orders, not {code}", code=symbol.code))
            order_type = args.order_type or (OrderType.STOP_LIMIT if args.stop_price is not None
                                             else default_type(args.price))
            request = OrderRequest(symbol.code, args.side, args.quantity, args.price, order_type,
                                   stop_price=args.stop_price,
                                   venue=KRX if args.reserve and args.venue is None else client.order_venue(args.venue))
            quote = client.price(request.code, KRX)  # an unknown code is refused here; a market order is valued by it
        else:  # a US limit order (KIS takes no US market orders) on the symbol's exchange
            if args.venue:
                raise ValueError(t("--venue is for domestic orders (KRX, NXT, SOR), not {symbol}", symbol=symbol))
            quote = client.us_price(symbol.code, symbol.market)
            request = OrderRequest(symbol.code, args.side, args.quantity, args.price,
                                   args.order_type or OrderType.LIMIT, market=quote.market, stop_price=args.stop_price,
                                   session=args.session or "")
        ready = client.prepare_order(request, quote=quote, reserve=args.reserve)
        r = ready.request
        stock = client.label_of(r.code)
        described = _describe(r, stock)
        _confirm(client, args, t("{reserve}{order}: {amount} ({order_type})",
                                 reserve=t("RESERVE ") if args.reserve else "", order=described,
                                 amount=ready.estimate.text(), order_type=r.order_type.label))
        if args.reserve:
            taken = client.reserve(r, until=args.until, kind=ready.kind or krx.STOCK, quote=ready.quote)
            goes = (t("; it goes out {when}", when=sessions.kst_text(taken.release, client.now()))
                    if taken.release else "")
            if taken.until:
                goes += t(", and each trading day until {until} (기간예약)", until=taken.until)
            print(t("{side} {stock} × {quantity}: {reservation} taken{goes} ({message})", side=side_word(args.side),
                    stock=stock, quantity=args.quantity, reservation=taken.id, goes=goes, message=taken.message))
            return 0
        ack = client.place_order(r, kind=ready.kind or krx.STOCK, quote=ready.quote)
    print(t("{side} {stock} × {quantity}: order {order_no} accepted at {time} on {venue} ({message})",
            side=side_word(args.side), stock=stock, quantity=args.quantity, order_no=ack.order_no, time=ack.time,
            venue=ack.venue, message=ack.message))
    return 0


def _describe(r: OrderRequest, stock: str) -> str:
    """``BUY 005930 삼성전자 × 10 at 71,000 on NXT`` / ``BUY AAPL Apple (NAS) × 1 at $228.5 in the daytime
    session``: what the order does, the stock named."""
    price = t("market") if r.price is None else f"{r.price:,.0f}" if r.market == "KRX" else f"${r.price:,.4g}"
    stop = t(", stop {price}", price=f"{r.stop_price:,.0f}") if r.stop_price is not None else ""
    where = f" ({r.market})" if r.market != "KRX" else ""
    venue = ((t(" in the daytime session") if r.session == US_DAYTIME else "") if r.market != "KRX"
             else t(" on {venue}", venue=r.venue))
    return t("{side} {stock}{where} × {quantity} at {price}{stop}{venue}", side=side_word(r.side), stock=stock,
             where=where, quantity=r.quantity, price=price, stop=stop, venue=venue)


def _venue(text: str) -> str:
    if not text.strip():  # an empty --venue is a mistake, not the profile's default (leave it out for that)
        raise argparse.ArgumentTypeError(t("--venue needs a venue: KRX, NXT or SOR (leave it out for the profile's)"))
    try:
        return order_venue(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _find(client, args) -> tuple[bool, str]:
    """Whether the order is a US one (--us, or a number not among today's domestic orders but among the US
    ones) and its stock, named (``005930 삼성전자``; "" when the order is not found: KIS then says so)."""
    wanted = args.order_no.lstrip("0")
    if not args.us:
        mine = next((o for o in client.daily_orders().orders if o.order_no.lstrip("0") == wanted), None)
        if mine is not None:
            return False, client.label_of(mine.code)
    try:
        found = client.us_order(args.order_no)
    except (KisError, NotOffered):  # no US trading here: the domestic path says the order is unknown
        return args.us, ""
    return args.us or found is not None, client.label_of(found.code) if found is not None else ""


def _shares(qty: int | None) -> str:
    return t("{qty} shares", qty=qty) if qty else t("all remaining shares")


def modify(args) -> int:
    with client_for(args) as client:
        us, stock = _find(client, args)
        price = f"${args.price:,.2f}" if us else f"{args.price:,.0f}"
        _confirm(client, args, t("MODIFY order {order_no} {stock} to {price} ({shares})", order_no=args.order_no,
                                 stock=stock, price=price, shares=_shares(args.qty)))
        if us:
            ack = client.modify_us_order(args.order_no, args.price, args.qty, session=args.session)
        else:
            ack = client.modify_order(args.order_no, args.qty, args.price)
    print(t("order {order_no} {stock} modified: new order {new_no} at {time}", order_no=args.order_no, stock=stock,
            new_no=ack.order_no, time=ack.time))
    return 0


def cancel(args) -> int:
    with client_for(args) as client:
        us, stock = _find(client, args)
        _confirm(client, args, t("CANCEL order {order_no} {stock} ({shares})", order_no=args.order_no, stock=stock,
                                 shares=_shares(args.qty)))
        if us:
            ack = client.cancel_us_order(args.order_no, args.qty, session=args.session)
        else:
            ack = client.cancel_order(args.order_no, args.qty)
    print(t("order {order_no} {stock} cancelled: cancel order {new_no} at {time}", order_no=args.order_no,
            stock=stock, new_no=ack.order_no, time=ack.time))
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
        listed = result.orders + (us or [])
        names = client.names(sorted({o.code for o in listed if not o.name}))
    emit([vars_of(o) | {"name": o.name or names.get(o.code, "")} for o in listed], ORDER_COLUMNS, args.fmt,
         headers={"price": label("order_price")})
    if args.fmt == "table":
        print(t("KRX: {n} orders; {sides}; fees and tax {fees}", n=len(result.orders),
                sides=_by_side(result.orders, _won), fees=f"{result.estimated_fees:,.0f}"))
        if us is not None:
            print(t("US: {n} orders; {sides}", n=len(us), sides=_by_side(us, lambda v: f"${v:,.2f}")))
    if problem:
        print(f"kis-xl: US orders not listed: {problem}", file=sys.stderr)
    return 0


def _won(amount: float) -> str:
    return t("{amount} won", amount=f"{amount:,.0f}")


def _by_side(orders, money: Callable[[float], str]) -> str:
    """``bought 10 shares for 700,000, sold 4 shares for 284,000``: buys and sells apart, never added together."""
    def filled(side: Side) -> tuple[int, float]:
        mine = [o for o in orders if o.side == side]
        return sum(o.filled_qty for o in mine), sum(o.filled_amount for o in mine)

    (bought, paid), (sold, got) = filled(Side.BUY), filled(Side.SELL)
    return t("bought {bought:,} shares for {paid}, sold {sold:,} shares for {got}", bought=bought,
             paid=money(paid), sold=sold, got=money(got))


def orders(args) -> int:
    return _list(args, "all")


def fills(args) -> int:
    return _list(args, "filled")


def sellable(args) -> int:
    with client_for(args) as client:
        rows = [asdict(client.sellable(client.resolve(c, strict=False).code)) for c in args.codes]
    emit(rows, ["code", "sellable_qty", "holding_qty", "bought_today", "sold_today", "avg_price", "price", "pnl"],
         args.fmt)
    return 0


def pnl(args) -> int:
    if args.krw and not args.us:
        raise InvalidInput(t("--krw goes with --us (US P&L in won)"))
    if args.us and args.by == "day":
        raise InvalidInput(t("--us gives each trade day's sales of each stock: leave out --by day"))
    with client_for(args) as client:
        if args.us:
            rows, total = client.us_pnl(args.start, args.end, won=args.krw)
        elif args.by == "day":
            rows, total = client.pnl_by_day(args.start, args.end)
        else:
            rows, total = client.pnl_by_stock(args.start, args.end)
    records = [asdict(r) for r in rows]
    columns = list(records[0]) if records else ["date", "realized"]
    if records:
        total_word = t("total") if args.fmt == "table" else "total"  # scripts read the word "total"
        records.append({"date": total_word, **{k: v for k, v in asdict(total).items() if k in columns}})
    emit(records, columns, args.fmt)
    return 0
