"""One referral as its sender or recipient sees it, what the recipient may see of the case, and
a case's referrals. Reads only: the edges expire an overdue referral first (0446)."""

from __future__ import annotations

from django.utils import timezone

from amanat.cases.consent import consent_in_force
from amanat.cases.models import Case
from amanat.privacy.audit import audit_record
from amanat.privacy.models import Consent, ConsentPurpose
from amanat.referrals import sharing
from amanat.referrals.access import case_for_referral_work, referral_get_for_user
from amanat.referrals.models import Referral, ReferralNote
from amanat.referrals.selectors.inbox import flags_for
from amanat.referrals.state_machine import OPEN_STATES, State, allowed_actions


def latest_referral_consent(referral: Referral) -> Consent | None:
    """The newest referral-consent record naming the referral's recipient (it decides)."""
    return (
        Consent.objects.filter(
            case_id=referral.case_id,
            purpose=ConsentPurpose.REFERRAL,
            recipient_organisation_id=referral.to_organisation_id,
        )
        .order_by("-recorded_at", "-id")
        .first()
    )


def own_notes(user, referral: Referral) -> list[ReferralNote]:
    """The notes the user's organisation recorded on the referral (only its own, ever)."""
    return list(
        ReferralNote.objects.filter(
            referral=referral, organisation_id=user.organisation_id
        ).select_related("author")
    )


def sharing_in_force(referral: Referral) -> tuple[bool, str]:
    """May the recipient see the shared case fields now? (allowed, reason code when not).

    Only while the referral is open, the case is open (a closed case is shared with nobody:
    docs/decisions/0445) and the person's referral consent naming the recipient is in force."""
    if referral.state not in OPEN_STATES:
        return False, "closed" if referral.state != State.DRAFT else "draft"
    # Imported here: cases.lifecycle imports assistance.access, which imports this module.
    from amanat.cases.lifecycle import CLOSED_STATUSES

    if referral.case.status in CLOSED_STATUSES:
        return False, "case_closed"
    if referral.consent_override:
        # Overridden at sending: sharing stops as soon as the person refuses or withdraws.
        latest = latest_referral_consent(referral)
        if (
            latest is not None
            and not latest.is_active
            and referral.sent_at is not None
            and (
                latest.recorded_at >= referral.sent_at
                or (latest.withdrawn_at and latest.withdrawn_at >= referral.sent_at)
            )
        ):
            return False, "consent_withdrawn"
        return True, ""
    if not consent_in_force(
        case_id=referral.case_id,
        purpose=ConsentPurpose.REFERRAL,
        recipient_organisation_id=referral.to_organisation_id,
    ):
        return False, "consent_withdrawn"
    return True, ""


def referral_detail(user, referral_id) -> Referral:
    """A referral for its sender or recipient, with `side`, `actions`, `flags`, `transitions`
    and the recipient's own `own_notes`; its free text is a read of personal data (audited)."""
    referral, side = referral_get_for_user(user, referral_id)
    referral.side = side.value
    referral.actions = allowed_actions(referral.state, side.value)
    referral.flags = flags_for(referral, timezone.now())
    allowed, why = sharing_in_force(referral)
    referral.sharing = {"in_force": allowed, "reason": why}
    referral.flags.sharing_stopped = referral.state in OPEN_STATES and not allowed
    referral.history = list(referral.transitions.select_related("actor").order_by("at", "id"))
    referral.own_notes = own_notes(user, referral)
    read = ["decline_reason", "outcome_note"]
    if side.value == "sender" or allowed:
        read.append("reason")
    if side.value == "sender":
        read += ["legal_basis_note", "override_justification"]
    referral.can_read_reason = "reason" in read
    audit_record(
        actor=user,
        action="referral.view",
        object_type="referral",
        object_id=referral.pk,
        fields=read,
        purpose="referral",
        extra={"side": side.value, "case_id": referral.case_id},
    )
    return referral


def referral_case_view(user, referral_id) -> dict:
    """What the recipient may see of the case: the shared fields while the referral is open and
    consent holds; afterwards only the referral's own facts and the recipient's own notes."""
    referral, side = referral_get_for_user(user, referral_id)
    allowed, why = sharing_in_force(referral)
    preview = side.value == "sender"  # the sender checks what is (or would be) shared
    view = {
        "referral_id": referral.pk,
        "state": referral.state,
        "services": referral.services,
        "urgency": referral.urgency,
        "case_code": referral.case.code,
        "shared_fields": referral.shared_fields,
        "available": bool(allowed or preview),
        "unavailable_reason": "" if (allowed or preview) else why,
        "fields": [],
        "reason": "",
        "own_notes": [
            {
                "id": n.pk,
                "text": n.text,
                "created_at": n.created_at,
                "author": n.author.username if n.author else "",
            }
            for n in own_notes(user, referral)
        ],
    }
    read: list[str] = []
    if allowed or preview:
        case = Case.objects.select_related("person").get(pk=referral.case_id)
        view["fields"] = sharing.shared_values(
            case, referral.shared_fields, needs=list(referral.needs.order_by("created_at", "id"))
        )
        view["reason"] = referral.reason
        read = [*sharing.field_names_read(referral.shared_fields), "reason"]
    if view["own_notes"]:
        read.append("notes")
    audit_record(
        actor=user,
        action="referral.case_view",
        object_type="case",
        object_id=referral.case_id,
        fields=read,
        purpose="referral",
        extra={"referral_id": referral.pk, "side": side.value, "available": view["available"]},
    )
    return view


def referrals_for_case(user, case_id) -> list[Referral]:
    """The referrals the case's holder made (for the case page and the support plan)."""
    case = case_for_referral_work(user, case_id)
    return list(
        Referral.objects.filter(case=case)
        .select_related("to_organisation")
        .prefetch_related("needs")
        .order_by("-created_at", "-id")
    )
