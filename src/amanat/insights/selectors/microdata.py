"""De-identified microdata of the platform's cases (issue 15, ADR 1524): only people whose
research consent is in force, k-anonymised on the declared quasi-identifiers, audited as a
transfer out. Replaces the row-level HTCDS "research" extract."""

from __future__ import annotations

import polars as pl
from django.utils.translation import gettext as _

from amanat.cases.models import Case
from amanat.errors import ValidationError
from amanat.insights import casedata
from amanat.insights.ctdc.from_cases import CASE_ID
from amanat.insights.microdata.build import INPUT_SCHEMA, Microdata, build_microdata
from amanat.insights.selectors.access import require_stats
from amanat.insights.selectors.profile import disability_acquired
from amanat.privacy.audit import audit_record

FLAGS = ("isForcedLabour", "isSexualExploit", "isOtherExploit")
CHANNELS = ("channelOnline", "channelPersonalContacts")
# The person and case fields read (names for the audit log; ethnicity and disability decrypted).
FIELDS_READ = (
    "person.birth_year",
    "person.gender",
    "person.citizenship",
    "person.marital_status",
    "person.number_of_children",
    "person.ethnicity",
    "person.urban_rural",
    "person.disability",
    "person.disability_onset",
    "case.identified_on",
    "case.country",
    "case.region",
    "case.trafficking_status",
    "case.status",
    "case.exploitation_types",
    "case.recruitment_methods",
)


def _rows(case_ids: list[int]) -> pl.DataFrame:
    frame = casedata.case_frame()
    flags = {
        row[CASE_ID]: row
        for row in frame.filter(pl.col(CASE_ID).is_in(case_ids))
        .select(CASE_ID, *FLAGS, *CHANNELS)
        .to_dicts()
    }
    rows = []
    cases = (
        Case.objects.filter(pk__in=case_ids)
        .select_related("person")
        .order_by("id")
        .iterator(chunk_size=2000)
    )
    for case in cases:
        person = case.person
        coded = flags.get(case.pk, {})
        rows.append(
            {
                "birth_year": person.birth_year,
                "identified_year": case.identified_on.year,
                "gender": person.gender,
                "citizenship": (person.citizenship or [None])[0],
                "marital_status": person.marital_status,
                "number_of_children": person.number_of_children,
                "country": case.country,
                "region": case.region,
                "ethnicity": person.ethnicity,
                "urban_rural": person.urban_rural,
                "trafficking_status": case.trafficking_status,
                "case_status": case.status,
                **{name: coded.get(name) for name in (*FLAGS, *CHANNELS)},
                "disability": person.disability,
                "disabilityAcquiredInExploitation": disability_acquired(
                    person.disability or "", person.disability_onset or ""
                ),
            }
        )
    return pl.DataFrame(rows, schema=INPUT_SCHEMA, orient="row")


def microdata_export(
    user, *, k: int | None = None, max_suppressed_fraction: float | None = None, fmt: str = ""
) -> Microdata:
    """The k-anonymised microdata of every case whose research consent is in force.

    `user` needs `stats.view` (None: the command-line operator); the read is audited with the
    number of records, k and what was generalised and suppressed (field names, never values).
    """
    require_stats(user)
    if k is not None and k < 2:
        raise ValidationError(_("k must be at least 2."), field="k")
    if max_suppressed_fraction is not None and not 0 <= max_suppressed_fraction <= 1:
        raise ValidationError(
            _("The share of records to suppress must be between 0 and 1."),
            field="max_suppressed",
        )
    consented = [int(i) for i in casedata.research_consent_case_ids().to_list()]
    total = Case.objects.count()
    micro = build_microdata(_rows(consented), k=k, max_suppressed_fraction=max_suppressed_fraction)
    micro.extra = {
        "cases_total": total,
        "cases_left_out_without_research_consent": total - len(consented),
    }
    audit_record(
        actor=user,
        action="microdata.export",
        object_type="microdata_export",
        fields=list(FIELDS_READ),
        purpose=f"research microdata ({fmt or 'data'}, k-anonymised)",
        extra={
            "records": micro.text.height,
            "k": micro.report.k,
            "quasi_identifiers": list(micro.quasi_identifiers),
            "levels": dict(micro.report.levels),
            "cases_left_out_without_consent": total - len(consented),
            "rows_locally_suppressed": micro.report.rows_locally_suppressed,
            "rows_dropped": micro.report.rows_dropped,
        },
    )
    return micro
