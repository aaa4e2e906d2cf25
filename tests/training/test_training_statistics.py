"""Every statistic against values worked by hand or by direct NumPy formulas."""

import math

import numpy as np
import pytest

from amanat.training.analysis.statistics import item_phase_stats, paired_summary

PRE = np.array([2.0, 1.0, 0.0, 1.0])
POST = np.array([4.0, 1.0, 1.0, 4.0])
MAX = 4.0


def test_means_gains_and_normalized_gains_by_hand():
    s = paired_summary(PRE, POST, MAX)
    assert s.n == 4
    assert s.pre_mean == 1.0
    assert s.post_mean == 2.5
    assert s.mean_gain == 1.5
    assert s.pre_mean_percent == 25.0
    assert s.post_mean_percent == 62.5
    # Hake: (2.5 - 1) / (4 - 1)
    assert s.normalized_gain == 0.5
    # individual: (4-2)/2 = 1, 0/3 = 0, 1/4 = 0.25, 3/3 = 1 -> mean 0.5625
    assert s.normalized_gain_of_individuals == 0.5625
    assert s.normalized_gain_of_individuals_n == 4
    assert s.null_reasons == {}


def test_paired_t_and_cohens_dz_against_direct_formulas():
    s = paired_summary(PRE, POST, MAX)
    d = POST - PRE  # 2, 0, 1, 3: mean 1.5, variance 5/3
    sd = math.sqrt(5 / 3)
    assert s.gain_sd == pytest.approx(sd, rel=1e-12)
    assert s.t_statistic == pytest.approx(d.mean() / (d.std(ddof=1) / math.sqrt(4)), rel=1e-12)
    assert s.t_statistic == pytest.approx(1.5 / (sd / 2), rel=1e-12)
    assert s.t_df == 3
    assert s.cohens_dz == pytest.approx(1.5 / sd, rel=1e-12)
    # d_z = t / sqrt(n)
    assert s.cohens_dz == pytest.approx(s.t_statistic / 2, rel=1e-12)
    # Two-sided p from the closed-form CDF of Student's t with 3 df:
    # F(t) = 1/2 + (1/pi) (t / (sqrt(3) (1 + t^2/3)) + atan(t / sqrt(3)))
    t = s.t_statistic
    cdf = 0.5 + (t / (math.sqrt(3) * (1 + t * t / 3)) + math.atan(t / math.sqrt(3))) / math.pi
    assert s.t_pvalue == pytest.approx(2 * (1 - cdf), rel=1e-9)
    # 95% CI of the mean gain: mean +- t(0.975, 3) x sd / sqrt(n), with t(0.975, 3) = 3.182446305...
    half = 3.182446305284263 * sd / 2
    assert s.mean_gain_ci95 == pytest.approx((1.5 - half, 1.5 + half), rel=1e-9)


def test_wilcoxon_and_rank_biserial_by_hand_all_positive_with_a_zero():
    s = paired_summary(PRE, POST, MAX)
    # differences 2, 0, 1, 3: the zero is dropped, ranks 2, 1, 3 all positive
    assert s.wilcoxon_n == 3
    assert s.wilcoxon_w_plus == 6.0
    assert s.wilcoxon_w_minus == 0.0
    assert s.wilcoxon_statistic == 0.0
    # exact: P(W- <= 0) = 1 / 2**3, two-sided 2/8
    assert s.wilcoxon_pvalue == pytest.approx(0.25, rel=1e-12)
    assert s.rank_biserial == 1.0


def test_wilcoxon_and_rank_biserial_by_hand_mixed_signs():
    pre = np.array([10.0, 10.0, 10.0, 10.0, 10.0])
    post = pre + np.array([4.0, -1.0, 2.0, 3.0, 5.0])
    s = paired_summary(pre, post, 20.0)
    # ranks of |d|: 4, 1, 2, 3, 5; the negative difference has rank 1
    assert (s.wilcoxon_w_plus, s.wilcoxon_w_minus) == (14.0, 1.0)
    assert s.wilcoxon_statistic == 1.0
    # subsets of {1..5} with rank sum <= 1: {} and {1}: 2 of 32; two-sided 4/32
    assert s.wilcoxon_pvalue == pytest.approx(4 / 32, rel=1e-12)
    assert s.rank_biserial == pytest.approx(13 / 15, rel=1e-12)


def test_normalized_gain_is_null_with_reason_when_pre_equals_max():
    s = paired_summary(np.array([4.0, 4.0]), np.array([4.0, 3.0]), 4.0)
    assert s.normalized_gain is None
    assert (
        s.null_reasons["normalized_gain"]
        == "mean pre-test score equals the maximum (4): no room to gain"
    )
    assert s.normalized_gain_of_individuals is None
    assert s.normalized_gain_of_individuals_n == 0


def test_individual_normalized_gains_skip_participants_at_the_maximum():
    s = paired_summary(np.array([4.0, 2.0]), np.array([4.0, 3.0]), 4.0)
    assert s.normalized_gain_of_individuals == 0.5  # only (3-2)/(4-2)
    assert s.normalized_gain_of_individuals_n == 1
    assert s.normalized_gain == pytest.approx((3.5 - 3.0) / (4 - 3.0))


def test_equal_gains_leave_t_undefined_with_reason_but_wilcoxon_defined():
    s = paired_summary(np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 4.0]), 5.0)
    assert s.t_statistic is None and s.t_pvalue is None and s.cohens_dz is None
    assert (
        s.null_reasons["t_statistic"]
        == "every participant gained the same amount: the gains have no spread"
    )
    assert s.wilcoxon_w_plus == 6.0
    assert s.wilcoxon_pvalue == pytest.approx(0.25)


def test_no_change_leaves_wilcoxon_undefined():
    s = paired_summary(np.array([1.0, 2.0]), np.array([1.0, 2.0]), 5.0)
    assert s.wilcoxon_pvalue is None and s.rank_biserial is None
    assert "no participant's score changed" in s.null_reasons["wilcoxon_pvalue"]
    assert s.mean_gain == 0.0


def test_one_or_no_pair():
    one = paired_summary(np.array([1.0]), np.array([3.0]), 4.0)
    assert one.mean_gain == 2.0 and one.t_statistic is None
    assert one.null_reasons["t_pvalue"] == "needs at least 2 paired participants"
    none = paired_summary(np.array([]), np.array([]), 4.0)
    assert none.n == 0 and none.pre_mean is None
    assert (
        none.null_reasons["pre_mean"] == "no participant took both the pre-test and the post-test"
    )


def test_without_maximum_percentages_and_normalized_gains_are_null():
    s = paired_summary(PRE, POST, None)
    assert s.pre_mean_percent is None and s.normalized_gain is None
    assert s.null_reasons["normalized_gain"] == "no answer key: the maximum score is unknown"
    assert s.t_statistic is not None


def test_item_difficulty_and_corrected_discrimination_against_numpy():
    scores = np.array(
        [
            [1.0, 1.0, 2.0],
            [1.0, 0.0, 2.0],
            [0.0, 0.0, 0.0],
            [1.0, 1.0, 0.0],
            [0.0, 1.0, 2.0],
        ]
    )
    max_points = np.array([1.0, 1.0, 2.0])
    results = item_phase_stats(scores, max_points)
    # difficulty by hand: 3/5, 3/5, (2+2+2)/5/2
    assert [r.difficulty for r in results] == [0.6, 0.6, 0.6]
    assert [r.mean_score for r in results] == [0.6, 0.6, 1.2]
    totals = scores.sum(axis=1)
    for j, r in enumerate(results):
        rest = totals - scores[:, j]
        expected = np.corrcoef(scores[:, j], rest)[0, 1]
        assert r.discrimination == pytest.approx(expected, rel=1e-12)
        assert r.n == 5
    # item 1 by hand: x = 1,1,0,1,0 ; rest = 3,2,0,1,3
    x = np.array([1, 1, 0, 1, 0.0])
    y = np.array([3, 2, 0, 1, 3.0])
    by_hand = ((x - 0.6) * (y - 1.8)).sum() / math.sqrt(
        ((x - 0.6) ** 2).sum() * ((y - 1.8) ** 2).sum()
    )
    assert results[0].discrimination == pytest.approx(by_hand, rel=1e-12)


def test_item_discrimination_undefined_cases_have_reasons():
    constant_item = item_phase_stats(
        np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 0.0]]), np.array([1.0, 1.0])
    )
    assert constant_item[0].discrimination is None
    assert (
        constant_item[0].null_reasons["discrimination"]
        == "every participant has the same score on this item"
    )
    # For item 2 the rest is item 1, which is constant.
    assert constant_item[1].null_reasons["discrimination"] == (
        "every participant has the same score on the other items"
    )
    too_few = item_phase_stats(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([1.0, 1.0]))
    assert too_few[0].null_reasons["discrimination"] == "needs at least 3 participants"
    no_key = item_phase_stats(np.array([[1.0, 0.0], [0.0, 1.0]]), None)
    assert no_key[0].difficulty is None and no_key[0].mean_score == 0.5


def test_exact_signed_rank_pvalue_equals_scipy_with_ties_and_zeros():
    """The counted exact p (used up to 13 differences) against SciPy's own answer."""
    import warnings

    from scipy import stats

    from amanat.training.analysis.statistics import exact_signed_rank_pvalue

    rng = np.random.default_rng(20260)
    checked = 0
    for n in [*rng.integers(2, 10, 25), 11]:
        pre = rng.integers(0, 6, n).astype(float)
        post = pre + rng.integers(-3, 5, n)
        d = post - pre
        nonzero = d[d != 0]
        if len(nonzero) == 0:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = stats.wilcoxon(post, pre, zero_method="wilcox").pvalue
        ranks = stats.rankdata(np.abs(nonzero))
        assert exact_signed_rank_pvalue(ranks, nonzero > 0) == pytest.approx(expected, abs=1e-12)
        assert paired_summary(pre, post, 20.0).wilcoxon_pvalue == pytest.approx(expected, abs=1e-12)
        checked += 1
    assert checked >= 20
