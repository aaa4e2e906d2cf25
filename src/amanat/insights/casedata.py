"""The platform's cases as one polars DataFrame in CTDC columns: the big-data path of statistics.

Rows are read with `values_list` in primary-key chunks (keyset pagination, `columnar.py`), JSON
lists as their JSON text and dates as ISO text (`Cast`), straight from the database cursor into
polars, so no value goes through a per-row Python decoder; the mapping to CTDC
(`ctdc.from_cases`) runs on whole columns. No personal data is read: no name, birth date, contact or narrative, only coded fields
and the birth year. The frame is cached per process; when cases or persons change, only the
changed cases are read again, found through the case timeline (see `case_frame`).

Never hand this frame to a user: it is one row per case. Callers publish only suppressed
aggregates (`amanat.insights.stats`) or a k-anonymised CTDC extract.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import polars as pl
from django.db.models import BooleanField, CharField, ExpressionWrapper, Q, TextField
from django.db.models.functions import Cast

from amanat.cases.models import Case, CaseEvent
from amanat.insights.columnar import frame_from_values
from amanat.insights.ctdc.from_cases import CASE_ID, RAW_SCHEMA, cases_to_ctdc
from amanat.privacy.models import Consent, ConsentPurpose

CHUNK = 50_000

# RAW_SCHEMA column -> ORM expression (a field path, or an annotation name below).
_JSON_TEXT = {
    "recruitment_methods": "recruitment_methods",
    "exploitation_types": "exploitation_types",
    "control_methods": "control_methods",
    "exploitation_countries": "exploitation_countries",
    "citizenship": "person__citizenship",
}
_PLAIN = {
    "case_id": "id",
    "owner_organisation_id": "owner_organisation_id",
    "country": "country",
    "region": "region",
    "status": "status",
    "trafficking_status": "trafficking_status",
    "labour_industry": "labour_industry",
    "relationship_to_trafficker": "relationship_to_trafficker",
    "age_when_trafficked": "age_when_trafficked",
    "birth_year": "person__birth_year",
    "gender": "person__gender",
    "person_id": "person_id",
}


def _annotated(queryset):
    annotations = {f"_{name}": Cast(path, TextField()) for name, path in _JSON_TEXT.items()}
    annotations["_identified_on"] = Cast("identified_on", CharField(max_length=10))
    return queryset.annotate(**annotations)


def _columns() -> list[str]:
    return [_PLAIN.get(name, f"_{name}") for name in RAW_SCHEMA]


def raw_case_rows(queryset=None, *, chunk: int = CHUNK) -> pl.DataFrame:
    """Raw case rows (RAW_SCHEMA) read in chunks of `chunk` cases, ordered by id."""
    base = _annotated((queryset if queryset is not None else Case.objects.all()).order_by())
    return frame_from_values(base, _columns(), RAW_SCHEMA, chunk=chunk)


@dataclass(frozen=True)
class Version:
    top_case: int  # highest case id
    top_event: int  # highest timeline event id


def change_marker() -> Version:
    """Two primary-key look-ups that move whenever a case or its person is written.

    Every service that changes a case or a person records a timeline event (house rule, see
    docs/engineering.md), so the highest event id moves with every change; the highest case id
    moves with every new case. Neither reads more than an index entry, even at 1,000,000 cases.
    """
    top_case = Case.objects.order_by("-id").values_list("id", flat=True).first() or 0
    top_event = CaseEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return Version(top_case, top_event)


@dataclass(frozen=True)
class _Cached:
    version: Version
    frame: pl.DataFrame
    full_build_at: float  # time.monotonic() of the last full build


# Events are looked for from this many ids before the newest one already read, so an event whose
# id was allocated before but committed after the last read is still seen; a full rebuild every
# FULL_REBUILD_SECONDS catches anything else (a change written without an event, a deletion).
EVENT_OVERLAP = 1000
FULL_REBUILD_SECONDS = 15 * 60
_cache: dict[str, _Cached] = {}
_lock = threading.Lock()


def case_frame() -> pl.DataFrame:
    """Every case of the platform in CTDC columns plus case-only columns (cached).

    Nothing changed (same highest case and event ids): the cached frame. Otherwise only the new
    cases and the cases named by new timeline events are read again and replace their rows, unless
    the frame is older than FULL_REBUILD_SECONDS or the result does not add up to the number of
    cases: then everything is read again.
    """
    version = change_marker()
    with _lock:
        cached = _cache.get("cases")
    if cached is not None and cached.version == version:
        return cached.frame
    frame = None
    if cached is not None and time.monotonic() - cached.full_build_at < FULL_REBUILD_SECONDS:
        frame = _refreshed(cached, version)
    if frame is not None:
        entry = _Cached(version, frame, cached.full_build_at)
    else:
        entry = _Cached(version, cases_to_ctdc(raw_case_rows()), time.monotonic())
    with _lock:
        _cache["cases"] = entry
    return entry.frame


def keep_warm() -> None:
    """For a background thread: refresh the cache, and rebuild it in full shortly before it
    would expire, so that no request ever waits for a full build."""
    with _lock:
        cached = _cache.get("cases")
    if cached is None or time.monotonic() - cached.full_build_at > FULL_REBUILD_SECONDS - 120:
        version = change_marker()
        entry = _Cached(version, cases_to_ctdc(raw_case_rows()), time.monotonic())
        with _lock:
            _cache["cases"] = entry
    else:
        case_frame()


def _refreshed(cached: _Cached, version: Version) -> pl.DataFrame | None:
    old = cached.version
    touched = CaseEvent.objects.filter(id__gt=max(old.top_event - EVENT_OVERLAP, 0)).values(
        "case_id"
    )
    changed = Q(id__gt=old.top_case) | Q(id__in=touched)
    fresh = cases_to_ctdc(raw_case_rows(Case.objects.filter(changed)))
    frame = pl.concat(
        [cached.frame.filter(~pl.col(CASE_ID).is_in(fresh[CASE_ID].implode())), fresh],
        how="vertical",
    )
    return frame if frame.height == Case.objects.count() else None


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def research_consent_case_ids() -> pl.Series:
    """Ids of cases whose newest research-consent record is a grant not withdrawn.

    The same rule as `amanat.cases.consent.consent_in_force`, over all cases at once.
    """
    rows = list(
        Consent.objects.filter(purpose=ConsentPurpose.RESEARCH)
        .annotate(
            _withdrawn=ExpressionWrapper(Q(withdrawn_at__isnull=False), output_field=BooleanField())
        )
        .order_by("case_id", "recorded_at", "id")
        .values_list("case_id", "granted", "_withdrawn")
    )
    if not rows:
        return pl.Series("caseId", [], dtype=pl.Int64)
    frame = pl.DataFrame(
        rows,
        schema={"caseId": pl.Int64, "granted": pl.Boolean, "withdrawn": pl.Boolean},
        orient="row",
    ).select("caseId", (pl.col("granted") & ~pl.col("withdrawn")).alias("active"))
    latest = frame.group_by("caseId", maintain_order=True).last()
    return latest.filter(pl.col("active"))["caseId"]
