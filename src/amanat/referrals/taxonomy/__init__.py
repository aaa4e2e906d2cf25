"""Service-type taxonomy, shared-field templates and urgency levels, read from `rules/taxonomy/`.

Pure Python (no Django): the directory, the matcher, the state machine and the CLI all read the
same data. `load_taxonomy()` validates the files and caches the result per directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, StringConstraints, field_validator, model_validator

from amanat import rulefiles
from amanat.rulefiles import RuleFileError, RuleModel, check_unique, problem
from amanat.rulefiles.texts import MultilingualLabel, OverlayTexts

DATA_DIR = Path(__file__).resolve().parents[1] / "rules" / "taxonomy"


class TaxonomyError(RuleFileError):
    """A taxonomy data file is malformed, or a code is unknown; the message names the file, the
    line and the entry."""


NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


Label = MultilingualLabel  # a service type's or shared field's name in every language


@dataclass(frozen=True)
class ServiceType:
    code: str
    label: Label
    htcds_spl_type: str
    shared_fields: tuple[str, ...]
    related: dict[str, float]  # other service type -> partial need fit in (0, 1)


@dataclass(frozen=True)
class UrgencyLevel:
    code: str
    rank: int
    response_hours: float
    label: Label

    @property
    def response_deadline(self) -> timedelta:
        return timedelta(hours=self.response_hours)


@dataclass(frozen=True)
class Taxonomy:
    service_types: dict[str, ServiceType]
    shared_fields: dict[str, Label]
    urgency_levels: dict[str, UrgencyLevel]

    def service_type(self, code: str) -> ServiceType:
        try:
            return self.service_types[code]
        except KeyError:
            raise TaxonomyError(
                f"unknown service type {code!r}; known: {', '.join(self.service_types)}"
            ) from None

    def urgency(self, code: str) -> UrgencyLevel:
        try:
            return self.urgency_levels[code]
        except KeyError:
            raise TaxonomyError(
                f"unknown urgency {code!r}; known: {', '.join(self.urgency_levels)}"
            ) from None

    def default_shared_fields(self, service_type: str) -> tuple[str, ...]:
        return self.service_type(service_type).shared_fields

    def need_fit(self, need_type: str, service_type: str) -> float:
        """How well a service of `service_type` meets a need of `need_type` (1 = same type)."""
        if need_type == service_type:
            return 1.0
        return self.service_type(service_type).related.get(need_type, 0.0)


class LabelSpec(OverlayTexts):
    en: NonEmpty
    ru: NonEmpty


class SharedFieldSpec(RuleModel):
    code: str
    label: LabelSpec


class ServiceTypeSpec(RuleModel):
    code: str
    label: LabelSpec
    htcds_spl_type: str
    shared_fields: list[str]
    related: dict[str, float] | None = None


class UrgencySpec(RuleModel):
    code: str
    rank: int
    response_hours: float
    label: LabelSpec

    @field_validator("response_hours")
    @classmethod
    def _positive(cls, hours: float) -> float:
        if hours <= 0:
            raise problem("response_hours must be positive")
        return hours


def _unique(entries: list) -> list:
    return check_unique(entries, message="{}: duplicate code")


class SharedFieldsFile(RuleModel):
    source: Any
    shared_fields: Annotated[list[SharedFieldSpec], AfterValidator(_unique)]


class ServiceTypesFile(RuleModel):
    source: Any
    service_types: Annotated[list[ServiceTypeSpec], AfterValidator(_unique)]

    @model_validator(mode="after")
    def _related_known(self) -> ServiceTypesFile:
        codes = {entry.code for entry in self.service_types}
        for index, entry in enumerate(self.service_types):
            for other, fit in (entry.related or {}).items():
                if other not in codes or not 0.0 < fit < 1.0:
                    raise problem(
                        f"{entry.code}: related {other!r}: "
                        "must name a known type with a fit strictly between 0 and 1",
                        "service_types", index, "related", other,
                    )  # fmt: skip
        return self


class UrgencyFile(RuleModel):
    source: Any
    urgency_levels: Annotated[list[UrgencySpec], AfterValidator(_unique)]


def _label(spec: LabelSpec) -> Label:
    return Label.of(spec)


@lru_cache(maxsize=8)
def load_taxonomy(directory: Path = DATA_DIR) -> Taxonomy:
    directory = Path(directory)
    fields_file = rulefiles.load(
        directory / "shared_fields.yaml", SharedFieldsFile, error=TaxonomyError
    )
    shared_fields = {entry.code: _label(entry.label) for entry in fields_file.shared_fields}
    types_path = directory / "service_types.yaml"
    types_file = rulefiles.load(types_path, ServiceTypesFile, error=TaxonomyError)
    service_types: dict[str, ServiceType] = {}
    for index, entry in enumerate(types_file.service_types):
        unknown = [field for field in entry.shared_fields if field not in shared_fields]
        if unknown:
            place = f"service_types[{index}].shared_fields"
            message = f"{entry.code}: unknown shared fields {unknown}"
            raise TaxonomyError([rulefiles.problem_at(types_path, place, message)])
        service_types[entry.code] = ServiceType(
            code=entry.code,
            label=_label(entry.label),
            htcds_spl_type=entry.htcds_spl_type,
            shared_fields=tuple(entry.shared_fields),
            related=dict(entry.related or {}),
        )
    urgency_file = rulefiles.load(directory / "urgency.yaml", UrgencyFile, error=TaxonomyError)
    urgency_levels = {
        entry.code: UrgencyLevel(
            code=entry.code,
            rank=entry.rank,
            response_hours=entry.response_hours,
            label=_label(entry.label),
        )
        for entry in urgency_file.urgency_levels
    }
    return Taxonomy(service_types, shared_fields, urgency_levels)
