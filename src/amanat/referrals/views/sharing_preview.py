"""The referral form's sharing boxes and preview, filled as soon as organisation and services are
chosen (htmx), from the same `sharing.sharing_plan` the save applies (ADR 1605)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from amanat.privacy.audit import audit_record
from amanat.referrals import codes, sharing
from amanat.referrals.access import case_for_referral_work
from amanat.referrals.taxonomy import load_taxonomy


def sharing_context(user, case, services: list[str], shared_fields: list[str] | None) -> dict:
    """Boxes ticked and the values the recipient would see; the read of the values is audited."""
    known = load_taxonomy().service_types
    services = [s for s in dict.fromkeys(services) if s in known]
    if shared_fields is not None:
        allowed = set(dict(codes.shared_field_choices()))
        shared_fields = [f for f in shared_fields if f in allowed]
    plan = sharing.sharing_plan(case, services, shared_fields)
    ticked = plan["shared_fields"]
    preview = sharing.shared_values(case, ticked, needs=plan["needs"]) if services else []
    if preview:
        audit_record(
            actor=user,
            action="referral.sharing_preview",
            object_type="case",
            object_id=case.pk,
            fields=sharing.field_names_read(ticked),
            purpose="referral",
        )
    return {
        "choices": codes.shared_field_choices(),
        "ticked": ticked,
        "preview": preview,
        "has_services": bool(services),
    }


@login_required
def sharing_preview(request, case_id):
    case = case_for_referral_work(request.user, case_id)
    # Choosing services (or the organisation) applies the templates; ticking a box keeps the
    # sender's own choice.
    own = request.GET.get("own_choice") == "1"
    chosen = request.GET.getlist("shared_fields") if own else None
    context = sharing_context(request.user, case, request.GET.getlist("services"), chosen)
    return render(request, "referrals/_sharing.html", context)
