"""Who may see and decide which possible match or link: the one place that decides.

Only holders of `persons.link` (the NRM coordinator), and only pairs with at least one person
held by an organisation of the coordinator's own country (a cross-border pair shows to the
coordinators of both countries). Anything else answers NotFound, like a missing row.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from amanat.accounts.denials import denied
from amanat.accounts.models import Organisation
from amanat.accounts.roles import Perm
from amanat.cases.links.models import PersonLink, PossibleMatch
from amanat.core.ids import try_parse_id


def coordinator_country(user) -> str | None:
    """The country whose pairs `user` coordinates, or None when they coordinate none."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.PERSONS_LINK):
        return None
    organisation = getattr(user, "organisation", None)
    return organisation.country if organisation is not None else None


def _scope(user) -> Q | None:
    country = coordinator_country(user)
    if country is None:
        return None
    if not Organisation.objects.exclude(country=country).exists():
        # A one-country installation: no join through persons and organisations is needed.
        return Q()
    return Q(person_low__owner_organisation__country=country) | Q(
        person_high__owner_organisation__country=country
    )


def matches_visible_to(user) -> QuerySet[PossibleMatch]:
    scope = _scope(user)
    return PossibleMatch.objects.none() if scope is None else PossibleMatch.objects.filter(scope)


def links_visible_to(user) -> QuerySet[PersonLink]:
    scope = _scope(user)
    return PersonLink.objects.none() if scope is None else PersonLink.objects.filter(scope)


def match_get_for_coordinator(user, match_id, *, lock: bool = False) -> PossibleMatch:
    pk = try_parse_id(match_id)
    queryset = matches_visible_to(user)
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    match = queryset.filter(pk=pk).first() if pk is not None else None
    if match is None:
        raise denied(user, "person_match", match_id, model=PossibleMatch)
    return match


def link_get_for_coordinator(user, link_id, *, lock: bool = False) -> PersonLink:
    pk = try_parse_id(link_id)
    queryset = links_visible_to(user)
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    link = queryset.filter(pk=pk).first() if pk is not None else None
    if link is None:
        raise denied(user, "person_link", link_id, model=PersonLink)
    return link
