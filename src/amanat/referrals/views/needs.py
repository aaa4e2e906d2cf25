"""The referrals card on the case page and the needs recorded there."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.cases.access import case_is_owned_by_user_org
from amanat.core.web import message_call
from amanat.referrals import codes, forms, selectors, services
from amanat.referrals.access import can_refer
from amanat.referrals.models import NeedStatus
from amanat.referrals.views._common import services_text


def case_section_context(request, case):
    """The referrals card on the case page (the case holder's users only)."""
    user = request.user
    if not can_refer(user) or not case_is_owned_by_user_org(user, case):
        return None
    needs = selectors.needs_for_case(user, case.pk)
    services.referrals_expire_due()  # selectors never write: overdue ones expire here (0446)
    referrals = selectors.referrals_for_case(user, case.pk)
    return {
        "case": case,
        "needs": [
            {
                "need": n,
                "label": codes.service_type_label(n.service_type),
                "urgency": codes.urgency_label(n.urgency),
            }
            for n in needs
        ],
        "open_needs": sum(1 for n in needs if n.status == NeedStatus.OPEN),
        "referrals": [{"referral": r, "services": services_text(r.services)} for r in referrals],
        "need_form": forms.NeedForm(prefix="need"),
    }


@login_required
@require_POST
def need_add(request, case_id):
    form = forms.NeedForm(request.POST, prefix="need")
    if not form.is_valid():
        messages.error(request, _("Choose a need and its urgency."))
    else:
        message_call(
            request,
            services.need_record,
            user=request.user,
            case_id=case_id,
            **form.cleaned_data,
            success=_("Need recorded."),
        )
    return redirect(reverse("cases:detail", args=[case_id]) + "#referrals")


@login_required
@require_POST
def need_status(request, need_id):
    ok, need = message_call(
        request,
        services.need_update,
        user=request.user,
        need_id=need_id,
        status=request.POST.get("status", ""),
    )
    if not ok:
        return redirect("referrals:inbox")
    return redirect(reverse("cases:detail", args=[need.case_id]) + "#referrals")
