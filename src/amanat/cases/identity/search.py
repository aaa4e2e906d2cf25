"""`find_similar_persons`: candidates from the truncated name index (and the phone index), then
only those candidates decrypted and ranked by name similarity, birth date and phone."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from amanat.cases.models import Person, PersonNameKey
from amanat.cases.names import fold_name
from amanat.privacy.crypto import blind_index, normalise_phone

from .index import hashed_keys, index_state
from .keys import KINDS, WEIGHTS, key_similarity, name_keys, read_sealed, sealed_form

# At most this many persons are decrypted per search (the index's best-scoring ones).
CANDIDATE_CAP = 100
# A name scoring below this (and no phone match) is not offered as a match at all.
MIN_NAME_SCORE = 0.6


@dataclass(frozen=True)
class PersonMatch:
    person_id: int
    organisation_id: int
    score: float  # 0..1, best first
    reasons: tuple[str, ...]  # codes: see amanat.cases.identity.reasons


def _candidates(
    organisation_id: int | None,
    keys: set[tuple[str, int]],
    floor: int,
    birth_year: int | None,
    *,
    near_year: bool = False,
) -> list[tuple[int, int]]:
    """(person id, weight) of the persons sharing the most weighted keys with the query, best
    first, at most the cap, none below `floor`: one aggregate over the index's postings, no
    visit to the person rows.

    Ties (a common name) are broken by the birth year (in clear for statistics, copied into the
    postings), so the cap never cuts the person born in the year asked for for namesakes. With
    `near_year`, only postings of persons born within a year of `birth_year` or of unknown birth
    year are read: one short range of each bucket (the index has the year before the person)
    instead of the whole bucket of a common name."""
    if not keys:
        return []
    table = PersonNameKey._meta.db_table
    org_clause = "organisation_id = %s AND " if organisation_id is not None else ""
    org_params = [organisation_id] if organisation_id is not None else []
    slices: list[tuple[str, list]] = [("", [])]
    if near_year and birth_year is not None:
        slices = [
            (" AND birth_year BETWEEN %s AND %s", [birth_year - 1, birth_year + 1]),
            (" AND birth_year IS NULL", []),
        ]
    # One branch per kind (and year slice): each is a single index range scan per key, read
    # from the index alone; an OR across kinds would make PostgreSQL visit the table rows.
    branches, params = [], []
    for kind in KINDS:
        values = sorted(v for k, v in keys if k == kind)
        for year_clause, year_params in slices if values else []:
            branches.append(
                f"SELECT person_id, birth_year, {WEIGHTS[kind]} AS w FROM {table} "  # noqa: S608
                f"WHERE {org_clause}kind = %s AND key IN ({', '.join(['%s'] * len(values))})"
                f"{year_clause}"
            )
            params += [*org_params, kind, *values, *year_params]
    # Identifiers are the model's own table name; every value is a bound parameter.
    sql = (
        "SELECT person_id, SUM(w) AS weight, "  # noqa: S608
        "MAX(CASE WHEN birth_year = %s THEN 1 ELSE 0 END) AS y "
        f"FROM ({' UNION ALL '.join(branches)}) AS postings "
        "GROUP BY person_id HAVING SUM(w) >= %s "
        "ORDER BY weight DESC, y DESC, person_id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [birth_year, *params, floor, CANDIDATE_CAP])
        return [(row[0], row[1]) for row in cursor.fetchall()]


def _exact_ids(organisation_id, per_name: list[set], birth_year) -> list[int]:
    """Persons sharing exact token keys with the query, the most first (so near namesakes
    follow the exact ones). One index range per key: the common case, and the cheap one."""
    exact = {kv for keys in per_name for kv in keys if kv[0] == "t"}
    rows = _candidates(organisation_id, exact, WEIGHTS["t"], birth_year)
    return [person_id for person_id, _weight in rows]


def _fuzzy_ids(organisation_id, per_name: list[set], birth_year) -> list[int]:
    """With the skeleton and head/tail keys too: for a typo or a missing word."""
    everything = {kv for keys in per_name for kv in keys}
    best = max(sum(WEIGHTS[k] for k, _ in keys) for keys in per_name)
    floor = max(1, best // 3)
    rows = _candidates(organisation_id, everything, floor, birth_year, near_year=True)
    return [person_id for person_id, _weight in rows]


def _phone_ids(organisation_id: int | None, phone: str, region: str) -> list[int]:
    digits = normalise_phone(phone, region)
    if len(digits) < 6:
        return []
    rows = Person.objects.filter(phone_index=blind_index("phone", digits))
    if organisation_id is not None:
        rows = rows.filter(owner_organisation_id=organisation_id)
    return list(rows.values_list("id", flat=True)[:CANDIDATE_CAP])


@dataclass(frozen=True)
class _Candidate:
    """A candidate's columns that ranking reads, decrypted once per search (both passes)."""

    organisation_id: int
    names: list[tuple[str, tuple[str, ...]]]
    birth_date: datetime.date | None


def _decrypt_candidates(ids: list[int], seen: dict, with_birth: bool) -> None:
    """Add to `seen` the candidates not decrypted yet (None for one anonymised meanwhile).
    Only the sealed names, and the birth date only when the search gives one: each encrypted
    column costs a decryption per candidate."""
    missing = [i for i in ids if i not in seen]
    if not missing:
        return
    columns = ["id", "owner_organisation_id", "name_folded"]
    if with_birth:
        columns.append("birth_date")
    rows = Person.objects.filter(pk__in=missing, anonymised_at__isnull=True).values_list(*columns)
    seen.update(dict.fromkeys(missing))
    for row in rows:
        birth_date = row[3] if with_birth else None
        seen[row[0]] = _Candidate(row[1], read_sealed(row[2]), birth_date)


def _name_score(
    queries: list[tuple[str, tuple[str, ...]]], person: _Candidate
) -> tuple[float, list[str]]:
    """The best similarity between any name of the query and any stored name of the person,
    over folded keys (the person's come sealed: decrypted, not re-folded)."""
    best, reasons = 0.0, []
    for script, keys in person.names:
        for query_script, query_keys in queries:
            score = key_similarity(query_keys, keys)
            if score > best:
                best = score
                reasons = ["name_same_key" if score >= 1.0 else "name_similar"]
                if script != query_script:
                    reasons.append("name_other_script")
    return best, reasons


def _birth(query: datetime.date | None, person: _Candidate) -> tuple[float | None, str | None]:
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
    query_forms = read_sealed(sealed_form(queries))
    excluded = set(exclude_person_ids)
    generation = index_state().generation
    per_name = [hashed_keys(name_keys(q), generation) for q in queries]
    birth_year = birth_date.year if birth_date else None
    # The organisation's country only parses a phone number: no query when none is given.
    phone_ids = (
        set(_phone_ids(organisation_id, phone, _region(organisation_id))) if phone else set()
    )
    ids = _exact_ids(organisation_id, per_name, birth_year) if per_name else []
    seen: dict[int, _Candidate | None] = {}
    matches = _rank(ids, phone_ids, excluded, query_forms, birth_date, seen)
    if per_name and not any(
        "name_same_key" in m.reasons and (birth_date is None or "birth_date_same" in m.reasons)
        for m in matches
    ):
        # Nothing shares the whole name (and the birth date asked for): a typo, a missing or an
        # extra word, or namesakes only. Widen to the skeleton and head/tail keys.
        fuzzy = _fuzzy_ids(organisation_id, per_name, birth_year)
        matches = _rank([*ids, *fuzzy], phone_ids, excluded, query_forms, birth_date, seen)
    return matches[: max(0, limit)]


def _rank(ids, phone_ids, excluded, query_forms, birth_date, seen) -> list[PersonMatch]:
    """Decrypt the candidates' sealed folded names (and birth dates); score; best first."""
    wanted = [i for i in dict.fromkeys([*ids, *phone_ids]) if i not in excluded]
    if not wanted:
        return []
    _decrypt_candidates(wanted, seen, with_birth=birth_date is not None)
    matches = []
    for pk in wanted:
        person = seen[pk]
        if person is None:
            continue
        name, reasons = _name_score(query_forms, person) if query_forms else (0.0, [])
        phone_same = pk in phone_ids
        if query_forms and name < MIN_NAME_SCORE and not phone_same:
            continue
        birth, birth_reason = _birth(birth_date, person)
        if birth_reason:
            reasons.append(birth_reason)
        if phone_same:
            reasons.append("phone_same")
        score = _score(name, birth, phone_same, bool(query_forms))
        matches.append(PersonMatch(pk, person.organisation_id, score, tuple(reasons)))
    matches.sort(key=lambda m: (-m.score, m.person_id))
    return matches


def _region(organisation_id: int | None) -> str:
    if organisation_id is None:
        return ""
    from amanat.accounts.models import Organisation

    return (
        Organisation.objects.filter(pk=organisation_id).values_list("country", flat=True).first()
        or ""
    )
