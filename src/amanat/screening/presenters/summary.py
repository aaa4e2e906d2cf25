"""The first screen of a result, in a practitioner's words: the conclusion, the indicators present
grouped by dimension, and what is still missing for the combination rule to be met.

The engine's own trace (facts, rule ids, clause by clause) stays on the page, folded below; this
module only reads the stored result and the guide's combination rule, and judges nothing anew.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from amanat.screening.engine.conditions import Group, Leaf
from amanat.screening.presenters.labels import FACT_LABELS, guide_or_none, resolve


def applicable_delphi_guide(result: dict, assessment_guide: str) -> str | None:
    """The Delphi list that decided: a composite interview runs the adult and the child list and
    keeps the one that applies to the person's age (its dimensions are the result's)."""
    for component in result.get("components") or ():
        if component.get("method") == "delphi" and component.get("dimensions") == result.get(
            "dimensions"
        ):
            return component.get("guide")
    return assessment_guide if result.get("method") == "delphi" else None


def indicators_by_dimension(dimensions: list[dict]) -> list[dict]:
    """Dimensions with at least one indicator present, positive ones first, labels only."""
    rows = [
        {
            "id": d["id"],
            "label": d["label"],
            "positive": d["positive"],
            "indicators": [str(i["label"]) for i in d.get("indicators") or ()],
        }
        for d in dimensions
        if d.get("indicators")
    ]
    return sorted(rows, key=lambda row: (not row["positive"], row["id"]))


def missing_to_decide(result: dict, guide_id: str | None, language: str) -> list[str]:
    """What the combination rule still needs, one plain sentence per unmet part ([] when met or
    when the guide draws no conclusion)."""
    conclusion = result.get("conclusion") or {}
    guide = guide_or_none(guide_id) if guide_id else None
    rule = getattr(getattr(guide, "scoring", None), "conclusion", None)
    if guide is None or rule is None or conclusion.get("presumed_victim") is not False:
        return []
    labels = {d.id: resolve(d.label, language).text for d in guide.dimensions}
    positive = {d["id"] for d in result.get("dimensions") or () if d.get("positive")}
    facts = result.get("facts") or {}
    parts = rule.items if isinstance(rule, Group) and rule.kind == "all" else (rule,)
    return [_sentence(part, labels) for part in parts if not _met(part, positive, facts)]


def _met(condition, positive: set[int], facts: dict) -> bool:
    if isinstance(condition, Leaf):
        if condition.kind == "dimension":
            return int(condition.subject) in positive
        if condition.kind == "fact" and condition.op == "equals":
            return facts.get(condition.subject) == condition.value
        return False  # a part this page cannot judge is listed, never hidden
    if condition.kind == "any":
        return any(_met(item, positive, facts) for item in condition.items)
    if condition.kind == "all":
        return all(_met(item, positive, facts) for item in condition.items)
    return not _met(condition.items[0], positive, facts)


def _dimension(number, labels: dict) -> str:
    return _("dimension %(number)s (%(label)s)") % {
        "number": number,
        "label": labels.get(int(number), ""),
    }


def _sentence(condition, labels: dict) -> str:
    if isinstance(condition, Leaf) and condition.kind == "dimension":
        return _("Not enough indicators for %(dimension)s.") % {
            "dimension": _dimension(condition.subject, labels)
        }
    if isinstance(condition, Leaf) and condition.kind == "fact":
        return _("Not established: %(fact)s.") % {
            "fact": FACT_LABELS.get(str(condition.subject), str(condition.subject))
        }
    only_dimensions = isinstance(condition, Group) and all(
        isinstance(i, Leaf) and i.kind == "dimension" for i in condition.items
    )
    if only_dimensions and condition.kind == "any":
        return _("Not enough indicators for any of: %(dimensions)s.") % {
            "dimensions": "; ".join(_dimension(i.subject, labels) for i in condition.items)
        }
    return _("A condition of the rule is not met: %(condition)s.") % {
        "condition": condition.describe()
    }
