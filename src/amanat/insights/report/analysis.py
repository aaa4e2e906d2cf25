"""The research-analysis chapters (needs, reintegration, recruitment) of the DOCX report, and
their XLSX workbook: suppressed tables, charts, the tests with their effect sizes, and a method
note naming each test, all in the language asked for (gettext)."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Cm, Pt

from amanat.insights.analyses import AnalysisResult
from amanat.insights.analysis_blocks import chapter_blocks, chapter_title
from amanat.insights.report.document import _heading, _note
from amanat.insights.report.workbook_analysis import build_analysis_xlsx

__all__ = ["add_analysis_chapters", "build_analysis_docx", "build_analysis_xlsx"]


def _render(document, block) -> None:
    if block.kind == "heading":
        _heading(document, block.text, 3)
    elif block.kind == "note":
        _note(document, block.text)
    elif block.kind == "paragraph":
        document.add_paragraph(block.text)
    elif block.kind == "chart":
        document.add_picture(io.BytesIO(block.chart(block.data, "png")), width=Cm(15))
    else:
        table = document.add_table(rows=1, cols=len(block.header))
        table.style = "Light List Accent 1"
        for cell, text in zip(table.rows[0].cells, block.header, strict=True):
            cell.text = text
        for row in block.rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text


def add_analysis_chapters(document, results: list[AnalysisResult]) -> None:
    """One chapter per analysis, in the active language."""
    for result in results:
        _heading(document, chapter_title(result.kind), 1)
        for block in chapter_blocks(result.kind, result.data, result.source, result.countries):
            _render(document, block)


def build_analysis_docx(results: list[AnalysisResult], lang: str = "en") -> bytes:
    with translation.override(lang):
        document = Document()
        document.styles["Normal"].font.size = Pt(10.5)
        add_analysis_chapters(document, results)
        document.core_properties.title = _("Research analyses")
        document.core_properties.language = lang
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
