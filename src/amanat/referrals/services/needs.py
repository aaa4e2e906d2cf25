"""Needs of a case: recorded by hand, suggested by identification, updated, closed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.denials import denied
from amanat.cases.models import Case
from amanat.core.ids import parse_id
from amanat.core.writes import model_update
from amanat.errors import Conflict, ValidationError
from amanat.privacy.audit import audit_record
from amanat.referrals import codes, events
from amanat.referrals.access import case_for_referral_work
from amanat.referrals.models import Need, NeedSource, NeedStatus
from amanat.referrals.services._common import clean_text


def _need_data(need: Need) -> dict:
    """The timeline event's data: codes and ids, never the free-text reason."""
    return {
        "need_id": need.pk,
        "service_type": need.service_type,
        "urgency": need.urgency,
        "status": need.status,
    }


def _need_create(*, user, case: Case, purpose: str, extra: dict, **values) -> Need:
    """Create, audit and put on the timeline one need (by hand or from identification)."""
    need = Need.objects.create(case=case, created_by=user, **values)
    audit_record(
        actor=user,
        action="need.create",
        object_type="need",
        object_id=need.pk,
        fields=["service_type", "urgency"] + (["reason"] if need.reason else []),
        purpose=purpose,
        extra={"case_id": case.pk, **extra},
    )
    events.NEED_RECORDED.record(case=case, actor=user, data=_need_data(need))
    return need


def _need_change(need: Need, values: dict, *, user, case: Case, purpose: str) -> list[str]:
    """Save the changed fields of a need, audit them and put the change on the timeline."""
    return model_update(
        need,
        values,
        actor=user,
        action="need.update",
        object_type="need",
        purpose=purpose,
        extra={"case_id": case.pk},
        then=lambda _changed: events.NEED_UPDATED.record(
            case=case, actor=user, data=_need_data(need)
        ),
    )


@transaction.atomic
def need_record(
    *, user, case_id, service_type: str, urgency: str = "normal", reason: str = ""
) -> Need:
    """Record an identified need of a case (one open need per service type)."""
    case = case_for_referral_work(user, case_id)
    service_type = codes.check_service_type(service_type)
    urgency = codes.check_urgency(urgency or "normal")
    reason = clean_text(reason, field="reason")
    if Need.objects.filter(case=case, service_type=service_type, status=NeedStatus.OPEN).exists():
        raise Conflict(
            _("This case already has an open need for %(type)s.")
            % {"type": codes.service_type_label(service_type)},
            field="service_type",
            code="need_exists",
        )
    return _need_create(
        user=user,
        case=case,
        purpose="case management",
        extra={},
        service_type=service_type,
        urgency=urgency,
        reason=reason,
    )


@transaction.atomic
def need_update(
    *,
    user,
    need_id,
    status: str | None = None,
    urgency: str | None = None,
    reason: str | None = None,
) -> Need:
    pk = parse_id(need_id)
    need = Need.objects.select_related("case").filter(pk=pk).first()
    if need is None:
        raise denied(user, "need", pk, exists=False)  # as a need of another organisation is
    case = case_for_referral_work(user, need.case_id)
    values: dict[str, object] = {}
    if status is not None and status != need.status:
        if status not in NeedStatus.values:
            raise ValidationError(
                _("'%(value)s' is not an allowed value.") % {"value": status}, field="status"
            )
        if need.status != NeedStatus.OPEN:
            raise Conflict(_("Only an open need can change its status."), field="status")
        values.update(status=status, closed_at=timezone.now())
    if urgency is not None and urgency != need.urgency:
        values["urgency"] = codes.check_urgency(urgency)
    if reason is not None:
        values["reason"] = clean_text(reason, field="reason")
    _need_change(need, values, user=user, case=case, purpose="case management")
    return need


@dataclass
class SuggestionResult:
    created: list[Need]
    already_open: list[Need]  # an open need of the type existed; kept (urgency raised if lower)


def _clean_suggestions(suggestions, ranks: dict[str, int]) -> dict[str, tuple[str, str]]:
    """{service type: (urgency, reason)}, the most urgent suggestion of each type."""
    cleaned: dict[str, tuple[str, str]] = {}
    for index, item in enumerate(suggestions):
        where = f"suggestions[{index}]"
        if not isinstance(item, dict):
            raise ValidationError(_("Expected an object."), field=where)
        stype = codes.check_service_type(
            item.get("service_type", ""), field=f"{where}.service_type"
        )
        urgency = codes.check_urgency(item.get("urgency") or "normal", field=f"{where}.urgency")
        reason = clean_text(item.get("reason"), field=f"{where}.reason")
        if stype in cleaned and ranks[cleaned[stype][0]] <= ranks[urgency]:
            continue  # the most urgent suggestion of a type wins
        cleaned[stype] = (urgency, reason)
    return cleaned


@transaction.atomic
def needs_suggest_from(
    *, user, case, suggestions: list[dict], source_ref: str = ""
) -> SuggestionResult:
    """Record needs suggested by identification results (called by the screening app).

    `case` is a Case or its id; each suggestion is `{"service_type", "urgency", "reason"}`
    (urgency defaults to "normal", reason to ""). A type that already has an open need is not
    duplicated: the open need is kept and its urgency raised when the suggestion is more urgent.
    Invalid suggestions raise ValidationError naming `suggestions[i].<key>`; nothing is written.
    `source_ref` identifies what suggested them (e.g. "interview:42"), never personal data.
    """
    case_id = case.pk if isinstance(case, Case) else case
    case = case_for_referral_work(user, case_id)
    ranks = {code: level.rank for code, level in codes.load_taxonomy().urgency_levels.items()}
    if not isinstance(suggestions, list | tuple):
        raise ValidationError(_("Expected a list."), field="suggestions")
    source_ref = clean_text(source_ref, field="source_ref", limit=64)
    cleaned = _clean_suggestions(suggestions, ranks)
    open_needs = {n.service_type: n for n in Need.objects.filter(case=case, status=NeedStatus.OPEN)}
    result = SuggestionResult([], [])
    for stype, (urgency, reason) in cleaned.items():
        existing = open_needs.get(stype)
        if existing is not None:
            if ranks[urgency] < ranks.get(existing.urgency, 99):
                _need_change(
                    existing, {"urgency": urgency}, user=user, case=case, purpose="identification"
                )
            result.already_open.append(existing)
            continue
        need = _need_create(
            user=user,
            case=case,
            purpose="identification",
            extra={"source": "identification"},
            service_type=stype,
            urgency=urgency,
            reason=reason,
            source=NeedSource.IDENTIFICATION,
            source_ref=source_ref,
        )
        result.created.append(need)
    return result
