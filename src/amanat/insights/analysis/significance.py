"""The significance tests and effect sizes every analysis shares: thin calls to SciPy and
statsmodels (no statistic is computed by hand; only the effect-size conversions of a published
statistic, each named with its formula), and the small-cell rule for publishing a test.

Pure: no Django (the pure-engines contract in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats
from scipy.stats.contingency import association
from statsmodels.stats.proportion import proportion_confint

CHI2 = "chi2"
FISHER = "fisher"
KRUSKAL = "kruskal"
MANN_WHITNEY = "mann_whitney"


def _f(value) -> float | None:
    """A float for JSON (NaN and infinity become None)."""
    if value is None:
        return None
    value = float(value)
    return value if np.isfinite(value) else None


def wilson(count: int, total: int) -> tuple[float | None, float | None]:
    """Wilson 95% interval of count/total (statsmodels proportion_confint, method='wilson')."""
    if total <= 0:
        return None, None
    low, high = proportion_confint(count, total, alpha=0.05, method="wilson")
    return _f(low), _f(high)


def publishable(counts, threshold: int) -> bool:
    """A test is published only if no cell it is computed from is a suppressed count (1 to
    threshold-1): a p-value with the margins known would give such a cell back (ADR 1501)."""
    values = np.asarray(counts).ravel()
    return not bool(np.any((values > 0) & (values < threshold)))


@dataclass(frozen=True)
class TestResult:
    test: str
    statistic: float | None
    pvalue: float | None
    effect: float | None = None  # Cramér's V, epsilon-squared or rank-biserial correlation
    df: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _trim(table: np.ndarray) -> np.ndarray:
    """Drop empty rows and columns (their expected counts are zero: no test can use them)."""
    table = table[table.sum(axis=1) > 0]
    return table[:, table.sum(axis=0) > 0]


def contingency_test(table: Sequence[Sequence[int]]) -> TestResult | None:
    """Chi-square without continuity correction, or Fisher's exact test for a 2x2 table with an
    expected count under 5; Cramér's V (scipy association, no correction) in both cases.

    None when fewer than two non-empty rows or columns remain."""
    observed = _trim(np.asarray(table, dtype=np.int64))
    if observed.shape[0] < 2 or observed.shape[1] < 2:
        return None
    chi2, pvalue, dof, expected = stats.chi2_contingency(observed, correction=False)
    cramers_v = association(observed, method="cramer", correction=False)
    if observed.shape == (2, 2) and bool((expected < 5).any()):
        odds, fisher_p = stats.fisher_exact(observed)
        return TestResult(FISHER, _f(odds), _f(fisher_p), _f(cramers_v), 1)
    return TestResult(CHI2, _f(chi2), _f(pvalue), _f(cramers_v), int(dof))


def group_test(groups: Sequence[Sequence[float]]) -> TestResult | None:
    """Two groups: Mann-Whitney U (two-sided) with the rank-biserial correlation r = 2U/(n1 n2) - 1
    (U of the first group); three or more: Kruskal-Wallis H with epsilon-squared
    H (n + 1) / (n^2 - 1) (Tomczak & Tomczak 2014). None with fewer than two non-empty groups or
    when every value is the same (the rank tests are undefined)."""
    samples = [np.asarray(g, dtype=float) for g in groups if len(g)]
    if len(samples) < 2:
        return None
    pooled = np.concatenate(samples)
    if np.all(pooled == pooled[0]):
        return None
    if len(samples) == 2:
        first, second = samples
        result = stats.mannwhitneyu(first, second, alternative="two-sided")
        r = 2 * result.statistic / (len(first) * len(second)) - 1
        return TestResult(MANN_WHITNEY, _f(result.statistic), _f(result.pvalue), _f(r))
    result = stats.kruskal(*samples)
    n = len(pooled)
    epsilon = result.statistic * (n + 1) / (n * n - 1)
    return TestResult(
        KRUSKAL, _f(result.statistic), _f(result.pvalue), _f(epsilon), len(samples) - 1
    )
