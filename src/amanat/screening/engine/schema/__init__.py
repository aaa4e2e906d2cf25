"""The shape of a guide file, as pydantic models read by the one rule-file loader.

Checks that need only the file itself live here: keys (unknown keys are errors: a misspelt key
must not silently disable a rule), types, ids, translations in every declared language, grades,
levels and thresholds, duplicate ids within a list. Checks that follow references across the
guide in reading order (conditions, indicator references, fed guides) are in `loader.py`.
Problems keep the wording practitioners know, and name the exact place, e.g. `indicators[4].grade`.
"""

from ._shared import LEVEL_IDS, PROFILE_IDS, REQUIRED_LANGUAGES
from .guide import GuideFile, IndicatorSpec, OptionSpec, QuestionSpec, SectionSpec, Source
from .scoring import (
    ChecklistScoring,
    CompositeScoring,
    DelphiScoring,
    RuleSpec,
    VulnerabilityScoring,
)

__all__ = [
    "LEVEL_IDS",
    "PROFILE_IDS",
    "REQUIRED_LANGUAGES",
    "ChecklistScoring",
    "CompositeScoring",
    "DelphiScoring",
    "GuideFile",
    "IndicatorSpec",
    "OptionSpec",
    "QuestionSpec",
    "RuleSpec",
    "SectionSpec",
    "Source",
    "VulnerabilityScoring",
]
