"""Settings of a synthesis run and the split of epsilon into noise scales.

The split follows synthetic-data-showcase docs/dp/README.md section 3.2.2: the marginals part of the
budget is turned into a zero-concentrated DP budget

    rho = (sqrt(eps_M + ln(2/delta)) - sqrt(ln(2/delta)))^2          (EQ1, right-hand side)

of which a share Q_p pays for the R percentile selections (0.5 * R * eps_Q^2 = rho * Q_p) and the
rest for the Gaussian noise of the R combination lengths (0.5 * sum 1/sigma_k^2 = rho * (1 - Q_p)),
with sigma_k = p_k * sigma. Defaults are the tool's documented example values (python-pipeline
README), not CTDC's published settings, which CTDC does not state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from amanat.errors import UsageError

THRESHOLD_TYPES = ("adaptive", "fixed")


@dataclass(frozen=True)
class SynthesisSettings:
    epsilon: float
    delta: float | None = None  # default 1 / (n' ln n'), n' the protected number of records
    reporting_length: int = 3
    percentile: float = 99.0
    percentile_epsilon_proportion: float = 0.01
    number_of_records_epsilon_proportion: float = 0.005
    sigma_proportions: tuple[float, ...] | None = None  # default 1, 1/2, 1/3, ... (SDS example)
    threshold_type: str = "adaptive"
    # For k >= 2. Adaptive: eta_k in (0, 1], smaller = less fabrication. Fixed: noisy-count floors.
    thresholds: tuple[float, ...] | None = None
    weight_selection_percentile: float = 95.0
    use_synthetic_counts: bool = True
    seed: int | None = None

    def __post_init__(self) -> None:
        if not (isinstance(self.epsilon, int | float) and math.isfinite(self.epsilon)):
            raise UsageError(f"--epsilon must be a finite number, got {self.epsilon!r}")
        if self.epsilon <= 0:
            raise UsageError(f"--epsilon must be greater than 0, got {self.epsilon:g}")
        if self.delta is not None and not (0 < self.delta < 1):
            raise UsageError(f"--delta must be between 0 and 1 (exclusive), got {self.delta:g}")
        if self.reporting_length < 1:
            raise UsageError(f"--reporting-length must be at least 1, got {self.reporting_length}")
        for name in ("percentile_epsilon_proportion", "number_of_records_epsilon_proportion"):
            value = getattr(self, name)
            if not (0 < value < 1):
                raise UsageError(f"{name} must be between 0 and 1 (exclusive), got {value:g}")
        if not (0 < self.percentile <= 100):
            raise UsageError(f"percentile must be in (0, 100], got {self.percentile:g}")
        if self.threshold_type not in THRESHOLD_TYPES:
            raise UsageError(f"threshold type must be one of {THRESHOLD_TYPES}")
        if len(self.resolved_sigma_proportions()) != self.reporting_length:
            raise UsageError("sigma proportions must give one value per combination length")
        if any(p <= 0 for p in self.resolved_sigma_proportions()):
            raise UsageError("sigma proportions must be positive")
        if len(self.resolved_thresholds()) != self.reporting_length - 1:
            raise UsageError("thresholds must give one value per combination length from 2")
        if self.threshold_type == "adaptive" and any(
            not (0 < eta <= 1) for eta in self.resolved_thresholds()
        ):
            raise UsageError("adaptive thresholds (eta) must be in (0, 1]")

    def resolved_sigma_proportions(self) -> tuple[float, ...]:
        if self.sigma_proportions is not None:
            return tuple(self.sigma_proportions)
        return tuple(1.0 / k for k in range(1, self.reporting_length + 1))

    def resolved_thresholds(self) -> tuple[float, ...]:
        if self.thresholds is not None:
            return tuple(self.thresholds)
        # eta = 0.01 keeps a never-seen combination out with probability 99 % per combination.
        return (0.01,) * (self.reporting_length - 1)


@dataclass(frozen=True)
class NoiseScales:
    """The budget split of one run: everything needed to add noise and to explain it."""

    epsilon_count: float
    epsilon_marginals: float
    delta: float
    rho: float  # zCDP budget equivalent to (epsilon_marginals, delta)
    rho_percentile: float
    rho_gaussian: float
    percentile_epsilon: float  # pure DP epsilon of each of the R percentile selections
    sigmas: tuple[float, ...]  # sigma_k, before multiplying by sqrt(Delta_k)


def default_delta(protected_records: int) -> float:
    n = max(protected_records, 3)  # ln(n) > 1 so that delta < 1
    return 1.0 / (n * math.log(n))


def count_epsilon(settings: SynthesisSettings) -> float:
    return settings.epsilon * settings.number_of_records_epsilon_proportion


def noise_scales(settings: SynthesisSettings, delta: float) -> NoiseScales:
    eps_count = count_epsilon(settings)
    eps_marginals = settings.epsilon - eps_count
    log_term = math.log(2.0 / delta)
    rho = (math.sqrt(eps_marginals + log_term) - math.sqrt(log_term)) ** 2
    q_p = settings.percentile_epsilon_proportion
    length = settings.reporting_length
    proportions = settings.resolved_sigma_proportions()
    percentile_epsilon = math.sqrt(2.0 * rho * q_p / length)
    base_sigma = math.sqrt(sum(1.0 / p**2 for p in proportions) / (2.0 * rho * (1.0 - q_p)))
    return NoiseScales(
        epsilon_count=eps_count,
        epsilon_marginals=eps_marginals,
        delta=delta,
        rho=rho,
        rho_percentile=rho * q_p,
        rho_gaussian=rho * (1.0 - q_p),
        percentile_epsilon=percentile_epsilon,
        sigmas=tuple(p * base_sigma for p in proportions),
    )
