"""The multilingual text of a rule file as models validate it and screens pick from it.

English and Russian are written inline in the rule files; Kazakh, Kyrgyz, Tajik and Uzbek arrive
from the content overlays (see `translations`), so every text model accepts them as optional.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import RuleModel
from .translations import OVERLAY_LANGUAGES

# The languages tried after the requested one; the web layer may replace an entry per language
# from its settings (e.g. Tajik -> Russian -> English) when it starts.
FALLBACKS: dict[str, tuple[str, ...]] = {}
DEFAULT_FALLBACK: tuple[str, ...] = ("ru", "en")


def language_chain(requested: str | None) -> tuple[str, ...]:
    """The languages tried, in order, for `requested` (a tag such as 'kk' or 'ru-RU')."""
    base = (requested or "en").split("-")[0].lower()
    rest = FALLBACKS.get(base, DEFAULT_FALLBACK)
    return (base, *(code for code in rest if code != base))


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
