"""A differentially private percentile of small non-negative integers.

Used to choose the allowed sensitivity Delta_k (how many k-combinations one record may contribute)
as in synthetic-data-showcase docs/dp/README.md section 3.2.1. This is the exponential mechanism
over the public range [0, upper] with the quality score

    u(v) = -| #{records with value <= v} - q * n |

whose sensitivity is 1 (adding or removing one record moves each term by at most 1). Sampling
argmax(epsilon * u / 2 + Gumbel noise) is exactly the exponential mechanism, epsilon-DP.
The range is public (it depends on the number of columns only), never on the data's maximum.
"""

from __future__ import annotations

import numpy as np


def dp_percentile(
    values: np.ndarray, *, percentile: float, upper: int, epsilon: float, rng: np.random.Generator
) -> int:
    candidates = np.arange(upper + 1)
    ranks = np.searchsorted(np.sort(values), candidates, side="right")
    quality = -np.abs(ranks - percentile / 100.0 * len(values))
    noisy = epsilon * quality / 2.0 + rng.gumbel(size=candidates.size)
    return int(candidates[int(np.argmax(noisy))])
