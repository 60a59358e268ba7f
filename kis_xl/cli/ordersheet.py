"""``kis-xl orders validate|submit|refresh|watch FILE``: the order sheet, headless (same code as the macro)."""

from __future__ import annotations

import sys

from ..codes import parse_symbol
from ..errors import InvalidCode
from ..i18n import label, t
from ..orders.accounts import owns
from ..orders.book import OpenpyxlSheet
from ..orders.service import check, client_for, refresh_sheet, submit
from ..orders.validate import QUANTITY_MARKS, cell_number, price_marks
from .confirm import confirm_real_orders
from .output import add_format_options, emit

COLUMNS = ["row", "code", "side", "quantity", "price", "status", "order_no", "message"]


def _shown(row: dict) -> dict:
    """A row's cells as they are meant: codes as ``005930`` (not the number 5930), quantities and prices as
    numbers (``177,100원`` → 177100); a cell that means nothing stays as typed, its row's message says why."""
    try:
        symbol = parse_symbol(row["code"])
        code, market = symbol.code, "KRX" if symbol.is_domestic else "US"
    except InvalidCode:
        code, market = ("" if row["code"] is None else str(row["code"]).strip()), "KRX"
    quantity = cell_number(row["quantity"], QUANTITY_MARKS)
    price = cell_number(row["price"], price_marks(market))
    return row | {"code": code, "quantity": row["quantity"] if quantity is None else _whole(quantity),
                  "price": row["price"] if price is None else _whole(price)}


def _whole(number: float) -> float | int:
    return int(number) if number.is_integer() else number


def emit_rows(rows: list[dict], fmt: str) -> None:
    """An order sheet's rows as a run left them, in sheet order whatever order the run decided them in."""
    columns = COLUMNS + (["account"] if any("account" in r for r in rows) else [])  # rows of several accounts
    emit(sorted((_shown(r) for r in rows), key=lambda r: r["row"]), columns, fmt,
         headers={"price": label("order_price")})  # the row's price, not the current price


def register(subparsers, common) -> None:
    p = subparsers.add_parser("validate", parents=[common],
                              help=t("check every row and price the batch (검증); send nothing, change nothing in FILE"))
    p.add_argument("file")
    p.add_argument("--write", action="store_true", help=t("also write each row's Status and Message into FILE"))
    add_format_options(p)
    p.set_defaults(func=validate)
    p = subparsers.add_parser("submit", parents=[common], help=t("validate, then send the valid rows once each (주문 전송)"))
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help=t("validate and price only"))
    p.add_argument("--yes", action="store_true", help=t("confirm real-account orders without asking"))
    add_format_options(p)
    p.set_defaults(func=run_submit)
    p = subparsers.add_parser("refresh", parents=[common], help=t("update statuses and fills of sent rows (체결 갱신); carry out CANCEL rows"))
    p.add_argument("file")
    p.add_argument("--yes", action="store_true", help=t("confirm real-account cancellations without asking"))
    add_format_options(p)
    p.set_defaults(func=run_refresh)
    p = subparsers.add_parser("watch", parents=[common],
                              help=t("follow sent rows on KIS's real-time fill notices (실시간 체결) until every row is final; exit 4 if stopped first"))
    p.add_argument("file")
    p.add_argument("--timeout", type=float, help=t("stop after this many seconds (default: when every row is final)"))
    add_format_options(p)
    p.set_defaults(func=run_watch)


def _progress():
    """A sending bar; one per account when the sheet's rows go to several (each account's run counts its own)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar: list = []

    def update(done: int, total: int) -> None:
        if not bar:
            bar.append(Progress(TextColumn("sending"), BarColumn(), MofNCompleteColumn(), transient=True))
            bar[0].start()
            bar.append(bar[0].add_task("orders", total=total))
        bar[0].update(bar[1], completed=done)
        if done == total:
            bar.pop(0).stop()
            bar.clear()

    return update


def validate(args) -> int:
    """Each row's result on stdout; the file stays byte for byte as it was unless --write."""
    outcome = check(OpenpyxlSheet(args.file), args.file, profile=args.profile, write=args.write)
    emit_rows(outcome.rows, args.fmt)
    counts = {"valid": outcome.count("VALID"), "invalid": outcome.count("INVALID")}
    print(t("valid: {valid}, invalid: {invalid}; nothing was sent, and {file} was written to", file=args.file,
            **counts) if args.write else
          t("valid: {valid}, invalid: {invalid}; nothing was sent, and {file} is unchanged (--write puts the results "
            "in it)", file=args.file, **counts), file=sys.stderr)
    return 1 if outcome.count("INVALID") else 0


def run_submit(args) -> int:
    sheet = OpenpyxlSheet(args.file)
    outcome = submit(sheet, args.file, profile=args.profile, dry_run=args.dry_run,
                     confirm=lambda lines: confirm_real_orders(lines, yes=args.yes), progress=_progress())
    emit_rows(outcome.rows, args.fmt)
    return 1 if outcome.count("INVALID") or outcome.count("REJECTED") else 0


def run_refresh(args) -> int:
    outcome = refresh_sheet(OpenpyxlSheet(args.file), profile=args.profile,
                            confirm=lambda lines: confirm_real_orders(lines, yes=args.yes))
    emit_rows(outcome.rows, args.fmt)
    return 0


def run_watch(args) -> int:
    """``kis-xl orders watch FILE``: one line per row update, then the rows' final table; 4 if stopped first."""
    from ..client.stream import stream_for  # the live feed loads only for this command
    from ..orders.lifecycle import FINAL
    from ..orders.watch import watch_sheet

    sheet = OpenpyxlSheet(args.file)
    client = client_for(sheet, args.profile)
    keep = owns(sheet.settings, client)
    others = sorted({r.account for r in sheet.rows() if not keep(r)})
    if others:
        print(t("kis-xl: rows of other accounts ({accounts}) are not followed here: kis-xl orders refresh {file} "
                "brings them up to date", accounts=", ".join(others), file=args.file), file=sys.stderr)
    stream = stream_for(client.profile)
    try:
        def show(update: dict) -> None:
            if args.fmt == "table":
                avg = f" avg {update['avg_price']:,}" if update["avg_price"] != "" else ""
                print(f"row {update['row']}: {update['code']} {update['status']} filled {update['filled']:,}{avg}",
                      flush=True)

        def warn(problem: str) -> None:
            print(f"kis-xl: {problem}", file=sys.stderr, flush=True)

        outcome = watch_sheet(args.file, client, stream, timeout=args.timeout, on_update=show, on_problem=warn,
                              keep=keep)
    finally:
        stream.close()
        client.close()
    emit_rows(outcome.rows, args.fmt)
    return 0 if all(r["status"] in FINAL for r in outcome.rows) else 4
