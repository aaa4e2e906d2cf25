"""CTDC export of the platform's own cases (k-anonymised, research consent only)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.utils.translation import gettext as _

from amanat.cases.links.selectors import link_representatives
from amanat.errors import ValidationError
from amanat.insights import casedata
from amanat.insights.ctdc.from_cases import CASE_ID, ctdc_only
from amanat.insights.ctdc.kanon import DEFAULT_MAX_SUPPRESSED_FRACTION, KAnonReport, k_anonymise
from amanat.insights.ctdc.reader import ctdc_schema
from amanat.insights.selectors.access import require_stats
from amanat.insights.stats.persons import PersonCounts, person_counts, with_unique_persons
from amanat.privacy.audit import audit_record
from amanat.privacy.suppression_config import stats_threshold


@dataclass(frozen=True)
class CtdcExport:
    frame: pl.DataFrame  # CTDC v6 columns only, k-anonymised
    report: KAnonReport
    cases_total: int
    cases_with_research_consent: int
    # Over the cases with research consent (before k-anonymisation), suppressed (ADR 0141).
    persons: PersonCounts | None = None

    def as_dict(self) -> dict:
        return {
            "cases_total": self.cases_total,
            "cases_with_research_consent": self.cases_with_research_consent,
            "cases_left_out_without_research_consent": self.cases_total
            - self.cases_with_research_consent,
            "records_written": self.frame.height,
            "k_anonymity": self.report.as_dict(),
            "persons": self.persons.as_dict() if self.persons is not None else None,
        }


def ctdc_export(
    user,
    *,
    k: int | None = None,
    quasi_identifiers: list[str] | None = None,
    max_suppressed_fraction: float = DEFAULT_MAX_SUPPRESSED_FRACTION,
) -> CtdcExport:
    """The platform's cases in CTDC v6 columns, k-anonymised, for sharing with CTDC.

    Only cases whose person's research consent is in force are included (the newest research
    consent record decides, as everywhere); the export is audited as a transfer out.
    """
    require_stats(user)
    if quasi_identifiers is not None:
        unknown = [c for c in quasi_identifiers if c not in ctdc_schema()]
        if unknown:
            raise ValidationError(
                _("Not CTDC v6 columns: %(names)s.") % {"names": ", ".join(unknown)},
                field="quasi_identifiers",
            )
    cases = casedata.case_frame()
    consented = casedata.research_consent_case_ids()
    eligible = cases.filter(pl.col(CASE_ID).is_in(consented.implode()))
    frame, report = k_anonymise(
        casedata.plain(ctdc_only(eligible)),
        quasi_identifiers,
        k,
        max_suppressed_fraction=max_suppressed_fraction,
    )
    persons = person_counts(
        with_unique_persons(eligible, link_representatives()),
        threshold=stats_threshold(),
    )
    result = CtdcExport(frame, report, cases.height, eligible.height, persons)
    audit_record(
        actor=user,
        action="ctdc.export",
        object_type="ctdc_export",
        fields=list(frame.columns),
        purpose="research data sharing (CTDC codebook v6, k-anonymised)",
        extra={
            "records": frame.height,
            "k": report.k,
            "quasi_identifiers": list(report.quasi_identifiers),
            "cases_left_out_without_consent": cases.height - eligible.height,
            "rows_dropped": report.rows_dropped,
            "rows_locally_suppressed": report.rows_locally_suppressed,
        },
    )
    return result
