"""Case life-cycle pages run from the assistance side: close, reopen and transfer a case."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.assistance import selectors
from amanat.assistance.access import owner_case
from amanat.assistance.forms import CloseForm, ReopenForm, TransferForm
from amanat.assistance.views._common import case_form
from amanat.cases import lifecycle
from amanat.errors import ValidationError


@login_required
def close(request, case_id):
    case = owner_case(request.user, case_id, permission=Perm.CASE_UPDATE)
    return case_form(
        request,
        case,
        CloseForm(request.POST or None),
        lifecycle.case_close,
        done=_("Case closed."),
        success=redirect("cases:detail", case_id=case.pk),
        title=_("Close the case"),
        intro=_(
            "The reason decides the HTCDS status: closed, or closed and referred. Follow-up "
            "reminders stop for a closed case; it can be reopened."
        ),
        submit=_("Close case"),
    )


@login_required
def reopen(request, case_id):
    case = owner_case(request.user, case_id, permission=Perm.CASE_UPDATE)
    return case_form(
        request,
        case,
        ReopenForm(request.POST or None),
        lifecycle.case_reopen,
        done=_("Case reopened."),
        success=redirect("cases:detail", case_id=case.pk),
        title=_("Reopen the case"),
        submit=_("Reopen case"),
    )


def _transfer(*, user, case_id, to_organisation, to_case_worker, note) -> None:
    """The transfer form names the receiving case worker by username; the service takes an id."""
    worker_id = None
    username = (to_case_worker or "").strip()
    if username:
        worker_id = selectors.user_id_by_username(username)
        if worker_id is None:
            raise ValidationError(_("Unknown case worker."), field="to_case_worker")
    lifecycle.case_transfer(
        user=user,
        case_id=case_id,
        to_organisation_id=to_organisation,
        to_case_worker_id=worker_id,
        note=note,
    )


@login_required
def transfer(request, case_id):
    case = owner_case(request.user, case_id, permission=Perm.CASE_UPDATE)
    organisations = selectors.active_organisations(excluding=request.user.organisation_id)
    return case_form(
        request,
        case,
        TransferForm(request.POST or None, organisations=organisations),
        _transfer,
        done=_("Case transferred."),
        success=redirect("cases:dashboard"),
        title=_("Transfer the case"),
        intro=_(
            "The receiving organisation becomes the case holder and your organisation no "
            "longer sees the case. The person must have consented to a referral to it."
        ),
        submit=_("Transfer case"),
    )
