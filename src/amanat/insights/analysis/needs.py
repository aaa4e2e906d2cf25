"""Needs analysis: prevalence with Wilson intervals, Cochran's Q and pairwise McNemar (Holm),
comparison by group (chi-square or Fisher, Cramér's V) and clusters of co-occurring needs.

Input: one row per case with its grouping variables, and one row per case and need present.
Every count obeys the small-cell rule (`cells`), and a test is published only where no count it
is computed from is hidden (`significance.publishable`, ADR 1501). Pure: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist
from statsmodels.stats.contingency_tables import cochrans_q, mcnemar
from statsmodels.stats.multitest import multipletests

from amanat.insights.analysis.cells import one_way, shown, two_way
from amanat.insights.analysis.significance import _f, contingency_test, publishable, wilson
from amanat.insights.stats import suppression

CASE = "case_id"
NEED = "need"
# Needs further apart than this (average-linkage Jaccard distance) are not one cluster (ADR 1502).
CLUSTER_CUT = 0.7
# McNemar: exact binomial test below this many discordant pairs, else chi-square (corrected).
MCNEMAR_EXACT_BELOW = 25


@dataclass(frozen=True)
class NeedsData:
    cases: pl.DataFrame  # case_id plus one string column per grouping variable
    needs: pl.DataFrame  # case_id, need: one row per case and need present

    def matrix(self) -> tuple[list[str], np.ndarray]:
        """Need codes (sorted) and the cases x needs boolean matrix, in `cases` order."""
        codes = sorted(set(self.needs[NEED].drop_nulls().to_list()) - {""})
        matrix = np.zeros((self.cases.height, len(codes)), dtype=bool)
        rows = self.cases.select(CASE).with_row_index("_row")
        pairs = (
            self.needs.filter(pl.col(NEED).is_in(codes))
            .join(rows, on=CASE, how="inner")
            .with_columns(
                pl.col(NEED).replace_strict(codes, list(range(len(codes)))).alias("_column")
            )
        )
        rows_at = pairs["_row"].to_numpy().astype(np.int64)
        matrix[rows_at, pairs["_column"].to_numpy().astype(np.int64)] = True
        return codes, matrix


@dataclass
class NeedsAnalysis:
    threshold: int
    n_cases: int | None
    needs: list[dict] = field(default_factory=list)
    cochran_q: dict | None = None
    pairwise: list[dict] = field(default_factory=list)
    by: dict[str, list[dict]] = field(default_factory=dict)
    clusters: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "n_cases": self.n_cases,
            "threshold": self.threshold,
            "suppression": suppression.describe(self.threshold),
            "needs": self.needs,
            "cochran_q": self.cochran_q,
            "pairwise": self.pairwise,
            "by": self.by,
            "clusters": self.clusters,
        }


def analyse_needs(data: NeedsData, *, by: tuple[str, ...] = (), threshold: int) -> NeedsAnalysis:
    codes, matrix = data.matrix()
    n = matrix.shape[0]
    if 0 < n < threshold:
        return NeedsAnalysis(threshold=threshold, n_cases=None)
    result = NeedsAnalysis(threshold=threshold, n_cases=n)
    counts = matrix.sum(axis=0).astype(int)
    for j in sorted(range(len(codes)), key=lambda j: (-counts[j], codes[j])):
        count = int(counts[j])
        # One line per need: with it, without it, every case (the published n_cases).
        status = suppression.suppress([count, n - count, n], [[0, 1, 2]], threshold)
        hidden = status[0] is not None
        low, high = wilson(count, n)
        result.needs.append(
            {
                "need": codes[j],
                "n": shown(count, hidden),
                "prevalence": shown(_f(count / n) if n else None, hidden),
                "ci_low": shown(low, hidden),
                "ci_high": shown(high, hidden),
                "suppressed": hidden,
            }
        )
    published = [codes.index(row["need"]) for row in result.needs if not row["suppressed"]]
    published = [j for j in published if 0 < counts[j] < n]  # a constant column tests nothing
    if len(published) >= 2 and n >= threshold:
        sub = matrix[:, published].astype(int)
        q = cochrans_q(sub)
        result.cochran_q = {"statistic": _f(q.statistic), "df": int(q.df), "pvalue": _f(q.pvalue)}
        result.pairwise = _pairwise(sub, [codes[j] for j in published], threshold)
    for variable in by:
        result.by[variable] = _compare(data, variable, codes, matrix, threshold)
    result.clusters = _clusters(codes, matrix, published, threshold)
    return result


def _pairwise(sub: np.ndarray, names: list[str], threshold: int) -> list[dict]:
    rows, pvalues = [], []
    for a in range(len(names)):
        for b in range(a + 1, len(names)):
            x, y = sub[:, a].astype(bool), sub[:, b].astype(bool)
            table = [[int(np.sum(x & y)), int(np.sum(x & ~y))], [int(np.sum(~x & y)), 0]]
            table[1][1] = int(np.sum(~x & ~y))
            discordant = table[0][1] + table[1][0]
            row = {"need_a": names[a], "need_b": names[b], "test": "mcnemar"}
            if not publishable([table[0][1], table[1][0]], threshold) or discordant == 0:
                row |= {"statistic": None, "pvalue": None, "pvalue_holm": None, "suppressed": True}
            else:
                exact = discordant < MCNEMAR_EXACT_BELOW
                test = mcnemar(table, exact=exact, correction=True)
                row |= {
                    "exact": exact,
                    "statistic": _f(test.statistic),
                    "pvalue": _f(test.pvalue),
                    "suppressed": False,
                }
                pvalues.append((len(rows), float(test.pvalue)))
            rows.append(row)
    if pvalues:
        reject, corrected, _, _ = multipletests([p for _, p in pvalues], method="holm")
        for (i, _p), adjusted, significant in zip(pvalues, corrected, reject, strict=True):
            rows[i]["pvalue_holm"] = _f(adjusted)
            rows[i]["significant"] = bool(significant)
    return rows


def _compare(
    data: NeedsData, variable: str, codes: list[str], matrix: np.ndarray, threshold: int
) -> list[dict]:
    values = data.cases[variable].cast(pl.String).fill_null("").to_list()
    # Cases without a value form their own row ("", not recorded): shown and suppressed like
    # the others, so no hidden count follows from the published total, but never tested.
    groups = sorted({v for v in values if v}) + ([""] if "" in values else [])
    column = np.array(values, dtype=object)
    membership = np.column_stack([column == g for g in groups]) if groups else np.zeros((0, 0))
    n = matrix.shape[0]
    # The groups' sizes are the same in every need's table: decided once, with the number of
    # cases (published) as their total, and fixed in each table (`cells.suppress_fixed`).
    sizes = [int(membership[:, g].sum()) for g in range(len(groups))]
    size_hidden = one_way(sizes, n, threshold)[:-1]
    rows = []
    for j, code in enumerate(codes):
        has = matrix[:, j]
        table = [
            [int(np.sum(membership[:, g] & has)), int(np.sum(membership[:, g] & ~has))]
            for g in range(len(groups))
        ]
        count = int(has.sum())
        # The need's count and its complement are published (or hidden) by the prevalence table.
        need_hidden = one_way([count, n - count], n, threshold)[:2]
        hidden = (
            two_way(
                table,
                threshold,
                fixed_rows=size_hidden,
                fixed_columns=need_hidden,
                fixed_total=False,
            )
            if table
            else None
        )
        row = {"need": code, "test": None, "statistic": None, "pvalue": None, "cramers_v": None}
        # The test uses the groups large enough to be shown at all (a hidden group is left out).
        usable = [t for t, g in zip(table, groups, strict=True) if g and sum(t) >= threshold]
        test = contingency_test(usable) if len(usable) >= 2 else None
        row["suppressed"] = test is not None and not publishable(usable, threshold)
        if test is not None and not row["suppressed"]:
            row |= {
                "test": test.test,
                "statistic": test.statistic,
                "pvalue": test.pvalue,
                "cramers_v": test.effect,
                "df": test.df,
            }
        row["groups"] = [
            {
                "group": group,
                "cases": shown(sum(table[g]), hidden.row_totals[g]),
                "with_need": shown(table[g][0], hidden.cells[g][0]),
                "suppressed": hidden.cells[g][0] or hidden.row_totals[g],
            }
            for g, group in enumerate(groups)
        ]
        rows.append(row)
    return rows


def _clusters(
    codes: list[str], matrix: np.ndarray, published: list[int], threshold: int
) -> list[dict]:
    """Average-linkage hierarchical clustering of the published needs on the Jaccard distance of
    their case vectors, cut at CLUSTER_CUT (ADR 1502); each cluster's profile."""
    if len(published) < 2:
        return []
    vectors = matrix[:, published].T
    tree = linkage(pdist(vectors, metric="jaccard"), method="average")
    labels = fcluster(tree, t=CLUSTER_CUT, criterion="distance")
    n = matrix.shape[0]
    clusters = []
    for label in sorted(set(labels.tolist())):
        members = [published[i] for i in range(len(published)) if labels[i] == label]
        block = matrix[:, members]
        any_count = int(block.any(axis=1).sum())
        all_count = int(block.all(axis=1).sum())
        hidden_any = suppression.suppress([any_count, n - any_count, n], [[0, 1, 2]], threshold)
        hidden_all = suppression.suppress([all_count, n - all_count, n], [[0, 1, 2]], threshold)
        low, high = wilson(any_count, n)
        clusters.append(
            {
                "needs": sorted(codes[j] for j in members),
                "cases_any": shown(any_count, hidden_any[0] is not None),
                "share_any": shown(_f(any_count / n), hidden_any[0] is not None),
                "ci_low": shown(low, hidden_any[0] is not None),
                "ci_high": shown(high, hidden_any[0] is not None),
                "cases_all": shown(all_count, hidden_all[0] is not None),
            }
        )
    return sorted(clusters, key=lambda c: (-(c["cases_any"] or 0), c["needs"]))
