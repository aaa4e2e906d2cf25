"""Research reports from an `Evidence`: a DOCX document (python-docx) and an XLSX workbook of
every table (openpyxl), in English or Russian from the same figures.

The report holds only what the tables publish (suppressed cells stay hidden), its method note
states the privacy treatment and cites the source, and it leaves space for the authors' findings
and recommendations. Prose is translated through the app's gettext catalogue.
"""

from __future__ import annotations

import io
import re

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from amanat.insights.charts import gap_chart, table_chart
from amanat.insights.params import describe_filters
from amanat.insights.selectors import Evidence
from amanat.insights.stats.tables import StatTable

LANGUAGES = ("en", "ru")
ACCENT = RGBColor(0x0B, 0x6E, 0x6E)
MUTED = RGBColor(0x5B, 0x67, 0x75)


def _lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}")
    return lang


def _number(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", "\u00a0")


def _percent(value: float | None, lang: str) -> str:
    if value is None:
        return ""
    text = f"{value:.1f}"
    return (text.replace(".", ",") if lang == "ru" else text) + "\u00a0%"


def report_title(evidence: Evidence) -> str:
    if evidence.source.is_cases:
        return _("Trafficking in persons: evidence from the National Referral Mechanism")
    return _("Trafficking in persons: evidence from the research dataset %(name)s") % {
        "name": evidence.source.name
    }


def _hidden_mark(threshold: int) -> str:
    return _("<%(n)d") % {"n": threshold}


def _scope_lines(evidence: Evidence, lang: str) -> list[str]:
    lines = [evidence.source.label[lang]]
    lines += describe_filters(evidence.filters, lang)
    if evidence.records_in_scope is not None:
        lines.append(_("Records in scope: %(n)s") % {"n": _number(evidence.records_in_scope)})
    return lines


def _method_paragraphs(evidence: Evidence, lang: str) -> list[str]:
    threshold = evidence.threshold
    paragraphs = [
        _(
            "Unit of count. Each record is one person identified as a presumed or actual victim of "
            "trafficking in persons; a person counts once in each table, in every answer they "
            "gave. Referral tables count referrals, as stated in their notes."
        ),
        _(
            "Denominators. For questions with one answer, percentages are of the people with an "
            'answer recorded ("unknown" is an answer; an empty field is not). For questions '
            "with several possible answers (type of exploitation, means of control, recruitment, "
            "services) the denominator is the people who gave at least one answer, the rule of the "
            "Counter-Trafficking Data Collaborative; their percentages may add up to more than "
            "100."
        ),
        _(
            "Privacy. The report contains aggregate figures only; no individual record leaves the "
            'system. Counts from 1 to %(m)d are suppressed (shown as "%(mark)s") together with '
            "their percentages, and where one hidden count could be recovered from a total, the "
            "next smallest count is hidden too (secondary suppression). Zeros are shown."
        )
        % {"m": threshold - 1, "mark": _hidden_mark(threshold)},
    ]
    if evidence.source.is_cases:
        paragraphs.append(
            _(
                "Source. Case records of the organisations of the National Referral Mechanism "
                "that use Amanat, coded with the Human Trafficking Case Data Standard (HTCDS v2.0) "
                "and mapped to the variables of the CTDC codebook v6. Age is the age at "
                "identification, from the year of birth. Researchers reach these aggregates only, "
                "never a case."
            )
        )
    else:
        paragraphs.append(
            _(
                "Source. %(citation)s The dataset was published k-anonymised (k=11) by CTDC; "
                "records with values outside the CTDC codebook v6 (%(n)d rows) were left out at "
                "import and are listed in the import report."
            )
            % {
                "citation": evidence.source.citation[lang],
                "n": evidence.source.dataset.rows_rejected,
            }
        )
    paragraphs.append(
        _(
            "Limitations. The figures describe people identified and registered, not the extent of "
            "trafficking; changes over time may reflect identification efforts as much as "
            "trafficking itself."
        )
    )
    return paragraphs


def rule_text(table: StatTable) -> str:
    """How a table is counted, in the active language (the table's own rule is in English)."""
    if table.statistic == "referral_outcome":
        return _(
            "One row per referral sent for the people in scope (a person may have several); "
            "each referral counts in its current state."
        )
    if table.kind == "multi":
        return _(
            "Several answers possible: the denominator is the people with at least one "
            "answer in this question (the CTDC rule), so percentages may add up to more "
            "than 100."
        )
    return _(
        'Percentages of the people in scope with an answer recorded; "unknown" is an '
        "answer, an empty field is not."
    )


def suppression_text(threshold: int) -> str:
    return _(
        "Counts from 1 to %(m)d are hidden, and where a hidden count could be recovered "
        "from a total, the next smallest count is hidden too."
    ) % {"m": threshold - 1}


def gap_rule_text() -> str:
    return _(
        "People with a need: people in scope with a need of this type recorded (open or "
        "met). Unmet: still open, and no service of this type delivered. Region: where the "
        "person was identified. A directory service covers a region when it lists it, or "
        "lists no region (the whole country); accepting: it accepts referrals and is not "
        "known to be full."
    )


def _table_note(table: StatTable) -> str:
    hidden = sum(1 for cell in table.rows if cell.suppressed)
    parts = []
    if table.denominator is not None:
        parts.append(_("Denominator: %(n)s.") % {"n": _number(table.denominator)})
    if table.records_in_scope is not None and table.denominator is not None:
        missing = table.records_in_scope - table.denominator
        if missing > 0:
            parts.append(_("No answer recorded: %(n)s.") % {"n": _number(missing)})
    if table.kind == "multi":
        parts.append(_("Several answers possible: percentages may add up to more than 100."))
    if hidden:
        parts.append(_("%(n)d cell(s) suppressed.") % {"n": hidden})
    return " ".join(parts)


# --- DOCX ------------------------------------------------------------------------------------


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


def build_docx(evidence: Evidence, lang: str = "en") -> bytes:
    lang = _lang(lang)
    with translation.override(lang):
        document = Document()
        style = document.styles["Normal"]
        style.font.name = "Calibri"
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

        _placeholder(
            document,
            _("Recommendations"),
            _(
                "Space for the authors: recommendations for policy and practice, each "
                "linked to the evidence it rests on."
            ),
        )
        _heading(document, _("Source and citation"), 2)
        document.add_paragraph(evidence.source.citation[lang])
        buffer = io.BytesIO()
        document.core_properties.title = report_title(evidence)
        document.core_properties.language = lang
        document.save(buffer)
        return buffer.getvalue()


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


def _sheet_name(text: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:28] or "table"
    name, i = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {i}"
        i += 1
    used.add(name.lower())
    return name


def build_xlsx(evidence: Evidence, lang: str = "en") -> bytes:
    lang = _lang(lang)
    with translation.override(lang):
        workbook = Workbook()
        about = workbook.active
        about.title = _sheet_name(_("About"), used := set())
        bold = Font(bold=True)
        about.append([report_title(evidence)])
        about["A1"].font = Font(bold=True, size=14)
        about.append([])
        for line in _scope_lines(evidence, lang):
            about.append([line])
        about.append([])
        for text in _method_paragraphs(evidence, lang):
            about.append([text])
        about.append([])
        about.append([_('Suppressed cells are empty, marked in the column "Suppressed".')])
        about.column_dimensions["A"].width = 120
        for row in about.iter_rows():
            row[0].alignment = Alignment(wrap_text=True, vertical="top")

        headers = [_("Code"), _("Category"), _("Number"), "%", _("Suppressed")]
        fill = PatternFill("solid", fgColor="E6F2F2")
        for table in evidence.all_tables:
            sheet = workbook.create_sheet(_sheet_name(table.title.get(lang, table.statistic), used))
            sheet.append([table.title.get(lang, table.statistic)])
            sheet["A1"].font = Font(bold=True, size=12)
            sheet.append([_table_note(table)])
            sheet.append(headers)
            for cell in sheet[3]:
                cell.font, cell.fill = bold, fill
            for cell in table.rows:
                sheet.append(
                    [
                        cell.key,
                        cell.label.get(lang, cell.key),
                        cell.count,
                        cell.percent,
                        _suppressed_word(cell.suppressed),
                    ]
                )
            sheet.append(
                [
                    "",
                    _("Total (denominator)"),
                    table.denominator,
                    None,
                    "" if table.denominator is not None else _suppressed_word("primary"),
                ]
            )
            sheet.append(["", _("Records in scope"), table.records_in_scope, None, ""])
            sheet.append([])
            sheet.append([rule_text(table)])
            sheet.append([suppression_text(table.threshold)])
            _widths(sheet, [28, 48, 12, 10, 16])
        if evidence.gaps is not None:
            _gap_sheet(workbook, evidence, lang, used)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _suppressed_word(status: str | None) -> str:
    if status == "primary":
        return _("small count")
    if status == "secondary":
        return _("complement")
    return ""


def _widths(sheet, widths: list[int]) -> None:
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def _gap_sheet(workbook, evidence: Evidence, lang: str, used: set[str]) -> None:
    gaps = evidence.gaps
    sheet = workbook.create_sheet(_sheet_name(_("Gaps"), used))
    sheet.append(
        [
            _("Country"),
            _("Region"),
            _("Service"),
            _("People with the need"),
            _("Need unmet"),
            _("Referrals failed"),
            _("Services listed"),
            _("Services accepting"),
            _("Places available"),
            _("Gaps"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in gaps.rows:
        sheet.append(
            [
                row.labels["country"][lang],
                row.labels["region"][lang],
                row.labels["service_type"][lang],
                row.people_with_need,
                row.people_unmet,
                row.referrals_failed,
                row.services_listed,
                row.services_accepting,
                row.places_available,
                "; ".join(gaps.flag_labels[f][lang] for f in row.flags),
            ]
        )
    sheet.append([])
    sheet.append([gap_rule_text()])
    _widths(sheet, [18, 24, 28, 12, 12, 12, 12, 12, 12, 60])
