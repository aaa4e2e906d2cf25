"""The one place that picks a text for the page's language (ADR 1400).

Views, forms, presenters and reports call `active()` for the page's bare language code and
`pick(texts)` / `resolve(texts)` for a `{language: text}` mapping; the order in which languages
are tried when a text is missing comes from AMANAT_LANGUAGE_FALLBACKS (`amanat.config.languages`).
Never test ``get_language().startswith("ru")``: that hides Kazakh, Kyrgyz, Tajik and Uzbek.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import get_language

from amanat.config import languages


def active() -> str:
    """The page's language as a bare code of the interface languages (`ru`, not `ru-RU`)."""
    code = languages.base(get_language())
    return code if code in languages.LANGUAGE_CODES else "en"


def chain(language: str | None = None) -> tuple[str, ...]:
    return languages.chain(language or active())


def pick(texts: Mapping[str, str | None], language: str | None = None) -> str:
    """The text in `language` (default: the page's), else along its fallback order."""
    return languages.pick(texts, language or active())


def resolve(texts: Mapping[str, str | None], language: str | None = None) -> tuple[str, str]:
    """(text, language it is in): a caller that can mark a fallback compares it with `active()`."""
    return languages.resolve(texts, language or active())


def decimal_comma() -> bool:
    """Whether numbers are written with a decimal comma in the page's language (all but English)."""
    return active() != "en"
