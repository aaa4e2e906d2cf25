"""Interim and final narrative reports (DOCX, English or Russian) and all tables (XLSX).

The data comes from `selectors.report_data` (access-checked and audited); this module only lays
it out. Reports name participants by code, never by name (ADR 0742). Structure: the event, a
summary, the agenda, participation, test results with charts, evaluation results, group
recommendations, the trainer's analysis (their text, or space to write it) and a note on method.
"""

from .docx import build_docx
from .docx_results import evaluations_docx, participation_docx, tests_docx
from .formatting import (
    GROUP_ATTRIBUTES,
    KINDS,
    LANGUAGES,
    ReportData,
    attribute_title,
    event_dates,
    flag_text,
    group_value_label,
    kind_title,
    label,
    method_label,
    num,
    pvalue,
    results_by_title,
    session_title,
    summary_rows,
    trainer_name,
)
from .xlsx import build_xlsx

__all__ = [
    "GROUP_ATTRIBUTES",
    "KINDS",
    "LANGUAGES",
    "ReportData",
    "attribute_title",
    "event_dates",
    "flag_text",
    "group_value_label",
    "kind_title",
    "label",
    "method_label",
    "num",
    "pvalue",
    "results_by_title",
    "session_title",
    "summary_rows",
    "trainer_name",
    "build_docx",
    "evaluations_docx",
    "participation_docx",
    "tests_docx",
    "build_xlsx",
]
