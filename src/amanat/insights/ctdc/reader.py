"""Read and validate a CTDC codebook v6 CSV into a typed polars DataFrame.

Every value the codebook does not allow is reported with its row, column, value and reason instead
of being loaded silently. Strict mode rejects the whole file on any problem (all-or-nothing
import); lenient mode drops the rows with problems and returns them alongside the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import polars as pl
import pycountry

from amanat.errors import ValidationError
from amanat.insights.ctdc.codebook import Codebook, ColumnSpec, load_codebook

Mode = Literal["strict", "lenient"]
ROW = "__row"
HEADER_ROW = (
    1  # rows are numbered as lines of the file: the header is row 1, the first record row 2
)
MAX_PROBLEMS_IN_MESSAGE = 5


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    value: str | None
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.value!r}: {self.reason}"


class CtdcRejected(ValidationError):
    """The file cannot be loaded as it is; `problems` lists every reason, row by row."""

    default_code = "ctdc_rejected"

    def __init__(self, problems: list[RowProblem], *, path: str = "") -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:MAX_PROBLEMS_IN_MESSAGE])
        more = len(problems) - MAX_PROBLEMS_IN_MESSAGE
        suffix = f" (and {more} more)" if more > 0 else ""
        name = f"{path}: " if path else ""
        super().__init__(f"{name}{len(problems)} problem(s) in CTDC file: {shown}{suffix}")


@cache
def iso_alpha2_codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def read_ctdc(
    path: str | Path,
    *,
    mode: Mode = "lenient",
    today: dt.date | None = None,
    codebook: Codebook | None = None,
) -> tuple[pl.DataFrame, list[RowProblem]]:
    """Read a CTDC v6 CSV; return the typed rows that passed and the problems found."""
    try:
        raw = pl.read_csv(path, infer_schema_length=0, encoding="utf8-lossy")
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, OSError) as error:
        raise CtdcRejected(
            [RowProblem(HEADER_ROW, "", None, f"not a readable CSV file: {error}".splitlines()[0])],
            path=str(path),
        ) from error
    return parse_ctdc(raw, mode=mode, today=today, codebook=codebook, path=str(path))


def parse_ctdc(
    raw: pl.DataFrame,
    *,
    mode: Mode = "lenient",
    today: dt.date | None = None,
    codebook: Codebook | None = None,
    path: str = "",
) -> tuple[pl.DataFrame, list[RowProblem]]:
    """Validate an all-text DataFrame in CTDC v6 columns (as read from a CSV) and type it."""
    if mode not in ("strict", "lenient"):
        raise ValueError(f"mode must be 'strict' or 'lenient', not {mode!r}")
    book = codebook or load_codebook()
    max_year = (today or dt.date.today()).year
    raw = raw.rename({k: v for k, v in book.column_aliases.items() if k in raw.columns})

    header_problems = _header_problems(raw, book)
    if any(p.value is None for p in header_problems):  # a required column is missing
        raise CtdcRejected(header_problems, path=path)
    if header_problems and mode == "strict":
        raise CtdcRejected(header_problems, path=path)

    specs = [spec for spec in book.columns if spec.name in raw.columns]
    frame = raw.select(
        pl.int_range(HEADER_ROW + 1, raw.height + HEADER_ROW + 1, dtype=pl.Int64).alias(ROW),
        *[pl.col(spec.name).str.strip_chars() for spec in specs],
    )
    frame = frame.with_columns([_normalised(spec, book).alias(spec.name) for spec in specs])
    row_problems = _empty_row_problems(frame, specs)
    empty_rows = {p.row for p in row_problems}
    for spec in specs:
        row_problems += _column_problems(frame, raw, spec, book, max_year, empty_rows)
    order = {spec.name: i for i, spec in enumerate(specs)}
    row_problems.sort(key=lambda p: (p.row, order.get(p.column, -1)))
    problems = header_problems + row_problems

    if problems and mode == "strict":
        raise CtdcRejected(problems, path=path)
    bad_rows = sorted({p.row for p in row_problems})
    frame = frame.filter(~pl.col(ROW).is_in(bad_rows)).drop(ROW)
    return _typed(frame, book), problems


def _header_problems(raw: pl.DataFrame, book: Codebook) -> list[RowProblem]:
    known = set(book.column_names) | set(book.ignored_columns)
    problems = [
        RowProblem(HEADER_ROW, name, name, "column is not a CTDC codebook v6 variable")
        for name in raw.columns
        if name not in known
    ]
    problems += [
        RowProblem(HEADER_ROW, spec.name, None, "required CTDC codebook v6 column is missing")
        for spec in book.columns
        if spec.required and spec.name not in raw.columns
    ]
    return problems


def _normalised(spec: ColumnSpec, book: Codebook) -> pl.Expr:
    """Missing codes become null; spellings the codebook accepts become the canonical one."""
    col = pl.col(spec.name)
    missing = list(book.missing_codes)
    if spec.kind == "country":
        missing += list(book.country_missing_codes)
    expr = pl.when(col.is_in(missing)).then(None).otherwise(col)
    if spec.kind == "category" and spec.also_accepted:
        expr = expr.replace(spec.also_accepted)
    if spec.kind == "multi_category":
        parts = expr.str.split(";").list.eval(pl.element().str.strip_chars())
        if spec.also_accepted:
            parts = parts.list.eval(pl.element().replace(spec.also_accepted))
        expr = parts.list.join(spec.separator or "; ")
    return expr


def _empty_row_problems(frame: pl.DataFrame, specs: list[ColumnSpec]) -> list[RowProblem]:
    empty = frame.filter(pl.all_horizontal([pl.col(s.name).is_null() for s in specs]))
    return [
        RowProblem(row, "", None, "empty record: no value in any CTDC column")
        for row in empty[ROW].to_list()
    ]


def _column_problems(
    frame: pl.DataFrame,
    raw: pl.DataFrame,
    spec: ColumnSpec,
    book: Codebook,
    max_year: int,
    skip_rows: set[int],
) -> list[RowProblem]:
    col = pl.col(spec.name)
    checks: list[tuple[pl.Expr, str]]
    if spec.kind == "year":
        number = col.cast(pl.Int64, strict=False)
        checks = [
            (number.is_null(), "not a whole number"),
            (number < book.year_min, f"impossible year: before {book.year_min}"),
            (number > max_year, f"impossible year: in the future (after {max_year})"),
        ]
    elif spec.kind == "binary":
        checks = [(~col.is_in(["0", "1"]), "binary column must be 0 or 1")]
    elif spec.kind == "category":
        allowed = list(spec.values)
        checks = [(~col.is_in(allowed), f"not a {spec.name} category ({', '.join(allowed)})")]
    elif spec.kind == "multi_category":
        allowed = list(spec.values)
        parts_ok = col.str.split(spec.separator or "; ").list.eval(pl.element().is_in(allowed))
        checks = [
            (~parts_ok.list.all(), f"not a list of {spec.name} categories ({', '.join(allowed)})")
        ]
    elif spec.kind == "country":
        allowed = sorted(iso_alpha2_codes() | set(book.country_unknown_codes))
        reason = "not an ISO 3166-1 alpha-2 country code (or " + "/".join(
            book.country_unknown_codes
        )
        checks = [(~col.is_in(allowed), reason + " for unknown)")]
    else:  # free text (concatenated labels): anything goes
        return []

    problems: list[RowProblem] = []
    original = raw[spec.name]
    present = frame.filter(col.is_not_null())
    for condition, reason in checks:
        hits = present.filter(condition.fill_null(False))[ROW].to_list()
        for row in hits:
            if row in skip_rows:
                continue
            value = original[row - HEADER_ROW - 1]
            problems.append(RowProblem(row, spec.name, value, reason))
        present = present.filter(~condition.fill_null(False))
    return problems


def _typed(frame: pl.DataFrame, book: Codebook) -> pl.DataFrame:
    """Cast to CTDC types and add absent optional columns, in codebook order."""
    exprs = []
    for spec in book.columns:
        col = pl.col(spec.name) if spec.name in frame.columns else pl.lit(None, dtype=pl.String)
        if spec.kind == "year":
            col = col.cast(pl.Int16)
        elif spec.kind == "binary":
            col = col.cast(pl.Int8)
        else:
            col = col.cast(pl.String)
        exprs.append(col.alias(spec.name))
    return frame.select(exprs)


def ctdc_schema(codebook: Codebook | None = None) -> dict[str, pl.DataType]:
    """The typed schema `read_ctdc` returns: what other sources must produce to reuse the stats."""
    book = codebook or load_codebook()
    kinds = {"year": pl.Int16, "binary": pl.Int8}
    return {spec.name: kinds.get(spec.kind, pl.String) for spec in book.columns}
