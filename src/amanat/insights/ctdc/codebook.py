"""The CTDC codebook v6 column specification, loaded from `codebook_v6.yaml`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from amanat import rulefiles
from amanat.insights.ctdc.schema import COLUMN_KINDS as COLUMN_KINDS  # re-exported
from amanat.insights.ctdc.schema import CodebookFile

CODEBOOK_PATH = Path(__file__).resolve().parents[1] / "rules" / "ctdc" / "codebook_v6.yaml"


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
    """The codebook at `path`; rulefiles.RuleFileError (file:line: place: problem) if malformed."""
    data = rulefiles.load(path, CodebookFile)
    columns = [
        ColumnSpec(
            name=raw.name,
            number=raw.number,
            kind=raw.kind,
            required=raw.required,
            values=tuple(str(v) for v in raw.values),
            also_accepted=dict(raw.also_accepted),
            separator=raw.separator,
        )
        for raw in data.columns
    ]
    groups = {
        name: MultiSelectGroup(
            name=name,
            label=dict(raw.label),
            members=tuple(GroupMember(m.column, dict(m.label)) for m in raw.members),
            not_specified=tuple(raw.not_specified),
        )
        for name, raw in data.multi_select_groups.items()
    }
    return Codebook(
        source=data.source,
        missing_codes=tuple(str(c) for c in data.missing_codes),
        ignored_columns=tuple(data.ignored_columns),
        column_aliases=dict(data.column_aliases),
        year_min=data.year_range.min,
        country_unknown_codes=tuple(str(c) for c in data.country_unknown_codes),
        country_missing_codes=tuple(str(c) for c in data.country_missing_codes),
        columns=tuple(columns),
        groups=groups,
        variable_labels=dict(data.labels.variables),
        category_labels=dict(data.labels.categories),
    )
