"""Result tables: every figure carries its denominator, the rule that produced it and its filters."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Cell:
    key: str
    label: dict[str, str]
    count: int | None  # None when suppressed
    percent: float | None  # of the table's denominator; None when suppressed
    suppressed: str | None = None  # None, "primary" (small cell) or "secondary" (complement)


@dataclass(frozen=True)
class StatTable:
    statistic: str
    title: dict[str, str]
    kind: str  # "single" (one answer per person) or "multi" (multi-select group)
    rows: tuple[Cell, ...]
    records_in_scope: int | None  # records after filters; None when suppressed
    denominator: int | None  # people counted in the percentages; None when suppressed
    denominator_rule: str
    suppression_rule: str
    threshold: int
    filters: tuple[str, ...]
    inputs: tuple[str, ...]  # the CTDC columns read

    @property
    def counts(self) -> dict[str, int | None]:
        return {cell.key: cell.count for cell in self.rows}

    @property
    def percentages(self) -> dict[str, float | None]:
        return {cell.key: cell.percent for cell in self.rows}

    @property
    def suppressed(self) -> dict[str, str | None]:
        return {cell.key: cell.suppressed for cell in self.rows}

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class CrossTable:
    row_variable: str
    column_variable: str
    row_keys: tuple[str, ...]
    column_keys: tuple[str, ...]
    counts: tuple[tuple[int | None, ...], ...]  # [row][column]; None when suppressed
    suppressed: tuple[tuple[str | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    total: int | None
    excluded: int | None  # records in scope without a value in either variable
    rule: str
    suppression_rule: str
    threshold: int
    filters: tuple[str, ...]

    def count(self, row_key: str, column_key: str) -> int | None:
        return self.counts[self.row_keys.index(row_key)][self.column_keys.index(column_key)]

    def as_dict(self) -> dict:
        return asdict(self)
