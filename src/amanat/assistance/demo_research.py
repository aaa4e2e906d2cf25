"""Demo data that makes the research analyses meaningful (issue 15): needs assessments for most
cases in every country (KZ, KG, TJ, UZ) whose answers vary with gender, country and form of
exploitation, and reintegration follow-up visits across countries and years, so that needs and
reintegration can be compared and not every table is suppressed.

Every probability below is invented for the demo (they make plausible, testable differences, not
findings). Its own random stream, so the rest of the demo does not move. Called by
`amanat.assistance.demo.seed` after its own stages.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from amanat.assistance import config, services
from amanat.assistance.demo import _deliver, _exit, _plan, _profile, _rss_answers
from amanat.assistance.followup_schedule import add_months
from amanat.assistance.models import NeedsAssessment, SupportPlan
from amanat.cases.consent import consent_in_force
from amanat.cases.models import Case

SEED = 1516
ASSESSED_SHARE = 0.9
FOLLOWED_PER_ORGANISATION = 14
# Chance that a person says they need each thing (before the factors below).
BASE = {
    "safety": 0.22, "shelter": 0.5, "food_and_basics": 0.55, "medical_now": 0.42,
    "documents": 0.5, "family_contact": 0.35, "interpretation": 0.15, "guardian": 0.8,
    "return_travel": 0.4, "ongoing_health": 0.33, "sexual_reproductive_health": 0.08,
    "distress": 0.52, "self_harm": 0.07, "shame_and_stigma": 0.4, "unpaid_wages": 0.45,
    "criminal_proceedings": 0.18, "legal_status": 0.33, "income_and_work": 0.68,
    "skills_training": 0.42, "small_business": 0.22, "debts": 0.33, "housing": 0.3,
    "schooling": 0.12, "family_relations": 0.28, "support_network": 0.33,
}  # fmt: skip
FACTORS = {
    ("gender", "Feminine"): {
        "safety": 2.2, "shelter": 1.4, "sexual_reproductive_health": 5.0,
        "criminal_proceedings": 2.0, "unpaid_wages": 0.6, "income_and_work": 0.85,
    },
    ("gender", "Masculine"): {"unpaid_wages": 1.3, "debts": 1.4, "shame_and_stigma": 1.25},
    ("country", "KZ"): {
        "documents": 1.4, "legal_status": 1.6, "interpretation": 2.5, "return_travel": 1.5,
    },
    ("country", "KG"): {"shelter": 0.8, "skills_training": 1.35},
    ("country", "TJ"): {"income_and_work": 1.2, "debts": 1.6, "family_relations": 1.4},
    ("country", "UZ"): {"small_business": 1.7, "documents": 0.7, "housing": 1.3},
    ("exploitation", "SexualExploitation"): {"distress": 1.35, "sexual_reproductive_health": 2.0},
}  # fmt: skip
# Reintegration: starting sustainability level by country (0 to 1), invented.
LEVEL = {"KZ": 0.42, "KG": 0.34, "TJ": 0.28, "UZ": 0.38}


def _answers(rng: random.Random, case, group: str) -> dict:
    guide = config.needs_guide()
    keys = [("gender", case.person.gender), ("country", case.country)]
    keys += [("exploitation", code) for code in case.exploitation_types]
    answers = {}
    for code, question in guide.questions.items():
        if group not in question.applies_to:
            continue
        chance = BASE.get(code, 0.3)
        for key in keys:
            chance *= FACTORS.get(key, {}).get(code, 1.0)
        roll = rng.random()
        if roll < min(chance, 0.95):
            answers[code] = "urgent" if rng.random() < 0.3 else "needed"
        elif roll > 0.97:
            answers[code] = rng.choice(["unsure", "declined"])
        else:
            answers[code] = "no_need"
    return answers


def _setting(case) -> str:
    """Return (reintegration at home) or integration where the person was identified."""
    citizenship = (case.person.citizenship or [case.country])[0]
    return "origin" if citizenship == case.country else "destination"


def _workers(users) -> dict[int, object]:
    """The case manager of each organisation that has one (who records its assessments)."""
    workers: dict[int, object] = {}
    for user in users.values():
        if "case_manager" in user.roles and user.organisation_id not in workers:
            workers[user.organisation_id] = user
    return workers


def _follow(worker, case, rng: random.Random, today: dt.date) -> None:
    """Plan, services, exit and the visits due since, at a country's reintegration level."""
    profile = _profile(case, today)
    day = min(case.identified_on + dt.timedelta(days=rng.randint(2, 10)), today)
    plan, actions = _plan(worker, case, day, profile)
    _deliver(worker, case, actions, day, today, complete=len(actions))
    exit_day = min(day + dt.timedelta(days=rng.randint(60, 150)), today)
    _exit(worker, case, plan, actions, exit_day)
    level = LEVEL.get(case.country, 0.35) + (0.05 if case.person.gender == "Feminine" else 0)
    level -= 0.08 if _setting(case) == "destination" else 0
    for number, months in enumerate(config.schedule_defaults().visit_months, start=1):
        visited = add_months(exit_day, months) + dt.timedelta(days=rng.randint(-7, 10))
        if visited > today:
            break
        level = min(0.95, level + rng.uniform(0.02, 0.14))
        services.followup_visit_record(
            user=worker,
            case_id=case.pk,
            number=number,
            visited_on=visited,
            mode=rng.choice(["in_person", "in_person", "phone"]),
            notes="Fictional demo visit notes.",
            answers=_rss_answers(rng, level),
        )


def seed(context) -> None:
    rng = random.Random(SEED)
    today = timezone.localdate()
    workers = _workers(context["users"])
    assessed = set(NeedsAssessment.objects.values_list("case_id", flat=True))
    planned = set(SupportPlan.objects.values_list("case_id", flat=True))
    candidates: dict[int, list] = {}
    cases = (
        Case.objects.filter(status="Active", owner_organisation_id__in=list(workers))
        .select_related("person")
        .order_by("id")
    )
    for case in cases:
        if case.pk in assessed or rng.random() >= ASSESSED_SHARE:
            continue
        if not consent_in_force(case_id=case.pk, purpose="assistance"):
            continue
        worker = workers[case.owner_organisation_id]
        profile = _profile(case, today)
        group = "child" if profile == "child" else "adult"
        services.needs_assessment_record(
            user=worker,
            case_id=case.pk,
            answers=_answers(rng, case, group),
            assessed_on=min(case.identified_on + dt.timedelta(days=rng.randint(1, 5)), today),
            respondent_group=group,
            reintegration_setting=_setting(case) if group == "adult" else "undecided",
            notes="Fictional demo intake notes.",
        )
        if case.pk not in planned and (today - case.identified_on).days >= 430:
            candidates.setdefault(case.owner_organisation_id, []).append(case)
    for organisation_id, pool in candidates.items():
        for case in rng.sample(pool, min(FOLLOWED_PER_ORGANISATION, len(pool))):
            _follow(workers[organisation_id], case, rng, today)
