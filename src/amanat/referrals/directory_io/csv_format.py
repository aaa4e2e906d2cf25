"""The CSV format of the directory file: UTF-8 (a BOM is fine), comma, semicolon or tab."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from amanat.errors import ValidationError
from amanat.referrals.directory_io.cells import header_names, records
from amanat.referrals.directory_io.columns import COLUMNS


def read_csv(data: bytes) -> tuple[list[str], list[tuple[int, dict]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The CSV file is not UTF-8 text."), field="file") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = header_names(next(reader))
    except StopIteration:
        raise ValidationError(_("The file is empty."), field="file") from None
    except csv.Error as error:
        raise ValidationError(str(error), field="file") from None
    try:
        return header, list(records(header, reader))
    except csv.Error as error:
        raise ValidationError(
            _("The CSV file cannot be read: %(error)s") % {"error": error}, field="file"
        ) from None


def write_csv(records: Iterable[list], handle) -> None:
    writer = csv.writer(handle)
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow(record)
