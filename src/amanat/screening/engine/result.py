"""Screening results: plain dataclasses with `to_dict()` for JSON, the API and storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class DimensionResult:
    id: int
    label: str
    positive: bool
    present: list[str]  # indicator ids, in guide order
    counts: dict[str, int]  # present indicators per grade
    rule: str  # id of the dimension rule
    clause: str | None = None  # the clause of the rule that made it positive
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "positive": self.positive,
            "present": list(self.present),
            "counts": dict(self.counts),
            "rule": self.rule,
            "clause": self.clause,
            "notes": list(self.notes),
        }


@dataclass(slots=True)
class Conclusion:
    # None when the guide draws no such conclusion (forced-labour checklist, vulnerability alone).
    presumed_victim: bool | None
    rule: str | None
    citation: str | None
    explanation: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "presumed_victim": self.presumed_victim,
            "rule": self.rule,
            "citation": self.citation,
            "explanation": list(self.explanation),
        }


@dataclass(slots=True)
class CategoryResult:
    id: str
    label: str
    rule: str  # the category's condition, written out
    because: list[str]  # the parts of the condition that hold

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "rule": self.rule,
            "because": list(self.because),
        }


@dataclass(slots=True)
class LevelResult:
    id: str
    label: str
    score: int | None  # None for the structural level (context, not scored per person)
    profile: str | None
    profile_label: str | None
    risk: list[str]
    protective: list[str]
    thresholds: dict[str, int]
    source: str = "person"  # person | country_profile

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "score": self.score,
            "profile": self.profile,
            "profile_label": self.profile_label,
            "risk": list(self.risk),
            "protective": list(self.protective),
            "thresholds": dict(self.thresholds),
            "source": self.source,
        }


@dataclass(slots=True)
class ChecklistItem:
    id: str
    label: str
    present: bool

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "present": self.present}


@dataclass(slots=True)
class RuleCitation:
    id: str
    description: str
    citation: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "description": self.description, "citation": self.citation}


@dataclass(slots=True)
class ScreeningResult:
    guide: str
    version: str
    method: str
    language: str  # requested language
    text_languages: list[str]  # languages the labels actually came from (fallback is visible)
    conclusion: Conclusion
    disclaimer: str
    rules: list[RuleCitation]
    present: list[str] = field(default_factory=list)  # every indicator present, guide order
    facts: dict[str, Any] = field(default_factory=dict)
    dimensions: list[DimensionResult] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)
    levels: list[LevelResult] = field(default_factory=list)
    overall: LevelResult | None = None
    categories: list[CategoryResult] = field(default_factory=list)
    answers_used: list[str] = field(default_factory=list)
    answers_ignored: list[str] = field(default_factory=list)
    components: list[ScreeningResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "guide": self.guide,
            "version": self.version,
            "method": self.method,
            "language": self.language,
            "text_languages": list(self.text_languages),
            "dimensions": [d.to_dict() for d in self.dimensions],
            "conclusion": self.conclusion.to_dict(),
            "checklist": [c.to_dict() for c in self.checklist],
            "levels": [level.to_dict() for level in self.levels],
            "overall": self.overall.to_dict() if self.overall else None,
            "categories": [c.to_dict() for c in self.categories],
            "present": list(self.present),
            "facts": dict(self.facts),
            "answers_used": list(self.answers_used),
            "answers_ignored": list(self.answers_ignored),
            "rules": [r.to_dict() for r in self.rules],
            "components": [c.to_dict() for c in self.components],
            "disclaimer": self.disclaimer,
        }
