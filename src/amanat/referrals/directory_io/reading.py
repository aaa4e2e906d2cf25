"""Reading a directory file (.csv or .xlsx) into its header and non-blank rows."""

from __future__ import annotations

import io
from pathlib import Path

from django.utils.translation import gettext as _

from amanat.errors import ValidationError
from amanat.referrals.directory_io.csv_format import read_csv
from amanat.referrals.directory_io.xlsx_format import read_xlsx


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header and the non-blank rows of a .csv or .xlsx file; ValidationError if unreadable."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ValidationError(_("No such file: %(name)s") % {"name": path.name}, field="file")
    if suffix == ".xlsx":
        return read_xlsx(path)
    if suffix == ".csv":
        return read_csv(path.read_bytes())
    raise ValidationError(
        _("Unsupported file type '%(suffix)s': use .csv or .xlsx.") % {"suffix": suffix},
        field="file",
    )


def read_upload(name: str, data: bytes) -> tuple[list[str], list[tuple[int, dict]]]:
    suffix = Path(name or "").suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(io.BytesIO(data))
    if suffix == ".csv":
        return read_csv(data)
    raise ValidationError(
        _("Unsupported file type '%(suffix)s': use .csv or .xlsx.") % {"suffix": suffix},
        field="file",
    )
