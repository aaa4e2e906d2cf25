"""The shape of the needs assessment guide (`assistance/rules/needs_assessment.yaml`).

References inside the file (categories, groups, audiences) are checked here; the service types and
urgencies belong to the referral taxonomy, another file, and are checked by the loader.
"""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from amanat.assistance.rulemodels import LabelEntry, Versioned
from amanat.rulefiles import RuleModel, problem

AUDIENCES = ("all", "men", "women", "children")


class CodedEntry(RuleModel):
    code: str
    label: LabelEntry


class OptionEntry(RuleModel):
    code: str
    label: LabelEntry
    need: bool = False
    urgent: bool = False
    explore: bool = False
    declined: bool = False


class QuestionEntry(RuleModel):
    code: str
    category: str
    area: str | None = None
    service_type: str
    urgency: str
    urgent_urgency: str
    applies_to: list[str]
    text: LabelEntry
    child_text: LabelEntry | None = None
    guidance: dict[str, LabelEntry] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _audiences(self) -> QuestionEntry:
        for audience in self.guidance:
            if audience not in AUDIENCES:
                raise problem(
                    f"question {self.code}: unknown guidance audience {audience!r}",
                    "guidance",
                    audience,
                )
        return self


def _coded(name: str, entries: list[CodedEntry]) -> list[CodedEntry]:
    if not entries:
        raise problem(f"{name}: a non-empty list is required")
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if not entry.code or entry.code in seen:
            raise problem(f"{name}: missing or duplicate code {entry.code!r}", index, "code")
        seen.add(entry.code)
    return entries


class NeedsGuideFile(Versioned):
    disclaimer: LabelEntry
    categories: list[CodedEntry]
    groups: list[CodedEntry]
    settings: list[CodedEntry]
    guidance: dict[str, LabelEntry] = Field(default_factory=dict)
    options: list[OptionEntry]
    questions: list[QuestionEntry] = Field(default_factory=list)

    @field_validator("categories", "groups", "settings")
    @classmethod
    def _codes(cls, entries: list[CodedEntry], info) -> list[CodedEntry]:
        return _coded(info.field_name, entries)

    @field_validator("guidance")
    @classmethod
    def _audiences(cls, guidance: dict[str, LabelEntry]) -> dict[str, LabelEntry]:
        for audience in guidance:
            if audience not in AUDIENCES:
                raise problem(f"unknown audience {audience!r}; known: {AUDIENCES}", audience)
        return guidance

    @field_validator("options")
    @classmethod
    def _options(cls, options: list[OptionEntry]) -> list[OptionEntry]:
        if not options:
            raise problem("options: a non-empty list is required")
        return options

    @model_validator(mode="after")
    def _questions(self) -> NeedsGuideFile:
        categories = [c.code for c in self.categories]
        groups = [g.code for g in self.groups]
        seen: set[str] = set()
        for index, raw in enumerate(self.questions):
            where = f"question {raw.code}"
            if not raw.code or raw.code in seen:
                raise problem(f"{where}: missing or duplicate code", "questions", index, "code")
            seen.add(raw.code)
            if raw.category not in categories:
                raise problem(
                    f"{where}: unknown category {raw.category!r}", "questions", index, "category"
                )
            if not raw.applies_to or any(g not in groups for g in raw.applies_to):
                raise problem(
                    f"{where}: applies_to must list groups from {groups}",
                    "questions",
                    index,
                    "applies_to",
                )
        for group in groups:
            for category in categories:
                if not any(
                    q.category == category and group in q.applies_to for q in self.questions
                ):
                    raise problem(f"group {group}: no question in category {category}", "groups")
        return self
