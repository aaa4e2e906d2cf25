"""Screening pages inside a case, one module per purpose; this package only re-exports them
(for `urls.py` and the case-page section)."""

from amanat.screening.views.case_page import case_section
from amanat.screening.views.fieldwork import fieldwork_import, xlsform_download
from amanat.screening.views.guides import guide_detail, guide_list
from amanat.screening.views.interview import discard, interview, review, start
from amanat.screening.views.results import add_needs, compare, decide, result

__all__ = [
    "add_needs",
    "case_section",
    "compare",
    "decide",
    "discard",
    "fieldwork_import",
    "guide_detail",
    "guide_list",
    "interview",
    "result",
    "review",
    "start",
    "xlsform_download",
]
