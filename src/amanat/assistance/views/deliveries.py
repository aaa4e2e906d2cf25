"""Services delivered: recorded by the case holder, or by the recipient of an active referral."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.assistance import selectors, services
from amanat.assistance.access import active_referral, owner_case
from amanat.assistance.forms import ServiceForm
from amanat.assistance.views._common import case_form, saved


def _service_values(data: dict) -> dict:
    """The service form's fields under the names `service_delivery_record` takes."""
    values = {name: value for name, value in data.items() if name != "action"}
    if "action" in data:
        values["action_id"] = data["action"]
    return values


@login_required
def service_new(request, case_id):
    case = owner_case(request.user, case_id, permission=Perm.CASE_UPDATE)
    form = ServiceForm(
        request.POST or None,
        actions=selectors.open_actions(case),
        initial={"delivered_on": timezone.localdate(), "action": request.GET.get("action")},
    )
    return case_form(
        request,
        case,
        form,
        services.service_delivery_record,
        values=_service_values,
        done=_("Service recorded."),
        title=_("Record a service delivered"),
        submit=_("Record service"),
    )


@login_required
def referral_service(request, referral_id):
    """For the recipient of an active referral, who does not see the case pages."""
    referral = active_referral(request.user, referral_id)
    own = selectors.services_delivered(request.user, referral.case_id, referral_id=referral.pk)
    form = ServiceForm(request.POST or None, initial={"delivered_on": timezone.localdate()})
    allowed = set(referral.services)
    form.fields["service_type"].choices = [
        c for c in form.fields["service_type"].choices if c[0] in allowed
    ]
    del form.fields["action"]
    if saved(
        request,
        form,
        services.service_delivery_record,
        user=request.user,
        case_id=referral.case_id,
        referral_id=referral.pk,
        values=_service_values,
        done=_("Service recorded."),
    ):
        return redirect("assistance:referral_service", referral_id=referral.pk)
    return render(
        request,
        "assistance/referral_service.html",
        {"referral": referral, "form": form, "services": own},
    )
