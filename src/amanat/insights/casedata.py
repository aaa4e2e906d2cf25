"""The platform's cases as one polars DataFrame in CTDC columns: the big-data path of statistics.

Rows are read with `values_list` in primary-key chunks (keyset pagination), JSON lists as their
JSON text and dates as ISO text (`Cast`), so no value goes through a per-row Python decoder;
each chunk becomes a polars frame and the mapping to CTDC (`ctdc.from_cases`) runs on whole
columns. No personal data is read: no name, birth date, contact or narrative, only coded fields
and the birth year. The frame is cached per process and rebuilt when cases or persons change
(count, highest id and latest update of both tables).

Never hand this frame to a user: it is one row per case. Callers publish only suppressed
aggregates (`amanat.insights.stats`) or a k-anonymised CTDC extract.
"""

from __future__ import annotations

import threading

import polars as pl
from django.db.models import BooleanField, CharField, Count, ExpressionWrapper, Max, Q, TextField
from django.db.models.functions import Cast

from amanat.cases.models import Case, Person
from amanat.insights.ctdc.from_cases import RAW_SCHEMA, cases_to_ctdc
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
}


def _annotated(queryset):
    annotations = {f"_{name}": Cast(path, TextField()) for name, path in _JSON_TEXT.items()}
    annotations["_identified_on"] = Cast("identified_on", CharField(max_length=10))
    return queryset.annotate(**annotations)


def _columns() -> list[str]:
    return [
        _PLAIN.get(name, f"_{name}")
        for name in RAW_SCHEMA
    ]


def raw_case_rows(queryset=None, *, chunk: int = CHUNK) -> pl.DataFrame:
    """Raw case rows (RAW_SCHEMA) read in chunks of `chunk` cases, ordered by id."""
    base = _annotated((queryset if queryset is not None else Case.objects.all()).order_by())
    columns = _columns()
    frames = []
    last_id = 0
    while True:
        rows = list(base.filter(id__gt=last_id).order_by("id").values_list(*columns)[:chunk])
        if not rows:
            break
        frames.append(pl.DataFrame(rows, schema=RAW_SCHEMA, orient="row"))
        last_id = rows[-1][0]
        if len(rows) < chunk:
            break
    if not frames:
        return pl.DataFrame(schema=RAW_SCHEMA)
    return pl.concat(frames, how="vertical")


def _version() -> tuple:
    cases = Case.objects.aggregate(n=Count("id"), top=Max("id"), at=Max("updated_at"))
    persons = Person.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    return (cases["n"], cases["top"], cases["at"], persons["n"], persons["at"])


_cache: dict[str, tuple[tuple, pl.DataFrame]] = {}
_lock = threading.Lock()


def case_frame() -> pl.DataFrame:
    """Every case of the platform in CTDC columns plus case-only columns (cached)."""
    version = _version()
    with _lock:
        cached = _cache.get("cases")
        if cached is not None and cached[0] == version:
            return cached[1]
    frame = cases_to_ctdc(raw_case_rows())
    with _lock:
        _cache["cases"] = (version, frame)
    return frame


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def research_consent_case_ids() -> pl.Series:
    """Ids of cases whose newest research-consent record is a grant not withdrawn.

    The same rule as `amanat.privacy.consent.consent_in_force`, over all cases at once.
    """
    rows = list(
        Consent.objects.filter(purpose=ConsentPurpose.RESEARCH)
        .annotate(_withdrawn=ExpressionWrapper(Q(withdrawn_at__isnull=False),
                                               output_field=BooleanField()))
        .order_by("case_id", "recorded_at", "id")
        .values_list("case_id", "granted", "_withdrawn")
    )
    if not rows:
        return pl.Series("caseId", [], dtype=pl.Int64)
    frame = pl.DataFrame(
        rows, schema={"caseId": pl.Int64, "granted": pl.Boolean, "withdrawn": pl.Boolean},
        orient="row",
    ).select("caseId", (pl.col("granted") & ~pl.col("withdrawn")).alias("active"))
    latest = frame.group_by("caseId", maintain_order=True).last()
    return latest.filter(pl.col("active"))["caseId"]
