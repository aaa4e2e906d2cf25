"""Search persons by name: names are encrypted at rest, so they are decrypted in memory, per
organisation, and kept in a process-local cache refreshed from `updated_at`.

Only the user's own organisation's persons are ever decrypted for their search.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone

from amanat.cases.models import Person

NAME_FIELDS = ("first_name", "middle_name", "last_name", "first_name_latin", "last_name_latin")


def normalise_name(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().replace("ё", "е").split())


@dataclass
class _OrgIndex:
    names: dict[int, str] = field(default_factory=dict)  # person id -> normalised names
    watermark: object = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_indexes: dict[int, _OrgIndex] = {}
_indexes_lock = threading.Lock()


def _index_for(organisation_id: int) -> _OrgIndex:
    with _indexes_lock:
        return _indexes.setdefault(organisation_id, _OrgIndex())


def reset_name_cache() -> None:
    with _indexes_lock:
        _indexes.clear()


def _refresh(index: _OrgIndex, organisation_id: int) -> None:
    now = timezone.now()
    rows = Person.objects.filter(owner_organisation_id=organisation_id)
    if index.watermark is not None:
        rows = rows.filter(updated_at__gte=index.watermark)
    for person in rows.only("id", *NAME_FIELDS).iterator(chunk_size=2000):
        index.names[person.id] = normalise_name(
            " ".join(getattr(person, name) or "" for name in NAME_FIELDS)
        )
    index.watermark = now


def person_ids_matching_name(organisation_id: int, query: str, limit: int = 200) -> list[int]:
    """Persons of the organisation whose names contain every word of the query."""
    words = normalise_name(query).split()
    if not words:
        return []
    index = _index_for(organisation_id)
    with index.lock:
        _refresh(index, organisation_id)
        matches = []
        for person_id, names in index.names.items():
            if all(word in names for word in words):
                matches.append(person_id)
                if len(matches) >= limit:
                    break
    return matches
