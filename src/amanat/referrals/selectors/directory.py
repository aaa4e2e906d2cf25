"""Reads of the service directory: search, one entry (staff contacts: audited), the region view,
the export rows and the organisations a referral can go to."""

from __future__ import annotations

from collections import Counter, defaultdict

from amanat.accounts.models import Organisation
from amanat.core import geography
from amanat.core.ids import parse_id
from amanat.errors import NotFound
from amanat.privacy.audit import audit_record
from amanat.referrals.models import DirectoryService
from amanat.referrals.taxonomy import load_taxonomy

# What a search result shows of a service: never the (encrypted) contacts.
LISTED_FIELDS = (
    "regions",
    "accepting",
    "capacity",
    "available",
    "languages",
    "genders",
    "age_min",
    "age_max",
)


def directory_search(
    *, query: str = "", country: str = "", service: str = "", region: str = "", limit: int = 200
) -> list[Organisation]:
    """Organisations with directory services, each with `.listed` (its services), by name."""
    services = DirectoryService.objects.all()
    if country:
        services = services.filter(country=country.upper())
    if service:
        services = services.filter(service_type=service)
    rows = list(
        services.only("id", "organisation_id", "service_type", "country", "hours", *LISTED_FIELDS)
    )
    if region:
        region = region.upper()
        rows = [s for s in rows if not s.regions or region in s.regions]
    by_org: dict[int, list[DirectoryService]] = defaultdict(list)
    for s in rows:
        by_org[s.organisation_id].append(s)
    orgs = Organisation.objects.filter(pk__in=list(by_org), is_active=True)
    if query.strip():
        orgs = orgs.filter(name__icontains=query.strip())
    result = list(orgs.select_related("directory_profile").order_by("country", "name")[:limit])
    for org in result:
        org.listed = sorted(by_org[org.pk], key=lambda s: s.service_type)
    return result


def directory_organisation(user, organisation_id) -> Organisation:
    """One organisation's directory entry with contacts (staff personal data: audited)."""
    org = (
        Organisation.objects.select_related("directory_profile")
        .filter(pk=parse_id(organisation_id))
        .first()
    )
    if org is None:
        raise NotFound()
    org.listed = list(DirectoryService.objects.filter(organisation=org))
    audit_record(
        actor=user,
        action="directory.view",
        object_type="organisation",
        object_id=org.pk,
        fields=["contact_name", "contact_phone", "contact_email"],
        purpose="service directory",
    )
    return org


def directory_services_for_export():
    return DirectoryService.objects.select_related(
        "organisation", "organisation__directory_profile"
    ).order_by("organisation__country", "organisation__name", "service_type")


def region_summary(country: str) -> list[dict]:
    """Map-free region view: for each region of `country`, the service types covered there."""
    country = country.upper()
    services = list(
        DirectoryService.objects.filter(country=country, accepting=True).values_list(
            "service_type", "regions", "organisation_id"
        )
    )
    types = list(load_taxonomy().service_types)
    result = []
    for code, name in geography.region_choices(country):
        counts = Counter()
        for stype, regions, _org in services:
            if not regions or code in regions:
                counts[stype] += 1
        result.append(
            {
                "code": code,
                "name": name,
                "counts": [counts.get(t, 0) for t in types],
                "missing": [t for t in types if not counts.get(t)],
            }
        )
    return result


def referral_recipients(user, service: str = ""):
    """Active organisations other than the user's that list a service (of type `service`)."""
    offered = DirectoryService.objects.exclude(organisation_id=user.organisation_id)
    if service:
        offered = offered.filter(service_type=service)
    ids = set(offered.values_list("organisation_id", flat=True))
    return Organisation.objects.filter(pk__in=ids, is_active=True).order_by("country", "name")
