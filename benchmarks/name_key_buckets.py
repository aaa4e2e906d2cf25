"""What a truncated name key reveals at national scale: bucket sizes per key kind and bit length.

For N generated persons (benchmarks/records_generator.py: five languages, both scripts, Zipf-
skewed common names, variants and typos), each person's plaintext name keys
(amanat.cases.identity.keys) are HMAC'd under a random key and cut to b bits, as the index does.
Per kind and b it prints: distinct plaintext values; buckets in use; persons per bucket (min,
p10, median); distinct plaintext values per bucket (share of buckets holding only one, median);
and the largest bucket's share of the persons. ADR 0120 chooses the bit lengths from this.

    DJANGO_SETTINGS_MODULE=amanat.settings .venv/bin/python benchmarks/name_key_buckets.py \
        --people 2000000 --bits 8 10 11 12 14 16
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import secrets
import statistics
import sys
import time
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from records_generator import generate_people, generate_records  # noqa: E402


def _keys_module():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
    import django

    django.setup()
    from amanat.cases.identity.keys import BITS, name_keys

    return BITS, name_keys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--bits", type=int, nargs="+", default=[8, 10, 11, 12, 14, 16])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    bits_in_use, name_keys = _keys_module()
    cached = lru_cache(maxsize=500_000)(lambda written, latin: frozenset(name_keys(written, latin)))
    started = time.perf_counter()
    people = list(generate_people(args.people, seed=args.seed))
    postings: dict[str, Counter] = defaultdict(Counter)  # kind -> plaintext value -> persons
    for record in generate_records(people, args.people, seed=args.seed):
        written = " ".join(
            filter(None, (record["last_name"], record["first_name"], record["patronymic"]))
        )
        latin = " ".join(filter(None, (record["last_name_latin"], record["first_name_latin"])))
        for kind, value in cached(written, latin):
            postings[kind][value] += 1
    print(
        f"{args.people:,} persons (one record each), keys computed in "
        f"{time.perf_counter() - started:.0f} s; bits in use: {bits_in_use}"
    )
    key = secrets.token_bytes(32)
    print(
        "kind bits distinct_values buckets_used persons/bucket(min p10 median) "
        "values/bucket(share_with_1 median) largest_bucket_share"
    )
    for kind in sorted(postings):
        values = postings[kind]
        total = sum(values.values())
        for bits in args.bits:
            persons: Counter = Counter()
            distinct: Counter = Counter()
            for value, count in values.items():
                digest = hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).digest()
                bucket = int.from_bytes(digest[:4], "big") >> (32 - bits)
                persons[bucket] += count
                distinct[bucket] += 1
            sizes = sorted(persons.values())
            per = sorted(distinct.values())
            single = sum(1 for d in per if d == 1) / len(per)
            print(
                f"{kind} {bits:>2} {len(values):>8,} {len(sizes):>6,} "
                f"{sizes[0]:>7,} {sizes[len(sizes) // 10]:>7,} {int(statistics.median(sizes)):>8,} "
                f"{single:>6.1%} {int(statistics.median(per)):>5} {sizes[-1] / total:>7.2%}"
            )


if __name__ == "__main__":
    main()
