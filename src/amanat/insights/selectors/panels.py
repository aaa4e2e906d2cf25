"""One panel of the statistics dashboard at a time: the key figures, one statistic family, one
outcome table or the gap analysis, each computed alone (a panel request never computes the
others) with the same checks, suppression and one `statistics.view` audit event per read as
`evidence()` (docs/decisions/1630)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.utils.translation import gettext as _

from amanat.errors import ValidationError
from amanat.insights import sources
from amanat.insights.gaps import GapAnalysis
from amanat.insights.i18n import bilingual
from amanat.insights.selectors.access import CASES_SOURCE
from amanat.insights.selectors.statistics import OMITTED, Source, case_gaps, prepare_scope
from amanat.insights.stats import outcomes
from amanat.insights.stats.case_families import CASE_STATISTICS, DATASET_STATISTICS
from amanat.insights.stats.filters import Filters
from amanat.insights.stats.persons import PersonCounts, person_counts
from amanat.insights.stats.tables import StatTable
from amanat.privacy.audit import audit_record

KEY_FIGURES = "key_figures"
GAPS = "gaps"
# Outcome tables over the platform's cases: name -> (reader of the rows, the table's function,
# the OMITTED entry said when there is no row).
OUTCOMES = {
    "referral_outcomes": (sources.referral_rows, outcomes.referral_outcomes, "referrals"),
    "referrals_by_service_type": (
        sources.referral_rows,
        outcomes.referrals_by_service_type,
        "referrals",
    ),
    "service_outcomes": (sources.service_rows, outcomes.service_outcomes, "services"),
}
# The key figures' statuses counted, from the trafficking-status family (suppressed there).
PRESUMED = "PossibleVictimOfTrafficking"
IDENTIFIED = "ActualVictimOfTrafficking"


@dataclass
class Panel:
    """What one panel shows: suppressed aggregates only, never a record."""

    name: str
    source: Source
    filters: Filters
    threshold: int
    table: StatTable | None = None
    persons: PersonCounts | None = None
    gaps: GapAnalysis | None = None
    omitted: dict[str, str] | None = None  # why the panel has nothing to show

    @property
    def records_in_scope(self) -> int | None:
        return self.table.records_in_scope if self.table is not None else None

    def status_count(self, code: str) -> int | None:
        """A trafficking-status count of the key figures (None when suppressed or absent)."""
        if self.table is None:
            return None
        cell = next((c for c in self.table.rows if c.key == code), None)
        if cell is None:  # no case has this status: zero, unless the whole table is hidden
            return None if self.table.denominator is None else 0
        return None if cell.suppressed else cell.count


def panel_names(source_name: str = CASES_SOURCE) -> list[str]:
    """The dashboard's panels in page order (key figures first)."""
    if source_name == CASES_SOURCE:
        return [KEY_FIGURES, *CASE_STATISTICS, *OUTCOMES, GAPS]
    return [KEY_FIGURES, *DATASET_STATISTICS]


def statistic_panel(
    user,
    source_name: str,
    name: str,
    *,
    filters: Filters | None = None,
    threshold: int | None = None,
    purpose: str = "statistics",
) -> Panel:
    """One panel, computed alone; unknown names are a ValidationError on `statistic`."""
    source, filters, threshold = prepare_scope(user, source_name, filters, threshold)
    catalogue = CASE_STATISTICS if source.is_cases else DATASET_STATISTICS
    known = panel_names(CASES_SOURCE if source.is_cases else source.name)
    if name not in known:
        raise ValidationError(
            _("Unknown statistic: %(name)s.") % {"name": name[:40]}, field="statistic"
        )
    panel = Panel(name=name, source=source, filters=filters, threshold=threshold)
    frame, options = source.frame, {"filters": filters, "threshold": threshold}
    inputs: list[str] = []
    if name == KEY_FIGURES:
        family = catalogue["trafficking_status" if source.is_cases else "gender"]
        panel.table = family(frame, **options)
        if source.is_cases:
            panel.persons = person_counts(frame, **options)
    elif name in catalogue:
        panel.table = catalogue[name](frame, **options)
    elif name in OUTCOMES:
        read_rows, compute, omitted = OUTCOMES[name]
        rows = read_rows()
        if rows is None:
            panel.omitted = bilingual(OMITTED[omitted])
        else:
            panel.table = compute(frame, rows, **options)
    else:
        panel.gaps = _gaps(frame, **options)
        if panel.gaps is None:
            panel.omitted = bilingual(OMITTED["gaps"])
    if panel.table is not None:
        inputs = list(panel.table.inputs)
    audit_record(
        actor=user,
        action="statistics.view",
        object_type="statistics",
        object_id=source.name,
        fields=sorted(set(inputs)),
        purpose=purpose,
        extra={
            "source": source.kind,
            "tables": int(panel.table is not None),
            "gaps": panel.gaps is not None,
            "panel": name,
        },
    )
    return panel


def _gaps(cases: pl.DataFrame, *, filters: Filters, threshold: int) -> GapAnalysis | None:
    needs = sources.need_rows()
    if needs is None:
        return None
    return case_gaps(
        cases,
        needs,
        referrals=sources.referral_rows(),
        services=sources.service_rows(),
        filters=filters,
        threshold=threshold,
    )
