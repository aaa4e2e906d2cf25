"""The research profile of the people in cases (issue 15, ADR 1523), for the analyses.

Ethnicity and disability are special-category data stored encrypted on the person, so they are
not in the shared case facts (`CaseFact`, plain coded columns); this selector decrypts them for
the analyses, one audited read per call. Like the case frame, the result is one row per case:
never hand it to a user; publish only suppressed aggregates or a k-anonymised extract.
"""

from __future__ import annotations

import polars as pl

from amanat.cases.models import Case
from amanat.insights.ctdc.from_cases import CASE_ID
from amanat.insights.selectors.access import require_stats
from amanat.privacy.audit import audit_record

PROFILE_FIELDS = (
    "ethnicity",
    "urban_rural",
    "disability",
    "disability_domains",
    "disability_onset",
    "marital_status",
    "number_of_children",
)
# Column name in the frame for each person field (camelCase like the case frame's own columns).
COLUMNS = {
    "ethnicity": "ethnicity",
    "urban_rural": "urbanRural",
    "disability": "disability",
    "disability_domains": "disabilityDomains",
    "disability_onset": "disabilityOnset",
    "marital_status": "maritalStatus",
    "number_of_children": "numberOfChildren",
}
SCHEMA: dict[str, pl.DataType] = {
    CASE_ID: pl.Int64,
    "ethnicity": pl.String,
    "urbanRural": pl.String,
    "disability": pl.String,
    "disabilityDomains": pl.List(pl.String),
    "disabilityOnset": pl.String,
    "maritalStatus": pl.String,
    "numberOfChildren": pl.Int16,
    # 1 when the disability began during the exploitation, 0 when it is known not to have, null
    # when there is no disability or its onset is unknown.
    "disabilityAcquiredInExploitation": pl.Int8,
}


def disability_acquired(disability: str, onset: str) -> int | None:
    """1: began during the exploitation; 0: known to have begun otherwise; None: unknown."""
    if disability != "yes" or onset in ("", "unknown"):
        return None
    return 1 if onset == "during_exploitation" else 0


def profile_frame(user, *, case_ids=None, purpose: str = "statistics") -> pl.DataFrame:
    """`caseId` plus the profile columns of `SCHEMA` for every case (or those of `case_ids`);
    empty values are null. `user` needs `stats.view` (None: the command-line operator)."""
    require_stats(user)
    queryset = Case.objects.all()
    if case_ids is not None:
        queryset = queryset.filter(pk__in=list(case_ids))
    rows = []
    for case in (
        queryset.select_related("person")
        .only("id", *(f"person__{name}" for name in PROFILE_FIELDS))
        .order_by("id")
        .iterator(chunk_size=2000)
    ):
        person = case.person
        row = {CASE_ID: case.pk}
        for name in PROFILE_FIELDS:
            value = getattr(person, name)
            row[COLUMNS[name]] = (
                (list(value or []) or None)
                if name == "disability_domains"
                else (value if value not in ("", None) else None)
            )
        row["disabilityAcquiredInExploitation"] = disability_acquired(
            person.disability or "", person.disability_onset or ""
        )
        rows.append(row)
    audit_record(
        actor=user,
        action="person.profile_read",
        object_type="person",
        fields=list(PROFILE_FIELDS),
        purpose=purpose,
        extra={"cases": len(rows)},
    )
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")
