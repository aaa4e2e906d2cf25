"""The training app's code lists (NRM roles, session methods, event kinds).

Registered with the one vocabulary registry (amanat.core.vocabularies) from this app's
`rules/vocabularies/` folder; the platform's lists are reachable by name too. `lookup()` also accepts a label typed in a spreadsheet, in any language.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from amanat.core import vocabularies as core_vocabularies
from amanat.core.vocabularies import Vocabulary, localised

HERE = Path(__file__).resolve().parent / "rules" / "vocabularies"
core_vocabularies.register_folder(HERE, owner="training")
LOCAL = tuple(core_vocabularies.available(owner="training"))


def vocabulary(name: str) -> Vocabulary:
    return core_vocabularies.vocabulary(name)


def codes(name: str) -> frozenset[str]:
    return vocabulary(name).codes()


def choices(name: str, language: str | None = None) -> list[tuple[str, str]]:
    return [(item["code"], localised(item, language)) for item in vocabulary(name).items]


def label(name: str, code: str, language: str | None = None) -> str:
    if not code:
        return ""
    return vocabulary(name).label(code, language)


@cache
def _spellings(name: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in vocabulary(name).items:
        for key, value in item.items():
            if key == "code" or isinstance(value, str):
                mapping.setdefault(str(value).strip().casefold(), item["code"])
    return mapping


def lookup(name: str, text: str) -> str | None:
    """The code for a code or a label in any language (case-insensitive); None if unknown."""
    text = (text or "").strip().casefold()
    if not text:
        return ""
    return _spellings(name).get(text)
