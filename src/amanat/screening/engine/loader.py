"""Load and validate guide files.

The shape of a file is checked by the models in `schema.py` through the one rule-file loader
(`amanat.rulefiles`); this module then follows the references in reading order (conditions may
refer only to earlier questions, indicator references to this guide or the guides it feeds) and
builds the engine's objects. Every problem raises `GuideError(file, path, problem)` where `path`
is the exact place in the file, e.g. `sections[2].questions[4].show_if.question`, with its line
when the guide was read from a file, so a practitioner editing a guide can find and fix it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from amanat import rulefiles
from amanat.rulefiles import RuleFileError

from . import schema
from .conditions import ConditionProblem, Scope, parse_condition
from .errors import GuideError
from .model import (
    FACT_TYPES,
    Category,
    ChecklistScoring,
    CompositeScoring,
    DelphiScoring,
    Dimension,
    DimensionClause,
    Guide,
    Indicator,
    Level,
    Option,
    Question,
    Rule,
    Section,
    VulnerabilityScoring,
)

BUILTIN_DIR = Path(__file__).resolve().parents[1] / "rules" / "guides"
REQUIRED_LANGUAGES = schema.REQUIRED_LANGUAGES


def load_guide(path: str | Path, known_guides: Mapping[str, Guide] | None = None) -> Guide:
    """Load one guide file. A composite guide needs the guides it feeds in `known_guides`."""
    path = Path(path)
    try:
        raw, lines = rulefiles.load_data(path)
    except RuleFileError as error:
        raise GuideError.from_rule_file_error(error) from None
    return guide_from_data(raw, file=str(path), known_guides=known_guides or {}, lines=lines)


def guide_from_data(
    raw: Any, *, file: str, known_guides: Mapping[str, Guide], lines: dict | None = None
) -> Guide:
    try:
        spec = rulefiles.validate(raw, schema.GuideFile, file=file, lines=lines)
    except RuleFileError as error:
        raise GuideError.from_rule_file_error(error) from None
    return _Builder(file, lines or {}).guide(spec, known_guides)


class _Builder:
    """Builds the engine's objects from a validated file, checking references in reading order."""

    def __init__(self, file: str, lines: dict):
        self.file = file
        self.lines = lines

    def fail(self, path: str, problem: str) -> GuideError:
        return GuideError(self.file, path, problem, line=rulefiles.line_for(self.lines, path))

    def condition(self, raw: Any, scope: Scope, path: str):
        try:
            return parse_condition(raw, scope, path)
        except ConditionProblem as problem:
            raise self.fail(problem.path, problem.problem) from None

    def guide(self, spec: schema.GuideFile, known: Mapping[str, Guide]) -> Guide:
        method = spec.scoring.method
        dimensions = tuple(Dimension(d.id, d.label) for d in spec.dimensions)
        fed = self.fed_guides(spec.scoring, known) if method == "composite" else ()
        indicators = tuple(_indicator(item, method) for item in spec.indicators)
        mappable = {indicator.id for indicator in indicators}
        for other in fed:
            mappable |= {i.id for i in other.indicators if i.level != "structural"}
        mappable -= {i.id for i in indicators if i.level == "structural"}
        sections = self.sections(spec.sections, frozenset(mappable))
        return Guide(
            id=spec.id,
            version=str(spec.version),
            title=spec.title,
            description=spec.description,
            source=spec.source.model_dump(exclude_unset=True),
            languages=spec.languages,
            method=method,
            scoring=self.scoring(spec.scoring, dimensions, indicators, sections, fed),
            sections=sections,
            indicators=indicators,
            dimensions=dimensions,
            file=self.file,
            fed_guides=fed,
        )

    def sections(self, specs, mappable: frozenset[str]) -> tuple[Section, ...]:
        sections: list[Section] = []
        earlier: dict[str, Question] = {}
        for s, item in enumerate(specs):
            path = f"sections[{s}]"
            show_if = None
            if item.show_if is not None:
                show_if = self.condition(
                    item.show_if, Scope(questions=dict(earlier)), f"{path}.show_if"
                )
            questions = []
            for q, spec in enumerate(item.questions):
                question = self.question(spec, f"{path}.questions[{q}]", item.id, earlier, mappable)
                earlier[question.id] = question
                questions.append(question)
            sections.append(
                Section(
                    id=item.id,
                    title=item.title,
                    help=item.help,
                    show_if=show_if,
                    questions=tuple(questions),
                )
            )
        return tuple(sections)

    def question(self, spec, path, section_id, earlier, mappable) -> Question:
        if spec.id in earlier:
            raise self.fail(f"{path}.id", f"duplicate question id '{spec.id}'")
        options = tuple(
            Option(
                option.id,
                option.label,
                self.refs(option.indicators, f"{path}.options[{o}].indicators", mappable),
            )
            for o, option in enumerate(spec.options or ())
        )
        show_if = None
        if spec.show_if is not None:
            show_if = self.condition(
                spec.show_if, Scope(questions=dict(earlier)), f"{path}.show_if"
            )
        return Question(
            id=spec.id,
            type=spec.type,
            label=spec.label,
            section=section_id,
            help=spec.help,
            options=options,
            show_if=show_if,
            indicators=self.refs(spec.indicators, f"{path}.indicators", mappable),
            sets_fact=spec.sets_fact,
            minimum=spec.min,
            maximum=spec.max,
            vocabulary=spec.vocabulary,
        )

    def refs(self, refs: list, path: str, mappable: frozenset[str]) -> tuple[str, ...]:
        for i, ref in enumerate(refs):
            if ref not in mappable:
                raise self.fail(
                    f"{path}[{i}]",
                    f"unknown indicator '{ref}' (not in this guide or the guides it feeds, or a structural factor)",
                )
        return tuple(refs)

    def fed_guides(self, spec: schema.CompositeScoring, known) -> tuple[Guide, ...]:
        result = []
        for i, guide_id in enumerate(spec.feeds):
            guide = known.get(guide_id)
            if guide is None:
                raise self.fail(f"scoring.feeds[{i}]", f"unknown guide '{guide_id}'")
            if guide.method == "composite":
                raise self.fail(
                    f"scoring.feeds[{i}]",
                    f"'{guide_id}' is itself composite; feed the scored guides directly",
                )
            result.append(guide)
        return tuple(result)

    def scoring(self, spec, dimensions, indicators, sections, fed):
        facts = dict(FACT_TYPES)
        if isinstance(spec, schema.DelphiScoring):
            scope = Scope(facts=facts, dimensions=frozenset(d.id for d in dimensions))
            return DelphiScoring(
                dimension_rule=_rule(spec.dimension_rule),
                clauses=tuple(
                    DimensionClause(clause.label, clause.grade_minimums())
                    for clause in spec.dimension_rule.clauses
                ),
                conclusion_rule=_rule(spec.conclusion_rule),
                conclusion=self.condition(
                    spec.conclusion_rule.condition, scope, "scoring.conclusion_rule.condition"
                ),
                age_min=spec.applies_to.age_min,
                age_below=spec.applies_to.age_below,
            )
        if isinstance(spec, schema.ChecklistScoring):
            return ChecklistScoring(_rule(spec.rule))
        if isinstance(spec, schema.CompositeScoring):
            return CompositeScoring(_rule(spec.rule), tuple(g.id for g in fed))
        questions = {q.id: q for section in sections for q in section.questions}
        scope = Scope(
            questions=questions, indicators=frozenset(i.id for i in indicators), facts=facts
        )
        categories = tuple(
            Category(
                item.id,
                item.label,
                self.condition(item.when, scope, f"scoring.categories[{c}].when"),
            )
            for c, item in enumerate(spec.categories)
        )
        return VulnerabilityScoring(
            rule=_rule(spec.rule),
            levels=tuple(
                Level(level.id, level.label, level.thresholds.medium, level.thresholds.high)
                for level in spec.levels
            ),
            structural_level=Level("structural", spec.structural_level.label, 0, 0),
            profiles={key: getattr(spec.profiles, key) for key in schema.PROFILE_IDS},
            overall_medium_from=spec.overall.thresholds.medium,
            overall_high_from=spec.overall.thresholds.high,
            overall_at_least_highest_level=spec.overall.at_least_highest_level,
            category_rule=_rule(spec.category_rule),
            categories=categories,
        )


def _rule(spec: schema.RuleSpec) -> Rule:
    return Rule(id=spec.id, description=spec.description, citation=spec.citation)


def _indicator(spec: schema.IndicatorSpec, method: str) -> Indicator:
    fields: dict[str, Any] = {"id": spec.id, "label": spec.label}
    if spec.note is not None:
        fields["note"] = spec.note
    if method == "delphi":
        fields.update(
            dimension=spec.dimension,
            grade=spec.grade,
            alternative_grades=tuple(spec.alternative_grades),
        )
    if method == "vulnerability":
        fields.update(level=spec.level, kind=spec.kind, weight=spec.weight)
    return Indicator(**fields)


def load_directory(directory: str | Path) -> dict[str, Guide]:
    """Load every `*.yaml` guide in a directory: scored guides first, then composite ones.

    A file's name (without `.yaml`) must equal its guide id, so `guides show ID` finds the file.
    """
    directory = Path(directory)
    read: dict[Path, tuple[Any, dict]] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            read[path] = rulefiles.load_data(path, name=path.name)
        except RuleFileError as error:
            raise GuideError.from_rule_file_error(error) from None
    guides: dict[str, Guide] = {}

    def is_composite(data: Any) -> bool:
        return (
            isinstance(data, Mapping)
            and isinstance(data.get("scoring"), Mapping)
            and data["scoring"].get("method") == "composite"
        )

    for composite_pass in (False, True):
        for path, (data, lines) in read.items():
            if is_composite(data) != composite_pass:
                continue
            guide = guide_from_data(data, file=path.name, known_guides=guides, lines=lines)
            if guide.id != path.stem:
                raise GuideError(
                    path.name,
                    "id",
                    f"guide id '{guide.id}' must equal the file name '{path.stem}'",
                    line=rulefiles.line_for(lines, "id"),
                )
            guides[guide.id] = guide
    return guides


@cache
def builtin_guides() -> dict[str, Guide]:
    """The guides shipped in `amanat/screening/rules/guides/`, loaded and validated once."""
    return load_directory(BUILTIN_DIR)


def get_builtin(guide_id: str) -> Guide:
    guides = builtin_guides()
    if guide_id not in guides:
        raise GuideError(
            "guides", "", f"unknown guide '{guide_id}' (available: {', '.join(sorted(guides))})"
        )
    return guides[guide_id]
