"""Skip logic as XPath: the guide's structured conditions written for the XLSForm `relevant`
column. Only question leaves appear in skip logic (the loader allows nothing else there)."""

from __future__ import annotations

from collections.abc import Mapping

from amanat.screening.engine.conditions import Condition, Group, Leaf
from amanat.screening.engine.model import Question

_SYMBOL = {"lt": "<", "lte": "<=", "gt": ">", "gte": ">="}


def literal(value: object, question: Question) -> str:
    if question.type == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    text = str(value)
    if "'" in text:  # an XPath 1.0 string literal cannot escape its quote: use the other one
        return f'"{text}"'
    return f"'{text}'"


def ref(name: str) -> str:
    return "${" + name + "}"


def to_xpath(condition: Condition, questions: Mapping[str, Question]) -> str:
    if isinstance(condition, Group):
        parts = [to_xpath(item, questions) for item in condition.items]
        if condition.kind == "not":
            return f"not({parts[0]})"
        joiner = " or " if condition.kind == "any" else " and "
        return "(" + joiner.join(parts) + ")"
    return _leaf(condition, questions)


def _leaf(leaf: Leaf, questions: Mapping[str, Question]) -> str:
    if leaf.kind != "question":
        raise ValueError(f"a {leaf.kind} condition cannot be written as skip logic")
    question = questions[str(leaf.subject)]
    field = ref(question.id)
    if leaf.op == "answered":
        return f"{field} != ''" if leaf.value else f"{field} = ''"
    if leaf.op == "includes":
        return f"selected({field}, {literal(leaf.value, question)})"
    if leaf.op == "equals":
        if question.type == "multiple_choice":
            return f"selected({field}, {literal(leaf.value, question)})"
        return f"{field} = {literal(leaf.value, question)}"
    if leaf.op == "in":
        if question.type == "multiple_choice":
            items = [f"selected({field}, {literal(v, question)})" for v in leaf.value]
        else:
            items = [f"{field} = {literal(v, question)}" for v in leaf.value]
        return "(" + " or ".join(items) + ")"
    # An empty number compares as NaN in XPath; say "answered" explicitly, as the engine does.
    return f"({field} != '' and {field} {_SYMBOL[leaf.op]} {literal(leaf.value, question)})"
