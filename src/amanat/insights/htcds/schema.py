"""The shapes of the HTCDS rule files (`insights/rules/htcds/*.yaml`), read through amanat.rulefiles."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import field_validator, model_validator

from amanat.rulefiles import RuleModel, problem
from amanat.rulefiles.texts import OverlayTexts

OWNERS = ("person", "case", "owner_organisation")


def _check_target(target: str) -> str:
    owner, dot, name = target.partition(".")
    if not dot or not name or owner not in OWNERS:
        raise problem(f"target {target!r} must be <owner>.<name> with owner one of {OWNERS}")
    return target


class FieldEntry(RuleModel):
    htcds: str
    target: str
    kind: Literal["text", "list", "date", "int"] = "text"
    personal: bool = False
    direction: Literal["both", "export"] = "both"
    research: Literal["keep", "year", "drop"] = "keep"
    # A picklist field whose code list has values the standard does not: the standard's own values
    # (HTCDS v2.0), and the `amanat_*` field that carries the others (they travel as "Other").
    standard_values: list[str] | None = None
    extension: str | None = None

    _target = field_validator("target")(_check_target)

    @model_validator(mode="after")
    def _extension_pair(self) -> FieldEntry:
        if (self.standard_values is None) != (self.extension is None):
            raise problem("standard_values and extension go together")
        if self.extension is not None:
            if not self.extension.startswith("amanat_"):
                raise problem("an extension field is named amanat_*", "extension")
            if "Other" not in (self.standard_values or []):
                raise problem("the standard values must include Other", "standard_values")
        return self


class Event(RuleModel):
    target: str
    many: bool

    _target = field_validator("target")(_check_target)


class FieldsFile(RuleModel):
    source: dict[str, Any]
    csv_list_separator: str
    fields: list[FieldEntry]
    historic_events: dict[str, Event]


class LegalBasis(OverlayTexts):
    source: str
    en: str
    ru: str


class Purpose(OverlayTexts):
    source: str
    en: str
    ru: str
    consent: str | None = None
    recipient: str
    approval: str
    legal_bases: list[str]

    @field_validator("recipient")
    @classmethod
    def _recipient(cls, value: str) -> str:
        if value not in ("required", "optional"):
            raise problem("recipient is required|optional")
        return value

    @field_validator("approval")
    @classmethod
    def _approval(cls, value: str) -> str:
        if value not in ("above_cap", "always"):
            raise problem("approval is above_cap|always")
        return value


class PurposesFile(RuleModel):
    source: dict[str, Any]
    legal_bases: dict[str, LegalBasis]
    purposes: dict[str, Purpose]

    @model_validator(mode="after")
    def _known_bases(self) -> PurposesFile:
        # a broken data file must fail loudly, not export under an unknown basis
        for code, purpose in self.purposes.items():
            unknown = sorted(set(purpose.legal_bases) - set(self.legal_bases))
            if unknown:
                raise problem(f"unknown legal basis {unknown}", "purposes", code, "legal_bases")
        return self
