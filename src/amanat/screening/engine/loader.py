"""Load and validate guide files.

Every problem raises `GuideError(file, path, problem)` where `path` is the exact place in the
file, e.g. `sections[2].questions[4].show_if.question`, so a practitioner editing a guide can find
and fix it. Unknown keys are errors too: a misspelt key must not silently disable a rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .conditions import ConditionProblem, Scope, parse_condition
from .errors import GuideError
from .model import (
    FACT_TYPES,
    GRADES,
    METHODS,
    QUESTION_TYPES,
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
from .text import Text

BUILTIN_DIR = Path(__file__).resolve().parents[1] / "rules" / "guides"
REQUIRED_LANGUAGES = ("en", "ru")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
# Option ids may keep the spelling of a standard picklist (HTCDS values are CamelCase).
OPTION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")
LEVEL_IDS = ("individual", "household", "community")
PROFILE_IDS = ("low", "medium", "high")


class _Reader:
    """Validation helpers bound to one file and its declared languages."""

    def __init__(self, file: str):
        self.file = file
        self.languages: tuple[str, ...] = REQUIRED_LANGUAGES

    def fail(self, path: str, problem: str) -> GuideError:
        return GuideError(self.file, path, problem)

    def mapping(
        self, raw: Any, path: str, *, required: Iterable[str] = (), optional: Iterable[str] = ()
    ) -> Mapping:
        if not isinstance(raw, Mapping):
            raise self.fail(path, f"expected a mapping, found {type(raw).__name__}")
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in raw:
            if key not in allowed:
                raise self.fail(
                    _join(path, str(key)),
                    f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})",
                )
        for key in required:
            if key not in raw:
                raise self.fail(_join(path, key), "is required")
        return raw

    def list(self, raw: Any, path: str, *, allow_empty: bool = True) -> list:
        if not isinstance(raw, list):
            raise self.fail(path, f"expected a list, found {type(raw).__name__}")
        if not raw and not allow_empty:
            raise self.fail(path, "must not be empty")
        return raw

    def string(self, raw: Any, path: str) -> str:
        if not isinstance(raw, str) or not raw.strip():
            raise self.fail(path, "expected a non-empty string")
        return raw

    def identifier(self, raw: Any, path: str, pattern: re.Pattern = ID_PATTERN) -> str:
        if not isinstance(raw, str) or not pattern.match(raw):
            raise self.fail(
                path, f"'{raw}' is not a valid id (lower-case letters, digits, '_', '.', '-')"
            )
        return raw

    def integer(self, raw: Any, path: str, *, minimum: int | None = None) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise self.fail(path, f"expected an integer, found {raw!r}")
        if minimum is not None and raw < minimum:
            raise self.fail(path, f"must be at least {minimum}")
        return raw

    def number(self, raw: Any, path: str) -> float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise self.fail(path, f"expected a number, found {raw!r}")
        return raw

    def text(self, raw: Any, path: str) -> Text:
        """A label: every declared language present and non-empty."""
        if not isinstance(raw, Mapping):
            raise self.fail(
                path, "expected a mapping of language code to text, e.g. {en: ..., ru: ...}"
            )
        for code, value in raw.items():
            if not isinstance(code, str) or not LANGUAGE_PATTERN.match(code):
                raise self.fail(_join(path, str(code)), f"'{code}' is not an ISO 639 language code")
            if not isinstance(value, str) or not value.strip():
                raise self.fail(_join(path, code), "translation must be a non-empty string")
        for code in self.languages:
            if code not in raw:
                raise self.fail(
                    _join(path, code),
                    f"missing translation '{code}' (the guide declares languages {list(self.languages)})",
                )
        return dict(raw)

    def condition(self, raw: Any, scope: Scope, path: str):
        try:
            return parse_condition(raw, scope, path)
        except ConditionProblem as problem:
            raise self.fail(problem.path, problem.problem) from None

    def rule(self, raw: Any, path: str, *, extra: Iterable[str] = ()) -> Rule:
        self.mapping(raw, path, required=("id", "description", "citation"), optional=extra)
        return Rule(
            id=self.identifier(raw["id"], f"{path}.id"),
            description=self.text(raw["description"], f"{path}.description"),
            citation=self.string(raw["citation"], f"{path}.citation"),
        )


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def load_guide(path: str | Path, known_guides: Mapping[str, Guide] | None = None) -> Guide:
    """Load one guide file. A composite guide needs the guides it feeds in `known_guides`."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GuideError(str(path), "", f"cannot read the file ({error.strerror})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise GuideError(
            str(path), where, f"not valid YAML ({getattr(error, 'problem', error)})"
        ) from None
    return guide_from_data(raw, file=str(path), known_guides=known_guides or {})


def guide_from_data(raw: Any, *, file: str, known_guides: Mapping[str, Guide]) -> Guide:
    reader = _Reader(file)
    reader.mapping(
        raw, "",
        required=("id", "version", "title", "source", "languages", "scoring"),
        optional=("description", "dimensions", "indicators", "sections"),
    )  # fmt: skip
    languages = tuple(reader.list(raw["languages"], "languages", allow_empty=False))
    for i, code in enumerate(languages):
        if not isinstance(code, str) or not LANGUAGE_PATTERN.match(code):
            raise reader.fail(f"languages[{i}]", f"'{code}' is not an ISO 639 language code")
    for code in REQUIRED_LANGUAGES:
        if code not in languages:
            raise reader.fail(
                "languages",
                f"must include '{code}' (English and Russian are complete in every guide)",
            )
    reader.languages = languages
    guide_id = reader.identifier(raw["id"], "id")
    version = raw["version"]
    if not isinstance(version, str | int | float) or isinstance(version, bool):
        raise reader.fail("version", "expected a version string such as '1.0'")
    source = reader.mapping(raw["source"], "source", required=("document", "publisher", "year"),
                            optional=("identifier", "table", "section", "url", "provenance", "notes", "method"))  # fmt: skip
    for key in ("document", "publisher"):
        reader.string(source[key], f"source.{key}")
    method = reader.mapping(
        raw["scoring"], "scoring", required=("method",), optional=_SCORING_KEYS
    ).get("method")
    if method not in METHODS:
        raise reader.fail("scoring.method", f"'{method}' is not one of {', '.join(METHODS)}")

    dimensions = _dimensions(reader, raw.get("dimensions", []))
    fed = _fed_guides(reader, raw["scoring"], known_guides) if method == "composite" else ()
    indicators = _indicators(reader, raw.get("indicators", []), method, {d.id for d in dimensions})
    own_ids = {indicator.id for indicator in indicators}
    mappable = set(own_ids)
    for other in fed:
        mappable |= {i.id for i in other.indicators if i.level != "structural"}
    mappable -= {i.id for i in indicators if i.level == "structural"}
    sections = _sections(reader, raw.get("sections", []), frozenset(mappable))

    scoring = _scoring(reader, raw["scoring"], method, dimensions, indicators, sections, fed)
    return Guide(
        id=guide_id,
        version=str(version),
        title=reader.text(raw["title"], "title"),
        description=reader.text(raw["description"], "description")
        if "description" in raw
        else None,
        source=dict(source),
        languages=languages,
        method=method,
        scoring=scoring,
        sections=sections,
        indicators=indicators,
        dimensions=dimensions,
        file=file,
        fed_guides=fed,
    )


_SCORING_KEYS = (
    "applies_to", "dimension_rule", "conclusion_rule", "rule", "levels", "structural_level",
    "profiles", "overall", "category_rule", "categories", "feeds",
)  # fmt: skip


def _dimensions(reader: _Reader, raw: Any) -> tuple[Dimension, ...]:
    result = []
    for i, item in enumerate(reader.list(raw, "dimensions")):
        path = f"dimensions[{i}]"
        reader.mapping(item, path, required=("id", "label"))
        number = reader.integer(item["id"], f"{path}.id", minimum=1)
        if number != i + 1:
            raise reader.fail(
                f"{path}.id", f"dimensions are numbered 1, 2, ... in order; expected {i + 1}"
            )
        result.append(Dimension(number, reader.text(item["label"], f"{path}.label")))
    return tuple(result)


def _indicators(
    reader: _Reader, raw: Any, method: str, dimension_ids: set[int]
) -> tuple[Indicator, ...]:
    result: list[Indicator] = []
    seen: set[str] = set()
    for i, item in enumerate(reader.list(raw, "indicators")):
        path = f"indicators[{i}]"
        if method == "delphi":
            reader.mapping(
                item,
                path,
                required=("id", "dimension", "grade", "label"),
                optional=("alternative_grades", "note"),
            )
        elif method == "vulnerability":
            reader.mapping(
                item, path, required=("id", "level", "kind", "weight", "label"), optional=("note",)
            )
        else:
            reader.mapping(item, path, required=("id", "label"), optional=("note",))
        indicator_id = reader.identifier(item["id"], f"{path}.id")
        if indicator_id in seen:
            raise reader.fail(f"{path}.id", f"duplicate indicator id '{indicator_id}'")
        seen.add(indicator_id)
        fields: dict[str, Any] = {
            "id": indicator_id,
            "label": reader.text(item["label"], f"{path}.label"),
        }
        if "note" in item:
            fields["note"] = reader.text(item["note"], f"{path}.note")
        if method == "delphi":
            if item["dimension"] not in dimension_ids:
                raise reader.fail(f"{path}.dimension", f"unknown dimension '{item['dimension']}'")
            if item["grade"] not in GRADES:
                raise reader.fail(
                    f"{path}.grade", f"'{item['grade']}' is not one of {', '.join(GRADES)}"
                )
            alternatives = tuple(
                reader.list(item.get("alternative_grades", []), f"{path}.alternative_grades")
            )
            for j, grade in enumerate(alternatives):
                if grade not in GRADES or grade == item["grade"]:
                    raise reader.fail(
                        f"{path}.alternative_grades[{j}]",
                        f"'{grade}' must be a grade other than '{item['grade']}'",
                    )
            fields.update(
                dimension=item["dimension"], grade=item["grade"], alternative_grades=alternatives
            )
        if method == "vulnerability":
            if item["level"] not in (*LEVEL_IDS, "structural"):
                raise reader.fail(
                    f"{path}.level",
                    f"'{item['level']}' is not one of {', '.join((*LEVEL_IDS, 'structural'))}",
                )
            if item["kind"] not in ("risk", "protective"):
                raise reader.fail(f"{path}.kind", f"'{item['kind']}' is not risk or protective")
            fields.update(
                level=item["level"],
                kind=item["kind"],
                weight=reader.integer(item["weight"], f"{path}.weight", minimum=1),
            )
        result.append(Indicator(**fields))
    return tuple(result)


def _sections(reader: _Reader, raw: Any, mappable: frozenset[str]) -> tuple[Section, ...]:
    sections: list[Section] = []
    earlier: dict[str, Question] = {}
    section_ids: set[str] = set()
    for s, item in enumerate(reader.list(raw, "sections")):
        path = f"sections[{s}]"
        reader.mapping(
            item, path, required=("id", "title", "questions"), optional=("help", "show_if")
        )
        section_id = reader.identifier(item["id"], f"{path}.id")
        if section_id in section_ids:
            raise reader.fail(f"{path}.id", f"duplicate section id '{section_id}'")
        section_ids.add(section_id)
        scope = Scope(questions=dict(earlier))
        show_if = (
            reader.condition(item["show_if"], scope, f"{path}.show_if")
            if "show_if" in item
            else None
        )
        questions = []
        for q, raw_question in enumerate(reader.list(item["questions"], f"{path}.questions")):
            question = _question(
                reader, raw_question, f"{path}.questions[{q}]", section_id, earlier, mappable
            )
            earlier[question.id] = question
            questions.append(question)
        sections.append(
            Section(
                id=section_id,
                title=reader.text(item["title"], f"{path}.title"),
                help=reader.text(item["help"], f"{path}.help") if "help" in item else None,
                show_if=show_if,
                questions=tuple(questions),
            )
        )
    return tuple(sections)


def _question(
    reader: _Reader,
    raw: Any,
    path: str,
    section_id: str,
    earlier: dict[str, Question],
    mappable: frozenset[str],
) -> Question:
    reader.mapping(
        raw, path,
        required=("id", "type", "label"),
        optional=("help", "options", "show_if", "indicators", "sets_fact", "min", "max", "vocabulary"),
    )  # fmt: skip
    question_id = reader.identifier(raw["id"], f"{path}.id")
    if question_id in earlier:
        raise reader.fail(f"{path}.id", f"duplicate question id '{question_id}'")
    kind = raw["type"]
    if kind not in QUESTION_TYPES:
        raise reader.fail(f"{path}.type", f"'{kind}' is not one of {', '.join(QUESTION_TYPES)}")
    options: list[Option] = []
    if kind in ("single_choice", "multiple_choice"):
        if "options" not in raw:
            raise reader.fail(f"{path}.options", f"a {kind} question needs options")
        seen: set[str] = set()
        for o, raw_option in enumerate(
            reader.list(raw["options"], f"{path}.options", allow_empty=False)
        ):
            opath = f"{path}.options[{o}]"
            reader.mapping(raw_option, opath, required=("id", "label"), optional=("indicators",))
            option_id = reader.identifier(raw_option["id"], f"{opath}.id", OPTION_PATTERN)
            if option_id in seen:
                raise reader.fail(f"{opath}.id", f"duplicate option id '{option_id}'")
            seen.add(option_id)
            options.append(
                Option(
                    option_id,
                    reader.text(raw_option["label"], f"{opath}.label"),
                    _indicator_refs(
                        reader, raw_option.get("indicators", []), f"{opath}.indicators", mappable
                    ),
                )
            )
    elif "options" in raw:
        raise reader.fail(f"{path}.options", f"a {kind} question has no options")
    if "indicators" in raw and kind != "yes_no":
        raise reader.fail(
            f"{path}.indicators",
            "only yes_no questions map to indicators directly; map options instead",
        )
    sets_fact = raw.get("sets_fact")
    if sets_fact is not None:
        expected = {"number": "number", "yes_no": "bool"}.get(kind)
        if sets_fact not in FACT_TYPES or FACT_TYPES[sets_fact] != expected:
            raise reader.fail(
                f"{path}.sets_fact", f"'{sets_fact}' cannot be set by a {kind} question"
            )
    for bound in ("min", "max"):
        if bound in raw:
            if kind != "number":
                raise reader.fail(f"{path}.{bound}", f"only number questions have '{bound}'")
            reader.number(raw[bound], f"{path}.{bound}")
    show_if = None
    if "show_if" in raw:
        show_if = reader.condition(
            raw["show_if"], Scope(questions=dict(earlier)), f"{path}.show_if"
        )
    return Question(
        id=question_id,
        type=kind,
        label=reader.text(raw["label"], f"{path}.label"),
        section=section_id,
        help=reader.text(raw["help"], f"{path}.help") if "help" in raw else None,
        options=tuple(options),
        show_if=show_if,
        indicators=_indicator_refs(
            reader, raw.get("indicators", []), f"{path}.indicators", mappable
        ),
        sets_fact=sets_fact,
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        vocabulary=raw.get("vocabulary"),
    )


def _indicator_refs(
    reader: _Reader, raw: Any, path: str, mappable: frozenset[str]
) -> tuple[str, ...]:
    refs = reader.list(raw, path)
    for i, ref in enumerate(refs):
        if ref not in mappable:
            raise reader.fail(
                f"{path}[{i}]",
                f"unknown indicator '{ref}' (not in this guide or the guides it feeds, or a structural factor)",
            )
    return tuple(refs)


def _fed_guides(reader: _Reader, raw: Mapping, known: Mapping[str, Guide]) -> tuple[Guide, ...]:
    feeds = reader.list(raw.get("feeds"), "scoring.feeds", allow_empty=False)
    result = []
    for i, guide_id in enumerate(feeds):
        guide = known.get(guide_id)
        if guide is None:
            raise reader.fail(f"scoring.feeds[{i}]", f"unknown guide '{guide_id}'")
        if guide.method == "composite":
            raise reader.fail(
                f"scoring.feeds[{i}]",
                f"'{guide_id}' is itself composite; feed the scored guides directly",
            )
        result.append(guide)
    return tuple(result)


def _scoring(reader, raw, method, dimensions, indicators, sections, fed):
    facts = dict(FACT_TYPES)
    if method == "delphi":
        reader.mapping(
            raw,
            "scoring",
            required=("method", "dimension_rule", "conclusion_rule"),
            optional=("applies_to",),
        )
        if not dimensions:
            raise reader.fail("dimensions", "a delphi guide needs dimensions")
        rule_raw = raw["dimension_rule"]
        rule = reader.rule(rule_raw, "scoring.dimension_rule", extra=("clauses",))
        clauses = []
        for c, clause in enumerate(
            reader.list(
                rule_raw.get("clauses"), "scoring.dimension_rule.clauses", allow_empty=False
            )
        ):
            cpath = f"scoring.dimension_rule.clauses[{c}]"
            reader.mapping(clause, cpath, required=("label", "minimums"))
            minimums = []
            used: set[str] = set()
            for key, count in reader.mapping(
                clause["minimums"], f"{cpath}.minimums", optional=_GRADE_SET_KEYS
            ).items():
                grades = frozenset(key.split("_or_"))
                if grades & used:
                    raise reader.fail(
                        f"{cpath}.minimums.{key}", "grade sets in one clause must not overlap"
                    )
                used |= grades
                minimums.append(
                    (grades, reader.integer(count, f"{cpath}.minimums.{key}", minimum=1))
                )
            clauses.append(
                DimensionClause(reader.text(clause["label"], f"{cpath}.label"), tuple(minimums))
            )
        conclusion_raw = raw["conclusion_rule"]
        conclusion_rule = reader.rule(
            conclusion_raw, "scoring.conclusion_rule", extra=("condition",)
        )
        if "condition" not in conclusion_raw:
            raise reader.fail("scoring.conclusion_rule.condition", "is required")
        scope = Scope(facts=facts, dimensions=frozenset(d.id for d in dimensions))
        condition = reader.condition(
            conclusion_raw["condition"], scope, "scoring.conclusion_rule.condition"
        )
        applies = reader.mapping(
            raw.get("applies_to", {}), "scoring.applies_to", optional=("age_min", "age_below")
        )
        return DelphiScoring(
            dimension_rule=rule,
            clauses=tuple(clauses),
            conclusion_rule=conclusion_rule,
            conclusion=condition,
            age_min=reader.integer(applies["age_min"], "scoring.applies_to.age_min")
            if "age_min" in applies
            else None,
            age_below=reader.integer(applies["age_below"], "scoring.applies_to.age_below")
            if "age_below" in applies
            else None,
        )
    if method == "checklist":
        reader.mapping(raw, "scoring", required=("method", "rule"))
        if not indicators:
            raise reader.fail("indicators", "a checklist guide needs indicators")
        return ChecklistScoring(reader.rule(raw["rule"], "scoring.rule"))
    if method == "composite":
        reader.mapping(raw, "scoring", required=("method", "rule", "feeds"))
        return CompositeScoring(reader.rule(raw["rule"], "scoring.rule"), tuple(g.id for g in fed))
    return _vulnerability_scoring(reader, raw, indicators, sections, facts)


_GRADE_SET_KEYS = tuple(
    "_or_".join(combo)
    for combo in (("strong",), ("medium",), ("weak",), ("strong", "medium"), ("medium", "weak"),
                  ("strong", "weak"), ("strong", "medium", "weak"))
)  # fmt: skip


def _level(reader: _Reader, raw: Any, path: str, expected_id: str) -> Level:
    reader.mapping(raw, path, required=("id", "label", "thresholds"))
    if raw["id"] != expected_id:
        raise reader.fail(f"{path}.id", f"expected '{expected_id}'")
    thresholds = reader.mapping(
        raw["thresholds"], f"{path}.thresholds", required=("medium", "high")
    )
    medium = reader.integer(thresholds["medium"], f"{path}.thresholds.medium", minimum=1)
    high = reader.integer(thresholds["high"], f"{path}.thresholds.high", minimum=1)
    if high <= medium:
        raise reader.fail(f"{path}.thresholds.high", "must be greater than medium")
    return Level(expected_id, reader.text(raw["label"], f"{path}.label"), medium, high)


def _vulnerability_scoring(reader, raw, indicators, sections, facts) -> VulnerabilityScoring:
    reader.mapping(
        raw, "scoring",
        required=("method", "rule", "levels", "structural_level", "profiles", "overall", "category_rule", "categories"),
    )  # fmt: skip
    levels_raw = reader.list(raw["levels"], "scoring.levels")
    if len(levels_raw) != len(LEVEL_IDS):
        raise reader.fail(
            "scoring.levels", f"expected the levels {', '.join(LEVEL_IDS)} in this order"
        )
    levels = tuple(
        _level(reader, item, f"scoring.levels[{i}]", LEVEL_IDS[i])
        for i, item in enumerate(levels_raw)
    )
    structural_raw = reader.mapping(
        raw["structural_level"], "scoring.structural_level", required=("id", "label")
    )
    if structural_raw["id"] != "structural":
        raise reader.fail("scoring.structural_level.id", "expected 'structural'")
    structural = Level(
        "structural", reader.text(structural_raw["label"], "scoring.structural_level.label"), 0, 0
    )
    profiles_raw = reader.mapping(raw["profiles"], "scoring.profiles", required=PROFILE_IDS)
    profiles = {
        key: reader.text(profiles_raw[key], f"scoring.profiles.{key}") for key in PROFILE_IDS
    }
    overall = reader.mapping(
        raw["overall"], "scoring.overall", required=("thresholds", "at_least_highest_level")
    )
    thresholds = reader.mapping(
        overall["thresholds"], "scoring.overall.thresholds", required=("medium", "high")
    )
    if not isinstance(overall["at_least_highest_level"], bool):
        raise reader.fail("scoring.overall.at_least_highest_level", "must be true or false")
    questions = {q.id: q for section in sections for q in section.questions}
    scope = Scope(questions=questions, indicators=frozenset(i.id for i in indicators), facts=facts)
    categories = []
    seen: set[str] = set()
    for c, item in enumerate(reader.list(raw["categories"], "scoring.categories")):
        path = f"scoring.categories[{c}]"
        reader.mapping(item, path, required=("id", "label", "when"))
        category_id = reader.identifier(item["id"], f"{path}.id")
        if category_id in seen:
            raise reader.fail(f"{path}.id", f"duplicate category id '{category_id}'")
        seen.add(category_id)
        categories.append(
            Category(
                category_id,
                reader.text(item["label"], f"{path}.label"),
                reader.condition(item["when"], scope, f"{path}.when"),
            )
        )
    return VulnerabilityScoring(
        rule=reader.rule(raw["rule"], "scoring.rule"),
        levels=levels,
        structural_level=structural,
        profiles=profiles,
        overall_medium_from=reader.integer(
            thresholds["medium"], "scoring.overall.thresholds.medium", minimum=1
        ),
        overall_high_from=reader.integer(
            thresholds["high"], "scoring.overall.thresholds.high", minimum=1
        ),
        overall_at_least_highest_level=overall["at_least_highest_level"],
        category_rule=reader.rule(raw["category_rule"], "scoring.category_rule"),
        categories=tuple(categories),
    )


def load_directory(directory: str | Path) -> dict[str, Guide]:
    """Load every `*.yaml` guide in a directory: scored guides first, then composite ones.

    A file's name (without `.yaml`) must equal its guide id, so `guides show ID` finds the file.
    """
    directory = Path(directory)
    raw_by_file: dict[Path, Any] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            raw_by_file[path] = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise GuideError(
                path.name, where, f"not valid YAML ({getattr(error, 'problem', error)})"
            ) from None
    guides: dict[str, Guide] = {}

    def is_composite(data: Any) -> bool:
        return (
            isinstance(data, Mapping)
            and isinstance(data.get("scoring"), Mapping)
            and data["scoring"].get("method") == "composite"
        )

    for composite_pass in (False, True):
        for path, data in raw_by_file.items():
            if is_composite(data) != composite_pass:
                continue
            guide = guide_from_data(data, file=path.name, known_guides=guides)
            if guide.id != path.stem:
                raise GuideError(
                    path.name, "id", f"guide id '{guide.id}' must equal the file name '{path.stem}'"
                )
            guides[guide.id] = guide
    return guides


@cache
def builtin_guides() -> dict[str, Guide]:
    """The guides shipped in `amanat/screening/guides/`, loaded and validated once per process."""
    return load_directory(BUILTIN_DIR)


def get_builtin(guide_id: str) -> Guide:
    guides = builtin_guides()
    if guide_id not in guides:
        raise GuideError(
            "guides", "", f"unknown guide '{guide_id}' (available: {', '.join(sorted(guides))})"
        )
    return guides[guide_id]
