"""Every read of the insights app that needs access rules.

Statistics are for users holding `stats.view` (NRM coordinators, researchers): they reach
aggregates and de-identified outputs only, never a case.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field

import polars as pl
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.cases.access import cases_visible_to
from amanat.cases.models import Case
from amanat.core.ids import parse_id
from amanat.errors import NotFound, ValidationError
from amanat.insights import casedata, sources
from amanat.insights.ctdc.from_cases import CASE_ID, ctdc_only
from amanat.insights.ctdc.kanon import DEFAULT_MAX_SUPPRESSED_FRACTION, KAnonReport, k_anonymise
from amanat.insights.ctdc.reader import RowProblem, ctdc_schema
from amanat.insights.gaps import GapAnalysis, gap_analysis
from amanat.insights.i18n import Msg, bilingual, pgettext_lazy, same_in_all
from amanat.insights.models import DatasetPart, ResearchDataset
from amanat.insights.stats import outcomes
from amanat.insights.stats.case_families import CASE_STATISTICS, DATASET_STATISTICS
from amanat.insights.stats.filters import Filters
from amanat.insights.stats.suppression import stats_threshold
from amanat.insights.stats.tables import StatTable
from amanat.privacy.audit import audit_record
from amanat.privacy.models import Consent, ConsentPurpose

CASES_SOURCE = "cases"  # the platform's own cases: never a dataset name


def require_stats(user) -> None:
    """`user` may see statistics (None: the command-line operator)."""
    if user is not None and not user.can(Perm.STATS_VIEW):
        raise NotFound()


def dataset_list(user) -> list[ResearchDataset]:
    require_stats(user)
    return list(ResearchDataset.objects.order_by("name"))


def dataset_get(user, name: str) -> ResearchDataset:
    require_stats(user)
    dataset = ResearchDataset.objects.filter(name=str(name)).first()
    if dataset is None:
        raise NotFound(_("No research dataset named '%(name)s'.") % {"name": str(name)[:80]})
    return dataset


def dataset_problems(dataset: ResearchDataset) -> list[RowProblem]:
    return [
        RowProblem(p.row, p.column, p.value, p.reason)
        for p in dataset.problems.order_by("row", "id")
    ]


# Datasets never change, so a frame read once stays valid until the dataset is deleted.
_frames: dict[int, tuple[str, pl.DataFrame]] = {}
_frames_lock = threading.Lock()


def dataset_frame(dataset: ResearchDataset) -> pl.DataFrame:
    """The dataset's records in the typed CTDC schema (`ctdc_schema`)."""
    key = f"{dataset.source_sha256}:{dataset.imported_at.isoformat()}"
    with _frames_lock:
        cached = _frames.get(dataset.pk)
        if cached is not None and cached[0] == key:
            return cached[1]
    parts = [
        pl.read_parquet(io.BytesIO(bytes(blob)))
        for blob in DatasetPart.objects.filter(dataset=dataset)
        .order_by("index")
        .values_list("parquet", flat=True)
    ]
    schema = ctdc_schema()
    frame = pl.concat(parts, how="vertical") if parts else pl.DataFrame(schema=schema)
    frame = frame.select(
        [
            (pl.col(c) if c in frame.columns else pl.lit(None)).cast(t).alias(c)
            for c, t in schema.items()
        ]
    )
    with _frames_lock:
        _frames[dataset.pk] = (key, frame)
    return frame


def forget_dataset_frame(pk: int) -> None:
    with _frames_lock:
        _frames.pop(pk, None)


def forget_all_dataset_frames() -> None:
    with _frames_lock:
        _frames.clear()


# --- Statistics: the platform's cases or a research dataset, aggregates only ------------------


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
            casedata.case_frame(),
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


# --- CTDC export of the platform's own cases -------------------------------------------------


@dataclass(frozen=True)
class CtdcExport:
    frame: pl.DataFrame  # CTDC v6 columns only, k-anonymised
    report: KAnonReport
    cases_total: int
    cases_with_research_consent: int

    def as_dict(self) -> dict:
        return {
            "cases_total": self.cases_total,
            "cases_with_research_consent": self.cases_with_research_consent,
            "cases_left_out_without_research_consent": self.cases_total
            - self.cases_with_research_consent,
            "records_written": self.frame.height,
            "k_anonymity": self.report.as_dict(),
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
        ctdc_only(eligible),
        quasi_identifiers,
        k,
        max_suppressed_fraction=max_suppressed_fraction,
    )
    result = CtdcExport(frame, report, cases.height, eligible.height)
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


# --- HTCDS export: which cases -----------------------------------------------------------------


def with_research_consent(queryset):
    """Only cases whose newest research-consent record is a grant not withdrawn.

    The rule of `amanat.cases.consent.consent_in_force`, as one query over many cases.
    """
    latest = Consent.objects.filter(case=OuterRef("pk"), purpose=ConsentPurpose.RESEARCH).order_by(
        "-recorded_at", "-id"
    )
    return queryset.annotate(
        _research_granted=Subquery(latest.values("granted")[:1]),
        _research_withdrawn=Subquery(latest.values("withdrawn_at")[:1]),
    ).filter(_research_granted=True, _research_withdrawn__isnull=True)


def htcds_cases(user, *, case_ids=None, research: bool) -> list[Case]:
    """Cases the user's organisation holds (never those seen through a referral), in id order.

    Any id asked for that is not such a case answers NotFound, like a missing one. Research
    extracts keep only people whose research consent is in force.
    """
    if not user.can(Perm.CASE_VIEW) or user.organisation_id is None:
        raise NotFound()
    queryset = cases_visible_to(user).filter(owner_organisation_id=user.organisation_id)
    if case_ids is not None:
        wanted = {parse_id(i) for i in case_ids}
        queryset = queryset.filter(pk__in=wanted)
        if queryset.count() != len(wanted):
            raise NotFound()
    if research:
        queryset = with_research_consent(queryset)
    return list(queryset.select_related("person", "owner_organisation").order_by("id"))
