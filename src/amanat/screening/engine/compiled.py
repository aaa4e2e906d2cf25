"""A guide pre-compiled for fast screening: lookup tables, predicates and per-language labels.

Built once per guide (and cached on it), so screening a batch does no parsing and no label
resolution per answer set.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .conditions import Group, Predicate, compile_condition, referenced
from .model import (
    CompiledQuestion,
    DelphiScoring,
    Guide,
    Indicator,
    VulnerabilityScoring,
)
from .text import resolve


@dataclass(slots=True)
class Labels:
    """Resolved labels for one requested language, and the languages they actually came from."""

    text: dict[tuple[str, Any], str]
    languages: list[str]

    def get(self, kind: str, key: Any) -> str:
        return self.text.get((kind, key), str(key))


@dataclass(eq=False)
class CompiledGuide:
    guide: Guide
    indicators: dict[str, Indicator]
    order: dict[str, int]  # indicator id -> position in the guide, for stable output order
    questions: list[CompiledQuestion]
    question_by_id: dict[str, CompiledQuestion]
    fed: tuple[CompiledGuide, ...] = ()
    # delphi
    grade_of: dict[str, tuple[int, str]] = field(default_factory=dict)
    # Per indicator, by its position in the guide: the scorer works on positions (ints) only.
    slot: dict[str, int] = field(default_factory=dict)  # indicator id -> position
    dimension_at: tuple[int, ...] = ()  # position -> index in order_of_dimensions
    grade_at: tuple[int, ...] = ()  # position -> 0 strong, 1 medium, 2 weak
    id_at: tuple[str, ...] = ()  # position -> indicator id
    uncertain: frozenset[int] = frozenset()  # positions with an alternative grade
    # (strong, medium, weak) counts -> index of the first clause met (or None), for every count
    # a dimension can reach: the dimension rule becomes one dict lookup.
    clause_table: dict[tuple[int, int, int], int | None] = field(default_factory=dict)
    order_of_dimensions: tuple[int, ...] = ()
    conclusion_facts: tuple[str, ...] = ()  # facts the conclusion rule reads (cache key)
    cache: dict[Any, Any] = field(default_factory=dict)  # per-language explanations and citations
    alternative_grade: dict[str, str] = field(default_factory=dict)
    conclusion: Predicate | None = None
    # vulnerability
    category_predicates: tuple[Predicate, ...] = ()
    _labels: dict[str, Labels] = field(default_factory=dict)

    def labels(self, language: str) -> Labels:
        labels = self._labels.get(language)
        if labels is None:
            labels = self._labels[language] = _resolve_labels(self.guide, language)
        return labels


def _combine(section_if, question_if) -> Predicate | None:
    if section_if is None and question_if is None:
        return None
    if section_if is None:
        return compile_condition(question_if)
    if question_if is None:
        return compile_condition(section_if)
    return compile_condition(Group("all", (section_if, question_if)))


def compile_guide(guide: Guide) -> CompiledGuide:
    if guide.compiled is not None:
        return guide.compiled
    questions = [
        CompiledQuestion(question, _combine(section.show_if, question.show_if))
        for section in guide.sections
        for question in section.questions
    ]
    compiled = CompiledGuide(
        guide=guide,
        indicators={i.id: i for i in guide.indicators},
        order={i.id: n for n, i in enumerate(guide.indicators)},
        questions=questions,
        question_by_id={q.question.id: q for q in questions},
        fed=tuple(compile_guide(other) for other in guide.fed_guides),
    )
    scoring = guide.scoring
    if isinstance(scoring, DelphiScoring):
        compiled.grade_of = {i.id: (i.dimension, i.grade) for i in guide.indicators}
        compiled.alternative_grade = {
            i.id: i.alternative_grades[0] for i in guide.indicators if i.alternative_grades
        }
        compiled.conclusion = compile_condition(scoring.conclusion)
        compiled.order_of_dimensions = tuple(d.id for d in guide.dimensions)
        grade_index = {"strong": 0, "medium": 1, "weak": 2}
        dimension_index = {number: n for n, number in enumerate(compiled.order_of_dimensions)}
        compiled.slot = {i.id: n for n, i in enumerate(guide.indicators)}
        compiled.dimension_at = tuple(dimension_index[i.dimension] for i in guide.indicators)
        compiled.grade_at = tuple(grade_index[i.grade] for i in guide.indicators)
        compiled.id_at = tuple(i.id for i in guide.indicators)
        compiled.uncertain = frozenset(
            n for n, i in enumerate(guide.indicators) if i.alternative_grades
        )
        compiled.conclusion_facts = tuple(sorted(referenced(scoring.conclusion, "fact")))
        cap = max(Counter(i.dimension for i in guide.indicators).values())
        for strong in range(cap + 1):
            for medium in range(cap + 1):
                for weak in range(cap + 1):
                    counts = {"strong": strong, "medium": medium, "weak": weak}
                    met = [n for n, clause in enumerate(scoring.clauses) if clause.met_by(counts)]
                    compiled.clause_table[(strong, medium, weak)] = met[0] if met else None
    if isinstance(scoring, VulnerabilityScoring):
        compiled.category_predicates = tuple(
            compile_condition(c.condition) for c in scoring.categories
        )
    guide.compiled = compiled
    return compiled


def _resolve_labels(guide: Guide, language: str) -> Labels:
    text: dict[tuple[str, Any], str] = {}
    used: set[str] = set()

    def put(kind: str, key: Any, value) -> None:
        resolved = resolve(value, language)
        text[(kind, key)] = resolved.text
        used.add(resolved.language)

    put("title", guide.id, guide.title)
    for indicator in guide.indicators:
        put("indicator", indicator.id, indicator.label)
    for dimension in guide.dimensions:
        put("dimension", dimension.id, dimension.label)
    for question in guide.questions():
        put("question", question.id, question.label)
    scoring = guide.scoring
    if isinstance(scoring, DelphiScoring):
        put("rule", scoring.dimension_rule.id, scoring.dimension_rule.description)
        put("rule", scoring.conclusion_rule.id, scoring.conclusion_rule.description)
        for n, clause in enumerate(scoring.clauses):
            put("clause", n, clause.label)
    elif isinstance(scoring, VulnerabilityScoring):
        put("rule", scoring.rule.id, scoring.rule.description)
        put("rule", scoring.category_rule.id, scoring.category_rule.description)
        for level in (*scoring.levels, scoring.structural_level):
            put("level", level.id, level.label)
        for key, value in scoring.profiles.items():
            put("profile", key, value)
        for category in scoring.categories:
            put("category", category.id, category.label)
    else:
        put("rule", scoring.rule.id, scoring.rule.description)
    return Labels(text, sorted(used))
