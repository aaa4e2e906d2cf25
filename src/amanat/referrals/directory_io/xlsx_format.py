"""The XLSX format of the directory file: the first sheet, header in row 1 (openpyxl)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from amanat.errors import ValidationError
from amanat.referrals.directory_io.cells import header_names, records
from amanat.referrals.directory_io.columns import COLUMNS


def read_xlsx(source) -> tuple[list[str], list[tuple[int, dict]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError):
        raise ValidationError(
            _("The file is not a readable XLSX workbook."), field="file"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        try:
            header = header_names(next(rows))
        except StopIteration:
            raise ValidationError(_("The file is empty."), field="file") from None
        return header, list(records(header, rows))
    finally:
        workbook.close()


def write_xlsx(records: Iterable[list], target) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("directory")
    sheet.append(list(COLUMNS))
    for record in records:
        sheet.append(record)
    workbook.save(target)
