"""Word building blocks shared by the report's parts: tables, pictures, counts."""

from __future__ import annotations

import io
from collections import Counter

from .formatting import (
    label,
    num,
)
from .suppression import hidden_rows, marker


def _table(document, header: list[str], rows: list[list[str]], widths=None):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)
    if widths:
        from docx.shared import Cm

        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Cm(width)
    document.add_paragraph()
    return table


def _picture(document, png: bytes | None, caption: str) -> None:
    if not png:
        return
    from docx.shared import Cm

    document.add_picture(io.BytesIO(png), width=Cm(16))
    paragraph = document.add_paragraph(caption)
    paragraph.style = "Caption"


def _count_rows(
    counter: Counter, vocabulary: str | None, threshold: int | None = None
) -> list[list[str]]:
    """One row per value: count and share; with a threshold, small cells read "<N" (0666)."""
    total = sum(counter.values()) or 1
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    hidden = hidden_rows([n for _code, n in items], threshold)
    return [
        [label(vocabulary, code), marker(threshold), marker(threshold)]
        if hide and threshold is not None
        else [label(vocabulary, code), str(n), num(100 * n / total, 0) + "%"]
        for (code, n), hide in zip(items, hidden, strict=True)
    ]
