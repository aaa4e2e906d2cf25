"""Every write to possible matches and person links: keyword-only, atomic, audited (ids only).

No timeline event is written: a case's timeline is read by its case workers, and a link must not
show there (ADR 0140). A link changes no case or person row, so the statistics cache is unaffected;
unique-person counts read the links at each call.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.cases.links import access
from amanat.cases.links.graph import components
from amanat.cases.links.models import MatchSource, MatchStatus, PersonLink, PossibleMatch
from amanat.cases.links.reasons import MAX_REASONS, is_reason_code
from amanat.cases.models import Person
from amanat.core.ids import try_parse_id
from amanat.errors import Conflict, ValidationError
from amanat.privacy.audit import audit_record

# A rejected pair is proposed again (re-opened) only when a source scores it at least this much
# higher than when it was rejected: new evidence, not the same evidence re-run (ADR 0140).
REOPEN_MARGIN = 0.05
CHUNK = 500
MATCH_FIELDS = ["person_low", "person_high", "score", "reasons", "source", "status"]


@dataclass(frozen=True)
class _Pair:
    low: int
    high: int
    score: float
    reasons: tuple[str, ...]


def _clean_pairs(pairs: Iterable) -> tuple[dict[tuple[int, int], _Pair], int]:
    """Validate every pair (all or nothing) and keep the best score of each unordered pair."""
    best: dict[tuple[int, int], _Pair] = {}
    self_pairs = 0
    for index, item in enumerate(pairs):
        where = f"pairs[{index}]"
        try:
            first, second, score, reasons = item
        except (TypeError, ValueError):
            raise ValidationError(
                _("Each pair is (person id, person id, score, reason codes)."), field=where
            ) from None
        a, b = try_parse_id(first), try_parse_id(second)
        if a is None or b is None:
            raise ValidationError(_("Not a person id."), field=where)
        if isinstance(score, bool) or not isinstance(score, int | float):
            raise ValidationError(_("The score must be a number."), field=f"{where}.score")
        if math.isnan(score) or not 0 <= score <= 1:
            raise ValidationError(_("The score must be from 0 to 1."), field=f"{where}.score")
        if isinstance(reasons, str) or not isinstance(reasons, Iterable):
            raise ValidationError(_("Reasons are a list of codes."), field=f"{where}.reasons")
        codes = tuple(dict.fromkeys(reasons))
        if len(codes) > MAX_REASONS or not all(is_reason_code(c) for c in codes):
            raise ValidationError(
                _("Reasons are short lower-case codes (letters, digits, _)."),
                field=f"{where}.reasons",
            )
        if a == b:
            self_pairs += 1
            continue
        low, high = min(a, b), max(a, b)
        known = best.get((low, high))
        if known is None or score > known.score:
            best[(low, high)] = _Pair(low, high, float(score), codes)
    return best, self_pairs


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _person_orgs(ids: set[int]) -> dict[int, int]:
    """Organisation of each existing, not anonymised person among `ids`."""
    result: dict[int, int] = {}
    for chunk in _chunks(sorted(ids)):
        rows = Person.objects.filter(pk__in=chunk, anonymised_at__isnull=True).values_list(
            "pk", "owner_organisation_id"
        )
        result.update(rows)
    return result


def _existing(keys: list[tuple[int, int]]) -> dict[tuple[int, int], PossibleMatch]:
    found: dict[tuple[int, int], PossibleMatch] = {}
    wanted = set(keys)
    for chunk in _chunks(sorted({low for low, _high in keys})):
        for match in PossibleMatch.objects.select_for_update().filter(person_low__in=chunk):
            key = (match.person_low_id, match.person_high_id)
            if key in wanted:
                found[key] = match
    return found


def active_link_edges() -> list[tuple[int, int]]:
    return list(
        PersonLink.objects.filter(unlinked_at__isnull=True).values_list(
            "person_low_id", "person_high_id"
        )
    )


def record_possible_matches(
    *, pairs: Iterable[tuple[int, int, float, tuple[str, ...]]], source: str, actor=None
) -> dict[str, int]:
    """Add proposed "possibly the same person" pairs to the coordinator's queue.

    Idempotent: a pair is one row whatever the order of its ids or how often it is proposed.
    Only pairs of persons held by *different* organisations are kept; pairs of one organisation
    (its own duplicate warning handles those), of unknown or anonymised persons, and of persons
    already linked (also transitively) are skipped. An open pair keeps its highest score (and
    that score's reasons); a rejected pair is re-opened only when the new score exceeds the old
    one by REOPEN_MARGIN; a confirmed pair is left alone. Bad input (a malformed pair, a score
    outside 0..1, a reason that is not a code, an unknown source) changes nothing.

    Returns counts: received, created, updated, reopened, unchanged, skipped_same_organisation,
    skipped_unknown_person, skipped_linked, skipped_self.
    """
    if source not in MatchSource.values:
        raise ValidationError(
            _("Unknown source: use one of %(names)s.") % {"names": ", ".join(MatchSource.values)},
            field="source",
        )
    best, self_pairs = _clean_pairs(pairs)
    counts = dict.fromkeys(
        (
            "created",
            "updated",
            "reopened",
            "unchanged",
            "skipped_same_organisation",
            "skipped_unknown_person",
            "skipped_linked",
        ),
        0,
    )
    counts["skipped_self"] = self_pairs
    counts["received"] = len(best) + self_pairs
    now = timezone.now()
    with transaction.atomic():
        orgs = _person_orgs({pid for key in best for pid in key})
        candidates = []
        for key, pair in best.items():
            if pair.low not in orgs or pair.high not in orgs:
                counts["skipped_unknown_person"] += 1
            elif orgs[pair.low] == orgs[pair.high]:
                counts["skipped_same_organisation"] += 1
            else:
                candidates.append(key)
        existing = _existing(candidates)
        linked = components(active_link_edges())
        new, changed = [], []
        for key in candidates:
            pair, match = best[key], existing.get(key)
            if match is None:
                root_low, root_high = linked.get(pair.low, pair.low), linked.get(pair.high)
                if root_high is not None and root_low == root_high:
                    counts["skipped_linked"] += 1
                    continue
                new.append(
                    PossibleMatch(
                        person_low_id=pair.low,
                        person_high_id=pair.high,
                        score=pair.score,
                        reasons=list(pair.reasons),
                        source=source,
                        proposed_at=now,
                    )
                )
                counts["created"] += 1
            elif match.status == MatchStatus.OPEN and pair.score > match.score:
                counts["updated"] += 1
                changed.append(_proposed(match, pair, source, now))
            elif match.status == MatchStatus.REJECTED and pair.score >= match.score + REOPEN_MARGIN:
                counts["reopened"] += 1
                match.status, match.decided_by, match.decided_at = MatchStatus.OPEN, None, None
                changed.append(_proposed(match, pair, source, now))
            else:
                counts["unchanged"] += 1
        # A concurrent run (dedup and scan at once) may insert the same pair first: the unique
        # pair constraint keeps one row, and this batch does not fail for it.
        PossibleMatch.objects.bulk_create(new, batch_size=CHUNK, ignore_conflicts=True)
        PossibleMatch.objects.bulk_update(
            changed,
            ["score", "reasons", "source", "proposed_at", "status", "decided_by", "decided_at"],
            batch_size=CHUNK,
        )
        audit_record(
            actor=actor,
            action="person_match.record",
            object_type="person_match",
            fields=MATCH_FIELDS,
            purpose="cross-organisation record linkage",
            extra={"source": source, **counts},
        )
    return counts


def _proposed(match: PossibleMatch, pair: _Pair, source: str, now) -> PossibleMatch:
    match.score, match.reasons, match.source, match.proposed_at = (
        pair.score,
        list(pair.reasons),
        source,
        now,
    )
    return match


def _audit(actor, action: str, obj, fields: list[str], **extra) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="person_match" if isinstance(obj, PossibleMatch) else "person_link",
        object_id=obj.pk,
        fields=fields,
        purpose="cross-organisation record linkage",
        extra={"person_ids": [obj.person_low_id, obj.person_high_id], **extra},
    )


@transaction.atomic
def confirm_match(*, actor, match_id) -> PersonLink:
    """The coordinator confirms an open (or earlier rejected) pair: a new active link."""
    match = access.match_get_for_coordinator(actor, match_id, lock=True)
    if match.status == MatchStatus.CONFIRMED:
        raise Conflict(_("This pair is already confirmed."), field="status")
    now = timezone.now()
    match.status, match.decided_by, match.decided_at = MatchStatus.CONFIRMED, actor, now
    match.save(update_fields=["status", "decided_by", "decided_at"])
    link = PersonLink.objects.filter(
        person_low_id=match.person_low_id,
        person_high_id=match.person_high_id,
        unlinked_at__isnull=True,
    ).first()
    if link is None:
        link = PersonLink.objects.create(
            person_low_id=match.person_low_id,
            person_high_id=match.person_high_id,
            match=match,
            created_by=actor,
            created_at=now,
        )
    _audit(actor, "person_match.confirm", match, ["status", "decided_by"], link_id=link.pk)
    return link


@transaction.atomic
def reject_match(*, actor, match_id) -> PossibleMatch:
    """The coordinator says the pair is two different persons."""
    match = access.match_get_for_coordinator(actor, match_id, lock=True)
    if match.status != MatchStatus.OPEN:
        raise Conflict(
            _("Only a pair awaiting a decision can be rejected; undo a link to separate it."),
            field="status",
        )
    match.status, match.decided_by, match.decided_at = MatchStatus.REJECTED, actor, timezone.now()
    match.save(update_fields=["status", "decided_by", "decided_at"])
    _audit(actor, "person_match.reject", match, ["status", "decided_by"])
    return match


@transaction.atomic
def unlink_persons(*, actor, link_id) -> PersonLink:
    """Undo a link (kept as history); its pair becomes rejected, so a re-run does not re-open it
    unless the evidence grows (REOPEN_MARGIN)."""
    link = access.link_get_for_coordinator(actor, link_id, lock=True)
    if link.unlinked_at is not None:
        raise Conflict(_("These persons are no longer linked."), field="status")
    now = timezone.now()
    link.unlinked_at, link.unlinked_by = now, actor
    link.save(update_fields=["unlinked_at", "unlinked_by"])
    if link.match_id is not None:
        PossibleMatch.objects.filter(pk=link.match_id).update(
            status=MatchStatus.REJECTED, decided_by=actor, decided_at=now
        )
    _audit(actor, "person_link.unlink", link, ["unlinked_at", "unlinked_by", "status"])
    return link
