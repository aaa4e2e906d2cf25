"""The files `amanat analyze --input` reads (CSV or XLSX, see docs/analysis.md), checked row by
row: a malformed file raises `TableError` (exit 2) naming the row and column at fault. Pure.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pycountry

from amanat.insights.analysis import needs as needs_engine
from amanat.tables import Table, read_table

NEEDS_COLUMNS = ("case_id", "country", "gender", "need")
NEEDS_OPTIONAL = ("age_band", "exploitation", "ethnicity", "urban_rural", "disability")
REINTEGRATION_COLUMNS = ("case_id", "assessed_on", "composite")
REINTEGRATION_OPTIONAL = (
    "economic",
    "social",
    "psychosocial",
    "visit",
    "country",
    "gender",
    "setting",
    "time_since_return",
    "ethnicity",
    "urban_rural",
    "disability",
)
# Grouping columns of the reintegration file: only those the file has are kept (so a --by
# variable the file lacks is refused by name instead of comparing empty groups).
REINTEGRATION_GROUPS = REINTEGRATION_OPTIONAL[4:]
RECRUITMENT_COLUMNS = ("case_id", "year", "gender", "channel")
RECRUITMENT_OPTIONAL = ("country", "websites")
CHANNELS = ("online", "personal", "other", "")


def _country(table: Table, number: int, value: str) -> str:
    if value and pycountry.countries.get(alpha_2=value.upper()) is None:
        raise table.error(
            f"{value!r} is not an ISO 3166-1 alpha-2 country code", row=number, column="country"
        )
    return value.upper()


def _required(table: Table, number: int, values: dict, column: str) -> str:
    value = values[column]
    if not value:
        raise table.error("empty: a value is required", row=number, column=column)
    return value


def read_needs(path: Path) -> needs_engine.NeedsData:
    """One row per case and need present (an empty `need` for a case with none)."""
    table = read_table(path, required=NEEDS_COLUMNS, optional=NEEDS_OPTIONAL)
    if not table.rows:
        raise table.error("no data row", row=2)
    attributes = [c for c in ("country", "gender", *NEEDS_OPTIONAL) if c in table.columns]
    cases: dict[str, dict] = {}
    pairs: set[tuple[str, str]] = set()
    for row in table.rows:
        values = row.values
        case = _required(table, row.number, values, "case_id")
        values = values | {"country": _country(table, row.number, values["country"])}
        known = cases.setdefault(case, {c: values[c] for c in attributes})
        for column in attributes:
            if known[column] != values[column]:
                raise table.error(
                    f"case {case!r} has {known[column]!r} on an earlier row and {values[column]!r} "
                    "here: a case has one value",
                    row=row.number,
                    column=column,
                )
        if values["need"]:
            pairs.add((case, values["need"]))
    frame = pl.DataFrame(
        [{"case_id": case, **attrs} for case, attrs in cases.items()],
        schema={"case_id": pl.String, **dict.fromkeys(attributes, pl.String)},
    )
    needs = pl.DataFrame(
        sorted(pairs), schema={"case_id": pl.String, "need": pl.String}, orient="row"
    )
    return needs_engine.NeedsData(frame, needs)


def _number(table: Table, number: int, value: str, column: str, *, unit: bool) -> float | None:
    if not value:
        return None
    try:
        parsed = float(value.replace(",", "."))
    except ValueError:
        raise table.error(f"{value!r} is not a number", row=number, column=column) from None
    if unit and not 0 <= parsed <= 1:
        raise table.error(f"{value!r} is not between 0 and 1", row=number, column=column)
    return parsed


def _integer(table: Table, number: int, value: str, column: str, low: int, high: int):
    if not value:
        return None
    try:
        parsed = int(value)
    except ValueError:
        raise table.error(f"{value!r} is not a whole number", row=number, column=column) from None
    if not low <= parsed <= high:
        raise table.error(f"{parsed} is not between {low} and {high}", row=number, column=column)
    return parsed


def read_reintegration(path: Path) -> pl.DataFrame:
    """One row per assessment: case_id, assessed_on (YYYY-MM-DD), composite and the optional
    dimension scores (0..1), visit number and grouping columns."""
    table = read_table(path, required=REINTEGRATION_COLUMNS, optional=REINTEGRATION_OPTIONAL)
    if not table.rows:
        raise table.error("no data row", row=2)
    records = []
    for row in table.rows:
        values = row.values
        record = {"case_id": _required(table, row.number, values, "case_id")}
        try:
            record["assessed_on"] = dt.date.fromisoformat(values["assessed_on"])
        except ValueError:
            raise table.error(
                f"{values['assessed_on']!r} is not a date (YYYY-MM-DD)",
                row=row.number,
                column="assessed_on",
            ) from None
        for score in ("composite", "economic", "social", "psychosocial"):
            record[score] = _number(table, row.number, values.get(score, ""), score, unit=True)
        if record["composite"] is None:
            raise table.error("empty: a value is required", row=row.number, column="composite")
        record["visit"] = _integer(table, row.number, values.get("visit", ""), "visit", 0, 1000)
        record["country"] = _country(table, row.number, values.get("country", ""))
        for column in REINTEGRATION_GROUPS[1:]:
            record[column] = values.get(column, "")
        records.append(record)
    absent = [c for c in REINTEGRATION_GROUPS if c not in table.columns]
    return pl.DataFrame(records, schema=REINTEGRATION_SCHEMA).drop(absent)


REINTEGRATION_SCHEMA = {
    "case_id": pl.String,
    "assessed_on": pl.Date,
    "composite": pl.Float64,
    "economic": pl.Float64,
    "social": pl.Float64,
    "psychosocial": pl.Float64,
    "visit": pl.Int64,
    "country": pl.String,
    "gender": pl.String,
    "setting": pl.String,
    "time_since_return": pl.String,
    "ethnicity": pl.String,
    "urban_rural": pl.String,
    "disability": pl.String,
}
RECRUITMENT_SCHEMA = {
    "case_id": pl.String,
    "year": pl.Int64,
    "gender": pl.String,
    "channel": pl.String,
    "country": pl.String,
    "websites": pl.List(pl.String),
}


def read_recruitment(path: Path) -> pl.DataFrame:
    """One row per case: year, gender, channel (online | personal | other | empty) and the
    websites or apps (codes separated by ';')."""
    table = read_table(path, required=RECRUITMENT_COLUMNS, optional=RECRUITMENT_OPTIONAL)
    if not table.rows:
        raise table.error("no data row", row=2)
    records, seen = [], set()
    for row in table.rows:
        values = row.values
        case = _required(table, row.number, values, "case_id")
        if case in seen:
            raise table.error(f"case {case!r} appears twice", row=row.number, column="case_id")
        seen.add(case)
        channel = values["channel"].casefold()
        if channel not in CHANNELS:
            raise table.error(
                f"{values['channel']!r}: expected online, personal, other or empty",
                row=row.number,
                column="channel",
            )
        websites = [w.strip() for w in values.get("websites", "").split(";") if w.strip()]
        records.append(
            {
                "case_id": case,
                "year": _integer(table, row.number, values["year"], "year", 1900, 2100),
                "gender": values["gender"],
                "channel": channel,
                "country": _country(table, row.number, values.get("country", "")),
                "websites": websites,
            }
        )
    frame = pl.DataFrame(records, schema=RECRUITMENT_SCHEMA)
    return frame if "country" in table.columns else frame.drop("country")
