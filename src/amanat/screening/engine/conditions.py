"""A small, safe condition language for skip logic, conclusion rules and categories.

Conditions are plain data, never evaluated code:

    {question: q1, equals: yes}          {question: q1, in: [a, b]}
    {question: q2, includes: telegram}   {question: age, lt: 18}
    {question: q3, answered: true}       {indicator: d1.deceived_nature_of_job}
    {fact: age, gte: 18}                 {fact: act_established, equals: true}
    {dimension: 4}                       (a Delphi dimension is positive)
    {any: [...]}  {all: [...]}  {not: {...}}

`parse_condition` validates a raw mapping against what the context allows (which leaves, which
ids) and returns a tree; `compile_condition` turns the tree into a closure for fast evaluation;
`explain.py` writes conditions out for people.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

COMPARISONS = ("lt", "lte", "gt", "gte")
QUESTION_OPS = ("equals", "in", "includes", "answered", *COMPARISONS)
FACT_OPS = ("equals", "in", "known", *COMPARISONS)


@dataclass(slots=True)
class Context:
    """What a condition can see: normalised answers, present indicators, facts, positive dims."""

    answers: Mapping[str, Any] = field(default_factory=dict)
    present: frozenset[str] | set[str] = frozenset()
    facts: Mapping[str, Any] = field(default_factory=dict)
    positive_dimensions: frozenset[int] | set[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Leaf:
    kind: str  # question | indicator | fact | dimension
    subject: str | int
    op: str = ""
    value: Any = None

    def describe(self) -> str:
        if self.kind == "indicator":
            return f"indicator {self.subject} present"
        if self.kind == "dimension":
            return f"dimension {self.subject} positive"
        if self.op == "answered":
            return f"{self.kind} {self.subject} {'answered' if self.value else 'not answered'}"
        if self.op == "known":
            return f"{self.kind} {self.subject} {'known' if self.value else 'unknown'}"
        symbol = {"equals": "=", "in": "in", "includes": "includes", "lt": "<", "lte": "<=",
                  "gt": ">", "gte": ">="}[self.op]  # fmt: skip
        return f"{self.kind} {self.subject} {symbol} {_show(self.value)}"


@dataclass(frozen=True, slots=True)
class Group:
    kind: str  # any | all | not
    items: tuple[Condition, ...]

    def describe(self) -> str:
        if self.kind == "not":
            return f"not ({self.items[0].describe()})"
        joiner = " or " if self.kind == "any" else " and "
        return "(" + joiner.join(item.describe() for item in self.items) + ")"


Condition = Leaf | Group


class ConditionProblem(Exception):
    """Raised by the parser with the place (relative path) and the problem."""

    def __init__(self, path: str, problem: str):
        super().__init__(problem)
        self.path = path
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Scope:
    """What a condition may refer to in its context (None: that kind of leaf is not allowed)."""

    questions: Mapping[str, Any] | None = None  # question id -> Question (earlier ones only)
    indicators: frozenset[str] | None = None
    facts: Mapping[str, str] | None = None  # fact name -> "number" | "bool" | "text"
    dimensions: frozenset[int] | None = None


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def parse_condition(raw: Any, scope: Scope, path: str) -> Condition:
    if not isinstance(raw, Mapping):
        raise ConditionProblem(
            path, "a condition must be a mapping such as {question: q1, equals: yes}"
        )
    keys = set(raw)
    for group in ("any", "all"):
        if group in keys:
            if keys != {group}:
                raise ConditionProblem(
                    path, f"'{group}' must be the only key, found {sorted(keys)}"
                )
            items = raw[group]
            if not isinstance(items, list) or not items:
                raise ConditionProblem(f"{path}.{group}", "must be a non-empty list of conditions")
            return Group(
                group,
                tuple(
                    parse_condition(item, scope, f"{path}.{group}[{i}]")
                    for i, item in enumerate(items)
                ),
            )
    if "not" in keys:
        if keys != {"not"}:
            raise ConditionProblem(path, f"'not' must be the only key, found {sorted(keys)}")
        return Group("not", (parse_condition(raw["not"], scope, f"{path}.not"),))
    if "question" in keys:
        return _parse_question(raw, scope, path)
    if "indicator" in keys:
        return _parse_indicator(raw, scope, path)
    if "fact" in keys:
        return _parse_fact(raw, scope, path)
    if "dimension" in keys:
        return _parse_dimension(raw, scope, path)
    raise ConditionProblem(
        path,
        f"unknown condition keys {sorted(keys)}; expected question, indicator, fact, dimension, any, all or not",
    )


def _single_op(raw: Mapping, allowed: tuple[str, ...], subject_key: str, path: str) -> str:
    ops = [key for key in raw if key != subject_key]
    if len(ops) != 1 or ops[0] not in allowed:
        raise ConditionProblem(
            path, f"'{subject_key}' needs exactly one of {', '.join(allowed)}; found {ops}"
        )
    return ops[0]


def _parse_question(raw: Mapping, scope: Scope, path: str) -> Leaf:
    if scope.questions is None:
        raise ConditionProblem(f"{path}.question", "question conditions are not allowed here")
    qid = raw["question"]
    question = scope.questions.get(qid) if isinstance(qid, str) else None
    if question is None:
        raise ConditionProblem(
            f"{path}.question", f"unknown question '{qid}' (it must be defined before this point)"
        )
    op = _single_op(raw, QUESTION_OPS, "question", path)
    value = raw[op]
    where = f"{path}.{op}"
    if op == "answered":
        if not isinstance(value, bool):
            raise ConditionProblem(where, "must be true or false")
    elif op in COMPARISONS:
        if (
            question.type != "number"
            or isinstance(value, bool)
            or not isinstance(value, int | float)
        ):
            raise ConditionProblem(
                where,
                f"needs a number question and a number value (question '{qid}' is {question.type})",
            )
    else:
        values = value if op == "in" else [value]
        if op == "in" and (not isinstance(value, list) or not value):
            raise ConditionProblem(where, "must be a non-empty list")
        if op == "includes" and question.type != "multiple_choice":
            raise ConditionProblem(
                where, f"'includes' needs a multiple_choice question ('{qid}' is {question.type})"
            )
        allowed = question.allowed_values()
        for item in values:
            if allowed is not None and item not in allowed:
                raise ConditionProblem(
                    where,
                    f"'{_show(item)}' is not a value of question '{qid}' (allowed: {', '.join(sorted(allowed))})",
                )
        value = tuple(values) if op == "in" else value
    return Leaf("question", qid, op, value)


def _parse_indicator(raw: Mapping, scope: Scope, path: str) -> Leaf:
    if scope.indicators is None:
        raise ConditionProblem(f"{path}.indicator", "indicator conditions are not allowed here")
    if set(raw) != {"indicator"}:
        raise ConditionProblem(path, "an indicator condition has only the key 'indicator'")
    iid = raw["indicator"]
    if iid not in scope.indicators:
        raise ConditionProblem(f"{path}.indicator", f"unknown indicator '{iid}'")
    return Leaf("indicator", iid)


def _parse_fact(raw: Mapping, scope: Scope, path: str) -> Leaf:
    if scope.facts is None:
        raise ConditionProblem(f"{path}.fact", "fact conditions are not allowed here")
    name = raw["fact"]
    kind = scope.facts.get(name) if isinstance(name, str) else None
    if kind is None:
        raise ConditionProblem(
            f"{path}.fact", f"unknown fact '{name}' (known: {', '.join(sorted(scope.facts))})"
        )
    op = _single_op(raw, FACT_OPS, "fact", path)
    value = raw[op]
    where = f"{path}.{op}"
    if op == "known" and not isinstance(value, bool):
        raise ConditionProblem(where, "must be true or false")
    if op in COMPARISONS and (
        kind != "number" or isinstance(value, bool) or not isinstance(value, int | float)
    ):
        raise ConditionProblem(
            where, f"needs a number fact and a number value ('{name}' is {kind})"
        )
    if op == "equals" and kind == "bool" and not isinstance(value, bool):
        raise ConditionProblem(where, f"fact '{name}' is true or false")
    if op == "in":
        if not isinstance(value, list) or not value:
            raise ConditionProblem(where, "must be a non-empty list")
        value = tuple(value)
    return Leaf("fact", name, op, value)


def _parse_dimension(raw: Mapping, scope: Scope, path: str) -> Leaf:
    if scope.dimensions is None:
        raise ConditionProblem(f"{path}.dimension", "dimension conditions are not allowed here")
    if set(raw) != {"dimension"}:
        raise ConditionProblem(path, "a dimension condition has only the key 'dimension'")
    number = raw["dimension"]
    if number not in scope.dimensions:
        raise ConditionProblem(f"{path}.dimension", f"unknown dimension '{number}'")
    return Leaf("dimension", number)


Predicate = Callable[[Context], bool]


def compile_condition(condition: Condition) -> Predicate:
    """A closure evaluating the condition; built once per guide."""
    if isinstance(condition, Group):
        parts = tuple(compile_condition(item) for item in condition.items)
        if condition.kind == "any":
            return lambda ctx: any(part(ctx) for part in parts)
        if condition.kind == "all":
            return lambda ctx: all(part(ctx) for part in parts)
        only = parts[0]
        return lambda ctx: not only(ctx)
    subject, op, value = condition.subject, condition.op, condition.value
    if condition.kind == "indicator":
        return lambda ctx: subject in ctx.present
    if condition.kind == "dimension":
        return lambda ctx: subject in ctx.positive_dimensions
    source = "answers" if condition.kind == "question" else "facts"
    return _compile_comparison(source, subject, op, value)


def _compile_comparison(source: str, subject: Any, op: str, value: Any) -> Predicate:
    def get(ctx: Context) -> Any:
        return getattr(ctx, source).get(subject)

    if op in ("answered", "known"):
        return lambda ctx: (get(ctx) is not None) is value
    if op == "equals":
        return lambda ctx: get(ctx) == value
    if op == "in":
        return lambda ctx: get(ctx) in value
    if op == "includes":
        return lambda ctx: value in (get(ctx) or ())

    def compare(ctx: Context) -> bool:
        current = get(ctx)
        if current is None or isinstance(current, bool) or not isinstance(current, int | float):
            return False
        if op == "lt":
            return current < value
        if op == "lte":
            return current <= value
        if op == "gt":
            return current > value
        return current >= value

    return compare


def referenced(condition: Condition, kind: str) -> set:
    """Every subject of the given leaf kind in a condition (e.g. all question ids)."""
    if isinstance(condition, Leaf):
        return {condition.subject} if condition.kind == kind else set()
    found: set = set()
    for item in condition.items:
        found |= referenced(item, kind)
    return found
