"""Entry point of ``kis-xl``: builds the parser from each area's module and turns errors into messages."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .. import __version__
from ..config import configure_language
from ..connect import on_simulator_clock
from ..i18n import LANGUAGES
from ..errors import Aborted, KisXlError

# Each area module has ``register(subparsers, common)``; handlers take ``args`` and return an exit code.
AREAS = ("config", "market", "extras", "account", "reservations", "report", "sim", "demo", "watch", "excel")
# Every exit code a command returns, as the help and the README list them.
EXIT_CODES = {
    0: "done",
    1: "a KIS or input error (one line on stderr); orders validate/submit: a row is INVALID or REJECTED",
    2: "a mistyped command (its usage is printed)",
    3: "a confirmation was declined",
    4: "orders watch stopped (--timeout, 18:00 KST) before every row was final",
    130: "interrupted (Ctrl-C)",
    141: "the reader of the output went away (kis-xl … | head)",
}
EPILOG = "\n".join([
    "Every command takes --profile NAME (sim, mock 모의투자, real 실전); listings take --json or --csv.",
    "Orders go to KIS when their command runs; --reserve queues a reservation (예약주문) for its session's open.",
    "", "exit codes:", *(f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES.items())])


def _describe_each(subparsers) -> None:
    """Each command's own --help opens with the line the command list shows (English and Korean)."""
    for action in subparsers._choices_actions:  # argparse keeps each command's help text only here
        parser = subparsers.choices[action.dest]
        parser.description = parser.description or action.help


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--profile", help="profile to use: sim (default), mock, real, or one from the config file")
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help="language of messages and headers: ko (default) or en")
    parser = argparse.ArgumentParser(
        prog="kis-xl", formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
        description="Korea Investment & Securities (한국투자증권) Open API from the command line, Excel and a local "
                    "simulator.",
    )
    parser.add_argument("--version", action="version", version=f"kis-xl {__version__}")
    parser.add_argument("--lang", choices=LANGUAGES, help="language of messages and headers: ko (default) or en")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in AREAS:
        importlib.import_module(f"{__package__}.{area}").register(subparsers, common)
    orders = subparsers.add_parser(
        "orders", parents=[common],
        help="the day's orders (주문내역), or an order sheet (주문 시트): orders [validate|submit|refresh|watch] FILE",
    )
    importlib.import_module(f"{__package__}.account").register_orders_list(orders)
    actions = orders.add_subparsers(dest="orders_action", metavar="ACTION")
    importlib.import_module(f"{__package__}.ordersheet").register(actions, common)
    _describe_each(subparsers)
    _describe_each(actions)
    return parser


def describe(exc: BaseException) -> str:
    """One line for an error a user can act on; never a traceback, never a secret."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror.lower()}{where}"
    return str(exc) or type(exc).__name__


def _clock_line(note: str) -> None:
    print(f"kis-xl: {note}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_language(args.lang)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    on_simulator_clock(_clock_line)  # whichever command starts the sim profile's simulator says which clock
    try:
        return int(args.func(args) or 0)
    except Aborted as exc:
        print(f"kis-xl: aborted: {exc}", file=sys.stderr)
        return 3
    except BrokenPipeError:  # the reader went away (kis-xl … | head): stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout once more at exit
        return 141
    except KisXlError as exc:
        print(f"kis-xl: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kis-xl: interrupted", file=sys.stderr)
        return 130
    except (OSError, ValueError) as exc:
        print(f"kis-xl: {describe(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: one line, and the details only when asked for
        if os.environ.get("KIS_XL_DEBUG"):
            raise
        print(f"kis-xl: unexpected {type(exc).__name__}: {describe(exc)} (this is a bug in kis-xl; "
              f"KIS_XL_DEBUG=1 shows where)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
