"""The needs analysis equals independent SciPy/statsmodels computations on data built here."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy import stats
from scipy.stats.contingency import association
from statsmodels.stats.contingency_tables import cochrans_q, mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from amanat.insights.analysis.needs import NeedsData, analyse_needs
from tests.insights.analysis.data import NEEDS, indicator_matrix, needs_frame


def _data(frame) -> NeedsData:
    cases = frame.drop_duplicates("case_id")[["case_id", "country", "gender"]]
    return NeedsData(
        pl.from_pandas(cases.reset_index(drop=True)),
        pl.from_pandas(frame[["case_id", "need"]].reset_index(drop=True)),
    )


@pytest.fixture(scope="module")
def built():
    frame = needs_frame()
    result = analyse_needs(_data(frame), by=("country", "gender"), threshold=10).as_dict()
    return frame, indicator_matrix(frame), result


def test_prevalence_and_wilson_intervals(built):
    _frame, matrix, result = built
    n = len(matrix)
    assert result["n_cases"] == n == 360
    expected = sorted(NEEDS, key=lambda need: (-matrix[need].sum(), need))
    assert [row["need"] for row in result["needs"]] == expected
    for row in result["needs"]:
        count = int(matrix[row["need"]].sum())
        low, high = proportion_confint(count, n, alpha=0.05, method="wilson")
        assert (row["n"], row["suppressed"]) == (count, False)
        assert row["prevalence"] == pytest.approx(count / n, abs=1e-12)
        assert (row["ci_low"], row["ci_high"]) == (pytest.approx(low), pytest.approx(high))


def test_cochrans_q_and_pairwise_mcnemar_with_holm(built):
    _frame, matrix, result = built
    order = [row["need"] for row in result["needs"]]
    q = cochrans_q(matrix[order].to_numpy().astype(int))
    assert result["cochran_q"] == {
        "statistic": pytest.approx(q.statistic),
        "df": len(NEEDS) - 1,
        "pvalue": pytest.approx(q.pvalue),
    }
    pvalues = []
    for row in result["pairwise"]:
        a, b = matrix[row["need_a"]].astype(bool), matrix[row["need_b"]].astype(bool)
        table = [[(a & b).sum(), (a & ~b).sum()], [(~a & b).sum(), (~a & ~b).sum()]]
        exact = table[0][1] + table[1][0] < 25
        test = mcnemar(np.array(table), exact=exact, correction=True)
        assert (row["statistic"], row["pvalue"]) == (
            pytest.approx(test.statistic),
            pytest.approx(test.pvalue),
        )
        pvalues.append(test.pvalue)
    assert len(result["pairwise"]) == 10
    _reject, holm, _a, _b = multipletests(pvalues, method="holm")
    assert [row["pvalue_holm"] for row in result["pairwise"]] == pytest.approx(list(holm))


@pytest.mark.parametrize("variable", ["country", "gender"])
def test_comparison_by_group_is_chi_square_without_correction(built, variable):
    _frame, matrix, result = built
    for row in result["by"][variable]:
        table = matrix.groupby(variable)[row["need"]].agg(["sum", "count"]).sort_index().to_numpy()
        observed = np.column_stack([table[:, 0], table[:, 1] - table[:, 0]]).astype(int)
        chi2, p, dof, _expected = stats.chi2_contingency(observed, correction=False)
        assert row["test"] == "chi2"
        assert (row["statistic"], row["pvalue"], row["df"]) == (
            pytest.approx(chi2),
            pytest.approx(p),
            dof,
        )
        assert row["cramers_v"] == pytest.approx(
            association(observed, method="cramer", correction=False)
        )
    medical = next(r for r in result["by"]["country"] if r["need"] == "medical_care")
    assert medical["pvalue"] < 0.001  # built in: KZ has more medical needs


def test_fisher_for_a_2x2_table_with_an_expected_count_under_5():
    # 100 cases: 20 women (10 with the need), 80 men (10 with it): expected 20*20/100 = 4.
    cases = pl.DataFrame(
        {"case_id": [str(i) for i in range(100)], "gender": ["F"] * 20 + ["M"] * 80}
    )
    with_need = [*range(10), *range(20, 30)]
    needs = pl.DataFrame({"case_id": [str(i) for i in with_need], "need": ["shelter"] * 20})
    result = analyse_needs(NeedsData(cases, needs), by=("gender",), threshold=10).as_dict()
    row = result["by"]["gender"][0]
    observed = [[10, 10], [10, 70]]
    odds, p = stats.fisher_exact(observed)
    assert (row["test"], row["statistic"], row["pvalue"]) == ("fisher", odds, pytest.approx(p))
    assert row["cramers_v"] == pytest.approx(
        association(np.array(observed), method="cramer", correction=False)
    )
    assert [(g["group"], g["cases"], g["with_need"]) for g in row["groups"]] == [
        ("F", 20, 10),
        ("M", 80, 10),
    ]


def test_clusters_are_average_linkage_on_jaccard_cut_at_0_7():
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    # shelter and medical care go together; legal aid and job placement go together.
    rng = np.random.default_rng(3)
    rows, case_rows = [], []
    for case in range(200):
        case_rows.append(str(case))
        first, second = rng.random() < 0.5, rng.random() < 0.4
        for need, present in (
            ("shelter", first),
            ("medical_care", first and rng.random() < 0.9),
            ("legal_aid", second),
            ("job_placement", second and rng.random() < 0.85),
        ):
            if present:
                rows.append((str(case), need))
    data = NeedsData(
        pl.DataFrame({"case_id": case_rows}),
        pl.DataFrame(rows, schema=["case_id", "need"], orient="row"),
    )
    result = analyse_needs(data, threshold=10).as_dict()
    codes, matrix = data.matrix()
    labels = fcluster(
        linkage(pdist(matrix.T, metric="jaccard"), method="average"), t=0.7, criterion="distance"
    )
    expected = {
        frozenset(c for c, lab in zip(codes, labels, strict=True) if lab == k) for k in set(labels)
    }
    assert {frozenset(c["needs"]) for c in result["clusters"]} == expected
    assert expected == {
        frozenset({"shelter", "medical_care"}),
        frozenset({"legal_aid", "job_placement"}),
    }
    pair = next(c for c in result["clusters"] if "shelter" in c["needs"])
    either = matrix[:, [codes.index("shelter"), codes.index("medical_care")]]
    assert pair["cases_any"] == int(either.any(axis=1).sum())
    assert pair["cases_all"] == int(either.all(axis=1).sum())
