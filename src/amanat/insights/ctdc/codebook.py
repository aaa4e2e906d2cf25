"""The CTDC codebook v6 column specification, loaded from `codebook_v6.yaml`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

CODEBOOK_PATH = Path(__file__).resolve().parents[1] / "rules" / "ctdc" / "codebook_v6.yaml"

COLUMN_KINDS = ("year", "category", "multi_category", "country", "binary", "text")


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    number: int | None
    kind: str
    required: bool = True
    values: tuple[str, ...] = ()
    also_accepted: dict[str, str] = field(default_factory=dict)
    separator: str | None = None


@dataclass(frozen=True)
class GroupMember:
    column: str
    label: dict[str, str]


@dataclass(frozen=True)
class MultiSelectGroup:
    name: str
    label: dict[str, str]
    members: tuple[GroupMember, ...]
    not_specified: tuple[str, ...]

    @property
    def columns(self) -> list[str]:
        return [member.column for member in self.members]


@dataclass(frozen=True)
class Codebook:
    source: dict
    missing_codes: tuple[str, ...]
    ignored_columns: tuple[str, ...]
    column_aliases: dict[str, str]
    year_min: int
    country_unknown_codes: tuple[str, ...]
    country_missing_codes: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]
    groups: dict[str, MultiSelectGroup]
    variable_labels: dict[str, dict[str, str]]
    category_labels: dict[str, dict[str, str]]

    def column(self, name: str) -> ColumnSpec:
        for spec in self.columns:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [spec.name for spec in self.columns]

    def columns_of_kind(self, kind: str) -> list[str]:
        return [spec.name for spec in self.columns if spec.kind == kind]

    def category_order(self, column: str) -> tuple[str, ...]:
        return self.column(column).values


@cache
def load_codebook(path: Path = CODEBOOK_PATH) -> Codebook:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    columns = []
    for raw in data["columns"]:
        if raw["kind"] not in COLUMN_KINDS:
            raise ValueError(f"{path.name}: column {raw['name']}: unknown kind {raw['kind']!r}")
        columns.append(
            ColumnSpec(
                name=raw["name"],
                number=raw.get("number"),
                kind=raw["kind"],
                required=raw.get("required", True),
                values=tuple(str(v) for v in raw.get("values", ())),
                also_accepted={str(k): str(v) for k, v in raw.get("also_accepted", {}).items()},
                separator=raw.get("separator"),
            )
        )
    groups = {
        name: MultiSelectGroup(
            name=name,
            label=raw["label"],
            members=tuple(GroupMember(m["column"], m["label"]) for m in raw["members"]),
            not_specified=tuple(raw.get("not_specified", ())),
        )
        for name, raw in data["multi_select_groups"].items()
    }
    labels = data.get("labels", {})
    return Codebook(
        source=data["source"],
        missing_codes=tuple(str(c) for c in data["missing_codes"]),
        ignored_columns=tuple(data.get("ignored_columns", ())),
        column_aliases=dict(data.get("column_aliases", {})),
        year_min=int(data["year_range"]["min"]),
        country_unknown_codes=tuple(str(c) for c in data["country_unknown_codes"]),
        country_missing_codes=tuple(str(c) for c in data["country_missing_codes"]),
        columns=tuple(columns),
        groups=groups,
        variable_labels=labels.get("variables", {}),
        category_labels=labels.get("categories", {}),
    )
