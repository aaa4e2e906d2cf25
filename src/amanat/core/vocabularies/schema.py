"""The model of a code-list file (`<app>/rules/vocabularies/*.yaml`)."""

from __future__ import annotations

from pydantic import ConfigDict, field_validator

from amanat.rulefiles import RuleModel, check_unique


class VocabularyItem(RuleModel):
    """One code with its labels; lists may add their own attributes (e.g. `status`)."""

    model_config = ConfigDict(frozen=True, extra="allow")

    code: str
    en: str
    ru: str

    @field_validator("code", mode="before")
    @classmethod
    def _code_as_text(cls, value):
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class VocabularyFile(RuleModel):
    id: str
    source: str
    items: list[VocabularyItem]

    @field_validator("items")
    @classmethod
    def _unique_codes(cls, items: list[VocabularyItem]) -> list[VocabularyItem]:
        return check_unique(items)
