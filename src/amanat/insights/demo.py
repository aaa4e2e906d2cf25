"""Demo data for the insights app: research consent for most demo cases, so that the CTDC
export (`amanat export ctdc`) and the microdata export (`amanat export microdata`) have
something to show."""

from __future__ import annotations

from amanat.cases.consent import consent_record

RESEARCH_CONSENT_SHARE = 0.7


def seed(context: dict) -> None:
    rng = context["rng"]
    for case in context["cases"]:
        if rng.random() >= RESEARCH_CONSENT_SHARE:
            continue
        consent_record(
            user=case.created_by,
            case_id=case.pk,
            purpose="research",
            method="written",
            given_on=case.identified_on,
            checklist={"informed_research": True, "informed_withdrawal": True},
        )
