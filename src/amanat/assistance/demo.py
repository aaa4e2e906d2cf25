"""Demo data for assistance: cases at every stage, so a newcomer sees the whole path.

Just identified (most cases, untouched) -> assessed -> plan in progress (and a draft plan not yet
agreed) -> services delivered (also by a referral recipient) -> follow-up visits with scores over
time (one visit overdue, one due) -> closed -> reopened -> transferred to another organisation.
Every text is fictional. Called by amanat.platform.demo inside its transaction, after the cases,
the referral directory and the referrals exist.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from amanat.assistance import config, services
from amanat.assistance.access import SERVICE_STATES
from amanat.assistance.demo_content import ACTION_TEXT, COSTS, OBJECTIVES, PLAN_TYPE, PROFILES
from amanat.assistance.followup_schedule import add_months
from amanat.assistance.models import SupportPlan
from amanat.cases import lifecycle
from amanat.cases.consent import consent_in_force, consent_record
from amanat.cases.services import case_open
from amanat.referrals.models import Need, NeedStatus, Referral
from amanat.referrals.services import need_record


def _rss_answers(rng: random.Random, level: float) -> dict:
    """Answers around a sustainability level (0 to 1), one indicator at a time."""
    answers = {}
    for code, indicator in config.instrument().indicators.items():
        scored = [o for o in indicator.options.values() if o.value is not None]
        target = min(1.0, max(0.0, level + rng.uniform(-0.2, 0.2)))
        answers[code] = min(scored, key=lambda o: abs(o.value - target)).code
        if rng.random() < 0.05:
            answers[code] = "dont_know"
    return answers


def _profile(case, today: dt.date) -> str:
    person = case.person
    if person.birth_year and today.year - person.birth_year < 18:
        return "child"
    return "woman" if person.gender == "Feminine" else "man_labour"


def _assess(user, case, day: dt.date, profile: str):
    group = "child" if profile == "child" else "adult"
    answers = {
        k: v
        for k, v in PROFILES[profile].items()
        if group in config.needs_guide().questions[k].applies_to
    }
    return services.needs_assessment_record(
        user=user,
        case_id=case.pk,
        answers=answers,
        assessed_on=day,
        respondent_group=group,
        reintegration_setting="origin" if profile != "child" else "undecided",
        notes="Fictional demo notes from the intake conversation.",
    )


def _plan(user, case, day: dt.date, profile: str, *, agreed: bool = True, referrals=()):
    plan = services.support_plan_create(
        user=user,
        case_id=case.pk,
        plan_type=PLAN_TYPE[profile],
        objectives=OBJECTIVES[profile],
        planned_end_date=day + dt.timedelta(days=180),
        agreed_with_person=agreed,
        agreed_on=day if agreed else None,
    )
    by_type = {r.services[0]: r for r in referrals}
    actions = []
    needs = sorted(
        Need.objects.filter(case=case, status=NeedStatus.OPEN),
        key=lambda n: (n.service_type not in by_type, n.pk),
    )
    for need in needs[:4]:
        referral = by_type.get(need.service_type)
        actions.append(
            services.plan_action_add(
                user=user,
                case_id=case.pk,
                plan_id=plan.pk,
                description=ACTION_TEXT.get(need.service_type, "Support as agreed (demo)."),
                responsible_organisation_id=referral.to_organisation_id
                if referral
                else user.organisation_id,
                need_id=need.pk,
                referral_id=referral.pk if referral else None,
                planned_end_date=day + dt.timedelta(days=_days_for(need.pk)),
            )
        )
    return plan, actions


def _days_for(seed: int) -> int:
    return 30 + (seed * 37) % 120


def _deliver(user, case, actions, day: dt.date, today: dt.date, *, complete: int = 1) -> None:
    for index, action in enumerate(
        a for a in actions if a.responsible_organisation_id == user.organisation_id
    ):
        cost, currency = COSTS.get(action.service_type, (None, ""))
        delivered = min(day + dt.timedelta(days=7 + 9 * index), today)
        services.service_delivery_record(
            user=user,
            case_id=case.pk,
            service_type=action.service_type,
            delivered_on=delivered,
            description="Provided as planned (fictional demo).",
            action_id=action.pk,
            cost=cost,
            currency=currency,
            completes_action=index < complete,
        )


def _exit(worker, case, plan, actions, exit_day: dt.date) -> None:
    """The worker's own open actions done, the plan ended as completed on `exit_day`, and the
    follow-up schedule anchored there (the demo and the research demo both end plans so)."""
    for action in actions:
        if action.responsible_organisation_id != worker.organisation_id:
            continue
        current = type(action).objects.get(pk=action.pk)
        if current.status not in ("done", "cancelled"):
            services.plan_action_update(
                user=worker, case_id=case.pk, action_id=action.pk, status="done"
            )
    services.support_plan_end(
        user=worker, case_id=case.pk, plan_id=plan.pk, outcome="completed", actual_end_date=exit_day
    )
    services.followup_schedule_set(
        user=worker, case_id=case.pk, anchor_kind="exit", anchor_date=exit_day
    )


def _eligible(cases, today: dt.date, used: set, *, min_age_days: int = 0):
    for case in cases:
        if case.pk in used:
            continue
        if case.status != "Active" or (today - case.identified_on).days < min_age_days:
            continue
        if not consent_in_force(case_id=case.pk, purpose="assistance"):
            continue
        if SupportPlan.objects.filter(case=case).exists():
            continue
        used.add(case.pk)
        yield case


def seed(context) -> None:
    rng: random.Random = context["rng"]
    orgs, users = context["organisations"], context["users"]
    today = timezone.localdate()
    by_org: dict[int, list] = {}
    for case in context["cases"]:
        by_org.setdefault(case.owner_organisation_id, []).append(case)
    worker = users["casemanager"]
    kz = by_org[orgs["kz_ngo"].pk]
    referred_ids = set(Referral.objects.values_list("case_id", flat=True))
    fresh = [c for c in kz if c.pk not in referred_ids]
    fresh.reverse()  # the referral demo works from the front of the list

    # 1. Services by a referral recipient: the holder plans with the referral, the clinic
    #    records what it did.
    for referral in Referral.objects.filter(
        case__owner_organisation=orgs["kz_ngo"], state__in=list(SERVICE_STATES)
    ).select_related("case__person", "to_organisation"):
        case = referral.case
        if not consent_in_force(case_id=case.pk, purpose="assistance"):
            continue
        day = case.identified_on + dt.timedelta(days=2)
        _assess(worker, case, day, _profile(case, today))
        if not Need.objects.filter(
            case=case, service_type=referral.services[0], status=NeedStatus.OPEN
        ).exists():
            need_record(
                user=worker,
                case_id=case.pk,
                service_type=referral.services[0],
                urgency="high",
                reason="Fictional demo need.",
            )
        _plan_, actions = _plan(worker, case, day, _profile(case, today), referrals=[referral])
        recipient = next(
            (
                u
                for u in users.values()
                if u.organisation_id == referral.to_organisation_id and u.can("case.update")
            ),
            None,
        )
        if recipient is not None and referral.services[0] in {a.service_type for a in actions}:
            services.service_delivery_record(
                user=recipient,
                case_id=case.pk,
                referral_id=referral.pk,
                service_type=referral.services[0],
                delivered_on=today,
                description="Seen by the duty doctor; follow-up in two weeks (demo).",
            )

    stages = {
        "assessed": 3,
        "draft_plan": 1,
        "plan": 3,
        "services": 12,
        "follow_up": 5,
        "closed": 2,
        "reopened": 1,
    }
    used: set[int] = set()
    pool = _eligible(fresh, today, used)
    old_pool = _eligible(fresh[::-1], today, used, min_age_days=420)
    for stage, count in stages.items():
        for _ in range(count):
            case = next(old_pool if stage in ("follow_up", "closed", "reopened") else pool, None)
            if case is None:
                break
            _run_stage(stage, case, worker, orgs, users, rng, today)

    # Transferred: a case of its own, so that the other apps' demo data, which works on the
    # cases as their openers hold them, is not affected by the change of holder.
    _run_stage("transferred", _transfer_case(worker, today), worker, orgs, users, rng, today)

    # Other organisations: a few cases each, so their caseworkers and coordinators see data.
    for org_key, username in (("kg_ngo", "casemanager_kg"), ("tj_ngo", "casemanager_tj")):
        cases = _eligible(reversed(by_org[orgs[org_key].pk]), today, used, min_age_days=420)
        for stage in ("services", "follow_up", "assessed"):
            case = next(cases, None)
            if case is not None:
                _run_stage(stage, case, users[username], orgs, users, rng, today)

    # Needs assessments and follow-up visits in every country for the analyses (issue 15).
    from amanat.assistance.demo_research import seed as seed_research

    seed_research(context)


def _transfer_case(worker, today: dt.date):
    identified = today - dt.timedelta(days=400)
    case = case_open(
        user=worker,
        person={
            "first_name": "Шухрат",
            "last_name": "Назаров",
            "first_name_latin": "Shukhrat",
            "last_name_latin": "Nazarov",
            "gender": "Masculine",
            "citizenship": ["TJ"],
            "birth_date": dt.date(today.year - 34, 4, 12),
            "primary_language": "tg",
            "migration_status": "ReturneeWithReentryBan",
        },
        case={
            "identified_on": identified,
            "country": "KZ",
            "exploitation_types": ["ForcedLabour"],
            "labour_industry": "F_Construction",
            "country_of_origin": "TJ",
            "narrative": "Fictional demo narrative: construction work, wages withheld.",
        },
        confirm_not_duplicate=True,  # a demo story, registered once per demo run
    )
    consent_record(
        user=worker, case_id=case.pk, purpose="assistance", method="written", given_on=identified
    )
    return case


def _run_stage(stage, case, worker, orgs, users, rng, today) -> None:
    profile = _profile(case, today)
    day = min(case.identified_on + dt.timedelta(days=rng.randint(1, 5)), today)
    _assess(worker, case, day, profile)
    if stage == "assessed":
        return
    plan, actions = _plan(worker, case, day, profile, agreed=stage != "draft_plan")
    if stage in ("draft_plan", "plan"):
        if actions and stage == "plan":
            services.plan_action_update(
                user=worker,
                case_id=case.pk,
                action_id=actions[0].pk,
                progress=rng.choice([20, 40, 60]),
                note="Going as planned (demo).",
            )
        return
    _deliver(worker, case, actions, day, today, complete=len(actions) if stage != "services" else 1)
    if stage == "services":
        return
    exit_day = min(day + dt.timedelta(days=rng.randint(60, 120)), today)
    _exit(worker, case, plan, actions, exit_day)
    config_ = config.schedule_defaults()
    level = rng.uniform(0.2, 0.4)
    skip_last = rng.random() < 0.5  # leave the latest visit pending: due or overdue
    due_visits = [
        m for m in config_.visit_months if add_months(exit_day, m) + dt.timedelta(days=10) <= today
    ]
    for number, months in enumerate(due_visits, start=1):
        if skip_last and number == len(due_visits) and number > 1:
            break
        visited = add_months(exit_day, months) + dt.timedelta(days=rng.randint(-7, 10))
        visited = min(visited, today)
        level = min(0.95, level + rng.uniform(0.05, 0.2))
        services.followup_visit_record(
            user=worker,
            case_id=case.pk,
            number=number,
            visited_on=visited,
            mode=rng.choice(["in_person", "in_person", "phone"]),
            notes="Fictional demo visit notes.",
            answers=_rss_answers(rng, level),
        )
    if stage == "closed":
        lifecycle.case_close(
            user=worker,
            case_id=case.pk,
            reason=rng.choice(["reintegration_sustainable", "lost_contact"]),
            note="Fictional demo closure note.",
        )
    elif stage == "reopened":
        lifecycle.case_close(
            user=worker,
            case_id=case.pk,
            reason="followup_period_ended",
            note="Fictional demo closure note.",
        )
        lifecycle.case_reopen(
            user=worker,
            case_id=case.pk,
            note="The person asked for help again after losing work (demo).",
        )
    elif stage == "transferred":
        target = orgs["tj_ngo"]
        consent_record(
            user=worker,
            case_id=case.pk,
            purpose="referral",
            method="written",
            recipient_organisation_id=target.pk,
        )
        lifecycle.case_transfer(
            user=worker,
            case_id=case.pk,
            to_organisation_id=target.pk,
            to_case_worker_id=users["casemanager_tj"].pk,
            note="Returning home to Khujand; please continue the follow-up visits (demo).",
        )
