"""Rank directory services for a case's needs: pure Python, precomputed for speed.

Build a `ServiceIndex` once per directory snapshot (it groups services by type and precomputes
what does not depend on the case), then call `rank(case)` per request. The hot loop only does
set look-ups and arithmetic; the factor-by-factor explanation is built for the returned top
matches only, from the same factor values the score was summed from.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from amanat.referrals.matching.eligibility import exclusion_for
from amanat.referrals.matching.model import (
    CaseProfile,
    Exclusion,
    Factor,
    Match,
    Need,
    Service,
)
from amanat.referrals.matching.weights import MatchingWeights, load_weights
from amanat.referrals.taxonomy import Taxonomy, load_taxonomy


@dataclass(frozen=True)
class NeedRanking:
    need: Need
    matches: list[Match]  # best first, at most `limit`
    considered: int  # services whose type can meet the need
    eligible: int
    notes: tuple[str, ...]  # e.g. "age not recorded: age limits not checked" (English)
    note_codes: tuple[str, ...]  # the same notes as codes of NOTES, for translated pages
    ineligible_services: tuple[Service, ...]
    case: CaseProfile

    @cached_property
    def excluded(self) -> list[Exclusion]:
        """Each ineligible service with every rule it fails, by service id.

        Built on first access: a ranking page shows the matches first and the exclusions on
        request, so the ranking itself does not pay for thousands of explanations.
        """
        found = [exclusion_for(service, self.case) for service in self.ineligible_services]
        return sorted(found, key=lambda exclusion: exclusion.service_id)


class _Row(NamedTuple):
    """A service with its case-independent factor precomputed."""

    service: Service
    capacity_code: str
    capacity_value: float


# A scored candidate is a plain tuple (a NamedTuple's constructor costs a Python call per
# service): (-score, service id, row, fit, region code, language code, response value).
# Sorting the tuples orders by best score, then by service id, so ties are reproducible.
_Scored = tuple[float, str, _Row, float, str, str, float]


class ServiceIndex:
    def __init__(
        self,
        services: Iterable[Service],
        *,
        taxonomy: Taxonomy | None = None,
        weights: MatchingWeights | None = None,
    ) -> None:
        self.taxonomy = taxonomy or load_taxonomy()
        self.weights = weights or load_weights()
        self._by_type: dict[str, list[_Row]] = {code: [] for code in self.taxonomy.service_types}
        count = 0
        for service in services:
            self.taxonomy.service_type(service.service_type)  # raises on an unknown type
            code, value = self._capacity(service)
            self._by_type[service.service_type].append(_Row(service, code, value))
            count += 1
        self.size = count
        # need type -> [(service type, fit)], so a need scans only the types that can meet it
        self._candidates: dict[str, list[tuple[str, float]]] = {
            need: [
                (stype, fit)
                for stype in self.taxonomy.service_types
                if (fit := self.taxonomy.need_fit(need, stype)) > 0
            ]
            for need in self.taxonomy.service_types
        }

    def _capacity(self, service: Service) -> tuple[str, float]:
        table = self.weights.capacity
        if service.capacity is None or service.available is None or service.capacity <= 0:
            return "unknown", table["unknown"]
        if service.available <= 0:
            return "full", table["full"]
        if service.available < table["limited_below_share"] * service.capacity:
            return "limited", table["limited"]
        return "available", table["available"]

    # ----------------------------------------------------------------------------------------
    def rank(self, case: CaseProfile, *, limit: int | None = 20) -> list[NeedRanking]:
        return [self.rank_need(case, need, limit=limit) for need in case.needs]

    def rank_need(self, case: CaseProfile, need: Need, *, limit: int | None = 20) -> NeedRanking:
        self.taxonomy.service_type(need.service_type)
        deadline = self.taxonomy.urgency(need.urgency).response_hours
        w = self.weights.weights
        w_fit, w_region, w_lang, w_cap, w_time = (
            w["need_fit"],
            w["region"],
            w["language"],
            w["capacity"],
            w["response_time"],
        )
        region_values = self.weights.region
        lang_values = self.weights.language
        time_unknown = self.weights.response_time_unknown
        gender, age, nationality = case.gender, case.age, case.nationality
        statuses, languages = case.statuses, case.languages
        case_country, case_region = case.country, case.region

        scored: list[_Scored] = []
        ineligible: list[_Row] = []
        considered = 0
        for service_type, fit in self._candidates[need.service_type]:
            rows = self._by_type[service_type]
            considered += len(rows)
            for row in rows:
                s = row.service
                if (
                    not s.accepting
                    or (gender is not None and s.genders and gender not in s.genders)
                    or (age is not None and s.age_min is not None and age < s.age_min)
                    or (age is not None and s.age_max is not None and age > s.age_max)
                    or (
                        nationality is not None
                        and s.nationalities
                        and nationality not in s.nationalities
                    )
                    or (statuses and s.statuses and statuses.isdisjoint(s.statuses))
                ):
                    ineligible.append(row)
                    continue
                if s.country != case_country:
                    region_code = "cross_border"
                elif not s.regions:
                    region_code = "nationwide"
                elif case_region is not None and case_region in s.regions:
                    region_code = "same_region"
                else:
                    region_code = "same_country"
                if not languages or not s.languages:
                    language_code = "unknown"
                elif languages.isdisjoint(s.languages):
                    language_code = "not_shared"
                else:
                    language_code = "shared"
                median = s.median_response_hours
                response = time_unknown if median is None else deadline / (deadline + median)
                score = (
                    w_fit * fit
                    + w_region * region_values[region_code]
                    + w_lang * lang_values[language_code]
                    + w_cap * row.capacity_value
                    + w_time * response
                )
                scored.append((-score, s.id, row, fit, region_code, language_code, response))
        note_codes = self._notes(case)
        top = sorted(scored) if limit is None else heapq.nsmallest(limit, scored)
        matches = [
            self._explain(item, position, case, need, deadline)
            for position, item in enumerate(top, start=1)
        ]
        return NeedRanking(
            need=need,
            matches=matches,
            considered=considered,
            eligible=len(scored),
            notes=tuple(NOTES[code] for code in note_codes),
            note_codes=note_codes,
            ineligible_services=tuple(row.service for row in ineligible),
            case=case,
        )

    # ----------------------------------------------------------------------------------------
    def _explain(
        self, item: _Scored, position: int, case: CaseProfile, need: Need, deadline: float
    ) -> Match:
        _, _, row, fit, region_code, language_code, response = item
        s = row.service
        w = self.weights.weights
        label = self.taxonomy.service_type
        # Each factor's reason as a code and parameters (the interface phrases it in the
        # reader's language) and, for the API's `detail` field, the same in English.
        if s.service_type == need.service_type:
            fit_reason = ("exact", {"service_type": s.service_type})
            fit_detail = f"provides {label(s.service_type).label.en}, the service needed"
        else:
            fit_reason = (
                "partial",
                {"service_type": s.service_type, "need_type": need.service_type, "fit": fit},
            )
            fit_detail = (
                f"provides {label(s.service_type).label.en}, which partly meets a need for "
                f"{label(need.service_type).label.en} (fit {fit:g})"
            )
        region_params = {
            "region": case.region,
            "country": s.country,
            "regions": sorted(s.regions),
            "region_recorded": case.region is not None,
        }
        region_detail = {
            "same_region": f"serves the person's region {case.region}",
            "nationwide": f"serves all of {s.country}, the person's country",
            "same_country": (
                f"in {s.country}, serving {', '.join(sorted(s.regions))}, not the person's region"
                + ("" if case.region else " (person's region not recorded)")
            ),
            "cross_border": f"in {s.country}, another country: a cross-border referral",
        }[region_code]
        language_params = {
            "shared": sorted(case.languages & s.languages),
            "service": sorted(s.languages),
            "person": sorted(case.languages),
        }
        language_detail = {
            "shared": "works in " + ", ".join(sorted(case.languages & s.languages)),
            "not_shared": (
                f"works in {', '.join(sorted(s.languages))}, none of the person's languages "
                f"({', '.join(sorted(case.languages))}): an interpreter is needed"
            ),
            "unknown": "the person's or the service's languages are not recorded",
        }[language_code]
        capacity_params = {"available": s.available, "capacity": s.capacity}
        capacity_detail = {
            "available": f"{s.available} of {s.capacity} places free",
            "limited": f"only {s.available} of {s.capacity} places free",
            "full": f"full: {s.available} of {s.capacity} places free (waiting list)",
            "unknown": "capacity or current availability not recorded",
        }[row.capacity_code]
        if s.median_response_hours is None:
            response_reason: tuple[str, dict[str, object]] = ("unmeasured", {})
            response_detail = "no past answered referrals to measure"
        else:
            response_reason = (
                "measured",
                {
                    "median": s.median_response_hours,
                    "deadline": deadline,
                    "urgency": need.urgency,
                },
            )
            response_detail = (
                f"median past answer {s.median_response_hours:g} h against the "
                f"{deadline:g} h deadline of {need.urgency} urgency"
            )
        reasons = {
            "need_fit": fit_reason,
            "region": (region_code, region_params),
            "language": (language_code, language_params),
            "capacity": (row.capacity_code, capacity_params),
            "response_time": response_reason,
        }
        parts = (
            ("need_fit", fit, fit_detail),
            ("region", self.weights.region[region_code], region_detail),
            ("language", self.weights.language[language_code], language_detail),
            ("capacity", row.capacity_value, capacity_detail),
            ("response_time", response, response_detail),
        )
        factors = tuple(
            Factor(code, value, w[code], value * w[code], detail, *reasons[code])
            for code, value, detail in parts
        )
        return Match(
            service_id=s.id,
            organisation_id=s.organisation_id,
            service_type=s.service_type,
            score=-item[0],
            rank=position,
            factors=factors,
        )

    @staticmethod
    def _notes(case: CaseProfile) -> tuple[str, ...]:
        """What the ranking could not check, as codes of NOTES."""
        missing = {
            "gender": case.gender is None,
            "age": case.age is None,
            "nationality": case.nationality is None,
            "status": not case.statuses,
            "region": case.region is None,
            "languages": not case.languages,
        }
        return tuple(code for code, absent in missing.items() if absent)


# A ranking's notes in English (the API's `notes`); pages phrase the codes in their language.
NOTES = {
    "gender": "gender not recorded: gender restrictions not checked",
    "age": "age not recorded: age limits not checked",
    "nationality": "nationality not recorded: nationality restrictions not checked",
    "status": "status not recorded: status restrictions not checked",
    "region": "region not recorded: services in the same country count as same country",
    "languages": "languages not recorded: language scored as unknown",
}
