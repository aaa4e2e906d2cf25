"""Assistance at scale: follow-up reminders, the case assistance page, scoring a visit through
the service layer, coordinator statistics and the trajectory chart.

    python benchmarks/bench_assistance.py [--cases 10000] [--runs 30]

Runs in a fresh scratch data folder (SQLite) unless AMANAT_DATA_DIR or DATABASE_URL is set; it
refuses a database that already holds cases. Data is bulk-loaded with the same encryption as
the services (no audit events for the load); every measured call goes through the real
selector, service or HTTP view, including the audit event it writes. Per case: one completed
support plan with 3 actions, 3 services, a follow-up schedule of 5 visits of which those due
long enough ago are held with a scored reintegration assessment (encrypted answers), so about
half the visits are held and a share of the rest are due or overdue.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time

if not os.environ.get("AMANAT_DATA_DIR") and not os.environ.get("DATABASE_URL"):
    os.environ["AMANAT_DATA_DIR"] = tempfile.mkdtemp(prefix="amanat-bench-assistance-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
os.environ.setdefault("AMANAT_SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from amanat.accounts.services import organisation_create, user_create  # noqa: E402
from amanat.assistance import config, services  # noqa: E402
from amanat.assistance.charts import Point, trajectory_svg  # noqa: E402
from amanat.assistance.followup_schedule import add_months  # noqa: E402
from amanat.assistance.models import (  # noqa: E402
    FollowUpSchedule,
    FollowUpVisit,
    PlanAction,
    ReintegrationAssessment,
    ServiceDelivery,
    SupportPlan,
)
from amanat.assistance.reintegration import score_answers  # noqa: E402
from amanat.assistance.selectors import (  # noqa: E402
    case_assistance,
    followup_reminders,
    followup_reminders_for_user,
)
from amanat.assistance.stats import assistance_statistics  # noqa: E402
from amanat.cases.codes import new_case_code  # noqa: E402
from amanat.cases.consent import consent_record  # noqa: E402
from amanat.cases.models import Case, Person  # noqa: E402

ORGS = 10
PASSWORD = "Benchmark-password-1"  # noqa: S105
SERVICE_TYPES = ["shelter", "medical_care", "legal_aid", "job_placement", "cash_assistance"]


def _answers(rng: random.Random, level: float) -> dict:
    answers = {}
    for code, indicator in config.instrument().indicators.items():
        scored = [o for o in indicator.options.values() if o.value is not None]
        target = min(1.0, max(0.0, level + rng.uniform(-0.2, 0.2)))
        answers[code] = min(scored, key=lambda o: abs(o.value - target)).code
    return answers


def load(cases: int, rng: random.Random):
    call_command("migrate", verbosity=0)
    if Case.objects.exists():
        sys.exit("This database holds cases: use a scratch AMANAT_DATA_DIR or DATABASE_URL.")
    orgs = [
        organisation_create(actor=None, name=f"Bench org {i}", org_type="NGO", country="KZ")
        for i in range(ORGS)
    ]
    workers = [
        user_create(
            actor=None,
            username=f"bench{i}",
            organisation=org,
            roles=["case_manager"],
            password=PASSWORD,
        )
        for i, org in enumerate(orgs)
    ]
    coordinator = user_create(
        actor=None,
        username="bench_coordinator",
        organisation=orgs[0],
        roles=["nrm_coordinator"],
        password=PASSWORD,
    )
    today = timezone.localdate()
    started = time.perf_counter()
    with transaction.atomic():
        persons = Person.objects.bulk_create(
            Person(
                owner_organisation=orgs[i % ORGS],
                first_name=f"Имя{i}",
                last_name="Бенчмарк",
                gender="Masculine",
            )
            for i in range(cases)
        )
        case_rows = []
        for i, person in enumerate(persons):
            identified = today - dt.timedelta(days=rng.randint(30, 4 * 365))
            case_rows.append(
                Case(
                    code=new_case_code(),
                    person=person,
                    owner_organisation=orgs[i % ORGS],
                    case_worker=workers[i % ORGS],
                    identified_on=identified,
                    country="KZ",
                    retention_until=today + dt.timedelta(days=3650),
                    created_by=workers[i % ORGS],
                    status="FollowUp",
                )
            )
        case_rows = Case.objects.bulk_create(case_rows, batch_size=2000)
        plans, actions, service_rows, schedules, visits = [], [], [], [], []
        for case in case_rows:
            worker = workers[case.owner_organisation_id % ORGS]
            exit_day = case.identified_on + dt.timedelta(days=90)
            plans.append(
                SupportPlan(
                    case=case,
                    status="completed",
                    plan_type="SocialCare",
                    objectives="Бенчмарк: цели плана",
                    agreed_with_person=True,
                    agreed_on=case.identified_on,
                    actual_end_date=exit_day,
                    organisation_id=case.owner_organisation_id,
                    created_by=worker,
                )
            )
            schedules.append(
                FollowUpSchedule(
                    case=case,
                    anchor_kind="exit",
                    anchor_date=exit_day,
                    visit_months=[3, 6, 12, 24, 36],
                    remind_days_before=14,
                    grace_days=14,
                    set_by=worker,
                )
            )
            for number, months in enumerate([3, 6, 12, 24, 36], start=1):
                due = add_months(exit_day, months)
                held = due + dt.timedelta(days=rng.randint(-5, 20))
                visits.append(
                    FollowUpVisit(
                        case=case,
                        number=number,
                        months_after=months,
                        due_date=due,
                        remind_from=due - dt.timedelta(days=14),
                        overdue_after=due + dt.timedelta(days=14),
                        visited_on=held if held < today - dt.timedelta(days=20) else None,
                        mode="phone",
                        notes="Бенчмарк: заметки визита",
                        organisation_id=case.owner_organisation_id,
                        visited_by=worker,
                    )
                )
        plans = SupportPlan.objects.bulk_create(plans, batch_size=2000)
        for plan in plans:
            for k in range(3):
                actions.append(
                    PlanAction(
                        plan=plan,
                        case_id=plan.case_id,
                        description="Бенчмарк: мероприятие",
                        service_type=SERVICE_TYPES[k],
                        spl_type="SocialCare",
                        responsible_organisation_id=plan.organisation_id,
                        status="done",
                        progress=100,
                        actual_end_date=plan.actual_end_date,
                    )
                )
        actions = PlanAction.objects.bulk_create(actions, batch_size=2000)
        for action in actions:
            service_rows.append(
                ServiceDelivery(
                    case_id=action.case_id,
                    action=action,
                    service_type=action.service_type,
                    delivered_on=action.actual_end_date,
                    description="Бенчмарк: услуга",
                    cost=rng.choice([None, 1500, 45000]),
                    organisation_id=action.plan.organisation_id,
                    recorded_by_id=action.plan.created_by_id,
                )
            )
        for row in service_rows:
            row.currency = "" if row.cost is None else "KZT"
        ServiceDelivery.objects.bulk_create(service_rows, batch_size=2000)
        FollowUpSchedule.objects.bulk_create(schedules, batch_size=2000)
        visits = FollowUpVisit.objects.bulk_create(visits, batch_size=2000)
        instrument = config.instrument()
        scores = []
        for visit in visits:
            if visit.visited_on is None:
                continue
            answers = _answers(rng, 0.2 + 0.15 * visit.number)
            result = score_answers(answers, instrument=instrument)
            scores.append(
                ReintegrationAssessment(
                    case_id=visit.case_id,
                    visit=visit,
                    assessed_on=visit.visited_on,
                    answers=answers,
                    explanation=result.explanation,
                    economic=result.economic,
                    social=result.social,
                    psychosocial=result.psychosocial,
                    composite=result.composite,
                    indicators_scored=15,
                    indicators_total=15,
                    instrument_version=instrument.version,
                    instrument_digest=instrument.digest,
                    organisation_id=visit.organisation_id,
                    recorded_by_id=visit.visited_by_id,
                )
            )
        ReintegrationAssessment.objects.bulk_create(scores, batch_size=1000)
    print(
        f"loaded {cases:,} cases, {len(visits):,} visits ({len(scores):,} held and scored), "
        f"{len(service_rows):,} services in {time.perf_counter() - started:.1f} s"
    )
    return orgs, workers, coordinator


def measure(label: str, fn, runs: int) -> dict:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "label": label,
        "runs": runs,
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
        "max": times[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    orgs, workers, coordinator = load(args.cases, rng)
    worker = workers[0]
    today = timezone.localdate()
    own_cases = list(Case.objects.filter(owner_organisation=orgs[0]).values_list("pk", flat=True))
    sample = rng.sample(own_cases, min(len(own_cases), args.runs))
    for case_id in sample:
        consent_record(user=worker, case_id=case_id, purpose="assistance", method="written")

    rows = []
    reminders = followup_reminders(today=today, organisation_id=orgs[0].pk)
    everyone = followup_reminders(today=today)
    rows.append(
        measure(
            f"reminders, one organisation ({len(reminders):,} due or overdue)",
            lambda: followup_reminders(today=today, organisation_id=orgs[0].pk),
            args.runs,
        )
    )
    rows.append(
        measure(
            f"reminders, all organisations (CLI; {len(everyone):,})",
            lambda: followup_reminders(today=today),
            max(5, args.runs // 3),
        )
    )
    rows.append(
        measure(
            "reminders page selector (with audit event)",
            lambda: followup_reminders_for_user(worker),
            args.runs,
        )
    )
    iterator = iter(sample * 3)
    with CaptureQueriesContext(connection) as queries:
        case_assistance(worker, sample[0])
    rows.append(
        measure(
            f"case assistance selector ({len(queries)} queries)",
            lambda: case_assistance(worker, next(iterator)),
            args.runs,
        )
    )

    setup_test_environment()
    client = Client()
    client.login(username=worker.username, password=PASSWORD)
    pages = iter(sample * 2)
    for label in ("chart drawn", "chart from the cache"):  # each case once, then again
        rows.append(
            measure(
                f"assistance page over HTTP ({label})",
                lambda: client.get(f"/assistance/cases/{next(pages)}/"),
                len(sample),
            )
        )
    answers = _answers(rng, 0.6)
    targets = iter(sample * 3)
    rows.append(
        measure(
            "score a reintegration assessment (service, DB write, audit)",
            lambda: services.reintegration_assessment_record(
                user=worker, case_id=next(targets), answers=answers
            ),
            args.runs,
        )
    )
    rows.append(
        measure(
            f"coordinator statistics ({args.cases:,} cases)",
            lambda: assistance_statistics(coordinator),
            max(3, args.runs // 6),
        )
    )
    points = [
        Point(
            today - dt.timedelta(days=365 * k),
            {"composite": 0.2 + 0.1 * k, "economic": 0.3, "social": 0.5, "psychosocial": 0.4},
        )
        for k in range(5, 0, -1)
    ]
    labels = {
        "composite": "Composite",
        "economic": "Economic",
        "social": "Social",
        "psychosocial": "Psychosocial",
    }
    rows.append(
        measure(
            "trajectory chart, 5 points (SVG)",
            lambda: trajectory_svg(points, labels=labels),
            args.runs,
        )
    )

    print("\n| operation | runs | median ms | p95 ms | max ms |\n|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['label']} | {row['runs']} | {row['median']:.1f} | {row['p95']:.1f} | "
            f"{row['max']:.1f} |"
        )


if __name__ == "__main__":
    main()
