"""Every write of the assistance app: keyword-only, atomic, audited, with a timeline event.

Access: the organisation holding the case (see `access.py`); services delivered also by an
organisation an active referral allows. Writes that collect personal data about the person
(assessments, plans, visits, scores) need the person's consent to assistance in force.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.denials import denied
from amanat.accounts.models import Organisation
from amanat.accounts.roles import Perm
from amanat.assistance import codes, config
from amanat.assistance.access import owner_case, service_case
from amanat.assistance.followup_schedule import ScheduleConfig, add_months
from amanat.assistance.models import (
    OPEN_PLAN_STATUSES,
    ActionStatus,
    AnchorKind,
    AssessmentStage,
    FollowUpSchedule,
    FollowUpVisit,
    IdentifiedNeed,
    NeedsAssessment,
    PlanAction,
    PlanStatus,
    ReintegrationAssessment,
    ServiceDelivery,
    SupportPlan,
    VisitMode,
)
from amanat.assistance.needs import InvalidNeedsAnswer, assess_needs
from amanat.assistance.reintegration import InvalidAnswer, score_answers
from amanat.cases.consent import consent_in_force
from amanat.cases.lifecycle import CLOSED_STATUSES, case_follow_up_begin
from amanat.cases.models import Case
from amanat.cases.timeline import case_event_record
from amanat.core.ids import parse_id, parse_id_field
from amanat.errors import Conflict, ValidationError
from amanat.privacy.audit import audit_record
from amanat.privacy.models import ConsentPurpose
from amanat.referrals.models import Need, NeedStatus, Referral
from amanat.referrals.services import need_update, needs_suggest_from

TEXT_MAX = 4000
COST_MAX = Decimal("10000000000")
PURPOSE = "assistance"


# --- input helpers -----------------------------------------------------------------------------


def _date(
    value, field: str, *, required: bool = True, allow_future: bool = False
) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationError(_("Enter a date as YYYY-MM-DD."), field=field)
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("Enter a date as YYYY-MM-DD."), field=field) from None
    if not isinstance(value, dt.date):
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), field=field)
    if not allow_future and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), field=field)
    if value.year < 1950:
        raise ValidationError(_("Enter a date after 1950."), field=field)
    return value


def _text(value, field: str, *, required: bool = False, max_length: int = TEXT_MAX) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(_("Enter text."), field=field)
    value = value.strip()
    if required and not value:
        raise ValidationError(_("This field is required."), field=field)
    if len(value) > max_length:
        raise ValidationError(_("At most %(n)d characters.") % {"n": max_length}, field=field)
    return value


def _choice(value, allowed, field: str) -> str:
    allowed = list(allowed)
    if value not in allowed:
        raise ValidationError(
            _("'%(value)s' is not an allowed value. Allowed: %(allowed)s.")
            % {"value": value, "allowed": ", ".join(allowed)},
            field=field,
        )
    return value


def _int(value, field: str) -> int:
    if isinstance(value, bool):
        raise ValidationError(_("Enter a whole number."), field=field)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Enter a whole number."), field=field) from None


def _organisation(value, field: str) -> Organisation:
    organisation = Organisation.objects.filter(
        pk=parse_id_field(value, field), is_active=True
    ).first()
    if organisation is None:
        raise ValidationError(_("Unknown organisation."), field=field)
    return organisation


def _require_consent(case: Case) -> None:
    if not consent_in_force(case_id=case.pk, purpose=ConsentPurpose.ASSISTANCE):
        raise Conflict(
            _("The person's consent to assistance is not in force: record it first."),
            field="consent",
            code="consent_required",
        )


def _require_open(case: Case) -> None:
    if case.status in CLOSED_STATUSES:
        raise Conflict(
            _("This case is closed: reopen it first."), field="status", code="case_closed"
        )


def _writable_case(user, case_id) -> Case:
    case = owner_case(user, case_id, permission=Perm.CASE_UPDATE)
    _require_open(case)
    _require_consent(case)
    return case


def _answer_error(error: ValidationError) -> ValidationError:
    """The pure engines name the question or indicator; the API names `answers.<code>`."""
    field = error.field
    if field and field not in ("answers", "respondent_group"):
        field = f"answers.{field}"
    return ValidationError(error.message, field=field, code=error.code)


def respondent_group_for(case: Case, on: dt.date) -> str:
    """'child' if the person is under 18 on `on` (birth date, else birth year), else 'adult'."""
    person = case.person
    if person.birth_date:
        born = person.birth_date
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        return "child" if age < 18 else "adult"
    if person.birth_year:
        return "child" if on.year - person.birth_year < 18 else "adult"
    return "adult"


# --- needs assessments -------------------------------------------------------------------------


@transaction.atomic
def needs_assessment_record(
    *,
    user,
    case_id,
    answers: dict,
    stage: str = AssessmentStage.INTAKE,
    assessed_on: dt.date | str | None = None,
    respondent_group: str | None = None,
    reintegration_setting: str = "",
    notes: str = "",
) -> NeedsAssessment:
    """Record a needs assessment and the needs it identifies (one per category and service type,
    at the most urgent level any answer gave)."""
    case = _writable_case(user, case_id)
    stage = _choice(stage, AssessmentStage.values, "stage")
    assessed_on = _date(assessed_on, "assessed_on", required=False) or timezone.localdate()
    guide = config.needs_guide()
    group = respondent_group or respondent_group_for(case, assessed_on)
    if reintegration_setting:
        _choice(reintegration_setting, guide.settings, "reintegration_setting")
    notes = _text(notes, "notes")
    try:
        result = assess_needs(answers if answers is not None else {}, group=group, guide=guide)
    except InvalidNeedsAnswer as error:
        raise _answer_error(error) from None
    answered = {code: value for code, value in answers.items() if value not in (None, "")}
    assessment = NeedsAssessment.objects.create(
        case=case,
        stage=stage,
        assessed_on=assessed_on,
        respondent_group=group,
        reintegration_setting=reintegration_setting or "",
        guide_version=guide.version,
        guide_digest=guide.digest,
        answers=answered,
        notes=notes,
        organisation_id=user.organisation_id,
        recorded_by=user,
    )
    merged: dict[tuple[str, str], str] = {}
    for finding in result.needs:
        key = (finding.category, finding.service_type)
        current = merged.get(key)
        if current is None or codes.urgency_rank(finding.urgency) < codes.urgency_rank(current):
            merged[key] = finding.urgency
    # Open (or confirm) the case's needs in the referral mechanism, so they can be referred and
    # planned: one per service type, at the most urgent level found.
    by_type: dict[str, str] = {}
    for (_category, service_type), urgency in merged.items():
        if service_type not in by_type or codes.urgency_rank(urgency) < codes.urgency_rank(
            by_type[service_type]
        ):
            by_type[service_type] = urgency
    linked = needs_suggest_from(
        user=user,
        case=case,
        suggestions=[{"service_type": st, "urgency": u} for st, u in by_type.items()],
        source_ref=f"needs_assessment:{assessment.pk}",
    )
    needs = {n.service_type: n for n in [*linked.created, *linked.already_open]}
    IdentifiedNeed.objects.bulk_create(
        IdentifiedNeed(
            assessment=assessment,
            case=case,
            category=category,
            service_type=service_type,
            urgency=urgency,
            need=needs.get(service_type),
        )
        for (category, service_type), urgency in merged.items()
    )
    audit_record(
        actor=user,
        action="needs_assessment.create",
        object_type="needs_assessment",
        object_id=assessment.pk,
        fields=["answers"] + (["notes"] if notes else []),
        purpose=PURPOSE,
        extra={"case_id": case.pk, "needs": len(merged), "guide_version": guide.version},
    )
    case_event_record(
        case=case,
        kind="assistance.needs_assessed",
        actor=user,
        data={"assessment_id": assessment.pk, "stage": stage, "needs": len(merged)},
    )
    return assessment


# --- support plans -----------------------------------------------------------------------------


def _plan_for_update(user, case: Case, plan_id) -> SupportPlan:
    pk = parse_id(plan_id)
    plan = SupportPlan.objects.select_for_update().filter(pk=pk, case=case).first()
    if plan is None:
        raise denied(user, "support_plan", pk, model=SupportPlan)
    return plan


def _agreement(agreed_with_person, agreed_on) -> tuple[bool, dt.date | None]:
    agreed = bool(agreed_with_person)
    on = _date(agreed_on, "agreed_on", required=False)
    if agreed and on is None:
        on = timezone.localdate()
    if not agreed and on is not None:
        raise ValidationError(
            _("A plan not agreed with the person has no agreement date."), field="agreed_on"
        )
    return agreed, on


@transaction.atomic
def support_plan_create(
    *,
    user,
    case_id,
    plan_type: str,
    objectives: str,
    planned_end_date: dt.date | str | None = None,
    agreed_with_person: bool = False,
    agreed_on: dt.date | str | None = None,
    assessment_id: int | None = None,
) -> SupportPlan:
    """A support plan made with the person: active once they agreed to it, a draft until then."""
    case = _writable_case(user, case_id)
    plan_type = _choice(plan_type, codes.codes("support_plan_type"), "plan_type")
    objectives = _text(objectives, "objectives", required=True)
    planned_end = _date(planned_end_date, "planned_end_date", required=False, allow_future=True)
    agreed, on = _agreement(agreed_with_person, agreed_on)
    assessment = None
    if assessment_id not in (None, ""):
        assessment = NeedsAssessment.objects.filter(
            pk=parse_id_field(assessment_id, "assessment"), case=case
        ).first()
        if assessment is None:
            raise ValidationError(_("Unknown assessment for this case."), field="assessment")
    if SupportPlan.objects.filter(case=case, status__in=OPEN_PLAN_STATUSES).exists():
        raise Conflict(
            _("This case already has an open support plan: update it or end it first."),
            field="plan",
            code="open_plan",
        )
    try:
        with transaction.atomic():
            plan = SupportPlan.objects.create(
                case=case,
                assessment=assessment,
                status=PlanStatus.ACTIVE if agreed else PlanStatus.DRAFT,
                plan_type=plan_type,
                objectives=objectives,
                planned_end_date=planned_end,
                agreed_with_person=agreed,
                agreed_on=on,
                organisation_id=user.organisation_id,
                created_by=user,
            )
    except IntegrityError:  # a concurrent request opened a plan first
        raise Conflict(
            _("This case already has an open support plan: update it or end it first."),
            field="plan",
            code="open_plan",
        ) from None
    audit_record(
        actor=user,
        action="support_plan.create",
        object_type="support_plan",
        object_id=plan.pk,
        fields=["objectives", "plan_type", "planned_end_date", "agreed_with_person"],
        purpose=PURPOSE,
        extra={"case_id": case.pk, "status": plan.status},
    )
    case_event_record(
        case=case,
        kind="assistance.plan_created",
        actor=user,
        data={"plan_id": plan.pk, "status": plan.status, "plan_type": plan_type},
    )
    return plan


PLAN_FIELDS = ("plan_type", "objectives", "planned_end_date", "agreed_with_person", "agreed_on")


@transaction.atomic
def support_plan_update(*, user, case_id, plan_id, changes: dict) -> SupportPlan:
    """Change an open plan; agreeing it with the person makes a draft active."""
    case = _writable_case(user, case_id)
    plan = _plan_for_update(user, case, plan_id)
    unknown = sorted(set(changes) - set(PLAN_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown field."), field=unknown[0])
    if plan.status not in OPEN_PLAN_STATUSES:
        raise Conflict(_("This plan has ended and can no longer be changed."), field="status")
    cleaned: dict = {}
    if "plan_type" in changes:
        cleaned["plan_type"] = _choice(
            changes["plan_type"], codes.codes("support_plan_type"), "plan_type"
        )
    if "objectives" in changes:
        cleaned["objectives"] = _text(changes["objectives"], "objectives", required=True)
    if "planned_end_date" in changes:
        cleaned["planned_end_date"] = _date(
            changes["planned_end_date"], "planned_end_date", required=False, allow_future=True
        )
    if "agreed_with_person" in changes or "agreed_on" in changes:
        agreed = changes.get("agreed_with_person", plan.agreed_with_person)
        if plan.status == PlanStatus.ACTIVE and not agreed:
            raise Conflict(
                _("An agreed plan cannot be made a draft again: cancel it instead."),
                field="agreed_with_person",
            )
        cleaned["agreed_with_person"], cleaned["agreed_on"] = _agreement(
            agreed, changes.get("agreed_on", plan.agreed_on if agreed else None)
        )
    changed = [name for name, value in cleaned.items() if getattr(plan, name) != value]
    became_active = plan.status == PlanStatus.DRAFT and cleaned.get("agreed_with_person")
    if not changed:
        return plan
    for name in changed:
        setattr(plan, name, cleaned[name])
    update_fields = [*changed, "updated_at"]
    if became_active:
        plan.status = PlanStatus.ACTIVE
        update_fields.append("status")
    plan.save(update_fields=update_fields)
    audit_record(
        actor=user,
        action="support_plan.update",
        object_type="support_plan",
        object_id=plan.pk,
        fields=changed,
        purpose=PURPOSE,
        extra={"case_id": case.pk, "status": plan.status},
    )
    case_event_record(
        case=case,
        kind="assistance.plan_agreed" if became_active else "assistance.plan_updated",
        actor=user,
        data={"plan_id": plan.pk, "fields": changed},
    )
    return plan


@transaction.atomic
def support_plan_end(
    *, user, case_id, plan_id, outcome: str, actual_end_date: dt.date | str | None = None
) -> SupportPlan:
    """End a plan as completed (an agreed plan only) or cancelled (spl_ActualEndDate)."""
    case = owner_case(user, case_id, permission=Perm.CASE_UPDATE)
    plan = _plan_for_update(user, case, plan_id)
    outcome = _choice(outcome, [PlanStatus.COMPLETED, PlanStatus.CANCELLED], "outcome")
    if plan.status not in OPEN_PLAN_STATUSES:
        raise Conflict(_("This plan has already ended."), field="status")
    if outcome == PlanStatus.COMPLETED and plan.status != PlanStatus.ACTIVE:
        raise Conflict(_("Only a plan agreed with the person can be completed."), field="outcome")
    plan.status = outcome
    plan.actual_end_date = (
        _date(actual_end_date, "actual_end_date", required=False) or timezone.localdate()
    )
    plan.save(update_fields=["status", "actual_end_date", "updated_at"])
    audit_record(
        actor=user,
        action="support_plan.end",
        object_type="support_plan",
        object_id=plan.pk,
        fields=["status", "actual_end_date"],
        purpose=PURPOSE,
        extra={"case_id": case.pk, "status": outcome},
    )
    case_event_record(
        case=case,
        kind="assistance.plan_completed"
        if outcome == PlanStatus.COMPLETED
        else "assistance.plan_cancelled",
        actor=user,
        data={"plan_id": plan.pk},
    )
    return plan


@transaction.atomic
def plan_action_add(
    *,
    user,
    case_id,
    plan_id,
    description: str,
    responsible_organisation_id,
    need_id,
    service_type: str | None = None,
    spl_type: str | None = None,
    planned_end_date: dt.date | str | None = None,
    referral_id=None,
) -> PlanAction:
    """Add an action to an open plan, linked to one of the case's open needs, a responsible
    organisation and, where another organisation carries it out, the referral to it."""
    case = _writable_case(user, case_id)
    plan = _plan_for_update(user, case, plan_id)
    if plan.status not in OPEN_PLAN_STATUSES:
        raise Conflict(_("This plan has ended: start a new plan."), field="plan")
    description = _text(description, "description", required=True)
    if need_id in (None, ""):
        raise ValidationError(_("Link the action to one of the case's needs."), field="need")
    need = Need.objects.filter(
        pk=parse_id_field(need_id, "need"), case=case, status=NeedStatus.OPEN
    ).first()
    if need is None:
        raise ValidationError(_("Unknown open need for this case."), field="need")
    service_type = service_type or need.service_type
    _choice(service_type, sorted(codes.service_type_codes()), "service_type")
    spl_type = spl_type or codes.spl_type_for(service_type)
    _choice(spl_type, codes.codes("support_plan_type"), "spl_type")
    organisation = _organisation(responsible_organisation_id, "responsible_organisation")
    planned_end = _date(planned_end_date, "planned_end_date", required=False, allow_future=True)
    referral = None
    if referral_id not in (None, ""):
        referral = Referral.objects.filter(
            pk=parse_id_field(referral_id, "referral"), case=case
        ).first()
        if referral is None:
            raise ValidationError(_("Unknown referral for this case."), field="referral")
        if referral.to_organisation_id != organisation.pk:
            raise ValidationError(
                _("The referral must be to the organisation responsible for the action."),
                field="referral",
            )
    identified = (
        IdentifiedNeed.objects.filter(case=case, need=need)
        .order_by("-assessment__assessed_on", "-id")
        .first()
    )
    action = PlanAction.objects.create(
        plan=plan,
        case=case,
        description=description,
        service_type=service_type,
        spl_type=spl_type,
        need=need,
        identified_need=identified,
        referral=referral,
        responsible_organisation=organisation,
        planned_end_date=planned_end,
    )
    audit_record(
        actor=user,
        action="plan_action.create",
        object_type="plan_action",
        object_id=action.pk,
        fields=["description", "service_type", "responsible_organisation"],
        purpose=PURPOSE,
        extra={"case_id": case.pk, "plan_id": plan.pk},
    )
    case_event_record(
        case=case,
        kind="assistance.action_added",
        actor=user,
        data={
            "plan_id": plan.pk,
            "action_id": action.pk,
            "service_type": service_type,
            "need_id": need.pk,
            "referral_id": referral.pk if referral else None,
            "responsible_organisation_id": organisation.pk,
        },
    )
    return action


def _need_met_if_done(user, action: PlanAction) -> None:
    """A done action meets its need once no other open action answers that need."""
    if action.status != ActionStatus.DONE or action.need_id is None:
        return
    still_open = (
        PlanAction.objects.filter(
            need_id=action.need_id, status__in=[ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]
        )
        .exclude(pk=action.pk)
        .exists()
    )
    if not still_open and Need.objects.filter(pk=action.need_id, status=NeedStatus.OPEN).exists():
        need_update(user=user, need_id=action.need_id, status=NeedStatus.MET)


@transaction.atomic
def plan_action_update(
    *,
    user,
    case_id,
    action_id,
    status: str | None = None,
    progress: int | None = None,
    note: str | None = None,
    actual_end_date: dt.date | str | None = None,
) -> PlanAction:
    """Record progress on an action: status and percent move together (done = 100 %)."""
    case = _writable_case(user, case_id)
    action = (
        PlanAction.objects.select_for_update()
        .select_related("plan")
        .filter(pk=parse_id(action_id), case=case)
        .first()
    )
    if action is None:
        raise denied(user, "plan_action", action_id, model=PlanAction)
    if action.plan.status not in OPEN_PLAN_STATUSES:
        raise Conflict(_("This plan has ended and can no longer be changed."), field="plan")
    new_status = (
        action.status if status in (None, "") else _choice(status, ActionStatus.values, "status")
    )
    new_progress = action.progress
    if progress not in (None, ""):
        new_progress = _int(progress, "progress")
        if not 0 <= new_progress <= 100:
            raise ValidationError(_("Enter a percentage from 0 to 100."), field="progress")
        if status in (None, "") and new_progress == 100:
            new_status = ActionStatus.DONE
        elif status in (None, "") and new_progress > 0 and action.status == ActionStatus.PLANNED:
            new_status = ActionStatus.IN_PROGRESS
    if new_status == ActionStatus.DONE:
        if progress not in (None, "") and new_progress != 100:
            raise ValidationError(_("A done action is at 100 percent."), field="progress")
        new_progress = 100
    elif new_progress == 100 and new_status != ActionStatus.CANCELLED:
        raise ValidationError(
            _("An action at 100 percent is done: set the status to done."), field="status"
        )
    end = _date(actual_end_date, "actual_end_date", required=False)
    if new_status == ActionStatus.DONE:
        end = end or action.actual_end_date or timezone.localdate()
    elif new_status != ActionStatus.CANCELLED:
        end = None
    changes = {"status": new_status, "progress": new_progress, "actual_end_date": end}
    if note is not None:
        changes["progress_note"] = _text(note, "note")
    changed = [name for name, value in changes.items() if getattr(action, name) != value]
    if not changed:
        return action
    for name in changed:
        setattr(action, name, changes[name])
    action.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=user,
        action="plan_action.update",
        object_type="plan_action",
        object_id=action.pk,
        fields=changed,
        purpose=PURPOSE,
        extra={"case_id": case.pk, "status": action.status, "progress": action.progress},
    )
    case_event_record(
        case=case,
        kind="assistance.action_updated",
        actor=user,
        data={"action_id": action.pk, "status": action.status, "progress": action.progress},
    )
    _need_met_if_done(user, action)
    return action


# --- services delivered ------------------------------------------------------------------------


def _cost(cost, currency) -> tuple[Decimal | None, str]:
    currency = (currency or "").strip().upper()
    if cost in (None, ""):
        if currency:
            raise ValidationError(_("Enter the cost, or leave the currency empty."), field="cost")
        return None, ""
    try:
        amount = Decimal(str(cost))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter an amount such as 1500.00."), field="cost") from None
    if not amount.is_finite() or amount < 0 or amount >= COST_MAX:
        raise ValidationError(_("Enter an amount from 0 to 9,999,999,999.99."), field="cost")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("At most two decimal places."), field="cost")
    if not codes.is_currency(currency):
        raise ValidationError(
            _("Enter a currency code such as KZT or USD (ISO 4217)."), field="currency"
        )
    return amount, currency


@transaction.atomic
def service_delivery_record(
    *,
    user,
    case_id,
    service_type: str,
    delivered_on: dt.date | str | None,
    description: str = "",
    action_id=None,
    cost=None,
    currency: str = "",
    completes_action: bool = False,
    referral_id=None,
) -> ServiceDelivery:
    """Log a service given to the person, by the case holder or by the recipient of an active
    referral (naming it). It moves its plan action forward: a planned action is started and
    `completes_action` marks it done. A recipient's service goes to the open action carried out
    under its referral when there is exactly one."""
    case, is_owner, referral = service_case(user, case_id, referral_id=referral_id)
    _require_open(case)
    if is_owner:
        _require_consent(case)
        if referral_id not in (None, ""):
            referral = Referral.objects.filter(
                pk=parse_id_field(referral_id, "referral"), case=case
            ).first()
            if referral is None:
                raise ValidationError(_("Unknown referral for this case."), field="referral")
    service_type = _choice(service_type, sorted(codes.service_type_codes()), "service_type")
    delivered_on = _date(delivered_on, "delivered_on")
    description = _text(description, "description")
    amount, currency = _cost(cost, currency)
    open_statuses = [ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]
    action = None
    if action_id not in (None, ""):
        action = (
            PlanAction.objects.select_for_update()
            .select_related("plan")
            .filter(pk=parse_id_field(action_id, "action"), case=case)
            .first()
        )
        if action is None or (not is_owner and action.referral_id != referral.pk):
            raise ValidationError(_("Unknown plan action for this case."), field="action")
        if action.plan.status not in OPEN_PLAN_STATUSES or action.status not in open_statuses:
            raise ValidationError(_("This action is no longer open."), field="action")
    elif not is_owner:
        candidates = list(
            PlanAction.objects.select_for_update().filter(
                case=case,
                referral=referral,
                plan__status__in=OPEN_PLAN_STATUSES,
                status__in=open_statuses,
            )[:2]
        )
        action = candidates[0] if len(candidates) == 1 else None
    if action is None and completes_action:
        raise ValidationError(_("Choose the plan action this service completes."), field="action")
    service = ServiceDelivery.objects.create(
        case=case,
        action=action,
        referral=referral,
        service_type=service_type,
        delivered_on=delivered_on,
        description=description,
        cost=amount,
        currency=currency,
        organisation_id=user.organisation_id,
        recorded_by=user,
    )
    if action is not None:
        changed = []
        if completes_action:
            action.status, action.progress = ActionStatus.DONE, 100
            action.actual_end_date = delivered_on
            changed = ["status", "progress", "actual_end_date"]
        elif action.status == ActionStatus.PLANNED:
            action.status = ActionStatus.IN_PROGRESS
            changed = ["status"]
        if changed:
            action.save(update_fields=[*changed, "updated_at"])
            case_event_record(
                case=case,
                kind="assistance.action_updated",
                actor=user,
                data={
                    "action_id": action.pk,
                    "status": action.status,
                    "progress": action.progress,
                    "service_id": service.pk,
                },
            )
            if is_owner:  # a recipient cannot see the case's needs; the holder closes them
                _need_met_if_done(user, action)
    audit_record(
        actor=user,
        action="service_delivery.create",
        object_type="service_delivery",
        object_id=service.pk,
        fields=["service_type", "delivered_on"]
        + (["description"] if description else [])
        + (["cost"] if amount is not None else []),
        purpose=PURPOSE,
        extra={
            "case_id": case.pk,
            "action_id": action.pk if action else None,
            "referral_id": referral.pk if referral else None,
        },
    )
    case_event_record(
        case=case,
        kind="assistance.service_delivered",
        actor=user,
        data={
            "service_id": service.pk,
            "service_type": service_type,
            "organisation_id": user.organisation_id,
            "action_id": action.pk if action else None,
            "referral_id": referral.pk if referral else None,
        },
    )
    return service


# --- follow-up ---------------------------------------------------------------------------------


def _schedule_config(visit_months, remind_days_before, grace_days) -> ScheduleConfig:
    defaults = config.schedule_defaults()
    months = defaults.visit_months if visit_months in (None, "", []) else visit_months
    if isinstance(months, str):
        months = [part for part in months.replace(";", ",").split(",") if part.strip()]
    if not isinstance(months, list | tuple):
        raise ValidationError(
            _("Give the visit months as a list, e.g. 3, 6, 12, 24, 36."), field="visit_months"
        )
    months = tuple(_int(m, "visit_months") for m in months)
    remind = (
        defaults.remind_days_before
        if remind_days_before in (None, "")
        else _int(remind_days_before, "remind_days_before")
    )
    grace = defaults.grace_days if grace_days in (None, "") else _int(grace_days, "grace_days")
    if len(months) > 24 or any(m > 120 for m in months):
        raise ValidationError(_("At most 24 visits, within 120 months."), field="visit_months")
    if not 0 <= remind <= 180:
        raise ValidationError(
            _("Enter a number of days from 0 to 180."), field="remind_days_before"
        )
    if not 0 <= grace <= 180:
        raise ValidationError(_("Enter a number of days from 0 to 180."), field="grace_days")
    try:
        return ScheduleConfig(visit_months=months, remind_days_before=remind, grace_days=grace)
    except ValueError:
        raise ValidationError(
            _("Visit months must be positive and increasing, e.g. 3, 6, 12, 24, 36."),
            field="visit_months",
        ) from None


@transaction.atomic
def followup_schedule_set(
    *,
    user,
    case_id,
    anchor_kind: str,
    anchor_date: dt.date | str,
    visit_months=None,
    remind_days_before=None,
    grace_days=None,
) -> FollowUpSchedule:
    """Schedule the follow-up visits after return or exit from assistance (or reschedule them:
    visits already held are kept). Exit from assistance moves an Active case to FollowUp."""
    case = _writable_case(user, case_id)
    anchor_kind = _choice(anchor_kind, AnchorKind.values, "anchor_kind")
    anchor = _date(anchor_date, "anchor_date")
    schedule_config = _schedule_config(visit_months, remind_days_before, grace_days)
    schedule, created = FollowUpSchedule.objects.update_or_create(
        case=case,
        defaults={
            "anchor_kind": anchor_kind,
            "anchor_date": anchor,
            "visit_months": list(schedule_config.visit_months),
            "remind_days_before": schedule_config.remind_days_before,
            "grace_days": schedule_config.grace_days,
            "set_by": user,
        },
    )
    existing = {
        v.number: v
        for v in FollowUpVisit.objects.select_for_update().filter(case=case, number__isnull=False)
    }
    for number, months in enumerate(schedule_config.visit_months, start=1):
        due = add_months(anchor, months)
        values = {
            "months_after": months,
            "due_date": due,
            "remind_from": due - dt.timedelta(days=schedule_config.remind_days_before),
            "overdue_after": due + dt.timedelta(days=schedule_config.grace_days),
        }
        visit = existing.pop(number, None)
        if visit is None:
            FollowUpVisit.objects.create(case=case, number=number, **values)
        else:
            for name, value in values.items():
                setattr(visit, name, value)
            visit.save(update_fields=[*values, "updated_at"])
    for visit in existing.values():  # beyond the new schedule
        if visit.visited_on is None:
            visit.delete()
        else:  # held: kept as a visit outside the schedule
            visit.number = visit.months_after = visit.due_date = None
            visit.remind_from = visit.overdue_after = None
            visit.save(
                update_fields=[
                    "number",
                    "months_after",
                    "due_date",
                    "remind_from",
                    "overdue_after",
                    "updated_at",
                ]
            )
    audit_record(
        actor=user,
        action="followup_schedule.set",
        object_type="followup_schedule",
        object_id=schedule.pk,
        fields=["anchor_kind", "anchor_date", "visit_months", "remind_days_before", "grace_days"],
        purpose=PURPOSE,
        extra={"case_id": case.pk, "created": created},
    )
    case_event_record(
        case=case,
        kind="assistance.followup_scheduled",
        actor=user,
        data={
            "anchor_kind": anchor_kind,
            "visits": len(schedule_config.visit_months),
            "rescheduled": not created,
        },
    )
    if anchor_kind == AnchorKind.EXIT:
        case_follow_up_begin(user=user, case=case)
    return schedule


@transaction.atomic
def followup_visit_record(
    *,
    user,
    case_id,
    visited_on: dt.date | str,
    mode: str,
    number: int | None = None,
    notes: str = "",
    answers: dict | None = None,
) -> FollowUpVisit:
    """Record a follow-up visit (a scheduled one by its number, or one outside the schedule) and,
    when answers are given, the reintegration sustainability assessment made at it."""
    case = _writable_case(user, case_id)
    visited_on = _date(visited_on, "visited_on")
    mode = _choice(mode, VisitMode.values, "mode")
    notes = _text(notes, "notes")
    if number in (None, ""):
        visit = FollowUpVisit(case=case)
    else:
        visit = (
            FollowUpVisit.objects.select_for_update()
            .filter(case=case, number=_int(number, "number"))
            .first()
        )
        if visit is None:
            raise ValidationError(_("No scheduled visit with this number."), field="number")
        if visit.visited_on is not None:
            raise Conflict(_("This visit has already been recorded."), field="number")
    visit.visited_on = visited_on
    visit.mode = mode
    visit.notes = notes
    visit.organisation_id = user.organisation_id
    visit.visited_by = user
    visit.save()
    on_time = None if visit.overdue_after is None else visited_on <= visit.overdue_after
    audit_record(
        actor=user,
        action="followup_visit.record",
        object_type="followup_visit",
        object_id=visit.pk,
        fields=["visited_on", "mode"] + (["notes"] if notes else []),
        purpose=PURPOSE,
        extra={"case_id": case.pk, "number": visit.number},
    )
    case_event_record(
        case=case,
        kind="assistance.visit_recorded",
        actor=user,
        data={"visit_id": visit.pk, "number": visit.number, "mode": mode, "on_time": on_time},
    )
    if answers:
        _reintegration_record(
            user=user, case=case, answers=answers, assessed_on=visited_on, visit=visit
        )
    return visit


def _reintegration_record(
    *, user, case: Case, answers: dict, assessed_on: dt.date, visit: FollowUpVisit | None
) -> ReintegrationAssessment:
    instrument = config.instrument()
    try:
        result = score_answers(answers, instrument=instrument)
    except InvalidAnswer as error:
        raise _answer_error(error) from None
    explanation = result.explanation
    dimensions = explanation["dimensions"].values()
    scored = sum(d["indicators_scored"] for d in dimensions)
    if scored == 0 and not any(v not in (None, "") for v in answers.values()):
        raise ValidationError(_("Answer at least one indicator."), field="answers")
    record = ReintegrationAssessment.objects.create(
        case=case,
        visit=visit,
        assessed_on=assessed_on,
        answers={k: v for k, v in answers.items() if v not in (None, "")},
        explanation=explanation,
        economic=result.economic,
        social=result.social,
        psychosocial=result.psychosocial,
        composite=result.composite,
        indicators_scored=scored,
        indicators_total=sum(d["indicators_total"] for d in dimensions),
        instrument_version=instrument.version,
        instrument_digest=instrument.digest,
        organisation_id=user.organisation_id,
        recorded_by=user,
    )
    audit_record(
        actor=user,
        action="reintegration_assessment.create",
        object_type="reintegration_assessment",
        object_id=record.pk,
        fields=["answers", "scores"],
        purpose=PURPOSE,
        extra={
            "case_id": case.pk,
            "visit_id": visit.pk if visit else None,
            "instrument_version": instrument.version,
        },
    )
    case_event_record(
        case=case,
        kind="assistance.score_recorded",
        actor=user,
        data={
            "assessment_id": record.pk,
            "visit_id": visit.pk if visit else None,
            "instrument_version": instrument.version,
            "indicators_scored": scored,
        },
    )
    return record


@transaction.atomic
def reintegration_assessment_record(
    *, user, case_id, answers: dict, assessed_on: dt.date | str | None = None, visit_id=None
) -> ReintegrationAssessment:
    """Score a reintegration sustainability assessment and store answers, scores, explanation
    and the indicator file's version. Invalid answers change nothing (422 naming the indicator)."""
    case = _writable_case(user, case_id)
    if not isinstance(answers, dict) or not answers:
        raise ValidationError(_("Answer at least one indicator."), field="answers")
    assessed_on = _date(assessed_on, "assessed_on", required=False) or timezone.localdate()
    visit = None
    if visit_id not in (None, ""):
        visit = FollowUpVisit.objects.filter(
            pk=parse_id_field(visit_id, "visit"), case=case, visited_on__isnull=False
        ).first()
        if visit is None:
            raise ValidationError(_("Unknown visit for this case."), field="visit")
        if ReintegrationAssessment.objects.filter(visit=visit).exists():
            raise Conflict(_("This visit already has an assessment."), field="visit")
    return _reintegration_record(
        user=user, case=case, answers=answers, assessed_on=assessed_on, visit=visit
    )


# --- retention ---------------------------------------------------------------------------------

# Encrypted fields of this app, per model, with their erased value.
ERASABLE = (
    (NeedsAssessment, {"answers": {}, "notes": ""}),
    (SupportPlan, {"objectives": ""}),
    (PlanAction, {"description": "", "progress_note": ""}),
    (ServiceDelivery, {"description": ""}),
    (FollowUpVisit, {"notes": ""}),
    (ReintegrationAssessment, {"answers": {}, "explanation": {}}),
)


@transaction.atomic
def assistance_personal_data_erase(*, case_id: int) -> dict[str, int]:
    """Erase the personal data this app holds about a case (retention), keeping codes, dates,
    costs and scores. For `cases.retention` to call with the case and person fields; no access
    check (a system job). Returns the number of rows erased per model."""
    from amanat.assistance.models import CaseStatusChange

    counts = {}
    for model, values in (*ERASABLE, (CaseStatusChange, {"note": ""})):
        rows = list(model.objects.filter(case_id=case_id))
        for row in rows:
            for name, value in values.items():
                setattr(row, name, value)
        if rows:
            model.objects.bulk_update(rows, list(values))
        counts[model.__name__] = len(rows)
    audit_record(
        action="assistance.retention_erase",
        object_type="case",
        object_id=case_id,
        fields=[f"{m.__name__}.{n}" for m, v in ERASABLE for n in v] + ["CaseStatusChange.note"],
        purpose="retention",
        extra={"rows": sum(counts.values())},
    )
    return counts
