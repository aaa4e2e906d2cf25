"""Online recruitment: channel x year x gender tables, websites and apps, the share recruited
online with Wilson intervals and a trend test over years.

The trend test is a logistic regression of "recruited online" on the year (statsmodels GLM,
Binomial family, logit link; Wald test of the slope), the model whose score test is the
Cochran-Armitage test (ADR 1503). Input: one row per case with `year`, `gender`, `channel`
(online | personal | other | "" not recorded) and `websites` (list of HTCDS
vic_RecruitmentWebsitesAndApps codes). Every count obeys the small-cell rule. Pure: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl
import statsmodels.api as sm

from amanat.insights.analysis.cells import layered, shown, two_way
from amanat.insights.analysis.significance import _f, contingency_test, publishable, wilson
from amanat.insights.stats import suppression

CASE = "case_id"
YEAR = "year"
GENDER = "gender"
CHANNEL = "channel"
WEBSITES = "websites"
ONLINE = "online"
CHANNELS = ("online", "personal", "other")


@dataclass
class RecruitmentAnalysis:
    threshold: int
    n_cases: int | None
    channels: dict[str, dict] = field(default_factory=dict)  # gender ("all" too) -> table
    share: dict | None = None
    share_by_year: list[dict] = field(default_factory=list)
    websites: list[dict] = field(default_factory=list)
    trend: dict | None = None
    by: dict[str, dict] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "n_cases": self.n_cases,
            "threshold": self.threshold,
            "suppression": suppression.describe(self.threshold),
            "channels": self.channels,
            "share_online": self.share,
            "share_online_by_year": self.share_by_year,
            "websites": self.websites,
            "trend": self.trend,
            "by": self.by,
        }


def _counts(rows: pl.DataFrame, years: list[int]) -> list[list[int]]:
    return [
        [rows.filter((pl.col(YEAR) == y) & (pl.col(CHANNEL) == c)).height for c in CHANNELS]
        for y in years
    ]


def channel_tables(dated: pl.DataFrame, threshold: int) -> dict[str, dict]:
    """Cases by year (rows) and channel (columns) with totals, for all cases and for each
    gender, suppressed together (`cells.layered`: all cases = the sum of the genders)."""
    years = sorted(set(dated[YEAR].to_list()))
    genders = sorted(set(dated[GENDER].to_list()) - {""})
    layers = [*genders, ""]
    if not years:
        return {"all": {"channels": list(CHANNELS), "rows": [], "totals": None}}
    counts = [_counts(dated.filter(pl.col(GENDER) == g), years) for g in layers]
    hidden, hidden_all = layered(counts, [bool(g) for g in layers], threshold)
    total = [
        [sum(c[y][k] for c in counts) for k in range(len(CHANNELS))] for y in range(len(years))
    ]
    result = {"all": _table(years, total, hidden_all)}
    for g, gender in enumerate(genders):
        result[gender] = _table(years, counts[g], hidden[g])
    return result


def _table(years: list[int], counts: list[list[int]], hidden) -> dict:
    return {
        "channels": list(CHANNELS),
        "rows": [
            {
                "year": int(year),
                "counts": [shown(v, h) for v, h in zip(counts[i], hidden.cells[i], strict=True)],
                "total": shown(sum(counts[i]), hidden.row_totals[i]),
            }
            for i, year in enumerate(years)
        ],
        "totals": {
            "counts": [
                shown(sum(counts[i][c] for i in range(len(years))), hidden.column_totals[c])
                for c in range(len(CHANNELS))
            ],
            "total": shown(sum(map(sum, counts)), hidden.total),
        },
    }


def _share(online: int, total: int, threshold: int) -> dict:
    status = suppression.suppress([online, total - online, total], [[0, 1, 2]], threshold)
    hidden = status[0] is not None or status[2] is not None
    low, high = wilson(online, total)
    return {
        "online": shown(online, hidden),
        "recorded": shown(total, status[2] is not None),
        "share": shown(_f(online / total) if total else None, hidden),
        "ci_low": shown(low, hidden),
        "ci_high": shown(high, hidden),
        "suppressed": hidden,
    }


def trend_test(rows: pl.DataFrame, threshold: int) -> dict | None:
    """Logistic regression online ~ year (GLM Binomial): slope, odds ratio per year, Wald p.
    None with fewer than two years, no variation, or a hidden count in the year x online table."""
    years = sorted(set(rows[YEAR].to_list()))
    table = [
        [
            rows.filter((pl.col(YEAR) == y) & (pl.col(CHANNEL) == ONLINE)).height,
            rows.filter((pl.col(YEAR) == y) & (pl.col(CHANNEL) != ONLINE)).height,
        ]
        for y in years
    ]
    online = rows[CHANNEL].eq(ONLINE).to_numpy().astype(float)
    if len(years) < 2 or online.min() == online.max() or not publishable(table, threshold):
        return None
    year = rows[YEAR].to_numpy().astype(float)
    fit = sm.GLM(online, sm.add_constant(year), family=sm.families.Binomial()).fit()
    low, high = fit.conf_int()[1]
    return {
        "test": "logistic_regression_on_year",
        "slope": _f(fit.params[1]),
        "odds_ratio_per_year": _f(np.exp(fit.params[1])),
        "ci_low": _f(np.exp(low)),
        "ci_high": _f(np.exp(high)),
        "z": _f(fit.tvalues[1]),
        "pvalue": _f(fit.pvalues[1]),
        "years": [int(y) for y in years],
    }


def compare(recorded: pl.DataFrame, variable: str, threshold: int) -> dict:
    """Share recruited online by `variable` (cases with a channel recorded), with a chi-square
    or Fisher test (`contingency_test`) over the groups shown."""
    values = recorded[variable].cast(pl.String).fill_null("")
    groups = sorted(set(values.to_list()) - {""}) + ([""] if "" in values.to_list() else [])
    online = recorded[CHANNEL].eq(ONLINE)
    table = [
        [int((values.eq(g) & online).sum()), int((values.eq(g) & ~online).sum())] for g in groups
    ]
    hidden = two_way(table, threshold) if table else None
    rows = []
    for i, group in enumerate(groups):
        total = sum(table[i])
        low, high = wilson(table[i][0], total)
        secret = hidden.cells[i][0] or hidden.row_totals[i]
        rows.append(
            {
                "group": group,
                "cases": shown(total, hidden.row_totals[i]),
                "online": shown(table[i][0], secret),
                "share": shown(_f(table[i][0] / total) if total else None, secret),
                "ci_low": shown(low, secret),
                "ci_high": shown(high, secret),
                "suppressed": secret,
            }
        )
    usable = [t for t, g in zip(table, groups, strict=True) if g and sum(t) >= threshold]
    test = contingency_test(usable) if len(usable) >= 2 else None
    result = {"groups": rows, "test": None, "statistic": None, "pvalue": None, "cramers_v": None}
    if test is not None and publishable(usable, threshold):
        result |= {
            "test": test.test,
            "statistic": test.statistic,
            "pvalue": test.pvalue,
            "cramers_v": test.effect,
            "df": test.df,
        }
    return result


def analyse_recruitment(
    rows: pl.DataFrame, *, by: tuple[str, ...] = (), threshold: int
) -> RecruitmentAnalysis:
    n = rows.height
    if 0 < n < threshold:
        return RecruitmentAnalysis(threshold=threshold, n_cases=None)
    result = RecruitmentAnalysis(threshold=threshold, n_cases=n)
    rows = rows.with_columns(pl.col(CHANNEL).fill_null(""), pl.col(GENDER).fill_null(""))
    recorded = rows.filter(pl.col(CHANNEL) != "")
    dated = recorded.filter(pl.col(YEAR).is_not_null())
    result.channels = channel_tables(dated, threshold)
    result.share = _share(recorded[CHANNEL].eq(ONLINE).sum(), recorded.height, threshold)
    # By year: the all-cases table's online cell and row total, hidden as that table hides them.
    for row in result.channels["all"]["rows"]:
        online, recorded_in_year = row["counts"][0], row["total"]
        part = dated.filter(pl.col(YEAR) == row["year"])
        count, total = int(part[CHANNEL].eq(ONLINE).sum()), part.height
        secret = online is None or recorded_in_year is None
        low, high = wilson(count, total)
        result.share_by_year.append(
            {
                "year": row["year"],
                "online": online,
                "recorded": recorded_in_year,
                "share": shown(_f(count / total) if total else None, secret),
                "ci_low": shown(low, secret),
                "ci_high": shown(high, secret),
                "suppressed": secret,
            }
        )
    result.websites = websites(recorded.filter(pl.col(CHANNEL) == ONLINE), threshold)
    result.trend = trend_test(dated, threshold)
    for variable in by:
        result.by[variable] = compare(recorded, variable, threshold)
    return result


def websites(online: pl.DataFrame, threshold: int) -> list[dict]:
    """Online-recruited cases by website or app (a case may name several)."""
    total = online.height
    exploded = online.select(CASE, WEBSITES).explode(WEBSITES).drop_nulls(WEBSITES).unique()
    counts = exploded.group_by(WEBSITES).len().sort(["len", WEBSITES], descending=[True, False])
    names, values = counts[WEBSITES].to_list(), counts["len"].to_list()
    status = suppression.suppress_rows(values, threshold)
    rows = []
    for name, value, hidden in zip(names, values, status, strict=True):
        low, high = wilson(value, total)
        rows.append(
            {
                "website": name,
                "cases": shown(value, hidden is not None),
                "share_of_online": shown(_f(value / total) if total else None, hidden is not None),
                "ci_low": shown(low, hidden is not None),
                "ci_high": shown(high, hidden is not None),
                "suppressed": hidden is not None,
            }
        )
    return rows
