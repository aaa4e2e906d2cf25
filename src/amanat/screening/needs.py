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
from typing import Any

import yaml

from amanat.referrals.taxonomy import load_taxonomy
from amanat.screening.engine import resolve

NEEDS_FILE = Path(__file__).resolve().parent / "rules" / "needs.yaml"


def _urgency_rank() -> dict[str, int]:
    return {code: level.rank for code, level in load_taxonomy().urgency_levels.items()}


_LEAVES = ("answer", "category", "indicator", "presumed_victim", "profile")


class NeedsMappingError(ValueError):
    """needs.yaml is malformed: the message names the rule and the problem."""


def _check_condition(raw: Any, where: str) -> None:
    if not isinstance(raw, Mapping) or not raw:
        raise NeedsMappingError(f"{where}: a condition must be a non-empty mapping")
    if "any" in raw:
        if set(raw) != {"any"} or not isinstance(raw["any"], list) or not raw["any"]:
            raise NeedsMappingError(f"{where}.any: must be the only key, with a non-empty list")
        for n, item in enumerate(raw["any"]):
            _check_condition(item, f"{where}.any[{n}]")
        return
    leaf = [key for key in raw if key in _LEAVES]
    if len(leaf) != 1:
        raise NeedsMappingError(
            f"{where}: expected one of {', '.join(_LEAVES)}, found {sorted(raw)}"
        )
    if leaf[0] == "answer":
        ops = set(raw) - {"answer"}
        if ops not in ({"equals"}, {"includes"}):
            raise NeedsMappingError(f"{where}: an answer condition needs 'equals' or 'includes'")
    elif set(raw) != {leaf[0]}:
        raise NeedsMappingError(f"{where}: '{leaf[0]}' takes no other key")


@cache
def needs_rules() -> tuple[dict[str, Any], ...]:
    """The validated rules of needs.yaml (read once)."""
    data = yaml.safe_load(NEEDS_FILE.read_text(encoding="utf-8"))
    if not isinstance(data, Mapping) or "source" not in data or not data.get("rules"):
        raise NeedsMappingError(f"{NEEDS_FILE.name}: needs 'source' and a non-empty 'rules' list")
    rules = []
    for n, rule in enumerate(data["rules"]):
        where = f"{NEEDS_FILE.name}: rules[{n}]"
        if not isinstance(rule, Mapping) or set(rule) != {
            "when",
            "service_type",
            "urgency",
            "reason",
        }:
            raise NeedsMappingError(f"{where}: keys must be when, service_type, urgency, reason")
        if rule["service_type"] not in load_taxonomy().service_types:
            raise NeedsMappingError(f"{where}.service_type: unknown '{rule['service_type']}'")
        if rule["urgency"] not in _urgency_rank():
            raise NeedsMappingError(f"{where}.urgency: unknown '{rule['urgency']}'")
        reason = rule["reason"]
        if not isinstance(reason, Mapping) or not reason.get("en") or not reason.get("ru"):
            raise NeedsMappingError(f"{where}.reason: needs en and ru")
        _check_condition(rule["when"], f"{where}.when")
        rules.append(dict(rule))
    return tuple(rules)


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
