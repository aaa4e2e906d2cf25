"""Builders for insights tests: organisations, users and cases with chosen coded values."""

from __future__ import annotations

import datetime as dt

from amanat.cases.consent import consent_record, consent_withdraw
from tests.fixtures import make_case, make_org, make_user

CHECKLIST = {"informed_research": True, "informed_withdrawal": True}


def open_case(
    user,
    *,
    name: str = "Тест",
    gender: str = "Masculine",
    birth: str | None = None,
    citizenship=("UZ",),
    **case,
) -> object:
    person = {
        "first_name": name,
        "last_name": "Тестов",
        "gender": gender,
        "citizenship": list(citizenship),
    }
    if birth:
        person["birth_date"] = birth
    case.setdefault("identified_on", dt.date(2024, 5, 1))
    if case.get("region"):
        case.setdefault("country", case["region"][:2])
    return make_case(user=user, person=person, case=case)


def research_consent(user, case, *, granted: bool = True):
    return consent_record(
        user=user,
        case_id=case.pk,
        purpose="research",
        method="written",
        granted=granted,
        checklist=CHECKLIST,
    )


def withdraw(user, consent):
    return consent_withdraw(user=user, case_id=consent.case_id, consent_id=consent.pk)


def world():
    """Two organisations in two countries; a case manager in each, a coordinator and a researcher."""
    kz = make_org(name="KZ NGO", country="KZ", region="KZ-75")
    kg = make_org(name="KG NGO", country="KG", region="KG-GB")
    gov = make_org(name="KZ NRM", country="KZ", org_type="CentralGovernmentOrganisation")
    return {
        "kz": kz,
        "kg": kg,
        "gov": gov,
        "cm_kz": make_user(org=kz, roles=["case_manager"], username="cm_kz"),
        "cm_kg": make_user(org=kg, roles=["case_manager"], username="cm_kg"),
        "coordinator": make_user(org=gov, roles=["nrm_coordinator"], username="coord"),
        "researcher": make_user(org=gov, roles=["researcher"], username="research"),
        "admin": make_user(org=gov, roles=["administrator"], username="sysadmin"),
    }


EXPORT_PASSWORD = "Ak-bulak river 2024!"


def referral_consent(user, case, recipient, *, granted: bool = True):
    return consent_record(
        user=user,
        case_id=case.pk,
        purpose="referral",
        method="written",
        granted=granted,
        recipient_organisation_id=recipient.pk,
        checklist=CHECKLIST,
    )


def unzip(content: bytes, password: str = EXPORT_PASSWORD) -> tuple[str, str]:
    """(member name, text) of an encrypted export holding one file."""
    from amanat.insights.zipcrypt import decrypt_files

    ((name, data),) = decrypt_files(content, password).items()
    return name, data.decode("utf-8")
