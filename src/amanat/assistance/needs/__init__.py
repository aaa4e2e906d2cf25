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

import yaml

from amanat.errors import ValidationError
from amanat.referrals.taxonomy import load_taxonomy

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "rules" / "needs_assessment.yaml"
AUDIENCES = ("all", "men", "women", "children")


class GuideError(ValueError):
    """The data file is malformed; the message names the entry."""


class InvalidNeedsAnswer(ValidationError):
    """An answer names an unknown question or option; `field` is the question code."""

    default_code = "invalid_answer"


@dataclass(frozen=True)
class Label:
    en: str
    ru: str

    def get(self, language: str | None) -> str:
        return self.ru if (language or "").startswith("ru") else self.en


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


def _label(raw: object, where: str) -> Label:
    if not isinstance(raw, dict) or not raw.get("en") or not raw.get("ru"):
        raise GuideError(f"{where}: needs non-empty 'en' and 'ru'")
    return Label(str(raw["en"]), str(raw["ru"]))


def _coded(entries: object, where: str) -> dict[str, Coded]:
    if not isinstance(entries, list) or not entries:
        raise GuideError(f"{where}: a non-empty list is required")
    result = {}
    for raw in entries:
        code = str(raw.get("code") or "")
        if not code or code in result:
            raise GuideError(f"{where}: missing or duplicate code {code!r}")
        result[code] = Coded(code, _label(raw.get("label"), f"{where} {code}"))
    return result


@lru_cache(maxsize=8)
def load_needs_guide(path: Path = DEFAULT_PATH) -> NeedsGuide:
    path = Path(path)
    raw_bytes = path.read_bytes()
    data = yaml.safe_load(raw_bytes.decode("utf-8"))
    if not isinstance(data, dict) or not data.get("source"):
        raise GuideError(f"{path.name}: a 'source' block is required")
    version = str(data.get("version") or "").strip()
    if not version:
        raise GuideError(f"{path.name}: a 'version' is required")
    taxonomy = load_taxonomy()
    categories = _coded(data.get("categories"), "categories")
    groups = _coded(data.get("groups"), "groups")
    settings = _coded(data.get("settings"), "settings")
    guidance = {}
    for audience, text in (data.get("guidance") or {}).items():
        if audience not in AUDIENCES:
            raise GuideError(f"guidance: unknown audience {audience!r}; known: {AUDIENCES}")
        guidance[audience] = _label(text, f"guidance {audience}")
    options = {}
    for raw in data.get("options") or []:
        code = str(raw["code"])
        options[code] = NeedOption(
            code=code,
            label=_label(raw.get("label"), f"option {code}"),
            need=bool(raw.get("need", False)),
            urgent=bool(raw.get("urgent", False)),
            explore=bool(raw.get("explore", False)),
            declined=bool(raw.get("declined", False)),
        )
    if not options:
        raise GuideError("options: a non-empty list is required")
    questions: dict[str, NeedQuestion] = {}
    for raw in data.get("questions") or []:
        code = str(raw.get("code") or "")
        where = f"question {code}"
        if not code or code in questions:
            raise GuideError(f"{where}: missing or duplicate code")
        if raw.get("category") not in categories:
            raise GuideError(f"{where}: unknown category {raw.get('category')!r}")
        if raw.get("service_type") not in taxonomy.service_types:
            raise GuideError(f"{where}: unknown service type {raw.get('service_type')!r}")
        for key in ("urgency", "urgent_urgency"):
            if raw.get(key) not in taxonomy.urgency_levels:
                raise GuideError(f"{where}: unknown {key} {raw.get(key)!r}")
        applies_to = tuple(raw.get("applies_to") or ())
        if not applies_to or any(g not in groups for g in applies_to):
            raise GuideError(f"{where}: applies_to must list groups from {list(groups)}")
        question_guidance = {}
        for audience, text in (raw.get("guidance") or {}).items():
            if audience not in AUDIENCES:
                raise GuideError(f"{where}: unknown guidance audience {audience!r}")
            question_guidance[audience] = _label(text, f"{where} guidance {audience}")
        questions[code] = NeedQuestion(
            code=code,
            category=raw["category"],
            area=str(raw.get("area") or raw["category"]),
            service_type=raw["service_type"],
            urgency=raw["urgency"],
            urgent_urgency=raw["urgent_urgency"],
            applies_to=applies_to,
            text=_label(raw.get("text"), f"{where} text"),
            child_text=_label(raw["child_text"], f"{where} child_text")
            if raw.get("child_text")
            else None,
            guidance=question_guidance,
        )
    for group in groups:
        for category in categories:
            if not any(
                q.category == category and group in q.applies_to for q in questions.values()
            ):
                raise GuideError(f"group {group}: no question in category {category}")
    return NeedsGuide(
        version=version,
        digest=hashlib.sha256(raw_bytes).hexdigest()[:16],
        source=data["source"],
        disclaimer=_label(data.get("disclaimer"), "disclaimer"),
        categories=categories,
        groups=groups,
        settings=settings,
        guidance=guidance,
        options=options,
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
