"""Reading an uploaded file into a Table (the CLI's reader) and finding its columns."""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

from django.utils.translation import gettext as _

from amanat.config.files import write_private
from amanat.training.analysis.errors import TableError
from amanat.training.analysis.tables import Table, read_table

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx", ".xlsm")


def _safe_name(file_name: str) -> str:
    name = Path(unicodedata.normalize("NFC", file_name or "")).name.strip()
    name = "".join(c for c in name if c.isalnum() or c in " ._-()") or "upload"
    return name[-100:]


def read_upload(
    file_name: str, content: bytes, *, required=(), optional=(), keep_extra: bool = True
) -> Table:
    """The uploaded bytes as a Table, read by the same code as the CLI's files."""
    name = _safe_name(file_name)
    if Path(name).suffix.lower() not in SUFFIXES:
        raise TableError(name, _("unsupported file type: use .csv or .xlsx"))
    if not content:
        raise TableError(name, _("the file is empty"))
    if len(content) > MAX_UPLOAD_BYTES:
        raise TableError(name, _("the file is larger than 5 MB"))
    with tempfile.TemporaryDirectory(prefix="amanat-upload-") as folder:
        path = Path(folder) / name
        write_private(path, content)
        return read_table(path, required=required, optional=optional, keep_extra=keep_extra)


def columns_by_alias(table: Table, aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Our field name -> the table's column holding it."""
    found: dict[str, str] = {}
    for name, spellings in aliases.items():
        for column in table.columns:
            if column in spellings:
                if name in found:
                    raise table.error(
                        _("two columns hold the same thing: '%(a)s' and '%(b)s'")
                        % {"a": found[name], "b": column},
                        row=1,
                        column=column,
                    )
                found[name] = column
    return found
