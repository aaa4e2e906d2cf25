"""Case creation, list, page and search speed at scale, on SQLite or PostgreSQL.

    python benchmarks/bench_cases.py create --cases 100000            # through case_open
    python benchmarks/bench_cases.py load --cases 1000000             # bulk load, same encryption
    python benchmarks/bench_cases.py query [--requests 200]           # p50/p95 per request

Set AMANAT_DATA_DIR to a scratch folder (SQLite) or DATABASE_URL (PostgreSQL) first: the script
refuses to run against a database that holds non-benchmark data. `create` goes through the real
service layer (validation, encryption, blind indexes, audit chain, timeline). `load` writes the
same encrypted rows with bulk inserts (no audit events), because a million audited creations take
hours; reads are then measured through the real HTTP stack (Django test client), including the
audit event each read writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
os.environ.setdefault("AMANAT_SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import IntegrityError, connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from amanat.accounts.models import Organisation, User  # noqa: E402
from amanat.accounts.services import api_token_issue, organisation_create, user_create  # noqa: E402
from amanat.cases.codes import new_case_code  # noqa: E402
from amanat.cases.models import Case, Person  # noqa: E402
from amanat.cases.services import case_open  # noqa: E402
from amanat.privacy.crypto import blind_index, normalise_document_number, normalise_phone  # noqa: E402

ORGS = 50
FIRST = [
    "Айбек",
    "Нурлан",
    "Бахтиёр",
    "Фаррух",
    "Улан",
    "Айгуль",
    "Мадина",
    "Зарина",
    "Асель",
    "Тимур",
    "Рустам",
    "Дильноза",
    "Жылдыз",
    "Шухрат",
    "Азамат",
    "Нигора",
]
LAST = [
    "Абдуллаев",
    "Касымов",
    "Рахимов",
    "Токтогулов",
    "Садыков",
    "Нурматов",
    "Исмоилов",
    "Жумабеков",
    "Юсупов",
    "Орозбеков",
    "Шарипов",
    "Бекмуратов",
]
PASSWORD = "Benchmark-password-1"  # noqa: S105


def _setup() -> tuple[list[Organisation], User]:
    call_command("migrate", verbosity=0)
    if Organisation.objects.exclude(name__startswith="Bench org").exists():
        sys.exit(
            "This database holds non-benchmark data: use a scratch AMANAT_DATA_DIR/DATABASE_URL."
        )
    orgs = list(Organisation.objects.filter(name__startswith="Bench org").order_by("id"))
    if not orgs:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        with transaction.atomic():
            orgs = [
                organisation_create(
                    actor=None,
                    name=f"Bench org {i:02d}",
                    org_type="NGO",
                    country=["KZ", "KG", "TJ"][i % 3],
                )
                for i in range(ORGS)
            ]
            user_create(
                actor=None,
                username="bench",
                organisation=orgs[0],
                roles=["case_manager"],
                password=PASSWORD,
            )
    return orgs, User.objects.get(username="bench")


def _person(rng: random.Random, i: int) -> dict:
    return {
        "first_name": rng.choice(FIRST),
        "last_name": rng.choice(LAST) + f"-{i}",
        "birth_date": dt.date(1970 + rng.randint(0, 35), rng.randint(1, 12), rng.randint(1, 28)),
        "gender": rng.choice(["Masculine", "Feminine"]),
        "citizenship": [rng.choice(["UZ", "KG", "TJ", "KZ"])],
        "phone": f"+99890{i:07d}",
        "id_document_number": f"FA{i:07d}",
    }


def cmd_create(args) -> None:
    orgs, user = _setup()
    rng = random.Random(1)
    start = Case.objects.count()
    began = time.perf_counter()
    for i in range(args.cases):
        case_open(
            user=user, person=_person(rng, start + i), case={"exploitation_types": ["ForcedLabour"]}
        )
        if (i + 1) % 10000 == 0:
            print(f"  {i + 1} cases, {time.perf_counter() - began:.1f} s", flush=True)
    elapsed = time.perf_counter() - began
    print(
        f"created {args.cases} cases through case_open in {elapsed:.1f} s "
        f"({args.cases / elapsed:.0f} cases/s, {elapsed / args.cases * 1000:.2f} ms each) on {connection.vendor}"
    )


def cmd_load(args) -> None:
    orgs, user = _setup()
    rng = random.Random(2)
    start = Case.objects.count()
    began = time.perf_counter()
    today = timezone.localdate()
    batch = 5000
    # The benchmark user's organisation holds 1 case in 10; the rest spread over 49 others.
    for offset in range(0, args.cases, batch):
        people, cases = [], []
        size = min(batch, args.cases - offset)
        for j in range(size):
            i = start + offset + j
            org = orgs[0] if i % 10 == 0 else orgs[1 + i % (ORGS - 1)]
            data = _person(rng, i)
            person = Person(owner_organisation=org, **data)
            person.birth_year = data["birth_date"].year
            person.phone_index = blind_index("phone", normalise_phone(data["phone"]))
            person.id_document_index = blind_index(
                "document", normalise_document_number(data["id_document_number"])
            )
            people.append(person)
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=1000)
            for person in people:
                identified = today - dt.timedelta(days=rng.randint(0, 3650))
                cases.append(
                    Case(
                        code=new_case_code(),
                        person=person,
                        owner_organisation_id=person.owner_organisation_id,
                        case_worker=user,
                        created_by=user,
                        identified_on=identified,
                        country="KZ",
                        exploitation_types=["ForcedLabour"],
                        retention_until=identified + dt.timedelta(days=3650),
                    )
                )
            _bulk_create_with_unique_codes(cases)
        if (offset // batch) % 20 == 19:
            print(f"  {offset + size} rows, {time.perf_counter() - began:.0f} s", flush=True)
    elapsed = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"loaded {args.cases} encrypted cases in {elapsed:.0f} s on {connection.vendor}; total {Case.objects.count()}"
    )


def _bulk_create_with_unique_codes(cases: list[Case]) -> None:
    """Codes are random (29^8): at a million cases a collision in a batch is possible, so a
    batch that collides gets fresh codes, as case_open does one case at a time."""
    while True:
        try:
            with transaction.atomic():
                Case.objects.bulk_create(cases, batch_size=1000)
            return
        except IntegrityError:
            for case in cases:
                case.code = new_case_code()
                case.pk = None


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def _time(label: str, fn, requests: int) -> None:
    fn()  # warm-up (and the name cache for name search)
    samples = []
    for _ in range(requests):
        began = time.perf_counter()
        response = fn()
        samples.append(time.perf_counter() - began)
        assert response.status_code == 200, (label, response.status_code)
    p50, p95 = _percentiles(samples)
    print(f"| {label} | {p50:.1f} | {p95:.1f} |", flush=True)


def cmd_query(args) -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    orgs, user = _setup()
    total = Case.objects.count()
    own = Case.objects.filter(owner_organisation=orgs[0]).count()
    rng = random.Random(3)
    own_ids = list(
        Case.objects.filter(owner_organisation=orgs[0])
        .order_by("?")
        .values_list("id", flat=True)[:500]
    )
    codes = list(Case.objects.filter(pk__in=own_ids).values_list("code", flat=True))
    phones = [p.phone for p in Person.objects.filter(cases__id__in=own_ids[:50]).only("phone")]
    web = Client()
    web.force_login(user)
    token = api_token_issue(user=user)
    api = Client(headers={"Authorization": f"Bearer {token}"})
    pages = max(1, own // 25)
    print(
        f"{connection.vendor}: {total} cases, {own} in the user's organisation; {args.requests} requests each"
    )
    print("| request | p50 ms | p95 ms |")
    print("|---|---|---|")
    _time("web case list, page 1", lambda: web.get("/cases/"), args.requests)
    _time(
        "web case list, random page",
        lambda: web.get(f"/cases/?page={rng.randint(1, pages)}"),
        args.requests,
    )
    _time("web case page", lambda: web.get(f"/cases/{rng.choice(own_ids)}/"), args.requests)
    _time("API case list", lambda: api.get("/api/cases"), args.requests)
    _time("API case get", lambda: api.get(f"/api/cases/{rng.choice(own_ids)}"), args.requests)
    _time(
        "API search by code",
        lambda: api.get("/api/cases", {"query": rng.choice(codes)}),
        args.requests,
    )
    _time(
        "API search by phone (blind index)",
        lambda: api.get("/api/cases", {"query": rng.choice(phones)}),
        args.requests,
    )
    began = time.perf_counter()
    api.get("/api/cases", {"query": "Абдуллаев-1"})
    print(
        f"| name search, first (decrypts the organisation's names) | {(time.perf_counter() - began) * 1000:.0f} | - |"
    )
    _time(
        "API search by name (warm cache)",
        lambda: api.get("/api/cases", {"query": f"{rng.choice(LAST)}-{rng.randint(0, total)}"}),
        max(20, args.requests // 5),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create")
    create.add_argument("--cases", type=int, default=100_000)
    create.set_defaults(func=cmd_create)
    load = sub.add_parser("load")
    load.add_argument("--cases", type=int, default=1_000_000)
    load.set_defaults(func=cmd_load)
    query = sub.add_parser("query")
    query.add_argument("--requests", type=int, default=200)
    query.set_defaults(func=cmd_query)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
