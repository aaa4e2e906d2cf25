"""Needs suggested from a screening result: `suggested_needs(result) -> [{service_type, urgency,
reason}]`.

The mapping is data (`needs.yaml`, citing its source); service types and urgency levels are the
referral taxonomy's (`amanat.referrals.taxonomy`). Pure Python (no Django import), so it is
testable on its own and usable from the CLI. The suggestions are for
a caseworker to confirm: nothing here writes anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import ConfigDict, Field, StringConstraints, field_validator

from amanat import rulefiles
from amanat.referrals.taxonomy import load_taxonomy
from amanat.rulefiles import RuleFileError, RuleModel, problem
from amanat.screening.engine import resolve

NEEDS_FILE = Path(__file__).resolve().parent / "rules" / "needs.yaml"


def _urgency_rank() -> dict[str, int]:
    return {code: level.rank for code, level in load_taxonomy().urgency_levels.items()}


_LEAVES = ("answer", "category", "indicator", "presumed_victim", "profile")


class NeedsMappingError(RuleFileError):
    """needs.yaml is malformed: the message names the file, line, rule and problem."""


def _check_condition(raw: Any, at: tuple = ()) -> None:
    """Raise a problem at the place `at` (below `when`) where a condition is malformed."""
    if not isinstance(raw, Mapping) or not raw:
        raise problem("a condition must be a non-empty mapping", *at)
    if "any" in raw:
        if set(raw) != {"any"} or not isinstance(raw["any"], list) or not raw["any"]:
            raise problem("must be the only key, with a non-empty list", *at, "any")
        for n, item in enumerate(raw["any"]):
            _check_condition(item, (*at, "any", n))
        return
    leaf = [key for key in raw if key in _LEAVES]
    if len(leaf) != 1:
        raise problem(f"expected one of {', '.join(_LEAVES)}, found {sorted(raw)}", *at)
    if leaf[0] == "answer":
        ops = set(raw) - {"answer"}
        if ops not in ({"equals"}, {"includes"}):
            raise problem("an answer condition needs 'equals' or 'includes'", *at)
    elif set(raw) != {leaf[0]}:
        raise problem(f"'{leaf[0]}' takes no other key", *at)


class Reason(RuleModel):
    model_config = ConfigDict(extra="allow")  # other languages may follow en and ru

    en: Annotated[str, StringConstraints(min_length=1)]
    ru: Annotated[str, StringConstraints(min_length=1)]


class NeedRule(RuleModel):
    when: dict[str, Any]
    service_type: str
    urgency: str
    reason: Reason

    @field_validator("when", mode="before")
    @classmethod
    def _condition(cls, raw: Any) -> Any:
        _check_condition(raw)
        return raw

    @field_validator("service_type")
    @classmethod
    def _known_service_type(cls, code: str) -> str:
        if code not in load_taxonomy().service_types:
            raise problem(f"unknown '{code}'")
        return code

    @field_validator("urgency")
    @classmethod
    def _known_urgency(cls, code: str) -> str:
        if code not in _urgency_rank():
            raise problem(f"unknown '{code}'")
        return code


class NeedsFile(RuleModel):
    source: Any
    rules: Annotated[list[NeedRule], Field(min_length=1)]


@cache
def needs_rules() -> tuple[dict[str, Any], ...]:
    """The validated rules of needs.yaml (read once)."""
    data = rulefiles.load(NEEDS_FILE, NeedsFile, error=NeedsMappingError)
    return tuple(rule.model_dump() for rule in data.rules)


def _holds(condition: Mapping[str, Any], facts: dict[str, Any]) -> bool:
    if "any" in condition:
        return any(_holds(item, facts) for item in condition["any"])
    if "answer" in condition:
        value = facts["answers"].get(condition["answer"])
        if "includes" in condition:
            return isinstance(value, list | tuple) and condition["includes"] in value
        return value == condition["equals"]
    if "category" in condition:
        return condition["category"] in facts["categories"]
    if "indicator" in condition:
        return condition["indicator"] in facts["present"]
    if "presumed_victim" in condition:
        return facts["presumed_victim"] is condition["presumed_victim"]
    return facts["profile"] == condition["profile"]


def suggested_needs(
    result: Mapping[str, Any], answers: Mapping[str, Any] | None = None, *, language: str = "en"
) -> list[dict[str, str]]:
    """Needs a result (ScreeningResult.to_dict()) and its answers suggest, most urgent first.

    Each item is `{"service_type", "urgency", "reason"}`; one item per service type, with the
    highest urgency of the rules that fired and their reasons joined.
    """
    answers = answers or {}
    if "answers" in answers and isinstance(answers.get("answers"), Mapping):
        answers = answers["answers"]  # a whole answer set was passed
    overall = result.get("overall") or {}
    facts = {
        "answers": answers,
        "categories": {c.get("id") for c in result.get("categories") or ()},
        "present": set(result.get("present") or ()),
        "presumed_victim": (result.get("conclusion") or {}).get("presumed_victim"),
        "profile": overall.get("profile"),
    }
    rank = _urgency_rank()
    found: dict[str, dict[str, Any]] = {}
    for rule in needs_rules():
        if not _holds(rule["when"], facts):
            continue
        reason = resolve(rule["reason"], language).text
        current = found.get(rule["service_type"])
        if current is None:
            found[rule["service_type"]] = {
                "service_type": rule["service_type"], "urgency": rule["urgency"], "reasons": [reason],
            }  # fmt: skip
            continue
        if rank[rule["urgency"]] < rank[current["urgency"]]:
            current["urgency"] = rule["urgency"]
        if reason not in current["reasons"]:
            current["reasons"].append(reason)
    ordered = sorted(found.values(), key=lambda item: rank[item["urgency"]])
    return [
        {
            "service_type": i["service_type"],
            "urgency": i["urgency"],
            "reason": " ".join(i["reasons"]),
        }
        for i in ordered
    ]
