"""Reintegration sustainability score (issue 5, item 4): pure Python, no Django.

The indicators, answer scales and weights are in `rss_indicators.yaml`; the default weights are
equal and are the project's default, not IOM's official weights.
"""

from amanat.assistance.reintegration.instrument import (
    Instrument,
    InstrumentError,
    load_instrument,
)
from amanat.assistance.reintegration.scorer import (
    InvalidAnswer,
    ReintegrationScore,
    score_answers,
    validate_answers,
)

__all__ = [
    "Instrument",
    "InstrumentError",
    "InvalidAnswer",
    "ReintegrationScore",
    "load_instrument",
    "score_answers",
    "validate_answers",
]
