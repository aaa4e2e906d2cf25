"""Code lists as data: each YAML file here names its source and gives English and Russian labels.

`choices(name)` gives (code, label) pairs in the active language, `label(name, code)` one label,
`codes(name)` the set of valid codes. Countries, regions and languages come from ISO 3166 and
ISO 639 via pycountry, with its Russian translations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language

HERE = Path(__file__).resolve().parent
FALLBACK_CHAIN = ("ru", "en")


@dataclass(frozen=True)
class Vocabulary:
    id: str
    source: str
    items: tuple[dict, ...]

    def codes(self) -> frozenset[str]:
        return frozenset(item["code"] for item in self.items)

    def label(self, code: str, language: str | None = None) -> str:
        for item in self.items:
            if item["code"] == code:
                return localised(item, language)
        return code


def localised(item: dict, language: str | None = None) -> str:
    """The item's label in `language`, falling back to Russian, then English."""
    lang = (language or get_language() or "en").split("-")[0]
    for candidate in (lang, *FALLBACK_CHAIN):
        text = item.get(candidate)
        if text:
            return str(text)
    return str(item.get("code", ""))


@cache
def vocabulary(name: str) -> Vocabulary:
    path = HERE / f"{name}.yaml"
    if not path.exists():
        raise KeyError(f"Unknown vocabulary '{name}'")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = tuple({**item, "code": str(item["code"])} for item in raw["items"])
    return Vocabulary(id=raw["id"], source=raw["source"], items=items)


def available() -> list[str]:
    return sorted(path.stem for path in HERE.glob("*.yaml"))


def codes(name: str) -> frozenset[str]:
    return vocabulary(name).codes()


def choices(name: str, language: str | None = None) -> list[tuple[str, str]]:
    return [(item["code"], localised(item, language)) for item in vocabulary(name).items]


def label(name: str, code: str, language: str | None = None) -> str:
    return vocabulary(name).label(code, language)
