"""Flat-cost lists and statistics (issue 13, items 3 and 4) on PostgreSQL, one organisation.

Run (an EMPTY PostgreSQL database you can drop afterwards; its tables are created here):
    DATABASE_URL=postgresql://amanat:amanat@localhost:5544/bench PYTHONPATH=src \\
        .venv/bin/python benchmarks/bench_lists_stats.py [--sizes 100000,500000,2000000]
        [--stats-at 1000000] [--requests 100]
Then, on the same database, the statistics of a web process alone (a worker process catches
the facts up first):  ... bench_lists_stats.py --reuse

Cases are bulk-loaded with COPY: one case opened through the service is the template, its
person and case rows are copied with new ids, codes, creation times and varied coded fields
(gender, birth year, place, exploitation), all in one organisation. At each size:
- the case list (web page and API) p50/p95 of page 1 and of pages deep in the list reached by
  cursor, through the whole HTTP stack in process (Django test client: middleware, access rule,
  the audit event of each read, rendering);
- the old list's two queries in the same run: COUNT(*) of the organisation's cases and an
  OFFSET page of ids at a random depth.
At --stats-at: the facts' first fill (once, the worker's job), the cold frame of a process, a
warm statistic, and a statistic right after 10 cases were edited through the service (5 rounds),
beside the old refresh's SQL (COUNT(*) over all cases and the OR/IN re-read of the last 1,000
events' cases); the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
os.environ.setdefault("AMANAT_SECRET_KEY", "benchmark-only-secret")
# The test client asks for host "testserver".
os.environ.setdefault("AMANAT_ALLOWED_HOSTS", "testserver")
if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    raise SystemExit("Set DATABASE_URL to an empty PostgreSQL database (COPY fast path).")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from amanat.accounts.models import User  # noqa: E402
from amanat.accounts.services import organisation_create, user_create  # noqa: E402
from amanat.cases.models import Case, CaseEvent, Person  # noqa: E402
from amanat.cases.services import case_open, case_update  # noqa: E402
from amanat.cases.worklist import Worklist  # noqa: E402
from amanat.core import keyset  # noqa: E402
from amanat.insights import casedata, facts  # noqa: E402
from amanat.insights.selectors import evidence  # noqa: E402

PLACES = [("KZ", "KZ-75"), ("KZ", "KZ-71"), ("KG", "KG-GB"), ("TJ", "TJ-DU"), ("UZ", "UZ-TK")]
EXPLOITATION = [["ForcedLabour"], ["SexualExploitation"], ["ForcedLabour", "Servitude"], []]
CITIZENSHIP = ["UZ", "KZ", "KG", "TJ", "RU"]
GENDERS = ["Masculine", "Feminine"]
COPY_BATCH = 100_000


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"{statistics.median(ordered):.1f} / {p95:.1f}"


def setup():
    call_command("migrate", interactive=False, verbosity=0)
    if Case.objects.exists():
        raise SystemExit("The database already holds cases: use an empty one.")
    org = organisation_create(actor=None, name="Big NGO", org_type="NGO", country="KZ")
    kwargs = {"organisation": org, "password": "Bench-password-2026-x"}
    worker = user_create(actor=None, username="bench_cm", roles=["case_manager"], **kwargs)
    analyst = user_create(actor=None, username="bench_an", roles=["researcher"], **kwargs)
    template = case_open(
        user=worker,
        person={"first_name": "Шаблон", "last_name": "Тестов", "gender": "Masculine"},
        case={"country": "KZ", "region": "KZ-75"},
        confirm_not_duplicate=True,
    )
    return org, worker, analyst, template


def _template_row(table: str, pk: int) -> tuple[list[str], list]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608 - our names
        names = [c.name for c in cursor.description]
        return names, list(cursor.fetchone())


def _copy(table: str, names: list[str], rows) -> None:
    raw = connection.connection  # psycopg 3
    with (
        raw.cursor() as cursor,
        cursor.copy(
            f"COPY {table} ({', '.join(names)}) FROM STDIN"  # noqa: S608 - our names
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _jsonable(value):
    return json.dumps(value) if isinstance(value, list | dict) else value


def grow(template: Case, target: int, rng: random.Random) -> float:
    """COPY persons and cases until the organisation holds `target` cases; seconds taken."""
    start = time.perf_counter()
    p_names, p_row = _template_row("cases_person", template.person_id)
    c_names, c_row = _template_row("cases_case", template.pk)
    p_row, c_row = [_jsonable(v) for v in p_row], [_jsonable(v) for v in c_row]
    have = Case.objects.count()
    base = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    while have < target:
        n = min(COPY_BATCH, target - have)
        top_p = Person.objects.order_by("-id").values_list("id", flat=True).first()
        top_c = Case.objects.order_by("-id").values_list("id", flat=True).first()
        persons, cases = [], []
        for i in range(n):
            p = list(p_row)
            p[p_names.index("id")] = top_p + 1 + i
            p[p_names.index("gender")] = rng.choice(GENDERS)
            p[p_names.index("birth_year")] = rng.randint(1960, 2010)
            p[p_names.index("citizenship")] = json.dumps([rng.choice(CITIZENSHIP)])
            persons.append(p)
            c = list(c_row)
            country, region = rng.choice(PLACES)
            number = top_c + 1 + i
            c[c_names.index("id")] = number
            c[c_names.index("person_id")] = top_p + 1 + i
            c[c_names.index("code")] = f"B{number:08d}"
            # Creation times with ties (whole seconds, several cases per second).
            c[c_names.index("created_at")] = base + dt.timedelta(seconds=(have + i) // 3)
            c[c_names.index("identified_on")] = dt.date(2015, 1, 1) + dt.timedelta(
                days=rng.randint(0, 3650)
            )
            c[c_names.index("country")] = country
            c[c_names.index("region")] = region
            c[c_names.index("exploitation_types")] = json.dumps(rng.choice(EXPLOITATION))
            cases.append(c)
        _copy("cases_person", p_names, persons)
        _copy("cases_case", c_names, cases)
        have += n
    with connection.cursor() as cursor:
        for table in ("cases_person", "cases_case"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608, E501
            )
        cursor.execute("ANALYZE cases_person")
        cursor.execute("ANALYZE cases_case")
    return time.perf_counter() - start


def _timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        answer = fn()
        out.append((time.perf_counter() - start) * 1000)
        if getattr(answer, "status_code", 200) != 200:
            raise SystemExit(f"request failed: {answer.status_code}")
    return out


def measure_lists(org, worker, size: int, requests: int, rng: random.Random) -> None:
    client = Client()
    client.force_login(worker)
    api = Client(headers={"Authorization": f"Bearer {_token(worker)}"})
    visible = Case.objects.filter(owner_organisation=org).only("id", "created_at")
    cursors = []
    fields = keyset._parse_order(("-created_at", "-id"))
    for _ in range(20):  # boundary rows at random depths (found once, outside the timing)
        row = visible.order_by("-created_at", "-id")[rng.randint(0, size - 30)]
        cursors.append(keyset._make(Worklist().scope, fields, row, "next", 2))
    client.get(reverse("cases:dashboard"))
    api.get("/api/cases")
    rows = {
        "web case list, page 1": _timed(lambda: client.get(reverse("cases:dashboard")), requests),
        "web case list, deep page by cursor": _timed(
            lambda: client.get(reverse("cases:dashboard"), {"cursor": rng.choice(cursors)}),
            requests,
        ),
        "API case list, page 1": _timed(lambda: api.get("/api/cases"), requests),
        "API case list, deep page by cursor": _timed(
            lambda: api.get("/api/cases", {"cursor": rng.choice(cursors)}), requests
        ),
        "old: COUNT(*) of the organisation's cases": _timed(
            lambda: Case.objects.filter(owner_organisation=org).count(), max(5, requests // 10)
        ),
        "old: OFFSET page of ids at a random depth": _timed(
            lambda: list(
                Case.objects.filter(owner_organisation=org)
                .order_by("-created_at", "-id")
                .values_list("id", flat=True)[(o := rng.randint(0, size - 30)) : o + 25]
            ),
            max(5, requests // 10),
        ),
    }
    print(f"\n### {size:,} cases in one organisation (p50 / p95 ms, {requests} requests)")
    print("| request | p50 / p95 ms |\n|---|---|")
    for label, samples in rows.items():
        print(f"| {label} | {pct(samples)} |")


def _token(user) -> str:
    from amanat.accounts.services import api_token_issue

    return api_token_issue(user=user)


def measure_statistics(worker, analyst, rng: random.Random, *, fill: bool = True) -> None:
    print("\n### Statistics at", f"{Case.objects.count():,} cases")
    print("| step | figure |\n|---|---|")
    if fill:
        start = time.perf_counter()
        facts.facts_refresh()
        took = time.perf_counter() - start
        print(f"| first fill of the case facts (once; the worker) | {took:.1f} s |")
    start = time.perf_counter()
    casedata.case_frame()
    print(f"| cold frame of a process, from the facts | {time.perf_counter() - start:.1f} s |")
    print(f"| peak RSS after the cold frame | {rss_mb():.0f} MB |")
    warm = _timed(lambda: evidence(analyst, names=["gender"]), 5)
    print(
        f"| warm statistic (gender), median / max | {statistics.median(warm):.0f} / {max(warm):.0f} ms |"
    )
    ids = list(Case.objects.order_by("?").values_list("id", flat=True)[:50])
    after, refresh_only = [], []
    for round_ in range(5):
        for case_id in ids[round_ * 10 : round_ * 10 + 10]:
            case_update(
                user=worker, case_id=case_id, changes={"labour_industry": "C_Manufacturing"}
            )
        start = time.perf_counter()
        evidence(analyst, names=["gender"])
        after.append((time.perf_counter() - start) * 1000)
    print(
        "| statistic right after 10 cases edited (refresh + process sync + statistic + audit),"
        f" median / max of 5 | {statistics.median(after):.0f} / {max(after):.0f} ms |"
    )
    for case_id in ids[:10]:
        case_update(user=worker, case_id=case_id, changes={"labour_industry": "F_Construction"})
    start = time.perf_counter()
    result = facts.facts_refresh()
    refresh_only.append((time.perf_counter() - start) * 1000)
    print(f"| the worker's refresh of those 10 cases alone | {refresh_only[0]:.0f} ms ({result}) |")
    # The old refresh's SQL, same data, same run.
    top_event = CaseEvent.objects.order_by("-id").values_list("id", flat=True).first()
    top_case = Case.objects.order_by("-id").values_list("id", flat=True).first()
    start = time.perf_counter()
    Case.objects.count()
    count_ms = (time.perf_counter() - start) * 1000
    touched = CaseEvent.objects.filter(id__gt=max(top_event - 1000, 0)).values("case_id")
    start = time.perf_counter()
    casedata.raw_case_rows(Case.objects.filter(Q(id__gt=top_case) | Q(id__in=touched)))
    or_ms = (time.perf_counter() - start) * 1000
    print(f"| old: COUNT(*) over all cases on every refresh | {count_ms:.0f} ms |")
    print(f"| old: OR/IN re-read of the last 1,000 events' cases | {or_ms:.0f} ms |")
    print(f"| peak RSS of the process at the end | {rss_mb():.0f} MB |")


def catch_up() -> None:
    """The worker's part, in its own process: bring the facts up to the cases."""
    start = time.perf_counter()
    while facts.is_stale():
        facts.facts_refresh()
    print(f"worker: facts caught up in {time.perf_counter() - start:.1f} s (RSS {rss_mb():.0f} MB)")


def reuse(rng: random.Random) -> None:
    """A server process on a database this script filled: the facts are caught up by a
    separate worker process first, so the figures are those of a web process alone."""
    import subprocess
    import sys

    subprocess.run([sys.executable, __file__, "--catch-up"], check=True)  # noqa: S603
    worker = User.objects.get(username="bench_cm")
    analyst = User.objects.get(username="bench_an")
    measure_statistics(worker, analyst, rng, fill=False)


def lists_at(size: int, requests: int, rng: random.Random) -> None:
    """The lists alone on a database this script filled, grown to `size` cases first."""
    worker = User.objects.get(username="bench_cm")
    if Case.objects.count() < size:
        took = grow(Case.objects.order_by("id").first(), size, rng)
        print(f"loaded up to {size:,} cases with COPY in {took:.0f} s")
    print(f"load average before: {os.getloadavg()}")
    measure_lists(worker.organisation, worker, size, requests, rng)
    print(f"load average after: {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--catch-up", action="store_true", help="(internal) the worker's part")
    parser.add_argument("--reuse", action="store_true", help="statistics on a filled database")
    parser.add_argument(
        "--lists-at",
        type=int,
        default=0,
        help="on a filled database: grow it to this many cases, then time the lists only",
    )
    parser.add_argument("--sizes", default="100000,500000,2000000")
    parser.add_argument("--stats-at", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(2026)
    if args.catch_up:
        return catch_up()
    if args.reuse:
        return reuse(rng)
    if args.lists_at:
        return lists_at(args.lists_at, args.requests, rng)
    org, worker, analyst, template = setup()
    sizes = sorted({*map(int, args.sizes.split(",")), args.stats_at})
    for size in sizes:
        took = grow(template, size, rng)
        print(f"\nloaded up to {size:,} cases with COPY in {took:.0f} s (load {os.getloadavg()})")
        if size in map(int, args.sizes.split(",")):
            measure_lists(org, worker, size, args.requests, rng)
        if size == args.stats_at:
            measure_statistics(worker, analyst, rng)


if __name__ == "__main__":
    main()
