"""Conditions written out in the reader's language, for explanations."""

from __future__ import annotations

from collections.abc import Callable

from .conditions import Condition, Context, Leaf, compile_condition
from .messages import message, template

_SYMBOLS = {"equals": "=", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}


def _value(value: object, language: str) -> str:
    if isinstance(value, bool):
        return template("yes" if value else "no", language)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_value(v, language) for v in value) + "]"
    if value in ("yes", "no", "unknown"):
        return template(str(value), language)
    return str(value)


def describe(condition: Condition, language: str, indicator_label: Callable[[str], str]) -> str:
    if isinstance(condition, Leaf):
        return _describe_leaf(condition, language, indicator_label)
    if condition.kind == "not":
        return f"{template('word_not', language)} ({describe(condition.items[0], language, indicator_label)})"
    joiner = f" {template('word_or' if condition.kind == 'any' else 'word_and', language)} "
    return (
        "("
        + joiner.join(describe(item, language, indicator_label) for item in condition.items)
        + ")"
    )


def _describe_leaf(leaf: Leaf, language: str, indicator_label: Callable[[str], str]) -> str:
    if leaf.kind == "dimension":
        return message("leaf_dimension", language, id=leaf.subject)
    if leaf.kind == "indicator":
        return message("leaf_indicator", language, label=indicator_label(str(leaf.subject)))
    if leaf.op == "answered":
        return message(
            "leaf_answered" if leaf.value else "leaf_not_answered", language, subject=leaf.subject
        )
    if leaf.op == "known":
        return message(
            "leaf_known" if leaf.value else "leaf_not_known", language, subject=leaf.subject
        )
    op = _SYMBOLS.get(leaf.op) or template(f"op_{leaf.op}", language)
    return message(
        "leaf_compare", language, subject=leaf.subject, op=op, value=_value(leaf.value, language)
    )


def satisfied(condition: Condition, ctx: Context) -> list[Condition]:
    """The leaves (or negations) that make a true condition true."""
    if not compile_condition(condition)(ctx):
        return []
    if isinstance(condition, Leaf) or condition.kind == "not":
        return [condition]
    found: list[Condition] = []
    for item in condition.items:
        found.extend(satisfied(item, ctx))
    return found


def unsatisfied_parts(condition: Condition, ctx: Context) -> list[Condition]:
    """For a false condition: the top-level parts that fail (all of an `all`, else itself)."""
    if isinstance(condition, Leaf) or condition.kind != "all":
        return [condition]
    return [item for item in condition.items if not compile_condition(item)(ctx)]
