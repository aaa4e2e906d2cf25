"""Indicators: the index of a guide's indicators (labels, grades), the checklist form of guides
without questions (indicators grouped by Delphi dimension or vulnerability level, and the facts
their rules read)."""

from __future__ import annotations

from amanat.screening.engine import Guide
from amanat.screening.engine.conditions import referenced
from amanat.screening.engine.model import DelphiScoring, VulnerabilityScoring
from amanat.screening.presenters.labels import GRADE_LABELS, KIND_LABELS, label


def indicator_index(guide: Guide | None, language: str) -> dict[str, dict]:
    """Indicator id -> {label, grade, level, kind} over a guide and the guides it feeds."""
    index: dict[str, dict] = {}
    if guide is None:
        return index
    for source in (guide, *guide.fed_guides):
        for indicator in source.indicators:
            index.setdefault(
                indicator.id,
                {
                    "label": label(indicator.label, language),
                    "grade": indicator.grade,
                    "kind": indicator.kind,
                    "guide": source.id,
                },
            )
    return index


def indicator_groups(guide: Guide, language: str) -> list[dict]:
    """Indicators grouped by Delphi dimension or vulnerability level, for a checklist form."""
    scoring = guide.scoring
    groups: list[dict] = []
    if isinstance(scoring, DelphiScoring):
        for dimension in guide.dimensions:
            groups.append(
                {
                    "id": f"d{dimension.id}",
                    "title": label(dimension.label, language),
                    "number": dimension.id,
                    "items": [],
                }
            )
        by_key = {f"d{d.id}": g for d, g in zip(guide.dimensions, groups, strict=True)}
        for indicator in guide.indicators:
            by_key[f"d{indicator.dimension}"]["items"].append(_indicator_item(indicator, language))
    elif isinstance(scoring, VulnerabilityScoring):
        for level in scoring.levels:
            items = [_indicator_item(i, language) for i in guide.indicators if i.level == level.id]
            groups.append({"id": level.id, "title": label(level.label, language), "items": items})
    else:
        groups.append(
            {
                "id": "all",
                "title": label(guide.title, language),
                "items": [_indicator_item(i, language) for i in guide.indicators],
            }
        )
    return groups


def _indicator_item(indicator, language: str) -> dict:
    return {
        "id": indicator.id,
        "label": label(indicator.label, language),
        "grade": indicator.grade,
        "grade_label": GRADE_LABELS.get(indicator.grade or "", ""),
        "kind": indicator.kind,
        "kind_label": KIND_LABELS.get(indicator.kind or "", ""),
        "weight": indicator.weight,
        "note": label(indicator.note, language),
    }


def guide_facts(guide: Guide) -> list[str]:
    """The facts a checklist guide's rules read, asked next to the indicators."""
    scoring = guide.scoring
    facts: set[str] = set()
    if isinstance(scoring, DelphiScoring):
        facts = referenced(scoring.conclusion, "fact") | {"age"}
    elif isinstance(scoring, VulnerabilityScoring):
        for category in scoring.categories:
            facts |= referenced(category.condition, "fact")
    return [name for name in ("age", "act_established", "presumed_victim") if name in facts]


def checklist_initial(guide: Guide, stored: dict) -> dict:
    """The checklist form's initial values from a stored answer set (facts as yes/no choices)."""
    initial = {"present": stored.get("present") or []}
    for name in guide_facts(guide):
        value = (stored.get("facts") or {}).get(name)
        initial[f"fact_{name}"] = value if name == "age" else {True: "yes", False: "no"}.get(value)
    return initial


def checklist_indicator_ids(guide: Guide) -> list[str]:
    """The indicators a checklist asks about (structural ones describe the setting, not the
    person, and are not asked)."""
    return [i.id for i in guide.indicators if i.level != "structural"]


def checklist_groups(guide: Guide, language: str, checked) -> list[dict]:
    """The checklist's groups with only the asked indicators, each marked checked or not."""
    ids = set(checklist_indicator_ids(guide))
    checked = set(checked or ())
    groups = indicator_groups(guide, language)
    for group in groups:
        group["items"] = [
            {**item, "checked": item["id"] in checked}
            for item in group["items"]
            if item["id"] in ids
        ]
    return groups
