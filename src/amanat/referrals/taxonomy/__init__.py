"""Service-type taxonomy, shared-field templates and urgency levels, read from the YAML files here.

Pure Python (no Django): the directory, the matcher, the state machine and the CLI all read the
same data. `load_taxonomy()` validates the files and caches the result per directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parents[1] / "rules" / "taxonomy"


class TaxonomyError(ValueError):
    """A taxonomy data file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Label:
    en: str
    ru: str

    def get(self, language: str) -> str:
        return self.ru if language.startswith("ru") else self.en


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


def _label(raw: object, where: str) -> Label:
    if not isinstance(raw, dict) or not raw.get("en") or not raw.get("ru"):
        raise TaxonomyError(f"{where}: label needs non-empty 'en' and 'ru'")
    return Label(en=str(raw["en"]), ru=str(raw["ru"]))


def _read(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or "source" not in data:
        raise TaxonomyError(f"{path.name}: expected a mapping with a 'source' block")
    return data


@lru_cache(maxsize=8)
def load_taxonomy(directory: Path = DATA_DIR) -> Taxonomy:
    directory = Path(directory)
    fields_data = _read(directory / "shared_fields.yaml")
    shared_fields: dict[str, Label] = {}
    for entry in fields_data["shared_fields"]:
        code = entry["code"]
        shared_fields[code] = _label(entry.get("label"), f"shared_fields.yaml: {code}")

    types_data = _read(directory / "service_types.yaml")
    service_types: dict[str, ServiceType] = {}
    for entry in types_data["service_types"]:
        code = entry["code"]
        where = f"service_types.yaml: {code}"
        if code in service_types:
            raise TaxonomyError(f"{where}: duplicate code")
        unknown = [field for field in entry["shared_fields"] if field not in shared_fields]
        if unknown:
            raise TaxonomyError(f"{where}: unknown shared fields {unknown}")
        service_types[code] = ServiceType(
            code=code,
            label=_label(entry.get("label"), where),
            htcds_spl_type=str(entry["htcds_spl_type"]),
            shared_fields=tuple(entry["shared_fields"]),
            related={str(k): float(v) for k, v in (entry.get("related") or {}).items()},
        )
    for service_type in service_types.values():
        for other, fit in service_type.related.items():
            if other not in service_types or not 0.0 < fit < 1.0:
                raise TaxonomyError(
                    f"service_types.yaml: {service_type.code}: related {other!r}: "
                    "must name a known type with a fit strictly between 0 and 1"
                )

    urgency_data = _read(directory / "urgency.yaml")
    urgency_levels: dict[str, UrgencyLevel] = {}
    for entry in urgency_data["urgency_levels"]:
        code = entry["code"]
        hours = float(entry["response_hours"])
        if hours <= 0:
            raise TaxonomyError(f"urgency.yaml: {code}: response_hours must be positive")
        urgency_levels[code] = UrgencyLevel(
            code=code,
            rank=int(entry["rank"]),
            response_hours=hours,
            label=_label(entry.get("label"), f"urgency.yaml: {code}"),
        )
    return Taxonomy(service_types, shared_fields, urgency_levels)
