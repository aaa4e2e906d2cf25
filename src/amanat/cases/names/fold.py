"""Fold one word of a name to its key: Cyrillic to Latin, Latin variants to one spelling,
gendered endings to the masculine form. Every step that changed the word is reported."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .rules import Ending, folding_rules
from .script import is_cyrillic, repair_mixed_script

VOWELS = "aeiou"


@dataclass(frozen=True)
class _Compiled:
    cyrillic: dict[str, str]
    digraphs: tuple[tuple[str, str], ...]
    letters: dict[str, str]
    rewrites: tuple[tuple[re.Pattern, str, str], ...]
    apostrophes: frozenset[str]
    collapse_doubles: bool


def _pattern(source: str, where: str) -> re.Pattern:
    text = re.escape(source)
    if where == "start":
        return re.compile("^" + text)
    if where == "end":
        return re.compile(text + "$")
    if where == "between_vowels":
        return re.compile(f"(?<=[{VOWELS}]){text}(?=[{VOWELS}])")
    if where == "after_consonant":
        return re.compile(f"(?<=[b-df-hj-np-tv-xz]){text}")
    return re.compile(text)


@lru_cache(maxsize=1)
def compiled() -> _Compiled:
    rules = folding_rules()
    return _Compiled(
        cyrillic=dict(rules.cyrillic.letters),
        digraphs=tuple(rules.cyrillic.digraphs.items()),
        letters=dict(rules.latin.letters),
        rewrites=tuple(
            (_pattern(r.from_, r.where), r.to, r.note or f"{r.from_} -> {r.to}")
            for r in rules.latin.rewrites
        ),
        apostrophes=frozenset(rules.latin.apostrophes),
        collapse_doubles=rules.latin.collapse_doubles,
    )


def latin_fold(word: str, steps: list[str] | None = None) -> str:
    """Lower-case Latin `word` to its folded spelling; appends the notes of rules that changed it."""
    rules = compiled()
    out = []
    for ch in word:
        if ch in rules.apostrophes:
            continue
        mapped = rules.letters.get(ch)
        if mapped is None:
            # Diacritics the table does not name (ō, ĭ) are dropped, letter kept.
            mapped = "".join(c for c in unicodedata.normalize("NFKD", ch) if c.isascii())
        out.append(mapped)
    text = "".join(ch for ch in "".join(out) if "a" <= ch <= "z")
    if steps is not None and text != word:
        steps.append("Latin letters and apostrophes folded")
    for pattern, to, note in rules.rewrites:
        changed = pattern.sub(to, text)
        if changed != text:
            text = changed
            if steps is not None:
                steps.append(note)
    if rules.collapse_doubles:
        single = re.sub(r"(.)\1+", r"\1", text)
        if single != text and steps is not None:
            steps.append("doubled letters written once")
        text = single
    return text


def cyrillic_to_latin(word: str) -> str:
    rules = compiled()
    for digraph, latin in rules.digraphs:
        word = word.replace(digraph, latin)
    return "".join(rules.cyrillic.get(ch, ch) for ch in word)


@dataclass(frozen=True)
class WordFold:
    key: str
    script: str  # "cyrillic" or "latin"
    steps: tuple[str, ...]


def fold_word(word: str) -> WordFold:
    """The key of one word (no spaces), its script and the steps that produced it."""
    steps: list[str] = []
    word = unicodedata.normalize("NFC", word).casefold()
    word, repaired = repair_mixed_script(word)
    if repaired:
        steps.append("mixed-script letters repaired")
    cyrillic = any(is_cyrillic(ch) for ch in word)
    if cyrillic:
        word = cyrillic_to_latin(word)
        steps.append("Cyrillic to Latin")
    key = latin_fold(word, steps)
    return WordFold(key, "cyrillic" if cyrillic else "latin", tuple(steps))


@dataclass(frozen=True)
class _EndingRule:
    ending: str  # folded
    key: str  # folded
    rule: Ending


@lru_cache(maxsize=1)
def ending_rules() -> tuple[_EndingRule, ...]:
    """The endings of folding.yaml, folded with the same rules as names (so `-skaya` is written
    once and matches however it was spelt), longest first."""
    rules = [
        _EndingRule(latin_fold(r.ending), latin_fold(r.key), r)
        for r in folding_rules().endings.rules
    ]
    return tuple(sorted(rules, key=lambda r: -len(r.ending)))


@lru_cache(maxsize=1)
def particles() -> dict[str, str]:
    """Folded patronymic particle -> gender ("uulu" and "kyzy" both fold to a marker)."""
    return {
        latin_fold(word): gender
        for word, gender in folding_rules().patronymic_particles.words.items()
    }


PARTICLE_KEY = "uulu"


def apply_ending(key: str) -> tuple[str, _EndingRule | None]:
    """`key` with a gendered or patronymic ending replaced by its masculine key form."""
    for rule in ending_rules():
        if key.endswith(rule.ending) and len(key) - len(rule.ending) >= rule.rule.min_stem:
            return key[: len(key) - len(rule.ending)] + rule.key, rule
    return key, None
