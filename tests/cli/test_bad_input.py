"""Every mistake a user can make: one clear line naming the problem, a non-zero exit, never a traceback."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import xlsxwriter

from kis_xl.cli.main import main

CONFIGS = {
    "cp949": "[profiles.real]\n# 실전 계좌\nmax_order_amount = 1000000\n".encode("cp949"),
    "string_bool": b'[profiles.real]\nsend_orders = "false"\n',
    "string_amount": b'[profiles.real]\nmax_order_amount = "1,000,000"\n',
    "unknown_key": b"[profiles.real]\nsend_order = true\n",
    "secret": b'[profiles.real]\napp_key = "PS123"\n',
    "not_toml": b"[profiles.real\nsend_orders = true\n",
    "bad_domain": b'[profiles.x]\ndomain = "paper"\n',
    "bad_account": b'[profiles.real]\naccount = "1234-5678"\n',
}

CASES = [  # (id, argv, setup, words in the message)
    ("history from after to", ["history", "005930", "--from", "2025-06-01", "--to", "2025-01-01"], None, "is after"),
    ("history not a date", ["history", "005930", "--from", "last week"], None, "is not a date"),
    ("orders bad date", ["orders", "--date", "2025-13-01"], None, "is not a date"),
    ("report bad date", ["report", "--date", "2025-99-99"], None, "is not a date"),
    ("buy zero", ["buy", "005930", "0"], None, "positive whole number"),
    ("buy negative", ["buy", "005930", "-5"], None, "positive whole number"),
    ("buy fraction", ["buy", "005930", "1.5"], None, "invalid int value"),
    ("limit without price", ["buy", "005930", "1", "--type", "LIMIT"], None, "needs a price"),
    ("market with price", ["buy", "005930", "1", "--type", "MARKET", "--price", "70000"], None, "takes no price"),
    ("negative price", ["buy", "005930", "1", "--price", "-70000"], None, "price must be positive"),
    ("off tick", ["buy", "005930", "1", "--price", "70050"], None, "off the tick grid"),
    ("unknown type", ["buy", "005930", "1", "--type", "SIDEWAYS"], None, "unknown order type"),
    ("unknown code on buy", ["buy", "995000", "1"], None, "995000: no such stock code in KIS's stock master"),
    ("junk code", ["quote", "99999X!"], None, "not a stock code"),
    ("modify without price", ["modify", "0000000001"], None, "--price"),
    ("cancel unknown order", ["cancel", "0000009999", "--yes"], None, "not among today's orders"),
    ("login without terminal", ["login", "--profile", "mock"], None, "needs a terminal"),
    ("config cp949", ["config", "--profile", "real"], "cp949", "not UTF-8"),
    ("config string bool", ["config", "--profile", "real"], "string_bool", "expected true or false"),
    ("config string amount", ["config", "--profile", "real"], "string_amount", "expected a number"),
    ("config unknown key", ["config", "--profile", "real"], "unknown_key", "unknown setting 'send_order'"),
    ("config secret", ["config", "--profile", "real"], "secret", "must not hold secrets"),
    ("config not toml", ["config"], "not_toml", "not valid TOML"),
    ("config bad domain", ["config", "--profile", "x"], "bad_domain", "domain = 'paper'"),
    ("config bad account", ["config", "--profile", "real"], "bad_account", "account = '1234-5678'"),
    ("unknown profile", ["quote", "005930", "--profile", "nosuch"], None, "unknown profile 'nosuch'"),
    ("report into /dev/null", ["report", "--out", "/dev/null/x"], None, "cannot write the report"),
    ("report into a file", ["report", "--out", "FILE"], None, "cannot write the report"),
    ("sim public host", ["sim", "--host", "8.8.8.8", "--port", "0"], None, "loopback only"),
    ("sim any host", ["sim", "--host", "0.0.0.0", "--port", "0"], None, "loopback only"),
    ("sim bad clock", ["sim", "--clock", "yesterday"], None, "not a time"),
    ("sim port too big", ["sim", "--port", "99999"], None, "0 to 65535"),
    ("sim port in use", ["sim", "--port", "BUSY"], None, "choose another with --port"),
    ("sim unknown fault", ["sim", "--port", "0", "--fault", "nonsense=1"], None, "unknown fault"),
    ("demo on the real profile", ["demo", "--profile", "real"], None, "built-in simulator only"),
    ("validate missing workbook", ["orders", "validate", "MISSING"], None, "no such workbook"),
    ("submit not a workbook", ["orders", "submit", "JUNK"], None, "cannot open"),
    ("submit no Orders sheet", ["orders", "submit", "NOSHEET"], None, "no sheet named Orders"),
    ("unusable cache dir", ["balance"], "cache", "KIS_XL_CACHE_DIR"),
]


@pytest.fixture
def files(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    plain = tmp_path / "plain.xlsx"
    wb = xlsxwriter.Workbook(str(plain))
    wb.add_worksheet("Sheet1").write("A1", "hello")
    wb.close()
    (tmp_path / "a-file").write_text("x")
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    yield {"MISSING": str(tmp_path / "missing.xlsx"), "JUNK": str(junk), "NOSHEET": str(plain),
           "FILE": str(tmp_path / "a-file"), "BUSY": str(busy.getsockname()[1])}
    busy.close()


@pytest.mark.parametrize(("argv", "setup", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_input_gets_one_clear_line(sim_env, monkeypatch, tmp_path, capsys, files, argv, setup, words):
    if setup == "cache":
        monkeypatch.setenv("KIS_XL_CACHE_DIR", "/dev/null/cache")
    elif setup:
        Path(os.environ["KIS_XL_CONFIG"]).parent.mkdir(parents=True, exist_ok=True)
        Path(os.environ["KIS_XL_CONFIG"]).write_bytes(CONFIGS[setup])
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # no terminal, as in CI or a scheduled task
    try:
        code = main([files.get(a, a) for a in argv])
    except SystemExit as exc:  # argparse's own one-line refusals
        code = exc.code
    out, err = capsys.readouterr()
    assert code not in (0, None), out
    assert "Traceback" not in err + out
    assert words in err, err
    assert len([line for line in err.splitlines() if line.startswith("kis-xl")]) == 1 or "usage:" in err


def test_the_case_table_is_long_enough():
    assert len(CASES) >= 30


def _run(args, **kw):
    exe = Path(sys.executable).with_name("kis-xl")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=60, **kw)


def test_output_piped_into_a_closed_reader_is_not_a_traceback(sim_env):
    exe = Path(sys.executable).with_name("kis-xl")
    proc = subprocess.Popen([str(exe), "history", "005930", "--from", "2020-01-01", "--csv"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
    proc.stdout.readline()
    proc.stdout.close()  # `| head -1`
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "Exception ignored" not in err, err


def test_report_into_an_unusable_folder_leaves_no_traceback_at_exit(sim_env):
    result = _run(["report", "--out", "/dev/null/x"], env=dict(os.environ))
    assert result.returncode == 1 and "Traceback" not in result.stderr and "cannot write" in result.stderr


def test_version():
    assert _run(["--version"]).stdout.startswith("kis-xl ")


def test_cells_say_what_is_wrong(sim_env):
    from kis_xl import udfs

    assert udfs.KIS_QUOTE([[float("inf")]], [["price"]])[1][1].startswith("#KIS! not a stock code")
    assert "range" in udfs.KIS_REFRESH([["manual", "auto"]])
    assert "seconds must be a number" in udfs.KIS_REFRESH("periodic", "soon")
    assert 'order must be "asc"' in udfs.KIS_HISTORY("005930", "2025-05-01", order="sideways")
    korean = udfs.KIS_HISTORY("005930", "2025.05.01", "2025/05/09", fields=[["일자", "종가", "거래량"]])
    assert korean[0] == ["date", "close", "volume"] and len(korean) > 3
