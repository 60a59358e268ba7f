"""The help and the README say what the CLI does: every command, every exit code, the Korean terms users look for."""

import re
from pathlib import Path

import pytest

from kis_xl.cli.main import build_parser, exit_codes, main
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import submit

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
COMMANDS = "명령어 (Commands)"


def _section(title: str) -> str:
    return README.split(f"\n## {title}\n")[1].split("\n## ")[0]


def _commands() -> tuple[set[str], set[str]]:
    """The parser's commands, and the actions of ``orders``."""
    parser = build_parser()
    top = next(a for a in parser._actions if a.dest == "command").choices
    orders = next(a for a in top["orders"]._actions if a.dest == "orders_action").choices
    return set(top), set(orders)


def _documented() -> tuple[set[str], set[str]]:
    """What the first column of the README's command table names: ``kis-xl a\\|b …``, ``kis-xl orders x\\|y FILE``."""
    top, orders = set(), set()
    commands = "".join(line.split(" | ")[0] for line in _section(COMMANDS).splitlines() if line.startswith("| `"))
    for span in re.findall(r"`(kis-xl [^`]+)`", commands):
        words = span.split()[1:]
        names = words[0].split("\\|")
        top |= set(names)
        if names == ["orders"] and len(words) > 1 and not words[1].startswith("["):
            orders |= set(words[1].split("\\|"))
    return top, orders


def test_every_command_is_in_the_readme_and_nothing_else_is():
    assert _documented() == _commands()


def test_every_exit_code_is_in_the_help_and_the_readme(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    for code, meaning in exit_codes().items():
        assert re.search(rf"^ +{code}  {re.escape(meaning)}$", help_text, re.M)


def test_the_readme_gives_each_exit_code_its_korean_meaning(korean):
    table = dict(re.findall(r"^\| (\d+) \| (.+) \|$", _section(COMMANDS), re.M))
    assert set(map(int, table)) == set(exit_codes())
    for code, meaning in exit_codes().items():
        assert table[str(code)].replace("`", "").replace("\\|", "|") == meaning


KOREAN = {"buy": "매수", "sell": "매도", "balance": "잔고", "cash": "예수금", "modify": "정정", "cancel": "취소",
          "fills": "체결", "orders": "주문", "orderbook": "호가", "quote": "현재가", "history": "시세", "config": "설정"}


def test_help_carries_the_korean_terms(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    top = capsys.readouterr().out
    assert all(word in top for word in ("매수", "매도", "잔고", "예약", "한국투자증권"))
    for command, word in KOREAN.items():
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert word in capsys.readouterr().out, command


def test_readme_names_the_korean_settings_labels():
    sheet = _section("주문 시트 (Order sheet)")
    assert all(f"`{label}`" in sheet for label in ("프로필", "주문전송", "실행", "켬"))


def test_orders_watch_exits_4_when_it_stops_before_every_row_is_final(sim_env, tmp_path, capsys):
    from kis_xl.connect import open_client
    from tests.orders.test_order_sheet import make_sheet

    with open_client("sim") as client:
        low = client.price("005930").lower_limit
        path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "LIMIT", low, "KRX", "rests")])
        submit(OpenpyxlSheet(path), str(path), client=client)
    assert main(["orders", "watch", str(path), "--timeout", "1"]) == 4
    assert "SENT" in capsys.readouterr().out


def test_the_readme_is_a_korean_guide_with_its_quick_start_and_figures_elsewhere():
    """Korean first: the guide's sections in order, the two quick-start commands as .ci/run runs them, and the
    engineering figures moved to docs/BENCHMARKS.md rather than lost."""
    titles = re.findall(r"^## (.+)$", README, re.M)
    korean = ["빠른 시작", "설치", "엑셀", "주문 시트", "보고서", "명령어", "설정", "자주 묻는 질문"]
    where = [next(i for i, title in enumerate(titles) if title.startswith(k)) for k in korean]
    assert where == sorted(where)
    assert titles.index("English") > titles.index("자주 묻는 질문 (FAQ)")
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci in README
    assert "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/kis-xl demo" in README
    benchmarks = (Path(__file__).resolve().parents[2] / "docs" / "BENCHMARKS.md").read_text(encoding="utf-8")
    for figure in ("54.61 s", "1,008 (token renewal 211", "15,596 records/s", "0.91x", "18.5 (97%)", "30.4x"):
        assert figure in benchmarks and figure not in README
    assert len(README.splitlines()) < 450
