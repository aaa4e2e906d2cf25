"""Answer sets: structure checks, value normalisation and skip logic.

An answer set is `{"present": [indicator ids], "answers": {question id: value},
"facts": {"age": n, "act_established": bool}}`; every part may be absent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .conditions import Context
from .errors import AnswerSetError
from .model import FACT_TYPES, CompiledQuestion, Question

ANSWER_SET_KEYS = frozenset(("present", "answers", "facts"))
_EMPTY: Mapping[str, Any] = {}


@dataclass(slots=True)
class ParsedAnswers:
    present: list[str]
    answers: Mapping[str, Any]
    facts: dict[str, Any]


def split_answer_set(raw: Any, where: str = "answer set") -> ParsedAnswers:
    if not isinstance(raw, Mapping):
        raise AnswerSetError(
            f"{where}: expected an object with present/answers/facts, found {type(raw).__name__}",
            item=where,
        )
    if not ANSWER_SET_KEYS.issuperset(raw):
        unknown = sorted(set(raw) - ANSWER_SET_KEYS)
        raise AnswerSetError(
            f"{where}: unknown key(s) {', '.join(map(str, unknown))} (allowed: answers, facts, present)",
            item=where,
        )
    present = raw.get("present") or []
    if not isinstance(present, list) or not all(isinstance(p, str) for p in present):
        raise AnswerSetError(
            f"{where}: 'present' must be a list of indicator ids", item=f"{where}.present"
        )
    answers = raw.get("answers") or _EMPTY
    if not isinstance(answers, Mapping):
        raise AnswerSetError(
            f"{where}: 'answers' must be an object of question id to value", item=f"{where}.answers"
        )
    facts = raw.get("facts") or _EMPTY
    if not isinstance(facts, Mapping):
        raise AnswerSetError(f"{where}: 'facts' must be an object", item=f"{where}.facts")
    return ParsedAnswers(present, answers, _check_facts(facts, where) if facts else {})


def _check_facts(facts: Mapping[str, Any], where: str) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for name, value in facts.items():
        kind = FACT_TYPES.get(name)
        item = f"{where}.facts.{name}"
        if kind is None:
            raise AnswerSetError(
                f"{item}: unknown fact '{name}' (known: {', '.join(sorted(FACT_TYPES))})", item=item
            )
        if value is None:
            continue
        if kind == "number" and (
            isinstance(value, bool) or not isinstance(value, int | float) or value < 0
        ):
            raise AnswerSetError(
                f"{item}: expected a non-negative number, found {value!r}", item=item
            )
        if kind == "bool" and not isinstance(value, bool):
            raise AnswerSetError(f"{item}: expected true or false, found {value!r}", item=item)
        if kind == "list" and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            raise AnswerSetError(f"{item}: expected a list of ids", item=item)
        checked[name] = value
    return checked


def normalise(question: Question, value: Any, where: str) -> Any:
    """The canonical form of an answer, or an error naming the question and the problem."""
    item = f"{where}.answers.{question.id}"
    kind = question.type
    if value is None:
        return None
    if kind == "yes_no":
        if value is True or value is False:
            return "yes" if value else "no"
        if value in ("yes", "no", "unknown"):
            return value
        raise AnswerSetError(f"{item}: expected yes, no or unknown, found {value!r}", item=item)
    if kind == "single_choice":
        if isinstance(value, str) and value in question.allowed_values():
            return value
        raise AnswerSetError(
            f"{item}: '{value}' is not an option (allowed: {', '.join(o.id for o in question.options)})",
            item=item,
        )
    if kind == "multiple_choice":
        allowed = question.allowed_values()
        if not isinstance(value, list):
            raise AnswerSetError(f"{item}: expected a list of options", item=item)
        for choice in value:
            if choice not in allowed:
                raise AnswerSetError(
                    f"{item}: '{choice}' is not an option (allowed: {', '.join(o.id for o in question.options)})",
                    item=item,
                )
        return tuple(dict.fromkeys(value))
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise AnswerSetError(f"{item}: expected a number, found {value!r}", item=item)
        if (question.minimum is not None and value < question.minimum) or (
            question.maximum is not None and value > question.maximum
        ):
            raise AnswerSetError(
                f"{item}: {value} is outside {question.minimum}..{question.maximum}", item=item
            )
        return value
    if kind == "date":
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise AnswerSetError(
                f"{item}: expected a date YYYY-MM-DD, found {value!r}", item=item
            ) from None
        return value
    if not isinstance(value, str):
        raise AnswerSetError(f"{item}: expected text, found {type(value).__name__}", item=item)
    return value


@dataclass(slots=True)
class AppliedAnswers:
    answers: dict[str, Any]  # visible, normalised answers
    present: set[str]  # indicators implied by the answers
    facts: dict[str, Any]  # facts set by answers (sets_fact)
    fact_sources: dict[str, str] = field(default_factory=dict)  # fact -> question id
    used: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def apply_answers(
    questions: list[CompiledQuestion],
    by_id: Mapping[str, CompiledQuestion],
    raw: Mapping[str, Any],
    where: str,
) -> AppliedAnswers:
    """Walk the questions in order, honouring skip logic, and collect indicators and facts."""
    for question_id in raw:
        if question_id not in by_id:
            item = f"{where}.answers.{question_id}"
            raise AnswerSetError(f"{item}: unknown question '{question_id}'", item=item)
    applied = AppliedAnswers({}, set(), {})
    context = Context(answers=applied.answers)
    for compiled in questions:
        question = compiled.question
        if question.id not in raw:
            continue
        value = normalise(question, raw[question.id], where)
        if value is None:
            continue
        if compiled.visible is not None and not compiled.visible(context):
            applied.ignored.append(question.id)
            continue
        applied.answers[question.id] = value
        applied.used.append(question.id)
        if question.type == "yes_no" and value == "yes":
            applied.present.update(question.indicators)
        elif question.options:
            chosen = (value,) if question.type == "single_choice" else value
            for option in question.options:
                if option.id in chosen:
                    applied.present.update(option.indicators)
        if question.sets_fact and value != "unknown":
            applied.facts[question.sets_fact] = (
                (value == "yes") if question.type == "yes_no" else value
            )
            applied.fact_sources[question.sets_fact] = question.id
    return applied
