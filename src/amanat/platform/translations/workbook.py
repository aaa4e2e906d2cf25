"""The translator's workbook: one XLSX per language out, the same workbook back in (ADR 1403).

Export writes every text of the language (interface catalogues and content overlays) as a row.
`read_changes` reads a returned workbook and validates it completely before anything is written:
the language, the columns, each row's file and key, placeholders, HTML tags, plural forms and
length limits; every problem names its row and column. Cells are read as written (no trimming):
a message's leading or trailing space or newline is part of it.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from amanat.platform.translations import checks
from amanat.platform.translations.inventory import (
    DRAFT,
    REVIEWED,
    Row,
    language_reports,
    plural_count,
)

COLUMNS = (
    ("kind", 12),
    ("file", 48),
    ("context/key", 40),
    ("plural form", 8),
    ("source English", 60),
    ("Russian reference", 60),
    ("current translation", 60),
    ("status", 12),
    ("reviewer", 16),
    ("where it appears / comments", 40),
    ("max length", 10),
)
REQUIRED = tuple(name for name, _width in COLUMNS if name not in ("where it appears / comments",))
LETTER = {name: chr(ord("A") + index) for index, (name, _w) in enumerate(COLUMNS)}
ABOUT_SHEET = "About"


class WorkbookErrors(Exception):
    """Every problem of a returned workbook, each 'row N, column X (name): problem'."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Change:
    row: int  # the spreadsheet row
    target: Row  # the text as it is now
    translation: str
    status: str  # DRAFT or REVIEWED
    reviewer: str

    @property
    def changes_text(self) -> bool:
        return self.translation != self.target.translation


def export_workbook(language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Translations ({language})"
    sheet.append([name for name, _w in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for report in language_reports(language):
        for row in report.rows:
            sheet.append(
                [
                    row.kind,
                    row.file,
                    row.context,
                    "" if row.form is None else row.form,
                    row.source,
                    row.russian,
                    row.translation,
                    REVIEWED if row.status == REVIEWED else DRAFT,
                    row.reviewed_by,
                    row.where,
                    row.max_length or "",
                ]  # fmt: skip
            )
    for name, width in COLUMNS:
        sheet.column_dimensions[LETTER[name]].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for column in ("source English", "Russian reference", "current translation"):
        for cell in sheet[LETTER[column]][1:]:
            cell.alignment = wrap
    choice = DataValidation(type="list", formula1=f'"{DRAFT},{REVIEWED}"', allow_blank=False)
    sheet.add_data_validation(choice)
    choice.add(f"{LETTER['status']}2:{LETTER['status']}{max(sheet.max_row, 2)}")
    sheet.freeze_panes = "C2"
    about = workbook.create_sheet(ABOUT_SHEET)
    for line in (
        ("language", language),
        ("exported", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("how", "Fill 'current translation'. Keep placeholders (%(name)s, {name}) and HTML tags"
         " exactly as in the English source. Set 'status' to reviewed and 'reviewer' to your"
         " name only for texts a native speaker has checked. Do not change other columns."),
    ):  # fmt: skip
        about.append(list(line))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _open(data: bytes):
    from openpyxl import load_workbook

    if not data:
        raise WorkbookErrors(["the file is empty"])
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as error:
        raise WorkbookErrors([f"not a readable XLSX workbook ({error})"]) from None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def workbook_language(workbook) -> str:
    if ABOUT_SHEET not in workbook.sheetnames:
        raise WorkbookErrors([f"sheet '{ABOUT_SHEET}' is missing: it names the language"])
    for label, value, *_rest in workbook[ABOUT_SHEET].iter_rows(values_only=True):
        if _text(label).strip() == "language":
            return _text(value).strip()
    raise WorkbookErrors([f"sheet '{ABOUT_SHEET}', row 'language' is missing"])


def read_changes(data: bytes, *, expected_language: str | None = None) -> tuple[str, list[Change]]:
    """(language, the rows that change a text or its review) or WorkbookErrors."""
    from amanat.config.languages import LANGUAGE_CODES

    workbook = _open(data)
    try:
        language = workbook_language(workbook)
        if language not in LANGUAGE_CODES or language == "en":
            raise WorkbookErrors([f"sheet '{ABOUT_SHEET}': unknown language '{language}'"])
        if expected_language and language != expected_language:
            raise WorkbookErrors(
                [f"the workbook is for '{language}', not for '{expected_language}'"]
            )
        raw = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    return language, _changes(language, raw)


def _changes(language: str, raw: list[tuple]) -> list[Change]:
    if not raw:
        raise WorkbookErrors(["row 1: the header row is empty"])
    header = [_text(cell).strip().casefold() for cell in raw[0]]
    missing = [name for name in REQUIRED if name.casefold() not in header]
    if missing:
        raise WorkbookErrors(
            [
                f"row 1, column '{name}': missing column (expected: {', '.join(REQUIRED)})"
                for name in missing
            ]  # fmt: skip
        )
    position = {name: header.index(name.casefold()) for name in REQUIRED}
    reports = language_reports(language)
    current = {row.identity: row for report in reports for row in report.rows}
    # A row names its text by what it shows: a plural form > 0 shows the plural source.
    by_source = {(r.file, r.context, r.source, r.form): r.identity for r in current.values()}
    nplurals = {report.file: _nplurals(report, language) for report in reports}
    problems: list[str] = []
    changes: list[Change] = []
    seen: dict[tuple, int] = {}
    plural_rows: dict[tuple, dict[int, str]] = {}
    for number, cells in enumerate(raw[1:], start=2):
        cells = list(cells) + [None] * (len(header) - len(cells))
        value = {name: _text(cells[position[name]]) for name in REQUIRED}
        if not any(v.strip() for v in value.values()):
            continue

        def fail(column: str, problem: str, number: int = number) -> None:
            problems.append(f"row {number}, column {LETTER.get(column, '?')} ({column}): {problem}")

        file = value["file"].strip()
        if f"/locale/{language}/" not in f"/{file}":
            fail("file", f"not a file of language '{language}'")
            continue
        form_text = value["plural form"].strip()
        if form_text and not form_text.isdigit():
            fail("plural form", "must be a whole number or empty")
            continue
        form = int(form_text) if form_text else None
        key = by_source.get((file, value["context/key"], value["source English"], form))
        target = current.get(key) if key else None
        if target is None:
            fail("source English", "no such text in this file (changed since the export?)")
            continue
        if key in seen:
            fail("context/key", f"the same text as row {seen[key]}")
            continue
        seen[key] = number
        translation = value["current translation"]
        status = value["status"].strip().casefold() or DRAFT
        reviewer = value["reviewer"].strip()
        if status not in (DRAFT, REVIEWED):
            fail("status", f"'{value['status']}' is neither {DRAFT} nor {REVIEWED}")
            continue
        if status == REVIEWED and not reviewer:
            fail("reviewer", "a reviewed text needs the reviewer's name")
            continue
        if status == REVIEWED and not translation:
            fail("status", "an empty translation cannot be reviewed")
            continue
        for problem in checks.problems(target.source, translation, target.max_length):
            fail("current translation", problem)
        if form is not None:
            plural_rows.setdefault((file, target.context, target.msgid), {})[form] = translation
        if translation != target.translation or _review_changes(target, status, reviewer):
            changes.append(Change(number, target, translation, status, reviewer))
    problems += _plural_problems(plural_rows, nplurals, seen)
    if problems:
        raise WorkbookErrors(problems)
    return changes


def _review_changes(target: Row, status: str, reviewer: str) -> bool:
    if status == REVIEWED:
        return target.status != REVIEWED or target.reviewed_by != reviewer
    return target.status == REVIEWED


def _nplurals(report, language: str) -> int:
    import polib

    from amanat.platform.translations.inventory import PACKAGE_ROOT

    path = PACKAGE_ROOT / report.file
    return plural_count(polib.pofile(str(path)) if path.is_file() else None, language)


def _plural_problems(plural_rows: dict, nplurals: dict, seen: dict) -> list[str]:
    """A plural message translated in some forms must be translated in all of them."""
    problems = []
    for (file, context, msgid), forms in plural_rows.items():
        if not any(forms.values()):
            continue
        for index in range(nplurals.get(file, 2)):
            if not forms.get(index):
                row = seen.get((file, context, msgid, index))
                where = f"row {row}" if row else f"plural form {index} (no row)"
                problems.append(
                    f"{where}, column {LETTER['current translation']} (current translation):"
                    f" plural form {index} of '{msgid}' is empty while other forms are filled"
                )
    return problems
