"""Read a CSV or XLSX table into rows keyed by column name, with spreadsheet row numbers.

Shared by every import that reads a table (training analyses and imports, the recruitment
advertisement screen); its own layer just above config and errors, no Django.

CSV goes through the `csv` module and XLSX through openpyxl; nothing is parsed by hand. The header
is row 1; column names are matched without regard to case or surrounding spaces; extra columns
are kept (a participants table may carry any attribute); fully empty rows are skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from amanat.errors import UsageError


class TableError(UsageError):
    """A malformed table: a UsageError (the CLI exits 2) carrying the file, row and column at
    fault, so a web form can point at the cell instead of parsing the message."""

    def __init__(
        self, source: str, problem: str, *, row: int | None = None, column: str | None = None
    ):
        where = source
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {problem}", field=column, code="malformed_file")
        self.source = source
        self.row = row
        self.column = column
        self.problem = problem


CSV_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True, slots=True)
class TableRow:
    number: int  # as the spreadsheet shows it: the header is row 1
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    source: str  # the file name, used in error messages
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]

    def error(
        self, problem: str, *, row: int | None = None, column: str | None = None
    ) -> TableError:
        return TableError(self.source, problem, row=row, column=column)


@contextmanager
def bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large table becomes millions of small objects.

    The rows hold no reference cycles, and without the pause the collector rescans every row
    already read, again and again: reading 1M rows took about twice as long.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_table(
    path: str | Path,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    keep_extra: bool = False,
) -> Table:
    path = Path(path)
    source = path.name
    if not path.is_file():
        raise TableError(source, "file not found")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw_rows = list(_csv_rows(path, source))
    elif suffix in (".xlsx", ".xlsm"):
        raw_rows = list(_xlsx_rows(path, source))
    else:
        raise TableError(source, f"unsupported file type '{path.suffix}': use .csv or .xlsx")
    return _build_table(
        source, raw_rows, required=required, optional=optional, keep_extra=keep_extra
    )


def _build_table(
    source: str,
    raw_rows: list[list[str]],
    *,
    required: Sequence[str],
    optional: Sequence[str],
    keep_extra: bool,
) -> Table:
    if not raw_rows or not any(raw_rows[0]):
        raise TableError(
            source, "the header row is empty: expected columns " + ", ".join(required), row=1
        )
    header = [cell.strip().casefold() for cell in raw_rows[0]]
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        if not name:
            continue
        if name in positions:
            raise TableError(source, "this column appears twice in the header", row=1, column=name)
        positions[name] = index
    for name in required:
        if name not in positions:
            found = ", ".join(n for n in header if n) or "none"
            raise TableError(source, f"missing column (found: {found})", row=1, column=name)
    wanted = [*required, *(n for n in optional if n in positions)]
    if keep_extra:
        wanted += [n for n in positions if n not in wanted]
    picks = [(name, positions[name]) for name in wanted]
    width = max(index for _, index in picks) + 1
    rows = []
    for number, raw in enumerate(raw_rows[1:], start=2):
        if len(raw) < width:
            raw = [*raw, *([""] * (width - len(raw)))]
        values = {name: raw[index].strip() for name, index in picks}
        if not any(values.values()) and not any(cell.strip() for cell in raw):
            continue
        rows.append(TableRow(number=number, values=values))
    return Table(source=source, columns=tuple(wanted), rows=tuple(rows))


def _csv_rows(path: Path, source: str) -> Iterator[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError(
            source, f"not UTF-8 text (byte {error.start}): save the sheet as 'CSV UTF-8'"
        ) from error
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in Russian locales export CSV with ';'; the header names hold no delimiter,
    # so the delimiter that occurs most in the header line is the file's delimiter.
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise TableError(source, f"not a readable CSV file ({error})") from error


def _xlsx_rows(path: Path, source: str) -> Iterator[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise TableError(source, f"not a readable XLSX workbook ({error})") from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def rows_from_records(
    source: str,
    records: Iterable[Sequence[object]],
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    keep_extra: bool = False,
) -> Table:
    """The same table from in-memory rows (header first): for web uploads and tests."""
    raw_rows = [[_cell_text(value) for value in record] for record in records]
    return _build_table(
        source, raw_rows, required=required, optional=optional, keep_extra=keep_extra
    )
