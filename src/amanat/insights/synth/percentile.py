"""A differentially private percentile of small non-negative integers.

Used to choose the allowed sensitivity Delta_k (how many k-combinations one record may contribute)
as in synthetic-data-showcase docs/dp/README.md section 3.2.1. This is the exponential mechanism
over the public range [0, upper] with the quality score

    u(v) = -max(q*n - #{values <= v}, #{values < v} - q*n, 0)

which is 0 exactly at the q-th percentile and falls by one per record that would have to change
for v to become it (the quality SDS's percentile.rs also uses). Its sensitivity is 1: adding or
removing one record moves each count by at most 1 and q*n by q <= 1. Sampling
argmax(epsilon * u / 2 + Gumbel noise) is exactly the exponential mechanism, epsilon-DP.
The range is public (it depends on the number of columns only), never on the data's maximum.
"""

from __future__ import annotations

import numpy as np


def dp_percentile(
    values: np.ndarray, *, percentile: float, upper: int, epsilon: float, rng: np.random.Generator
) -> int:
    candidates = np.arange(upper + 1)
    ordered = np.sort(values)
    at_or_below = np.searchsorted(ordered, candidates, side="right")
    below = np.searchsorted(ordered, candidates, side="left")
    target = percentile / 100.0 * len(values)
    quality = -np.maximum.reduce([target - at_or_below, below - target, np.zeros(candidates.size)])
    noisy = epsilon * quality / 2.0 + rng.gumbel(size=candidates.size)
    return int(candidates[int(np.argmax(noisy))])
