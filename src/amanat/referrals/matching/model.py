"""Inputs and results of the matcher: plain dataclasses, filled from the database by the caller."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Service:
    """One service of one organisation in the directory (an organisation has one per type).

    Empty eligibility sets mean "no restriction"; `regions` empty means the whole `country`.
    """

    id: str
    organisation_id: str
    service_type: str
    country: str  # ISO 3166-1 alpha-2
    regions: frozenset[str] = frozenset()  # ISO 3166-2 codes
    genders: frozenset[str] = frozenset()
    age_min: int | None = None
    age_max: int | None = None
    nationalities: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()  # ISO 639 codes
    capacity: int | None = None
    available: int | None = None
    accepting: bool = True
    median_response_hours: float | None = None  # over past answered referrals


@dataclass(frozen=True, slots=True)
class Need:
    service_type: str
    urgency: str = "normal"


@dataclass(frozen=True, slots=True)
class CaseProfile:
    """What matching needs to know about a person; `None` means not recorded."""

    needs: tuple[Need, ...]
    country: str
    region: str | None = None
    gender: str | None = None
    age: int | None = None
    nationality: str | None = None
    statuses: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Factor:
    code: str  # need_fit, region, language, capacity, response_time
    value: float  # in [0, 1]
    weight: float  # normalised, the weights sum to 1
    contribution: float  # value x weight
    detail: str  # why this value, in English (kept for the API's `detail` field)
    # Why this value as data, for the interface to phrase in the reader's language: a code of
    # `REASONS` in referrals.matching_text and its parameters (codes and numbers, no text).
    reason: str = ""
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Match:
    service_id: str
    organisation_id: str
    service_type: str
    score: float  # in [0, 1], the sum of the contributions
    rank: int
    factors: tuple[Factor, ...]


@dataclass(frozen=True, slots=True)
class ExclusionReason:
    code: str  # a key of exclusion_labels in weights.yaml
    detail: str


@dataclass(frozen=True, slots=True)
class Exclusion:
    service_id: str
    organisation_id: str
    reasons: tuple[ExclusionReason, ...]
