"""Demo data: three people registered again by another organisation, proposed to the
coordinator as possible matches (one confirmed), so the queue and the unique-person counts have
something to show. Fictional like all demo data."""

from __future__ import annotations

from amanat.cases.links.models import PossibleMatch
from amanat.cases.links.services import confirm_match, record_possible_matches
from amanat.cases.services import case_open

# (organisation key of the copy, its case worker, score, reasons)
COPIES = (
    ("kg_ngo", "casemanager_kg", 0.93, ("name_variant", "birth_date")),
    ("kz_police", "police", 0.87, ("name", "birth_date")),
    ("kg_ngo", "casemanager_kg", 0.74, ("name_similar", "birth_year")),
)


def seed(context) -> None:
    orgs, users = context["organisations"], context["users"]
    originals = [c for c in context["cases"] if c.owner_organisation_id == orgs["kz_ngo"].pk]
    pairs = []
    for case, (org_key, username, score, reasons) in zip(originals, COPIES, strict=False):
        person = case.person
        copy = case_open(
            user=users[username],
            person={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "birth_date": person.birth_date,
                "gender": person.gender,
                "citizenship": person.citizenship,
            },
            case={"identified_on": case.identified_on, "country": orgs[org_key].country},
        )
        context["cases"].append(copy)
        pairs.append((person.pk, copy.person_id, score, reasons))
    record_possible_matches(pairs=pairs, source="dedup")
    best = PossibleMatch.objects.order_by("-score").first()
    if best is not None:
        confirm_match(actor=users["coordinator"], match_id=best.pk)
