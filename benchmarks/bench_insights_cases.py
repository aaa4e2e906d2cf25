"""Statistics, reports and the CTDC export over N cases stored in the database (default 1,000,000).

Run (SQLite, a throw-away data folder):
    cd /work/main && PYTHONPATH=src .venv/bin/python benchmarks/bench_insights_cases.py [ROWS]
Run on PostgreSQL (an EMPTY database you can drop afterwards; its tables are created here):
    DATABASE_URL=postgresql://user:pass@host:5432/bench PYTHONPATH=src \
        .venv/bin/python benchmarks/bench_insights_cases.py [ROWS]
Measure again on a database this script filled before (SQLite: pass its data folder):
    AMANAT_DATA_DIR=/tmp/amanat-bench-insights-xxxx PYTHONPATH=src \
        .venv/bin/python benchmarks/bench_insights_cases.py --reuse

Cases are synthetic (seeded numpy draws of the coded fields; no names, the encrypted fields stay
empty) and inserted with bulk_create. Measured, in this order:
1. the cold build of the case frame (values_list in 50,000-case chunks -> polars -> CTDC mapping);
2. each dashboard statistic through the selector (`evidence(user, names=[...])`: the cache check
   queries, the statistic, the audit event), warm: median and max of 5 runs;
3. the whole dashboard (every statistic, outcomes and gaps), warm;
4. the full report: statistics + DOCX (17 charts) + XLSX, from a cold chart cache;
5. the k-anonymised CTDC export of every case (research consent given to all);
6. a statistic right after 10 cases were changed through the case service (incremental refresh:
   only the changed cases are read again).
Peak memory: the process's peak resident set (getrusage) after each phase, and the peak
Python-heap allocation (tracemalloc) of the frame build.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc

REUSE = "--reuse" in sys.argv
if "DATABASE_URL" not in os.environ and not REUSE:
    os.environ["AMANAT_DATA_DIR"] = tempfile.mkdtemp(prefix="amanat-bench-insights-")
else:
    os.environ.setdefault("AMANAT_DATA_DIR", tempfile.mkdtemp(prefix="amanat-bench-insights-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
os.environ.setdefault("AMANAT_SECRET_KEY", "benchmark-only-secret")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from amanat.accounts.services import organisation_create, user_create  # noqa: E402
from amanat.cases.models import Case, Person  # noqa: E402
from amanat.insights import casedata, charts  # noqa: E402
from amanat.insights.report import build_docx, build_xlsx  # noqa: E402
from amanat.insights.selectors import ctdc_export, evidence  # noqa: E402
from amanat.insights.stats.case_families import CASE_STATISTICS  # noqa: E402
from amanat.privacy.models import Consent  # noqa: E402

BATCH = 5_000
RUNS = 5
EXPLOITATION = [
    ["ForcedLabour"],
    ["ForcedLabour"],
    ["ForcedLabour"],
    ["SexualExploitation"],
    ["ForcedLabour", "Servitude"],
    ["ForcedBegging"],
    ["ForcedCriminality"],
    [],
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
INDUSTRY = [
    "F_Construction",
    "A_AgricultureForestryAndFishing",
    "T_ActivitiesOfHouseholdsAsEmployers",
    "I_AccommodationAndFoodServiceActivities",
    "C_Manufacturing",
    "",
]
PLACES = [
    ("KZ", "KZ-75"),
    ("KZ", "KZ-71"),
    ("KZ", "KZ-55"),
    ("KG", "KG-GB"),
    ("KG", "KG-O"),
    ("TJ", "TJ-DU"),
    ("TJ", "TJ-SU"),
    ("UZ", "UZ-TK"),
    ("TM", "TM-S"),
]
CITIZENSHIP = ["UZ", "UZ", "KZ", "KG", "TJ", "TM", "RU", "AF"]
STATUS = ["", "PossibleVictimOfTrafficking", "ActualVictimOfTrafficking", "NotAVictimOfTrafficking"]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function, runs: int = RUNS) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def seed(rows: int) -> tuple:
    call_command("migrate", interactive=False, verbosity=0)
    if Case.objects.exists():
        raise SystemExit("The database already holds cases: use an empty one.")
    org = organisation_create(
        actor=None, name="Benchmark NGO", org_type="NGO", country="KZ", region="KZ-75"
    )
    worker = user_create(
        actor=None,
        username="bench_worker",
        organisation=org,
        roles=["case_manager"],
        password="Bench-password-2026-x",
    )
    analyst = user_create(
        actor=None,
        username="bench_analyst",
        organisation=org,
        roles=["researcher"],
        password="Bench-password-2026-x",
    )
    rng = np.random.default_rng(2026)
    # Pools of multi-select answers, drawn once; each case picks one by index (fast to build).
    control_pool = [
        list(rng.choice(CONTROL, int(rng.integers(0, 4)), replace=False)) for _ in range(64)
    ]
    recruitment_pool = [
        list(rng.choice(RECRUITMENT, int(rng.integers(0, 3)), replace=False)) for _ in range(64)
    ]
    relationships = ["", "Familial", "Acquainted", "Unaquainted"]
    destinations = ["RU", "KZ", "TR", "AE"]
    start = time.perf_counter()
    first_day = dt.date(2015, 1, 1).toordinal()
    for offset in range(0, rows, BATCH):
        n = min(BATCH, rows - offset)
        male = rng.random(n) < 0.62
        birth = rng.integers(1960, 2012, n)
        days = rng.integers(0, 10 * 365, n)
        draws = {
            name: rng.integers(0, size, n)
            for name, size in (
                ("place", len(PLACES)),
                ("citizenship", len(CITIZENSHIP)),
                ("exploitation", len(EXPLOITATION)),
                ("status", len(STATUS)),
                ("control", 64),
                ("recruitment", 64),
                ("industry", len(INDUSTRY)),
                ("relationship", 4),
                ("destination", 4),
            )
        }
        persons = [
            Person(
                owner_organisation=org,
                gender="Masculine" if male[i] else "Feminine",
                birth_year=int(birth[i]),
                citizenship=[CITIZENSHIP[draws["citizenship"][i]]],
            )
            for i in range(n)
        ]
        with transaction.atomic():
            Person.objects.bulk_create(persons, batch_size=BATCH)
            if persons[0].pk is None:  # backends that do not return ids (none of ours)
                raise SystemExit("bulk_create did not return ids")
            cases = []
            for i, person in enumerate(persons):
                day = dt.date.fromordinal(first_day + int(days[i]))
                country, region = PLACES[draws["place"][i]]
                exploitation = EXPLOITATION[draws["exploitation"][i]]
                cases.append(
                    Case(
                        code=f"B{offset + i:08d}",
                        person=person,
                        owner_organisation=org,
                        case_worker=worker,
                        created_by=worker,
                        identified_on=day,
                        country=country,
                        region=region,
                        retention_until=day + dt.timedelta(days=3652),
                        trafficking_status=STATUS[draws["status"][i]],
                        exploitation_types=exploitation,
                        control_methods=control_pool[draws["control"][i]],
                        recruitment_methods=recruitment_pool[draws["recruitment"][i]],
                        labour_industry=INDUSTRY[draws["industry"][i]]
                        if "ForcedLabour" in exploitation
                        else "",
                        relationship_to_trafficker=relationships[draws["relationship"][i]],
                        exploitation_countries=[destinations[draws["destination"][i]]],
                    )
                )
            Case.objects.bulk_create(cases, batch_size=BATCH)
            Consent.objects.bulk_create(
                [
                    Consent(
                        case=c,
                        purpose="research",
                        method="written",
                        given_on=c.identified_on,
                        recorded_by=worker,
                    )
                    for c in cases
                ],
                batch_size=BATCH,
            )
        if (offset // BATCH) % 20 == 0:
            print(
                f"  inserted {offset + n:,} cases ({time.perf_counter() - start:.0f} s)", flush=True
            )
    print(
        f"inserted {rows:,} cases with persons and research consents in "
        f"{time.perf_counter() - start:.0f} s"
    )
    return analyst


def main() -> None:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    rows = int(numbers[0]) if numbers else 1_000_000
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    if REUSE:
        from amanat.accounts.models import User

        analyst = User.objects.get(username="bench_analyst")
        print(f"reusing {Case.objects.count():,} cases")
    else:
        analyst = seed(rows)

    casedata.clear_cache()
    tracemalloc.start()
    start = time.perf_counter()
    frame = casedata.case_frame()
    build_s = time.perf_counter() - start
    _, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"\n1. cold frame build: {build_s:.1f} s for {frame.height:,} cases "
        f"({frame.estimated_size('mb'):.0f} MB in polars; Python-heap peak "
        f"{heap_peak / 1e6:.0f} MB); peak RSS {rss_mb():.0f} MB"
    )

    print("\n2. each dashboard statistic through the selector (warm), ms")
    print("| statistic | median | max |")
    print("|---|---|---|")
    worst = 0.0
    for name in CASE_STATISTICS:
        median, top = timed(lambda n=name: evidence(analyst, names=[n]))
        worst = max(worst, top)
        print(f"| {name} | {median:.0f} | {top:.0f} |")
    print(f"slowest single statistic: {worst:.0f} ms")

    median, top = timed(lambda: evidence(analyst), runs=3)
    print(
        f"\n3. whole dashboard (all statistics, outcomes, gaps), warm: median {median:.0f} ms, "
        f"max {top:.0f} ms; peak RSS {rss_mb():.0f} MB"
    )

    charts._memo.clear()
    start = time.perf_counter()
    result = evidence(analyst, purpose="research report")
    docx = build_docx(result, "ru")
    xlsx = build_xlsx(result, "ru")
    print(
        f"\n4. full report (statistics + DOCX with {len(result.all_tables)} charts + XLSX), "
        f"cold charts: {time.perf_counter() - start:.1f} s ({len(docx) / 1e6:.1f} MB DOCX, "
        f"{len(xlsx) / 1e3:.0f} kB XLSX); peak RSS {rss_mb():.0f} MB"
    )

    start = time.perf_counter()
    export = ctdc_export(analyst)
    print(
        f"\n5. k-anonymised CTDC export of {export.cases_with_research_consent:,} cases: "
        f"{time.perf_counter() - start:.1f} s, {export.frame.height:,} records written, "
        f"{export.report.rows_locally_suppressed:,} locally suppressed, "
        f"{export.report.rows_dropped:,} dropped; peak RSS {rss_mb():.0f} MB"
    )

    from amanat.accounts.models import User
    from amanat.cases.services import case_update

    worker = User.objects.get(username="bench_worker")
    ids = list(Case.objects.order_by("-id").values_list("id", flat=True)[:10])
    for case_id in ids:
        case_update(
            user=worker,
            case_id=case_id,
            changes={"labour_industry": "P_Education", "exploitation_types": ["ForcedLabour"]},
        )
    start = time.perf_counter()
    refreshed = evidence(analyst, names=["labour_industry"])
    print(
        f"\n6. a statistic after 10 cases changed (incremental refresh): "
        f"{(time.perf_counter() - start) * 1000:.0f} ms; P_Education now "
        f"{refreshed.tables[0].counts.get('P_Education')}"
    )


if __name__ == "__main__":
    main()
