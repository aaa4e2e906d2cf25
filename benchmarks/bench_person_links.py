"""Cross-organisation person links (ADR 0140, 0141): scan quality and speed, queue and counts.

    AMANAT_DATA_DIR=/tmp/scratch python benchmarks/bench_person_links.py --people 1500 --records 2500

Generates people with `records_generator` (names in five languages and both scripts, spelling
variants, typos, missing fields), registers each record at one of four organisations through the
real `case_open` (search index included), then measures:
- `amanat persons scan` (persons_scan): time, and pairwise precision/recall of the proposed
  cross-organisation pairs against the generator's truth, at several score floors;
- the coordinator's queue (`GET /api/person-matches`, page 1) p50/p95 through the HTTP stack;
- unique-person counting: link components (cold, warm) and the statistics call with and without
  links.
Refuses a database that holds other data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
os.environ.setdefault("AMANAT_SECRET_KEY", "benchmark-only")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

import records_generator as gen  # noqa: E402
from amanat.accounts.models import Organisation  # noqa: E402
from amanat.accounts.services import api_token_issue, organisation_create, user_create  # noqa: E402
from amanat.cases.links import selectors as link_selectors  # noqa: E402
from amanat.cases.links.models import PersonLink, PossibleMatch  # noqa: E402
from amanat.cases.links.scan import persons_scan  # noqa: E402
from amanat.cases.links.services import confirm_match  # noqa: E402
from amanat.cases.services import case_open  # noqa: E402
from amanat.errors import AmanatError  # noqa: E402
from amanat.insights import casedata  # noqa: E402
from amanat.insights import selectors as insights  # noqa: E402

PASSWORD = "Bench-password-2026-x"  # noqa: S105
ORGS = (
    ("Bench links A", "KZ"),
    ("Bench links B", "KZ"),
    ("Bench links C", "KG"),
    ("Bench links D", "KZ"),
)


def _setup():
    call_command("migrate", verbosity=0)
    if Organisation.objects.exclude(name__startswith="Bench links").exists():
        sys.exit("This database holds other data: use a scratch AMANAT_DATA_DIR/DATABASE_URL.")
    if Organisation.objects.exists():
        sys.exit("Already loaded: start from an empty scratch database.")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    orgs = [organisation_create(actor=None, name=n, org_type="NGO", country=c) for n, c in ORGS]
    workers = [
        user_create(
            actor=None, username=f"w{i}", organisation=o, roles=["case_manager"], password=PASSWORD
        )
        for i, o in enumerate(orgs)
    ]
    coordinator = user_create(
        actor=None,
        username="coord",
        organisation=orgs[0],
        roles=["nrm_coordinator"],
        password=PASSWORD,
    )
    return orgs, workers, coordinator


def _date(text: str):
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y%m%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _load(workers, people: int, records: int, seed: int) -> dict[int, str]:
    rng = random.Random(seed)
    truth: dict[int, str] = {}
    population = list(gen.generate_people(people, seed=seed))
    rejected = 0
    for record in gen.generate_records(population, records, seed=seed):
        worker = workers[rng.randrange(len(workers))]
        person = {
            "first_name": record["first_name"],
            "last_name": record["last_name"],
            "middle_name": record["patronymic"],
            "first_name_latin": record["first_name_latin"],
            "last_name_latin": record["last_name_latin"],
            "birth_date": _date(record["birth_date"]) if record["birth_date"] else None,
        }
        if not (person["first_name"] or person["last_name"]):
            person["first_name"] = "?"
        try:
            case = case_open(user=worker, person=person, case={}, confirm_not_duplicate=True)
        except AmanatError:
            rejected += 1
            continue
        truth[case.person_id] = record["true_person_id"]
    print(f"registered {len(truth)} records ({rejected} refused by validation)")
    return truth


def _quality(
    truth: dict[int, str], org_of: dict[int, int], floor: float
) -> tuple[float, float, int]:
    proposed = {
        (m.person_low_id, m.person_high_id) for m in PossibleMatch.objects.filter(score__gte=floor)
    }
    by_person: dict[str, list[int]] = {}
    for pid, true in truth.items():
        by_person.setdefault(true, []).append(pid)
    actual = {
        (min(a, b), max(a, b))
        for ids in by_person.values()
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if org_of[a] != org_of[b]
    }
    hits = len(proposed & actual)
    precision = hits / len(proposed) if proposed else 0.0
    recall = hits / len(actual) if actual else 0.0
    return precision, recall, len(actual)


def _timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1500)
    parser.add_argument("--records", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    orgs, workers, coordinator = _setup()
    start = time.perf_counter()
    truth = _load(workers, args.people, args.records, args.seed)
    print(f"load: {time.perf_counter() - start:.1f} s")
    from amanat.cases.models import Person

    org_of = dict(Person.objects.values_list("id", "owner_organisation_id"))
    start = time.perf_counter()
    report = persons_scan(min_score=0.5)
    elapsed = time.perf_counter() - start
    print(
        f"scan of {report.persons_scanned} persons: {elapsed:.1f} s "
        f"({1000 * elapsed / max(report.persons_scanned, 1):.1f} ms/person), "
        f"{report.proposed} proposals, {PossibleMatch.objects.count()} pairs"
    )
    print("| score floor | pairs | precision | recall (of cross-organisation true pairs) |")
    for floor in (0.5, 0.6, 0.7, 0.8, 0.9):
        p, r, actual = _quality(truth, org_of, floor)
        n = PossibleMatch.objects.filter(score__gte=floor).count()
        print(f"| {floor} | {n} | {p:.3f} | {r:.3f} (of {actual}) |")
    setup_test_environment()
    client = Client(headers={"Authorization": f"Bearer {api_token_issue(user=coordinator)}"})
    p50, p95 = _timed(lambda: client.get("/api/person-matches"), 30)
    print(
        f"queue API page 1 ({PossibleMatch.objects.count()} open pairs): p50 {p50:.1f} ms, p95 {p95:.1f} ms"
    )
    base50, base95 = _timed(lambda: insights.evidence(coordinator, names=["gender"]), 10)
    for match in PossibleMatch.objects.filter(score__gte=0.8).order_by("-score"):
        confirm_match(actor=coordinator, match_id=match.pk)
    links = PersonLink.objects.filter(unlinked_at__isnull=True).count()
    link_selectors._representatives.clear()
    cold50, _ = _timed(link_selectors.link_representatives, 1)
    warm50, warm95 = _timed(link_selectors.link_representatives, 20)
    casedata.clear_cache()
    insights.evidence(coordinator, names=["gender"])
    with50, with95 = _timed(lambda: insights.evidence(coordinator, names=["gender"]), 10)
    counts = insights.evidence(coordinator, names=["gender"]).persons
    print(
        f"{links} links: components cold {cold50:.1f} ms, warm p50 {warm50:.1f} ms; "
        f"statistics call p50 {base50:.1f} ms without links, {with50:.1f} ms with them; "
        f"cases {counts.cases}, persons {counts.persons}, unique persons {counts.unique_persons} "
        f"(true people among the records: {len(set(truth.values()))})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
