"""Name search at national scale: the keyed truncated index (ADR 0120) against the old search that
decrypted every name of the organisation into each process (the baseline, read from git).

    DATABASE_URL=postgresql://... python benchmarks/bench_name_search.py load --people 500000
    DATABASE_URL=postgresql://... python benchmarks/bench_name_search.py query --queries 200

`load` fills one organisation with N persons drawn by benchmarks/records_generator.py (five
languages, both scripts, Zipf-skewed common names, variants, typos), through a bulk path: on
PostgreSQL by COPY (`bulk_copy.py`) of the persons (each value as the model field writes it:
Fernet per field, the phone index in E.164), a case each, and their name keys and sealed form
from the index code itself (`_derive`), in chunks of --chunk persons, one transaction each, with
a progress line. It tops up: run again with a larger --people, it continues after the persons
already there (generator order), then VACUUM ANALYZE. It refuses a database that holds other
data. `query` searches with another generated record of the same people (another
spelling, typos, swapped names: what a case worker types), through the real selector
(`case_search`: access, index, decryption of the candidates, ranking, audit), and reports:
p50/p95 warm; the first search of a fresh process (median of several new processes); the
process's peak RSS; recall of the true person in the first 10; and the same figures for the old
search in the same run (`--baseline`, off above --baseline-max persons: it needs all names in
memory).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
os.environ.setdefault("AMANAT_SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from amanat.accounts.models import Organisation, User  # noqa: E402
from amanat.accounts.services import organisation_create, user_create  # noqa: E402
from amanat.cases.identity.index import _derive, index_state  # noqa: E402
from amanat.cases.models import Case, Person, PersonNameKey  # noqa: E402
from amanat.privacy.crypto import blind_index, normalise_phone  # noqa: E402
from bulk_copy import copy_instances, reserve_ids  # noqa: E402
from records_generator import _record, generate_people  # noqa: E402

ORG = "Bench search org"
SEED = 1
OLD_SEARCH = "2b823df:src/amanat/cases/name_search.py"  # the last commit with the old search


def _setup() -> tuple[Organisation, User]:
    call_command("migrate", verbosity=0)
    if Organisation.objects.exclude(name=ORG).exists():
        sys.exit("This database holds non-benchmark data: use a scratch DATABASE_URL.")
    org = Organisation.objects.filter(name=ORG).first()
    if org is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        with transaction.atomic():
            org = organisation_create(actor=None, name=ORG, org_type="NGO", country="KG")
            user_create(
                actor=None,
                username="bench",
                organisation=org,
                roles=["case_manager"],
                password="Benchmark-password-1",  # noqa: S106
            )
    return org, User.objects.get(username="bench")


def _date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _names(record: dict) -> tuple[str, str]:
    written = " ".join(
        filter(None, (record["last_name"], record["first_name"], record["patronymic"]))
    )
    latin = " ".join(filter(None, (record["last_name_latin"], record["first_name_latin"])))
    return written, latin


def _person(org, record: dict, person: dict) -> Person:
    born = _date(record["birth_date"])
    phone = normalise_phone(record["phone"], record["citizenship"] or "KG")
    return Person(
        owner_organisation=org,
        first_name=record["first_name"],
        last_name=record["last_name"],
        middle_name=record["patronymic"],
        first_name_latin=record["first_name_latin"],
        last_name_latin=record["last_name_latin"],
        birth_date=born,
        birth_year=born.year if born else None,
        phone=("+" + phone) if phone else "",
        phone_index=blind_index("phone", phone),
        gender="Masculine" if person["gender"] == "M" else "Feminine",
    )


def _write(org, user, persons: list[Person], generation: int) -> int:
    """One chunk in one transaction: persons, their cases and their name keys (the index
    code's own rows and sealed form, `_derive`), by COPY on PostgreSQL."""
    today = dt.date(2025, 1, 1)
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():
        if postgres:  # ids first: the key rows carry the person's id
            for person, pk in zip(persons, reserve_ids(Person, len(persons)), strict=True):
                person.pk = pk
        derived = [_derive(person, generation) for person in persons]
        for person, (_rows, sealed) in zip(persons, derived, strict=True):
            person.name_folded = sealed
        if postgres:
            copy_instances(Person, persons)
        else:
            persons = Person.objects.bulk_create(persons, batch_size=2000)
            derived = [_derive(person, generation) for person in persons]
        keys = [row for rows, _sealed in derived for row in rows]
        cases = [
            Case(
                code=f"N{p.pk:08d}",
                person=p,
                owner_organisation=org,
                case_worker=user,
                created_by=user,
                identified_on=today,
                country="KG",
                retention_until=today.replace(year=2035),
            )
            for p in persons
        ]
        if postgres:
            copy_instances(Case, cases, with_pk=False)
            copy_instances(PersonNameKey, keys, with_pk=False)
        else:
            Case.objects.bulk_create(cases, batch_size=2000)
            PersonNameKey.objects.bulk_create(keys, batch_size=5000)
    return len(keys)


def cmd_load(args) -> None:
    """Top up the organisation to --people persons, in chunks (idempotent: resumes after the
    persons already there, in the generator's order)."""
    org, user = _setup()
    have = Person.objects.filter(owner_organisation=org).count()
    generation = index_state().generation
    rng = random.Random(SEED)
    started = time.perf_counter()
    chunk: list[Person] = []
    written = keys = 0
    for i, person in enumerate(generate_people(args.people, seed=SEED)):
        if i < have:
            rng.random()  # keep the stream deterministic when resuming
            continue
        if not chunk and not written:
            started = time.perf_counter()  # the rate counts writing, not skipping
        chunk.append(_person(org, _record(rng, person, f"r{i:07d}"), person))
        if len(chunk) >= args.chunk or i + 1 == args.people:
            keys += _write(org, user, chunk, generation)
            written += len(chunk)
            chunk = []
            rate = written / (time.perf_counter() - started)
            eta = (args.people - i - 1) / rate if rate else 0
            print(
                f"  {i + 1:,} persons (+{written:,}, {keys:,} keys; {rate:,.0f}/s; "
                f"about {eta / 60:.0f} min left)",
                flush=True,
            )
    if connection.vendor == "postgresql":
        # VACUUM as autovacuum would in service: without the visibility map set, every
        # "index-only" scan of the postings visits the table rows as well.
        with connection.cursor() as cursor:
            for model in (Person, Case, PersonNameKey):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    total = Person.objects.filter(owner_organisation=org).count()
    print(f"Loaded: {total:,} persons in the organisation ({time.perf_counter() - started:.0f} s).")


def _queries(n: int, people: int) -> list[tuple[str, dt.date | None, int]]:
    """(query text, birth date or None, index of the true person) from other records."""
    rng = random.Random(SEED + 1)
    picks = set(rng.sample(range(people), n))
    out = []
    for i, person in enumerate(generate_people(people, seed=SEED)):
        if i in picks:
            record = _record(rng, person, f"q{i}")
            written, latin = _names(record)
            text = written if (rng.random() < 0.5 or not latin) else latin
            if not text.strip():
                text = latin or written
            if text.strip():
                out.append((text, _date(record["birth_date"]), i))
    return out


def _person_ids_by_index(org) -> dict[int, int] | range:
    # Persons were loaded in generator order: the i-th person has the i-th smallest id. Ids are
    # contiguous unless a load was interrupted; a range keeps the process's memory honest.
    persons = Person.objects.filter(owner_organisation=org)
    first = persons.order_by("pk").values_list("pk", flat=True).first() or 0
    last = persons.order_by("-pk").values_list("pk", flat=True).first() or 0
    if last - first + 1 == persons.count():
        return range(first, last + 1)
    return dict(enumerate(persons.order_by("pk").values_list("pk", flat=True)))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(search, queries, truth) -> dict:
    times, found = [], 0
    for text, born, index in queries:
        start = time.perf_counter()
        ids = search(text, born)
        times.append((time.perf_counter() - start) * 1000)
        found += truth[index] in ids[:10]
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "recall_at_10": round(found / len(queries), 3),
        "rss_mb": round(_rss_mb()),
    }


def _new_search(user):
    from amanat.cases.selectors import case_search

    def search(text, _born):  # what the search box does: free text, no birth date
        return [case.person_id for case in case_search(user, text, limit=10)]

    return search


def _identity_search(org):
    from amanat.cases.identity import find_similar_persons

    def search(text, born):  # what the duplicate check does: name and birth date
        matches = find_similar_persons(organisation_id=org.pk, first_name=text, birth_date=born)
        return [m.person_id for m in matches]

    return search


def _old_search(org):
    source = subprocess.run(
        ["git", "-C", str(HERE.parent), "show", OLD_SEARCH],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType("old_name_search")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, "old_name_search.py", "exec"), module.__dict__)  # noqa: S102 - our git history

    def search(text, _born):
        return module.person_ids_matching_name(org.pk, text, limit=10)

    return search


def cmd_measure(args) -> None:
    """One process: the first search, then warm searches; printed as JSON."""
    org, user = _setup()
    people = Person.objects.filter(owner_organisation=org).count()
    queries = [
        (text, dt.date.fromisoformat(born) if born else None, index)
        for text, born, index in json.loads(Path(args.queries_file).read_text())
    ]
    truth = _person_ids_by_index(org)
    search = _old_search(org) if args.old else _new_search(user)
    text, born, _index = queries[0]
    start = time.perf_counter()
    search(text, born)
    first = (time.perf_counter() - start) * 1000
    result = _measure(search, queries[1:], truth)
    result.update(first_ms=round(first, 1), people=people, queries=len(queries) - 1)
    if not args.old:
        with_birth = _measure(_identity_search(org), queries[1:], truth)
        result["with_birth_date"] = with_birth
    print(json.dumps(result))


def _run(old: bool, queries_file: Path) -> dict:
    command = [sys.executable, __file__, "measure", "--queries-file", str(queries_file)]
    if old:
        command.append("--old")
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def cmd_query(args) -> None:
    org, _user = _setup()
    people = Person.objects.filter(owner_organisation=org).count()
    print(f"{people:,} persons in one organisation; {connection.vendor}; {args.queries} queries")
    queries_file = Path(f"/tmp/bench_name_search_queries_{os.getpid()}.json")  # noqa: S108
    queries_file.write_text(
        json.dumps(
            [(t, b.isoformat() if b else None, i) for t, b, i in _queries(args.queries, people)]
        )
    )
    runs = [_run(False, queries_file) for _ in range(args.processes)]
    firsts = sorted(r["first_ms"] for r in runs)
    new = runs[-1]
    print(
        f"index:    warm p50 {new['p50_ms']} ms, p95 {new['p95_ms']} ms; first search in a new "
        f"process {statistics.median(firsts):.0f} ms (median of {len(runs)}: {firsts}); "
        f"recall@10 {new['recall_at_10']:.1%}; peak RSS {new['rss_mb']} MB"
    )
    birth = new["with_birth_date"]
    print(
        f"index, name + birth date (find_similar_persons): p50 {birth['p50_ms']} ms, "
        f"p95 {birth['p95_ms']} ms; recall@10 {birth['recall_at_10']:.1%}"
    )
    if args.baseline and people <= args.baseline_max:
        old = _run(True, queries_file)
        print(
            f"baseline: warm p50 {old['p50_ms']} ms, p95 {old['p95_ms']} ms; first search "
            f"{old['first_ms']:.0f} ms; recall@10 {old['recall_at_10']:.1%}; "
            f"peak RSS {old['rss_mb']} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load")
    load.add_argument("--people", type=int, required=True)
    load.add_argument("--chunk", type=int, default=20_000)
    query = sub.add_parser("query")
    query.add_argument("--queries", type=int, default=200)
    query.add_argument("--processes", type=int, default=3)
    query.add_argument("--baseline", action="store_true")
    query.add_argument("--baseline-max", type=int, default=600_000)
    measure = sub.add_parser("measure")
    measure.add_argument("--queries-file", required=True)
    measure.add_argument("--old", action="store_true")
    args = parser.parse_args()
    {"load": cmd_load, "query": cmd_query, "measure": cmd_measure}[args.command](args)


if __name__ == "__main__":
    main()
