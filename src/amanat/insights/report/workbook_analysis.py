"""The XLSX workbook of the research analyses: one sheet per table of each analysis, with the
same suppressed figures as the JSON (an empty cell where a figure is hidden)."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook


def _scalar(value) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _tables(prefix: str, value, out: dict[str, list[dict]]) -> None:
    """Every list of records in `value`, flattened: nested records become their own sheet with
    the parent's scalar fields in front."""
    if isinstance(value, dict):
        for key, item in value.items():
            _tables(f"{prefix}.{key}", item, out)
        scalars = {k: v for k, v in value.items() if _scalar(v)}
        if scalars and prefix.count(".") <= 1:
            out.setdefault(prefix.split(".")[0] + ".summary", []).append({"part": prefix} | scalars)
    elif isinstance(value, list) and value and all(isinstance(i, dict) for i in value):
        for item in value:
            flat = {k: v for k, v in item.items() if _scalar(v)}
            flat |= {
                k: "; ".join(map(str, v))
                for k, v in item.items()
                if isinstance(v, list) and all(_scalar(x) for x in v)
            }
            out.setdefault(prefix, []).append(flat)
            for key, nested in item.items():
                if isinstance(nested, list) and nested and isinstance(nested[0], dict):
                    label = next(
                        (str(item[k]) for k in ("need", "group", "year", "score") if k in item), ""
                    )
                    for row in nested:
                        out.setdefault(f"{prefix}.{key}", []).append(
                            {"of": label} | {k: v for k, v in row.items() if _scalar(v)}
                        )


def build_analysis_xlsx(results, lang: str = "en") -> bytes:
    with translation.override(lang):
        book = Workbook()
        sheet = book.active
        sheet.title = _("About")[:31]
        sheet.append([_("Research analyses")])
        for result in results:
            sheet.append([result.kind, result.source, result.data["suppression"]])
        for result in results:
            tables: dict[str, list[dict]] = {}
            _tables(result.kind, result.data, tables)
            for name, rows in tables.items():
                page = book.create_sheet(name.replace(".", " ")[:31])
                columns = list(dict.fromkeys(k for row in rows for k in row))
                page.append(columns)
                for row in rows:
                    page.append([row.get(c) for c in columns])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
