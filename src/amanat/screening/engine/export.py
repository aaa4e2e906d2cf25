"""A guide as plain data (for `amanat guides show --format json` and the API)."""

from __future__ import annotations

from typing import Any

from .conditions import Condition, Leaf
from .model import DelphiScoring, Guide, VulnerabilityScoring


def condition_to_dict(condition: Condition) -> dict[str, Any]:
    if isinstance(condition, Leaf):
        if condition.kind in ("indicator", "dimension"):
            return {condition.kind: condition.subject}
        value = list(condition.value) if isinstance(condition.value, tuple) else condition.value
        return {condition.kind: condition.subject, condition.op: value}
    if condition.kind == "not":
        return {"not": condition_to_dict(condition.items[0])}
    return {condition.kind: [condition_to_dict(item) for item in condition.items]}


def guide_summary(guide: Guide) -> dict[str, Any]:
    return {
        "id": guide.id,
        "version": guide.version,
        "method": guide.method,
        "title": dict(guide.title),
        "languages": list(guide.languages),
        "indicators": len(guide.indicators),
        "questions": len(guide.questions()),
    }


def guide_to_dict(guide: Guide) -> dict[str, Any]:
    data = guide_summary(guide)
    data["description"] = dict(guide.description) if guide.description else None
    data["source"] = guide.source
    data["dimensions"] = [{"id": d.id, "label": dict(d.label)} for d in guide.dimensions]
    data["indicators"] = [
        {
            "id": i.id,
            "dimension": i.dimension,
            "grade": i.grade,
            "alternative_grades": list(i.alternative_grades),
            "level": i.level,
            "kind": i.kind,
            "weight": i.weight,
            "label": dict(i.label),
            "note": dict(i.note) if i.note else None,
        }
        for i in guide.indicators
    ]
    data["sections"] = [
        {
            "id": s.id,
            "title": dict(s.title),
            "help": dict(s.help) if s.help else None,
            "show_if": condition_to_dict(s.show_if) if s.show_if else None,
            "questions": [
                {
                    "id": q.id,
                    "type": q.type,
                    "dimension": None,
                    "grade": None,
                    "label": dict(q.label),
                    "help": dict(q.help) if q.help else None,
                    "options": [
                        {"id": o.id, "label": dict(o.label), "indicators": list(o.indicators)}
                        for o in q.options
                    ],
                    "show_if": condition_to_dict(q.show_if) if q.show_if else None,
                    "indicators": list(q.indicators),
                    "sets_fact": q.sets_fact,
                    "vocabulary": q.vocabulary,
                }
                for q in s.questions
            ],
        }
        for s in guide.sections
    ]
    data["scoring"] = _scoring_to_dict(guide)
    data["feeds"] = [g.id for g in guide.fed_guides]
    return data


def _rule(rule) -> dict[str, Any]:
    return {"id": rule.id, "description": dict(rule.description), "citation": rule.citation}


def _scoring_to_dict(guide: Guide) -> dict[str, Any]:
    scoring = guide.scoring
    if isinstance(scoring, DelphiScoring):
        return {
            "method": "delphi",
            "dimension_rule": {
                **_rule(scoring.dimension_rule),
                "clauses": [
                    {
                        "label": dict(c.label),
                        "minimums": {"_or_".join(sorted(g)): n for g, n in c.minimums},
                    }
                    for c in scoring.clauses
                ],
            },
            "conclusion_rule": {
                **_rule(scoring.conclusion_rule),
                "condition": condition_to_dict(scoring.conclusion),
            },
            "applies_to": {"age_min": scoring.age_min, "age_below": scoring.age_below},
        }
    if isinstance(scoring, VulnerabilityScoring):
        return {
            "method": "vulnerability",
            "rule": _rule(scoring.rule),
            "levels": [
                {
                    "id": lv.id,
                    "label": dict(lv.label),
                    "thresholds": {"medium": lv.medium_from, "high": lv.high_from},
                }
                for lv in scoring.levels
            ],
            "overall": {
                "thresholds": {
                    "medium": scoring.overall_medium_from,
                    "high": scoring.overall_high_from,
                },
                "at_least_highest_level": scoring.overall_at_least_highest_level,
            },
            "category_rule": _rule(scoring.category_rule),
            "categories": [
                {"id": c.id, "label": dict(c.label), "when": condition_to_dict(c.condition)}
                for c in scoring.categories
            ],
        }
    return {"method": guide.method, "rule": _rule(scoring.rule)}
