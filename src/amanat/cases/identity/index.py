"""Writing the name index: every change of a person's names goes through `person_names_index`.

Callers: the person services (create, edit), retention erasure (`person_names_unindex`),
`amanat keys rotate` and `amanat names reindex` (`names_reindex`), backup restore.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from amanat.cases.models import NameIndexState, Person, PersonNameKey
from amanat.cases.names import fold_name, rules_version
from amanat.privacy.crypto import derived_key, truncated_index

from .keys import BITS, name_keys, sealed_form

NAME_FIELDS = ("first_name", "middle_name", "last_name", "first_name_latin", "last_name_latin")


def index_state() -> NameIndexState:
    state = NameIndexState.objects.order_by("pk").first()
    if state is None:
        state = NameIndexState.objects.create(generation=1, rules_version=rules_version())
    return state


def name_key(generation: int) -> bytes:
    return derived_key(f"person-name-index/{generation}")


def hashed_keys(plain: Iterable[tuple[str, str]], generation: int) -> set[tuple[str, int]]:
    key = name_key(generation)
    return {(kind, truncated_index(key, kind, value, BITS[kind])) for kind, value in plain}


def person_names(person: Person) -> tuple[str, str]:
    """The person's name as written and its Latin spelling (two names: either may be empty)."""
    written = " ".join(getattr(person, f) or "" for f in ("last_name", "first_name", "middle_name"))
    latin = " ".join(getattr(person, f) or "" for f in ("last_name_latin", "first_name_latin"))
    return written, latin


def _derive(person: Person, generation: int) -> tuple[list[PersonNameKey], str]:
    """The person's key rows and sealed folded form, folding each name once."""
    if person.anonymised_at is not None:
        return [], ""
    folded = [fold_name(n) for n in person_names(person) if n.strip()]
    rows = [
        PersonNameKey(
            person_id=person.pk,
            organisation_id=person.owner_organisation_id,
            kind=kind,
            key=value,
            birth_year=person.birth_year,
        )
        for kind, value in sorted(hashed_keys(name_keys(*folded), generation))
    ]
    return rows, sealed_form(folded)


@transaction.atomic
def person_names_index(person: Person, *, generation: int | None = None) -> int:
    """Replace the person's keys (and sealed folded form) by those of their current names."""
    generation = generation or index_state().generation
    PersonNameKey.objects.filter(person_id=person.pk).delete()
    rows, sealed = _derive(person, generation)
    PersonNameKey.objects.bulk_create(rows)
    if person.name_folded != sealed:
        person.name_folded = sealed
        person.save(update_fields=["name_folded"])
    return len(rows)


def person_names_move(person_id: int, organisation_id: int) -> None:
    PersonNameKey.objects.filter(person_id=person_id).update(organisation_id=organisation_id)


def person_names_unindex(person_id: int) -> None:
    PersonNameKey.objects.filter(person_id=person_id).delete()
    Person.objects.filter(pk=person_id).update(name_folded="")


@transaction.atomic
def names_reindex(*, new_generation: bool = False, batch: int = 2000) -> dict:
    """Rebuild every person's keys; with `new_generation`, under a newly derived key (rotation).

    Decrypts each person's names once, in batches; nothing is kept after the batch.
    """
    state = index_state()
    if new_generation:
        state.generation += 1
    PersonNameKey.objects.all().delete()
    persons = keys = 0
    pending: list[PersonNameKey] = []
    sealed: list[Person] = []
    query = Person.objects.filter(anonymised_at__isnull=True).only(
        "id", "owner_organisation_id", "anonymised_at", "name_folded", "birth_year", *NAME_FIELDS
    )

    def flush() -> int:
        PersonNameKey.objects.bulk_create(pending, batch_size=batch * 2)
        Person.objects.bulk_update(sealed, ["name_folded"], batch_size=batch)
        written = len(pending)
        pending.clear()
        sealed.clear()
        return written

    for person in query.iterator(chunk_size=batch):
        rows, form = _derive(person, state.generation)
        pending.extend(rows)
        if person.name_folded != form:
            person.name_folded = form
            sealed.append(person)
        persons += 1
        if len(pending) >= batch * 8:
            keys += flush()
    keys += flush()
    state.rules_version = rules_version()
    state.built_at = timezone.now()
    state.save(update_fields=["generation", "rules_version", "built_at"])
    return {"persons": persons, "keys": keys, "generation": state.generation}


def names_rekey() -> dict:
    """Key rotation: a new generation of the derived key, every person's keys rebuilt."""
    return names_reindex(new_generation=True)
