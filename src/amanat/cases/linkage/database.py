"""`amanat dedup --database`: the batch linkage over the database persons, proposing
cross-organisation pairs to the NRM coordinator's queue (ADR 0130).

A CLI-only job: it decrypts the persons' names, birth dates, phones and document numbers in this
process only, for the length of the run, and nothing decrypted is written anywhere. The run is
audited with counts only. Pairs of one organisation are left to its own duplicate warning; the
queue's service keeps only pairs of persons held by different organisations.
"""

from __future__ import annotations

from amanat.errors import UsageError
from amanat.tables import TableError, TableRow

from .features import record_features
from .model import DEFAULT_THRESHOLD, reasons

READ_FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "first_name_latin",
    "last_name_latin",
    "birth_date",
    "gender",
    "citizenship",
    "phone",
    "id_document_number",
)


def _row(person) -> TableRow:
    citizenship = person.citizenship[0] if person.citizenship else ""
    values = {
        "record_id": str(person.pk),
        "first_name": person.first_name,
        "last_name": person.last_name,
        "patronymic": person.middle_name,
        "first_name_latin": person.first_name_latin,
        "last_name_latin": person.last_name_latin,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "gender": person.gender,
        "citizenship": citizenship,
        "phone": person.phone,
        "document_number": person.id_document_number,
    }
    return TableRow(number=person.pk, values=values)


def person_features(row: TableRow) -> dict:
    """Features of a stored person; a stored value the linkage cannot read (an old free-text
    phone, say) is left out of the comparison rather than stopping the run."""
    values = dict(row.values)
    for _attempt in range(len(values)):
        try:
            return record_features(TableRow(number=row.number, values=values), "database")
        except TableError as error:
            if not error.column or error.column == "record_id":
                raise
            values[error.column] = ""
    raise AssertionError("unreachable")


def candidate_pairs(
    *, threshold: float = DEFAULT_THRESHOLD, progress: bool = False
) -> tuple[list[tuple[int, int, float, tuple[str, ...]]], int]:
    """(person_id_l, person_id_r, probability, reason codes) for every pair of database persons
    at or above `threshold`, and the number of persons read. Audited with counts only."""
    from django.db import transaction

    from amanat.cases.models import Person
    from amanat.privacy.audit import audit_record

    from .pipeline import link_features

    persons = Person.objects.filter(anonymised_at__isnull=True).order_by("pk")
    iterator = persons.iterator(chunk_size=2000)
    if progress:
        from amanat.core.progress import track

        iterator = track(iterator, "reading persons", total=persons.count())
    features: list[dict] = []
    pairs: list[tuple[int, int, float, tuple[str, ...]]] = []
    try:
        features.extend(person_features(_row(p)) for p in iterator)
        if len(features) >= 2:
            result = link_features(features, threshold=threshold)
            pairs = [
                (int(left), int(right), probability, reasons(result.gamma[(left, right)]))
                for left, right, probability in result.pairs
            ]
    finally:
        # Audited even when the run fails part-way: what was decrypted was read.
        with transaction.atomic():
            audit_record(
                action="persons.dedup",
                object_type="person",
                fields=list(READ_FIELDS),
                purpose="cross-organisation record linkage for the coordinator queue",
                extra={"persons": len(features), "pairs": len(pairs), "threshold": threshold},
            )
    return pairs, len(features)


def dedup_database(*, threshold: float = DEFAULT_THRESHOLD, progress: bool = False) -> dict:
    try:
        from amanat.cases.links.services import record_possible_matches
    except ImportError:
        raise UsageError(
            "the coordinator queue is not available in this installation", field="database"
        ) from None
    pairs, persons = candidate_pairs(threshold=threshold, progress=progress)
    counts = record_possible_matches(pairs=pairs, source="dedup", actor=None)
    return {"persons": persons, **counts}
