"""Korean first: the catalogue covers every message the code prints, and the language is chosen as documented."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kis_xl import i18n
from kis_xl.config import configure_language
from kis_xl.i18n import ko

PACKAGE = Path(__file__).resolve().parents[1] / "kis_xl"


def _message_ids() -> dict[str, str]:
    """Every literal first argument of a ``t(...)`` call in the package, with where it is."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_every_message_the_code_prints_has_its_korean():
    missing = {msgid: where for msgid, where in _message_ids().items() if msgid not in ko.MESSAGES}
    assert not missing, "add these to kis_xl/i18n/ko.py:\n" + "\n".join(f"{w}: {m!r}" for m, w in missing.items())


def test_the_catalogue_holds_no_message_the_code_no_longer_prints():
    used = _message_ids()
    assert not [m for m in ko.MESSAGES if m not in used]


def test_each_korean_message_keeps_the_fields_of_its_id():
    import string

    def fields(text):
        return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)

    assert [m for m, k in ko.MESSAGES.items() if fields(m) != fields(k)] == []


def test_korean_is_the_default(korean):
    assert configure_language() == "ko"
    assert i18n.t("language must be one of {choices}, not {value!r}", choices="ko, en", value="fr").startswith("언어는")
    assert i18n.label("name") == "종목명"


def test_english_on_request_by_setting_environment_or_flag(korean, monkeypatch, tmp_path):
    config = Path(tmp_path / "config" / "config.toml")
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('language = "en"\n', encoding="utf-8")
    assert configure_language() == "en"
    assert i18n.label("name") == "name"
    config.write_text('language = "ko"\n', encoding="utf-8")
    monkeypatch.setenv("KIS_XL_LANG", "en")
    assert configure_language() == "en"
    assert configure_language("ko") == "ko"  # the flag is strongest


def test_a_bad_language_is_one_clear_line(capsys, tmp_path):
    from kis_xl.cli.main import main

    config = Path(tmp_path / "config" / "config.toml")
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('language = "fr"\n', encoding="utf-8")
    assert main(["config"]) == 1
    assert "language" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "config"])


@pytest.mark.parametrize("answer, yes", [("예", True), (" 네 ", True), ("Y", True), ("yes", True), ("아니오", False),
                                         ("", False), ("no", False)])
def test_confirmations_take_korean_and_english_yes(answer, yes):
    assert i18n.is_yes(answer) is yes
