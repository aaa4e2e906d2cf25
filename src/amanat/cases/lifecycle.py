"""Case life cycle: closure with a reason, reopening, the move to follow-up, and the transfer of
ownership to another organisation with an audited handover (issue 5, item 5).

HTCDS: `cas_Status` (Active, FollowUp, Closed, ClosedReferred) and `cas_ReasonForCaseClosure`
(long text: the caseworker's note, encrypted in `Case.closure_reason`). The reason *category* is a
code from `cases/rules/vocabularies/closure_reason.yaml`, which also says which closed status it sets.
Each change writes a `CaseStatusChange` row (the history and the handover record), an audit
event with field names only, and a timeline event with codes and ids only.

Only the organisation that holds the case may change its life cycle: any other answers NotFound.
Apps above cases may refuse a closure through `amanat.cases.closure_guards` (assistance: an open
support plan).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.models import Organisation, User
from amanat.accounts.roles import Perm
from amanat.cases import events
from amanat.cases.access import case_get_for_owner
from amanat.cases.approvals.kinds import CASE_CLOSURE
from amanat.cases.approvals.models import ApprovalRequest
from amanat.cases.approvals.services import approval_request_create, approval_required
from amanat.cases.closure_guards import closure_guards_check
from amanat.cases.closure_reasons import closure_reason, closure_reason_codes
from amanat.cases.consent import consent_in_force
from amanat.cases.identity.index import person_names_move
from amanat.cases.models import Case, CaseStatusChange, LifecycleKind
from amanat.cases.timeline import EventKind
from amanat.core.ids import try_parse_id
from amanat.errors import Conflict, ValidationError
from amanat.privacy.audit import audit_record
from amanat.privacy.models import ConsentPurpose

ACTIVE = "Active"
FOLLOW_UP = "FollowUp"
CLOSED_STATUSES = ("Closed", "ClosedReferred")
NOTE_MAX = 2000


def _note(note: str | None, field: str = "note") -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(_("At most %(n)d characters.") % {"n": NOTE_MAX}, field=field)
    return note


def _record_change(
    *,
    case: Case,
    user,
    kind: str,
    from_status: str,
    action: str,
    fields: list[str],
    event: EventKind,
    event_data: dict,
    purpose: str = "case management",
    extra: dict | None = None,
    **change_fields,
) -> CaseStatusChange:
    """The trace of every life-cycle step, after the case is saved: the history row, the audit
    entry (field names only, naming the row) and the timeline event (codes and ids only)."""
    change = CaseStatusChange.objects.create(
        case=case,
        kind=kind,
        from_status=from_status,
        to_status=case.status,
        actor=user,
        at=timezone.now(),
        **change_fields,
    )
    audit_record(
        actor=user,
        action=action,
        object_type="case",
        object_id=case.pk,
        fields=fields,
        purpose=purpose,
        extra={**(extra or {}), "change_id": change.pk},
    )
    event.record(case=case, actor=user, data=event_data)
    return change


@transaction.atomic
def case_close(*, user, case_id, reason: str, note: str = "") -> Case | ApprovalRequest:
    """Close the case with a reason code; the reason decides Closed or ClosedReferred.

    Where the organisation requires a supervisor's approval of closures, the closure is stored
    as a pending request instead and returned; the case stays open until approved (ADR 1620).
    """
    case = case_get_for_owner(user, case_id, permission=Perm.CASE_UPDATE)
    case = Case.objects.select_for_update().get(pk=case.pk)
    item, note = _closure_checked(case, reason, note)
    if approval_required(organisation_id=case.owner_organisation_id, kind=CASE_CLOSURE):
        return approval_request_create(
            user=user, case=case, kind=CASE_CLOSURE, payload={"reason": item["code"]}, note=note
        )
    return _close(user, case, item, note)


def _closure_checked(case: Case, reason: str, note: str) -> tuple[dict, str]:
    if case.status in CLOSED_STATUSES:
        raise Conflict(_("This case is already closed."), field="status")
    item = closure_reason(reason or "")
    if item is None:
        raise ValidationError(
            _("Unknown reason '%(value)s'. Allowed: %(allowed)s.")
            % {"value": reason, "allowed": ", ".join(closure_reason_codes())},
            field="reason",
        )
    note = _note(note)
    if item.get("note_required") and not note:
        raise ValidationError(_("Explain the reason in the note."), field="note")
    closure_guards_check(case)
    return item, note


def case_closure_apply(*, request: ApprovalRequest, approver) -> None:
    """Put an approved closure into force (approval kind `case_closure`), re-checking the
    closure guards: what was true when it was requested may no longer be."""
    case = Case.objects.select_for_update().get(pk=request.case_id)
    item, note = _closure_checked(case, request.payload.get("reason", ""), request.note)
    _close(request.requested_by, case, item, note, approval=request.pk, approver=approver)


def _close(
    user, case: Case, item: dict, note: str, *, approval: int | None = None, approver=None
) -> Case:
    previous = case.status
    case.status = item["status"]
    case.closure_reason = note
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "closure_reason", "closed_at", "updated_at"])
    approved = {"request_id": approval, "approved_by": approver.pk} if approval else {}
    _record_change(
        case=case,
        user=user,
        kind=LifecycleKind.CLOSED,
        from_status=previous,
        reason=item["code"],
        note=note,
        action="case.close",
        fields=["status", "closed_at"] + (["closure_reason"] if note else []),
        extra={"status": case.status, "reason": item["code"], **approved},
        event=events.CASE_CLOSED,
        event_data={
            "status": case.status,
            "previous": previous,
            "reason": item["code"],
            **approved,
        },
    )
    return case


@transaction.atomic
def case_reopen(*, user, case_id, note: str = "") -> Case:
    """Reopen a closed case: it becomes Active again; the closure stays in the history."""
    case = case_get_for_owner(user, case_id, permission=Perm.CASE_UPDATE)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in CLOSED_STATUSES:
        raise Conflict(_("Only a closed case can be reopened."), field="status")
    note = _note(note)
    if not note:
        raise ValidationError(_("Say why the case is reopened."), field="note")
    previous = case.status
    case.status = ACTIVE
    case.closure_reason = ""
    case.closed_at = None
    case.save(update_fields=["status", "closure_reason", "closed_at", "updated_at"])
    _record_change(
        case=case,
        user=user,
        kind=LifecycleKind.REOPENED,
        from_status=previous,
        note=note,
        action="case.reopen",
        fields=["status", "closed_at", "closure_reason"],
        extra={"previous": previous},
        event=events.CASE_REOPENED,
        event_data={"status": ACTIVE, "previous": previous},
    )
    return case


def case_follow_up_begin(*, user, case: Case) -> bool:
    """Move an Active case to FollowUp (called inside the service that sets the schedule).

    Returns whether the status changed. The caller has checked access and holds a transaction.
    """
    if case.status != ACTIVE:
        return False
    case.status = FOLLOW_UP
    case.save(update_fields=["status", "updated_at"])
    _record_change(
        case=case,
        user=user,
        kind=LifecycleKind.FOLLOW_UP,
        from_status=ACTIVE,
        action="case.follow_up",
        fields=["status"],
        event=events.CASE_FOLLOW_UP,
        event_data={"status": FOLLOW_UP, "previous": ACTIVE},
    )
    return True


@transaction.atomic
def case_transfer(
    *, user, case_id, to_organisation_id, to_case_worker_id=None, note: str = ""
) -> Case:
    """Hand the case over to another organisation, which becomes its owner.

    Needs the person's consent to a referral to that organisation (their data goes there). The
    person record moves too unless the old organisation holds another case of the same person.
    After the transfer the old organisation no longer sees the case (unless a referral says so).
    """
    case = case_get_for_owner(user, case_id, permission=Perm.CASE_UPDATE)
    case = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    if case.status in CLOSED_STATUSES:
        raise Conflict(_("Reopen the case before transferring it."), field="status")
    target_id = try_parse_id(to_organisation_id)
    if target_id is None:
        raise ValidationError(_("Choose an organisation."), field="to_organisation")
    target = Organisation.objects.filter(pk=target_id, is_active=True).first()
    if target is None:
        raise ValidationError(_("Unknown organisation."), field="to_organisation")
    if target.pk == case.owner_organisation_id:
        raise ValidationError(
            _("The case is already held by this organisation."), field="to_organisation"
        )
    worker = None
    if to_case_worker_id not in (None, ""):
        worker_id = try_parse_id(to_case_worker_id)
        if worker_id is None:
            raise ValidationError(_("Unknown case worker."), field="to_case_worker")
        worker = User.objects.filter(pk=worker_id, organisation=target, is_active=True).first()
        if worker is None or not worker.can(Perm.CASE_UPDATE):
            raise ValidationError(
                _(
                    "The case worker must be a user of the receiving organisation who may "
                    "manage cases."
                ),
                field="to_case_worker",
            )
    if not consent_in_force(
        case_id=case.pk, purpose=ConsentPurpose.REFERRAL, recipient_organisation_id=target.pk
    ):
        raise Conflict(
            _(
                "The person has not consented to sharing their case with this organisation: "
                "record their consent to a referral to it first."
            ),
            field="to_organisation",
            code="consent_required",
        )
    note = _note(note)
    source_org_id = case.owner_organisation_id
    previous_worker_id = case.case_worker_id
    case.owner_organisation = target
    case.case_worker = worker
    case.save(update_fields=["owner_organisation", "case_worker", "updated_at"])
    person = case.person
    moved_person = False
    if (
        person.owner_organisation_id == source_org_id
        and not Case.objects.filter(person=person, owner_organisation_id=source_org_id)
        .exclude(pk=case.pk)
        .exists()
    ):
        person.owner_organisation = target
        person.save(update_fields=["owner_organisation", "updated_at"])
        person_names_move(person.pk, target.pk)  # the name index is per organisation
        moved_person = True
    _record_change(
        case=case,
        user=user,
        kind=LifecycleKind.TRANSFERRED,
        from_status=case.status,
        note=note,
        from_organisation_id=source_org_id,
        to_organisation=target,
        from_case_worker_id=previous_worker_id,
        to_case_worker=worker,
        action="case.transfer",
        fields=["owner_organisation", "case_worker"] + (["handover_note"] if note else []),
        purpose="case handover",
        extra={
            "from_organisation_id": source_org_id,
            "to_organisation_id": target.pk,
            "to_case_worker_id": worker.pk if worker else None,
            "person_moved": moved_person,
        },
        event=events.CASE_TRANSFERRED,
        event_data={"from_organisation_id": source_org_id, "to_organisation_id": target.pk},
    )
    return case
