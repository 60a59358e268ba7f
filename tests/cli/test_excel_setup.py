"""``kis-xl excel setup [DIR]`` (issue 26 #4): the workbook where the user wants it, pointed at this Python; bad
paths one line and a non-zero exit with nothing written; the Windows steps in Korean by default."""

import subprocess
import sys
from types import SimpleNamespace

import openpyxl
import pytest

from kis_xl.cli import excel
from kis_xl.cli.main import main


def _conf(path):
    ws = openpyxl.load_workbook(path, keep_vba=True)["xlwings.conf"]
    return {r[0].value: r[1].value for r in ws.iter_rows(min_row=1, max_row=6)}


def test_setup_writes_the_workbook_for_this_python(tmp_path, capsys):
    assert main(["excel", "setup", str(tmp_path / "내 폴더"), "--name", "내주문.xlsm"]) == 0
    out = capsys.readouterr().out
    target = tmp_path / "내 폴더" / "내주문.xlsm"
    conf = _conf(target)
    assert conf["Interpreter_Win"] == sys.executable and conf["UDF Modules"] == "kis_xl.udfs"
    assert conf["Use UDF Server"] is True
    assert str(target) in out and "Unblock" in out and "Trust Center" in out and "DRY RUN" in out
    assert "on Windows" in out  # said plainly here: this Linux path means nothing to Excel on Windows
    orders = openpyxl.load_workbook(target, keep_vba=True)["Orders"]
    assert orders["B2"].value == "sim"


def test_an_explicit_interpreter_is_written(tmp_path, capsys):
    python = tmp_path / "pythonw.exe"
    python.write_bytes(b"")
    assert main(["excel", "setup", str(tmp_path), "--interpreter", str(python)]) == 0
    assert _conf(tmp_path / "kis_xl.xlsm")["Interpreter_Win"] == str(python)


def test_windows_prefers_pythonw_beside_python(tmp_path):
    (tmp_path / "python.exe").write_bytes(b"")
    (tmp_path / "pythonw.exe").write_bytes(b"")
    assert excel.default_interpreter(str(tmp_path / "python.exe"), "win32") == str(tmp_path / "pythonw.exe")
    assert excel.default_interpreter(str(tmp_path / "python.exe"), "linux") == str(tmp_path / "python.exe")


@pytest.mark.parametrize("case", ["a file", "no parent", "not xlsm", "a path as name", "exists", "open in Excel",
                                  "no interpreter", "addin off Windows"])
def test_bad_paths_are_one_line_and_nothing_is_written(tmp_path, capsys, case):
    existing = tmp_path / "kis_xl.xlsm"
    existing.write_bytes(b"my orders")
    args = {
        "a file": [str(existing)],
        "no parent": [str(tmp_path / "no" / "such" / "folder")],
        "not xlsm": [str(tmp_path), "--name", "kis_xl.xlsx"],
        "a path as name": [str(tmp_path), "--name", "../x.xlsm"],
        "exists": [str(tmp_path)],
        "open in Excel": [str(tmp_path), "--name", "b.xlsm"],
        "no interpreter": [str(tmp_path), "--name", "c.xlsm", "--interpreter", str(tmp_path / "nope.exe")],
        "addin off Windows": [str(tmp_path), "--name", "d.xlsm", "--addin"],
    }[case]
    if case == "open in Excel":
        (tmp_path / "b.xlsm").write_bytes(b"open")
        (tmp_path / "~$b.xlsm").write_bytes(b"")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(["excel", "setup", *args]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("kis-xl: ") and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before and existing.read_bytes() == b"my orders"


def test_force_replaces(tmp_path):
    (tmp_path / "kis_xl.xlsm").write_bytes(b"old")
    assert main(["excel", "setup", str(tmp_path), "--force"]) == 0
    assert (tmp_path / "kis_xl.xlsm").read_bytes()[:2] == b"PK"


def test_addin_runs_xlwings_addin_install_on_windows(tmp_path, monkeypatch, capsys):
    ran = []

    def fake_run(cmd, **kw):
        ran.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, "Successfully installed the xlwings add-in!", "")

    monkeypatch.setattr(excel.subprocess, "run", fake_run)
    args = SimpleNamespace(dir=str(tmp_path), name="kis_xl.xlsm", interpreter=None, force=False, addin=True)
    assert excel.run_setup(args, platform="win32") == 0
    assert ran == [[sys.executable, "-c", "from xlwings.cli import main; main()", "addin", "install"]]
    assert "add-in is installed" in capsys.readouterr().out
    monkeypatch.setattr(excel.subprocess, "run",
                        lambda cmd, **kw: subprocess.CompletedProcess(cmd, 1, "", "boom\nExcel is running"))
    args.force = True
    with pytest.raises(excel.KisXlError, match="Excel is running"):
        excel.run_setup(args, platform="win32")


def test_the_addin_command_is_xlwings_own(monkeypatch):
    """The command line kis-xl runs reaches xlwings' CLI (its help lists `addin`), whatever the platform."""
    done = subprocess.run([sys.executable, "-c", "from xlwings.cli import main; main()", "--help"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "addin" in done.stdout


def test_steps_are_korean_by_default(korean, tmp_path, capsys):
    assert main(["excel", "setup", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "차단 해제" in out and "보안 센터" in out and "통합 문서를 만들었습니다" in out
    assert main(["excel", "setup", str(tmp_path)]) == 1
    assert "덮어쓰지 않습니다" in capsys.readouterr().err
