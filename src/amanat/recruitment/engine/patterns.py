"""Indicator patterns compiled to regular expressions, once per file version.

Pattern syntax (see the header of `rules/indicators.yaml`):
- words separated by spaces must follow each other (punctuation and spaces between them);
  `..` between words lets up to three other words stand in between; `...` lets anything stand
  in between within the same sentence (up to 20 words, never across . ! ? ; or a line);
- `@name` is a concept: any entry of the file's `concepts.name` lexicon, in any language, each
  entry compiled by these same rules (ADR 0913: one lexicon per idea, reused by indicators);
- `word*` is a stem: any ending (Turkic suffixes, English plurals, Russian forms not in the
  dictionary);
- a Russian word without `*` matches every form of its word (case endings, number, gender,
  verb forms), taken from the pymorphy3 dictionary when the pattern is compiled, not per ad;
  `=word` matches only that exact form;
- `re:...` is a raw regular expression over the normalised text (e.g. sums of money).
Text and patterns are normalised alike: lower case, `ё` as `е`, every apostrophe as `'`.
"""

from __future__ import annotations

import re
from functools import lru_cache

APOSTROPHES = str.maketrans({"ʻ": "'", "ʼ": "'", "‘": "'", "’": "'", "`": "'", "´": "'", "ё": "е"})
WORD = r"[\w']"
GAP = r"[\W_]+"
GAP_MARK = ".."
WIDE_GAP = r"[\W_]+(?:[\w']+[\W_]+){0,3}"
SENTENCE_MARK = "..."
# Up to 20 words of the same sentence, fewest first, stepping word by word (the next part is
# tried only where a word starts, not at every character: a third of the time).
_SEPARATOR = r"[^\w'.!?;\n]+"
SENTENCE_GAP = rf"(?:{_SEPARATOR}[\w']+){{0,20}}?{_SEPARATOR}"
Concepts = dict[str, dict[str, list[str]]]


def normalise(text: str) -> str:
    return text.lower().translate(APOSTROPHES)


@lru_cache(maxsize=1)
def _morph():
    # The dictionary ships inside the pymorphy3-dicts-ru wheel: nothing is downloaded.
    try:
        import pymorphy3
    except ImportError:  # pragma: no cover - documented fallback: exact forms and stems only
        return None
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=4096)
def russian_forms(word: str) -> tuple[str, ...]:
    """Every form of `word`'s lexemes (all dictionary readings with the same normal form)."""
    morph = _morph()
    if morph is None or not re.fullmatch(r"[а-я-]+", word):
        return (word,)
    forms = {word}
    parses = morph.parse(word)
    lemma = parses[0].normal_form
    for parse in parses:
        if parse.normal_form == lemma:
            forms.update(normalise(form.word) for form in parse.lexeme)
    return tuple(sorted(forms, key=lambda form: (-len(form), form)))


def _word(token: str, language: str, concepts: Concepts | None) -> str:
    if token.startswith("@") and len(token) > 1:
        entries = (concepts or {}).get(token[1:])
        if entries is None:
            raise KeyError(f"unknown concept '{token}'")
        return (
            "(?:"
            + "|".join(
                pattern_regex(entry, lang) for lang, items in entries.items() for entry in items
            )
            + ")"
        )
    if token.startswith("re:"):
        return token[3:]
    if token.startswith("="):
        return re.escape(token[1:])
    if token.endswith("*"):
        return re.escape(token[:-1]) + WORD + "*"
    if language == "ru":
        return "(?:" + "|".join(re.escape(form) for form in russian_forms(token)) + ")"
    return re.escape(token)


def pattern_regex(pattern: str, language: str, concepts: Concepts | None = None) -> str:
    """The regular expression (no groups that capture) for one pattern; it checks the end of
    the last word, the caller the start of the first (`compile_any`, once for all)."""
    pattern = normalise(pattern.strip())
    if pattern.startswith("re:"):
        return f"(?:{pattern[3:]})"  # a raw expression sets its own boundaries
    parts: list[str] = []
    gap = GAP
    for word in pattern.split():
        if word in (GAP_MARK, SENTENCE_MARK):
            gap = WIDE_GAP if word == GAP_MARK else SENTENCE_GAP
            continue
        if parts:
            parts.append(gap)
        parts.append(_word(word, language, concepts))
        gap = GAP
    return rf"(?:{''.join(parts)})(?![\w'])"


def compile_any(
    patterns: list[tuple[str, str]], concepts: Concepts | None = None
) -> re.Pattern[str] | None:
    """One regular expression matching any of `(pattern, language)`; None if there are none."""
    if not patterns:
        return None
    # dict.fromkeys: a pattern of concepts alone ("@payout ... @season_end") reads the same in
    # every language's list; compiled once, not seven times.
    words = list(dict.fromkeys(
        pattern_regex(p, lang, concepts) for p, lang in patterns if not p.strip().startswith("re:")
    ))  # fmt: skip
    raw = list(dict.fromkeys(
        pattern_regex(p, lang) for p, lang in patterns if p.strip().startswith("re:")
    ))  # fmt: skip
    # The word-start test once, before the alternatives, rather than once per alternative:
    # positions inside a word then fail at once (most of the text), which triples the speed.
    alternatives = [rf"(?<![\w'])(?:{'|'.join(words)})"] if words else []
    return re.compile("|".join(alternatives + raw))
