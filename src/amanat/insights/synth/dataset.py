"""Reading a CTDC-format CSV into encoded records, and writing synthetic records back.

A record becomes a sorted tuple of attribute ids; an attribute is one (column, value) pair.
Missing values (empty or CTDC's code -99) are not attributes: a record only holds what it says.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from amanat.config.files import open_private
from amanat.errors import UsageError

MISSING_CODES = ("", "-99")

# The default attribute columns: the CTDC Global Synthetic Dataset's demographic and exploitation
# variables that the v6 (2018) file also has. An identifier such as the converter's row number `X`
# must never be synthesised, so there is no "all columns" default.
DEFAULT_COLUMNS = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "CountryOfExploitation",
    "isForcedLabour",
    "isSexualExploit",
)


@dataclass(frozen=True)
class EncodedData:
    columns: tuple[str, ...]
    attributes: tuple[tuple[int, str], ...]  # attribute id -> (column index, value)
    records: tuple[tuple[int, ...], ...]
    frame: pl.DataFrame  # the chosen columns, missing as null, for utility evaluation

    @property
    def number_of_records(self) -> int:
        return len(self.records)


def read_ctdc_csv(path: str | Path, columns: list[str] | None = None) -> pl.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"--input {path}: no such file")
    try:
        frame = pl.read_csv(path, infer_schema=False, null_values=list(MISSING_CODES))
    except (pl.exceptions.PolarsError, UnicodeDecodeError, OSError) as error:
        first_line = (
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        )
        raise UsageError(f"--input {path}: not a readable CSV file ({first_line})") from error
    if frame.height == 0:
        raise UsageError(f"--input {path}: the file has a header but no records")
    chosen = list(columns) if columns else [c for c in DEFAULT_COLUMNS if c in frame.columns]
    if not chosen:
        raise UsageError(
            f"--input {path}: none of the default CTDC columns ({', '.join(DEFAULT_COLUMNS)}) "
            "is in the file; name the attribute columns with --columns"
        )
    unknown = [c for c in chosen if c not in frame.columns]
    if unknown:
        raise UsageError(f"--columns: column(s) not in {path.name}: {', '.join(unknown)}")
    if len(set(chosen)) != len(chosen):
        raise UsageError("--columns: a column is named twice")
    frame = frame.select(chosen).with_columns(pl.all().str.strip_chars())
    # After stripping, a blank or "-99" cell is still missing.
    frame = frame.with_columns(
        pl.when(pl.all().is_in(list(MISSING_CODES))).then(None).otherwise(pl.all()).name.keep()
    )
    if frame.select(pl.all().is_null().all()).row(0) == (True,) * frame.width:
        raise UsageError(f"--input {path}: the chosen columns hold no values at all")
    return frame


def encode(frame: pl.DataFrame) -> EncodedData:
    columns = tuple(frame.columns)
    attributes: list[tuple[int, str]] = []
    codes: list[list[int | None]] = []
    for index, column in enumerate(columns):
        values = sorted(frame[column].drop_nulls().unique().to_list())
        ids = {value: len(attributes) + offset for offset, value in enumerate(values)}
        attributes.extend((index, value) for value in values)
        codes.append([None if v is None else ids[v] for v in frame[column].to_list()])
    # Attribute ids grow with the column index, so a record's ids come out sorted by column.
    records = tuple(
        tuple(code for code in row if code is not None) for row in zip(*codes, strict=True)
    )
    return EncodedData(columns, tuple(attributes), records, frame)


def decode(data_columns: tuple[str, ...], attributes, records) -> pl.DataFrame:
    rows: list[list[str | None]] = []
    for record in records:
        row: list[str | None] = [None] * len(data_columns)
        for attribute in record:
            column_index, value = attributes[attribute]
            row[column_index] = value
        rows.append(row)
    return pl.DataFrame(rows, schema={c: pl.String for c in data_columns}, orient="row")


def write_csv(frame: pl.DataFrame, path: str | Path) -> None:
    path = Path(path)
    if not path.parent.is_dir():
        raise UsageError(f"--out {path}: the folder {path.parent} does not exist")
    with open_private(path, "wb") as handle:
        frame.write_csv(handle)  # missing values as empty cells, as in the shared CTDC file
