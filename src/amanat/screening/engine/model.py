"""The guide model: what a loaded, validated guide file becomes.

A guide has sections of questions (with skip logic), indicators (graded Delphi indicators,
forced-labour indicators, vulnerability factors) and a scoring block whose `method` picks the
scorer: `delphi`, `checklist`, `vulnerability` or `composite` (a guide that feeds its answers into
other guides, like the identification interview).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .conditions import Condition, Predicate
from .text import Text

QUESTION_TYPES = ("yes_no", "single_choice", "multiple_choice", "number", "date", "text")
YES_NO_VALUES = ("yes", "no", "unknown")
GRADES = ("strong", "medium", "weak")
METHODS = ("delphi", "checklist", "vulnerability", "composite")
FACT_TYPES: dict[str, str] = {
    # Facts an answer set may carry; a question can set one (`sets_fact`).
    "age": "number",
    "act_established": "bool",
    "presumed_victim": "bool",
    "structural_factors": "list",
}


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    label: Text
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    type: str
    label: Text
    section: str
    help: Text | None = None
    options: tuple[Option, ...] = ()
    show_if: Condition | None = None
    indicators: tuple[str, ...] = ()  # for yes_no: present when the answer is "yes"
    sets_fact: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    vocabulary: str | None = None  # e.g. "HTCDS vic_RecruitmentWebsitesAndApps"

    def allowed_values(self) -> frozenset[str] | None:
        if self.type == "yes_no":
            return frozenset(YES_NO_VALUES)
        if self.type in ("single_choice", "multiple_choice"):
            return frozenset(option.id for option in self.options)
        return None


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: Text
    questions: tuple[Question, ...]
    help: Text | None = None
    show_if: Condition | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    label: Text
    dimension: int | None = None
    grade: str | None = None
    # Grades the reference also allows (uncertain transcription); the engine reports results
    # that would change under them.
    alternative_grades: tuple[str, ...] = ()
    level: str | None = None  # vulnerability: individual | household | community | structural
    kind: str | None = None  # vulnerability: risk | protective
    weight: int | None = None
    note: Text | None = None


@dataclass(frozen=True, slots=True)
class Dimension:
    id: int
    label: Text


@dataclass(frozen=True, slots=True)
class Rule:
    """A named rule with its explanation and where it comes from."""

    id: str
    description: Text
    citation: str


@dataclass(frozen=True, slots=True)
class DimensionClause:
    """One way for a dimension to be positive: minimum counts per (disjoint) set of grades."""

    label: Text
    minimums: tuple[tuple[frozenset[str], int], ...]

    def met_by(self, counts: dict[str, int]) -> bool:
        return all(sum(counts[g] for g in grades) >= n for grades, n in self.minimums)


@dataclass(frozen=True, slots=True)
class DelphiScoring:
    dimension_rule: Rule
    clauses: tuple[DimensionClause, ...]
    conclusion_rule: Rule
    conclusion: Condition
    age_min: int | None = None  # the guide applies from this age
    age_below: int | None = None  # the guide applies below this age


@dataclass(frozen=True, slots=True)
class ChecklistScoring:
    rule: Rule


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    label: Text
    medium_from: int
    high_from: int


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    label: Text
    condition: Condition


@dataclass(frozen=True, slots=True)
class VulnerabilityScoring:
    rule: Rule
    levels: tuple[Level, ...]
    structural_level: Level
    profiles: dict[str, Text]
    overall_medium_from: int
    overall_high_from: int
    overall_at_least_highest_level: bool
    category_rule: Rule
    categories: tuple[Category, ...]


@dataclass(frozen=True, slots=True)
class CompositeScoring:
    rule: Rule
    feeds: tuple[str, ...]  # guide ids, resolved into Guide objects by the loader


@dataclass(eq=False)
class Guide:
    id: str
    version: str
    title: Text
    source: dict[str, Any]
    languages: tuple[str, ...]
    method: str
    scoring: DelphiScoring | ChecklistScoring | VulnerabilityScoring | CompositeScoring
    sections: tuple[Section, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    description: Text | None = None
    file: str = ""
    fed_guides: tuple[Guide, ...] = ()
    # Lookup tables and compiled predicates, built once by the engine (see engine.compile_guide).
    compiled: Any = field(default=None, repr=False)

    def questions(self) -> list[Question]:
        return [q for section in self.sections for q in section.questions]

    def indicator(self, indicator_id: str) -> Indicator | None:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        return None


@dataclass(frozen=True, slots=True)
class CompiledQuestion:
    question: Question
    visible: Predicate | None  # section and question show_if combined; None: always shown
