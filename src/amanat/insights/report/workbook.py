"""The XLSX workbook: one sheet per table (published figures only) and the gap analysis."""

from __future__ import annotations

import io
import re

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from amanat.insights.report.text import (
    _lang,
    _method_paragraphs,
    _scope_lines,
    _table_note,
    gap_rule_text,
    report_title,
    rule_text,
    suppression_text,
)
from amanat.insights.selectors import Evidence


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
