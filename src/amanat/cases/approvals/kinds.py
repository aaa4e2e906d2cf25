"""What may need a supervisor's approval: one registered kind per change (ADR 1620).

A kind names the change and how to put an approved request into force: `apply(request=,
approver=)` runs inside the approval's transaction, re-checks what may have changed since the
request (raising an `amanat.errors` exception refuses the approval and changes nothing) and
writes the change through its app's own code, with the requester as the one who decided.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from amanat.errors import ValidationError

STATUS_DECISION = "status_decision"
CASE_CLOSURE = "case_closure"
SUPPORT_PLAN = "support_plan"


@dataclass(frozen=True)
class ApprovalKind:
    code: str
    label: object
    apply: Callable


_kinds: dict[str, ApprovalKind] = {}


def register_approval_kind(code: str, label, apply: Callable) -> None:
    _kinds[code] = ApprovalKind(code, label, apply)


def approval_kind(code: str) -> ApprovalKind:
    kind = _kinds.get(code)
    if kind is None:
        raise ValidationError(
            _("Unknown kind '%(value)s'. Allowed: %(allowed)s.")
            % {"value": code, "allowed": ", ".join(sorted(_kinds))},
            field="kinds",
        )
    return kind


def approval_kinds() -> list[ApprovalKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.code)


def kind_label(code: str) -> str:
    kind = _kinds.get(code)
    return str(kind.label) if kind else code
