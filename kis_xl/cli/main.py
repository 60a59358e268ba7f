"""Entry point of ``kis-xl``: builds the parser from each area's module and turns errors into messages."""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys

from .. import __version__
from ..config import configure_language
from ..connect import on_simulator_clock
from ..errors import Aborted, KisXlError
from ..i18n import LANGUAGES, t

# Each area module has ``register(subparsers, common)``; handlers take ``args`` and return an exit code.
AREAS = ("config", "market", "indices", "flows", "fundamentals", "events", "screens", "watchlists", "account",
         "reservations", "sessions", "report", "sim", "demo", "watch", "excel")


def exit_codes() -> dict[int, str]:
    """Every exit code a command returns, with its meaning in the reader's language (the help and the README)."""
    return {
        0: t("done"),
        1: t("a KIS or input error (one line on stderr); orders validate/submit: a row is INVALID or REJECTED"),
        2: t("a mistyped command (its usage is printed)"),
        3: t("a confirmation was declined"),
        4: t("orders watch stopped (--timeout, 18:00 KST) before every row was final"),
        130: t("interrupted (Ctrl-C)"),
        141: t("the reader of the output went away (kis-xl … | head)"),
    }


def epilog() -> str:
    return "\n".join([
        t("Every command takes --profile NAME (sim, mock 모의투자, real 실전); listings take --json or --csv."),
        t("Orders go to KIS when their command runs; --reserve queues a reservation (예약주문) for its session's open."),
        "", t("exit codes:"), *(f"  {code:>3}  {meaning}" for code, meaning in exit_codes().items())])


class Parser(argparse.ArgumentParser):
    """argparse in the reader's language: its headings, its -h and the line that says a command was mistyped."""

    def __init__(self, *args, add_help: bool = True, **kwargs):
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = t("positional arguments")
        self._optionals.title = t("options")
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=t("show this help message and exit"))

    def format_usage(self) -> str:
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups, prefix=t("usage: "))
        return formatter.format_help()

    def format_help(self) -> str:
        """argparse's own layout, with the usage line's prefix in the reader's language."""
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups, prefix=t("usage: "))
        formatter.add_text(self.description)
        for group in self._action_groups:
            formatter.start_section(group.title)
            formatter.add_text(group.description)
            formatter.add_arguments(group._group_actions)
            formatter.end_section()
        formatter.add_text(self.epilog)
        return formatter.format_help()

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, t("{prog}: error: {message}", prog=self.prog, message=_complaint(message)) + "\n")


# argparse's own complaints (English in its code), each with the same words in the reader's language.
_COMPLAINTS = (
    (r"the following arguments are required: (?P<names>.+)",
     lambda names: t("the following arguments are required: {names}", names=names)),
    (r"unrecognized arguments: (?P<words>.+)", lambda words: t("unrecognized arguments: {words}", words=words)),
    (r"one of the arguments (?P<names>.+) is required",
     lambda names: t("one of the arguments {names} is required", names=names)),
    (r"argument (?P<name>\S+): invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)",
     lambda name, value, choices: t("argument {name}: invalid choice: {value} (choose from {choices})", name=name,
                                    value=value, choices=choices)),
    (r"argument (?P<name>\S+): invalid (?P<kind>\w+) value: (?P<value>.+)",
     lambda name, kind, value: t("argument {name}: invalid {kind} value: {value}", name=name, kind=kind,
                                 value=value)),
    (r"argument (?P<name>\S+): expected one argument",
     lambda name: t("argument {name}: expected one argument", name=name)),
    (r"argument (?P<name>\S+): not allowed with argument (?P<other>.+)",
     lambda name, other: t("argument {name}: not allowed with argument {other}", name=name, other=other)),
    (r"argument (?P<name>\S+): (?P<reason>.+)", lambda name, reason: t("argument {name}: {reason}", name=name,
                                                                           reason=reason)),
)


def _complaint(message: str) -> str:
    """argparse's complaint in the reader's language (English as argparse words it)."""
    for pattern, say in _COMPLAINTS:
        found = re.fullmatch(pattern, message, re.S)
        if found:
            return say(**found.groupdict())
    return message


def _describe_each(subparsers) -> None:
    """Each command's own --help opens with the line the command list shows (English and Korean)."""
    for action in subparsers._choices_actions:  # argparse keeps each command's help text only here
        parser = subparsers.choices[action.dest]
        parser.description = parser.description or action.help


def build_parser() -> argparse.ArgumentParser:
    """Every command, its help in the language in force (``main`` fixes it from --lang before building)."""
    lang_help = t("language of messages and headers: ko (default) or en")
    common = Parser(add_help=False)
    common.add_argument("--profile", help=t("profile to use: sim (default), mock, real, or one from the config file"))
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=lang_help)
    parser = Parser(
        prog="kis-xl", formatter_class=argparse.RawDescriptionHelpFormatter, epilog=epilog(),
        description=t("Korea Investment & Securities (한국투자증권) Open API from the command line, Excel and a local "
                      "simulator."),
    )
    parser.add_argument("--version", action="version", version=f"kis-xl {__version__}",
                        help=t("show the version and exit"))
    parser.add_argument("--lang", choices=LANGUAGES, help=lang_help)
    subparsers = parser.add_subparsers(title=t("commands"), dest="command", metavar="COMMAND")
    for area in AREAS:
        importlib.import_module(f"{__package__}.{area}").register(subparsers, common)
    orders = subparsers.add_parser(
        "orders", parents=[common],
        help=t("the day's orders (주문내역), or an order sheet (주문 시트): orders [validate|submit|refresh|watch] FILE"),
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


def _language_asked(argv: list[str] | None) -> str | None:
    """``--lang`` wherever it is on the line, read before the parser is built so its help is in that language
    (a bad value is left to the parser, which says so)."""
    asked = argparse.ArgumentParser(add_help=False)
    asked.add_argument("--lang")
    lang = asked.parse_known_args(sys.argv[1:] if argv is None else argv)[0].lang
    return lang if lang in LANGUAGES else None


def main(argv: list[str] | None = None) -> int:
    configure_language(_language_asked(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    on_simulator_clock(_clock_line)  # whichever command starts the sim profile's simulator says which clock
    try:
        return int(args.func(args) or 0)
    except Aborted as exc:
        print(t("kis-xl: aborted: {reason}", reason=exc), file=sys.stderr)
        return 3
    except BrokenPipeError:  # the reader went away (kis-xl … | head): stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout once more at exit
        return 141
    except KisXlError as exc:
        print(f"kis-xl: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(t("kis-xl: interrupted"), file=sys.stderr)
        return 130
    except (OSError, ValueError) as exc:
        print(f"kis-xl: {describe(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: one line, and the details only when asked for
        if os.environ.get("KIS_XL_DEBUG"):
            raise
        print(t("kis-xl: unexpected {kind}: {error} (this is a bug in kis-xl; KIS_XL_DEBUG=1 shows where)",
                kind=type(exc).__name__, error=describe(exc)), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
