"""Every write of the referral app: directory, needs, referrals, notes, expiry, notifications.

Keyword-only, atomic, audited (field names, never values), with a case timeline event when it
concerns a case. Access: `amanat.referrals.access`. State moves: `state_machine.transition`,
called before anything is written, so an illegal move changes nothing (409).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.denials import denied
from amanat.accounts.models import Organisation
from amanat.accounts.roles import Perm
from amanat.accounts.services import organisation_create
from amanat.cases.consent import consent_in_force
from amanat.cases.models import Case
from amanat.cases.timeline import case_event_record
from amanat.core.ids import parse_id, try_parse_id
from amanat.errors import Conflict, NotFound, PermissionDenied, ValidationError
from amanat.privacy.audit import audit_record
from amanat.privacy.models import Consent, ConsentPurpose
from amanat.referrals import codes, directory_io, notify
from amanat.referrals.access import case_for_referral_work, referral_get_for_user
from amanat.referrals.models import (
    DirectoryService,
    Need,
    NeedSource,
    NeedStatus,
    Notification,
    OrganisationProfile,
    Referral,
    ReferralNote,
    ReferralTransition,
)
from amanat.referrals.state_machine import (
    TERMINAL_STATES,
    Action,
    Side,
    State,
    response_deadline,
    transition,
)

MAX_REASON = 4000
MIN_JUSTIFICATION = 20


class ConsentRequired(Conflict):
    """The person has not consented to sharing with this recipient (HTTP 409)."""

    default_code = "consent_required"


def _text(value, *, field: str, limit: int = MAX_REASON, required: bool = False) -> str:
    text = (value or "").strip() if isinstance(value, str | type(None)) else None
    if text is None:
        raise ValidationError(_("Expected text."), field=field)
    if required and not text:
        raise ValidationError(_("This field is required."), field=field)
    if len(text) > limit:
        raise ValidationError(_("At most %(n)d characters.") % {"n": limit}, field=field)
    return text


# ====================================================================================== directory
def _require_directory_manager(user) -> None:
    if user is not None and not user.can(Perm.DIRECTORY_MANAGE):
        raise NotFound()


def _clean_service(data: dict, *, country: str) -> dict:
    """Validate service fields given as Python values (web form, API): the same rules as import."""
    raw = {}
    for name in directory_io.SERVICE_FIELDS:
        value = data.get(name)
        if isinstance(value, list | tuple | set):
            value = ";".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        raw[name] = "" if value is None else str(value)
    raw.update(
        {
            "organisation": "x",
            "organisation_type": "NGO",
            "country": country,
            "service_type": data.get("service_type", ""),
        }
    )
    cleaned, problems = directory_io.check_row(0, raw, {})
    if problems:
        raise ValidationError(problems[0].message, field=problems[0].column)
    return {name: cleaned[name] for name in ("service_type", *directory_io.SERVICE_FIELDS)}


@transaction.atomic
def directory_service_save(*, user, organisation_id, data: dict) -> DirectoryService:
    """Create or update the organisation's service of `data["service_type"]`."""
    _require_directory_manager(user)
    organisation = Organisation.objects.filter(pk=parse_id(organisation_id), is_active=True).first()
    if organisation is None:
        raise NotFound()
    cleaned = _clean_service(data, country=organisation.country)
    service = DirectoryService.objects.filter(
        organisation=organisation, service_type=cleaned["service_type"]
    ).first()
    created = service is None
    if created:
        service = DirectoryService(organisation=organisation, country=organisation.country)
    changed = [name for name, value in cleaned.items() if getattr(service, name, None) != value]
    for name, value in cleaned.items():
        setattr(service, name, value)
    service.country = organisation.country
    service.save()
    audit_record(
        actor=user,
        action="directory.service_create" if created else "directory.service_update",
        object_type="directory_service",
        object_id=service.pk,
        fields=changed,
        purpose="service directory",
        extra={"organisation_id": organisation.pk, "service_type": service.service_type},
    )
    return service


@transaction.atomic
def directory_service_delete(*, user, service_id) -> None:
    _require_directory_manager(user)
    service = DirectoryService.objects.filter(pk=parse_id(service_id)).first()
    if service is None:
        raise NotFound()
    audit_record(
        actor=user,
        action="directory.service_delete",
        object_type="directory_service",
        object_id=service.pk,
        purpose="service directory",
        extra={"organisation_id": service.organisation_id, "service_type": service.service_type},
    )
    service.delete()


@transaction.atomic
def directory_availability_update(
    *, user, service_id, available: int | None, accepting: bool | None = None
) -> DirectoryService:
    """A provider's own staff (or a directory manager) update current availability."""
    service = DirectoryService.objects.select_for_update().filter(pk=parse_id(service_id)).first()
    if service is None or user is None:
        raise NotFound()
    own = user.organisation_id == service.organisation_id and user.can(Perm.CASE_VIEW)
    if not own and not user.can(Perm.DIRECTORY_MANAGE):
        raise NotFound()
    if available is not None:
        if not isinstance(available, int) or available < 0:
            raise ValidationError(_("Enter a whole number of 0 or more."), field="available")
        if service.capacity is not None and available > service.capacity:
            raise ValidationError(_("More places available than the capacity."), field="available")
    changed = []
    if available != service.available:
        service.available = available
        changed.append("available")
    if accepting is not None and accepting != service.accepting:
        service.accepting = accepting
        changed.append("accepting")
    if changed:
        service.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=user,
            action="directory.availability_update",
            object_type="directory_service",
            object_id=service.pk,
            fields=changed,
            purpose="service directory",
        )
    return service


@transaction.atomic
def organisation_profile_update(
    *, user, organisation_id, core_functions: str, nrm_role: str
) -> OrganisationProfile:
    _require_directory_manager(user)
    organisation = Organisation.objects.filter(pk=parse_id(organisation_id)).first()
    if organisation is None:
        raise NotFound()
    core_functions = _text(core_functions, field="core_functions", limit=2000)
    nrm_role = _text(nrm_role, field="nrm_role", limit=2000)
    profile, _created = OrganisationProfile.objects.get_or_create(organisation=organisation)
    changed = [
        n
        for n, v in (("core_functions", core_functions), ("nrm_role", nrm_role))
        if getattr(profile, n) != v
    ]
    profile.core_functions, profile.nrm_role = core_functions, nrm_role
    profile.save()
    audit_record(
        actor=user,
        action="directory.profile_update",
        object_type="organisation",
        object_id=organisation.pk,
        fields=changed,
        purpose="service directory",
    )
    return profile


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    organisations_created: int = 0
    problems: list[directory_io.RowProblem] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    imported: bool = False

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "organisations_created": self.organisations_created,
            "imported": self.imported,
            "skipped_rows": self.skipped_rows,
            "problems": [p.as_dict() for p in self.problems],
        }


def directory_import(
    *, user, header: list[str], rows: list[tuple[int, dict]], skip_invalid: bool = False
) -> ImportResult:
    """Import directory rows: all or nothing, unless `skip_invalid` (then the good rows only).

    A row adds the service of its type to its organisation (created when new), or updates it.
    Services absent from the file are left as they are. `user` None is the command line.
    """
    _require_directory_manager(user)
    existing = {(o.name, o.country): o for o in Organisation.objects.all()}
    checked = directory_io.check_rows(header, rows, existing)
    result = ImportResult(rows=len(rows), problems=checked.problems)
    if checked.problems and (not skip_invalid or 1 in checked.bad_rows):
        return result
    result.skipped_rows = sorted(checked.bad_rows)
    with transaction.atomic():
        _directory_write(user=user, rows=checked.rows, existing=existing, result=result)
    result.imported = True
    return result


def _directory_write(*, user, rows: list[dict], existing: dict, result: ImportResult) -> None:
    profiles: dict[int, tuple[str, str]] = {}
    for row in rows:
        key = (row["organisation"], row["country"])
        if key not in existing:
            existing[key] = organisation_create(
                actor=user,
                name=row["organisation"],
                org_type=row["organisation_type"],
                country=row["country"],
                region=row["organisation_region"],
            )
            result.organisations_created += 1
        org = existing[key]
        if row["core_functions"] or row["nrm_role"]:
            profiles[org.pk] = (row["core_functions"], row["nrm_role"])
    org_ids = {existing[(r["organisation"], r["country"])].pk for r in rows}
    current = {
        (s.organisation_id, s.service_type): s
        for s in DirectoryService.objects.filter(organisation_id__in=org_ids)
    }
    to_create, to_update = [], []
    for row in rows:
        org = existing[(row["organisation"], row["country"])]
        values = {name: row[name] for name in directory_io.SERVICE_FIELDS}
        service = current.get((org.pk, row["service_type"]))
        if service is None:
            to_create.append(
                DirectoryService(
                    organisation=org,
                    service_type=row["service_type"],
                    country=org.country,
                    **values,
                )
            )
        else:
            for name, value in values.items():
                setattr(service, name, value)
            service.updated_at = timezone.now()
            to_update.append(service)
    DirectoryService.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        DirectoryService.objects.bulk_update(
            to_update, [*directory_io.SERVICE_FIELDS, "updated_at"], batch_size=500
        )
    existing_profiles = {
        p.organisation_id: p
        for p in OrganisationProfile.objects.filter(organisation_id__in=list(profiles))
    }
    new_profiles = []
    for org_id, (core, role) in profiles.items():
        profile = existing_profiles.get(org_id)
        if profile is None:
            new_profiles.append(
                OrganisationProfile(organisation_id=org_id, core_functions=core, nrm_role=role)
            )
        else:
            profile.core_functions, profile.nrm_role = core, role
            profile.save(update_fields=["core_functions", "nrm_role", "updated_at"])
    OrganisationProfile.objects.bulk_create(new_profiles)
    result.created, result.updated = len(to_create), len(to_update)
    audit_record(
        actor=user,
        action="directory.import",
        object_type="directory_service",
        fields=list(directory_io.SERVICE_FIELDS),
        purpose="service directory",
        extra={
            "created": result.created,
            "updated": result.updated,
            "organisations_created": result.organisations_created,
            "skipped_rows": len(result.skipped_rows),
        },
    )


def directory_export_audit(*, user, count: int, file_format: str) -> None:
    """Exports include staff contact details: record who took them."""
    audit_record(
        actor=user,
        action="directory.export",
        object_type="directory_service",
        fields=["contact_name", "contact_phone", "contact_email"],
        purpose="service directory",
        extra={"rows": count, "format": file_format},
    )


# ========================================================================================== needs
def _need_event(case: Case, kind: str, user, need: Need) -> None:
    case_event_record(
        case=case,
        kind=kind,
        actor=user,
        data={
            "need_id": need.pk,
            "service_type": need.service_type,
            "urgency": need.urgency,
            "status": need.status,
        },
    )


@transaction.atomic
def need_record(
    *, user, case_id, service_type: str, urgency: str = "normal", reason: str = ""
) -> Need:
    """Record an identified need of a case (one open need per service type)."""
    case = case_for_referral_work(user, case_id)
    service_type = codes.check_service_type(service_type)
    urgency = codes.check_urgency(urgency or "normal")
    reason = _text(reason, field="reason")
    if Need.objects.filter(case=case, service_type=service_type, status=NeedStatus.OPEN).exists():
        raise Conflict(
            _("This case already has an open need for %(type)s.")
            % {"type": codes.service_type_label(service_type)},
            field="service_type",
            code="need_exists",
        )
    need = Need.objects.create(
        case=case, service_type=service_type, urgency=urgency, reason=reason, created_by=user
    )
    audit_record(
        actor=user,
        action="need.create",
        object_type="need",
        object_id=need.pk,
        fields=["service_type", "urgency"] + (["reason"] if reason else []),
        purpose="case management",
        extra={"case_id": case.pk},
    )
    _need_event(case, "need.recorded", user, need)
    return need


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
    changed = []
    if status is not None and status != need.status:
        if status not in NeedStatus.values:
            raise ValidationError(
                _("'%(value)s' is not an allowed value.") % {"value": status}, field="status"
            )
        if need.status != NeedStatus.OPEN:
            raise Conflict(_("Only an open need can change its status."), field="status")
        need.status = status
        need.closed_at = timezone.now()
        changed += ["status", "closed_at"]
    if urgency is not None and urgency != need.urgency:
        need.urgency = codes.check_urgency(urgency)
        changed.append("urgency")
    if reason is not None:
        reason = _text(reason, field="reason")
        if reason != need.reason:
            need.reason = reason
            changed.append("reason")
    if changed:
        need.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=user,
            action="need.update",
            object_type="need",
            object_id=need.pk,
            fields=changed,
            purpose="case management",
            extra={"case_id": case.pk},
        )
        _need_event(case, "need.updated", user, need)
    return need


@dataclass
class SuggestionResult:
    created: list[Need]
    already_open: list[Need]  # an open need of the type existed; kept (urgency raised if lower)


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
    if not isinstance(suggestions, list | tuple):
        raise ValidationError(_("Expected a list."), field="suggestions")
    source_ref = _text(source_ref, field="source_ref", limit=64)
    cleaned: dict[str, tuple[str, str]] = {}
    ranks = {code: level.rank for code, level in codes.load_taxonomy().urgency_levels.items()}
    for index, item in enumerate(suggestions):
        where = f"suggestions[{index}]"
        if not isinstance(item, dict):
            raise ValidationError(_("Expected an object."), field=where)
        stype = codes.check_service_type(
            item.get("service_type", ""), field=f"{where}.service_type"
        )
        urgency = codes.check_urgency(item.get("urgency") or "normal", field=f"{where}.urgency")
        reason = _text(item.get("reason"), field=f"{where}.reason")
        if stype in cleaned and ranks[cleaned[stype][0]] <= ranks[urgency]:
            continue  # the most urgent suggestion of a type wins
        cleaned[stype] = (urgency, reason)
    open_needs = {n.service_type: n for n in Need.objects.filter(case=case, status=NeedStatus.OPEN)}
    result = SuggestionResult([], [])
    for stype, (urgency, reason) in cleaned.items():
        existing = open_needs.get(stype)
        if existing is not None:
            if ranks[urgency] < ranks.get(existing.urgency, 99):
                existing.urgency = urgency
                existing.save(update_fields=["urgency", "updated_at"])
                audit_record(
                    actor=user,
                    action="need.update",
                    object_type="need",
                    object_id=existing.pk,
                    fields=["urgency"],
                    purpose="identification",
                    extra={"case_id": case.pk},
                )
                _need_event(case, "need.updated", user, existing)
            result.already_open.append(existing)
            continue
        need = Need.objects.create(
            case=case,
            service_type=stype,
            urgency=urgency,
            reason=reason,
            source=NeedSource.IDENTIFICATION,
            source_ref=source_ref,
            created_by=user,
        )
        audit_record(
            actor=user,
            action="need.create",
            object_type="need",
            object_id=need.pk,
            fields=["service_type", "urgency"] + (["reason"] if reason else []),
            purpose="identification",
            extra={"case_id": case.pk, "source": "identification"},
        )
        _need_event(case, "need.recorded", user, need)
        result.created.append(need)
    return result


# ====================================================================================== referrals
def snapshot(org: Organisation, user=None, *, services: list[str] | None = None) -> dict:
    """The organisation (and acting user) as they are now: kept with each transition."""
    data = {
        "organisation_id": org.pk,
        "name": org.name,
        "org_type": org.org_type,
        "country": org.country,
        "region": org.region,
    }
    if user is not None:
        data["user_id"] = user.pk
        data["username"] = user.username
    if services is not None:
        data["services"] = services
    return data


def _offered_types(org_id: int) -> set[str]:
    return set(
        DirectoryService.objects.filter(organisation_id=org_id).values_list(
            "service_type", flat=True
        )
    )


@transaction.atomic
def referral_create(
    *,
    user,
    case_id,
    to_organisation_id,
    services: list[str],
    urgency: str,
    reason: str,
    shared_fields: list[str] | None = None,
    need_ids: list[int] | None = None,
    legal_basis: str = "",
    legal_basis_note: str = "",
) -> Referral:
    """A draft referral. `shared_fields` defaults to the service types' templates."""
    case = case_for_referral_work(user, case_id)
    to_pk = try_parse_id(to_organisation_id)
    if to_pk is None:
        raise ValidationError(_("Unknown organisation."), field="to_organisation")
    recipient = Organisation.objects.filter(pk=to_pk, is_active=True).first()
    if recipient is None:
        raise ValidationError(_("Unknown organisation."), field="to_organisation")
    if recipient.pk == user.organisation_id:
        raise ValidationError(
            _("Refer to another organisation, not your own."), field="to_organisation"
        )
    if not isinstance(services, list | tuple) or not services:
        raise ValidationError(_("Choose at least one service."), field="services")
    services = list(dict.fromkeys(codes.check_service_type(s, field="services") for s in services))
    offered = _offered_types(recipient.pk)
    missing = [s for s in services if s not in offered]
    if missing:
        raise ValidationError(
            _("%(org)s does not offer %(services)s in the service directory.")
            % {
                "org": recipient.name,
                "services": ", ".join(codes.service_type_label(s) for s in missing),
            },
            field="services",
        )
    urgency = codes.check_urgency(urgency or "normal")
    reason = _text(reason, field="reason", required=True)
    shared = (
        codes.default_shared_fields(services)
        if shared_fields is None
        else codes.check_shared_fields(shared_fields)
    )
    transnational = recipient.country != user.organisation.country
    legal_basis = (legal_basis or "").strip()
    legal_basis_note = _text(legal_basis_note, field="legal_basis_note", limit=2000)
    if transnational:
        basis = codes.legal_bases().get(legal_basis)
        if basis is None:
            raise ValidationError(
                _(
                    "A referral to another country needs the legal basis of the transfer. "
                    "Allowed: %(allowed)s."
                )
                % {"allowed": ", ".join(codes.legal_bases())},
                field="legal_basis",
                code="legal_basis_required",
            )
        if basis.note_required and not legal_basis_note:
            raise ValidationError(_("Describe this legal basis."), field="legal_basis_note")
    elif legal_basis:
        raise ValidationError(
            _("Only a referral to another country records a legal basis."), field="legal_basis"
        )
    needs = []
    if need_ids:
        needs = list(
            Need.objects.filter(
                case=case, pk__in=[pk for n in need_ids if (pk := try_parse_id(n)) is not None]
            )
        )
        if len(needs) != len(set(need_ids)):
            raise ValidationError(_("Unknown need for this case."), field="needs")
    else:
        needs = list(
            Need.objects.filter(case=case, status=NeedStatus.OPEN, service_type__in=services)
        )
    referral = Referral.objects.create(
        case=case,
        from_organisation_id=user.organisation_id,
        to_organisation=recipient,
        services=services,
        urgency=urgency,
        reason=reason,
        shared_fields=shared,
        transnational=transnational,
        legal_basis=legal_basis if transnational else "",
        legal_basis_note=legal_basis_note if transnational else "",
        created_by=user,
        sender_snapshot=snapshot(user.organisation, user),
        recipient_snapshot=snapshot(recipient, services=sorted(offered)),
    )
    referral.needs.set(needs)
    audit_record(
        actor=user,
        action="referral.create",
        object_type="referral",
        object_id=referral.pk,
        fields=["services", "urgency", "reason", "shared_fields"]
        + (["legal_basis", "legal_basis_note"] if transnational else []),
        purpose="referral",
        extra={
            "case_id": case.pk,
            "to_organisation_id": recipient.pk,
            "shared_fields": shared,
            "transnational": transnational,
        },
    )
    case_event_record(case=case, kind="referral.created", actor=user, data=_event_data(referral))
    return referral


def _event_data(referral: Referral) -> dict:
    return {
        "referral_id": referral.pk,
        "to_organisation_id": referral.to_organisation_id,
        "services": referral.services,
        "state": referral.state,
        "transnational": referral.transnational,
    }


STAMP = {
    State.SENT: "sent_at",
    State.ACCEPTED: "answered_at",
    State.DECLINED: "answered_at",
    State.IN_PROGRESS: "started_at",
}


def _move(
    referral: Referral,
    *,
    action: Action,
    side: Side,
    actor,
    reason: str = "",
    flagged: bool = False,
    now: dt.datetime | None = None,
    extra_fields: tuple[str, ...] = (),
) -> Referral:
    """Apply one legal move: state, timestamps, transition row, audit, timeline, notices."""
    now = now or timezone.now()
    previous = referral.state
    target = transition(previous, action.value, side.value, reason=reason)
    referral.state = target.value
    changed = ["state", *extra_fields]
    if target in STAMP:
        setattr(referral, STAMP[target], now)
        changed.append(STAMP[target])
    if target == State.SENT:
        referral.due_at = response_deadline(now, referral.urgency)
        changed.append("due_at")
    if target in (State.ACCEPTED, State.DECLINED) and referral.sent_at is not None:
        referral.response_hours = (now - referral.sent_at).total_seconds() / 3600
        changed.append("response_hours")
    if target in TERMINAL_STATES:
        referral.closed_at = now
        changed.append("closed_at")
    if action == Action.SEND or side == Side.SENDER:
        # The sender side is the case's holder now (0445): after a transfer, the new holder.
        referral.sender_snapshot = snapshot(referral.case.owner_organisation, actor)
        changed.append("sender_snapshot")
    referral.recipient_snapshot = snapshot(
        referral.to_organisation,
        actor if side == Side.RECIPIENT else None,
        services=sorted(_offered_types(referral.to_organisation_id)),
    )
    changed.append("recipient_snapshot")
    referral.save(update_fields=[*dict.fromkeys(changed), "updated_at"])
    ReferralTransition.objects.create(
        referral=referral,
        action=action.value,
        from_state=previous,
        to_state=target.value,
        side=side.value,
        actor=actor,
        at=now,
        reason=reason or "",
        sender_snapshot=referral.sender_snapshot,
        recipient_snapshot=referral.recipient_snapshot,
        flagged=flagged,
    )
    audit_record(
        actor=actor,
        action=f"referral.{action.value}",
        object_type="referral",
        object_id=referral.pk,
        fields=["state"] + (["reason"] if reason else []) + list(extra_fields),
        purpose="referral",
        flagged=flagged,
        extra={
            "case_id": referral.case_id,
            "from": previous,
            "to": target.value,
            "side": side.value,
            "from_organisation_id": referral.from_organisation_id,
            "to_organisation_id": referral.to_organisation_id,
        },
    )
    case_event_record(
        case=referral.case, kind=f"referral.{target.value}", actor=actor, data=_event_data(referral)
    )
    notify.notify(referral, action.value, actor)
    return referral


def _expire_if_due(referral_id) -> None:
    """Lazy expiry: a sent referral past its deadline expires before anyone acts on it."""
    pk = try_parse_id(referral_id)
    if pk is not None:
        referrals_expire_due(referral_ids=[pk])


def _act(*, user, referral_id, action: Action, reason: str = "", **kwargs) -> Referral:
    _expire_if_due(referral_id)
    with transaction.atomic():
        referral, side = referral_get_for_user(user, referral_id, for_update=True)
        return _move(referral, action=action, side=side, actor=user, reason=reason, **kwargs)


def referral_send(
    *, user, referral_id, consent_override: bool = False, justification: str = ""
) -> Referral:
    """Send a draft. Needs the person's referral consent for this recipient in force; without
    it, a user holding REFERRAL_CONSENT_OVERRIDE may send with a written justification, and the
    audit event is flagged."""
    with transaction.atomic():
        referral, side = referral_get_for_user(user, referral_id, for_update=True)
        transition(referral.state, Action.SEND.value, side.value)  # an illegal move: 409
        if not referral.to_organisation.is_active:
            raise Conflict(
                _("The receiving organisation is no longer active."), field="to_organisation"
            )
        consent = _consent_row(referral)
        extra: tuple[str, ...] = ()
        if consent is not None:
            referral.consent = consent
            referral.consent_override = False
            extra = ("consent",)
            flagged = False
        elif not consent_override:
            raise ConsentRequired(
                _(
                    "The person has not consented to sharing their data with %(org)s. Record "
                    "their consent to this referral first."
                )
                % {"org": referral.to_organisation.name},
                field="consent",
            )
        else:
            if not user.can(Perm.REFERRAL_CONSENT_OVERRIDE):
                raise PermissionDenied(
                    _("Sending a referral without consent needs the consent-override permission."),
                    field="consent_override",
                    code="override_not_allowed",
                )
            justification = _text(justification, field="justification", limit=MAX_REASON)
            if len(justification) < MIN_JUSTIFICATION:
                raise ValidationError(
                    _("Write why the referral must go without consent (at least %(n)d characters).")
                    % {"n": MIN_JUSTIFICATION},
                    field="justification",
                    code="justification_required",
                )
            referral.consent = None
            referral.consent_override = True
            referral.override_justification = justification
            extra = ("consent_override", "override_justification")
            flagged = True
        moved = _move(
            referral, action=Action.SEND, side=side, actor=user, flagged=flagged, extra_fields=extra
        )
        if flagged:
            audit_record(
                actor=user,
                action="referral.consent_override",
                object_type="referral",
                object_id=referral.pk,
                fields=["override_justification"],
                purpose="referral without consent",
                flagged=True,
                extra={
                    "case_id": referral.case_id,
                    "to_organisation_id": referral.to_organisation_id,
                },
            )
            case_event_record(
                case=referral.case,
                kind="referral.consent_override",
                actor=user,
                data={"referral_id": referral.pk},
            )
        return moved


def _consent_row(referral: Referral) -> Consent | None:
    if not consent_in_force(
        case_id=referral.case_id,
        purpose=ConsentPurpose.REFERRAL,
        recipient_organisation_id=referral.to_organisation_id,
    ):
        return None
    return (
        Consent.objects.filter(
            case_id=referral.case_id,
            purpose=ConsentPurpose.REFERRAL,
            recipient_organisation_id=referral.to_organisation_id,
        )
        .order_by("-recorded_at", "-id")
        .first()
    )


def referral_accept(*, user, referral_id) -> Referral:
    return _act(user=user, referral_id=referral_id, action=Action.ACCEPT)


def referral_decline(*, user, referral_id, reason: str) -> Referral:
    reason = _text(reason, field="reason")
    _expire_if_due(referral_id)
    with transaction.atomic():
        referral, side = referral_get_for_user(user, referral_id, for_update=True)
        referral.decline_reason = reason
        return _move(
            referral,
            action=Action.DECLINE,
            side=side,
            actor=user,
            reason=reason,
            extra_fields=("decline_reason",),
        )


def referral_start(*, user, referral_id) -> Referral:
    return _act(user=user, referral_id=referral_id, action=Action.START)


def referral_complete(*, user, referral_id, outcome_note: str = "") -> Referral:
    note = _text(outcome_note, field="outcome_note")
    with transaction.atomic():
        referral, side = referral_get_for_user(user, referral_id, for_update=True)
        referral.outcome_note = note
        return _move(
            referral,
            action=Action.COMPLETE,
            side=side,
            actor=user,
            extra_fields=("outcome_note",) if note else (),
        )


def referral_close_without_service(*, user, referral_id, reason: str = "") -> Referral:
    reason = _text(reason, field="reason")
    with transaction.atomic():
        referral, side = referral_get_for_user(user, referral_id, for_update=True)
        referral.outcome_note = reason
        return _move(
            referral,
            action=Action.CLOSE_WITHOUT_SERVICE,
            side=side,
            actor=user,
            reason=reason,
            extra_fields=("outcome_note",) if reason else (),
        )


def referral_revoke(*, user, referral_id, reason: str = "") -> Referral:
    reason = _text(reason, field="reason")
    return _act(user=user, referral_id=referral_id, action=Action.REVOKE, reason=reason)


ACTIONS = {
    "send": referral_send,
    "accept": referral_accept,
    "decline": referral_decline,
    "start": referral_start,
    "complete": referral_complete,
    "close_without_service": referral_close_without_service,
    "revoke": referral_revoke,
}


def referrals_expire_due(
    *, now: dt.datetime | None = None, referral_ids: list[int] | None = None
) -> int:
    """Expire every sent referral whose response deadline has passed (strictly before `now`).

    Run by `amanat referrals expire` (e.g. hourly) and lazily before referrals are read or acted
    on. Each expiry is its own transition by the system, audited, on the case timeline, and
    notified to the sender.
    """
    now = now or timezone.now()
    due = Referral.objects.filter(state=State.SENT, due_at__lt=now)
    if referral_ids is not None:
        due = due.filter(pk__in=referral_ids)
    count = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            referral = (
                Referral.objects.select_for_update(of=("self",))
                .select_related("case", "from_organisation", "to_organisation")
                .filter(pk=pk, state=State.SENT, due_at__lt=now)
                .first()
            )
            if referral is None:
                continue  # answered meanwhile
            _move(referral, action=Action.EXPIRE, side=Side.SYSTEM, actor=None, now=now)
            count += 1
    return count


@transaction.atomic
def referral_note_add(*, user, referral_id, text: str) -> ReferralNote:
    """The recipient records what it did; it keeps seeing its own notes after the referral ends."""
    referral, side = referral_get_for_user(user, referral_id, for_update=True)
    if side != Side.RECIPIENT:
        raise PermissionDenied(
            _("Only the receiving organisation records service notes."), field="text"
        )
    if referral.state in (State.DECLINED, State.REVOKED, State.EXPIRED):
        raise Conflict(_("This referral was not taken up: nothing to record."), field="text")
    text = _text(text, field="text", required=True)
    note = ReferralNote.objects.create(
        referral=referral, organisation_id=user.organisation_id, author=user, text=text
    )
    audit_record(
        actor=user,
        action="referral.note_add",
        object_type="referral",
        object_id=referral.pk,
        fields=["text"],
        purpose="referral",
        extra={"note_id": note.pk},
    )
    return note


@transaction.atomic
def notifications_mark_read(*, user, ids: list[int] | None = None, mark_all: bool = False) -> int:
    """Mark the given notifications of `user` read, or all of them with `mark_all=True`.

    Exactly one of the two: a missing list must never silently widen to "everything".
    """
    if mark_all == (ids is not None):
        raise ValidationError(_("Give either a list of ids or all: true."), field="ids")
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if not mark_all:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())
