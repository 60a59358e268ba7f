"""Entry point of ``kis-xl``: builds the parser from each area's module and turns errors into messages."""

from __future__ import annotations

import argparse
import importlib
import sys

from ..errors import Aborted, KisXlError

# Each area module has ``register(subparsers, common)``; handlers take ``args`` and return an exit code.
AREAS = ("config", "market", "account", "report", "sim", "demo")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--profile", help="profile to use: sim (default), mock, real, or one from the config file")
    parser = argparse.ArgumentParser(
        prog="kis-xl",
        description="Korea Investment & Securities Open API from the command line, Excel and a local simulator.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in AREAS:
        importlib.import_module(f"{__package__}.{area}").register(subparsers, common)
    orders = subparsers.add_parser(
        "orders", parents=[common], help="the day's orders, or an order sheet: orders [validate|submit|refresh] FILE"
    )
    importlib.import_module(f"{__package__}.account").register_orders_list(orders)
    importlib.import_module(f"{__package__}.ordersheet").register(
        orders.add_subparsers(dest="orders_action", metavar="ACTION"), common
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except Aborted as exc:
        print(f"kis-xl: aborted: {exc}", file=sys.stderr)
        return 3
    except KisXlError as exc:
        print(f"kis-xl: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kis-xl: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
