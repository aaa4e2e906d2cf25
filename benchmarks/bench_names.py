"""Names folded per second on one core (amanat.cases.names.fold_name), and pairs compared.

Run: .venv/bin/python benchmarks/bench_names.py [--n 50000]
Names are drawn from the test table (tests/cases/name_pairs.csv), both scripts, and made unique
with a suffix letter so no cache inside the engine can answer twice.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from pathlib import Path

from amanat.cases.names import fold_name, icu_available, name_similarity

TABLE = Path(__file__).resolve().parent.parent / "tests" / "cases" / "name_pairs.csv"


def names(n: int, seed: int = 7) -> list[str]:
    rows = list(csv.DictReader(TABLE.open(encoding="utf-8")))
    pool = [r["query"] for r in rows] + [r["record"] for r in rows]
    rng = random.Random(seed)
    letters = "абвгдежзиклмнопрстуabcdefghiklmnoprstu"
    return [f"{rng.choice(pool)}{rng.choice(letters)}{rng.choice(letters)}" for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=50_000)
    args = parser.parse_args()
    sample = names(args.n)
    fold_name("warm up")
    start = time.perf_counter()
    folded = [fold_name(name) for name in sample]
    fold_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for a, b in zip(folded, reversed(folded), strict=True):
        name_similarity(a, b)
    compare_seconds = time.perf_counter() - start
    print(f"ICU installed: {icu_available()}")
    print(f"fold_name: {args.n / fold_seconds:,.0f} names/s ({fold_seconds:.2f} s for {args.n:,})")
    print(f"name_similarity (folded): {args.n / compare_seconds:,.0f} pairs/s")


if __name__ == "__main__":
    main()
