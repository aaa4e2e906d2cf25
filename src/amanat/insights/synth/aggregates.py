"""Differentially private counts of all attribute combinations up to the reporting length.

Follows synthetic-data-showcase docs/dp/README.md section 3 (algorithm 3.5), for k = 1..R:
1. candidates: every single attribute for k = 1; for k > 1, every extension of a reported
   (k-1)-combination by a reported attribute of another column whose (k-1)-sub-combinations were
   all reported (decided from released noisy data only, so it costs no budget);
2. allowed sensitivity Delta_k = DP percentile of the number of candidate k-combinations per record;
   records with more have a random subset of that size counted (contribution bounding);
3. every candidate count, including those absent from the data (count 0), gets Gaussian noise with
   standard deviation sigma_k * sqrt(Delta_k);
4. a candidate is reported if its noisy count exceeds rho_k: for k = 1
   rho_1 = 1 + sigma_1 sqrt(Delta_1) Phi^-1[(1 - delta/2)^(1/Delta_1)] (part of the DP guarantee),
   for k > 1 a fixed floor or an adaptive one, rho_k = sigma_k sqrt(Delta_k) Phi^-1[1 - eta_k/2]
   (these only trade fabricated against suppressed combinations);
5. normalisation: a combination never counts more than any of its reported sub-combinations.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.stats import norm

from amanat.insights.synth.dataset import EncodedData
from amanat.insights.synth.percentile import dp_percentile
from amanat.insights.synth.settings import NoiseScales, SynthesisSettings

Combination = tuple[int, ...]


@dataclass(frozen=True)
class LengthReport:
    """How combinations of one length were released: the explanation of the noisy counts."""

    length: int
    allowed_sensitivity: int  # Delta_k chosen by the DP percentile
    sensitivity_upper_bound: int  # public range of the percentile: C(columns, k)
    records_clipped: int  # records whose contribution was cut down to Delta_k
    noise_std: float  # sigma_k * sqrt(Delta_k)
    threshold: float  # rho_k
    candidates: int
    reported: int
    fabricated: int  # reported but absent from the input (for the data controller's eyes only)


@dataclass(frozen=True)
class NoisyAggregates:
    counts: dict[Combination, int]
    lengths: tuple[LengthReport, ...]
    reporting_length: int


def _candidates(
    length: int, previous: dict[Combination, int], singles: list[int], column_of: list[int]
) -> list[Combination]:
    if length == 1:
        return [(a,) for a in singles]
    found: list[Combination] = []
    for combination in sorted(previous):
        last_column = column_of[combination[-1]]
        for attribute in singles:
            # Attribute ids are ordered by column, so this builds each combination once.
            if column_of[attribute] <= last_column:
                continue
            extended = (*combination, attribute)
            if all(sub in previous for sub in combinations(extended, length - 1)):
                found.append(extended)
    return found


def _count_bounded(
    records, candidates: set[Combination], length: int, sensitivity_of, rng
) -> tuple[Counter, int, int]:
    counts: Counter = Counter()
    per_record: list[int] = []
    for record in records:
        valid = [c for c in combinations(record, length) if c in candidates]
        per_record.append(len(valid))
        counts.update(valid)
    allowed = sensitivity_of(np.asarray(per_record))
    clipped = 0
    for record, contributed in zip(records, per_record, strict=True):
        if contributed <= allowed:
            continue
        clipped += 1
        valid = [c for c in combinations(record, length) if c in candidates]
        for index in rng.choice(len(valid), size=contributed - allowed, replace=False):
            counts[valid[index]] -= 1
    return counts, clipped, allowed


def first_length_threshold(noise_std: float, sensitivity: int, delta: float) -> float:
    # 1 - (1 - delta/2)^(1/Delta), computed without losing the tiny delta to rounding.
    tail = -math.expm1(math.log1p(-delta / 2.0) / sensitivity)
    return 1.0 + noise_std * float(norm.isf(tail))


def noisy_aggregates(
    data: EncodedData,
    settings: SynthesisSettings,
    scales: NoiseScales,
    rng: np.random.Generator,
) -> NoisyAggregates:
    column_of = [column for column, _value in data.attributes]
    number_of_columns = len(data.columns)
    reported: dict[Combination, int] = {}
    previous: dict[Combination, int] = {}
    singles = list(range(len(data.attributes)))
    reports: list[LengthReport] = []
    thresholds = settings.resolved_thresholds()

    for length in range(1, min(settings.reporting_length, number_of_columns) + 1):
        candidates = _candidates(length, previous, singles, column_of)
        upper = math.comb(number_of_columns, length)

        def sensitivity_of(per_record, upper=upper):
            return dp_percentile(
                per_record,
                percentile=settings.percentile,
                upper=upper,
                epsilon=scales.percentile_epsilon,
                rng=rng,
            )

        counts, clipped, allowed = _count_bounded(
            data.records, set(candidates), length, sensitivity_of, rng
        )
        noise_std = scales.sigmas[length - 1] * math.sqrt(allowed)
        true_counts = np.array([counts.get(c, 0) for c in candidates], dtype=float)
        noisy = true_counts + noise_std * rng.standard_normal(len(candidates))
        if allowed == 0:
            threshold = math.inf  # no record may contribute: nothing of this length is released
        elif length == 1:
            threshold = first_length_threshold(noise_std, allowed, scales.delta)
        elif settings.threshold_type == "fixed":
            threshold = thresholds[length - 2]
        else:
            threshold = noise_std * float(norm.isf(thresholds[length - 2] / 2.0))

        current: dict[Combination, int] = {}
        fabricated = 0
        for combination, noisy_count, true_count in zip(
            candidates, noisy, true_counts, strict=True
        ):
            if noisy_count <= threshold:
                continue
            if length > 1:
                ceiling = min(previous[sub] for sub in combinations(combination, length - 1))
                noisy_count = min(noisy_count, ceiling)
            count = round(noisy_count)
            if count < 1:
                continue
            current[combination] = count
            fabricated += true_count == 0
        reports.append(
            LengthReport(
                length=length,
                allowed_sensitivity=allowed,
                sensitivity_upper_bound=upper,
                records_clipped=clipped,
                noise_std=noise_std,
                threshold=threshold,
                candidates=len(candidates),
                reported=len(current),
                fabricated=int(fabricated),
            )
        )
        reported.update(current)
        previous = current
        if length == 1:
            singles = [combination[0] for combination in sorted(current)]
        if not current:
            break
    return NoisyAggregates(reported, tuple(reports), settings.reporting_length)
