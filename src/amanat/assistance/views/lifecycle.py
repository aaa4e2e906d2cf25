"""Case life-cycle pages run from the assistance side: close, reopen and transfer a case."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.assistance import selectors
from amanat.assistance.access import owner_case
from amanat.assistance.forms import CloseForm, ReopenForm, TransferForm
from amanat.assistance.views._common import form_page, form_saved
from amanat.cases import lifecycle
from amanat.errors import ValidationError


def _lifecycle_form(request, case_id, *, form_class, title, intro, submit, call, done, **kwargs):
    """(response, case): the form page, or None once `call(case, cleaned_data)` succeeded."""
    case = owner_case(request.user, case_id, permission=Perm.CASE_UPDATE)
    form = form_class(request.POST or None, **kwargs)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_saved(request, form, call, done=done, case=case, data=form.cleaned_data)
    ):
        return None, case
    return form_page(request, case, form, title=title, intro=intro, submit=submit), case


@login_required
def close(request, case_id):
    response, case = _lifecycle_form(
        request,
        case_id,
        form_class=CloseForm,
        title=_("Close the case"),
        intro=_(
            "The reason decides the HTCDS status: closed, or closed and referred. Follow-up "
            "reminders stop for a closed case; it can be reopened."
        ),
        submit=_("Close case"),
        call=lambda case, data: lifecycle.case_close(user=request.user, case_id=case.pk, **data),
        done=_("Case closed."),
    )
    return response or redirect("cases:detail", case_id=case.pk)


@login_required
def reopen(request, case_id):
    response, case = _lifecycle_form(
        request,
        case_id,
        form_class=ReopenForm,
        title=_("Reopen the case"),
        intro="",
        submit=_("Reopen case"),
        call=lambda case, data: lifecycle.case_reopen(user=request.user, case_id=case.pk, **data),
        done=_("Case reopened."),
    )
    return response or redirect("cases:detail", case_id=case.pk)


def _transfer(user, case, data) -> None:
    worker_id = None
    username = (data.get("to_case_worker") or "").strip()
    if username:
        worker_id = selectors.user_id_by_username(username)
        if worker_id is None:
            raise ValidationError(_("Unknown case worker."), field="to_case_worker")
    lifecycle.case_transfer(
        user=user,
        case_id=case.pk,
        to_organisation_id=data["to_organisation"],
        to_case_worker_id=worker_id,
        note=data["note"],
    )


@login_required
def transfer(request, case_id):
    response, case = _lifecycle_form(
        request,
        case_id,
        form_class=TransferForm,
        title=_("Transfer the case"),
        intro=_(
            "The receiving organisation becomes the case holder and your organisation no "
            "longer sees the case. The person must have consented to a referral to it."
        ),
        submit=_("Transfer case"),
        call=lambda case, data: _transfer(request.user, case, data),
        done=_("Case transferred."),
        organisations=selectors.active_organisations(excluding=request.user.organisation_id),
    )
    return response or redirect("cases:dashboard")
