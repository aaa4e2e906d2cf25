"""Needs assessment guide (issue 5, item 1): questions from a data file, needs from answers.

Pure Python, no Django. The guide (`needs_assessment.yaml`) lists questions in English and
Russian, each mapped to a category (immediate, rehabilitation, reintegration), a service type of
the referral taxonomy and an urgency. `assess_needs` validates one set of answers and returns the
needs they identify, the topics left to explore and the questions not answered, with an
explanation per need.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from amanat import rulefiles
from amanat.assistance.needs.schema import AUDIENCES as AUDIENCES  # re-exported
from amanat.assistance.needs.schema import CodedEntry, NeedsGuideFile
from amanat.assistance.rulemodels import Label, LabelEntry
from amanat.errors import ValidationError
from amanat.referrals.taxonomy import load_taxonomy

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "rules" / "needs_assessment.yaml"


class GuideError(rulefiles.RuleFileError):
    """The data file is malformed; each problem names its file, line, place and entry."""


class InvalidNeedsAnswer(ValidationError):
    """An answer names an unknown question or option; `field` is the question code."""

    default_code = "invalid_answer"


@dataclass(frozen=True)
class Coded:
    code: str
    label: Label


@dataclass(frozen=True)
class NeedOption:
    code: str
    label: Label
    need: bool
    urgent: bool
    explore: bool
    declined: bool


@dataclass(frozen=True)
class NeedQuestion:
    code: str
    category: str
    area: str
    service_type: str
    urgency: str
    urgent_urgency: str
    applies_to: tuple[str, ...]
    text: Label
    child_text: Label | None
    guidance: dict[str, Label]

    def text_for(self, group: str) -> Label:
        return self.child_text if group == "child" and self.child_text else self.text

    def guidance_for(self, audiences: tuple[str, ...]) -> list[Label]:
        return [self.guidance[a] for a in ("all", *audiences) if a in self.guidance]


@dataclass(frozen=True)
class NeedsGuide:
    version: str
    digest: str
    source: dict
    disclaimer: Label
    categories: dict[str, Coded]
    groups: dict[str, Coded]
    settings: dict[str, Coded]
    guidance: dict[str, Label]
    options: dict[str, NeedOption]
    questions: dict[str, NeedQuestion]

    def questions_for(self, group: str) -> list[NeedQuestion]:
        return [q for q in self.questions.values() if group in q.applies_to]


@dataclass(frozen=True)
class Finding:
    question: str
    category: str
    area: str
    service_type: str
    urgency: str
    answer: str
    explanation: str


@dataclass
class NeedsResult:
    group: str
    needs: list[Finding] = field(default_factory=list)
    to_explore: list[str] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    guide_version: str = ""

    def as_dict(self) -> dict:
        return {
            "group": self.group,
            "guide_version": self.guide_version,
            "needs": [f.__dict__ for f in self.needs],
            "to_explore": self.to_explore,
            "declined": self.declined,
            "unanswered": self.unanswered,
        }


def audiences_for(group: str, gender: str) -> tuple[str, ...]:
    """Which guidance applies: children's for a child, else by gender (both when unknown)."""
    if group == "child":
        return ("children",)
    if gender in ("Masculine", "TransgenderMasculine"):
        return ("men",)
    if gender in ("Feminine", "TransgenderFeminine"):
        return ("women",)
    return ("men", "women")


def _label(raw: LabelEntry) -> Label:
    return Label.of(raw)


def _coded(entries: list[CodedEntry]) -> dict[str, Coded]:
    return {raw.code: Coded(raw.code, _label(raw.label)) for raw in entries}


def _check_taxonomy(path: Path, data: NeedsGuideFile) -> None:
    """Service types and urgencies are codes of the referral taxonomy (another file)."""
    taxonomy = load_taxonomy()
    problems = []
    for index, raw in enumerate(data.questions):
        where = f"question {raw.code}"
        if raw.service_type not in taxonomy.service_types:
            message = f"{where}: unknown service type {raw.service_type!r}"
            problems.append(rulefiles.problem_at(path, f"questions[{index}].service_type", message))
        for key in ("urgency", "urgent_urgency"):
            if getattr(raw, key) not in taxonomy.urgency_levels:
                message = f"{where}: unknown {key} {getattr(raw, key)!r}"
                problems.append(rulefiles.problem_at(path, f"questions[{index}].{key}", message))
    if problems:
        raise GuideError(problems)


@lru_cache(maxsize=8)
def load_needs_guide(path: Path = DEFAULT_PATH) -> NeedsGuide:
    path = Path(path)
    data = rulefiles.load(path, NeedsGuideFile, error=GuideError)
    _check_taxonomy(path, data)
    questions = {
        raw.code: NeedQuestion(
            code=raw.code,
            category=raw.category,
            area=raw.area or raw.category,
            service_type=raw.service_type,
            urgency=raw.urgency,
            urgent_urgency=raw.urgent_urgency,
            applies_to=tuple(raw.applies_to),
            text=_label(raw.text),
            child_text=_label(raw.child_text) if raw.child_text else None,
            guidance={audience: _label(text) for audience, text in raw.guidance.items()},
        )
        for raw in data.questions
    }
    return NeedsGuide(
        version=str(data.version),
        # which exact file assessed (read again: rulefiles keeps only the validated model)
        digest=hashlib.sha256(path.read_bytes()).hexdigest()[:16],
        source=data.source,
        disclaimer=_label(data.disclaimer),
        categories=_coded(data.categories),
        groups=_coded(data.groups),
        settings=_coded(data.settings),
        guidance={audience: _label(text) for audience, text in data.guidance.items()},
        options={
            raw.code: NeedOption(
                code=raw.code,
                label=_label(raw.label),
                need=raw.need,
                urgent=raw.urgent,
                explore=raw.explore,
                declined=raw.declined,
            )
            for raw in data.options
        },
        questions=questions,
    )


def validate_needs_answers(
    answers: Mapping[str, object], *, group: str, guide: NeedsGuide
) -> dict[str, str]:
    """Check every answer before anything is recorded; raise naming the first bad one."""
    if group not in guide.groups:
        raise InvalidNeedsAnswer(
            f"unknown respondent group {group!r}; known: {', '.join(guide.groups)}",
            field="respondent_group",
        )
    if not isinstance(answers, Mapping):
        raise InvalidNeedsAnswer(
            f"answers must be an object mapping question codes to option codes, "
            f"got {type(answers).__name__}",
            field="answers",
        )
    clean: dict[str, str] = {}
    for code, answer in answers.items():
        question = guide.questions.get(code)
        if question is None:
            raise InvalidNeedsAnswer(f"unknown question {code!r}", field=str(code))
        if group not in question.applies_to:
            raise InvalidNeedsAnswer(
                f"question {code!r} is not asked of the group {group!r}", field=code
            )
        if answer in (None, ""):
            continue
        if not isinstance(answer, str) or answer not in guide.options:
            raise InvalidNeedsAnswer(
                f"question {code!r}: answer {answer!r} is not one of: {', '.join(guide.options)}",
                field=code,
            )
        clean[code] = answer
    return clean


def assess_needs(
    answers: Mapping[str, object], *, group: str, guide: NeedsGuide | None = None
) -> NeedsResult:
    guide = guide or load_needs_guide()
    clean = validate_needs_answers(answers, group=group, guide=guide)
    result = NeedsResult(group=group, guide_version=guide.version)
    for question in guide.questions_for(group):
        answer = clean.get(question.code)
        if answer is None:
            result.unanswered.append(question.code)
            continue
        option = guide.options[answer]
        if option.need:
            urgency = question.urgent_urgency if option.urgent else question.urgency
            result.needs.append(
                Finding(
                    question=question.code,
                    category=question.category,
                    area=question.area,
                    service_type=question.service_type,
                    urgency=urgency,
                    answer=answer,
                    explanation=(
                        f"{question.code}: answer {answer!r} -> {question.service_type} "
                        f"({'urgent: ' if option.urgent else ''}urgency {urgency})"
                    ),
                )
            )
        elif option.explore:
            result.to_explore.append(question.code)
        elif option.declined:
            result.declined.append(question.code)
    return result
