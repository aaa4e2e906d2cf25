"""The platform's cases as one polars DataFrame in CTDC columns: the big-data path of statistics.

Rows are read with `values_list` in primary-key chunks (keyset pagination, `columnar.py`), JSON
lists as their JSON text and dates as ISO text (`Cast`), straight from the database cursor into
polars, so no value goes through a per-row Python decoder; the mapping to CTDC
(`ctdc.from_cases`) runs on whole columns. No personal data is read: no name, birth date, contact or narrative, only coded fields
and the birth year. The rows come from the shared case facts table (`facts.py`, kept in step
from the timeline); each process keeps the frame and takes only the facts changed since.

Never hand this frame to a user: it is one row per case. Callers publish only suppressed
aggregates (`amanat.insights.stats`) or a k-anonymised CTDC extract.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import polars as pl
from django.db.models import BooleanField, CharField, ExpressionWrapper, Q, TextField
from django.db.models.functions import Cast

from amanat.cases.models import Case
from amanat.insights import facts
from amanat.insights.columnar import frame_from_values, frames_from_values
from amanat.insights.ctdc.from_cases import CASE_ID, RAW_SCHEMA, cases_to_ctdc
from amanat.insights.models import CaseFact
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
    """Two primary-key look-ups that move whenever a case or its person is written (every
    service that changes one records a timeline event; a new case moves the highest case id)."""
    top_event, top_case = facts.top_ids()
    return Version(top_case, top_event)


@dataclass(frozen=True)
class _Cached:
    generation: str  # the facts' full fill this frame follows
    seq: int  # the newest fact batch this frame holds
    parts: tuple[pl.DataFrame, ...]  # the frame in pieces: an edit rewrites only its pieces
    frame: pl.DataFrame  # the pieces side by side (shares their buffers: no copy)


_cache: dict[str, _Cached] = {}
_lock = threading.Lock()


def fact_rows(queryset=None) -> pl.DataFrame:
    """Rows of the shared case facts (RAW_SCHEMA), ordered by case id."""
    base = (queryset if queryset is not None else CaseFact.objects.filter(deleted=False)).order_by()
    return frame_from_values(base, list(RAW_SCHEMA), RAW_SCHEMA)


# Cases per piece of the frame: the cold build holds one piece's raw rows (Python tuples) at a
# time, and an edit copies only the pieces holding edited cases.
MAP_CHUNK = 50_000
# Small pieces (the edits of each refresh) are merged into one when there are more than this.
MAX_SMALL_PARTS = 16


def compact(frame: pl.DataFrame) -> pl.DataFrame:
    """Coded text columns as Categorical: 4 bytes a row instead of a 16-byte string view plus
    its text, so the frame is about 40 % smaller. Comparisons, `is_in`, grouping and counting
    with plain strings work unchanged; a join on such a column, or a file written for people,
    needs `plain` first (ADR 0040)."""
    return frame.with_columns(pl.col(pl.String).cast(pl.Categorical))


def plain(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with its Categorical columns back as String (for exports and joins)."""
    return frame.with_columns(pl.col(pl.Categorical).cast(pl.String))


def _mapped_parts(queryset, *, chunk: int | None = None) -> list[pl.DataFrame]:
    return [
        compact(cases_to_ctdc(raw))
        for raw in frames_from_values(
            queryset, list(RAW_SCHEMA), RAW_SCHEMA, chunk=chunk or MAP_CHUNK
        )
    ]


def mapped_facts(queryset, *, chunk: int | None = None) -> pl.DataFrame:
    """`queryset`'s facts in CTDC columns, read and mapped `chunk` cases at a time: the mapping
    works row by row, so the peak memory of a cold build is one raw chunk, not every raw row."""
    return _joined(_mapped_parts(queryset, chunk=chunk))


def _joined(parts: list[pl.DataFrame] | tuple[pl.DataFrame, ...]) -> pl.DataFrame:
    if not parts:
        return compact(cases_to_ctdc(pl.DataFrame(schema=RAW_SCHEMA)))
    # rechunk=False: the result points at the parts' buffers instead of copying them.
    return pl.concat(parts, how="vertical", rechunk=False) if len(parts) > 1 else parts[0]


def _replace_rows(
    parts: tuple[pl.DataFrame, ...], changed: pl.Series, fresh: list[pl.DataFrame]
) -> tuple[pl.DataFrame, ...]:
    """`parts` without the rows of `changed` case ids, plus `fresh`: a part holding none of
    them is kept as it is (same buffers), so an edit costs the pieces it touches, not the
    frame (the old `filter` + `concat` copied every row and doubled the process's memory)."""
    wanted = changed.implode()
    kept: list[pl.DataFrame] = []
    for part in parts:
        hit = part.select(pl.col(CASE_ID).is_in(wanted)).to_series()
        if hit.any():
            part = part.filter(~hit)
        if part.height:
            kept.append(part)
    kept += [f for f in fresh if f.height]
    small = [p for p in kept if p.height < MAP_CHUNK // 4]
    if len(small) > MAX_SMALL_PARTS:
        kept = [p for p in kept if p.height >= MAP_CHUNK // 4]
        kept.append(pl.concat(small, how="vertical", rechunk=True))
    return tuple(kept)


def case_frame() -> pl.DataFrame:
    """Every case of the platform in CTDC columns plus case-only columns (ADR 0031).

    First the shared case facts are brought up to the timeline if they are behind (bounded:
    `facts.facts_refresh`; normally the worker has done it already). Then this process's frame
    takes the facts written since the batch it holds (`seq`, an index range), or reads them all
    once. No COUNT, no scan of the cases: the cost follows the number of changed cases.
    Coded text columns are Categorical (`compact`); pieces of the frame are shared between
    versions (ADR 0040).
    """
    mark = facts.watermark()
    if facts.is_stale(mark):
        facts.facts_refresh()
        mark = facts.watermark()
    with _lock:
        cached = _cache.get("cases")
    if cached is not None and (cached.generation, cached.seq) == (mark.generation, mark.seq):
        return cached.frame
    if cached is None or cached.generation != mark.generation or cached.seq > mark.seq:
        with _lock:  # drop the old frame first: never two whole frames in memory at once
            _cache.pop("cases", None)
        del cached
        parts = tuple(_mapped_parts(CaseFact.objects.filter(deleted=False, seq__lte=mark.seq)))
    else:
        changed = CaseFact.objects.filter(seq__gt=cached.seq, seq__lte=mark.seq)
        ids = pl.Series(CASE_ID, list(changed.values_list("case_id", flat=True)), dtype=pl.Int64)
        fresh = compact(cases_to_ctdc(fact_rows(changed.filter(deleted=False))))
        parts = _replace_rows(cached.parts, ids, [fresh])
    entry = _Cached(mark.generation, mark.seq, parts, _joined(parts))
    with _lock:
        _cache["cases"] = entry
    return entry.frame


def keep_warm() -> None:
    """For the single-process server's background thread: follow the facts (incremental only;
    there is no full rebuild any more, ADR 0031). Also loads the region names the dashboard's
    pickers list, so the first dashboard after a start does not wait for them (ADR 1630)."""
    from amanat.core import geography

    case_frame()
    for country in geography.NRM_COUNTRIES:
        geography.region_codes(country)


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
