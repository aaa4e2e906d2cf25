"""Research reports from an `Evidence`: a DOCX document (python-docx) and an XLSX workbook of
every table (openpyxl), in English or Russian from the same figures (re-exports).

The report holds only what the tables publish (suppressed cells stay hidden), its method note
states the privacy treatment and cites the source, and it leaves space for the authors' findings
and recommendations. Prose is translated through the app's gettext catalogue.
"""

from amanat.insights.report.document import build_docx
from amanat.insights.report.text import (
    LANGUAGES,
    gap_rule_text,
    report_title,
    rule_text,
    suppression_text,
)
from amanat.insights.report.workbook import build_xlsx

__all__ = [
    "LANGUAGES",
    "build_docx",
    "build_xlsx",
    "gap_rule_text",
    "report_title",
    "rule_text",
    "suppression_text",
]
