"""Propose cross-organisation pairs from the search index (`amanat persons scan`, ADR 0140).

Runs as an operator's batch job (the command line or the worker), never in a web request: a
cross-organisation look-up at registration time would let a case worker infer, from the time a
save takes or from what it does, that another organisation holds the person. Each person is
looked up with `amanat.cases.identity.find_similar_persons(organisation_id=None, ...)` (the
cross-script blind-index search); hits of another organisation at or above `min_score` go to
`record_possible_matches(source="index_scan")`. Audited with counts only.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from amanat.accounts.models import Organisation
from amanat.cases.links.reasons import is_reason_code
from amanat.cases.links.services import record_possible_matches
from amanat.cases.models import Person
from amanat.errors import UsageError
from amanat.privacy.audit import audit_record

QUERY_FIELDS = (
    "first_name",
    "last_name",
    "middle_name",
    "first_name_latin",
    "last_name_latin",
    "birth_date",
    "phone",
)
BATCH = 500
FLUSH = 5000  # pairs recorded per transaction: memory stays bounded, a re-run resumes (idempotent)


def _finder() -> Callable:
    try:
        module = importlib.import_module("amanat.cases.identity")
    except ImportError:
        module = None
    finder = getattr(module, "find_similar_persons", None)
    if finder is None:
        raise UsageError(
            "amanat persons scan needs the cross-organisation search index "
            "(amanat.cases.identity.find_similar_persons), which this installation does not have "
            "yet; fill the queue with `amanat dedup --database` instead."
        )
    return finder


@dataclass
class ScanReport:
    persons_scanned: int = 0
    candidates: int = 0
    proposed: int = 0
    recorded: dict | None = None

    def as_dict(self) -> dict:
        return {
            "persons_scanned": self.persons_scanned,
            "candidates": self.candidates,
            "proposed": self.proposed,
            **(self.recorded or {}),
        }


def _codes(reasons) -> tuple[str, ...]:
    # Only identifier-like codes enter the queue: free text could carry a value.
    return tuple(r for r in (str(x).strip().lower() for x in reasons or ()) if is_reason_code(r))


def persons_scan(
    *,
    organisation_id: int | None = None,
    min_score: float = 0.9,
    limit: int = 10,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ScanReport:
    """Look up every (not anonymised) person, or those of one organisation, across all
    organisations; propose pairs of different organisations scoring at least `min_score`."""
    if not 0 <= min_score <= 1:
        raise UsageError("--min-score must be from 0 to 1.")
    if not 1 <= limit <= 100:
        raise UsageError("--limit must be from 1 to 100.")
    persons = Person.objects.filter(anonymised_at__isnull=True)
    if organisation_id is not None:
        if not Organisation.objects.filter(pk=organisation_id).exists():
            raise UsageError(f"No organisation with id {organisation_id}.")
        persons = persons.filter(owner_organisation_id=organisation_id)
    find = _finder()
    total = persons.count()
    report = ScanReport(recorded={})
    pairs: list[tuple[int, int, float, tuple[str, ...]]] = []

    def flush() -> None:
        report.proposed += len(pairs)
        if not dry_run and pairs:
            counts = record_possible_matches(pairs=pairs, source="index_scan")
            for key, value in counts.items():
                report.recorded[key] = report.recorded.get(key, 0) + value
        pairs.clear()

    rows = persons.only("id", "owner_organisation_id", *QUERY_FIELDS).order_by("id")
    for person in rows.iterator(chunk_size=BATCH):
        report.persons_scanned += 1
        query = {name: getattr(person, name) or "" for name in QUERY_FIELDS}
        query["birth_date"] = person.birth_date or None
        found = find(organisation_id=None, limit=limit, exclude_person_ids=(person.pk,), **query)
        report.candidates += len(found)
        for match in found:
            if match.organisation_id == person.owner_organisation_id:
                continue  # the in-organisation duplicate warning's business
            if match.score >= min_score:
                score = min(max(float(match.score), 0.0), 1.0)
                pairs.append((person.pk, int(match.person_id), score, _codes(match.reasons)))
        if len(pairs) >= FLUSH:
            flush()
        if progress is not None and report.persons_scanned % BATCH == 0:
            progress(report.persons_scanned, total)
    flush()
    with transaction.atomic():
        audit_record(
            action="person_match.scan",
            object_type="person",
            fields=list(QUERY_FIELDS),
            purpose="cross-organisation record linkage",
            extra={
                "persons_scanned": report.persons_scanned,
                "proposed": report.proposed,
                "dry_run": dry_run,
            },
        )
    return report
