"""Every word a person reads, Korean first: messages through ``t`` and column labels through ``label``.

The English text in the code is the message's id, as gettext has it, so the code reads as it prints in English;
``ko.MESSAGES`` gives each id its Korean and ``ko.LABELS`` each column key its Korean header. Korean is the
default; English is chosen with ``language = "en"`` in the config file, ``KIS_XL_LANG=en`` or the CLI's
``--lang en`` (``config.configure_language`` applies them in that order of strength). A message missing from the
catalogue prints in English rather than failing: ``tests/test_i18n.py`` keeps the catalogue complete.
"""

from __future__ import annotations

import os

from . import ko

__all__ = ["LANGUAGES", "is_yes", "label", "language", "set_language", "t", "value", "YES_WORDS"]

LANGUAGES = ("ko", "en")
YES_WORDS = ("예", "네", "y", "yes")  # what a confirmation takes, in either language
_chosen: str | None = None


def set_language(lang: str | None) -> None:
    """Fix the language of this process (``None``: back to the environment's or the default)."""
    global _chosen
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(t("language must be one of {choices}, not {value!r}", choices=", ".join(LANGUAGES),
                           value=lang))
    _chosen = lang


def language() -> str:
    """The language in force: the one set, else ``KIS_XL_LANG``, else Korean."""
    if _chosen:
        return _chosen
    env = (os.environ.get("KIS_XL_LANG") or "").strip().lower()[:2]
    return env if env in LANGUAGES else "ko"


def t(msgid: str, /, **values: object) -> str:
    """``msgid`` in the language in force, with ``{name}`` fields filled from ``values``."""
    text = ko.MESSAGES.get(msgid, msgid) if language() == "ko" else msgid
    return text.format(**values) if values else text


def label(key: str) -> str:
    """A column's header for a person: Korean for a known key, else the key itself (JSON and CSV keep keys)."""
    return ko.LABELS.get(key, key) if language() == "ko" else key


def value(word: str) -> str:
    """A table cell's fixed word (BUY, LIMIT, OPEN, WAITING…) for a person: Korean, or the word itself."""
    return ko.VALUES.get(word, word) if language() == "ko" else word


def is_yes(answer: str) -> bool:
    """A confirmation's answer: 예, 네, y or yes (any case, spaces around)."""
    return answer.strip().lower() in YES_WORDS
