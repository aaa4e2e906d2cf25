"""Cases, persons and unique persons of an organisation's HTCDS export (ADR 0141).

An HTCDS export is made by a case worker of the holding organisation, so it may use only links
between persons that organisation holds itself: a link through another organisation's record
(A1 ~ B ~ A2) would tell the case worker that another organisation holds the person. Only the
links between two exported persons count, and transitively only through exported persons; a
cross-organisation link changes nothing in the file.
"""

from __future__ import annotations

import polars as pl

from amanat.cases.links.graph import components
from amanat.cases.links.models import PersonLink
from amanat.insights.ctdc.from_cases import PERSON
from amanat.insights.stats.persons import person_counts, with_unique_persons
from amanat.privacy.suppression_config import stats_threshold

CHUNK = 500


def _edges_within(person_ids: set[int]) -> list[tuple[int, int]]:
    ordered = sorted(person_ids)
    edges = []
    for start in range(0, len(ordered), CHUNK):
        rows = PersonLink.objects.filter(
            unlinked_at__isnull=True, person_low_id__in=ordered[start : start + CHUNK]
        ).values_list("person_low_id", "person_high_id")
        edges.extend((low, high) for low, high in rows if high in person_ids)
    return edges


def export_person_counts(cases) -> dict:
    """{"cases", "persons", "unique_persons", ...} of the exported cases, suppressed like every
    published figure (amanat.privacy.suppression)."""
    person_ids = [case.person_id for case in cases]
    frame = pl.DataFrame({PERSON: person_ids}, schema={PERSON: pl.Int64})
    frame = with_unique_persons(frame, components(_edges_within(set(person_ids))))
    counts = person_counts(frame, threshold=stats_threshold()).as_dict()
    counts.pop("filters")
    return counts
