"""Differentially private synthetic data, as the Counter-Trafficking Data Collaborative publishes.

A re-implementation, with numpy and polars, of the "aggregate-seeded" method of Microsoft
Research's synthetic-data-showcase (docs/dp/README.md in github.com/microsoft/synthetic-data-showcase,
based on "Differentially Private Marginals"): noisy counts of all short attribute combinations,
then synthetic records sampled from those counts only. See docs/decisions/0640-synthetic-data-method.md.

No Django import: the module runs from the CLI and from tests on its own.
"""

from amanat.insights.synth.budget import BudgetEntry, BudgetExceeded, PrivacyBudget
from amanat.insights.synth.pipeline import SynthesisResult, synthesize
from amanat.insights.synth.settings import SynthesisSettings

__all__ = [
    "BudgetEntry",
    "BudgetExceeded",
    "PrivacyBudget",
    "SynthesisResult",
    "SynthesisSettings",
    "synthesize",
]
