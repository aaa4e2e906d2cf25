"""`find_similar_persons`: candidates from the truncated name index (and the phone index), then
only those candidates decrypted and ranked by name similarity, birth date and phone."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from amanat.cases.models import Person, PersonNameKey
from amanat.cases.names import FoldedName, explain_match, fold_name
from amanat.privacy.crypto import blind_index, normalise_phone

from .index import NAME_FIELDS, hashed_keys, index_state, person_names
from .keys import KINDS, WEIGHTS, name_keys

# At most this many persons are decrypted per search (the index's best-scoring ones).
CANDIDATE_CAP = 200
# A name scoring below this (and no phone match) is not offered as a match at all.
MIN_NAME_SCORE = 0.6


@dataclass(frozen=True)
class PersonMatch:
    person_id: int
    organisation_id: int
    score: float  # 0..1, best first
    reasons: tuple[str, ...]  # codes: see amanat.cases.identity.reasons


def _candidate_ids(
    organisation_id: int | None, keys: set[tuple[str, int]], birth_year: int | None
) -> list[int]:
    """The persons sharing the most weighted keys with the query, best first, at most the cap.

    Ties (a common name) are broken by the plaintext birth year already stored for statistics,
    so the cap never cuts the person born in the year asked for in favour of namesakes."""
    if not keys:
        return []
    table = PersonNameKey._meta.db_table
    person_table = Person._meta.db_table
    clauses, params = [], []
    for kind in KINDS:
        values = sorted(v for k, v in keys if k == kind)
        if values:
            clauses.append(f"(k.kind = %s AND k.key IN ({', '.join(['%s'] * len(values))}))")
            params += [kind, *values]
    weight = "CASE k.kind " + " ".join(f"WHEN '{k}' THEN {w}" for k, w in WEIGHTS.items())
    org_clause = "k.organisation_id = %s AND " if organisation_id is not None else ""
    org_params = [organisation_id] if organisation_id is not None else []
    # Only candidates reaching a third of the best possible weight are worth decrypting.
    floor = max(1, sum(WEIGHTS[k] for k, _ in keys) // 3)
    # Identifiers are the model's own table names; every value is a bound parameter.
    sql = (
        f"SELECT c.person_id FROM (SELECT k.person_id, SUM({weight} ELSE 0 END) AS w "  # noqa: S608
        f"FROM {table} k WHERE {org_clause}({' OR '.join(clauses)}) "
        f"GROUP BY k.person_id HAVING SUM({weight} ELSE 0 END) >= %s) c "
        f"JOIN {person_table} p ON p.id = c.person_id "
        "ORDER BY c.w DESC, CASE WHEN p.birth_year = %s THEN 0 ELSE 1 END, c.person_id "
        "LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*org_params, *params, floor, birth_year, CANDIDATE_CAP])
        return [row[0] for row in cursor.fetchall()]


def _phone_ids(organisation_id: int | None, phone: str, region: str) -> list[int]:
    digits = normalise_phone(phone, region)
    if len(digits) < 6:
        return []
    rows = Person.objects.filter(phone_index=blind_index("phone", digits))
    if organisation_id is not None:
        rows = rows.filter(owner_organisation_id=organisation_id)
    return list(rows.values_list("id", flat=True)[:CANDIDATE_CAP])


def _name_score(queries: list[FoldedName], person: Person) -> tuple[float, list[str]]:
    best, reasons = 0.0, []
    for stored in person_names(person):
        if not stored.strip():
            continue
        record = fold_name(stored)
        for query in queries:
            match = explain_match(query, record)
            if match.score > best:
                best, reasons = match.score, []
                if all(p.a.key == p.b.key for p in match.pairs):
                    reasons.append("name_same_key")
                else:
                    reasons.append("name_similar")
                scripts = {t.script for t in query.tokens} ^ {t.script for t in record.tokens}
                if scripts:
                    reasons.append("name_other_script")
                if any(p.a.text.casefold() != p.b.text.casefold() for p in match.pairs) and (
                    "name_same_key" in reasons
                ):
                    reasons.append("name_variant_spelling")
    return best, reasons


def _birth(query: datetime.date | None, person: Person) -> tuple[float | None, str | None]:
    if query is None:
        return None, None
    if person.birth_date is not None:
        if person.birth_date == query:
            return 1.0, "birth_date_same"
        if person.birth_date.year == query.year:
            return 0.6, "birth_year_same"
        if abs(person.birth_date.year - query.year) == 1:
            return 0.3, "birth_year_close"
        return 0.0, "birth_year_differs"
    return None, None


def _score(name: float, birth: float | None, phone_same: bool, has_name: bool) -> float:
    score = name if has_name else (1.0 if phone_same else 0.0)
    if birth is not None:
        score = 0.8 * score + 0.2 * birth
    if phone_same and has_name:
        score = 0.85 * score + 0.15
    return round(min(1.0, max(0.0, score)), 4)


def find_similar_persons(
    *,
    organisation_id: int | None,
    first_name: str = "",
    last_name: str = "",
    middle_name: str = "",
    first_name_latin: str = "",
    last_name_latin: str = "",
    birth_date: datetime.date | None = None,
    phone: str = "",
    limit: int = 10,
    exclude_person_ids: Iterable[int] = (),
) -> list[PersonMatch]:
    """Persons who may be the one described, best first, each with why (reason codes).

    `organisation_id=None` searches every organisation: for coordinator-side services only,
    never on behalf of a case worker. Audits nothing: the caller audits what it shows.
    """
    written = " ".join(n for n in (last_name, first_name, middle_name) if n)
    latin = " ".join(n for n in (last_name_latin, first_name_latin) if n)
    queries = [fold_name(n) for n in (written, latin) if n.strip()]
    queries = [q for q in queries if q.keys]
    region = _region(organisation_id)
    excluded = set(exclude_person_ids)
    state = index_state()
    keys = hashed_keys(name_keys(*queries), state.generation)
    ids = _candidate_ids(organisation_id, keys, birth_date.year if birth_date else None)
    phone_ids = set(_phone_ids(organisation_id, phone, region)) if phone else set()
    wanted = [i for i in dict.fromkeys([*ids, *phone_ids]) if i not in excluded]
    if not wanted:
        return []
    persons = Person.objects.filter(pk__in=wanted, anonymised_at__isnull=True).only(
        "id", "owner_organisation_id", "birth_date", "phone_index", "anonymised_at", *NAME_FIELDS
    )
    matches = []
    for person in persons:
        name, reasons = _name_score(queries, person) if queries else (0.0, [])
        phone_same = person.pk in phone_ids
        if queries and name < MIN_NAME_SCORE and not phone_same:
            continue
        birth, birth_reason = _birth(birth_date, person)
        if birth_reason:
            reasons.append(birth_reason)
        if phone_same:
            reasons.append("phone_same")
        score = _score(name, birth, phone_same, bool(queries))
        matches.append(PersonMatch(person.pk, person.owner_organisation_id, score, tuple(reasons)))
    matches.sort(key=lambda m: (-m.score, m.person_id))
    return matches[: max(0, limit)]


def _region(organisation_id: int | None) -> str:
    if organisation_id is None:
        return ""
    from amanat.accounts.models import Organisation

    return (
        Organisation.objects.filter(pk=organisation_id).values_list("country", flat=True).first()
        or ""
    )
