"""Retention erasure of a person removes its possible matches and links (ADR 0140).

A link or pair to an anonymised record would let anyone who sees the other record's case tie
the anonymised case's remaining facts back to a named person: once a person's data is erased,
nothing may say which other record was "the same person". The rows go entirely (history
included); unique-person counts then count the anonymised record on its own.
"""

from __future__ import annotations

from django.db.models import Q

from amanat.cases.links.models import PersonLink, PossibleMatch
from amanat.privacy.audit import audit_record


def erase_person_links(person) -> dict[str, int]:
    """Delete every possible match and link (active or undone) naming `person`. Called inside
    the retention transaction; audited with counts only."""
    either = Q(person_low_id=person.pk) | Q(person_high_id=person.pk)
    links, _ = PersonLink.objects.filter(either).delete()
    matches, _ = PossibleMatch.objects.filter(either).delete()
    if links or matches:
        audit_record(
            action="person_link.erase",
            object_type="person",
            object_id=person.pk,
            purpose="retention",
            extra={"links": links, "matches": matches},
        )
    return {"links": links, "matches": matches}
