"""The training app's code lists (NRM roles, session methods, event kinds).

Same format as amanat.core.vocabularies (YAML with `source`, `en`, `ru`), kept in this app's
`vocabularies/` folder. `lookup()` also accepts a label typed in a spreadsheet, in any language.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from amanat.core import vocabularies as core_vocabularies
from amanat.core.vocabularies import Vocabulary, localised

HERE = Path(__file__).resolve().parent / "vocabularies"
LOCAL = ("nrm_role", "training_method", "event_kind")


@cache
def vocabulary(name: str) -> Vocabulary:
    if name not in LOCAL:
        return core_vocabularies.vocabulary(name)
    raw = yaml.safe_load((HERE / f"{name}.yaml").read_text(encoding="utf-8"))
    items = tuple({**item, "code": str(item["code"])} for item in raw["items"])
    return Vocabulary(id=raw["id"], source=raw["source"], items=items)


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
