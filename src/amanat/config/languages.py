"""The interface languages, their own names, and the one fallback order used to pick a text.

Content (guides, code lists, rule files) carries its own translations; when a text is missing in
the requested language it is taken from the next language of that language's fallback order
(`AMANAT_LANGUAGE_FALLBACKS`, e.g. ``kk:ru,en;tg:ru,en``), then from English (the source language
of the reference documents) and Russian, so a page never shows an empty text. Every place that
picks a text for a language goes through `chain()`/`pick()`: the screening engine, the code-list
registry, rule-file labels, reports.

No Django here: the pure engines use it too. settings.py parses the variable (a malformed value
stops start-up with a message naming it) and hands the result to `configure()`.
"""

from __future__ import annotations

from collections.abc import Mapping

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
# Always tried last, so a text present in the source languages is never lost.
LAST_RESORT: tuple[str, ...] = ("en", "ru")

_fallbacks: dict[str, tuple[str, ...]] = dict(DEFAULT_FALLBACKS)


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


def configure(fallbacks: Mapping[str, tuple[str, ...]]) -> None:
    """Install the fallback table (settings at start-up; tests that change the setting)."""
    global _fallbacks
    _fallbacks = {code: tuple(order) for code, order in fallbacks.items()}


def base(language: str | None) -> str:
    """The bare language code: ``ru-RU`` -> ``ru``, ``uz-Latn`` -> ``uz``, None -> ``en``."""
    return (language or "en").split("-")[0].split("_")[0].lower() or "en"


def chain(language: str | None) -> tuple[str, ...]:
    """The languages tried, in order, for a text requested in `language`."""
    requested = base(language)
    order = _fallbacks.get(requested, ("ru", "en"))
    result: list[str] = []
    for code in (requested, *order, *LAST_RESORT):
        if code not in result:
            result.append(code)
    return tuple(result)


def resolve(texts: Mapping[str, str | None], language: str | None) -> tuple[str, str]:
    """(text, language it is in) for `language` along its chain; any language present after it."""
    for code in chain(language):
        value = texts.get(code)
        if value:
            return str(value), code
    for code, value in texts.items():
        if value:
            return str(value), code
    return "", base(language)


def pick(texts: Mapping[str, str | None], language: str | None) -> str:
    """Only the text of `resolve`."""
    return resolve(texts, language)[0]
