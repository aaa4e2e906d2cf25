"""Eligibility rules with their reasons: why a service cannot take a person.

The matcher's hot loop applies the same rules inline (a function call per service would cost
too much); tests check that the two agree on every combination.
"""

from __future__ import annotations

from amanat.referrals.matching.model import CaseProfile, Exclusion, ExclusionReason, Service


def exclusion_for(s: Service, case: CaseProfile) -> Exclusion:
    """Why `s` is not eligible for `case`: every failed rule, not only the first."""
    reasons: list[ExclusionReason] = []
    if not s.accepting:
        reasons.append(ExclusionReason("not_accepting", "not accepting referrals now"))
    if case.gender is not None and s.genders and case.gender not in s.genders:
        reasons.append(
            ExclusionReason(
                "gender", f"serves {', '.join(sorted(s.genders))}, person is {case.gender}"
            )
        )
    if case.age is not None and s.age_min is not None and case.age < s.age_min:
        reasons.append(
            ExclusionReason("age_below_min", f"minimum age {s.age_min}, person is {case.age}")
        )
    if case.age is not None and s.age_max is not None and case.age > s.age_max:
        reasons.append(
            ExclusionReason("age_above_max", f"maximum age {s.age_max}, person is {case.age}")
        )
    if case.nationality is not None and s.nationalities and case.nationality not in s.nationalities:
        reasons.append(
            ExclusionReason(
                "nationality",
                f"serves nationals of {', '.join(sorted(s.nationalities))}, "
                f"person is {case.nationality}",
            )
        )
    if case.statuses and s.statuses and case.statuses.isdisjoint(s.statuses):
        reasons.append(
            ExclusionReason(
                "status",
                f"serves {', '.join(sorted(s.statuses))}, "
                f"person is {', '.join(sorted(case.statuses))}",
            )
        )
    return Exclusion(s.id, s.organisation_id, tuple(reasons))
