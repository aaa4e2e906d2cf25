"""Cells and rows shared by the CSV and XLSX formats (reading and writing)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from amanat.errors import ValidationError
from amanat.referrals.directory_io.columns import MAX_ROWS


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()


def header_names(cells: Iterable) -> list[str]:
    return [cell_text(c).lower().replace(" ", "_") for c in cells]


def records(header: list[str], body: Iterable[Iterable]) -> Iterator[tuple[int, dict]]:
    for number, cells in enumerate(body, start=2):
        values = [cell_text(c) for c in cells]
        if not any(values):
            continue  # blank rows are not services
        if number > MAX_ROWS + 1:
            raise ValidationError(
                _("The file has more than %(n)d rows.") % {"n": MAX_ROWS}, field="file"
            )
        values += [""] * (len(header) - len(values))
        yield number, dict(zip(header, values, strict=False))


def export_cell(value) -> object:
    """A model value as a spreadsheet cell: lists joined by ";", booleans as yes/no."""
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else value
