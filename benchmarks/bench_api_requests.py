"""CPU, wall time and queries of each request of the mixed load (issue 13, item 5), in process.

    DATABASE_URL=postgresql://user:pw@localhost/scratch python benchmarks/bench_api_requests.py \
        [--requests 300] [--user casemanager_kg]

The same JSON API requests as benchmarks/load/locustfile.py (open a case, search by code and by
surname, referral lists, create a case) plus /healthz, through the whole Django stack with a
bearer token (Django's test client: no HTTP server, no load generator), on a scratch database
holding the demo data (loaded when empty, like load/run.py). CPU is `time.process_time` of this
process (PostgreSQL's own CPU is not in it); queries are counted per request.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
os.environ.setdefault("AMANAT_SECRET_KEY", "benchmark-only")
os.environ.setdefault("AMANAT_AUDIT_SEALING", "deferred")
os.environ.setdefault("AMANAT_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.signals import request_started  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from amanat.accounts.models import User  # noqa: E402
from amanat.accounts.tokens import api_token_issue  # noqa: E402
from amanat.cases.models import Case  # noqa: E402
from amanat.platform.demo import demo_seed  # noqa: E402

SURNAMES = ["Иванов", "Садыков", "Каримова"]


def _operations(client: Client, ids: list[int], codes: list[str], rng: random.Random) -> dict:
    def create():
        last = "".join(rng.choice("бвгдклмнпрст") + rng.choice("аеиоу") for _ in range(4))
        body = {"first_name": "Нурлан", "last_name": last, "confirm_not_duplicate": True}
        return client.post("/api/cases", body, content_type="application/json")

    return {
        "/healthz": lambda: client.get("/healthz"),
        "open case": lambda: client.get(f"/api/cases/{rng.choice(ids)}"),
        "search by case code": lambda: client.get("/api/cases", {"query": rng.choice(codes)}),
        "search by surname": lambda: client.get("/api/cases", {"query": rng.choice(SURNAMES)}),
        "referral list": lambda: client.get(
            "/api/referrals", {"box": rng.choice(["incoming", "outgoing"])}
        ),
        "create case": create,
    }


def _queries_of(request) -> int:
    """Queries of one request (counted from its start: Django resets its own log then)."""
    count = [0]

    def counting(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    def start(**_kwargs):
        connection.execute_wrappers.append(counting)

    request_started.connect(start)
    try:
        request()
    finally:
        request_started.disconnect(start)
        if counting in connection.execute_wrappers:
            connection.execute_wrappers.remove(counting)
    return count[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300, help="timed requests per operation")
    parser.add_argument("--user", default="casemanager_kg", help="the demo caseworker to act as")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        demo_seed(seed=2026)
    user = User.objects.filter(username=args.user).first()
    if user is None:
        raise SystemExit(f"--user: no user {args.user!r} here (use a database with demo data).")
    mine = Case.objects.filter(owner_organisation_id=user.organisation_id).order_by("-id")
    ids = list(mine.values_list("id", flat=True)[:300])
    codes = list(mine.values_list("code", flat=True)[:300])
    client = Client(headers={"Authorization": f"Bearer {api_token_issue(user=user)}"})
    rng = random.Random(2026)
    print(f"{Case.objects.count():,} cases; {args.requests} requests each after 10 warm-up")
    print("| request | CPU ms each | wall ms p50 / p95 | queries |\n|---|---|---|---|")
    for label, request in _operations(client, ids, codes, rng).items():
        for _ in range(10):
            answer = request()
            if answer.status_code >= 300:
                raise SystemExit(f"{label}: HTTP {answer.status_code}")
        queries = _queries_of(request)
        walls = []
        cpu_start = time.process_time()
        for _ in range(args.requests):
            start = time.perf_counter()
            request()
            walls.append((time.perf_counter() - start) * 1000)
        cpu = (time.process_time() - cpu_start) / args.requests * 1000
        p95 = statistics.quantiles(walls, n=20)[-1]
        print(f"| {label} | {cpu:.2f} | {statistics.median(walls):.1f} / {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
