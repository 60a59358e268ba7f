"""``kis-xl excel setup [DIR]``: the workbook where the user wants it, pointed at this Python, and the steps to run it.

The workbook is built afresh (``kis_xl.workbook.build``: the same sheets and VBA as ``workbooks/kis_xl.xlsm``) with
``Interpreter_Win`` on its ``xlwings.conf`` sheet set to the Python that runs kis-xl, so Excel needs nothing on
PATH. A file Python writes carries no Mark of the Web; one downloaded or mailed does, hence the Unblock step.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..errors import KisXlError
from ..i18n import t

WORKBOOK_NAME = "kis_xl.xlsm"
ADDIN_COMMAND = ["-c", "from xlwings.cli import main; main()", "addin", "install"]


def register(subparsers, common) -> None:
    p = subparsers.add_parser("excel", parents=[common], help=t("Excel set-up (엑셀 설정): excel setup [DIR]"))
    actions = p.add_subparsers(dest="excel_action", metavar="ACTION")
    s = actions.add_parser("setup", parents=[common],
                           help=t("write the workbook into DIR for this Python and print the Windows steps (엑셀 설정)"))
    s.add_argument("dir", nargs="?", default=".", help=t("folder to write the workbook into (default: here)"))
    s.add_argument("--name", default=WORKBOOK_NAME, help=f"the workbook's file name, .xlsm (default {WORKBOOK_NAME})")
    s.add_argument("--interpreter", help=t("python.exe/pythonw.exe Excel should start (default: this one)"))
    s.add_argument("--force", action="store_true", help=t("replace a workbook of that name"))
    s.add_argument("--addin", action="store_true", help=t("also install the xlwings add-in (Windows: xlwings addin install)"))
    s.set_defaults(func=run_setup)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def default_interpreter(executable: str = sys.executable, platform: str = sys.platform) -> str:
    """The Python Excel should start: on Windows its windowless twin (pythonw.exe) when there is one."""
    path = Path(executable)
    if platform == "win32" and path.name.lower() == "python.exe" and path.with_name("pythonw.exe").exists():
        return str(path.with_name("pythonw.exe"))
    return str(path)


def target_of(folder: str, name: str, force: bool) -> Path:
    """Where the workbook goes; a one-line error for a path that cannot take it (nothing is written then)."""
    if not name.lower().endswith(".xlsm") or Path(name).name != name:
        raise KisXlError(t("the workbook's name must be a file name ending in .xlsm, not {name!r}", name=name))
    where = Path(folder).expanduser()
    if where.exists() and not where.is_dir():
        raise KisXlError(t("{path} is a file, not a folder: give the folder to write {name} into", path=where,
                           name=name))
    if not where.exists() and not where.parent.is_dir():
        raise KisXlError(t("no such folder: {path} (make its parent folder first)", path=where.parent))
    target = where / name
    if (where / f"~${name}").exists():
        raise KisXlError(t("{path} is open in Excel: close it there first; nothing was written", path=target))
    if target.exists() and not force:
        raise KisXlError(t("{path} exists: kis-xl does not overwrite a workbook (its orders may be in it); give "
                           "another folder or --name, or --force to replace it", path=target))
    return target


def run_setup(args, *, platform: str = sys.platform) -> int:
    from ..workbook.build import build

    if args.addin and platform != "win32":
        raise KisXlError(t("the xlwings add-in installs only on Windows (Excel for Windows); run without --addin "
                           "here; nothing was written"))
    interpreter = args.interpreter or default_interpreter(platform=platform)
    if args.interpreter and not Path(args.interpreter).is_file():
        raise KisXlError(t("no such interpreter: {path}", path=args.interpreter))
    target = target_of(args.dir, args.name, args.force)
    try:
        target.parent.mkdir(exist_ok=True)
        build(target, interpreter=interpreter)
    except OSError as exc:
        raise KisXlError(t("cannot write {path}: {reason}; nothing was written", path=target,
                           reason=exc.strerror or exc)) from None
    print(t("workbook written: {path}", path=target.resolve()))
    print(t("its xlwings.conf sheet: Interpreter_Win = {interpreter}, UDF Modules = kis_xl.udfs",
            interpreter=interpreter))
    if platform != "win32":
        print(t("Excel runs it on Windows: there, run kis-xl excel setup again so Interpreter_Win names the "
                "Windows Python"))
    if args.addin:
        install_addin()
    for line in steps(target):
        print(line)
    return 0


def install_addin() -> None:
    """``xlwings addin install`` with this Python (the xlwings that kis-xl uses)."""
    done = subprocess.run([sys.executable, *ADDIN_COMMAND], capture_output=True, text=True)
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["?"]
        raise KisXlError(t("xlwings addin install failed: {reason}; the workbook works without the add-in",
                           reason=reason[0]))
    print(t("the xlwings add-in is installed (a ribbon tab in Excel); restart Excel to see it"))


def steps(target: Path) -> list[str]:
    """What to do in Excel, in order, from opening the file to the first DRY RUN."""
    return [
        "",
        t("Next, in Excel on Windows:"),
        t("1. Unblock: a file downloaded or mailed is blocked by Windows (Mark of the Web). Right-click it → "
          "Properties → General → tick Unblock → OK. (The file this command wrote is not blocked.)"),
        t("2. Trust: File → Options → Trust Center → Trust Center Settings → Macro Settings: tick 'Trust access to "
          "the VBA project object model'. Trusted Locations → Add new location → {folder}, so its macros run "
          "without asking (or press Enable Content on the yellow bar when it opens).", folder=target.parent.resolve()),
        t("3. Open {name}, press Alt+F8 → ImportPythonUDFs → Run: the #NAME? cells then calculate.", name=target.name),
        t("4. First DRY RUN: on the Orders sheet keep Profile sim and Action DRY RUN and press Run. Rows show their "
          "checks; nothing is sent (Send orders is off)."),
    ]
