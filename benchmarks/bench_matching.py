"""Benchmark of referral matching (issue 4: rank 10,000 services in under 50 ms).

Run: cd /work/main && PYTHONPATH=src .venv/bin/python benchmarks/bench_matching.py
Prints the index build time and the median / 95th percentile / max time of `rank()`:
- worst case: 10,000 services all of the needed type (every one is scored, about 20% excluded);
- mixed directory: 10,000 services over the 15 types, a case with 3 needs.
"""

from __future__ import annotations

import platform
import random
import statistics
import time

from amanat.referrals.matching import CaseProfile, Need, Service, ServiceIndex
from amanat.referrals.taxonomy import load_taxonomy

COUNTRIES = {
    "KZ": ["KZ-ALA", "KZ-AST", "KZ-SHY", "KZ-KAR", "KZ-AKT"],
    "KG": ["KG-GB", "KG-C", "KG-O", "KG-J"],
    "TJ": ["TJ-DU", "TJ-SU", "TJ-KT"],
    "UZ": ["UZ-TK", "UZ-SA", "UZ-FA", "UZ-AN"],
}
LANGUAGES = ["ru", "kk", "ky", "tg", "uz", "en"]
STATUSES = ["presumed_victim", "identified_victim", "vulnerable_migrant", "returnee"]


def make_services(count: int, types: list[str], seed: int = 7) -> list[Service]:
    rng = random.Random(seed)
    services = []
    for number in range(count):
        country = rng.choice(list(COUNTRIES))
        regions = (
            frozenset(rng.sample(COUNTRIES[country], rng.randint(1, 2)))
            if rng.random() < 0.8
            else frozenset()
        )
        capacity = rng.choice([None, 10, 20, 50])
        services.append(
            Service(
                id=f"svc-{number:05d}",
                organisation_id=f"org-{number // 3:05d}",
                service_type=rng.choice(types),
                country=country,
                regions=regions,
                genders=frozenset({"female"}) if rng.random() < 0.1 else frozenset(),
                age_min=18 if rng.random() < 0.2 else None,
                age_max=17 if rng.random() < 0.05 else None,
                nationalities=frozenset({country}) if rng.random() < 0.05 else frozenset(),
                statuses=frozenset({rng.choice(STATUSES)}) if rng.random() < 0.1 else frozenset(),
                languages=frozenset(rng.sample(LANGUAGES, rng.randint(1, 3))),
                capacity=capacity,
                available=None if capacity is None else rng.randint(0, capacity),
                accepting=rng.random() > 0.03,
                median_response_hours=rng.choice([None, 2.0, 12.0, 30.0, 96.0]),
            )
        )
    return services


def timed(function, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(
        f"| {name} | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} | {max(times):.1f} |"
    )


def main() -> None:
    case = CaseProfile(
        needs=(Need("shelter", "high"),),
        country="KZ",
        region="KZ-ALA",
        gender="male",
        age=34,
        nationality="KG",
        statuses=frozenset({"identified_victim", "returnee"}),
        languages=frozenset({"ky", "ru"}),
    )
    all_types = list(load_taxonomy().service_types)
    print(f"Python {platform.python_version()}, {platform.machine()}")

    worst = ServiceIndex(worst_services)
    ranking = worst.rank(case)[0]
    print(
        f"worst case: {ranking.considered} considered, {ranking.eligible} eligible, "
        f"{len(ranking.excluded)} excluded"
    )
    mixed = ServiceIndex(make_services(10_000, all_types))
    three_needs = CaseProfile(
        **{
            **{f: getattr(case, f) for f in case.__slots__},
            "needs": (
                Need("shelter", "emergency"),
                Need("legal_aid", "normal"),
                Need("job_placement", "low"),
            ),
        }
    )
    print("| scenario | runs | median ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    report("10,000 services of the needed type, top 20", timed(lambda: worst.rank(case), 50))
    report(
        "10,000 services of the needed type, top 20 + all exclusion reasons",
        timed(lambda: worst.rank(case)[0].excluded, 50),
    )
    report(
        "10,000 services of the needed type, all ranked and explained",
        timed(lambda: worst.rank(case, limit=None), 20),
    )
    report("10,000 mixed services, 3 needs, top 20", timed(lambda: mixed.rank(three_needs), 50))
    report("build index of 10,000 services", timed(lambda: ServiceIndex(worst_services), 10))


worst_services = make_services(10_000, ["shelter"])

if __name__ == "__main__":
    main()
