"""Editing one directory entry: a service, its availability, the organisation's profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.core.web import form_call, message_call
from amanat.referrals import directory_io, forms, services


def _form_errors(form) -> str:
    return "; ".join(f"{name}: {errors[0]}" for name, errors in form.errors.items())


@login_required
@require_POST
def directory_service_save(request, organisation_id):
    form = forms.ServiceForm(request.POST, prefix="svc")
    ok = form.is_valid()
    if ok:
        data = dict(form.cleaned_data)
        data["regions"] = directory_io.split_codes(data["regions"] or "")
        data["nationalities"] = directory_io.split_codes(data["nationalities"] or "")
        ok, _service = form_call(
            form,
            services.directory_service_save,
            user=request.user,
            organisation_id=organisation_id,
            data=data,
        )
    if ok:
        messages.success(request, _("Service saved."))
    else:
        messages.error(
            request, _("Check the service form: %(errors)s") % {"errors": _form_errors(form)}
        )
    return redirect("referrals:directory_entry", organisation_id=organisation_id)


@login_required
@require_POST
def directory_service_delete(request, service_id):
    service = services.directory_service_delete(user=request.user, service_id=service_id)
    messages.success(request, _("Service removed from the directory."))
    return redirect("referrals:directory_entry", organisation_id=service.organisation_id)


@login_required
@require_POST
def directory_availability(request, service_id):
    text = request.POST.get("available", "").strip()
    try:
        available = int(text) if text else None
    except ValueError:
        available = -1  # the service answers "a whole number of 0 or more"
    ok, service = message_call(
        request,
        services.directory_availability_update,
        user=request.user,
        service_id=service_id,
        available=available,
        accepting=request.POST.get("accepting") == "on",
    )
    if not ok:
        return redirect("referrals:directory")
    messages.success(request, _("Availability updated."))
    return redirect("referrals:directory_entry", organisation_id=service.organisation_id)


@login_required
@require_POST
def directory_profile(request, organisation_id):
    form = forms.ProfileForm(request.POST)
    if form.is_valid():
        message_call(
            request,
            services.organisation_profile_update,
            user=request.user,
            organisation_id=organisation_id,
            **form.cleaned_data,
            success=_("Profile saved."),
        )
    return redirect("referrals:directory_entry", organisation_id=organisation_id)
