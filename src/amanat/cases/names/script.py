"""Scripts in a name: mixed-script repair, language guess and the standard Latin spelling."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .rules import folding_rules, romanisation_rules


def is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha() or "\u00c0" <= ch <= "\u024f"


def mixed_scripts(word: str) -> set[str]:
    """The alphabets (Unicode script of each letter, from its character name: "LATIN",
    "CYRILLIC", ...) the letters of `word` are written in; more than one is a mixed word."""
    return {unicodedata.name(ch, "?").split(" ", 1)[0] for ch in word if ch.isalpha()}


@lru_cache(maxsize=1)
def _homoglyphs() -> tuple[dict[str, str], dict[str, str]]:
    pairs = folding_rules().homoglyphs.pairs
    return pairs, {cyr: lat for lat, cyr in pairs.items()}


def repair_mixed_script(word: str) -> tuple[str, bool]:
    """`word` (lower case) with look-alike letters of its minority script replaced by those of its
    majority script ("aйгуль" with a Latin a -> "айгуль"); True when anything changed. A tie is
    read as Cyrillic: Central Asian records are typed on Cyrillic keyboards first."""
    cyrillic = sum(1 for ch in word if is_cyrillic(ch))
    latin = sum(1 for ch in word if is_latin(ch))
    if not cyrillic or not latin:
        return word, False
    to_cyrillic, to_latin = _homoglyphs()
    table = to_cyrillic if cyrillic >= latin else to_latin
    repaired = "".join(table.get(ch, ch) for ch in word)
    return repaired, repaired != word


def detect_language(word: str) -> str:
    """The language a Cyrillic word is written in, from letters only its alphabet has; "ru"
    when none (a Kazakh name typed on a Russian keyboard reads as Russian: the key is the same)."""
    for rule in romanisation_rules().detect:
        if any(ch in rule.letters for ch in word):
            return rule.language
    return "ru"


@lru_cache(maxsize=8)
def _icu_transliterator(icu_id: str):  # noqa: ANN202 - icu is optional, so no type to name
    try:
        import icu  # PyICU, from the optional `icu` extra (pyicu-wheels)
    except ImportError:
        return None
    try:
        return icu.Transliterator.createInstance(icu_id)
    except icu.ICUError:
        return None


def icu_available() -> bool:
    return _icu_transliterator("Russian-Latin/BGN") is not None


def romanise(word: str, language: str) -> tuple[str, str]:
    """The standard Latin spelling of a Cyrillic `word` and the standard used: ICU's
    transliterator when PyICU is installed and has one, else the project's table."""
    rules = romanisation_rules()
    spec = rules.languages[language]
    if spec.icu:
        transliterator = _icu_transliterator(spec.icu)
        if transliterator is not None:
            return transliterator.transliterate(word), f"ICU {spec.icu}"
    letters = spec.letters
    out = "".join(letters.get(ch, rules.common.get(ch, ch)) for ch in word)
    return out, spec.source
