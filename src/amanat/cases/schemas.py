"""API schemas for persons, cases and consents. Types here; vocabulary checks in the services."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import ConfigDict, Field


class PersonFields(Schema):
    model_config = ConfigDict(extra="forbid")

    first_name: str | None = Field(None, max_length=200)
    middle_name: str | None = Field(None, max_length=200)
    last_name: str | None = Field(None, max_length=200)
    first_name_latin: str | None = Field(None, max_length=200)
    last_name_latin: str | None = Field(None, max_length=200)
    birth_date: dt.date | None = None
    gender: str | None = Field(None, description="vocabulary gender (HTCDS prs_Gender)")
    marital_status: str | None = None
    number_of_children: int | None = Field(None, ge=0, le=50)
    citizenship: list[str] | None = Field(None, description="ISO 3166-1 alpha-2 codes")
    primary_language: str | None = Field(None, description="ISO 639 code")
    secondary_language: str | None = None
    education: str | None = None
    migration_status: str | None = None
    id_document_type: str | None = None
    id_document_number: str | None = Field(None, max_length=64)
    phone: str | None = Field(None, max_length=20, description="E.164, e.g. +77011234567")
    email: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=500)
    address_country: str | None = None
    address_region: str | None = None
    ethnicity: str | None = Field(
        None, description="vocabulary ethnicity (census nationalities; prefer_not_to_say, unknown)"
    )
    urban_rural: str | None = Field(None, description="urban | rural | unknown")
    disability: str | None = Field(None, description="yes | no | prefer_not_to_say | unknown")
    disability_domains: list[str] | None = Field(
        None, description="Washington Group domains (vocabulary disability_domain)"
    )
    disability_onset: str | None = Field(
        None,
        description="before_exploitation | during_exploitation | after_exploitation | unknown",
    )


class CaseFields(Schema):
    model_config = ConfigDict(extra="forbid")

    identified_on: dt.date | None = None
    country: str | None = None
    region: str | None = None
    recruitment_methods: list[str] | None = None
    recruitment_websites: list[str] | None = None
    exploitation_types: list[str] | None = None
    control_methods: list[str] | None = None
    labour_industry: str | None = None
    relationship_to_trafficker: str | None = None
    age_when_trafficked: int | None = Field(None, ge=0, le=120)
    country_of_origin: str | None = None
    transit_countries: list[str] | None = None
    exploitation_countries: list[str] | None = None
    narrative: str | None = Field(None, max_length=20000)


class CaseCreateIn(PersonFields, CaseFields):
    """Person and case fields, flat; or nested under `person` and `case`."""

    model_config = ConfigDict(extra="forbid")

    person: PersonFields | None = None
    case: CaseFields | None = None
    confirm_not_duplicate: bool = Field(
        False,
        description="register even though the organisation may already hold this person "
        "(otherwise such a request answers 409 with the possible matches)",
    )


class CaseUpdateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    person: PersonFields | None = None
    case: CaseFields | None = None


class StatusDecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    status: str
    decided_by_org_type: str


class ConsentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    purpose: str = Field(..., description="interview | assistance | referral | research")
    method: str = Field(..., description="verbal | written | digital | guardian")
    granted: bool = True
    given_on: dt.date | None = None
    recipient_organisation: int | None = Field(None, description="required for purpose=referral")
    checklist: dict[str, bool] | None = None
    notes: str | None = Field(None, max_length=2000)


class ConsentWithdrawIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(None, max_length=2000)


class ConsentOut(Schema):
    id: int
    purpose: str
    granted: bool
    method: str
    given_on: dt.date
    recipient_organisation: int | None
    checklist: dict
    recorded_by: str
    recorded_at: dt.datetime
    withdrawn_at: dt.datetime | None
    in_force: bool


class OrganisationRef(Schema):
    id: int
    name: str
    country: str


class CaseSummaryOut(Schema):
    id: int
    code: str
    status: str
    trafficking_status: str
    identified_on: dt.date
    country: str
    display_name: str
    match_score: float | None = Field(
        None, description="search only: how well the case's person matches (0..1)"
    )
    match_reasons: list[str] | None = Field(None, description="search only: why it matched (codes)")
    match_reason_labels: list[str] | None = Field(
        None, description="search only: why it matched, in the request's language"
    )


class CaseOut(Schema):
    id: int
    code: str
    status: str
    trafficking_status: str
    status_decided_by_org_type: str
    identified_on: dt.date
    country: str
    region: str
    owner_organisation: OrganisationRef
    retention_until: dt.date
    created_at: dt.datetime
    person: dict
    case: dict
    consents: list[ConsentOut]


class CaseListOut(Schema):
    items: list[CaseSummaryOut]
    count: int  # exact up to 1,000; with count_capped, "more than 1,000" (ADR 0030)
    page: int
    pages: int
    count_capped: bool = False
    next: str | None = None  # pass as `cursor` for the next page; null on the last one
    previous: str | None = None


class DuplicateCandidateOut(Schema):
    case_id: int
    case_code: str
    score: float
    reasons: list[str]
    reason_labels: list[str]


class PossibleDuplicateOut(Schema):
    detail: str
    code: str
    candidates: list[DuplicateCandidateOut]
