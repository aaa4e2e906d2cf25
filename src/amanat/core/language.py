"""The one place that picks a text for the page's language (ADR 1400).

Views, forms, presenters and reports call `active()` for the page's bare language code and
`pick(texts)` / `resolve(texts)` for a `{language: text}` mapping; the order in which languages
are tried when a text is missing comes from AMANAT_LANGUAGE_FALLBACKS (`amanat.config.languages`,
installed in `amanat.rulefiles.texts.language_chain`).
Never test ``get_language().startswith("ru")``: that hides Kazakh, Kyrgyz, Tajik and Uzbek.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import get_language

from amanat.config import languages
from amanat.rulefiles.texts import language_chain, resolve_text
from amanat.rulefiles.translations import DRAFT, overlay_entries


def active() -> str:
    """The page's language as a bare code of the interface languages (`ru`, not `ru-RU`)."""
    code = languages.base(get_language())
    return code if code in languages.LANGUAGE_CODES else "en"


def chain(language: str | None = None) -> tuple[str, ...]:
    """The languages tried, in order, for a text in `language` (default: the page's)."""
    return language_chain(language or active())


def pick(texts: Mapping[str, str | None], language: str | None = None) -> str:
    """The text in `language` (default: the page's), else along its fallback order."""
    return resolve_text(texts, language or active())[0]


def resolve(texts: Mapping[str, str | None], language: str | None = None) -> tuple[str, str]:
    """(text, language it is in): a caller that can mark a fallback compares it with `active()`."""
    return resolve_text(texts, language or active())


def first_available(available, language: str | None = None) -> str:
    """The first language of the chain among `available` (e.g. a report's languages)."""
    return next((c for c in chain(language) if c in available), available[0])


def draft_sources(rule_file, language: str | None = None) -> frozenset[str]:
    """English texts of a rule file whose translation into `language` (default: the page's)
    comes from its content overlay unreviewed; empty when AMANAT_MARK_DRAFT_TRANSLATIONS is off.
    Pages mark such a text "draft translation" (ADR 1404)."""
    from django.conf import settings

    if not getattr(settings, "AMANAT_MARK_DRAFT_TRANSLATIONS", True) or not rule_file:
        return frozenset()
    entries = overlay_entries(rule_file, language or active())
    return frozenset(e.source for e in entries.values() if e.translated and e.status == DRAFT)


def decimal_comma() -> bool:
    """Whether numbers are written with a decimal comma in the page's language (all but English)."""
    return active() != "en"
