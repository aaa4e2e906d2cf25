"""Needs-to-services matching (issue 4, item 3): pure Python, no Django.

index = ServiceIndex(services)          # once per directory snapshot
rankings = index.rank(case_profile)      # one NeedRanking per need, explained factor by factor
"""

from amanat.referrals.matching.eligibility import exclusion_for
from amanat.referrals.matching.engine import NeedRanking, ServiceIndex
from amanat.referrals.matching.model import (
    CaseProfile,
    Exclusion,
    ExclusionReason,
    Factor,
    Match,
    Need,
    Service,
)
from amanat.referrals.matching.weights import MatchingWeights, load_weights

__all__ = [
    "CaseProfile",
    "Exclusion",
    "ExclusionReason",
    "Factor",
    "Match",
    "MatchingWeights",
    "Need",
    "NeedRanking",
    "Service",
    "ServiceIndex",
    "exclusion_for",
    "load_weights",
]
