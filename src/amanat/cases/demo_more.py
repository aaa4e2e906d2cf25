"""More demo cases for the research analyses (issue 15): an Uzbek NGO with its cases, so that
needs and reintegration can be compared across KZ, KG, TJ and UZ; and Kazakhstan's 2015-2016
cohort, identified and assisted by the international organisation's office, recruited online
in the published share (10 of 330) and through personal contacts in two thirds of cases.

Its own random stream (`random.Random(SEED)`), so the other apps' demo data, drawn from the shared
stream, do not move; the cases are not added to the shared context for the same reason (the
research consents they need are recorded here). Fictional like all demo data.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from amanat.accounts.services import organisation_create, user_create
from amanat.cases import demo_people
from amanat.cases.consent import CHECKLIST_KEYS, consent_record
from amanat.cases.services import case_decide_trafficking_status, case_open

SEED = 1515
DEMO_PASSWORD = "Amanat-demo-2026"  # noqa: S105 - amanat.platform.demo's (a test checks)
UZ_CASES = 40
# 66 = a fifth of the 330 people of 2015-2016: 2 online (10/330) and 44 personal (67 %).
KZ_2015_2016_CASES = 66
KZ_2015_2016_ONLINE = 2
KZ_2015_2016_PERSONAL = 44
MALE_SHARE_KZ_2016 = 107 / 167  # NGO-assisted in 2016 (US TIP Report 2017, central-asia-figures)


def intake_consents(user, case_id: int, day: dt.date) -> None:
    """What a caseworker records at intake in the demo: the interview consent with every
    checklist point explained, and the written consent to assistance."""
    consent_record(
        user=user,
        case_id=case_id,
        purpose="interview",
        method="verbal",
        given_on=day,
        checklist=dict.fromkeys(CHECKLIST_KEYS, True),
    )
    consent_record(user=user, case_id=case_id, purpose="assistance", method="written", given_on=day)


def _consents(user, case, rng: random.Random, day: dt.date) -> None:
    if rng.random() < 0.9:
        intake_consents(user, case.pk, day)
    if rng.random() < 0.75:
        consent_record(
            user=user,
            case_id=case.pk,
            purpose="research",
            method="written",
            given_on=day,
            checklist={"informed_research": True, "informed_withdrawal": True},
        )


def _open(user, rng: random.Random, country: str, day: dt.date, *, male_share=0.62, **channel):
    # Ages are drawn at the date of identification (the 2015 cohort was not born yesterday).
    person = demo_people.person(rng, country, day, male_share=male_share)
    case = case_open(
        user=user,
        person=person,
        case=demo_people.case(rng, country, day, birth=person["birth_date"], **channel),
        confirm_not_duplicate=True,  # demo names come from a short list: namesakes, not duplicates
    )
    _consents(user, case, rng, day)
    if rng.random() < 0.6:
        case_decide_trafficking_status(
            user=user,
            case_id=case.pk,
            status=rng.choice(["PossibleVictimOfTrafficking", "ActualVictimOfTrafficking"]),
            decided_by_org_type="NGO",
        )
    return case


def seed(context) -> None:
    rng = random.Random(SEED)
    orgs, users = context["organisations"], context["users"]
    uz = organisation_create(
        actor=None,
        name="Tashkent Migrant Support (demo)",
        org_type="NGO",
        country="UZ",
        region="UZ-TK",
    )
    uz_worker = user_create(
        actor=None, username="casemanager_uz", organisation=uz, roles=["case_manager"],
        password=DEMO_PASSWORD,
    )  # fmt: skip
    io_worker = user_create(
        actor=None,
        username="casemanager_io",
        organisation=orgs["kz_io"],
        roles=["case_manager"],
        password=DEMO_PASSWORD,
    )
    # Registered for the other apps' demo data (assistance's research seed works per country).
    orgs["uz_ngo"], users["casemanager_uz"], users["casemanager_io"] = uz, uz_worker, io_worker
    today = timezone.localdate()
    for _ in range(UZ_CASES):
        _open(uz_worker, rng, "UZ", today - dt.timedelta(days=rng.randint(3, 3 * 365)))
    online = set(rng.sample(range(KZ_2015_2016_CASES), KZ_2015_2016_ONLINE))
    rest = [i for i in range(KZ_2015_2016_CASES) if i not in online]
    personal = set(rng.sample(rest, KZ_2015_2016_PERSONAL))
    for index in range(KZ_2015_2016_CASES):
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 730))
        _open(
            io_worker,
            rng,
            "KZ",
            day,
            male_share=MALE_SHARE_KZ_2016,
            online=index in online,
            personal=index in personal,
        )
