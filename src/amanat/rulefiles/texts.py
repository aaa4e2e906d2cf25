"""The multilingual text of a rule file as models validate it and screens pick from it.

English and Russian are written inline in the rule files; Kazakh, Kyrgyz, Tajik and Uzbek arrive
from the content overlays (see `translations`), so every text model accepts them as optional.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .models import RuleModel
from .translations import OVERLAY_LANGUAGES, TEXT_LANGUAGES

# The languages tried after the requested one; the web layer may replace an entry per language
# from its settings (e.g. Tajik -> Russian -> English) when it starts.
FALLBACKS: dict[str, tuple[str, ...]] = {}
DEFAULT_FALLBACK: tuple[str, ...] = ("ru", "en")


def language_chain(requested: str | None) -> tuple[str, ...]:
    """The languages tried, in order, for `requested` (a tag such as 'kk' or 'ru-RU')."""
    base = (requested or "en").split("-")[0].lower()
    rest = FALLBACKS.get(base, DEFAULT_FALLBACK)
    return (base, *(code for code in rest if code != base))


def configure_fallbacks(fallbacks: Mapping[str, tuple[str, ...]]) -> None:
    """Install the fallback orders (settings, from AMANAT_LANGUAGE_FALLBACKS; ADR 1400)."""
    FALLBACKS.clear()
    FALLBACKS.update({code: tuple(order) for code, order in fallbacks.items()})


def resolve_text(texts: Mapping[str, Any], requested: str | None) -> tuple[str, str]:
    """(text, the language it is in) for `requested` along its chain, else any language present;
    ('', requested) when there is no text at all."""
    chain = language_chain(requested)
    for code in chain:
        value = texts.get(code)
        if isinstance(value, str) and value:
            return value, code
    for code, value in texts.items():
        if code in TEXT_LANGUAGES and isinstance(value, str) and value:
            return value, code
    return "", chain[0]


class OverlayTexts(RuleModel):
    """Mixin of a text model: the languages that come from the content overlays."""

    kk: str = ""
    ky: str = ""
    tg: str = ""
    uz: str = ""


@dataclass(frozen=True)
class MultilingualLabel:
    """A validated text in every language it has, picked with the fallback chain."""

    en: str
    ru: str
    kk: str = ""
    ky: str = ""
    tg: str = ""
    uz: str = ""

    @classmethod
    def of(cls, source: Any) -> MultilingualLabel:
        """From a text model or a mapping with language keys."""
        get = source.get if isinstance(source, dict) else lambda k, d="": getattr(source, k, d)
        extra = {code: get(code, "") or "" for code in OVERLAY_LANGUAGES}
        return cls(en=get("en", "") or "", ru=get("ru", "") or "", **extra)

    def get(self, language: str | None) -> str:
        for code in language_chain(language):
            text = getattr(self, code, "")
            if text:
                return text
        return self.en
