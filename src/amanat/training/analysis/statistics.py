"""Paired pre/post statistics and item statistics, computed with NumPy and SciPy.

Every statistic that cannot be computed is None with a reason in `null_reasons` (never NaN), so
JSON output stays valid and a reader learns why a figure is missing.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

Reasons = dict[str, str]


@dataclass
class PairedSummary:
    """Statistics over the participants who took both tests (the paired sample)."""

    n: int
    max_score: float | None
    pre_mean: float | None = None
    post_mean: float | None = None
    pre_sd: float | None = None
    post_sd: float | None = None
    pre_mean_percent: float | None = None
    post_mean_percent: float | None = None
    mean_gain: float | None = None
    gain_sd: float | None = None
    mean_gain_ci95: tuple[float, float] | None = None
    normalized_gain: float | None = None  # Hake: gain of the class means
    normalized_gain_of_individuals: float | None = None  # mean of individual normalized gains
    normalized_gain_of_individuals_n: int = 0
    t_statistic: float | None = None
    t_df: int | None = None
    t_pvalue: float | None = None
    cohens_dz: float | None = None
    wilcoxon_statistic: float | None = None
    wilcoxon_w_plus: float | None = None
    wilcoxon_w_minus: float | None = None
    wilcoxon_n: int = 0
    wilcoxon_pvalue: float | None = None
    rank_biserial: float | None = None
    null_reasons: Reasons = field(default_factory=dict)


def individual_normalized_gain(
    pre: float, post: float, max_score: float | None
) -> tuple[float | None, str | None]:
    """(post - pre) / (max - pre), or None with the reason it is undefined."""
    if max_score is None:
        return None, "no answer key: the maximum score is unknown"
    if pre >= max_score:
        return None, f"pre-test score equals the maximum ({max_score:g}): no room to gain"
    return (post - pre) / (max_score - pre), None


def paired_summary(pre: np.ndarray, post: np.ndarray, max_score: float | None) -> PairedSummary:
    n = len(pre)
    summary = PairedSummary(n=n, max_score=max_score)
    reasons = summary.null_reasons
    if n == 0:
        for name in _ALL_NULLABLE:
            reasons[name] = "no participant took both the pre-test and the post-test"
        return summary
    gain = post - pre
    summary.pre_mean = float(pre.mean())
    summary.post_mean = float(post.mean())
    summary.mean_gain = float(gain.mean())
    if max_score is None:
        for name in (
            "pre_mean_percent",
            "post_mean_percent",
            "normalized_gain",
            "normalized_gain_of_individuals",
        ):
            reasons[name] = "no answer key: the maximum score is unknown"
    else:
        summary.pre_mean_percent = 100 * summary.pre_mean / max_score
        summary.post_mean_percent = 100 * summary.post_mean / max_score
        summary.normalized_gain, reason = individual_normalized_gain(
            summary.pre_mean, summary.post_mean, max_score
        )
        if reason:
            reasons["normalized_gain"] = "mean " + reason
        defined = [
            g
            for g in (
                individual_normalized_gain(a, b, max_score)[0]
                for a, b in zip(pre, post, strict=True)
            )
            if g is not None
        ]
        summary.normalized_gain_of_individuals_n = len(defined)
        if defined:
            summary.normalized_gain_of_individuals = float(np.mean(defined))
        else:
            reasons["normalized_gain_of_individuals"] = (
                "every participant's pre-test score equals the maximum"
            )
    if n < 2:
        for name in (
            "pre_sd",
            "post_sd",
            "gain_sd",
            "mean_gain_ci95",
            "t_statistic",
            "t_df",
            "t_pvalue",
            "cohens_dz",
        ):
            reasons[name] = "needs at least 2 paired participants"
    else:
        summary.pre_sd = float(pre.std(ddof=1))
        summary.post_sd = float(post.std(ddof=1))
        summary.gain_sd = float(gain.std(ddof=1))
        _paired_t(summary, pre, post, gain)
    _wilcoxon(summary, pre, post, gain)
    return summary


def _paired_t(summary: PairedSummary, pre: np.ndarray, post: np.ndarray, gain: np.ndarray) -> None:
    reasons = summary.null_reasons
    if summary.gain_sd == 0:
        why = "every participant gained the same amount: the gains have no spread"
        for name in ("t_statistic", "t_df", "t_pvalue", "cohens_dz", "mean_gain_ci95"):
            reasons[name] = why
        return
    result = stats.ttest_rel(post, pre)
    summary.t_statistic = float(result.statistic)
    summary.t_df = int(result.df)
    summary.t_pvalue = float(result.pvalue)
    interval = result.confidence_interval(confidence_level=0.95)
    summary.mean_gain_ci95 = (float(interval.low), float(interval.high))
    summary.cohens_dz = float(gain.mean() / summary.gain_sd)


def _wilcoxon(summary: PairedSummary, pre: np.ndarray, post: np.ndarray, gain: np.ndarray) -> None:
    reasons = summary.null_reasons
    nonzero = gain[gain != 0]
    summary.wilcoxon_n = len(nonzero)
    if len(nonzero) == 0:
        why = "no participant's score changed: the signed-rank test has nothing to rank"
        for name in (
            "wilcoxon_statistic",
            "wilcoxon_w_plus",
            "wilcoxon_w_minus",
            "wilcoxon_pvalue",
            "rank_biserial",
        ):
            reasons[name] = why
        return
    # Zero differences are dropped (Wilcoxon's original method, SciPy's default zero_method).
    ranks = stats.rankdata(np.abs(nonzero))
    w_plus = float(ranks[nonzero > 0].sum())
    w_minus = float(ranks[nonzero < 0].sum())
    summary.wilcoxon_w_plus = w_plus
    summary.wilcoxon_w_minus = w_minus
    # Matched-pairs rank-biserial correlation (Kerby 2014): share of favourable minus unfavourable rank sums.
    summary.rank_biserial = (w_plus - w_minus) / (w_plus + w_minus)
    if len(nonzero) <= EXACT_SIGNED_RANK_MAX_N:
        # SciPy answers these (ties included) with a permutation test over all 2^n sign
        # assignments, which takes about a second at n = 13; counting them is instant and gives
        # the same p-value (tests compare the two).
        summary.wilcoxon_statistic = min(w_plus, w_minus)
        summary.wilcoxon_pvalue = exact_signed_rank_pvalue(ranks, nonzero > 0)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # SciPy warns on small n; n is reported
        result = stats.wilcoxon(post, pre, zero_method="wilcox")
    summary.wilcoxon_statistic = float(result.statistic)
    summary.wilcoxon_pvalue = float(result.pvalue)


EXACT_SIGNED_RANK_MAX_N = 13


def exact_signed_rank_pvalue(ranks: np.ndarray, positive: np.ndarray) -> float:
    """Two-sided p of the signed-rank statistic under the exact null: every assignment of signs
    to the (possibly tied, so half-integer) ranks is equally likely. Counted by dynamic
    programming over doubled ranks; p = 2 x min(P(W+ <= w), P(W+ >= w)), capped at 1."""
    doubled = np.rint(2 * np.asarray(ranks, dtype=float)).astype(int)
    w_plus = int(doubled[positive].sum())
    counts = np.zeros(int(doubled.sum()) + 1)
    counts[0] = 1.0
    for rank in doubled:
        shifted = np.zeros_like(counts)
        shifted[rank:] = counts[: len(counts) - rank]
        counts = counts + shifted
    counts /= counts.sum()
    lower = float(counts[: w_plus + 1].sum())
    upper = float(counts[w_plus:].sum())
    return min(1.0, 2 * min(lower, upper))


_ALL_NULLABLE = (
    "pre_mean", "post_mean", "pre_sd", "post_sd", "pre_mean_percent", "post_mean_percent", "mean_gain",
    "gain_sd", "mean_gain_ci95", "normalized_gain", "normalized_gain_of_individuals", "t_statistic",
    "t_df", "t_pvalue", "cohens_dz", "wilcoxon_statistic", "wilcoxon_w_plus", "wilcoxon_w_minus",
    "wilcoxon_pvalue", "rank_biserial",
)  # fmt: skip


@dataclass
class ItemPhaseStats:
    n: int  # participants who took this phase
    mean_score: float | None = None
    difficulty: float | None = (
        None  # mean fraction of max points (proportion correct for 0/1 items)
    )
    discrimination: float | None = None  # corrected item-rest point-biserial correlation
    null_reasons: Reasons = field(default_factory=dict)


MIN_N_FOR_DISCRIMINATION = 3


def item_phase_stats(scores: np.ndarray, max_points: np.ndarray | None) -> list[ItemPhaseStats]:
    """Per item statistics for one phase; `scores` holds only the participants who took it."""
    n, n_items = scores.shape
    totals = scores.sum(axis=1)
    results = []
    for j in range(n_items):
        item_stats = ItemPhaseStats(n=n)
        reasons = item_stats.null_reasons
        if n == 0:
            for name in ("mean_score", "difficulty", "discrimination"):
                reasons[name] = "nobody took this test"
            results.append(item_stats)
            continue
        column = scores[:, j]
        item_stats.mean_score = float(column.mean())
        if max_points is None:
            reasons["difficulty"] = "no answer key: the item's maximum points are unknown"
        else:
            item_stats.difficulty = float(column.mean() / max_points[j])
        rest = totals - column
        if n < MIN_N_FOR_DISCRIMINATION:
            reasons["discrimination"] = f"needs at least {MIN_N_FOR_DISCRIMINATION} participants"
        elif np.all(column == column[0]):
            reasons["discrimination"] = "every participant has the same score on this item"
        elif np.all(rest == rest[0]):
            reasons["discrimination"] = "every participant has the same score on the other items"
        else:
            item_stats.discrimination = float(stats.pearsonr(column, rest).statistic)
        results.append(item_stats)
    return results
