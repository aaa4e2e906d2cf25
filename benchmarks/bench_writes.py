"""CPU and queries per case creation and per audited case read (issue 13, item 5).

    DATABASE_URL=postgresql://.../scratch python benchmarks/bench_writes.py [--cases 300]
        [--profile] [--sealing inline|deferred]

Runs `case_open` (the service the web and API call) and `case_read` (the audited selector of
the case page) in one process against a scratch database (migrated here), and prints CPU time
(`time.process_time`, what one core spends, so a shared machine's load matters less than for
wall time) and database queries per operation. `--profile` prints cProfile's top functions.
Compare branches by running the same command with PYTHONPATH pointing at each `src/`.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
os.environ.setdefault("AMANAT_SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from amanat.accounts.services import organisation_create, user_create  # noqa: E402
from amanat.cases.selectors import case_read  # noqa: E402
from amanat.cases.services import case_open  # noqa: E402

NAMES = ["Айбек", "Нурлан", "Бахтиёр", "Айгуль", "Мадина", "Зарина", "Асель", "Тимур"]


def _setup():
    call_command("migrate", verbosity=0)
    org = organisation_create(
        actor=None, name=f"Bench {time.time_ns()}", org_type="NGO", country="KG"
    )
    return user_create(
        actor=None,
        username=f"bench{time.time_ns()}",
        organisation=org,
        roles=["case_manager"],
        password="Correct-horse-battery-9",  # noqa: S106 - a scratch database
    )


def _person(number: int) -> dict:
    # Distinct surnames: the duplicate search then finds few candidates, as in a real
    # registration (a surname shared by hundreds is `bench_names.py`'s subject, not this one's).
    rng = random.Random(number)
    surname = "".join(rng.choice("бвгдзклмнпрстфхш") + rng.choice("аеиоуы") for _ in range(4))
    return {
        "first_name": NAMES[number % len(NAMES)],
        "last_name": surname.capitalize() + "ов",
        "gender": "Feminine" if number % 2 else "Masculine",
        "phone": f"+99655512{number % 10000:04d}",
    }


def _measure(label: str, run, count: int, profile: bool) -> None:
    run(0)  # warm-up: imports, caches of rule files
    profiler = cProfile.Profile() if profile else None
    with CaptureQueriesContext(connection) as queries:
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        for number in range(1, count + 1):
            run(number)
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        f"| {label} | {count} | {cpu / count * 1000:.2f} ms | {count / cpu:.0f} | "
        f"{wall / count * 1000:.2f} ms | {len(queries) / count:.1f} |"
    )
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    user = _setup()
    created = []

    def create(number: int) -> None:
        created.append(
            case_open(user=user, person=_person(number), case={}, confirm_not_duplicate=True).pk
        )

    def read(number: int) -> None:
        case_read(user, created[number % len(created)])

    print("| operation | count | CPU each | per CPU-second | wall each | queries each |")
    print("|---|---|---|---|---|---|")
    _measure("case creation (`case_open`)", create, args.cases, args.profile)
    reset_queries()
    _measure("audited case read (`case_read`)", read, args.cases, args.profile)


if __name__ == "__main__":
    main()
