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
from amanat.assistance.views._common import back, form_page, form_saved

# The form fields that go to `service_delivery_record` under the same name.
SERVICE_FIELDS = (
    "service_type",
    "delivered_on",
    "description",
    "cost",
    "currency",
    "completes_action",
)


def _service_values(form) -> dict:
    return {name: form.cleaned_data[name] for name in SERVICE_FIELDS}


@login_required
def service_new(request, case_id):
    case = owner_case(request.user, case_id, permission=Perm.CASE_UPDATE)
    form = ServiceForm(
        request.POST or None,
        actions=selectors.open_actions(case),
        initial={"delivered_on": timezone.localdate(), "action": request.GET.get("action")},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and form_saved(
            request,
            form,
            services.service_delivery_record,
            done=_("Service recorded."),
            user=request.user,
            case_id=case.pk,
            action_id=form.cleaned_data["action"],
            **_service_values(form),
        )
    ):
        return back(case.pk)
    return form_page(
        request,
        case,
        form,
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
    if (
        request.method == "POST"
        and form.is_valid()
        and form_saved(
            request,
            form,
            services.service_delivery_record,
            done=_("Service recorded."),
            user=request.user,
            case_id=referral.case_id,
            referral_id=referral.pk,
            **_service_values(form),
        )
    ):
        return redirect("assistance:referral_service", referral_id=referral.pk)
    return render(
        request,
        "assistance/referral_service.html",
        {"referral": referral, "form": form, "services": own},
    )
