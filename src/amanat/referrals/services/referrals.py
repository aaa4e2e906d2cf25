"""Drafting a referral: recipient, services, shared fields and, across a border, the legal basis.

Also what every referral write shares: the organisation snapshots and the timeline data.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.accounts.models import Organisation
from amanat.core.ids import try_parse_id
from amanat.errors import ValidationError
from amanat.privacy.audit import audit_record
from amanat.referrals import codes, events, sharing
from amanat.referrals.access import case_for_referral_work
from amanat.referrals.models import DirectoryService, Need, Referral
from amanat.referrals.services._common import clean_text


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


def offered_types(org_id: int) -> set[str]:
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
    offered = offered_types(recipient.pk)
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
    reason = clean_text(reason, field="reason", required=True)
    plan = sharing.sharing_plan(
        case, services, None if shared_fields is None else codes.check_shared_fields(shared_fields)
    )
    shared = plan["shared_fields"]
    transnational = recipient.country != user.organisation.country
    legal_basis = (legal_basis or "").strip()
    legal_basis_note = clean_text(legal_basis_note, field="legal_basis_note", limit=2000)
    if transnational:
        basis = codes.legal_bases().get(legal_basis)
        if basis is None:
            # In words, next to the field: the labels a caseworker can choose from, not codes.
            raise ValidationError(
                _(
                    "%(org)s is in another country (%(country)s): choose the legal basis on "
                    "which the person's data may be sent there. One of: %(allowed)s."
                )
                % {
                    "org": recipient.name,
                    "country": recipient.country,
                    "allowed": "; ".join(codes.legal_basis_label(c) for c in codes.legal_bases()),
                },
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
        needs = plan["needs"]  # the same needs the form previewed
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
    events.REFERRAL_CREATED.record(case=case, actor=user, data=event_data(referral))
    return referral


def event_data(referral: Referral) -> dict:
    return {
        "referral_id": referral.pk,
        "to_organisation_id": referral.to_organisation_id,
        "services": referral.services,
        "state": referral.state,
        "transnational": referral.transnational,
    }
