"""Spellings of true/false answers and test phases, read from answer_vocabulary.yaml."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field

from amanat import rulefiles
from amanat.rulefiles import RuleModel

VOCABULARY_FILE = Path(__file__).resolve().parents[1] / "rules" / "answer_vocabulary.yaml"


class Spellings(RuleModel):
    label: dict[str, str]
    spellings: list[str | int | float | bool]


class AnswerVocabulary(RuleModel):
    source: Any
    true_false: dict[str, Spellings]
    phases: dict[str, Spellings]
    multiple_choice_separators: list[str] = Field(min_length=1)


@cache
def _vocabulary() -> dict:
    return rulefiles.load(VOCABULARY_FILE, AnswerVocabulary).model_dump()


def _spelling_map(section: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for canonical, entry in _vocabulary()[section].items():
        for spelling in entry["spellings"]:
            mapping[str(spelling).casefold()] = str(canonical)
    return mapping


@cache
def truth_spellings() -> dict[str, bool]:
    return {spelling: value == "true" for spelling, value in _spelling_map("true_false").items()}


@cache
def phase_spellings() -> dict[str, str]:
    return _spelling_map("phases")


@cache
def multiple_choice_separators() -> tuple[str, ...]:
    return tuple(_vocabulary()["multiple_choice_separators"])


def read_truth(text: str) -> bool | None:
    """True, False, or None when the text is not a known true/false spelling."""
    return truth_spellings().get(text.strip().casefold())


def read_phase(text: str) -> str | None:
    """'pre', 'post', or None when the text is not a known phase spelling."""
    return phase_spellings().get(text.strip().casefold())


def split_options(text: str) -> frozenset[str]:
    """The set of options in a choice answer: 'a; C' -> {'A', 'C'} (case and order ignored)."""
    normalised = text
    first, *others = multiple_choice_separators()
    for separator in others:
        normalised = normalised.replace(separator, first)
    return frozenset(part.strip().upper() for part in normalised.split(first) if part.strip())
