"""Matching a case's needs against the directory: the cached service index and the ranking."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils import timezone

from amanat.accounts.models import Organisation
from amanat.cases.models import Case
from amanat.errors import ValidationError
from amanat.privacy.audit import audit_record
from amanat.referrals import sharing
from amanat.referrals.access import case_for_referral_work
from amanat.referrals.directory_io.columns import CRITERIA_FIELDS, LIST_COLUMNS
from amanat.referrals.matching import CaseProfile, ServiceIndex
from amanat.referrals.matching import Need as MatchNeed
from amanat.referrals.matching import Service as MatchService
from amanat.referrals.models import DirectoryService, Need, NeedStatus, Referral

_index_cache: dict[tuple, ServiceIndex] = {}
_medians_cache: dict[str, tuple[tuple, dict[int, float]]] = {}

SET_FIELDS = LIST_COLUMNS  # the criteria the matcher compares as sets


def _response_medians() -> dict[int, float]:
    """Median hours to answer per organisation over the last year.

    Cached per process under a version read from the database (the window's first day and the
    latest answer, an index look-up), so every server process ranks with the same medians
    (ADR 0022); before, a ten-minute timer let two processes answer differently.
    """
    since = (timezone.now() - dt.timedelta(days=365)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    rows = Referral.objects.filter(answered_at__gte=since, response_hours__isnull=False)
    version = (since, rows.aggregate(latest=Max("answered_at"))["latest"])
    cached = _medians_cache.get("medians")
    if cached is not None and cached[0] == version:
        return cached[1]
    hours: dict[int, list[float]] = defaultdict(list)
    for org_id, value in rows.values_list("to_organisation_id", "response_hours").iterator(
        chunk_size=5000
    ):
        hours[org_id].append(value)
    medians = {org: statistics.median(values) for org, values in hours.items()}
    _medians_cache["medians"] = (version, medians)
    return medians


def service_index() -> ServiceIndex:
    """The matcher's index over the directory: rebuilt when the directory or the past response
    times change (both versioned from the database, so every process agrees)."""
    stamp = DirectoryService.objects.aggregate(n=Count("id"), m=Max("id"), u=Max("updated_at"))
    medians = _response_medians()
    key = (stamp["n"], stamp["m"], stamp["u"], id(medians))
    index = _index_cache.get(key)
    if index is not None:
        return index
    inactive = set(Organisation.objects.filter(is_active=False).values_list("pk", flat=True))
    services = []
    # Plain values, never the encrypted contacts: nothing to decrypt.
    fields = ("id", "organisation_id", "service_type", "country", *CRITERIA_FIELDS)
    for row in DirectoryService.objects.values(*fields).iterator(chunk_size=2000):
        org_id = row["organisation_id"]
        if org_id in inactive:
            continue
        sets = {name: frozenset(row[name] or ()) for name in SET_FIELDS}
        services.append(
            MatchService(
                id=str(row["id"]),
                organisation_id=str(org_id),
                service_type=row["service_type"],
                country=row["country"],
                age_min=row["age_min"],
                age_max=row["age_max"],
                capacity=row["capacity"],
                available=row["available"],
                accepting=row["accepting"],
                median_response_hours=medians.get(org_id),
                **sets,
            )
        )
    index = ServiceIndex(services)
    _index_cache.clear()
    _index_cache[key] = index
    return index


def case_profile(case: Case, needs: list[Need]) -> CaseProfile:
    person = case.person
    age = sharing._age(person)
    return CaseProfile(
        needs=tuple(MatchNeed(n.service_type, n.urgency) for n in needs),
        country=case.country,
        region=case.region or person.address_region or None,
        gender=person.gender or None,
        age=age,
        nationality=person.citizenship[0] if person.citizenship else None,
        statuses=frozenset(s for s in (person.migration_status, case.trafficking_status) if s),
        languages=frozenset(c for c in (person.primary_language, person.secondary_language) if c),
    )


@dataclass
class CaseMatches:
    case: Case
    needs: list[Need]
    rankings: list  # NeedRanking, one per need
    organisations: dict[str, Organisation]
    services: dict[str, DirectoryService]


def case_matches(user, case_id, *, need_id=None, limit: int = 10) -> CaseMatches:
    """Rank directory services for the case's open needs (or one need), explained."""
    case = case_for_referral_work(user, case_id)
    needs = list(Need.objects.filter(case=case, status=NeedStatus.OPEN).order_by("created_at"))
    if need_id not in (None, ""):
        needs = [n for n in needs if str(n.pk) == str(need_id)]
        if not needs:
            raise ValidationError("No open need with this id in the case.", field="need")
    index = service_index()
    profile = case_profile(case, needs)
    rankings = [index.rank_need(profile, need, limit=limit) for need in profile.needs]
    service_ids = {int(m.service_id) for r in rankings for m in r.matches}
    listed = DirectoryService.objects.filter(pk__in=service_ids).defer(
        "contact_name", "contact_phone", "contact_email"
    )
    services = {str(s.pk): s for s in listed}
    org_ids = {s.organisation_id for s in services.values()}
    orgs = {str(o.pk): o for o in Organisation.objects.filter(pk__in=org_ids)}
    audit_record(
        actor=user,
        action="case.match",
        object_type="case",
        object_id=case.pk,
        fields=[
            "birth_date",
            "gender",
            "citizenship",
            "migration_status",
            "primary_language",
            "secondary_language",
            "trafficking_status",
        ],
        purpose="referral matching",
        extra={"needs": len(needs)},
    )
    return CaseMatches(case, needs, rankings, orgs, services)
