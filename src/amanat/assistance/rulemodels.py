"""Pieces shared by the assistance rule-file models (needs guide, reintegration instrument)."""

from __future__ import annotations

from typing import Any

from pydantic import field_validator, model_validator

from amanat.rulefiles import RuleModel, problem
from amanat.rulefiles.texts import MultilingualLabel, OverlayTexts

# A validated text as the needs guide and the instrument hand it to their users.
Label = MultilingualLabel


class LabelEntry(OverlayTexts):
    """A text in English and Russian; both are shown to practitioners, so neither may be empty."""

    en: str = ""
    ru: str = ""

    @model_validator(mode="after")
    def _both(self) -> LabelEntry:
        if not self.en.strip() or not self.ru.strip():
            raise problem("needs non-empty 'en' and 'ru'")
        return self


class Versioned(RuleModel):
    """A file that cites its source and carries a version (recorded with every result)."""

    source: dict[str, Any]
    version: str | int | float

    @field_validator("source")
    @classmethod
    def _source(cls, source: dict) -> dict:
        if not source:
            raise problem("a 'source' block is required")
        return source

    @field_validator("version")
    @classmethod
    def _version(cls, version: str | int | float) -> str:
        if not str(version).strip():
            raise problem("a 'version' is required")
        return str(version).strip()
