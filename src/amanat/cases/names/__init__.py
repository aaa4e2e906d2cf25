"""Name normalisation for Central Asia (a pure engine: no Django).

`fold_name(text)` reads a name typed in Cyrillic or Latin, in any of Russian, Kazakh, Kyrgyz,
Tajik and Uzbek spellings, into tokens with a folded key each (what a blind index stores), a role
guess and the rules that applied; `name_similarity(a, b)` compares two names over their keys,
order-insensitive; `explain_match(a, b)` says why. Rules: `cases/rules/names/*.yaml` (ADR 0201).
"""

from .folded import FoldedName, FoldedToken, fold_name
from .rules import folding_rules
from .script import icu_available
from .similarity import THRESHOLD, MatchExplanation, explain_match, name_similarity


def rules_version() -> int:
    """The version of the folding rules: a stored index of keys is valid for one version only."""
    return folding_rules().version


__all__ = [
    "THRESHOLD",
    "FoldedName",
    "FoldedToken",
    "MatchExplanation",
    "explain_match",
    "fold_name",
    "icu_available",
    "name_similarity",
    "rules_version",
]
