"""Code lists as data, in one registry: each YAML file names its source and gives English and
Russian labels.

Every app registers the folder of its code-list files (`<app>/rules/vocabularies/`) with
`register_folder`; the platform's own lists are in `core/rules/vocabularies/`. Files are read with
the one rule-file loader (`amanat.rulefiles`), so a malformed list names its file, line and field.
`choices(name)` gives (code, label) pairs in the active language, `label(name, code)` one label,
`codes(name)` the set of valid codes. Countries, regions and languages come from ISO 3166 and
ISO 639 via pycountry, with its Russian translations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from amanat import rulefiles
from amanat.rulefiles.texts import language_chain

from .schema import VocabularyFile

HERE = Path(__file__).resolve().parent.parent / "rules" / "vocabularies"


# The registry imports no Django, so pure engines (insights.ctdc, insights.stats) can read code
# lists; the web layer tells it the active language at start-up (CoreConfig.ready).
def _no_language() -> str | None:
    return None


_active_language: Callable[[], str | None] = _no_language


def use_active_language(getter: Callable[[], str | None]) -> None:
    global _active_language
    _active_language = getter


_registry: dict[str, Path] = {}
_owners: dict[str, str] = {}


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

    def item(self, code: str) -> dict | None:
        return next((item for item in self.items if item["code"] == code), None)


def localised(item: dict, language: str | None = None) -> str:
    """The item's label in `language`, else along its fallback order (AMANAT_LANGUAGE_FALLBACKS)."""
    for candidate in language_chain(language or _active_language()):
        text = item.get(candidate)
        if text:
            return str(text)
    return str(item.get("code", ""))


def register_folder(directory: Path, *, owner: str) -> None:
    """Register every `*.yaml` code list in `directory` under its file name (idempotent).

    Names are global: two apps may not register the same name, so a code means one thing.
    """
    for path in sorted(Path(directory).glob("*.yaml")):
        name = path.stem
        if name in _owners and _owners[name] != owner:
            raise ValueError(
                f"vocabulary '{name}' is registered by {_owners[name]} and again by {owner}"
            )
        _registry[name] = path
        _owners[name] = owner


@cache
def vocabulary(name: str) -> Vocabulary:
    """The validated code list `name`, read once per process with the rule-file loader."""
    path = _registry.get(name)
    if path is None:
        raise KeyError(f"Unknown vocabulary '{name}'")
    data = rulefiles.load(path, VocabularyFile)
    return Vocabulary(
        id=data.id,
        source=data.source,
        items=tuple(item.model_dump(exclude_none=True) for item in data.items),
    )


def available(owner: str | None = None) -> list[str]:
    """Registered vocabulary names (of one owner, e.g. "core" or "training", when given)."""
    return sorted(name for name in _registry if owner is None or _owners[name] == owner)


def codes(name: str) -> frozenset[str]:
    return vocabulary(name).codes()


def choices(name: str, language: str | None = None) -> list[tuple[str, str]]:
    return [(item["code"], localised(item, language)) for item in vocabulary(name).items]


def label(name: str, code: str, language: str | None = None) -> str:
    return vocabulary(name).label(code, language)


register_folder(HERE, owner="core")
