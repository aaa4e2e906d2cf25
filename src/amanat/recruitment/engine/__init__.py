"""The pure red-flag engine for job advertisements: no Django, directly or indirectly.

`screen(text, language=None)` returns a `Result`: score, level (low, medium, high), the matched
indicators with the phrases that matched and their cited source, and the disclaimer (an
indicator for practitioners, not a determination). Indicators live in
`recruitment/rules/indicators.yaml` (ADR 0900).
"""

from .language import detect_language, detect_language_heuristic
from .model import LANGUAGES, Indicator, IndicatorFile
from .patterns import normalise, russian_forms
from .screen import (
    HIGH,
    INDICATORS_FILE,
    LOW,
    MEDIUM,
    Match,
    Result,
    Screener,
    build,
    get_screener,
    screen,
)

__all__ = [
    "HIGH",
    "INDICATORS_FILE",
    "LANGUAGES",
    "LOW",
    "MEDIUM",
    "Indicator",
    "IndicatorFile",
    "Match",
    "Result",
    "Screener",
    "build",
    "detect_language",
    "detect_language_heuristic",
    "get_screener",
    "normalise",
    "russian_forms",
    "screen",
]
