"""One synthesis release: budget checks, noisy aggregates, records, and the utility report."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

import numpy as np
import polars as pl

from amanat.errors import UsageError
from amanat.insights.synth.aggregates import LengthReport, noisy_aggregates
from amanat.insights.synth.budget import BudgetEntry, PrivacyBudget
from amanat.insights.synth.dataset import decode, encode
from amanat.insights.synth.sampler import synthesize_records
from amanat.insights.synth.settings import (
    NoiseScales,
    SynthesisSettings,
    count_epsilon,
    default_delta,
    noise_scales,
)
from amanat.insights.synth.utility import MarginalError, marginal_errors

METHOD = (
    "Aggregate-seeded differentially private synthesis (Microsoft Research synthetic-data-showcase, "
    "docs/dp/README.md; the method behind CTDC's Global Synthetic Dataset), re-implemented in Amanat."
)
CAVEAT = (
    "Synthetic records are not real people: use them for statistics and exploration, never to "
    "find or describe an individual. The utility figures compare with the sensitive input and are for the "
    "data controller only."
)


@dataclass(frozen=True)
class SynthesisResult:
    synthetic: pl.DataFrame
    settings: SynthesisSettings
    scales: NoiseScales
    input_records: int
    protected_input_records: int  # the DP record count (released)
    releases: tuple[BudgetEntry, ...]  # this release's ledger lines
    budget: dict  # the whole ledger, including earlier releases that shared it
    lengths: tuple[LengthReport, ...]
    utility: tuple[MarginalError, ...]

    @property
    def synthetic_records(self) -> int:
        return self.synthetic.height

    def report(self) -> dict:
        return {
            "method": METHOD,
            "columns": self.synthetic.columns,
            "settings": asdict(self.settings)
            | {"seed": "set" if self.settings.seed is not None else None},
            "privacy": {
                "epsilon": sum(entry.epsilon for entry in self.releases),
                "delta": sum(entry.delta for entry in self.releases),
                "components": [entry.as_dict() for entry in self.releases],
                "zcdp_rho_marginals": self.scales.rho,
                "ledger": self.budget,
            },
            "records": {
                "input": self.input_records,
                "input_protected_count": self.protected_input_records,
                "synthetic": self.synthetic_records,
            },
            "aggregates": [asdict(length) for length in self.lengths],
            "utility": [error.as_dict() for error in self.utility],
            "caveat": CAVEAT,
        }


def synthesize(
    frame: pl.DataFrame, settings: SynthesisSettings, *, budget: PrivacyBudget | None = None
) -> SynthesisResult:
    if settings.reporting_length > frame.width:
        raise UsageError(
            f"--reporting-length {settings.reporting_length} is longer than the "
            f"{frame.width} chosen column(s)"
        )
    budget = budget if budget is not None else PrivacyBudget(settings.epsilon, settings.delta)
    budget.require(settings.epsilon, settings.delta or 0.0)  # refuse before touching the data
    data = encode(frame)
    rng = np.random.default_rng(settings.seed)

    eps_count = count_epsilon(settings)
    protected = max(1, round(data.number_of_records + rng.laplace(0.0, 1.0 / eps_count)))
    delta = settings.delta if settings.delta is not None else default_delta(protected)
    budget.require(settings.epsilon, delta)
    scales = noise_scales(settings, delta)
    share = settings.percentile_epsilon_proportion
    releases = (
        budget.spend(
            "record count",
            scales.epsilon_count,
            mechanism="Laplace noise, scale 1/epsilon, sensitivity 1",
            note=f"protected count {protected}; sets the default delta 1/(n ln n)",
        ),
        budget.spend(
            "percentile selection",
            scales.epsilon_marginals * share,
            mechanism=(
                f"exponential mechanism, {settings.reporting_length} selections of the allowed "
                f"sensitivity, epsilon {scales.percentile_epsilon:.4g} each"
            ),
            note=f"share {share:g} of the marginals' zCDP budget rho = {scales.rho:.4g}",
        ),
        budget.spend(
            "marginal counts",
            scales.epsilon_marginals * (1 - share),
            delta,
            mechanism="Gaussian noise sigma_k * sqrt(Delta_k), sigma_k = "
            + ", ".join(f"{s:.4g}" for s in scales.sigmas),
            note=(
                "with the percentile selection: rho-zCDP, i.e. "
                f"({scales.epsilon_marginals:.4g}, {delta:.3g})-DP; the epsilon split between the "
                "two follows their shares of rho"
            ),
        ),
    )
    aggregates = noisy_aggregates(data, settings, scales, rng)
    column_of = [column for column, _value in data.attributes]
    records = synthesize_records(
        aggregates,
        column_of,
        weight_selection_percentile=settings.weight_selection_percentile,
        use_synthetic_counts=settings.use_synthetic_counts,
        rng=random.Random(int(rng.integers(2**63))),
    )
    synthetic = decode(data.columns, data.attributes, records)
    return SynthesisResult(
        synthetic=synthetic,
        settings=settings,
        scales=scales,
        input_records=data.number_of_records,
        protected_input_records=protected,
        releases=releases,
        budget=budget.ledger(),
        lengths=aggregates.lengths,
        utility=tuple(marginal_errors(data.frame, synthetic)),
    )
