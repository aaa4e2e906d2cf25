"""Demo identification interviews: completed ones for some demo cases (some repeated months later,
showing change over time) and one draft to resume. Answers are derived from each fictional
case's recorded facts, so the interview and the case tell the same story. Invented data only."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from amanat.cases.consent import consent_in_force
from amanat.cases.models import Case, CaseEvent
from amanat.screening import events
from amanat.screening.models import Assessment
from amanat.screening.services import assessment_complete, assessment_save, assessment_start

INTERVIEW = "identification-interview"
CONTROL_ANSWERS = {
    "WithholdsDocuments": {"documents_held": "yes"},
    "TakesEarnings": {"pay": "withheld"},
    "DebtBondage": {"debt_to_employer": "yes"},
    "PhysicalThreats": {"threats": "yes"},
    "PsychologicalAbuse": {"isolated": "yes"},
    "ExcessiveWorkingHours": {"excessive_hours": "yes"},
    "FalsePromises": {"deceived_job": "yes", "deceived_wages": "yes"},
    "ThreatsLawEnforcement": {"threat_denunciation": "yes", "status_used": "yes"},
}
METHODS = {
    "AtAPlaceOfBusiness",
    "AtAnEducationalInstitution",
    "AtWork",
    "ThroughOnlineSocialNetworks",
    "ThroughAnOnlineAdvertisement",
    "ThroughATelevisionAdvert",
    "ThroughANewspaperAdvert",
    "ThroughFamilyOrFamilyEvents",
    "ThroughFriendsOrSocialEvents",
}
APPS = {"Facebook", "Instagram", "WhatsApp", "Telegram", "Viber", "TikTok"}
SECTORS = {
    "A_AgricultureForestryAndFishing",
    "T_ActivitiesOfHouseholdsAsEmployers",
    "F_Construction",
    "C_Manufacturing",
    "I_AccommodationAndFoodServiceActivities",
    "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
}
SITUATION = {
    "IrregularMigrant": ("destination", "irregular"),
    "LabourMigrant": ("destination", "regular"),
    "ReturneeWithReentryBan": ("returned", None),
    "Returnee": ("returned", None),
    "StrandedMigrant": ("stranded", "irregular"),
}
NEEDS = [
    "shelter",
    "food",
    "medical",
    "psychosocial",
    "legal",
    "documents",
    "return",
    "money",
    "interpreter",
]


def interview_answers(rng: random.Random, case: Case) -> dict:
    """A plausible interview for a demo case, from its recorded facts."""
    person = case.person
    answers: dict = {
        key: "yes"
        for key in (
            "informed_purpose",
            "informed_data_use",
            "informed_research_use",
            "informed_right_to_access",
            "informed_retention",
            "informed_withdrawal",
            "consent_interview",
        )
    }
    if person.birth_year:
        answers["age"] = max(0, case.identified_on.year - person.birth_year)
    answers["gender"] = {"Masculine": "masculine", "Feminine": "feminine"}.get(
        person.gender, "not_specified"
    )
    situation, status = SITUATION.get(person.migration_status, ("destination", "unknown"))
    answers["current_situation"] = situation
    if status and situation != "returned":
        answers["migration_status"] = status
    if person.migration_status == "ReturneeWithReentryBan":
        answers["reentry_ban"] = "yes"
    for key in (
        "language_difficulty",
        "household_debt",
        "dependants",
        "supportive_family",
        "community_support",
        "documents_missing",
    ):
        answers[key] = rng.choice(["yes", "no", "no"])
    answers["remittances"] = rng.choice(["no", "depends", "depends_stopped"])
    recruited = rng.random() < 0.9
    answers["recruited"] = "yes" if recruited else "no"
    if recruited:
        methods = [m for m in case.recruitment_methods if m in METHODS] or ["Other"]
        answers["recruitment_method"] = methods
        apps = [a for a in case.recruitment_websites if a in APPS]
        if apps and {"ThroughOnlineSocialNetworks", "ThroughAnOnlineAdvertisement"} & set(methods):
            answers["recruitment_apps"] = apps
        answers["relationship_to_recruiter"] = case.relationship_to_trafficker or "Acquainted"
        answers["recruitment_reasons"] = rng.sample(
            [
                "economic_hardship",
                "family_difficulties",
                "lack_of_information",
                "false_success_stories",
            ],
            2,
        )
        if rng.random() < 0.4:
            answers["recruitment_debt"] = "yes"
        answers["journey_organised_by_recruiter"] = rng.choice(["yes", "no"])
    answers["worked"] = "yes"
    if case.labour_industry in SECTORS:
        answers["sector"] = case.labour_industry
    for method in case.control_methods:
        for key, value in CONTROL_ANSWERS.get(method, {}).items():
            if key.startswith("deceived_") and not recruited:
                continue
            answers[key] = value
    answers.setdefault("pay", rng.choice(["as_agreed", "less", "withheld"]))
    for key in ("bad_living", "bad_working", "dependent_on_employer", "unknown_area"):
        answers[key] = rng.choice(["yes", "yes", "no"])
    answers["immediate_needs"] = rng.sample(NEEDS, rng.randint(1, 3))
    answers["in_danger_now"] = rng.choice(["no", "no", "no", "yes"])
    answers["exploiters_know_location"] = rng.choice(["no", "unknown", "yes"])
    return answers


def _follow_up(rng: random.Random, answers: dict) -> dict:
    """Months later: documents back, family support, less danger (or not: some get worse)."""
    change = {
        "in_danger_now": "no",
        "exploiters_know_location": "no",
        "immediate_needs": rng.sample(["psychosocial", "legal", "documents"], 1),
    }
    if rng.random() < 0.7:
        change.update(
            {"documents_missing": "no", "supportive_family": "yes", "community_support": "yes"}
        )
    else:
        change.update({"household_debt": "yes", "remittances": "depends_stopped"})
    return change


def _backdate(assessment: Assessment, started: dt.datetime, completed: dt.datetime | None):
    # Demo only: spread the interviews over time (services stamp "now").
    Assessment.objects.filter(pk=assessment.pk).update(
        started_at=started, updated_at=completed or started, completed_at=completed
    )
    for event in CaseEvent.objects.filter(
        case_id=assessment.case_id, kind__startswith="screening."
    ):
        if event.data.get("assessment_id") == assessment.pk:
            at = started if event.kind == events.STARTED.code else (completed or started)
            CaseEvent.objects.filter(pk=event.pk).update(at=at)


def seed(context: dict) -> None:
    rng: random.Random = context["rng"]
    now = timezone.now()
    interviewed = 0
    repeated = 0
    draft_done = False
    for case in context["cases"]:
        user = case.case_worker
        if user is None or not consent_in_force(case_id=case.pk, purpose="interview"):
            continue
        if not draft_done and user.username == "casemanager":
            draft = assessment_start(user=user, case_id=case.pk, guide_id=INTERVIEW, language="ru")
            answers = interview_answers(rng, case)
            partial = {
                k: v
                for k, v in answers.items()
                if k
                in (
                    "informed_purpose",
                    "informed_data_use",
                    "consent_interview",
                    "age",
                    "gender",
                    "current_situation",
                    "recruited",
                )
            }
            assessment_save(
                user=user,
                case_id=case.pk,
                assessment_id=draft.pk,
                answers=partial,
                section="recruitment",
            )
            _backdate(draft, now - dt.timedelta(days=2), None)
            draft_done = True
            continue
        if rng.random() > 0.35:
            continue
        answers = interview_answers(rng, case)
        identified = dt.datetime.combine(case.identified_on, dt.time(10, 0), tzinfo=dt.UTC)
        first = assessment_start(
            user=user,
            case_id=case.pk,
            guide_id=INTERVIEW,
            language="ru",
            answers={"answers": answers},
        )
        assessment_complete(user=user, case_id=case.pk, assessment_id=first.pk)
        _backdate(first, identified, identified + dt.timedelta(hours=1))
        interviewed += 1
        later = identified + dt.timedelta(days=rng.randint(60, 200))
        if rng.random() < 0.35 and later < now:
            second = assessment_start(
                user=user,
                case_id=case.pk,
                guide_id=INTERVIEW,
                language=rng.choice(["ru", "ru", "en"]),
                copy_from_id=first.pk,
                answers={"answers": _follow_up(rng, answers)},
            )
            assessment_complete(user=user, case_id=case.pk, assessment_id=second.pk)
            _backdate(second, later, later + dt.timedelta(hours=1))
            repeated += 1
    context.setdefault("summary", {})["screening"] = {
        "interviews": interviewed,
        "repeated": repeated,
        "drafts": int(draft_done),
    }
