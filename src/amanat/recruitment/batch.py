"""Screen a table of advertisements (CSV or XLSX) and write the results, all or nothing.

The whole input is read and checked before anything is screened or written, so a bad row leaves
no half-written output; the output file is 0600 (`amanat.config.files`): advertisements found
during an investigation are sensitive even when public.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from amanat.config.files import open_private
from amanat.recruitment.engine import LANGUAGES, Result, get_screener
from amanat.tables import Table, TableError, read_table

REQUIRED = ("ad_id", "text")
OPTIONAL = ("language", "url", "platform", "date")
OUTPUT_COLUMNS = ("ad_id", "level", "score", "indicators")
OUTPUT_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Ad:
    ad_id: str
    text: str
    language: str | None


def read_ads(path: Path) -> list[Ad]:
    """The advertisements of the file; TableError (exit 2) naming the row and column at fault."""
    table = read_table(path, required=REQUIRED, optional=OPTIONAL)
    if not table.rows:
        raise table.error("no advertisements below the header")
    seen: set[str] = set()
    return [_ad(table, row.number, row.values, seen) for row in table.rows]


def _ad(table: Table, number: int, values: dict[str, str], seen: set[str]) -> Ad:
    ad_id = values["ad_id"]
    if not ad_id:
        raise table.error("ad_id is empty", row=number, column="ad_id")
    if ad_id in seen:
        raise table.error(f"ad_id '{ad_id}' appears twice", row=number, column="ad_id")
    seen.add(ad_id)
    if not values["text"]:
        raise table.error("text is empty", row=number, column="text")
    language = values.get("language") or None
    if language is not None:
        match = {code.casefold(): code for code in LANGUAGES}.get(language.casefold())
        if match is None:
            allowed = ", ".join(LANGUAGES)
            raise table.error(f"unknown language '{language}' (allowed: {allowed})", row=number,
                              column="language")  # fmt: skip
        language = match
    date = values.get("date")
    if date:
        try:
            dt.date.fromisoformat(date[:10])
        except ValueError:
            raise table.error(f"'{date}' is not a date (YYYY-MM-DD)", row=number,
                              column="date") from None  # fmt: skip
    return Ad(ad_id=ad_id, text=values["text"], language=language)


def screen_ads(ads: list[Ad]) -> list[tuple[Ad, Result]]:
    screener = get_screener()
    return [(ad, screener.screen(ad.text, ad.language)) for ad in ads]


def output_rows(results: list[tuple[Ad, Result]]) -> list[tuple[str, str, int, str]]:
    return [(ad.ad_id, r.level, r.score, ";".join(r.indicator_ids)) for ad, r in results]


def check_output(path: Path) -> None:
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise TableError(path.name, "unsupported output type: use .csv or .xlsx")
    if not path.parent.is_dir():
        raise TableError(path.name, f"the folder {path.parent} does not exist")


def write_results(path: Path, rows: list[tuple[str, str, int, str]]) -> None:
    if path.suffix.lower() == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(OUTPUT_COLUMNS)
        writer.writerows(rows)
        with open_private(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(buffer.getvalue())
        return
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("screened")
    sheet.append(list(OUTPUT_COLUMNS))
    for row in rows:
        sheet.append(list(row))
    with open_private(path, "wb") as handle:
        workbook.save(handle)
