"""Statistics of a source (the platform's cases or a research dataset): suppressed aggregates only."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from django.utils.translation import gettext as _

from amanat.cases.links.selectors import link_representatives
from amanat.errors import ValidationError
from amanat.insights import casedata, sources
from amanat.insights.gaps import GapAnalysis, gap_analysis
from amanat.insights.i18n import Msg, bilingual, pgettext_lazy, same_in_all
from amanat.insights.models import ResearchDataset
from amanat.insights.recommendations import (
    Draft,
    Finding,
    draft_recommendations,
    findings_from_gaps,
)
from amanat.insights.selectors.access import CASES_SOURCE, require_stats
from amanat.insights.selectors.datasets import dataset_frame, dataset_get
from amanat.insights.stats import outcomes
from amanat.insights.stats.case_families import CASE_STATISTICS, DATASET_STATISTICS
from amanat.insights.stats.filters import Filters
from amanat.insights.stats.persons import PersonCounts, person_counts, with_unique_persons
from amanat.insights.stats.tables import StatTable
from amanat.privacy.audit import audit_record
from amanat.privacy.suppression_config import stats_threshold


def minimum_threshold() -> int:
    """Small-cell threshold: settings.AMANAT_STATS_THRESHOLD (default 10); callers may only raise it."""
    return stats_threshold()


def check_threshold(threshold: int | None) -> int:
    floor = minimum_threshold()
    if threshold is None:
        return floor
    if threshold < floor:
        raise ValidationError(
            _("The suppression threshold cannot be below %(n)d.") % {"n": floor},
            field="threshold",
        )
    return int(threshold)


@dataclass(frozen=True)
class Source:
    kind: str  # "cases" or "dataset"
    name: str
    label: dict[str, str]
    citation: dict[str, str]
    frame: pl.DataFrame
    dataset: ResearchDataset | None = None

    @property
    def is_cases(self) -> bool:
        return self.kind == CASES_SOURCE


@dataclass
class Evidence:
    """Everything a dashboard or report shows: suppressed tables only, never a record."""

    source: Source
    filters: Filters
    threshold: int
    tables: list[StatTable]
    outcomes: list[StatTable] = field(default_factory=list)
    gaps: GapAnalysis | None = None
    omitted: list[dict[str, str]] = field(default_factory=list)  # sections left out, and why
    persons: PersonCounts | None = None  # cases, persons, unique persons (the platform's cases)
    # Findings of further analyses (e.g. significant differences, `recommendations.
    # significant_difference`); the gap analysis's own findings are added by `recommendations`.
    findings: list[Finding] = field(default_factory=list)

    @property
    def recommendations(self) -> Draft:
        """The drafted recommendations (for the analyst to edit) from every finding."""
        return draft_recommendations([*findings_from_gaps(self.gaps), *self.findings])

    @property
    def records_in_scope(self) -> int | None:
        return self.tables[0].records_in_scope if self.tables else None

    @property
    def all_tables(self) -> list[StatTable]:
        return [*self.tables, *self.outcomes]


PLATFORM_LABEL = pgettext_lazy("statistics source", "Cases registered in Amanat")
PLATFORM_CITATION = pgettext_lazy(
    "statistics source",
    "Source: case records of the National Referral Mechanism organisations using Amanat, "
    "aggregated with small-cell suppression; no individual record leaves the system.",
)
DATASET_LABEL = pgettext_lazy("statistics source", "Research dataset '%(name)s'")


def statistics_source(user, name: str) -> Source:
    """The platform's cases (`cases`) or a research dataset, for someone allowed statistics."""
    require_stats(user)
    if name == CASES_SOURCE:
        return Source(
            CASES_SOURCE,
            CASES_SOURCE,
            bilingual(PLATFORM_LABEL),
            bilingual(PLATFORM_CITATION),
            # Links are read at each call (they change no case, so the cached frame is unaware).
            with_unique_persons(casedata.case_frame(), link_representatives()),
        )
    dataset = dataset_get(user, name)
    return Source(
        "dataset",
        dataset.name,
        bilingual(DATASET_LABEL, name=dataset.name),
        same_in_all(dataset.citation),
        dataset_frame(dataset),
        dataset,
    )


OMITTED: dict[str, Msg] = {
    "referrals": pgettext_lazy("statistics source", "Referral outcomes: no referral recorded yet."),
    "services": pgettext_lazy(
        "statistics source", "Service outcomes: no service delivery recorded yet."
    ),
    "gaps": pgettext_lazy("statistics source", "Gap analysis: no need recorded in cases yet."),
}


def evidence(
    user,
    source_name: str = CASES_SOURCE,
    *,
    filters: Filters | None = None,
    threshold: int | None = None,
    names: list[str] | None = None,
    purpose: str = "statistics",
) -> Evidence:
    """The suppressed statistics of a source; over cases also outcomes and the gap analysis."""
    threshold = check_threshold(threshold)
    filters = filters or Filters()
    source = statistics_source(user, source_name)
    catalogue = CASE_STATISTICS if source.is_cases else DATASET_STATISTICS
    chosen = names or list(catalogue)
    unknown = [n for n in chosen if n not in catalogue]
    if unknown:
        raise ValidationError(
            _("Unknown statistic: %(name)s.") % {"name": unknown[0]}, field="statistics"
        )
    if not source.is_cases and (
        filters.regions or (filters.place is not None and filters.place.match == "identification")
    ):
        raise ValidationError(
            _(
                "A CTDC dataset has no country or region of identification: filter by citizenship "
                "or country of exploitation."
            ),
            field="countries" if filters.place is not None else "regions",
        )
    result = Evidence(
        source=source,
        filters=filters,
        threshold=threshold,
        tables=[catalogue[n](source.frame, filters=filters, threshold=threshold) for n in chosen],
    )
    if source.is_cases:
        result.persons = person_counts(source.frame, filters=filters, threshold=threshold)
    if source.is_cases and names is None:
        _add_case_outcomes(result)
    audit_record(
        actor=user,
        action="statistics.view",
        object_type="statistics",
        object_id=source.name,
        fields=sorted({c for t in result.tables for c in t.inputs}),
        purpose=purpose,
        extra={
            "source": source.kind,
            "tables": len(result.all_tables),
            "gaps": result.gaps is not None,
        },
    )
    return result


def _add_case_outcomes(result: Evidence) -> None:
    cases, filters, threshold = result.source.frame, result.filters, result.threshold
    referrals = sources.referral_rows()
    if referrals is not None:
        result.outcomes.append(
            outcomes.referral_outcomes(cases, referrals, filters=filters, threshold=threshold)
        )
        result.outcomes.append(
            outcomes.referrals_by_service_type(
                cases, referrals, filters=filters, threshold=threshold
            )
        )
    else:
        result.omitted.append(bilingual(OMITTED["referrals"]))
    services = sources.service_rows()
    if services is not None:
        result.outcomes.append(
            outcomes.service_outcomes(cases, services, filters=filters, threshold=threshold)
        )
    else:
        result.omitted.append(bilingual(OMITTED["services"]))
    needs = sources.need_rows()
    if needs is not None:
        directory = sources.directory_rows()
        if directory is None:
            directory = pl.DataFrame(
                schema={
                    "serviceType": pl.String,
                    "country": pl.String,
                    "regions": pl.List(pl.String),
                    "accepting": pl.Boolean,
                    "available": pl.Int64,
                }
            )
        result.gaps = gap_analysis(
            cases,
            needs,
            directory,
            referrals=referrals,
            services=services,
            filters=filters,
            threshold=threshold,
        )
    else:
        result.omitted.append(bilingual(OMITTED["gaps"]))
