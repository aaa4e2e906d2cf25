"""Fictional demo data: organisations in KZ, KG and TJ, one user per role, about 200 cases.

Every name here is invented. Other apps add their part through `amanat.<app>.demo.seed(ctx)`.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import random

from django.db import transaction
from django.utils import timezone

from amanat.accounts.models import Organisation, User
from amanat.accounts.services import organisation_create, user_create
from amanat.cases.consent import consent_record
from amanat.cases.demo_names import FEMALE_FIRST, LAST, MALE_FIRST
from amanat.cases.services import case_decide_trafficking_status, case_open
from amanat.core.progress import Progress, step

DEMO_PASSWORD = "Amanat-demo-2026"  # noqa: S105 - printed on purpose: demo data only
DEMO_APPS = ("cases", "screening", "referrals", "assistance", "insights", "training", "recruitment")

ORGANISATIONS = [
    # key, name, type, country, region
    ("kz_ngo", "Umit Support Centre (demo)", "NGO", "KZ", "KZ-75"),
    (
        "kz_police",
        "Almaty City Police, Anti-Trafficking Unit (demo)",
        "LawEnforcement",
        "KZ",
        "KZ-75",
    ),
    (
        "kz_gov",
        "National Referral Mechanism Secretariat (demo)",
        "CentralGovernmentOrganisation",
        "KZ",
        "KZ-71",
    ),
    (
        "kz_io",
        "International Migration Office, Astana (demo)",
        "InternationalOrganisation",
        "KZ",
        "KZ-71",
    ),
    ("kg_ngo", "Ala-Too Shelter (demo)", "NGO", "KG", "KG-GB"),
    ("kg_legal", "Bishkek Legal Aid Clinic (demo)", "LegalService", "KG", "KG-GB"),
    ("tj_ngo", "Khujand Returnee Support (demo)", "NGO", "TJ", "TJ-SU"),
    ("tj_health", "Dushanbe City Clinic (demo)", "HealthServiceOrganisation", "TJ", "TJ-DU"),
]

USERS = [
    # username, roles, organisation key
    ("casemanager", ["case_manager"], "kz_ngo"),
    ("provider", ["service_provider"], "kg_ngo"),
    ("police", ["law_enforcement"], "kz_police"),
    ("coordinator", ["nrm_coordinator"], "kz_gov"),
    ("researcher", ["researcher"], "kz_io"),
    ("trainer", ["trainer"], "kz_io"),
    ("admin", ["administrator"], "kz_gov"),
    ("casemanager_kg", ["case_manager"], "kg_ngo"),
    ("casemanager_tj", ["case_manager"], "tj_ngo"),
    ("lawyer_kg", ["service_provider"], "kg_legal"),
    ("doctor_tj", ["service_provider"], "tj_health"),
]

# Invented names, in Cyrillic with a Latin transliteration.
EXPLOITATION = [
    ["ForcedLabour"],
    ["ForcedLabour"],
    ["ForcedLabour"],
    ["SexualExploitation"],
    ["ForcedLabour", "Servitude"],
    ["ForcedBegging"],
    ["ForcedCriminality"],
]
INDUSTRIES = [
    "F_Construction",
    "A_AgricultureForestryAndFishing",
    "T_ActivitiesOfHouseholdsAsEmployers",
    "I_AccommodationAndFoodServiceActivities",
    "C_Manufacturing",
    "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
]
CONTROL = [
    "WithholdsDocuments",
    "TakesEarnings",
    "DebtBondage",
    "PhysicalThreats",
    "PsychologicalAbuse",
    "ExcessiveWorkingHours",
    "FalsePromises",
    "ThreatsLawEnforcement",
]
RECRUITMENT = [
    "ThroughFriendsOrSocialEvents",
    "ThroughFamilyOrFamilyEvents",
    "ThroughOnlineSocialNetworks",
    "ThroughAnOnlineAdvertisement",
    "AtWork",
    "ThroughANewspaperAdvert",
]
APPS = ["Telegram", "WhatsApp", "Instagram", "Odnoklassniki", "VKontakte"]
MIGRATION = [
    "LabourMigrant",
    "IrregularMigrant",
    "ReturneeWithReentryBan",
    "Returnee",
    "StrandedMigrant",
]
CITIZENSHIP_BY_COUNTRY = {
    "KZ": ["UZ", "UZ", "KZ", "KG", "TJ"],
    "KG": ["KG", "KG", "UZ"],
    "TJ": ["TJ", "TJ", "UZ"],
}
CASES_PER_ORG = {"kz_ngo": 90, "kz_police": 30, "kg_ngo": 45, "tj_ngo": 35}


def _person(rng: random.Random, country: str, index: int) -> dict:
    male = rng.random() < 0.62  # most identified victims of labour exploitation are men
    first, first_lat = rng.choice(MALE_FIRST if male else FEMALE_FIRST)
    last, last_lat = rng.choice(LAST)
    if not male:
        last, last_lat = last + "а", last_lat + "a"
    age = rng.randint(15, 55)
    birth = dt.date(timezone.localdate().year - age, rng.randint(1, 12), rng.randint(1, 28))
    citizenship = rng.choice(CITIZENSHIP_BY_COUNTRY[country])
    return {
        "first_name": first,
        "last_name": last,
        "first_name_latin": first_lat,
        "last_name_latin": last_lat,
        "birth_date": birth,
        "gender": "Masculine" if male else "Feminine",
        "marital_status": rng.choice(["Single", "Married", "Divorced"]),
        "number_of_children": rng.randint(0, 4),
        "citizenship": [citizenship],
        "primary_language": {"UZ": "uz", "KZ": "kk", "KG": "ky", "TJ": "tg"}[citizenship],
        "secondary_language": "ru",
        "education": rng.choice(
            [
                "LowerSecondaryEducation",
                "UpperSecondaryEducation",
                "PostSecondaryNonTertiaryEducation",
            ]
        ),
        "migration_status": rng.choice(MIGRATION),
        "id_document_type": "Passport",
        "id_document_number": f"{citizenship}{rng.randint(1000000, 9999999)}",
        "phone": f"+{ {'KZ': '7701', 'KG': '996555', 'UZ': '99890', 'TJ': '99293'}[citizenship] }{rng.randint(100000, 999999)}",
        "address_country": country,
    }


def _case(rng: random.Random, country: str, identified: dt.date) -> dict:
    exploitation = rng.choice(EXPLOITATION)
    recruitment = rng.sample(RECRUITMENT, rng.randint(1, 2))
    online = any(
        r.startswith("ThroughOnline") or r == "ThroughAnOnlineAdvertisement" for r in recruitment
    )
    return {
        "identified_on": identified,
        "country": country,
        "recruitment_methods": recruitment,
        "recruitment_websites": rng.sample(APPS, rng.randint(1, 2)) if online else [],
        "exploitation_types": exploitation,
        "control_methods": rng.sample(CONTROL, rng.randint(1, 4)),
        "labour_industry": rng.choice(INDUSTRIES) if "ForcedLabour" in exploitation else "",
        "relationship_to_trafficker": rng.choice(["Acquainted", "Unaquainted", "Familial"]),
        "country_of_origin": rng.choice(CITIZENSHIP_BY_COUNTRY[country]),
        "exploitation_countries": [rng.choice(["KZ", "RU", "KZ", "TR", "AE"])],
        "narrative": "Fictional demo narrative: recruited with a promise of work, documents taken "
        "on arrival, wages withheld.",
    }


def demo_seed(*, seed: int = 2026) -> dict:
    """Load the demo data once; a second run changes nothing."""
    logins = [(u, ",".join(r), dict((k, n) for k, n, *_ in ORGANISATIONS)[o]) for u, r, o in USERS]
    if User.objects.filter(username="casemanager").exists():
        return {"message": "already loaded; nothing changed.", "logins": logins}
    rng = random.Random(seed)
    with transaction.atomic():
        orgs: dict[str, Organisation] = {}
        for key, name, org_type, country, region in ORGANISATIONS:
            orgs[key] = organisation_create(
                actor=None, name=name, org_type=org_type, country=country, region=region
            )
        users: dict[str, User] = {}
        for username, roles, org_key in USERS:
            users[username] = user_create(
                actor=None,
                username=username,
                organisation=orgs[org_key],
                roles=roles,
                password=DEMO_PASSWORD,
            )
        opener = {
            "kz_ngo": "casemanager",
            "kz_police": "police",
            "kg_ngo": "casemanager_kg",
            "tj_ngo": "casemanager_tj",
        }
        cases = []
        today = timezone.localdate()
        bar = Progress("Demo data: opening cases", total=sum(CASES_PER_ORG.values()))
        for org_key, count in CASES_PER_ORG.items():
            user = users[opener[org_key]]
            country = orgs[org_key].country
            for index in range(count):
                identified = today - dt.timedelta(days=rng.randint(3, 3 * 365))
                case = case_open(
                    user=user,
                    person=_person(rng, country, index),
                    case=_case(rng, country, identified),
                    # Demo names come from a short list: namesakes are expected, not duplicates.
                    confirm_not_duplicate=True,
                )
                if rng.random() < 0.85:
                    consent_record(
                        user=user,
                        case_id=case.pk,
                        purpose="interview",
                        method="verbal",
                        given_on=identified,
                        checklist={
                            k: True
                            for k in (
                                "informed_purpose",
                                "informed_use",
                                "informed_research",
                                "informed_access_right",
                                "informed_retention",
                                "informed_withdrawal",
                            )
                        },
                    )
                    consent_record(
                        user=user,
                        case_id=case.pk,
                        purpose="assistance",
                        method="written",
                        given_on=identified,
                    )
                if rng.random() < 0.6 and user.can("case.decide_status"):
                    case_decide_trafficking_status(
                        user=user,
                        case_id=case.pk,
                        status=rng.choice(
                            [
                                "PossibleVictimOfTrafficking",
                                "ActualVictimOfTrafficking",
                                "PossibleVictimOfTrafficking",
                            ]
                        ),
                        decided_by_org_type="Police" if org_key == "kz_police" else "NGO",
                    )
                cases.append(case)
                bar.update()
        bar.close()
        context = {"rng": rng, "organisations": orgs, "users": users, "cases": cases}
        for app in DEMO_APPS:
            module_name = f"amanat.{app}.demo"
            if importlib.util.find_spec(module_name) is not None:
                step(f"Demo data: {app}")
                importlib.import_module(module_name).seed(context)
    return {
        "message": f"loaded {len(orgs)} organisations, {len(users)} users, {len(cases)} cases.",
        "logins": logins,
    }
