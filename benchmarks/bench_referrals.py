"""Benchmark of the referral inbox queries and of matching from the database (issue 4).

Run: cd /work/main && .venv/bin/python benchmarks/bench_referrals.py [--referrals 100000]
       [--services 10000] [--repeats 30]

Builds a throw-away SQLite database (or PostgreSQL with DATABASE_URL) in a temporary folder:
200 organisations, 5,000 cases, N referrals spread over the organisations and all states, and
10,000 directory services; then times, through the real selectors (access rules, lazy expiry,
pagination, flags):
- an organisation's incoming and outgoing inbox, page 1 of 25, all states and one state;
- the "overdue" filter; the lazy-expiry check when nothing is due;
- building the matching index from the directory (cold), and ranking a case's three needs
  against it (warm, the usual request).
Prints a Markdown table: median, 95th percentile and max in milliseconds, and queries per call.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def setup_django(data_dir: str) -> None:
    os.environ["AMANAT_DATA_DIR"] = data_dir
    os.environ.setdefault("AMANAT_SECRET_KEY", "benchmark-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "amanat.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def timed(function, repeats: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    queries = len(captured.captured_queries)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times, queries


def report(name: str, times: list[float], queries: int | str) -> None:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(
        f"| {name} | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} | "
        f"{max(times):.1f} | {queries} |",
        flush=True,
    )


def build(n_referrals: int, n_services: int, rng: random.Random):
    import datetime as dt

    from django.utils import timezone

    from amanat.accounts.models import Organisation, User, UserRole
    from amanat.cases.models import Case, Person
    from amanat.referrals.models import DirectoryService, Need, Referral
    from amanat.referrals.state_machine import State
    from amanat.referrals.taxonomy import load_taxonomy

    countries = {
        "KZ": ["KZ-75", "KZ-71", "KZ-79"],
        "KG": ["KG-GB", "KG-O"],
        "TJ": ["TJ-DU", "TJ-SU"],
        "UZ": ["UZ-TK", "UZ-SA"],
    }
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bench org {i:03d}", org_type="NGO", country=list(countries)[i % 4], region=""
            )
            for i in range(200)
        ]
    )
    worker = User.objects.create(username="bench_worker", organisation=orgs[0])
    UserRole.objects.create(user=worker, role="case_manager")
    provider = User.objects.create(username="bench_provider", organisation=orgs[1])
    UserRole.objects.create(user=provider, role="service_provider")
    persons = Person.objects.bulk_create(
        [
            Person(
                owner_organisation=orgs[i % 200],
                gender=rng.choice(["Masculine", "Feminine"]),
                birth_year=rng.randint(1960, 2008),
                citizenship=[rng.choice(list(countries))],
                primary_language=rng.choice(["ru", "kk", "ky", "tg", "uz"]),
            )
            for i in range(5000)
        ],
        batch_size=1000,
    )
    today = timezone.localdate()
    cases = Case.objects.bulk_create(
        [
            Case(
                code=f"B{i:07d}",
                person=p,
                owner_organisation_id=p.owner_organisation_id,
                identified_on=today - dt.timedelta(days=rng.randint(1, 900)),
                country=orgs[i % 200].country,
                region=rng.choice(countries[orgs[i % 200].country]),
                retention_until=today + dt.timedelta(days=3650),
                created_by=worker,
            )
            for i, p in enumerate(persons)
        ],
        batch_size=1000,
    )
    types = list(load_taxonomy().service_types)
    DirectoryService.objects.bulk_create(
        [
            DirectoryService(
                organisation=orgs[i % 200],
                service_type=types[(i // 200) % len(types)],
                country=orgs[i % 200].country,
                regions=rng.sample(countries[orgs[i % 200].country], 1)
                if rng.random() < 0.7
                else [],
                languages=rng.sample(["ru", "kk", "ky", "tg", "uz", "en"], 2),
                capacity=20,
                available=rng.randint(0, 20),
                accepting=rng.random() > 0.05,
                genders=["Feminine"] if rng.random() < 0.1 else [],
            )
            for i in range(min(n_services, 200 * len(types)))
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    extra = n_services - DirectoryService.objects.count()
    if extra > 0:  # beyond one service per type per bench org: more organisations
        more = Organisation.objects.bulk_create(
            [
                Organisation(name=f"Bench extra {i:05d}", org_type="NGO", country="KZ")
                for i in range(extra // len(types) + 1)
            ]
        )
        DirectoryService.objects.bulk_create(
            [
                DirectoryService(
                    organisation=more[i // len(types)],
                    service_type=types[i % len(types)],
                    country="KZ",
                    languages=["ru"],
                    capacity=10,
                    available=5,
                )
                for i in range(extra)
            ],
            batch_size=1000,
        )
    states = [s.value for s in State]
    own_cases = [c for c in cases if c.owner_organisation_id == orgs[0].pk]
    now = timezone.now()
    rows = []
    for _ in range(n_referrals):
        # A busy pair: a tenth of all referrals leave the worker's organisation and a tenth
        # reach the provider's, as for a national hotline and a large shelter.
        case = (
            own_cases[rng.randrange(len(own_cases))]
            if rng.random() < 0.1
            else cases[rng.randrange(len(cases))]
        )
        to = orgs[1] if rng.random() < 0.1 else orgs[rng.randrange(200)]
        if to.pk == case.owner_organisation_id:
            to = orgs[(rng.randrange(199) + 1 + orgs.index(to)) % 200]
        state = rng.choice(states)
        sent = None if state == "draft" else now - dt.timedelta(hours=rng.randint(1, 20000))
        due = None if sent is None else sent + dt.timedelta(hours=72)
        if state == "sent":  # unanswered ones are recent: nothing due yet
            sent = now - dt.timedelta(hours=rng.randint(1, 60))
            due = sent + dt.timedelta(hours=72)
        answered = (
            sent + dt.timedelta(hours=rng.randint(1, 100))
            if state not in ("draft", "sent", "expired") and sent
            else None
        )
        rows.append(
            Referral(
                case=case,
                from_organisation_id=case.owner_organisation_id,
                to_organisation=to,
                services=[rng.choice(types)],
                urgency="normal",
                state=state,
                shared_fields=["age"],
                transnational=to.country != orgs[0].country,
                legal_basis="person_consent" if to.country != orgs[0].country else "",
                created_by=worker,
                sent_at=sent,
                due_at=due,
                answered_at=answered,
                response_hours=None
                if answered is None
                else (answered - sent).total_seconds() / 3600,
            )
        )
        if len(rows) == 5000:
            Referral.objects.bulk_create(rows)
            rows = []
    Referral.objects.bulk_create(rows)
    case = next(c for c in cases if c.owner_organisation_id == orgs[0].pk)
    Need.objects.bulk_create(
        [
            Need(case=case, service_type=t, urgency="high")
            for t in ("shelter", "medical_care", "legal_aid")
        ]
    )
    return worker, provider, case


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="amanat-bench-referrals-") as data_dir:
        setup_django(data_dir)
        from django.db import connection

        from amanat.accounts.models import User
        from amanat.referrals import selectors
        from amanat.referrals.models import DirectoryService, Referral
        from amanat.referrals.services import referrals_expire_due

        rng = random.Random(4)
        start = time.perf_counter()
        worker, provider, case = build(args.referrals, args.services, rng)
        print(
            f"Database ({connection.vendor}): {Referral.objects.count():,} referrals, "
            f"{DirectoryService.objects.count():,} directory services; built in "
            f"{time.perf_counter() - start:.0f} s. Python {sys.version.split()[0]}."
        )
        worker = User.objects.get(pk=worker.pk)
        provider = User.objects.get(pk=provider.pk)
        incoming = Referral.objects.filter(to_organisation_id=provider.organisation_id).count()
        outgoing = Referral.objects.filter(from_organisation_id=worker.organisation_id).count()
        print(f"Provider's organisation receives {incoming:,}; the worker's sends {outgoing:,}.")
        print()
        print("| measurement | runs | median ms | p95 ms | max ms | queries |")
        print("|---|---|---|---|---|---|")
        repeats = args.repeats
        for name, function in (
            (
                "incoming inbox, page 1 (all states)",
                lambda: selectors.referral_inbox(provider, box="incoming"),
            ),
            (
                "incoming inbox, status=sent",
                lambda: selectors.referral_inbox(provider, box="incoming", status="sent"),
            ),
            (
                "outgoing inbox, page 1 (all states)",
                lambda: selectors.referral_inbox(worker, box="outgoing"),
            ),
            (
                "outgoing inbox, page 40",
                lambda: selectors.referral_inbox(worker, box="outgoing", page=40),
            ),
            (
                "incoming inbox, status=overdue",
                lambda: selectors.referral_inbox(provider, box="incoming", status="overdue"),
            ),
            ("lazy expiry check, nothing due", lambda: referrals_expire_due()),
        ):
            times, queries = timed(function, repeats)
            report(name, times, queries)

        def cold():
            selectors._index_cache.clear()
            return selectors.service_index()

        times, queries = timed(cold, max(3, repeats // 5))
        report(
            f"matching index build from {DirectoryService.objects.count():,} services (cold)",
            times,
            queries,
        )
        selectors.service_index()
        times, queries = timed(lambda: selectors.case_matches(worker, case.pk, limit=10), repeats)
        report("rank a case's 3 needs (warm index, top 10 each, with audit)", times, queries)
        index = selectors.service_index()
        profile = selectors.case_profile(case, list(case.needs.all()))
        times, _ = timed(lambda: index.rank(profile, limit=20), repeats)
        report("pure ranking of the 3 needs (no database)", times, 0)


if __name__ == "__main__":
    main()
