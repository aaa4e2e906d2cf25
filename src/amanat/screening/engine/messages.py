"""Explanation sentences in the engine's languages (data in messages.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import RootModel

from amanat import rulefiles

from .text import pick

_FILE = Path(__file__).resolve().parents[1] / "rules" / "messages.yaml"


# A key names one sentence; its value maps a language code to the sentence in that language.
Catalogue = RootModel[dict[str, dict[str, str]]]


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    return rulefiles.load(_FILE, Catalogue).root


@cache
def template(key: str, language: str) -> str:
    return pick(_catalogue()[key], language)


def message(key: str, language: str, **params: object) -> str:
    return template(key, language).format(**params)
