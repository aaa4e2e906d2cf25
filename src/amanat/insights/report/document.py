"""The DOCX research report: method note, every table with its chart, the gap analysis, and
space for the authors' findings."""

from __future__ import annotations

import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from amanat.core import fonts
from amanat.insights.charts import gap_chart, table_chart
from amanat.insights.report.text import (
    _hidden_mark,
    _lang,
    _method_paragraphs,
    _number,
    _percent,
    _scope_lines,
    _table_note,
    gap_rule_text,
    report_title,
)
from amanat.insights.selectors import Evidence
from amanat.insights.stats.tables import StatTable

ACCENT = RGBColor(0x0B, 0x6E, 0x6E)
MUTED = RGBColor(0x5B, 0x67, 0x75)


def _heading(document, text: str, level: int):
    heading = document.add_heading(text, level=level)
    for run in heading.runs:
        run.font.color.rgb = ACCENT
    return heading


def _note(document, text: str):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.italic = True
    run.font.size = Pt(9)
    run.font.color.rgb = MUTED
    return paragraph


def _add_stat_table(document, table: StatTable, lang: str) -> None:
    rows = document.add_table(rows=1, cols=3)
    rows.style = "Light List Accent 1"
    header = rows.rows[0].cells
    header[0].text, header[1].text, header[2].text = _("Category"), _("Number"), "%"
    mark = _hidden_mark(table.threshold)
    for cell in table.rows:
        line = rows.add_row().cells
        line[0].text = cell.label.get(lang, cell.key)
        line[1].text = mark if cell.suppressed else _number(cell.count)
        line[2].text = "" if cell.suppressed else _percent(cell.percent, lang)
        line[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        line[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    total = rows.add_row().cells
    total[0].text = _("Total (denominator)")
    total[1].text = mark if table.denominator is None else _number(table.denominator)
    total[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in total[0].paragraphs[0].runs + total[1].paragraphs[0].runs:
        run.bold = True


def _placeholder(document, heading: str, prompt: str, lines: int = 3) -> None:
    _heading(document, heading, 1)
    _note(document, prompt)
    for _i in range(lines):
        document.add_paragraph("", style="List Bullet")


def build_docx(evidence: Evidence, lang: str = "en", analyses: list | None = None) -> bytes:
    """The report; `analyses` (AnalysisResult of `insights.analyses`) add their chapters."""
    lang = _lang(lang)
    with translation.override(lang):
        document = Document()
        fonts.docx_use_font(document)  # every letter of the six languages (ADR 1401)
        style = document.styles["Normal"]
        style.font.size = Pt(10.5)
        section = document.sections[0]
        section.left_margin = section.right_margin = Cm(2.2)

        # Title page.
        for _i in range(6):
            document.add_paragraph()
        title = document.add_paragraph()
        run = title.add_run(report_title(evidence))
        run.bold = True
        run.font.size = Pt(24)
        run.font.color.rgb = ACCENT
        subtitle = document.add_paragraph()
        subtitle.add_run(" · ".join(_scope_lines(evidence, lang))).font.size = Pt(12)
        document.add_paragraph()
        meta = document.add_paragraph()
        meta.add_run(
            _("Research report, %(date)s") % {"date": timezone.localdate().isoformat()}
        ).font.size = Pt(11)
        meta.add_run(
            "\n" + _("Prepared with Amanat from aggregate, privacy-protected data.")
        ).font.size = Pt(9)
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

        # Method and data.
        _heading(document, _("Method and data"), 1)
        for text in _method_paragraphs(evidence, lang):
            document.add_paragraph(text)
        _heading(document, _("Scope"), 2)
        for line in _scope_lines(evidence, lang):
            document.add_paragraph(line, style="List Bullet")
        if evidence.omitted:
            _heading(document, _("Not included"), 2)
            for item in evidence.omitted:
                document.add_paragraph(item[lang], style="List Bullet")
        _placeholder(
            document,
            _("Findings"),
            _("Space for the authors: the main findings, with reference to the tables below."),
        )

        # One section per statistic.
        _heading(document, _("Statistics"), 1)
        for number, table in enumerate(evidence.all_tables, start=1):
            _heading(document, f"{number}. {table.title.get(lang, table.statistic)}", 2)
            _add_stat_table(document, table, lang)
            _note(document, _table_note(table))
            document.add_picture(io.BytesIO(table_chart(table, lang, "png")), width=Cm(15))
        if evidence.gaps is not None:
            _add_gaps(document, evidence, lang)
        if analyses:
            from amanat.insights.report.analysis import add_analysis_chapters

            add_analysis_chapters(document, analyses)

        _add_recommendations(document, evidence, lang)
        _heading(document, _("Source and citation"), 2)
        document.add_paragraph(evidence.source.citation[lang])
        buffer = io.BytesIO()
        document.core_properties.title = report_title(evidence)
        document.core_properties.language = lang
        document.save(buffer)
        return buffer.getvalue()


def _add_recommendations(document, evidence: Evidence, lang: str) -> None:
    """Drafted from the findings (issue 15), marked as a draft; space for the authors' own."""
    draft = evidence.recommendations
    if not draft.recommendations:
        _placeholder(
            document,
            _("Recommendations"),
            _(
                "Space for the authors: recommendations for policy and practice, each "
                "linked to the evidence it rests on."
            ),
        )
        return
    _heading(document, _("Recommendations (draft)"), 1)
    marker = document.add_paragraph()
    run = marker.add_run(_("DRAFT") + " — " + draft.note[lang])
    run.bold = True
    run.font.color.rgb = RGBColor(0xB0, 0x3A, 0x2E)
    for recommendation in draft.recommendations:
        document.add_paragraph(recommendation.text[lang], style="List Number")
        for evidence_text in recommendation.evidence:
            _note(document, _("Evidence: %(text)s") % {"text": evidence_text[lang]})
    _note(
        document,
        _(
            "Space for the authors: further recommendations for policy and practice, each "
            "linked to the evidence it rests on."
        ),
    )
    document.add_paragraph("", style="List Bullet")


def _add_gaps(document, evidence: Evidence, lang: str) -> None:
    gaps = evidence.gaps
    _heading(document, _("Gaps between needs and services"), 1)
    document.add_paragraph(
        _(
            "Needs recorded in cases against the services listed in the service directory, by "
            "region of identification and type of service. A need is unmet when it is still open "
            "and no service of its type was delivered. Rows marked with a gap are the evidence for "
            "recommendations."
        )
    )
    table = document.add_table(rows=1, cols=7)
    table.style = "Light List Accent 1"
    titles = [
        _("Region"),
        _("Service"),
        _("People with the need"),
        _("Need unmet"),
        _("Referrals failed"),
        _("Services listed (accepting)"),
        _("Gaps"),
    ]
    for cell, text in zip(table.rows[0].cells, titles, strict=True):
        cell.text = text
    mark = _hidden_mark(gaps.threshold)
    for row in gaps.rows:
        cells = table.add_row().cells
        cells[0].text = f"{row.labels['country'][lang]}: {row.labels['region'][lang]}"
        cells[1].text = row.labels["service_type"][lang]
        for i, key in ((2, "people_with_need"), (3, "people_unmet"), (4, "referrals_failed")):
            value = getattr(row, key)
            cells[i].text = mark if row.suppressed.get(key) else _number(value)
        cells[5].text = f"{row.services_listed} ({row.services_accepting})"
        cells[6].text = "; ".join(gaps.flag_labels[f][lang] for f in row.flags)
        if row.flags:
            for run in cells[6].paragraphs[0].runs:
                run.bold = True
    _note(document, gap_rule_text())
    document.add_picture(io.BytesIO(gap_chart(gaps, lang, "png")), width=Cm(15))


# --- XLSX ------------------------------------------------------------------------------------
