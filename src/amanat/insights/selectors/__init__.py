"""Every read of the insights app that needs access rules (re-exports; one module per entity).

Statistics are for users holding `stats.view` (NRM coordinators, researchers): they reach
aggregates and de-identified outputs only, never a case.
"""

from amanat.insights.selectors.access import CASES_SOURCE, require_stats
from amanat.insights.selectors.ctdc import CtdcExport, ctdc_export
from amanat.insights.selectors.datasets import (
    dataset_frame,
    dataset_get,
    dataset_list,
    dataset_problems,
    forget_all_dataset_frames,
    forget_dataset_frame,
)
from amanat.insights.selectors.htcds import htcds_cases, with_research_consent
from amanat.insights.selectors.profile import profile_frame
from amanat.insights.selectors.statistics import (
    DATASET_LABEL,
    OMITTED,
    PLATFORM_CITATION,
    PLATFORM_LABEL,
    Evidence,
    Source,
    check_threshold,
    evidence,
    minimum_threshold,
    statistics_source,
)

__all__ = [
    "profile_frame",
    "CASES_SOURCE",
    "DATASET_LABEL",
    "OMITTED",
    "PLATFORM_CITATION",
    "PLATFORM_LABEL",
    "CtdcExport",
    "Evidence",
    "Source",
    "check_threshold",
    "ctdc_export",
    "dataset_frame",
    "dataset_get",
    "dataset_list",
    "dataset_problems",
    "evidence",
    "forget_all_dataset_frames",
    "forget_dataset_frame",
    "htcds_cases",
    "minimum_threshold",
    "require_stats",
    "statistics_source",
    "with_research_consent",
]
