"""The duplicate warning at registration (issue 12, item 3): before a person is registered,
possible matches among the persons of the user's own organisation, with why.

Only the user's own organisation is searched (`find_similar_persons(organisation_id=...)`), and
only cases the user may open are shown, by case code: another organisation's registration of
the same person changes nothing here, not even the time taken (ADR 0121).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.cases.access import cases_visible_to
from amanat.cases.identity import find_similar_persons
from amanat.cases.identity.reasons import reason_labels
from amanat.errors import Conflict
from amanat.privacy.audit import audit_record

# A match below this score is not worth interrupting a registration for (a same-name person
# born in another year still reaches it: 0.8; a birth-date slip should be seen).
MIN_SCORE = 0.8
MAX_SHOWN = 5


@dataclass(frozen=True)
class DuplicateCandidate:
    case_id: int
    case_code: str
    score: float
    reasons: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "case_id": self.case_id,
            "case_code": self.case_code,
            "score": self.score,
            "reasons": list(self.reasons),
            "reason_labels": reason_labels(self.reasons),
        }


class PossibleDuplicate(Conflict):
    """Registration stopped: the organisation may already hold this person."""

    default_code = "possible_duplicate"

    def __init__(self, candidates: list[DuplicateCandidate]):
        super().__init__(
            _(
                "This person may already be registered in your organisation. Open the "
                "existing case, or confirm that this is a different person."
            ),
            code="possible_duplicate",
        )
        self.candidates = candidates

    def as_dict(self) -> dict:
        return {**super().as_dict(), "candidates": [c.as_dict() for c in self.candidates]}


def registration_duplicates(user, person: dict) -> list[DuplicateCandidate]:
    """Cases of the user's organisation whose person may be the one described (cleaned data)."""
    if user.organisation_id is None:
        return []
    birth = person.get("birth_date")
    matches = find_similar_persons(
        organisation_id=user.organisation_id,
        first_name=person.get("first_name") or "",
        last_name=person.get("last_name") or "",
        middle_name=person.get("middle_name") or "",
        first_name_latin=person.get("first_name_latin") or "",
        last_name_latin=person.get("last_name_latin") or "",
        birth_date=birth if isinstance(birth, dt.date) else None,
        phone=person.get("phone") or "",
        limit=MAX_SHOWN * 2,
    )
    strong = {m.person_id: m for m in matches if m.score >= MIN_SCORE or "phone_same" in m.reasons}
    if not strong:
        return []
    cases = (
        cases_visible_to(user)
        .filter(person_id__in=list(strong))
        .order_by("-created_at", "-id")
        .values_list("id", "code", "person_id")
    )
    found = []
    for case_id, code, person_id in cases:
        match = strong[person_id]
        found.append(DuplicateCandidate(case_id, code, match.score, match.reasons))
    found.sort(key=lambda c: -c.score)
    return found[:MAX_SHOWN]


def duplicate_warning_record(user, candidates: list[DuplicateCandidate]) -> None:
    """Audit that a warning was shown: which cases (ids), never the names typed."""
    with transaction.atomic():
        audit_record(
            actor=user,
            action="person.duplicate_warning_shown",
            object_type="case",
            purpose="case registration",
            extra={"case_ids": [c.case_id for c in candidates]},
        )


def duplicate_override_record(user, candidates: list[DuplicateCandidate], person_id: int) -> None:
    audit_record(
        actor=user,
        action="person.duplicate_override",
        object_type="person",
        object_id=person_id,
        purpose="case registration",
        extra={"case_ids": [c.case_id for c in candidates]},
    )
