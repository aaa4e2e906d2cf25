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
from amanat.cases import demo_people
from amanat.cases.demo_more import intake_consents
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
    (
        "supervisor",
        ["case_manager", "supervisor"],
        "kz_ngo",
    ),  # approves where the organisation requires it
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

# The people and cases themselves (names, profiles, regions, recruitment): cases.demo_people.
CASES_PER_ORG = {"kz_ngo": 90, "kz_police": 30, "kg_ngo": 45, "tj_ngo": 35}


# The loop draws a person, then their case (keyword arguments are evaluated in order): the case's
# age when trafficked follows that person's birth date, handed over here.
_drawn: dict = {}


def _person(rng: random.Random, country: str, index: int) -> dict:
    values = demo_people.person(rng, country, timezone.localdate())
    _drawn["birth"] = values["birth_date"]
    return values


def _case(rng: random.Random, country: str, identified: dt.date) -> dict:
    return demo_people.case(rng, country, identified, birth=_drawn.pop("birth", None))


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
                    intake_consents(user, case.pk, identified)
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
