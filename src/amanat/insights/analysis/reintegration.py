"""Reintegration patterns: dimension and composite scores by group, trajectories over visits,
rank tests with effect sizes and a mixed model where visits repeat.

Input: one row per reintegration assessment (scores from the instrument of
`amanat.assistance.reintegration`, each in 0..1) with the case's grouping variables. A group's
figures are shown only when it holds at least `threshold` cases (the platform's small-cell rule,
with secondary suppression over the groups of a table); tests use the groups shown. Pure.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import polars as pl
from statsmodels.regression.mixed_linear_model import MixedLM
from statsmodels.tools.sm_exceptions import ConvergenceWarning

from amanat.insights.analysis.significance import _f, group_test
from amanat.insights.stats import suppression

CASE = "case_id"
DATE = "assessed_on"
VISIT = "visit"  # the follow-up visit's number (null: an assessment outside the schedule)
MONTHS = "months"  # months since the case's first assessment (computed here)
SCORES = ("composite", "economic", "social", "psychosocial")


@dataclass
class ReintegrationAnalysis:
    threshold: int
    n_cases: int | None
    n_assessments: int | None
    by: dict[str, dict] = field(default_factory=dict)
    trajectory: list[dict] = field(default_factory=list)
    mixed_model: dict | None = None

    def as_dict(self) -> dict:
        return {
            "n_cases": self.n_cases,
            "n_assessments": self.n_assessments,
            "threshold": self.threshold,
            "suppression": suppression.describe(self.threshold),
            "by": self.by,
            "trajectory": self.trajectory,
            "mixed_model": self.mixed_model,
        }


def with_months(rows: pl.DataFrame) -> pl.DataFrame:
    """Adds MONTHS: days since the case's first assessment / (365.25 / 12)."""
    first = pl.col(DATE).min().over(CASE)
    return rows.with_columns(
        ((pl.col(DATE) - first).dt.total_days() / (365.25 / 12)).alias(MONTHS)
    ).sort(CASE, DATE)


def latest(rows: pl.DataFrame) -> pl.DataFrame:
    """Each case's most recent assessment (the state the comparison by group describes)."""
    return rows.sort(CASE, DATE).group_by(CASE, maintain_order=True).last()


def _summary(values: np.ndarray) -> dict:
    return {"mean": _f(np.mean(values)), "median": _f(np.median(values))}


def compare(rows: pl.DataFrame, variable: str, threshold: int) -> dict:
    """Latest scores by `variable`: per group its cases and mean/median of each score; per score
    a Mann-Whitney (2 groups) or Kruskal-Wallis test over the groups shown."""
    last = latest(rows).with_columns(pl.col(variable).cast(pl.String).fill_null(""))
    groups = sorted(set(last[variable].to_list()), key=lambda g: (g == "", g))
    sizes = [last.filter(pl.col(variable) == g).height for g in groups]
    # The groups with their total (the published number of cases) are one line.
    status = suppression.suppress([*sizes, sum(sizes)], [list(range(len(sizes) + 1))], threshold)
    table, samples = [], {score: [] for score in SCORES}
    for group, size, hidden in zip(groups, sizes, status, strict=False):
        part = last.filter(pl.col(variable) == group)
        row = {"group": group, "cases": None if hidden else size, "suppressed": hidden is not None}
        for score in SCORES:
            values = part[score].drop_nulls().to_numpy()
            row[score] = None if hidden or len(values) == 0 else _summary(values)
            if not hidden and group and len(values):
                samples[score].append(values)
        table.append(row)
    tests = []
    for score in SCORES:
        test = group_test(samples[score])
        tests.append(
            {"score": score, **(test.as_dict() if test else {"test": None})}
            | {"effect_size": _effect_name(test.test) if test else None}
        )
    return {"groups": table, "tests": tests}


def _effect_name(test: str) -> str:
    return "rank_biserial" if test == "mann_whitney" else "epsilon_squared"


def trajectory(rows: pl.DataFrame, threshold: int) -> list[dict]:
    """Mean scores at each follow-up visit (cases assessed at that visit)."""
    visits = rows.filter(pl.col(VISIT).is_not_null())
    numbers = sorted(set(visits[VISIT].to_list()))
    sizes = [visits.filter(pl.col(VISIT) == v)[CASE].n_unique() for v in numbers]
    status = suppression.suppress_rows(sizes, threshold)
    result = []
    for number, size, hidden in zip(numbers, sizes, status, strict=True):
        part = visits.filter(pl.col(VISIT) == number)
        row = {"visit": int(number), "cases": None if hidden else size}
        for score in SCORES:
            values = part[score].drop_nulls().to_numpy()
            row[f"{score}_mean"] = None if hidden or not len(values) else _f(np.mean(values))
        row["suppressed"] = hidden is not None
        result.append(row)
    return result


def mixed_model(rows: pl.DataFrame, threshold: int, score: str = "composite") -> dict | None:
    """Linear mixed model score ~ months since first assessment, random intercept per case
    (statsmodels MixedLM, REML), over the cases assessed at least twice. None below `threshold`
    such cases (too few for a model, and the count would be a small cell)."""
    data = rows.filter(pl.col(score).is_not_null())
    repeated = data.group_by(CASE).len().filter(pl.col("len") >= 2)[CASE]
    data = data.filter(pl.col(CASE).is_in(repeated.implode())).sort(CASE, DATE)
    n_groups = data[CASE].n_unique()
    if n_groups < threshold:
        return None
    months = data[MONTHS].to_numpy()
    exog = np.column_stack([np.ones(len(months)), months])
    model = MixedLM(data[score].to_numpy(), exog, groups=data[CASE].to_numpy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fit = model.fit(reml=True)
    low, high = fit.conf_int()[1]
    return {
        "score": score,
        "model": "MixedLM: score ~ months, random intercept per case (REML)",
        "intercept": _f(fit.fe_params[0]),
        "slope_per_month": _f(fit.fe_params[1]),
        "se": _f(fit.bse_fe[1]),
        "pvalue": _f(fit.pvalues[1]),
        "ci_low": _f(low),
        "ci_high": _f(high),
        "group_variance": _f(fit.cov_re[0][0]),
        "n_observations": int(len(months)),
        "n_cases": int(n_groups),
        "converged": bool(fit.converged),
    }


def analyse_reintegration(
    rows: pl.DataFrame, *, by: tuple[str, ...] = (), threshold: int
) -> ReintegrationAnalysis:
    n_cases = rows[CASE].n_unique() if rows.height else 0
    if 0 < n_cases < threshold:
        return ReintegrationAnalysis(threshold=threshold, n_cases=None, n_assessments=None)
    rows = with_months(rows)
    result = ReintegrationAnalysis(threshold=threshold, n_cases=n_cases, n_assessments=rows.height)
    for variable in by:
        result.by[variable] = compare(rows, variable, threshold)
    result.trajectory = trajectory(rows, threshold)
    result.mixed_model = mixed_model(rows, threshold) if n_cases else None
    return result
