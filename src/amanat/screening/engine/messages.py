"""Explanation sentences in the engine's languages (data in messages.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .text import pick

_FILE = Path(__file__).resolve().parents[1] / "rules" / "messages.yaml"


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    return yaml.safe_load(_FILE.read_text(encoding="utf-8"))


@cache
def template(key: str, language: str) -> str:
    return pick(_catalogue()[key], language)


def message(key: str, language: str, **params: object) -> str:
    return template(key, language).format(**params)
