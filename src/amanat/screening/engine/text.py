"""Multilingual text and its resolution with a visible fallback.

Guide content carries its own translations (`{"en": ..., "ru": ...}`). A missing translation falls
back to Russian, then English, and the resolver says which language it actually used, so a screen
can mark fallback text instead of passing it off as a translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Russian is the shared working language of NRM actors in the region; English is the source
# language of the reference documents.
FALLBACK_CHAIN: tuple[str, ...] = ("ru", "en")

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
    """The languages tried, in order, for `requested`."""
    return (requested, *(code for code in FALLBACK_CHAIN if code != requested))


def resolve(text: Text, requested: str) -> ResolvedText:
    """The text in `requested`, else Russian, else English, else any language present."""
    for code in language_chain(requested):
        value = text.get(code)
        if value:
            return ResolvedText(value, code, requested)
    for code, value in text.items():
        if value:
            return ResolvedText(value, code, requested)
    return ResolvedText("", requested, requested)


def pick(text: Text, requested: str) -> str:
    """Only the string of `resolve` (for places where the language used is reported elsewhere)."""
    return resolve(text, requested).text
