"""Multilingual text and its resolution with a visible fallback.

Guide content carries its own translations (`{"en": ..., "ru": ...}`). A missing translation falls
back along the language's configured order (`amanat.rulefiles.texts.language_chain`, by default
Russian, then English), and the resolver says which language it actually used, so a screen can mark fallback
text instead of passing it off as a translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from amanat.rulefiles.texts import language_chain as _chain
from amanat.rulefiles.texts import resolve_text

Text = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class ResolvedText:
    text: str
    language: str  # the language actually used
    requested: str

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "language": self.language,
            "requested": self.requested,
            "fallback": self.is_fallback,
        }


def language_chain(requested: str) -> tuple[str, ...]:
    """The languages tried, in order, for `requested` (AMANAT_LANGUAGE_FALLBACKS)."""
    return _chain(requested)


def resolve(text: Text, requested: str) -> ResolvedText:
    """The text in `requested`, else along its fallback order, else any language present."""
    value, code = resolve_text(text, requested)
    return ResolvedText(value, code if value else requested, requested)


def pick(text: Text, requested: str) -> str:
    """Only the string of `resolve` (for places where the language used is reported elsewhere)."""
    return resolve(text, requested).text
