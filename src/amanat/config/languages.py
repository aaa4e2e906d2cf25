"""The interface languages, their own names, and the fallback order setting (ADR 1400).

Content (guides, code lists, rule files) carries its own translations; when a text is missing in
the requested language it is taken from the next language of that language's fallback order,
`AMANAT_LANGUAGE_FALLBACKS` (e.g. ``kk:ru,en;tg:ru,en``). settings.py parses it here (a malformed
value stops start-up with a message naming it) and installs it in the one chain every text is
picked with, `amanat.rulefiles.texts.language_chain` (used by the screening engine, code lists,
rule-file labels and `amanat.core.language`). No Django here.
"""

from __future__ import annotations

# The interface languages, in the order the switcher shows them; Uzbek is its official Latin script.
LANGUAGE_CODES: tuple[str, ...] = ("en", "ru", "kk", "ky", "tg", "uz")

# Each language in its own name (the switcher never says "Kirghiz"): CLDR's autonyms, with the
# forms the governments use for the language's name in the language itself.
NATIVE_NAMES: dict[str, str] = {
    "en": "English",
    "ru": "Русский",
    "kk": "Қазақша",
    "ky": "Кыргызча",
    "tg": "Тоҷикӣ",
    "uz": "Oʻzbekcha",
}

# Russian is the shared working language of NRM actors in the region; English the source language.
DEFAULT_FALLBACKS: dict[str, tuple[str, ...]] = {
    "en": ("ru",),
    "ru": ("en",),
    "kk": ("ru", "en"),
    "ky": ("ru", "en"),
    "tg": ("ru", "en"),
    "uz": ("ru", "en"),
}


def parse_fallbacks(value: str | None) -> dict[str, tuple[str, ...]]:
    """``"kk:ru,en;tg:ru,en"`` -> the default table with those languages' orders replaced.

    Raises ValueError naming the faulty part (settings turns it into a start-up error).
    """
    result = dict(DEFAULT_FALLBACKS)
    for part in (value or "").split(";"):
        part = part.strip()
        if not part:
            continue
        language, sep, rest = part.partition(":")
        language = language.strip()
        order = tuple(code.strip() for code in rest.split(",") if code.strip())
        if not sep or not language:
            raise ValueError(f"'{part}': expected LANGUAGE:FALLBACK,FALLBACK")
        unknown = [c for c in (language, *order) if c not in LANGUAGE_CODES]
        if unknown:
            raise ValueError(
                f"'{part}': unknown language '{unknown[0]}' (known: {', '.join(LANGUAGE_CODES)})"
            )
        if language in order:
            raise ValueError(f"'{part}': a language cannot fall back to itself")
        result[language] = order
    return result


def base(language: str | None) -> str:
    """The bare language code: ``ru-RU`` -> ``ru``, ``uz-Latn`` -> ``uz``, None -> ``en``."""
    return (language or "en").split("-")[0].split("_")[0].lower() or "en"
