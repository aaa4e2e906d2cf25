import math

import polars as pl
import pytest

from amanat.insights.synth import BudgetExceeded, PrivacyBudget, SynthesisSettings, synthesize
from amanat.insights.synth.settings import noise_scales


def small_frame() -> pl.DataFrame:
    rows = [("F", "18--20", "KZ")] * 60 + [("M", "30--38", "KG")] * 40 + [("F", None, "TJ")] * 30
    return pl.DataFrame(rows, schema=["gender", "ageBroad", "citizenship"], orient="row")


def test_components_sum_to_requested_epsilon_and_delta():
    result = synthesize(small_frame(), SynthesisSettings(epsilon=4.0, delta=1e-6, seed=1))
    components = [entry.component for entry in result.releases]
    assert components == ["record count", "percentile selection", "marginal counts"]
    assert math.fsum(entry.epsilon for entry in result.releases) == pytest.approx(4.0, abs=1e-12)
    assert result.releases[0].epsilon == pytest.approx(0.02)  # 0.5 % for the record count
    assert result.releases[1].epsilon == pytest.approx(3.98 * 0.01)
    assert sum(entry.delta for entry in result.releases) == 1e-6
    assert result.budget["spent"]["epsilon"] == pytest.approx(4.0)
    assert result.budget["remaining"]["epsilon"] == pytest.approx(0.0)


def test_default_delta_is_one_over_n_log_n_of_the_noisy_count():
    result = synthesize(small_frame(), SynthesisSettings(epsilon=4.0, seed=2))
    n = result.protected_input_records
    assert result.scales.delta == pytest.approx(1 / (n * math.log(n)))
    assert result.releases[2].delta == result.scales.delta


def test_noise_scales_satisfy_the_zcdp_equation():
    settings = SynthesisSettings(epsilon=4.0, reporting_length=3)
    scales = noise_scales(settings, 1e-6)
    log_term = math.log(2 / 1e-6)
    rho = (math.sqrt(3.98 + log_term) - math.sqrt(log_term)) ** 2
    spent = 0.5 * 3 * scales.percentile_epsilon**2 + 0.5 * sum(1 / s**2 for s in scales.sigmas)
    assert spent == pytest.approx(rho, rel=1e-12)
    assert scales.sigmas[0] == pytest.approx(2 * scales.sigmas[1])  # proportions 1, 1/2, 1/3


def test_overspending_is_refused_and_records_nothing():
    budget = PrivacyBudget(epsilon=1.0, delta=1e-5)
    budget.spend("first", 0.75, 5e-6, mechanism="test")
    with pytest.raises(BudgetExceeded, match="epsilon 0.5 requested, 0.25 of 1 remaining"):
        budget.spend("second", 0.5, mechanism="test")
    with pytest.raises(BudgetExceeded, match="delta"):
        budget.spend("third", 0.1, 6e-6, mechanism="test")
    assert [entry.component for entry in budget.entries] == ["first"]
    assert budget.ledger()["spent"] == {"epsilon": 0.75, "delta": 5e-6}


def test_sequential_releases_add_up_and_the_third_is_refused():
    budget = PrivacyBudget(epsilon=8.0, delta=2e-6)
    first = synthesize(
        small_frame(), SynthesisSettings(epsilon=4.0, delta=1e-6, seed=1), budget=budget
    )
    second = synthesize(
        small_frame(), SynthesisSettings(epsilon=4.0, delta=1e-6, seed=2), budget=budget
    )
    assert budget.spent_epsilon == pytest.approx(8.0)
    assert budget.spent_delta == pytest.approx(2e-6)
    assert len(budget.entries) == 6
    assert second.budget["spent"]["epsilon"] == pytest.approx(8.0)
    assert first.budget["spent"]["epsilon"] == pytest.approx(4.0)
    with pytest.raises(BudgetExceeded, match="privacy budget exceeded"):
        synthesize(small_frame(), SynthesisSettings(epsilon=0.5, delta=1e-9, seed=3), budget=budget)
    assert len(budget.entries) == 6


def test_a_budget_needs_a_positive_epsilon():
    with pytest.raises(BudgetExceeded):
        PrivacyBudget(epsilon=0.0)
    with pytest.raises(BudgetExceeded):
        PrivacyBudget(epsilon=1.0).spend("negative", -0.1, mechanism="test")
