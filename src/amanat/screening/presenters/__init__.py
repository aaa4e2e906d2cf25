"""What the screening pages show: guides, interview sections, results and comparisons as plain
structures for the templates. One module per purpose; this package only re-exports them."""

from amanat.screening.presenters.comparison import comparison_view
from amanat.screening.presenters.indicators import (
    checklist_groups,
    checklist_indicator_ids,
    checklist_initial,
    guide_facts,
    indicator_groups,
    indicator_index,
)
from amanat.screening.presenters.interview import (
    QuestionView,
    SectionView,
    answer_display,
    describe_condition,
    interview_sections,
    page_script_data,
    review_view,
)
from amanat.screening.presenters.labels import (
    FACT_LABELS,
    GRADE_LABELS,
    KIND_LABELS,
    PROFILE_LABELS,
    Label,
    guide_choices,
    guide_or_none,
    guide_title,
    label,
    language_name,
    named_indicators,
    yes_no_choices,
)
from amanat.screening.presenters.navigation import SectionNavigation, section_navigation
from amanat.screening.presenters.results import case_section_view, result_view

__all__ = [
    "FACT_LABELS",
    "GRADE_LABELS",
    "KIND_LABELS",
    "PROFILE_LABELS",
    "Label",
    "QuestionView",
    "SectionNavigation",
    "SectionView",
    "answer_display",
    "case_section_view",
    "checklist_groups",
    "checklist_indicator_ids",
    "checklist_initial",
    "comparison_view",
    "describe_condition",
    "guide_choices",
    "guide_facts",
    "guide_or_none",
    "guide_title",
    "indicator_groups",
    "indicator_index",
    "interview_sections",
    "label",
    "language_name",
    "named_indicators",
    "page_script_data",
    "result_view",
    "review_view",
    "section_navigation",
    "yes_no_choices",
]
