"""Aggregate-seeded synthesis: records built from the noisy aggregates alone.

Follows synthetic-data-showcase docs/dp/README.md section 4. Because it reads only the released
noisy counts, never the input, the synthetic records keep the aggregates' DP guarantee
(post-processing). Each reported single attribute is available as many times as its noisy count;
records are built one attribute at a time:
- an attribute is a candidate only if its column is not yet in the record, it is still available,
  and every combination it would form with the record (up to the reporting length) was reported,
  so synthesis itself never fabricates a combination (4.2);
- its weight is the reported count of record + attribute while that is no longer than the reporting
  length (4.2.1), beyond it the weight-selection percentile (default 95th) of the counts of all
  reported sub-combinations that contain it (4.2.2);
- with `use_synthetic_counts` (4.3) a count is first reduced by how often the combination is
  already in the synthetic records, and a combination used up is no longer a candidate;
- a record ends when no candidate is left; synthesis ends when every single attribute is used.
"""

from __future__ import annotations

import random
from collections import defaultdict
from itertools import combinations

import numpy as np

from amanat.insights.synth.aggregates import Combination, NoisyAggregates


def _extensions(counts: dict[Combination, int]) -> dict[Combination, dict[int, int]]:
    """For every reported combination s: the attributes a with s + a reported, and that count."""
    extensions: dict[Combination, dict[int, int]] = defaultdict(dict)
    for combination, count in counts.items():
        for position, attribute in enumerate(combination):
            rest = combination[:position] + combination[position + 1 :]
            extensions[rest][attribute] = count
    return dict(extensions)


def _subsets(record: list[int], largest: int) -> list[Combination]:
    """Sub-combinations of the record, longest first (they have the fewest extensions)."""
    found: list[Combination] = []
    for size in range(min(largest, len(record)), -1, -1):
        found.extend(combinations(record, size))
    return found


def row_percentiles(table: np.ndarray, percentile: float) -> np.ndarray:
    """np.percentile(table, percentile, axis=1) (linear method) for a small table.

    np.percentile's fixed overhead (about 0.1 ms a call) dominated synthesis, called once per
    sampled attribute; this is its default 'linear' definition, checked against it in the tests.
    """
    ordered = np.sort(table, axis=1)
    position = percentile / 100.0 * (ordered.shape[1] - 1)
    low = int(np.floor(position))
    high = min(low + 1, ordered.shape[1] - 1)
    return ordered[:, low] + (position - low) * (ordered[:, high] - ordered[:, low])


def synthesize_records(
    aggregates: NoisyAggregates,
    column_of: list[int],
    *,
    weight_selection_percentile: float,
    use_synthetic_counts: bool,
    rng: random.Random,
) -> list[tuple[int, ...]]:
    length = aggregates.reporting_length
    extensions = _extensions(aggregates.counts)
    # The weights to sample from: the reported counts, minus (4.3) what is already synthesized.
    remaining = {s: dict(e) for s, e in extensions.items()} if use_synthetic_counts else extensions
    available = {c[0]: n for c, n in aggregates.counts.items() if len(c) == 1}

    records: list[tuple[int, ...]] = []
    while available:
        record: list[int] = []  # kept sorted: attribute ids are ordered by column
        used_columns: set[int] = set()
        while True:
            subsets = _subsets(record, length - 1)
            allowed = set(extensions.get(subsets[0], ()))
            for subset in subsets[1:]:
                if not allowed:
                    break
                allowed &= extensions.get(subset, {}).keys()
            candidates = sorted(
                a for a in allowed if a in available and column_of[a] not in used_columns
            )
            if not candidates:
                break
            columns = [remaining[s] for s in subsets]
            table = np.array([[c[a] for c in columns] for a in candidates], dtype=float)
            if len(record) < length:
                weights = table[:, 0]  # subsets[0] is the whole record: a direct look-up
            else:
                weights = row_percentiles(table, weight_selection_percentile)
            if use_synthetic_counts:
                usable = table.min(axis=1) > 0
                if not usable.any():
                    break
                candidates = [a for a, ok in zip(candidates, usable, strict=True) if ok]
                weights = weights[usable]
            chosen = rng.choices(candidates, weights=weights.tolist())[0]
            record.append(chosen)
            record.sort()
            used_columns.add(column_of[chosen])
            available[chosen] -= 1
            if available[chosen] == 0:
                del available[chosen]
        if use_synthetic_counts:
            for size in range(1, min(length, len(record)) + 1):
                for combination in combinations(record, size):
                    for position, attribute in enumerate(combination):
                        rest = combination[:position] + combination[position + 1 :]
                        remaining[rest][attribute] -= 1
        records.append(tuple(record))
    return records
