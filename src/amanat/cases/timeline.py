"""Case timeline: the kinds of event, their labels, and writing one.

Each app declares its kinds in its own `events.py` (cases: `amanat.cases.events`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from amanat.cases.models import Case, CaseEvent

# Filled by `event_kind` (each app's `events.py`) and, until the other apps move to their own
# `events.py`, by `register_event_kind` in their `ready()`.
EVENT_LABELS: dict[str, object] = {}


def register_event_kind(kind: str, label) -> None:
    """Other apps add their own kinds (assessments, referrals, services, visits...)."""
    EVENT_LABELS.setdefault(kind, label)


@dataclass(frozen=True)
class EventKind:
    """A typed timeline event: declared once per app in its `events.py`, never a free string."""

    code: str
    label: object

    def record(self, *, case: Case, actor=None, data: dict | None = None) -> CaseEvent:
        return case_event_record(case=case, kind=self.code, actor=actor, data=data)


def event_kind(code: str, label) -> EventKind:
    """Declare a kind and its label (module level in `<app>/events.py`)."""
    register_event_kind(code, label)
    return EventKind(code, label)


def event_label(kind: str) -> str:
    return str(EVENT_LABELS.get(kind, kind))


def case_event_record(*, case: Case, kind: str, actor=None, data: dict | None = None) -> CaseEvent:
    """Write a timeline row. `data` holds codes and ids only, never personal values."""
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        at=timezone.now(),
        actor=actor,
        organisation_id=getattr(actor, "organisation_id", None),
        data=data or {},
    )
