"""Helpers for running a guide as an interview: checking a stored answer set and skip logic.

The web flow saves answers section by section. `check_answer_set` validates an answer set exactly
as `screen` would (same errors) and returns it in canonical, JSON-ready form with the answers to
questions the skip logic hides left out; `visibility` says which sections and questions are shown
for a set of answers. Both walk the questions in guide order, as the scorer does, so a page and
the result always agree on what was asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .answers import apply_answers, normalise, split_answer_set
from .compiled import compile_guide
from .conditions import Context, Predicate, compile_condition
from .engine import screen
from .model import Guide


@dataclass(slots=True)
class CheckedAnswerSet:
    """A validated answer set: what to store, and what the skip logic left out."""

    answers: dict[str, Any]  # visible answers, canonical values (lists, not tuples)
    present: list[str]
    facts: dict[str, Any]
    hidden: list[str] = field(default_factory=list)  # answered, but hidden by the skip logic

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"answers": dict(self.answers)}
        if self.present:
            data["present"] = list(self.present)
        if self.facts:
            data["facts"] = dict(self.facts)
        return data


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def check_answer_set(
    guide: Guide, answer_set: Any, *, where: str = "answer set"
) -> CheckedAnswerSet:
    """Validate like `screen` (raises AnswerSetError naming the item) and canonicalise."""
    screen(guide, answer_set, where=where)  # every check the scorer makes, with its messages
    compiled = compile_guide(guide)
    parsed = split_answer_set(answer_set, where)
    applied = apply_answers(compiled.questions, compiled.question_by_id, parsed.answers, where)
    answers = {qid: _jsonable(value) for qid, value in applied.answers.items()}
    return CheckedAnswerSet(
        answers=answers,
        present=list(dict.fromkeys(parsed.present)),
        facts=dict(parsed.facts),
        hidden=list(applied.ignored),
    )


@dataclass(slots=True)
class Visibility:
    sections: dict[str, bool]
    questions: dict[str, bool]

    def visible_sections(self) -> list[str]:
        return [sid for sid, shown in self.sections.items() if shown]


def _section_predicates(guide: Guide) -> dict[str, Predicate | None]:
    compiled = compile_guide(guide)
    cached = compiled.cache.get("section_predicates")
    if cached is None:
        cached = compiled.cache["section_predicates"] = {
            s.id: compile_condition(s.show_if) if s.show_if is not None else None
            for s in guide.sections
        }
    return cached


def visibility(guide: Guide, answers: Mapping[str, Any]) -> Visibility:
    """Which sections and questions are shown, given (already canonical) answers.

    Only the answers of shown questions count for later conditions, as in scoring.
    """
    compiled = compile_guide(guide)
    predicates = _section_predicates(guide)
    shown: dict[str, Any] = {}
    context = Context(answers=shown)
    sections: dict[str, bool] = {}
    questions: dict[str, bool] = {}
    for section in guide.sections:
        predicate = predicates[section.id]
        sections[section.id] = predicate is None or predicate(context)
        for question in section.questions:
            visible_if = compiled.question_by_id[question.id].visible
            visible = visible_if is None or visible_if(context)
            questions[question.id] = visible
            if visible and question.id in answers:
                value = answers[question.id]
                if value is not None:
                    shown[question.id] = normalise(question, value, "answers")
    return Visibility(sections, questions)
